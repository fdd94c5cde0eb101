// Package passkeytest is a passkey in software, for tests: an ES256
// authenticator and the browser around it, which answers the creation and
// request options of package passkey as navigator.credentials does (in
// the toJSON form), and, with a Change, as an attacker would instead
// (another origin, relying party, challenge, counter or credential, edited
// bytes). A copy of an Authenticator is a clone, with the same key and
// counter.
package passkeytest
