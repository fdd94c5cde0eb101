// Package passkeyround makes and checks the passkey rounds of the custom
// authentication flow for the create and verify triggers, over package
// passkey (WebAuthn) and a store of the users' passkeys (package
// passkeydb): create starts a round with Start, verify checks its answer
// with Check.
//
// It is apart from package trigger so that only the create and verify
// binaries link the WebAuthn libraries: package trigger declares the two
// methods it calls, in plain types, and pre sign-up and define, which
// share package trigger, never reach this one.
package passkeyround
