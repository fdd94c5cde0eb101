package otp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// MinKeyLength is the shortest hash key a Sealer accepts, in bytes.
const MinKeyLength = 32

// maxAnswerLength bounds the work done for an answer: no real code is longer.
const maxAnswerLength = 64

// sealVersion prefixes every encoded Seal so that the format can change later.
const sealVersion = "v1"

// Seal is what may be stored in place of a code: an HMAC-SHA-256 of the code,
// bound to its subject (the user) and its expiry, and the expiry itself.
type Seal struct {
	ExpiresAt time.Time
	MAC       []byte
}

// String encodes s as "v1.<unix expiry>.<base64url MAC>", the form kept in
// Cognito's challenge metadata and private challenge parameters.
func (s Seal) String() string {
	return sealVersion + "." + strconv.FormatInt(s.ExpiresAt.Unix(), 10) + "." +
		base64.RawURLEncoding.EncodeToString(s.MAC)
}

// ErrMalformedSeal reports an encoded seal that ParseSeal cannot read.
var ErrMalformedSeal = errors.New("otp: malformed seal")

// ParseSeal decodes the output of Seal.String, and nothing else.
func ParseSeal(encoded string) (Seal, error) {
	parts := strings.Split(encoded, ".")
	if len(parts) != 3 || parts[0] != sealVersion {
		return Seal{}, ErrMalformedSeal
	}
	unix, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return Seal{}, ErrMalformedSeal
	}
	mac, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(mac) != sha256.Size {
		return Seal{}, ErrMalformedSeal
	}
	seal := Seal{ExpiresAt: time.Unix(unix, 0).UTC(), MAC: mac}
	// One seal, one spelling: refuse leading zeros, signs and loose base64 bits.
	if seal.String() != encoded {
		return Seal{}, ErrMalformedSeal
	}
	return seal, nil
}

// Sealer seals codes and checks answers under one secret key.
type Sealer struct {
	key []byte
}

// NewSealer returns a Sealer for key, which must be at least MinKeyLength bytes.
func NewSealer(key []byte) (*Sealer, error) {
	if len(key) < MinKeyLength {
		return nil, fmt.Errorf("otp: hash key has %d bytes, needs at least %d", len(key), MinKeyLength)
	}
	return &Sealer{key: append([]byte(nil), key...)}, nil
}

// Seal returns the seal of code for subject, valid until expiresAt.
func (s *Sealer) Seal(subject, code string, expiresAt time.Time) Seal {
	expiresAt = expiresAt.Truncate(time.Second)
	return Seal{ExpiresAt: expiresAt, MAC: s.mac(subject, code, expiresAt)}
}

// Check reports whether answer is the code sealed in seal for subject and the
// seal has not expired at now. The MACs are compared in constant time.
func (s *Sealer) Check(seal Seal, subject, answer string, now time.Time) bool {
	if len(answer) == 0 || len(answer) > maxAnswerLength || !now.Before(seal.ExpiresAt) {
		return false
	}
	return hmac.Equal(s.mac(subject, answer, seal.ExpiresAt), seal.MAC)
}

// Digest returns an HMAC of data under the key, for values that must be
// stable per input yet unpredictable without the key.
func (s *Sealer) Digest(data string) []byte {
	return s.mac("digest", data, time.Unix(0, 0))
}

// mac hashes the fields length-prefixed, so that no two different inputs
// share an encoding.
func (s *Sealer) mac(subject, code string, expiresAt time.Time) []byte {
	h := hmac.New(sha256.New, s.key)
	var buf [8]byte
	for _, field := range []string{sealVersion, subject, code} {
		binary.BigEndian.PutUint64(buf[:], uint64(len(field)))
		h.Write(buf[:])
		h.Write([]byte(field))
	}
	binary.BigEndian.PutUint64(buf[:], uint64(expiresAt.Unix()))
	h.Write(buf[:])
	return h.Sum(nil)
}
