package passkey_test

import (
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
)

func TestOptionsValidate(t *testing.T) {
	site := func(rpID string, origins ...string) passkey.Options {
		return passkey.Options{RPID: rpID, Origins: origins}
	}
	tests := []struct {
		name  string
		opts  passkey.Options
		valid bool
	}{
		{"apex and subdomain", opts, true},
		{"port", site("example.com", "https://app.example.com:8443"), true},
		{"local mode", site("localhost", "http://localhost:8080"), true},
		{"local mode over https", site("localhost", "https://localhost"), true},
		{"every setting", passkey.Options{RPID: "example.com", RPName: "Example", Origins: []string{"https://example.com"},
			UserVerification: "discouraged", Timeout: passkey.MaxTimeout}, true},

		{"no relying party id", site("", "https://example.com"), false},
		{"relying party id in upper case", site("Example.com", "https://example.com"), false},
		{"relying party id an IP address", site("127.0.0.1", "https://127.0.0.1"), false},
		{"relying party id a public suffix", site("com", "https://example.com"), false},
		{"relying party id with a port", site("example.com:443", "https://example.com"), false},
		{"no origin", site("example.com"), false},
		{"origin over http", site("example.com", "http://example.com"), false},
		{"origin on 127.0.0.1 over http", site("localhost", "http://127.0.0.1:8080"), false},
		{"origin outside the relying party id", site("example.com", "https://example.org"), false},
		{"origin that only ends like the relying party id", site("example.com", "https://notexample.com"), false},
		{"origin in upper case", site("example.com", "https://Example.com"), false},
		{"origin with a trailing slash", site("example.com", "https://example.com/"), false},
		{"origin with a path", site("example.com", "https://example.com/app"), false},
		{"origin with a query", site("example.com", "https://example.com?x=1"), false},
		{"origin with a fragment", site("example.com", "https://example.com#x"), false},
		{"origin with a user", site("example.com", "https://user@example.com"), false},
		{"origin with the default port", site("example.com", "https://example.com:443"), false},
		{"origin with http's default port", site("localhost", "http://localhost:80"), false},
		{"origin with an empty port", site("example.com", "https://example.com:"), false},
		{"origin with a padded port", site("example.com", "https://example.com:08443"), false},
		{"origin with port 0", site("example.com", "https://example.com:0"), false},
		{"origin with too large a port", site("example.com", "https://example.com:65536"), false},
		{"origin without a scheme", site("example.com", "example.com"), false},
		{"user verification misspelt", passkey.Options{RPID: "example.com", Origins: []string{"https://example.com"}, UserVerification: "always"}, false},
		{"timeout under a second", passkey.Options{RPID: "example.com", Origins: []string{"https://example.com"}, Timeout: time.Millisecond}, false},
		{"negative timeout", passkey.Options{RPID: "example.com", Origins: []string{"https://example.com"}, Timeout: -time.Minute}, false},
		{"timeout over the maximum", passkey.Options{RPID: "example.com", Origins: []string{"https://example.com"}, Timeout: passkey.MaxTimeout + time.Second}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.opts.Validate()
			if (err == nil) != tt.valid {
				t.Errorf("Validate() = %v, want valid %v", err, tt.valid)
			}
		})
	}
}
