package limits

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/emailaddr"
)

// Kind names a kind of limit, for logs and metrics. It never holds a
// number or a name.
type Kind string

// The kinds of limit.
const (
	KindNumber    Kind = "number"     // SMS codes to one phone number
	KindCountry   Kind = "country"    // SMS codes to one country calling code
	KindPool      Kind = "pool"       // SMS codes from the whole pool
	KindAddress   Kind = "address"    // email codes to one email address
	KindEmailPool Kind = "email-pool" // email codes from the whole pool
	KindLockout   Kind = "lockout"    // wrong answers of one user name
)

// prefix is the kind's first field in a key.
func (k Kind) prefix() string {
	switch k {
	case KindNumber:
		return "n"
	case KindCountry:
		return "c"
	case KindPool:
		return "p"
	case KindAddress:
		return "a"
	case KindEmailPool:
		return "e"
	case KindLockout:
		return "l"
	}
	panic("limits: unknown kind " + string(k))
}

// MinKeyLength is the shortest hash key New accepts, in bytes, as for the
// code seals (CODE_HASH_KEY).
const MinKeyLength = 32

// keyLabel derives the counters' key from the hash key, so that no HMAC
// made here can be mistaken for one made for another purpose.
const keyLabel = "passwordless-go limits v1"

// idBytes is how much of an HMAC an id keeps: 128 bits, so that two numbers
// sharing a counter by chance is out of reach.
const idBytes = 16

// maxCountryDigits bounds a country id: a calling code has 1 to 3 digits,
// and a prefix inside one such as 1268 a few more.
const maxCountryDigits = 7

// unknownCountry is the id shared by every code that is not digits.
const unknownCountry = "x"

// poolID is the id of the one counter of each pool budget (KindPool,
// KindEmailPool).
const poolID = "all"

// keyer builds counter keys under a key derived from the hash key.
type keyer struct {
	key []byte
}

func newKeyer(hashKey []byte) keyer {
	m := hmac.New(sha256.New, hashKey)
	m.Write([]byte(keyLabel))
	return keyer{key: m.Sum(nil)}
}

// id is the base64url HMAC of value for kind, cut to idBytes.
func (k keyer) id(kind Kind, value string) string {
	m := hmac.New(sha256.New, k.key)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:idBytes])
}

// numberID is the id of a phone number: the HMAC of its digits alone.
func (k keyer) numberID(number string) string {
	return k.id(KindNumber, digits(number))
}

// nameID is the id of a user name, lower-cased as Cognito matches user
// names in a case-insensitive pool.
func (k keyer) nameID(username string) string {
	return k.id(KindLockout, strings.ToLower(username))
}

// addressID is the id of the mailbox an email address reaches,
// emailaddr.Mailbox, so that every spelling of one mailbox shares a
// counter: "Jane@Example.com", "jane+1@example.com" and "jane+2@EXAMPLE.com"
// would otherwise each get the whole allowance, and the one mailbox a
// multiple of it. Its HMAC is under another kind than a number's or a
// name's, so an address never shares an id with either, whatever its text.
func (k keyer) addressID(address string) string {
	return k.id(KindAddress, emailaddr.Mailbox(address))
}

// countryID is a country calling code's digits, such as "44" for "+44", or
// unknownCountry when it has no digits, too many, or anything else but
// spaces and a leading +.
func countryID(code string) string {
	code = strings.TrimPrefix(strings.ReplaceAll(code, " ", ""), "+")
	if code == "" || len(code) > maxCountryDigits || strings.Trim(code, "0123456789") != "" {
		return unknownCountry
	}
	return code
}

// digits keeps only the ASCII digits of s.
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// windowStart is the start, in Unix seconds, of the window of length that
// holds now. length is a whole number of seconds, at least one.
func windowStart(now time.Time, length time.Duration) int64 {
	secs := int64(length / time.Second)
	t := now.Unix()
	start := t - t%secs
	if t%secs < 0 {
		start -= secs
	}
	return start
}

// shardKey is the key of one shard of a shared budget's counter key:
// "<counter key>#<shard>".
func shardKey(key string, shard int) string {
	return key + "#" + strconv.Itoa(shard)
}

// counterKey is "<kind>#<id>#<length in seconds>#<window start>".
func counterKey(kind Kind, id string, length time.Duration, start int64) string {
	return kind.prefix() + "#" + id + "#" + strconv.FormatInt(int64(length/time.Second), 10) + "#" + strconv.FormatInt(start, 10)
}
