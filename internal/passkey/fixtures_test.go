package passkey_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
)

// opts is the relying party of most tests: example.com, signed in to from
// its apex and from an app on a subdomain.
var opts = passkey.Options{RPID: "example.com", Origins: []string{"https://example.com", "https://app.example.com"}}

// with returns opts changed by edit, leaving opts as it is.
func with(edit func(*passkey.Options)) passkey.Options {
	o := opts
	edit(&o)
	return o
}

// start is when each test's ceremony begins.
var start = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

// alice is the account the passkeys of the tests belong to.
var alice = passkey.User{Handle: []byte("4f1c2b9e-7d3a-4c55-9a0e-1b2c3d4e5f60"), Name: "+15555550123"}

// enrol registers a to alice under o, as the registration API will, and
// returns the credential to store.
func enrol(t testing.TB, o passkey.Options, a *passkeytest.Authenticator) passkey.Credential {
	t.Helper()
	challenge, options, err := passkey.NewRegistration(o, alice, nil, nil, start)
	if err != nil {
		t.Fatal(err)
	}
	credential, err := passkey.VerifyRegistration(o, challenge, alice.Handle, a.Register(options), start)
	if err != nil {
		t.Fatalf("VerifyRegistration: %v", err)
	}
	return credential
}

// signIn starts a sign-in with credentials under o, and returns its
// challenge and a's answer.
func signIn(t testing.TB, o passkey.Options, credentials []passkey.Credential, a *passkeytest.Authenticator, changes ...passkeytest.Change) (passkey.Challenge, []byte) {
	t.Helper()
	challenge, options, err := passkey.NewAssertion(o, credentials, nil, start)
	if err != nil {
		t.Fatal(err)
	}
	return challenge, a.Sign(options, changes...)
}

// decode reads options the package made, which are valid JSON.
func decode[T any](data []byte) T {
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		panic(err)
	}
	return v
}
