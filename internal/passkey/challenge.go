package passkey

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// ChallengeLength is the number of random bytes in a Challenge: twice the
// 16 that WebAuthn asks for at least.
const ChallengeLength = 32

// expiryGrace is added to the timeout: the browser's timeout starts when
// the options reach it, after the challenge was made, so an answer given
// just in time must not expire on its way back.
const expiryGrace = 30 * time.Second

// challengeVersion prefixes every encoded Challenge so that the format can
// change later.
const challengeVersion = "v1"

// Challenge is what one ceremony signs: fresh random bytes, and the time
// from which an answer to them is refused. It is secret only in that it
// must not be reusable: the caller keeps it where the client cannot change
// it (Cognito's private challenge parameters) and accepts one answer to it.
type Challenge struct {
	Value     []byte
	ExpiresAt time.Time
}

// newChallenge reads ChallengeLength bytes from random (crypto/rand.Reader
// if nil) for a ceremony that starts at now and lasts timeout.
func newChallenge(random io.Reader, now time.Time, timeout time.Duration) (Challenge, error) {
	if random == nil {
		random = rand.Reader
	}
	value := make([]byte, ChallengeLength)
	if _, err := io.ReadFull(random, value); err != nil {
		return Challenge{}, fmt.Errorf("passkey: reading randomness: %w", err)
	}
	// Whole seconds, so that String keeps all of it.
	return Challenge{Value: value, ExpiresAt: now.Add(timeout + expiryGrace).Truncate(time.Second).UTC()}, nil
}

// encoded is the challenge as the client data carries it.
func (c Challenge) encoded() string {
	return base64.RawURLEncoding.EncodeToString(c.Value)
}

// String encodes c as "v1.<unix expiry>.<base64url value>", the form to
// keep in Cognito's private challenge parameters.
func (c Challenge) String() string {
	return challengeVersion + "." + strconv.FormatInt(c.ExpiresAt.Unix(), 10) + "." + c.encoded()
}

// ErrMalformedChallenge reports an encoded challenge that ParseChallenge
// cannot read.
var ErrMalformedChallenge = errors.New("passkey: malformed challenge")

// ParseChallenge decodes the output of Challenge.String, and nothing else.
func ParseChallenge(encoded string) (Challenge, error) {
	parts := strings.Split(encoded, ".")
	if len(parts) != 3 || parts[0] != challengeVersion {
		return Challenge{}, ErrMalformedChallenge
	}
	unix, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return Challenge{}, ErrMalformedChallenge
	}
	value, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(value) != ChallengeLength {
		return Challenge{}, ErrMalformedChallenge
	}
	c := Challenge{Value: value, ExpiresAt: time.Unix(unix, 0).UTC()}
	// One challenge, one spelling: refuse leading zeros, signs and loose base64 bits.
	if c.String() != encoded {
		return Challenge{}, ErrMalformedChallenge
	}
	return c, nil
}

// checkChallenge refuses a challenge this package did not make (an empty
// one would match an empty challenge in the client data) and one answered
// too late.
func checkChallenge(c Challenge, now time.Time) error {
	if len(c.Value) != ChallengeLength {
		return fmt.Errorf("%w: the challenge has %d bytes, not %d", ErrChallenge, len(c.Value), ChallengeLength)
	}
	if !now.Before(c.ExpiresAt) {
		return ErrExpired
	}
	return nil
}
