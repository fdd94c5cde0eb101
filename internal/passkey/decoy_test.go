package passkey_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
)

// kind is a kind of passkey: its credential id length and the transports
// its browser reports.
type kind struct {
	idLength   int
	transports []string
}

// realKinds are the kinds of passkeys real users register with common
// authenticators.
var realKinds = []kind{
	{20, []string{"hybrid", "internal"}}, // iCloud Keychain
	{16, []string{"hybrid", "internal"}}, // Google Password Manager
	{32, []string{"internal"}},           // Windows Hello
	{32, []string{"hybrid", "internal"}}, // password managers
	{64, []string{"nfc", "usb"}},         // security keys
	{16, []string{"internal"}},           // platform authenticators without hybrid
	{48, []string{"nfc", "usb"}},         // other security keys
	{48, []string{"usb"}},
	{64, []string{"usb"}},
}

// seedOf is what the create trigger will pass for an unknown name: a
// keyed hash of it.
func seedOf(name string) []byte {
	sum := sha256.Sum256([]byte("key only the triggers hold|" + name))
	return sum[:]
}

// decoy returns NewDecoyAssertion's options for name.
func decoy(t *testing.T, name string) []byte {
	t.Helper()
	_, options, err := passkey.NewDecoyAssertion(opts, seedOf(name), nil, start)
	if err != nil {
		t.Fatal(err)
	}
	return options
}

// randomValue matches the values that differ between any two sets of
// options: the challenge and the credential ids.
var randomValue = regexp.MustCompile(`"(challenge|id)":"([A-Za-z0-9_-]*)"`)

// shape is what an observer can compare between options whose random
// values it cannot predict: everything but those values, whose lengths
// stay.
func shape(options []byte) string {
	return randomValue.ReplaceAllStringFunc(string(options), func(m string) string {
		parts := randomValue.FindStringSubmatch(m)
		value, err := base64.RawURLEncoding.DecodeString(parts[2])
		if err != nil {
			return m
		}
		return fmt.Sprintf(`"%s":"<%d bytes>"`, parts[1], len(value))
	})
}

// TestUnknownUserLooksLikeARealOne compares the options of unknown names
// with those of real users, as someone probing names would: every real
// user with one or two passkeys of a common kind has options of a shape
// that decoys have too, and every decoy lists only passkeys of such kinds.
func TestUnknownUserLooksLikeARealOne(t *testing.T) {
	decoys := map[string]bool{}
	counts := map[int]int{}
	for i := range 3000 {
		options := decoy(t, fmt.Sprint("+1555555", i))
		decoys[shape(options)] = true
		allowed := decode[struct {
			AllowCredentials []struct {
				ID         string
				Transports []string
			}
		}](options).AllowCredentials
		counts[len(allowed)]++
		for _, c := range allowed {
			id, _ := base64.RawURLEncoding.DecodeString(c.ID)
			if !slices.ContainsFunc(realKinds, func(k kind) bool {
				return k.idLength == len(id) && slices.Equal(k.transports, c.Transports)
			}) {
				t.Errorf("decoy lists a passkey of no real kind: %d bytes, %q", len(id), c.Transports)
			}
		}
	}
	if len(counts) < 8 || counts[1] < counts[2] || counts[2] < counts[3] || counts[3] < counts[4] {
		t.Errorf("decoys list passkeys %v times by count: want one to ten, fewer the more", counts)
	}
	// A user with five passkeys is no proof: decoys list five too.
	if counts[5] == 0 {
		t.Errorf("no decoy of 3000 lists five passkeys")
	}

	var users [][]passkey.Credential
	for _, k := range realKinds {
		users = append(users, []passkey.Credential{registered(t, k.idLength, k.transports)})
	}
	users = append(users, []passkey.Credential{registered(t, 20, realKinds[0].transports), registered(t, 64, realKinds[4].transports)})

	for _, credentials := range users {
		_, options, err := passkey.NewAssertion(opts, credentials, nil, start)
		if err != nil {
			t.Fatal(err)
		}
		if !decoys[shape(options)] {
			t.Errorf("a real user's options have a shape no decoy has:\n%s", shape(options))
		}
	}
}

// registered registers a passkey whose id has idLength bytes and whose
// browser reports transports.
func registered(t *testing.T, idLength int, transports []string) passkey.Credential {
	a := passkeytest.New(idLength)
	a.Transports = transports
	return enrol(t, opts, a)
}

// TestDecoyIsStablePerName asks twice for the same unknown name: a real
// user's passkeys do not passkeytest.Change between tries, so a decoy's must not
// either, while its challenge is fresh each time.
func TestDecoyIsStablePerName(t *testing.T) {
	withoutChallenge := func(options []byte) string {
		return regexp.MustCompile(`"challenge":"[^"]*"`).ReplaceAllString(string(options), "")
	}
	first, again, other := decoy(t, "+15555550100"), decoy(t, "+15555550100"), decoy(t, "+15555550101")
	if withoutChallenge(first) != withoutChallenge(again) {
		t.Errorf("the same name lists other passkeys on another try:\n%s\n%s", first, again)
	}
	if bytes.Equal(first, again) {
		t.Errorf("the same name got the same challenge twice: %s", first)
	}
	if withoutChallenge(first) == withoutChallenge(other) {
		t.Errorf("two names list the same passkeys: %s", first)
	}
}

func TestDecoyRefusesAShortSeed(t *testing.T) {
	seed := []byte(strings.Repeat("x", passkey.MinDecoySeedLength-1))
	if _, options, err := passkey.NewDecoyAssertion(opts, seed, nil, start); err == nil {
		t.Errorf("got %s, want an error", options)
	}
}

// TestDecoyNeverVerifies answers a decoy's options with a passkey whose
// id it lists: there is no key to verify with.
func TestDecoyNeverVerifies(t *testing.T) {
	challenge, options, err := passkey.NewDecoyAssertion(opts, seedOf("+15555550100"), nil, start)
	if err != nil {
		t.Fatal(err)
	}
	allowed := decode[struct{ AllowCredentials []struct{ ID string } }](options).AllowCredentials
	id, _ := base64.RawURLEncoding.DecodeString(allowed[0].ID)
	answer := passkeytest.New(len(id)).Sign(options, passkeytest.AsCredential(id))
	// The verify trigger has no credentials for an unknown name.
	if _, err := passkey.VerifyAssertion(opts, challenge, nil, answer, start); err == nil {
		t.Error("a decoy's challenge verified")
	}
}
