package emailaddr_test

import (
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/emailaddr"
)

// TestAllowsUnicodeAttacks is the allow-list attacked with domains that
// strings.ToLower and IDNA read differently: only a domain whose IDNA form
// is a listed one is admitted, whatever the address looks like once
// lower-cased.
func TestAllowsUnicodeAttacks(t *testing.T) {
	tests := []struct {
		list, address string
		want          bool
		why           string
	}{
		{"kiwi.com", "x@kiwi.com", true, "the listed domain itself"},
		{"kiwi.com", "x@KIWI.COM", true, "ASCII case is no difference"},
		{"kiwi.com", "x@k\u0130wi.com", false, "U+0130 lower-cases to i, but IDNA maps it to i and a combining dot: xn--kiwi-rwc.com"},
		{"kiwi.com", "x@K\u0130WI.COM", false, "U+0130 in upper case"},
		{"kiwi.com", "x@xn--kiwi-rwc.com", false, "the A-label of k\u0130wi.com"},
		{"kiwi.com", "x@\u212Aiwi.com", true, "IDNA maps the Kelvin sign to k too: it is kiwi.com"},
		{"kiwi.com", "x@\uff4b\uff49\uff57\uff49.com", true, "IDNA maps fullwidth letters to ASCII: it is kiwi.com"},
		{"kiwi.com", "x@\uff2b\uff29\uff37\uff29.\uff23\uff2f\uff2d", true, "fullwidth capitals"},
		{"kiwi.com", "x@k\u0456w\u0456.com", false, "Cyrillic \u0456 in Latin kiwi: another domain, xn--kw-hocb.com"},
		{"kiwi.com", "x@kiwi.com.", false, "a trailing dot"},
		{"kiwi.com", "x@kiwi.com\u3002", false, "an ideographic full stop, which IDNA maps to a trailing dot"},
		{"kiwi.com", "x@xn--kiwi-.com", false, "an A-label that decodes to ASCII is no IDNA label"},
		{"kiwi.com", "x@kiwi\u017f.com", false, "the long s is kiwis.com"},
		{"kiwi\u00df.com", "x@kiwi\u00df.com", true, "\u00df is a letter of its own (IDNA2008): xn--kiwi-yna.com"},
		{"kiwi\u00df.com", "x@xn--kiwi-yna.com", true, "the A-label of the listed domain"},
		{"kiwi\u00df.com", "x@kiwi\u1e9e.com", false, "U+1E9E lower-cases to \u00df, but IDNA maps it to ss: kiwiss.com"},
		{"kiwi\u00df.com", "x@kiwiss.com", false, "no transitional mapping of \u00df to ss"},
		{"kiwiss.com", "x@kiwi\u1e9e.com", true, "IDNA maps U+1E9E to ss: it is kiwiss.com"},
		{"kiwiss.com", "x@kiwi\u00df.com", false, "no transitional mapping of \u00df to ss"},
		{"k\u0130wi.com", "x@xn--kiwi-rwc.com", true, "an entry in Unicode admits its A-label"},
		{"k\u0130wi.com", "x@k\u0130wi.com", true, "and itself"},
		{"k\u0130wi.com", "x@kiwi.com", false, "but not the domain strings.ToLower makes of it"},
		{"ex\u00e4mple.de", "jane@EX\u00c4MPLE.DE", true, "a Unicode domain in upper case"},
		{"xn--exmple-cua.de", "jane@ex\u00e4mple.de", true, "an A-label entry admits its Unicode form"},
	}
	for _, tt := range tests {
		l, err := emailaddr.ParseDomainAllowList(tt.list)
		if err != nil {
			t.Fatalf("ParseDomainAllowList(%q): %v", tt.list, err)
		}
		if got := l.Allows(tt.address); got != tt.want {
			t.Errorf("ParseDomainAllowList(%q).Allows(%q) = %v, want %v: %s", tt.list, tt.address, got, tt.want, tt.why)
		}
	}
}

// TestMaskIgnoresCase is the mask attacked by case: an address and its
// spellings in other cases mask alike, so a mask never tells the address
// as stored from the one as typed.
func TestMaskIgnoresCase(t *testing.T) {
	tests := []struct {
		spellings []string
		want      string
	}{
		{[]string{"user0001@example.com", "USER0001@EXAMPLE.COM", "User0001@Example.Com"}, "u***@e***.com"},
		{[]string{"jane.doe@example.co.uk", "JANE.DOE@EXAMPLE.CO.UK"}, "j***@e***.uk"},
		{[]string{"\u00e9lodie@exemple.fr", "\u00c9LODIE@EXEMPLE.FR"}, "\u00e9***@e***.fr"},
		{[]string{"jane@ex\u00e4mple.de", "JANE@EX\u00c4MPLE.DE", "jane@xn--exmple-cua.de", "jane@XN--EXMPLE-CUA.DE"}, "j***@e***.de"},
		{[]string{"jane@example.com", "jane@\uff25\uff38\uff21\uff2d\uff30\uff2c\uff25.\uff23\uff2f\uff2d"}, "j***@e***.com"},
	}
	for _, tt := range tests {
		for _, address := range tt.spellings {
			if got := emailaddr.Mask(address); got != tt.want {
				t.Errorf("Mask(%q) = %q, want %q", address, got, tt.want)
			}
		}
	}
}
