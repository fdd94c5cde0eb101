// Package session decides the next step of a sign-in from the session
// history that Cognito hands to the define auth challenge trigger: code
// rounds only (FlowCode), or the password by SRP first and then the code
// or a native MFA answer (FlowPasswordAndCode).
//
// Cognito gives define no memory but that history, so the create trigger
// records in each code round's challenge metadata (Metadata) why it made
// the round: the first code, the same code after a wrong answer, or a new
// code after the client asked for one (Resend, read from ClientMetadata).
// Decide and Count read the causes back to count wrong answers and
// resends apart.
//
// It is pure: no AWS SDK, no clock, no I/O. The define trigger turns its
// event into a Request and the Decision back into its response; the create
// trigger counts code rounds with Split and Count.
package session
