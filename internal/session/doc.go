// Package session decides the next step of a sign-in from the session
// history that Cognito hands to the define auth challenge trigger:
// challenge rounds only (FlowCode), or the password by SRP first and then
// the challenge rounds or a native MFA answer (FlowPasswordAndCode).
//
// A challenge round asks for a code sent by SMS or email, or for a
// passkey's signature (ChannelPasskey). Cognito gives define no memory but
// that history, so the create trigger records in each round's challenge
// metadata (Metadata) why it made the round and by which channel: the
// first round, the same code (or a new passkey challenge) after a wrong
// answer, or a new code or passkey challenge after the client asked for
// one (Resend, read from ClientMetadata). Decide and Count read the causes
// back to count wrong answers and resends apart; the first code of a
// sign-in costs no resend, so that a user can always fall back from a
// passkey to a code.
//
// It is pure: no AWS SDK, no clock, no I/O. The define trigger turns its
// event into a Request and the Decision back into its response; the create
// trigger counts rounds with Split and Count.
package session
