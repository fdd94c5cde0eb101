package localpool

import (
	"encoding/base64"
	"testing"
)

// TestRandomTokenIsNoOption: a token given on a command line, such as the
// AWS CLI's --session, must not read as an option; one byte in 64 would.
func TestRandomTokenIsNoOption(t *testing.T) {
	for range 2000 {
		token := randomToken(48)
		if token[0] == '-' {
			t.Fatalf("token %q starts with -", token)
		}
		if b, err := base64.RawURLEncoding.DecodeString(token); err != nil || len(b) != 48 {
			t.Fatalf("token %q: %d bytes, %v; want 48 base64url bytes", token, len(b), err)
		}
	}
}
