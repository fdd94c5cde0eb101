package passkey_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/go-webauthn/webauthn/protocol"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
)

// verificationErrors are the errors VerifyAssertion refuses an answer
// with, for valid Options and a valid challenge.
var verificationErrors = []error{
	passkey.ErrMalformed, passkey.ErrExpired, passkey.ErrChallenge, passkey.ErrOrigin, passkey.ErrRelyingParty,
	passkey.ErrUserVerification, passkey.ErrUnknownCredential, passkey.ErrVerification, passkey.ErrPossibleClone,
}

// FuzzVerifyAssertion feeds VerifyAssertion arbitrary answers, starting
// from a genuine one and answers refused for each reason. None may panic,
// none may be accepted, and every refusal is one of the package's errors,
// whose text never quotes the stored public key. Even the genuine answer
// is refused, as a replay: its counter is already stored, so only a forged
// signature could get through.
func FuzzVerifyAssertion(f *testing.F) {
	// A fixed key and challenge, so that a failing input reproduces.
	a := passkeytest.New(20)
	a.Key, _ = ecdsa.ParseRawPrivateKey(elliptic.P256(), []byte("a fixed P-256 key for the fuzzer"))
	a.ID = []byte("a fixed credential id")
	stored := enrol(f, opts, a)
	challenge, options, err := passkey.NewAssertion(opts, []passkey.Credential{stored}, sevens(), start)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(a.Sign(options))
	// Every signature the fuzzer can reuse carries the stored counter.
	stored.SignCount, a.Counts = a.Counter, false
	for _, c := range []passkeytest.Change{
		passkeytest.FromOrigin("https://evil.example"), passkeytest.ForRPID("evil.example"), passkeytest.WithChallenge([]byte("another challenge")),
		passkeytest.WithFlags(0, protocol.FlagUserPresent), passkeytest.WithFlags(protocol.FlagBackupEligible|protocol.FlagBackupState, 0),
		passkeytest.Tampered(func(authData, _, _ []byte) { authData[36]++ }), passkeytest.AsCredential([]byte("another credential")),
		passkeytest.OfType(protocol.CreateCeremony), passkeytest.InCrossOriginFrame("https://evil.example"),
	} {
		f.Add(a.Sign(options, c))
	}
	for _, s := range []string{"", "{}", "null", `{"id":"AA","rawId":"AA","type":"public-key","response":{}}`} {
		f.Add([]byte(s))
	}
	keyTexts := []string{
		base64.RawURLEncoding.EncodeToString(stored.PublicKey), base64.StdEncoding.EncodeToString(stored.PublicKey),
		hex.EncodeToString(stored.PublicKey), string(stored.PublicKey),
	}

	f.Fuzz(func(t *testing.T, answer []byte) {
		got, err := passkey.VerifyAssertion(opts, challenge, []passkey.Credential{stored}, answer, start)
		if err == nil {
			t.Fatalf("accepted %q: %+v", answer, got)
		}
		if !slices.ContainsFunc(verificationErrors, func(e error) bool { return errors.Is(err, e) }) {
			t.Fatalf("refused with %v, none of the package's errors", err)
		}
		for _, key := range keyTexts {
			if strings.Contains(err.Error(), key) {
				t.Fatalf("error quotes the public key: %v", err)
			}
		}
	})
}
