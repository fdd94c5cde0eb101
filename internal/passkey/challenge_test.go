package passkey_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
)

func TestChallengeRoundTrip(t *testing.T) {
	challenge, _, err := passkey.NewAssertion(opts, []passkey.Credential{{ID: []byte{1}}}, nil, start.Add(500*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := passkey.ParseChallenge(challenge.String())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(parsed.Value, challenge.Value) || !parsed.ExpiresAt.Equal(challenge.ExpiresAt) {
		t.Errorf("ParseChallenge(%q) = %+v, want %+v", challenge, parsed, challenge)
	}
}

// TestParseChallengeRefusesOtherSpellings gives every challenge one
// spelling, as otp.ParseSeal does for seals.
func TestParseChallengeRefusesOtherSpellings(t *testing.T) {
	const value = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc"
	if _, err := passkey.ParseChallenge("v1.1777636950." + value); err != nil {
		t.Fatalf("the canonical spelling: %v", err)
	}
	for _, encoded := range []string{
		"",
		"v1",
		"v2.1777636950." + value,
		"v1.01777636950." + value,
		"v1.+1777636950." + value,
		"v1.x." + value,
		"v1.1777636950." + value + "=",
		"v1.1777636950." + value[:len(value)-1] + "d", // loose bits in the last character
		"v1.1777636950." + value[:40],
		"v1.1777636950." + value + "Bw",
		"v1.1777636950." + value + ".x",
		"v1.1777636950.BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBw+",
	} {
		if c, err := passkey.ParseChallenge(encoded); !errors.Is(err, passkey.ErrMalformedChallenge) {
			t.Errorf("ParseChallenge(%q) = %+v, %v; want %v", encoded, c, err, passkey.ErrMalformedChallenge)
		}
	}
}
