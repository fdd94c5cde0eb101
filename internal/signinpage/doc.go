// Package signinpage is local mode's sign-in page: plain HTML, CSS and
// JavaScript modules, embedded in the binary and served without a build
// step, that call the pool's Cognito JSON 1.1 API and the passkeys API
// from the browser as a real app would.
//
// The page signs up (SignUp), signs in by a code sent by SMS or email
// (CUSTOM_AUTH, with a new code or another channel asked for through
// ClientMetadata), with a password first when the pool's flow is
// password-and-code (Cognito's SRP, computed in the page with BigInt and
// WebCrypto: static/srp.js), with an authenticator app's code when Cognito
// asks for SOFTWARE_TOKEN_MFA, and with a passkey when the challenge
// offers one; once signed in it shows the ID token's claims, registers,
// lists and deletes passkeys, and signs out (RevokeToken).
//
// With passkeys on, every sign-in in the code flow starts with a passkey
// round, for every name alike, and no code is sent until the client asks
// for one. The page offers "Use passkey" and "Send me a code instead" to
// the names it remembers (in localStorage) as having signed in with or
// added a passkey in this browser, and after a password (when only users
// with passkeys get the round); for any other name it asks for the code at
// once and offers "Use a passkey instead" next to it (static/memory.js).
//
// Handler serves the page at /, its assets under AssetPrefix and its
// Config as JSON at ConfigPath, with a Content-Security-Policy that allows
// no inline script or style and no other origin than the Cognito endpoint
// and the passkeys API the Config names.
package signinpage
