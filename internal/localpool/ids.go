package localpool

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"regexp"
)

// newUUID returns a random version 4 UUID, the form of Cognito's user
// names (sub), request ids and token ids.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	return formatUUID(b[:])
}

// derivedUUID returns a version 4 UUID derived from name under key: the
// same name gives the same UUID for the life of the key, and nobody without
// the key can tell it from a random one.
func derivedUUID(key []byte, name string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(name))
	return formatUUID(mac.Sum(nil)[:16])
}

// usernameUUID is the form of the UUIDs local mode makes (newUUID,
// derivedUUID): lower-case version 4, RFC 4122 variant.
var usernameUUID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// isUsernameUUID reports whether name, as the pool matches names (key:
// lower case), has the form of a username local mode makes.
func isUsernameUUID(name string) bool { return usernameUUID.MatchString(key(name)) }

func formatUUID(b []byte) string {
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// randomToken returns n random bytes, base64url-encoded: opaque session
// and refresh tokens. It never starts with "-", which a command line (the
// AWS CLI's --session) would take for an option.
func randomToken(n int) string {
	b := make([]byte, n)
	for {
		rand.Read(b)
		if token := base64.RawURLEncoding.EncodeToString(b); token[0] != '-' {
			return token
		}
	}
}

// randomBytes returns n random bytes, for keys.
func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}
