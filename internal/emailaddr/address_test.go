package emailaddr_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/cognito-passwordless/passwordless-go/internal/emailaddr"
)

// addressTests are addresses, whether each is valid, its mask and its
// domain.
var addressTests = []struct {
	address string
	valid   bool
	mask    string
	domain  string
}{
	{"jane.doe@example.com", true, "j***@e***.com", "example.com"},
	{"Jane.Doe@Example.COM", true, "j***@e***.com", "example.com"},
	{"j@e.co", true, "j***@e***.co", "e.co"},
	{"jane@mail.example.co.uk", true, "j***@m***.uk", "mail.example.co.uk"},
	{"jane+codes@example.org", true, "j***@e***.org", "example.org"},
	{"o'brien@example.ie", true, "o***@e***.ie", "example.ie"},
	{"1234@123.example", true, "1***@1***.example", "123.example"},
	{"a_b-c@ex-ample.com", true, "a***@e***.com", "ex-ample.com"},
	{"jäne@exämple.de", true, "j***@e***.de", "xn--exmple-cua.de"},
	{"JÄNE@XN--EXMPLE-CUA.DE", true, "j***@e***.de", "xn--exmple-cua.de"},
	{"élodie@exemple.fr", true, "é***@e***.fr", "exemple.fr"},
	{"用户@例子.广告", true, "用***@例***.广告", "xn--fsqu00a.xn--4rr70v"},
	{"jane@ｅｘａｍｐｌｅ.com", true, "j***@e***.com", "example.com"},                          // fullwidth letters
	{strings.Repeat("a", 64) + "@" + dnsName(189), true, "a***@b***.com", dnsName(189)}, // 254 bytes
	// Valid, but a domain that IDNA refuses: no Domain, no mask.
	{strings.Repeat("a", 64) + "@" + strings.Repeat("b", 185) + ".com", true, "***", ""}, // a label over 63 bytes
	{"jane@ex_ample.com", true, "***", ""},
	{"jane@-example.com", true, "***", ""},
	{"jane@xn--example.com", true, "***", ""},   // not punycode of a valid label
	{"jane@example.com\u3002", true, "***", ""}, // an ideographic full stop: a trailing dot
	// Too long.
	{strings.Repeat("a", 64) + "@" + dnsName(190), false, "***", ""}, // 255 bytes
	// No domain name with a dot.
	{"jane@localhost", false, "***", ""},
	{"jane@[192.0.2.1]", false, "***", ""},
	{"jane@[IPv6:2001:db8::1]", false, "***", ""},
	// Not a plain address.
	{"Jane Doe <jane@example.com>", false, "***", ""},
	{"<jane@example.com>", false, "***", ""},
	{`"Jane" <jane@example.com>`, false, "***", ""},
	{"jane@example.com (Jane)", false, "***", ""},
	{`"jane"@example.com`, false, "***", ""},
	{`"jane doe"@example.com`, false, "***", ""},
	{"jane@example.com, joe@example.com", false, "***", ""},
	{"jane@example.com,joe@example.com", false, "***", ""},
	// Malformed.
	{"", false, "***", ""},
	{"@", false, "***", ""},
	{"jane", false, "***", ""},
	{"jane@", false, "***", ""},
	{"@example.com", false, "***", ""},
	{"jane@@example.com", false, "***", ""},
	{"jane@doe@example.com", false, "***", ""},
	{"jane.@example.com", false, "***", ""},
	{".jane@example.com", false, "***", ""},
	{"ja..ne@example.com", false, "***", ""},
	{"jane@example.com.", false, "***", ""},
	{"jane@.example.com", false, "***", ""},
	{"jane@example..com", false, "***", ""},
	{"jane(x)@example.com", false, "***", ""},
	// Spaces and invisible characters, anywhere.
	{" jane@example.com", false, "***", ""},
	{"jane@example.com ", false, "***", ""},
	{"jane@example.com\n", false, "***", ""},
	{"ja ne@example.com", false, "***", ""},
	{"jane@exam ple.com", false, "***", ""},
	{"jane\t@example.com", false, "***", ""},
	{"jane\u00a0@example.com", false, "***", ""}, // no-break space
	{"jane@example\u2028.com", false, "***", ""}, // line separator
	{"jane@exa\u200bmple.com", false, "***", ""}, // zero-width space
	{"jane\u202e@example.com", false, "***", ""}, // right-to-left override
	{"ja\x00ne@example.com", false, "***", ""},
	{"jane\xff@example.com", false, "***", ""}, // not UTF-8
	{"jane＠example.com", false, "***", ""},     // full-width @
}

// dnsName is a domain name of n bytes, 133 to 195, under .com: three
// labels of b's, none over the 63 bytes DNS allows.
func dnsName(n int) string {
	long := strings.Repeat("b", 63)
	return long + "." + long + "." + strings.Repeat("b", n-len(".com")-2*64) + ".com"
}

func TestValidMaskDomain(t *testing.T) {
	for _, tt := range addressTests {
		if got := emailaddr.Valid(tt.address); got != tt.valid {
			t.Errorf("Valid(%q) = %v, want %v", tt.address, got, tt.valid)
		}
		if got := emailaddr.Mask(tt.address); got != tt.mask {
			t.Errorf("Mask(%q) = %q, want %q", tt.address, got, tt.mask)
		}
		if got := emailaddr.Domain(tt.address); got != tt.domain {
			t.Errorf("Domain(%q) = %q, want %q", tt.address, got, tt.domain)
		}
	}
}

func TestParseDomainAllowList(t *testing.T) {
	tests := []struct {
		in   string
		want string // String() of the list
	}{
		{"", ""},
		{" \t ", ""},
		{"example.com", "example.com"},
		{"example.com,example.org", "example.com,example.org"},
		{" example.com , example.org ,\texample.net ", "example.com,example.org,example.net"},
		{"Example.COM", "example.com"},
		{"example.com,EXAMPLE.com, example.com", "example.com"}, // the same entry three times
		{"mail.example.com,example.com", "mail.example.com,example.com"},
		{"example.co.uk", "example.co.uk"},
		{"ex-ample.com", "ex-ample.com"},
		{"exämple.de", "xn--exmple-cua.de"},
		{"EXÄMPLE.DE, xn--exmple-cua.de", "xn--exmple-cua.de"}, // one domain, in two forms
		{"k\u0130wi.com", "xn--kiwi-rwc.com"},                  // not the kiwi.com of strings.ToLower
		{"\u212Aiwi.com,kiwi.com", "kiwi.com"},                 // a Kelvin sign is a k
		{"ｋｉｗｉ.com", "kiwi.com"},                               // fullwidth letters
		{"例子.广告", "xn--fsqu00a.xn--4rr70v"},
		{"123.example", "123.example"},
	}
	for _, tt := range tests {
		l, err := emailaddr.ParseDomainAllowList(tt.in)
		if err != nil {
			t.Errorf("ParseDomainAllowList(%q): %v", tt.in, err)
			continue
		}
		if got := l.String(); got != tt.want {
			t.Errorf("ParseDomainAllowList(%q) = %q, want %q", tt.in, got, tt.want)
		}
		again, err := emailaddr.ParseDomainAllowList(l.String())
		if err != nil || again.String() != l.String() {
			t.Errorf("ParseDomainAllowList(%q) = %q, %v: does not read its own String back", l.String(), again, err)
		}
	}
}

func TestParseDomainAllowListRefuses(t *testing.T) {
	tests := []struct {
		in   string
		want string // the error names the entry and says why
	}{
		{"example.com,,example.org", "entry 2 is empty"},
		{"example.com,", "entry 2 is empty"},
		{",", "entry 1 is empty"},
		{"example.com, ,example.org", "entry 2 is empty"},
		{"jane@example.com", `entry "jane@example.com" has an @: list domains such as example.com, not addresses`},
		{"@example.com", `entry "@example.com" has an @: list domains such as example.com, not addresses`},
		{"example.com,example .org", `entry "example .org" has a space in it`},
		{"exa\tmple.com", `entry "exa\tmple.com" has a space in it`},
		{"example.com example.org", `entry "example.com example.org" has a space in it`},
		{"localhost", `entry "localhost" has no dot: list domains such as example.com`},
		{"example.com,COM", `entry "COM" has no dot: list domains such as example.com`},
		{".example.com", `entry ".example.com" is not a domain name that an email address can have`},
		{"example.com.", `entry "example.com." is not a domain name that an email address can have`},
		{"example..com", `entry "example..com" is not a domain name that an email address can have`},
		{"*.example.com", `entry "*.example.com" has a *: there are no wildcards, list each domain itself (a domain does not admit its subdomains)`},
		{"[192.0.2.1]", `entry "[192.0.2.1]" is not a domain name that an email address can have`},
		{"exa(mple).com", `entry "exa(mple).com" is not a domain name that an email address can have`},
		{"example.com;example.org", `entry "example.com;example.org" is not a domain name that an email address can have`},
		{"exa\u200bmple.com", `entry "exa\u200bmple.com" is not a domain name that an email address can have`},
		{strings.Repeat("a", 250) + ".com", `entry "` + strings.Repeat("a", 250) + `.com" is not a domain name that an email address can have`},
		// Domains that an address can have, but that IDNA refuses.
		{"ex_ample.com", `entry "ex_ample.com" is not a domain name that IDNA accepts (idna: disallowed rune U+005F)`},
		{"-example.com", `entry "-example.com" is not a domain name that IDNA accepts (idna: invalid label "-example")`},
		{"xn--kiwi-.com", `entry "xn--kiwi-.com" is not a domain name that IDNA accepts (idna: invalid label "kiwi-")`},
		{strings.Repeat("a", 64) + ".com", `entry "` + strings.Repeat("a", 64) + `.com" is not a domain name that IDNA accepts (idna: invalid label "` + strings.Repeat("a", 64) + `")`},
		{"kiwi.com\u3002", `entry "kiwi.com。" is not a domain name that IDNA accepts (emailaddr: a domain ends in a dot)`},
	}
	for _, tt := range tests {
		l, err := emailaddr.ParseDomainAllowList(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseDomainAllowList(%q) error = %v, want %q", tt.in, err, tt.want)
		}
		if l.String() != "" {
			t.Errorf("ParseDomainAllowList(%q) = %q with an error, want the empty list", tt.in, l)
		}
	}
}

func TestDomainAllows(t *testing.T) {
	tests := []struct {
		list, address string
		want          bool
	}{
		// The empty list is the check turned off: every valid address.
		{"", "jane@example.com", true},
		{"", "jane@anything.example", true},
		{"", "not an address", false},
		{"", "Jane <jane@example.com>", false},
		{"example.com", "jane@example.com", true},
		{"example.com", "Jane@EXAMPLE.COM", true},
		{"EXAMPLE.com", "jane@example.COM", true},
		{"example.com", "jane@example.org", false},
		// Exactly the domain: no subdomain, no parent, no look-alike.
		{"example.com", "jane@mail.example.com", false},
		{"mail.example.com", "jane@example.com", false},
		{"mail.example.com", "jane@mail.example.com", true},
		{"example.com", "jane@badexample.com", false},
		{"example.com", "jane@example.com.evil.org", false},
		{"example.com", "example.com@evil.org", false},
		{"example.com", "jane@example.co", false},
		// Only valid addresses.
		{"example.com", "", false},
		{"example.com", "@example.com", false},
		{"example.com", "jane@example.com ", false},
		{"example.com", "Jane <jane@example.com>", false},
		{"example.com", `"jane doe"@example.com`, false},
		{"example.com, example.org", "jane@example.org", true},
		{"example.com, example.org", "jane@example.net", false},
	}
	for _, tt := range tests {
		l, err := emailaddr.ParseDomainAllowList(tt.list)
		if err != nil {
			t.Fatalf("ParseDomainAllowList(%q): %v", tt.list, err)
		}
		if got := l.Allows(tt.address); got != tt.want {
			t.Errorf("ParseDomainAllowList(%q).Allows(%q) = %v, want %v", tt.list, tt.address, got, tt.want)
		}
	}
}

func TestZeroDomainAllowListAllowsAll(t *testing.T) {
	var l emailaddr.DomainAllowList
	if !l.Allows("jane@example.com") || l.Allows("jane") || l.String() != "" {
		t.Errorf("zero DomainAllowList: Allows(jane@example.com) = %v, Allows(jane) = %v, String() = %q; want true, false, \"\"",
			l.Allows("jane@example.com"), l.Allows("jane"), l)
	}
}

// FuzzMask checks that Mask never panics and never shows more than it
// should: "***" for anything without a Domain; otherwise the first
// character of the local part, lower-cased, the first of the domain and
// the top-level domain, nothing else, and the same for every spelling of
// the address in ASCII case or IDNA form.
func FuzzMask(f *testing.F) {
	for _, tt := range addressTests {
		f.Add(tt.address)
	}
	f.Fuzz(func(t *testing.T, address string) {
		got := emailaddr.Mask(address)
		domain := emailaddr.Domain(address)
		if domain == "" {
			if got != "***" {
				t.Fatalf("Mask(%q) = %q for an address with no Domain, want ***", address, got)
			}
			return
		}
		l, _ := utf8.DecodeRuneInString(address)
		local, masked, ok := strings.Cut(got, "@")
		if !ok || local != string(unicode.ToLower(l))+"***" || !utf8.ValidString(got) {
			t.Fatalf("Mask(%q) = %q, want %c***@ then the domain masked", address, got, unicode.ToLower(l))
		}
		_, size := utf8.DecodeRuneInString(masked)
		tld, ok := strings.CutPrefix(masked[size:], "***.")
		if !ok || tld == "" || strings.ContainsAny(tld, ".@ ") {
			t.Fatalf("Mask(%q) = %q: not one masked domain with its top-level domain", address, got)
		}
		if upper := asciiUpper(address); emailaddr.Mask(upper) != got {
			t.Fatalf("Mask(%q) = %q, but Mask(%q) = %q: the case shows", address, got, upper, emailaddr.Mask(upper))
		}
		aLabels := address[:strings.LastIndex(address, "@")+1] + domain
		if emailaddr.Valid(aLabels) && emailaddr.Mask(aLabels) != got {
			t.Fatalf("Mask(%q) = %q, but Mask(%q) = %q: the form of the domain shows", address, got, aLabels, emailaddr.Mask(aLabels))
		}
	})
}
