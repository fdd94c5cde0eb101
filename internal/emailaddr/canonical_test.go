package emailaddr_test

import (
	"strings"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/emailaddr"
)

func TestCanonicalDomain(t *testing.T) {
	tests := []struct {
		domain, want string // want "" for an error
	}{
		{"example.com", "example.com"},
		{"Example.COM", "example.com"},
		{"\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com", "example.com"},                     // fullwidth letters
		{"\uff25\uff38\uff21\uff2d\uff30\uff2c\uff25\uff0e\uff23\uff2f\uff2d", "example.com"}, // and a fullwidth full stop
		{"\u212Aiwi.com", "kiwi.com"},                                                         // the Kelvin sign maps to k
		{"k\u0130wi.com", "xn--kiwi-rwc.com"},                                                 // U+0130 maps to i and a combining dot, not to i
		{"XN--KIWI-RWC.COM", "xn--kiwi-rwc.com"},                                              // an A-label in upper case
		{"ex\u00e4mple.de", "xn--exmple-cua.de"},
		{"EX\u00c4MPLE.DE", "xn--exmple-cua.de"},
		{"stra\u00dfe.de", "xn--strae-oqa.de"},    // non-transitional: \u00df is kept
		{"STRA\u1e9eE.de", "strasse.de"},          // U+1E9E maps to ss
		{"k\u0456w\u0456.com", "xn--kw-hocb.com"}, // Cyrillic \u0456: another domain
		{"\u4f8b\u5b50.\u5e7f\u544a", "xn--fsqu00a.xn--4rr70v"},
		{"mail.example.co.uk", "mail.example.co.uk"},
		// No canonical form.
		{"", ""},
		{"kiwi.com.", ""},
		{"kiwi.com\u3002", ""}, // an ideographic full stop maps to a trailing dot
		{".kiwi.com", ""},
		{"kiwi..com", ""},
		{"ex_ample.com", ""},
		{"-example.com", ""},
		{"ex--ample.com", ""},
		{"xn--kiwi-.com", ""}, // the A-label of ASCII kiwi
		{"xn--example.com", ""},
		{"ex\u200dample.com", ""}, // a zero-width joiner where none may be
		{"\u2136a.com", ""},       // BET SYMBOL maps to Hebrew bet: a label both ways
		{"\xa8.com", ""},          // not UTF-8
		{strings.Repeat("a", 64) + ".com", ""},
		{strings.Repeat(strings.Repeat("a", 63)+".", 4) + "com", ""}, // 259 bytes
	}
	for _, tt := range tests {
		got, err := emailaddr.CanonicalDomain(tt.domain)
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("CanonicalDomain(%q) = %q, %v; want %q", tt.domain, got, err, tt.want)
		}
	}
}
