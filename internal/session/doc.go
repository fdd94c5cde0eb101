// Package session decides the next step of a passwordless sign-in from the
// session history that Cognito hands to the define auth challenge trigger.
//
// It is pure: no AWS SDK, no clock, no I/O. The define trigger turns its
// event into []Round and the Decision back into its response.
package session
