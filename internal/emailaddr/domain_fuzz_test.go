package emailaddr_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/emailaddr"
)

// fuzzList is the allow-list FuzzDomain attacks: ASCII domains only, among
// them the A-labels of domains that strings.ToLower confuses with others.
const fuzzList = "kiwi.com,example.com,gmail.com,kiwiss.com,xn--kiwi-rwc.com,xn--kiwi-yna.com,xn--exmple-cua.de"

// asciiUpper upper-cases the ASCII letters of s and leaves every other
// byte as it is, valid UTF-8 or not.
func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// FuzzDomain attacks the allow-list, CanonicalDomain and Mailbox with
// arbitrary text, taken as an address and its text after the last @ as a
// domain. Nothing panics; the list admits exactly the valid addresses
// whose canonical domain is one of its entries, so the strings.ToLower of
// a domain is never trusted where it differs from the canonical form;
// a canonical domain is lower-case ASCII and its own canonical form,
// whatever the ASCII case it was given in; and Mailbox, too, ignores
// ASCII case (see checkMailbox).
func FuzzDomain(f *testing.F) {
	for _, seed := range []string{
		"x@k\u0130wi.com", "x@K\u0130WI.COM", "x@KIWI.COM", "x@kiwi.com", "x@xn--kiwi-rwc.com", "x@XN--KIWI-RWC.COM",
		"x@xn--kwi-", "x@xn--kiwi-.com", "x@xn--kwi-3ta.com", "x@\u212Aiwi.com", "x@\uff4b\uff49\uff57\uff49.com",
		"x@\uff2b\uff29\uff37\uff29\uff0e\uff23\uff2f\uff2d", "x@kiwi\u00df.com", "x@kiwi\u1e9e.com", "x@kiwi\u017f.com",
		"x@k\u0456w\u0456.com", "x@kiwi.com.", "x@kiwi.com\u3002", "x@kiwi\u3002com", "x@ex\u00e4mple.de",
		"victim+1@Example.COM", "v.ictim+x@googlemail.com", "+@gmail.com", "x@ex\u200dample.com", "x@\u0627.com", "x@\xa8.com", "\xa8", "+@0\xb00.0", "x@\u2136a.com",
	} {
		f.Add(seed)
	}
	for _, tt := range addressTests {
		f.Add(tt.address)
	}
	list, err := emailaddr.ParseDomainAllowList(fuzzList)
	if err != nil || list.String() != fuzzList {
		f.Fatalf("ParseDomainAllowList(%q) = %q, %v: want it as it is", fuzzList, list, err)
	}
	entries := strings.Split(fuzzList, ",")
	f.Fuzz(func(t *testing.T, address string) {
		domain := address[strings.LastIndex(address, "@")+1:]
		canonical, err := emailaddr.CanonicalDomain(domain)
		checkCanonical(t, domain, canonical, err)
		want := emailaddr.Valid(address) && err == nil && slices.Contains(entries, canonical)
		if got := list.Allows(address); got != want {
			if lower := strings.ToLower(domain); lower != canonical && slices.Contains(entries, lower) {
				t.Fatalf("Allows(%q) = %v: trusted strings.ToLower %q over the canonical %q (%v)", address, got, lower, canonical, err)
			}
			t.Fatalf("Allows(%q) = %v, want %v: its domain %q is %q (%v) in canonical form, the list %s", address, got, want, domain, canonical, err, fuzzList)
		}
		checkMailbox(t, address)
	})
}

// checkCanonical fails t unless canonical, err is what CanonicalDomain
// may return for domain: "" with an error, or a lower-case ASCII name, its
// own canonical form, that domain in any ASCII case shares.
func checkCanonical(t *testing.T, domain, canonical string, err error) {
	t.Helper()
	if err != nil {
		if canonical != "" {
			t.Fatalf("CanonicalDomain(%q) = %q with the error %v, want \"\"", domain, canonical, err)
		}
		return
	}
	for _, c := range []byte(canonical) {
		if c >= 0x80 || 'A' <= c && c <= 'Z' {
			t.Fatalf("CanonicalDomain(%q) = %q: not lower-case ASCII", domain, canonical)
		}
	}
	if again, err := emailaddr.CanonicalDomain(canonical); again != canonical || err != nil {
		t.Fatalf("CanonicalDomain(%q) = %q, but CanonicalDomain(%q) = %q, %v", domain, canonical, canonical, again, err)
	}
	if upper, err := emailaddr.CanonicalDomain(asciiUpper(domain)); upper != canonical || err != nil {
		t.Fatalf("CanonicalDomain(%q) = %q, but in upper case %q, %v", domain, canonical, upper, err)
	}
}

// checkMailbox fails t unless Mailbox(address) is the same in any ASCII
// case and, for an address with a Domain, its own Mailbox and at that
// domain (gmail.com for googlemail.com). Anything else is only
// lower-cased, which can make it another address: it is never sent a code.
func checkMailbox(t *testing.T, address string) {
	t.Helper()
	mailbox := emailaddr.Mailbox(address)
	if upper := emailaddr.Mailbox(asciiUpper(address)); upper != mailbox {
		t.Fatalf("Mailbox(%q) = %q, but in upper case %q", address, mailbox, upper)
	}
	domain := emailaddr.Domain(address)
	if domain == "" {
		return
	}
	if again := emailaddr.Mailbox(mailbox); again != mailbox {
		t.Fatalf("Mailbox(%q) = %q, but Mailbox(%q) = %q", address, mailbox, mailbox, again)
	}
	if domain == "googlemail.com" {
		domain = "gmail.com"
	}
	if !strings.HasSuffix(mailbox, "@"+domain) {
		t.Fatalf("Mailbox(%q) = %q, not at its domain %q", address, mailbox, domain)
	}
}
