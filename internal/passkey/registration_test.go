package passkey_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/protocol/webauthncose"
	"github.com/google/uuid"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
)

func TestRegistrationOptions(t *testing.T) {
	existing := []passkey.Credential{{ID: []byte{1, 2, 3, 4}, Transports: []string{"nfc", "usb"}}}
	required := with(func(o *passkey.Options) { o.UserVerification = "required"; o.RPName = "Example" })
	challenge, options, err := passkey.NewRegistration(required, alice, existing, sevens(), start)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"rp":{"name":"Example","id":"example.com"},` +
		`"user":{"name":"+15555550123","displayName":"+15555550123","id":"NGYxYzJiOWUtN2QzYS00YzU1LTlhMGUtMWIyYzNkNGU1ZjYw"},` +
		`"challenge":"BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc",` +
		`"pubKeyCredParams":[{"type":"public-key","alg":-7},{"type":"public-key","alg":-257}],"timeout":120000,` +
		`"excludeCredentials":[{"type":"public-key","id":"AQIDBA","transports":["nfc","usb"]}],` +
		`"authenticatorSelection":{"residentKey":"preferred","userVerification":"required"},"attestation":"none"}`
	if string(options) != want {
		t.Errorf("options:\n got %s\nwant %s", options, want)
	}
	if !bytes.Equal(challenge.Value, bytes.Repeat([]byte{7}, 32)) {
		t.Errorf("challenge = %x, want sevens", challenge.Value)
	}
}

func TestNewRegistrationRefuses(t *testing.T) {
	tests := []struct {
		name string
		user passkey.User
	}{
		{"no handle", passkey.User{Name: "x"}},
		{"handle over 64 bytes", passkey.User{Handle: bytes.Repeat([]byte{1}, 65), Name: "x"}},
		{"no name", passkey.User{Handle: []byte{1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, options, err := passkey.NewRegistration(opts, tt.user, nil, nil, start); err == nil {
				t.Errorf("got %s, want an error", options)
			}
		})
	}
}

// TestRegisterThenSignIn registers a passkey, checks what is stored, and
// signs in with it twice.
func TestRegisterThenSignIn(t *testing.T) {
	a := passkeytest.New(20)
	a.Flags |= protocol.FlagBackupEligible | protocol.FlagBackupState
	a.Transports = []string{"internal", "cable", "hybrid", "telepathy", "internal"}
	stored := enrol(t, opts, a)
	if !bytes.Equal(stored.ID, a.ID) || len(stored.PublicKey) == 0 || stored.SignCount != 0 || stored.AAGUID != a.AAGUID ||
		!stored.BackupEligible || !stored.BackupState || stored.Name != "" || !stored.CreatedAt.Equal(start) || !stored.LastUsedAt.IsZero() {
		t.Errorf("stored %+v", stored)
	}
	// "cable" is the old name of hybrid, which go-webauthn renames; unknown transports go.
	if want := []string{"hybrid", "internal"}; !slices.Equal(stored.Transports, want) {
		t.Errorf("transports %q, want %q", stored.Transports, want)
	}
	for n := uint32(1); n <= 2; n++ {
		challenge, assertion := signIn(t, opts, []passkey.Credential{stored}, a)
		updated, err := passkey.VerifyAssertion(opts, challenge, []passkey.Credential{stored}, assertion, start.Add(time.Duration(n)*time.Second))
		if err != nil {
			t.Fatalf("sign-in %d: %v", n, err)
		}
		if updated.SignCount != n || !updated.LastUsedAt.Equal(start.Add(time.Duration(n)*time.Second)) {
			t.Errorf("sign-in %d: counter %d, last used %v", n, updated.SignCount, updated.LastUsedAt)
		}
		stored = updated
	}
}

// TestVerifyRegistrationRefusesAttacks answers a registration as an
// attacker (or a broken client) would, one way each.
func TestVerifyRegistrationRefusesAttacks(t *testing.T) {
	another, _, err := passkey.NewRegistration(opts, alice, nil, nil, start)
	if err != nil {
		t.Fatal(err)
	}
	required := with(func(o *passkey.Options) { o.UserVerification = "required" })
	yubiKey := uuid.MustParse("cb69481e-8ff7-4039-93ec-0a2729a154a8")
	onlyYubiKeys := with(func(o *passkey.Options) { o.AllowedAAGUIDs = []uuid.UUID{yubiKey} })

	tests := []struct {
		name    string
		opts    passkey.Options
		changes []passkeytest.Change
		after   time.Duration
		want    error
	}{
		{"phishing page registers its own passkey", opts, []passkeytest.Change{passkeytest.FromOrigin("https://examp1e.com")}, 0, passkey.ErrOrigin},
		{"allowed origin in upper case", opts, []passkeytest.Change{passkeytest.FromOrigin("https://Example.com")}, 0, passkey.ErrOrigin},
		{"passkey of another relying party", opts, []passkeytest.Change{passkeytest.ForRPID("evil.example")}, 0, passkey.ErrRelyingParty},
		{"answer to another registration's challenge", opts, []passkeytest.Change{passkeytest.WithChallenge(another.Value)}, 0, passkey.ErrChallenge},
		{"answer after the challenge expired", opts, nil, 3 * time.Minute, passkey.ErrExpired},
		{"sign-in client data answering a registration", opts, []passkeytest.Change{passkeytest.OfType(protocol.AssertCeremony)}, 0, passkey.ErrVerification},
		{"no user presence", opts, []passkeytest.Change{passkeytest.WithFlags(0, protocol.FlagUserPresent)}, 0, passkey.ErrVerification},
		{"no user verification where required", required, []passkeytest.Change{passkeytest.WithFlags(0, protocol.FlagUserVerified)}, 0, passkey.ErrUserVerification},
		{"user verified flag set after the fact: nothing signs it", required, []passkeytest.Change{passkeytest.WithFlags(0, protocol.FlagUserVerified),
			passkeytest.Tampered(func(authData, _, _ []byte) { authData[32] |= byte(protocol.FlagUserVerified) })}, 0, nil},
		{"backed up without backup eligibility", opts, []passkeytest.Change{passkeytest.WithFlags(protocol.FlagBackupState, 0)}, 0, passkey.ErrVerification},
		{"rawId other than the attested credential id", opts, []passkeytest.Change{passkeytest.AsCredential([]byte("some other id"))}, 0, passkey.ErrVerification},
		{"in a frame of another site", opts, []passkeytest.Change{passkeytest.InCrossOriginFrame("https://evil.example")}, 0, passkey.ErrVerification},
		{"key of an algorithm not offered", opts, []passkeytest.Change{passkeytest.LabelledAs(webauthncose.AlgES384)}, 0, passkey.ErrVerification},
		{"model not allowed", onlyYubiKeys, nil, 0, passkey.ErrAAGUIDNotAllowed},
		{"model not named where a list applies", onlyYubiKeys, []passkeytest.Change{passkeytest.WithAAGUID(uuid.Nil)}, 0, passkey.ErrAAGUIDNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			challenge, options, err := passkey.NewRegistration(tt.opts, alice, nil, nil, start)
			if err != nil {
				t.Fatal(err)
			}
			got, err := passkey.VerifyRegistration(tt.opts, challenge, alice.Handle, passkeytest.New(20).Register(options, tt.changes...), start.Add(tt.after))
			t.Log(err)
			// With attestation "none" nothing signs the authenticator data
			// of a registration: a client may claim what it wants, and
			// user verification there is as good as the client.
			if tt.want == nil {
				if err != nil {
					t.Fatalf("got %v, want it accepted (attestation none signs nothing)", err)
				}
				return
			}
			if !errors.Is(err, tt.want) || got.ID != nil {
				t.Errorf("got %+v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestAllowedAAGUIDs(t *testing.T) {
	a := passkeytest.New(20)
	allowed := with(func(o *passkey.Options) { o.AllowedAAGUIDs = []uuid.UUID{uuid.New(), a.AAGUID} })
	if got := enrol(t, allowed, a); got.AAGUID != a.AAGUID {
		t.Errorf("AAGUID %v, want %v", got.AAGUID, a.AAGUID)
	}
}

func TestVerifyRegistrationRefusesBadInput(t *testing.T) {
	challenge, options, err := passkey.NewRegistration(opts, alice, nil, nil, start)
	if err != nil {
		t.Fatal(err)
	}
	response := passkeytest.New(20).Register(options)
	_, requestOptions, err := passkey.NewAssertion(opts, []passkey.Credential{{ID: []byte{1}}}, nil, start)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		handle   []byte
		response []byte
		want     error
	}{
		{"no user handle", nil, response, nil},
		{"oversized", alice.Handle, append(append([]byte{}, response...), bytes.Repeat([]byte(" "), passkey.MaxResponseSize)...), passkey.ErrMalformed},
		{"not JSON", alice.Handle, []byte("}{"), passkey.ErrMalformed},
		{"a sign-in answer", alice.Handle, passkeytest.New(20).Sign(requestOptions), passkey.ErrMalformed},
		{"attestation object cut", alice.Handle, []byte(strings.Replace(string(response), `"attestationObject":"`, `"attestationObject":"o2Nm","x":"`, 1)), passkey.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := passkey.VerifyRegistration(opts, challenge, tt.handle, tt.response, start)
			if err == nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("got %+v, %v; want an error (%v)", got, err, tt.want)
			}
		})
	}
}
