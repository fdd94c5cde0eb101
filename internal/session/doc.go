// Package session decides the next step of a sign-in from the session
// history that Cognito hands to the define auth challenge trigger: SMS code
// rounds only (FlowCode), or the password by SRP first and then the code
// or a native MFA answer (FlowPasswordAndCode).
//
// It is pure: no AWS SDK, no clock, no I/O. The define trigger turns its
// event into []Round and the Decision back into its response; the create
// trigger counts code rounds with Split.
package session
