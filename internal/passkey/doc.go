// Package passkey signs users in with passkeys (WebAuthn, FIDO2) and
// registers new ones, with github.com/go-webauthn/webauthn doing the
// WebAuthn verification: client data, authenticator data, COSE keys,
// attestation statements and signatures.
//
// A sign-in is two calls. NewAssertion makes a fresh Challenge and the
// request options the browser passes to navigator.credentials.get; the
// client answers with the assertion, and VerifyAssertion checks it
// against the user's stored Credentials and returns the one that signed,
// updated. A registration is the same pair: NewRegistration and
// VerifyRegistration, which returns the Credential to store.
// NewDecoyAssertion gives a user who does not exist options of the same
// shape, so that the options do not tell a known name from an unknown one.
//
// The package holds no state and does no I/O; what it cannot check is the
// caller's to do:
//
//   - Use each challenge once, for the ceremony it was made for. Keep it
//     (Challenge.String) where the client cannot change it, such as
//     Cognito's private challenge parameters, bound to the sign-in of that
//     user or the signed-in user registering, and accept one answer to it.
//     VerifyAssertion cannot know whether it saw an answer before: a
//     replayed answer is caught by the signature counter only for passkeys
//     that keep one, and most synced passkeys keep none.
//   - Store the Credential VerifyAssertion returns, its counter above all,
//     before the sign-in succeeds, and conditionally on the counter it
//     replaces, so that two sign-ins racing with the same answer cannot
//     both pass. Log ErrPossibleClone apart from ordinary failures: it
//     means the passkey may have been copied.
//   - Register passkeys only for a user signed in by other means, refuse
//     a credential id the user already has, and give each user an opaque,
//     stable handle (such as the Cognito sub): authenticators keep it, and
//     it must say nothing about the person. Look credentials up by that
//     user only, never by their id alone: then an id registered under two
//     users (which only a forged registration makes) lets neither in as
//     the other. WebAuthn asks relying parties to refuse an id registered
//     to anyone; this package's callers do not, on purpose: a refusal would
//     tell whoever registers a listed id whether its name has a real
//     passkey (docs/security.md, Passkeys).
//   - For an unknown name, or a user without passkeys, use
//     NewDecoyAssertion with a keyed hash of the name, and refuse the
//     answer as for a wrong one.
//   - Tell the client only that an answer was refused; the errors are for
//     the logs. They name the failed check and quote nothing secret.
//
// What the package does not check: the trust of attestation statements
// (it asks for attestation "none", and no FIDO Metadata Service is
// consulted), so an AAGUID is the authenticator's claim; and the
// userHandle of an assertion, which nothing signs: the Credentials passed
// to VerifyAssertion already say whose passkeys may answer.
package passkey
