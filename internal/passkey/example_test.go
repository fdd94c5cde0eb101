package passkey_test

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
)

func Example() {
	opts := passkey.Options{RPID: "example.com", Origins: []string{"https://example.com"}}
	user := passkey.User{Handle: []byte("the user's Cognito sub"), Name: "+15555550123"}
	now := time.Now()
	// The browser's part is played by the tests' software authenticator.
	browser := passkeytest.New(20)

	// Registration, for a signed-in user: the options go to
	// navigator.credentials.create, the challenge stays on the server.
	challenge, creationOptions, err := passkey.NewRegistration(opts, user, nil, nil, now)
	if err != nil {
		panic(err)
	}
	credential, err := passkey.VerifyRegistration(opts, challenge, user.Handle, browser.Register(creationOptions), now)
	fmt.Println("registered:", err)

	// Sign-in: the options go to navigator.credentials.get.
	challenge, requestOptions, err := passkey.NewAssertion(opts, []passkey.Credential{credential}, nil, now)
	if err != nil {
		panic(err)
	}
	assertion := browser.Sign(requestOptions)
	updated, err := passkey.VerifyAssertion(opts, challenge, []passkey.Credential{credential}, assertion, now)
	fmt.Println("signed in:", err, "counter", updated.SignCount)

	// The caller stores updated; the same answer again is a replay.
	_, err = passkey.VerifyAssertion(opts, challenge, []passkey.Credential{updated}, assertion, now)
	fmt.Println("replayed:", errors.Is(err, passkey.ErrPossibleClone))
	// Output:
	// registered: <nil>
	// signed in: <nil> counter 1
	// replayed: true
}

func ExampleNewAssertion() {
	opts := passkey.Options{RPID: "example.com", Origins: []string{"https://example.com"}}
	credentials := []passkey.Credential{{ID: []byte("credential id"), Transports: []string{"hybrid", "internal"}}}
	random := bytes.NewReader(make([]byte, passkey.ChallengeLength)) // crypto/rand.Reader (nil) in real use
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

	challenge, options, err := passkey.NewAssertion(opts, credentials, random, now)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(options))
	fmt.Println(challenge) // for Cognito's private challenge parameters
	// Output:
	// {"challenge":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","timeout":120000,"rpId":"example.com","allowCredentials":[{"type":"public-key","id":"Y3JlZGVudGlhbCBpZA","transports":["hybrid","internal"]}],"userVerification":"preferred"}
	// v1.1777636950.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
}
