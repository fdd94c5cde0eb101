package passkey

import (
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand/v2"
	"time"
)

// MinDecoySeedLength is the shortest seed NewDecoyAssertion accepts: a
// seed is a keyed hash, never the name itself.
const MinDecoySeedLength = 16

// choice is a value and how often it is drawn, in proportion to weight.
type choice[T any] struct {
	weight int
	value  T
}

// decoyProfile is one kind of passkey: the credential id length and the
// transports that authenticators of that kind report.
type decoyProfile struct {
	idLength   int
	transports []string
}

// decoyProfiles approximate the passkeys of real users, so that a decoy
// lists what a real user might have. The lengths and transports are those
// common authenticators report (about: iCloud Keychain, Google Password
// Manager, Windows Hello, password managers, security keys); the weights
// are a guess, to be tuned from the pool's own passkeys.
var decoyProfiles = []choice[decoyProfile]{
	{33, decoyProfile{20, []string{"hybrid", "internal"}}},
	{22, decoyProfile{16, []string{"hybrid", "internal"}}},
	{12, decoyProfile{32, []string{"internal"}}},
	{9, decoyProfile{32, []string{"hybrid", "internal"}}},
	{12, decoyProfile{64, []string{"nfc", "usb"}}},
	{4, decoyProfile{16, []string{"internal"}}},
	{4, decoyProfile{48, []string{"nfc", "usb"}}},
	{2, decoyProfile{48, []string{"usb"}}},
	{2, decoyProfile{64, []string{"usb"}}},
}

// decoyCounts are how many passkeys a decoy lists: most often one, and up
// to ten (PASSKEY_MAX_PER_USER's default), so that a user with many
// passkeys has a list a decoy may have too.
var decoyCounts = []choice[int]{{116, 1}, {40, 2}, {18, 3}, {10, 4}, {6, 5}, {4, 6}, {2, 7}, {2, 8}, {1, 9}, {1, 10}}

// NewDecoyAssertion starts a sign-in for a user who does not exist, or
// has no passkey, with options that cannot be told from NewAssertion's:
// the same fields, a fresh challenge from random, and one to ten
// credentials of the lengths and transports real passkeys have. No answer
// verifies against them: there is no key.
//
// seed must be a keyed hash of the name tried, under a key only the
// triggers hold (such as otp.Sealer.Digest("passkey:" + name)), at least
// MinDecoySeedLength bytes: the same name then lists the same credentials
// on every try, as a real user's do, and nobody without the key can tell
// which credentials a name will list.
func NewDecoyAssertion(opts Options, seed []byte, random io.Reader, now time.Time) (Challenge, []byte, error) {
	if len(seed) < MinDecoySeedLength {
		return Challenge{}, nil, fmt.Errorf("passkey: decoy seed has %d bytes, needs at least %d", len(seed), MinDecoySeedLength)
	}
	return newAssertion(opts, descriptors(decoyCredentials(seed)), random, now)
}

// decoyCredentials draws, from a ChaCha8 stream keyed by seed, how many
// credentials the decoy lists, the profile of each and its id.
func decoyCredentials(seed []byte) []Credential {
	stream := rand.NewChaCha8(sha256.Sum256(append([]byte("passkey decoy v1\x00"), seed...)))
	draw := rand.New(stream)
	credentials := make([]Credential, pick(draw, decoyCounts))
	for i := range credentials {
		profile := pick(draw, decoyProfiles)
		credentials[i] = Credential{ID: make([]byte, profile.idLength), Transports: profile.transports}
		_, _ = stream.Read(credentials[i].ID) // ChaCha8.Read never fails
	}
	return credentials
}

// pick draws one of choices, each with odds in proportion to its weight.
func pick[T any](draw *rand.Rand, choices []choice[T]) T {
	total := 0
	for _, c := range choices {
		total += c.weight
	}
	n := draw.IntN(total)
	for _, c := range choices[:len(choices)-1] {
		if n < c.weight {
			return c.value
		}
		n -= c.weight
	}
	return choices[len(choices)-1].value
}
