package passkey_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-webauthn/webauthn/protocol"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
)

// sevens is a randomness source that gives a known challenge.
func sevens() *bytes.Reader { return bytes.NewReader(bytes.Repeat([]byte{7}, passkey.ChallengeLength)) }

func TestAssertionOptions(t *testing.T) {
	credentials := []passkey.Credential{
		{ID: []byte{1, 2, 3, 4}, Transports: []string{"hybrid", "internal"}},
		{ID: []byte{5, 6}},
	}
	challenge, options, err := passkey.NewAssertion(opts, credentials, sevens(), start)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"challenge":"BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc","timeout":120000,"rpId":"example.com",` +
		`"allowCredentials":[{"type":"public-key","id":"AQIDBA","transports":["hybrid","internal"]},{"type":"public-key","id":"BQY"}],` +
		`"userVerification":"preferred"}`
	if string(options) != want {
		t.Errorf("options:\n got %s\nwant %s", options, want)
	}
	if !bytes.Equal(challenge.Value, bytes.Repeat([]byte{7}, 32)) || !challenge.ExpiresAt.Equal(start.Add(150*time.Second)) {
		t.Errorf("challenge = %x until %v, want sevens until the timeout and 30s of grace", challenge.Value, challenge.ExpiresAt)
	}
}

func TestNewAssertionRefuses(t *testing.T) {
	credential := []passkey.Credential{{ID: []byte{1}}}
	tests := []struct {
		name        string
		opts        passkey.Options
		credentials []passkey.Credential
		random      *bytes.Reader
		want        error
	}{
		// Options without allowCredentials would let any passkey of the RP answer.
		{"a user without passkeys", opts, nil, nil, passkey.ErrNoCredentials},
		{"no randomness", opts, credential, bytes.NewReader(nil), nil},
		{"bad options", passkey.Options{RPID: "example.com"}, credential, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			random := tt.random
			if random == nil {
				random = sevens()
			}
			_, options, err := passkey.NewAssertion(tt.opts, tt.credentials, random, start)
			if err == nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("got %s, %v; want an error (%v)", options, err, tt.want)
			}
		})
	}
}

func TestVerifyAssertionAccepts(t *testing.T) {
	tests := []struct {
		name    string
		opts    passkey.Options
		changes []passkeytest.Change
		after   time.Duration
	}{
		{"from the apex", opts, nil, 0},
		{"from an app on a subdomain", opts, []passkeytest.Change{passkeytest.FromOrigin("https://app.example.com")}, 0},
		{"user verified where required", with(func(o *passkey.Options) { o.UserVerification = "required" }), nil, 0},
		{"user not verified where preferred", opts, []passkeytest.Change{passkeytest.WithFlags(0, protocol.FlagUserVerified)}, 0},
		{"user not verified where discouraged", with(func(o *passkey.Options) { o.UserVerification = "discouraged" }),
			[]passkeytest.Change{passkeytest.WithFlags(0, protocol.FlagUserVerified)}, 0},
		{"in the last second", opts, nil, 2*time.Minute + 29*time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := passkeytest.New(20)
			stored := enrol(t, tt.opts, a)
			challenge, assertion := signIn(t, tt.opts, []passkey.Credential{{ID: []byte("another passkey")}, stored}, a, tt.changes...)
			at := start.Add(tt.after)
			got, err := passkey.VerifyAssertion(tt.opts, challenge, []passkey.Credential{{ID: []byte("another passkey")}, stored}, assertion, at)
			if err != nil {
				t.Fatalf("VerifyAssertion: %v", err)
			}
			want := stored
			want.SignCount, want.LastUsedAt = 1, at
			if !equalCredentials(got, want) {
				t.Errorf("updated credential:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

// equalCredentials compares every field of two credentials.
func equalCredentials(a, b passkey.Credential) bool {
	return bytes.Equal(a.ID, b.ID) && bytes.Equal(a.PublicKey, b.PublicKey) && a.SignCount == b.SignCount &&
		strings.Join(a.Transports, ",") == strings.Join(b.Transports, ",") && a.AAGUID == b.AAGUID &&
		a.BackupEligible == b.BackupEligible && a.BackupState == b.BackupState && a.Name == b.Name &&
		a.CreatedAt.Equal(b.CreatedAt) && a.LastUsedAt.Equal(b.LastUsedAt)
}

// TestVerifyAssertionRefusesAttacks answers a sign-in of the victim's
// passkey as an attacker would, one way each.
func TestVerifyAssertionRefusesAttacks(t *testing.T) {
	victim := passkeytest.New(20)
	stored := enrol(t, opts, victim)
	// The attacker's passkey is a real one, registered to the attacker's own account.
	attacker := passkeytest.New(20)
	enrol(t, opts, attacker)
	another, _, err := passkey.NewAssertion(opts, []passkey.Credential{stored}, nil, start)
	if err != nil {
		t.Fatal(err)
	}
	required := with(func(o *passkey.Options) { o.UserVerification = "required" })
	flip := func(i int) func([]byte) {
		return func(b []byte) { b[i%len(b)] ^= 1 }
	}

	tests := []struct {
		name    string
		opts    passkey.Options
		by      *passkeytest.Authenticator
		changes []passkeytest.Change
		after   time.Duration
		want    error
	}{
		{"phishing page on a look-alike domain", opts, victim, []passkeytest.Change{passkeytest.FromOrigin("https://examp1e.com")}, 0, passkey.ErrOrigin},
		{"page on a subdomain that is not an allowed origin", opts, victim, []passkeytest.Change{passkeytest.FromOrigin("https://evil.example.com")}, 0, passkey.ErrOrigin},
		{"allowed origin over http", opts, victim, []passkeytest.Change{passkeytest.FromOrigin("http://example.com")}, 0, passkey.ErrOrigin},
		{"allowed origin in upper case", opts, victim, []passkeytest.Change{passkeytest.FromOrigin("https://EXAMPLE.COM")}, 0, passkey.ErrOrigin},
		{"allowed origin with its default port", opts, victim, []passkeytest.Change{passkeytest.FromOrigin("https://example.com:443")}, 0, passkey.ErrOrigin},
		{"allowed origin with a path", opts, victim, []passkeytest.Change{passkeytest.FromOrigin("https://example.com/login")}, 0, passkey.ErrOrigin},
		{"allowed origin in a frame of another site", opts, victim, []passkeytest.Change{passkeytest.InCrossOriginFrame("https://evil.example")}, 0, passkey.ErrVerification},
		{"passkey of another relying party", opts, victim, []passkeytest.Change{passkeytest.ForRPID("evil.example")}, 0, passkey.ErrRelyingParty},
		{"passkey of a parent domain", opts, victim, []passkeytest.Change{passkeytest.ForRPID("com")}, 0, passkey.ErrRelyingParty},
		{"answer to another sign-in's challenge", opts, victim, []passkeytest.Change{passkeytest.WithChallenge(another.Value)}, 0, passkey.ErrChallenge},
		{"answer after the challenge expired", opts, victim, nil, 2*time.Minute + 30*time.Second, passkey.ErrExpired},
		{"attacker's own passkey", opts, attacker, nil, 0, passkey.ErrUnknownCredential},
		{"attacker's key under the victim's credential id", opts, attacker, []passkeytest.Change{passkeytest.AsCredential(stored.ID)}, 0, passkey.ErrVerification},
		{"signature tampered with", opts, victim, []passkeytest.Change{passkeytest.Tampered(func(_, _, sig []byte) { flip(len(sig) - 1)(sig) })}, 0, passkey.ErrVerification},
		{"counter raised after signing", opts, victim, []passkeytest.Change{passkeytest.Tampered(func(authData, _, _ []byte) { authData[36] += 5 })}, 0, passkey.ErrVerification},
		{"user verified flag set after signing", required, victim, []passkeytest.Change{passkeytest.WithFlags(0, protocol.FlagUserVerified),
			passkeytest.Tampered(func(authData, _, _ []byte) { authData[32] |= byte(protocol.FlagUserVerified) })}, 0, passkey.ErrVerification},
		{"registration client data answering a sign-in", opts, victim, []passkeytest.Change{passkeytest.OfType(protocol.CreateCeremony)}, 0, passkey.ErrVerification},
		{"no user presence", opts, victim, []passkeytest.Change{passkeytest.WithFlags(0, protocol.FlagUserPresent)}, 0, passkey.ErrVerification},
		{"no user verification where required", required, victim, []passkeytest.Change{passkeytest.WithFlags(0, protocol.FlagUserVerified)}, 0, passkey.ErrUserVerification},
		{"synced answer for a device-bound passkey", opts, victim, []passkeytest.Change{passkeytest.WithFlags(protocol.FlagBackupEligible, 0)}, 0, passkey.ErrVerification},
		{"backed up without backup eligibility", opts, victim, []passkeytest.Change{passkeytest.WithFlags(protocol.FlagBackupState, 0)}, 0, passkey.ErrVerification},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			challenge, assertion := signIn(t, tt.opts, []passkey.Credential{stored}, tt.by, tt.changes...)
			got, err := passkey.VerifyAssertion(tt.opts, challenge, []passkey.Credential{stored}, assertion, start.Add(tt.after))
			t.Log(err)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %+v, %v; want %v", got, err, tt.want)
			}
			if got.ID != nil {
				t.Errorf("refused, but returned a credential: %+v", got)
			}
		})
	}
}

// TestEmptyChallengeNeverMatches passes the zero Challenge, as a caller
// that lost it would, with an answer that signs an empty challenge.
func TestEmptyChallengeNeverMatches(t *testing.T) {
	a := passkeytest.New(20)
	stored := enrol(t, opts, a)
	_, assertion := signIn(t, opts, []passkey.Credential{stored}, a, passkeytest.WithChallenge(nil))
	empty := passkey.Challenge{ExpiresAt: start.Add(time.Hour)}
	if _, err := passkey.VerifyAssertion(opts, empty, []passkey.Credential{stored}, assertion, start); !errors.Is(err, passkey.ErrChallenge) {
		t.Errorf("got %v, want %v", err, passkey.ErrChallenge)
	}
}

func TestSignatureCounter(t *testing.T) {
	tests := []struct {
		name             string
		stored, answered uint32
		want             error
	}{
		{"advances", 5, 6, nil},
		{"jumps ahead", 5, 1000, nil},
		{"first use", 0, 1, nil},
		{"kept by neither (synced passkey)", 0, 0, nil},
		{"stays: a clone or a replay", 5, 5, passkey.ErrPossibleClone},
		{"goes back: a clone", 5, 4, passkey.ErrPossibleClone},
		{"drops to zero", 5, 0, passkey.ErrPossibleClone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := passkeytest.New(32)
			stored := enrol(t, opts, a)
			stored.SignCount = tt.stored
			challenge, assertion := signIn(t, opts, []passkey.Credential{stored}, a, passkeytest.WithCounter(tt.answered))
			got, err := passkey.VerifyAssertion(opts, challenge, []passkey.Credential{stored}, assertion, start)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if tt.want == nil && got.SignCount != tt.answered {
				t.Errorf("stored counter becomes %d, want %d", got.SignCount, tt.answered)
			}
		})
	}
}

// TestClonedAuthenticatorIsCaught copies a security key's key and counter
// after one sign-in. The first of the two to sign in next gets in: nothing
// tells it from the original. The other one is then caught.
func TestClonedAuthenticatorIsCaught(t *testing.T) {
	original := passkeytest.New(64)
	stored := enrol(t, opts, original)
	signInWith := func(a *passkeytest.Authenticator) error {
		challenge, assertion := signIn(t, opts, []passkey.Credential{stored}, a)
		updated, err := passkey.VerifyAssertion(opts, challenge, []passkey.Credential{stored}, assertion, start)
		if err == nil {
			stored = updated
		}
		return err
	}
	if err := signInWith(original); err != nil {
		t.Fatal(err)
	}
	clone := *original
	if err := signInWith(&clone); err != nil {
		t.Fatalf("clone's first sign-in: %v", err)
	}
	if err := signInWith(original); !errors.Is(err, passkey.ErrPossibleClone) {
		t.Errorf("original after the clone: got %v, want %v", err, passkey.ErrPossibleClone)
	}
}

// TestReplayedAssertion answers one challenge twice with the same answer.
// Keeping a challenge for one answer is the caller's job: the counter
// catches the replay only for passkeys that keep one.
func TestReplayedAssertion(t *testing.T) {
	tests := []struct {
		name   string
		counts bool
		want   error
	}{
		{"counting passkey", true, passkey.ErrPossibleClone},
		{"counter-less passkey: only single use stops it", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := passkeytest.New(16)
			a.Counts = tt.counts
			stored := enrol(t, opts, a)
			challenge, assertion := signIn(t, opts, []passkey.Credential{stored}, a)
			updated, err := passkey.VerifyAssertion(opts, challenge, []passkey.Credential{stored}, assertion, start)
			if err != nil {
				t.Fatal(err)
			}
			_, err = passkey.VerifyAssertion(opts, challenge, []passkey.Credential{updated}, assertion, start.Add(time.Second))
			if !errors.Is(err, tt.want) {
				t.Errorf("replay: got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestMalformedAnswers(t *testing.T) {
	a := passkeytest.New(20)
	stored := enrol(t, opts, a)
	challenge, assertion := signIn(t, opts, []passkey.Credential{stored}, a)
	edit := func(old, new string) []byte {
		return []byte(strings.Replace(string(assertion), old, new, 1))
	}
	tests := []struct {
		name   string
		answer []byte
	}{
		{"empty", nil},
		{"null", []byte("null")},
		{"empty object", []byte("{}")},
		{"not JSON", []byte("\x00\xff passkey")},
		{"cut short", assertion[:len(assertion)/2]},
		{"trailing data", append(append([]byte{}, assertion...), "{}"...)},
		{"oversized", append(append([]byte{}, assertion...), bytes.Repeat([]byte(" "), passkey.MaxResponseSize)...)},
		{"nested arrays", []byte(strings.Repeat("[", passkey.MaxResponseSize/2) + strings.Repeat("]", passkey.MaxResponseSize/2))},
		{"id and rawId differ", edit(`"rawId":"`, `"rawId":"AAAA`)},
		{"not a public key credential", edit(`"public-key"`, `"password"`)},
		{"authenticator data cut", edit(`"authenticatorData":"`, `"authenticatorData":"AAAA","x":"`)},
		{"client data not JSON", edit(`"clientDataJSON":"`, `"clientDataJSON":"AAAA","x":"`)},
		{"base64 with padding", edit(`"signature":"`, `"signature":"==`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := passkey.VerifyAssertion(opts, challenge, []passkey.Credential{stored}, tt.answer, start)
			t.Log(err)
			if !errors.Is(err, passkey.ErrMalformed) {
				t.Errorf("got %+v, %v; want %v", got, err, passkey.ErrMalformed)
			}
		})
	}
}
