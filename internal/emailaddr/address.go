package emailaddr

import (
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxLength is the longest address Valid accepts, in bytes: the limit of
// a forward or reverse path (RFC 5321, 4.5.3.1.3) less its angle brackets.
const maxLength = 254

// masked is what Mask returns for anything that is not a valid address,
// and what stands for each hidden part of one that is.
const masked = "***"

// Valid reports whether address is a plain address "local@domain", as
// Cognito's email attribute holds it: net/mail.ParseAddress reads it as
// exactly itself (no display name, no angle brackets, no comment, no quoted
// local part), it has at most 254 bytes, no spaces or other invisible
// characters, and a domain name with a dot ("jane@example.com", not
// "jane@localhost" or "jane@[192.0.2.1]").
func Valid(address string) bool {
	if address == "" || len(address) > maxLength {
		return false
	}
	for _, r := range address {
		// IsPrint is false for controls, format characters (bidi
		// overrides, zero-width spaces) and every space but ' '.
		if r == ' ' || !unicode.IsPrint(r) {
			return false
		}
	}
	parsed, err := mail.ParseAddress(address)
	if err != nil || parsed.Name != "" || parsed.Address != address {
		return false
	}
	_, domain := split(address)
	return strings.Contains(domain, ".") && !strings.ContainsAny(domain, "[]")
}

// split cuts address at its last @. ParseAddress refuses an @ in an
// unquoted local part, so for a valid address this is the only @.
func split(address string) (local, domain string) {
	at := strings.LastIndexByte(address, '@')
	if at < 0 {
		return address, ""
	}
	return address[:at], address[at+1:]
}

// Mask hides address for display and logs, like phone.Mask: it keeps the
// first character of the local part, the first character of the domain
// and the top-level domain, so "jane.doe@example.com" is "j***@e***.com",
// whatever the lengths hidden. It masks the address in one form whatever
// its spelling, so that a mask never tells the address as stored from the
// one as typed: the local part lower-cased, and the domain's
// CanonicalDomain written in Unicode for people to read, so that
// "JANE@EXAMPLE.COM" is "j***@e***.com" and "jane@xn--exmple-cua.de" is
// "j***@e***.de". Anything without a Domain (not Valid, or a domain that
// IDNA refuses) is "***", so a malformed value never reaches a log.
func Mask(address string) string {
	canonical := Domain(address)
	if canonical == "" {
		return masked
	}
	local, _ := split(address)
	domain := unicodeDomain(canonical)
	tld := domain[strings.LastIndexByte(domain, '.')+1:]
	return strings.ToLower(first(local)) + masked + "@" + first(domain) + masked + "." + tld
}

// first is the first character of s, which is valid UTF-8 and not empty.
func first(s string) string {
	_, size := utf8.DecodeRuneInString(s)
	return s[:size]
}

// Domain returns the CanonicalDomain of a valid address's domain:
// "example.com" for "Jane@Example.COM", "xn--exmple-cua.de" for
// "jane@exämple.de". It returns "" for anything that is not Valid, and for
// an address whose domain IDNA refuses.
func Domain(address string) string {
	if !Valid(address) {
		return ""
	}
	_, domain := split(address)
	canonical, err := CanonicalDomain(domain)
	if err != nil {
		return ""
	}
	return canonical
}

// DomainAllowList is a list of email domains, such as example.com and
// example.org. A listed domain admits the addresses at exactly that domain,
// and not at its subdomains: example.com admits jane@example.com but not
// jane@mail.example.com, which must be listed itself. Domains are compared
// in their CanonicalDomain, never as strings.ToLower makes them, which
// reads some characters otherwise than IDNA does: kiwi.com does not admit
// x@kİwi.com (U+0130), a domain of its own for DNS. The zero
// DomainAllowList is empty and allows every valid address.
type DomainAllowList struct {
	domains []string // CanonicalDomain each
}

// ParseDomainAllowList parses a comma-separated list such as "example.com,
// example.org", the form of the ALLOWED_EMAIL_DOMAINS setting. Spaces around
// an entry are ignored and each entry is kept as its CanonicalDomain, so
// " Example.COM " is example.com and exämple.de is xn--exmple-cua.de, which
// admits jane@exämple.de and jane@xn--exmple-cua.de alike; an entry given
// twice, in any form, counts once. A blank s is the empty list, which
// allows every valid address.
//
// ParseDomainAllowList refuses the whole list, naming the entry, if an
// entry is empty (as in "example.com,,example.org" or after a trailing
// comma), holds an @ (an address, not a domain), holds a space inside it,
// has no dot, holds a * (there are no wildcards: "*.example.com" would
// admit nothing but itself), is otherwise no domain that a valid address
// could have (".example.com", "example..com", "[192.0.2.1]"), or has no
// CanonicalDomain ("ex_ample.com", "-example.com"). A list guards who may
// sign up, so a value that is probably mistyped stops the trigger at start
// rather than allowing more, or fewer, than was meant.
func ParseDomainAllowList(s string) (DomainAllowList, error) {
	if strings.TrimSpace(s) == "" {
		return DomainAllowList{}, nil
	}
	var l DomainAllowList
	for i, raw := range strings.Split(s, ",") {
		entry := strings.TrimSpace(raw)
		if entry == "" {
			return DomainAllowList{}, fmt.Errorf("entry %d is empty", i+1)
		}
		canonical, err := canonicalEntry(entry)
		if err != nil {
			return DomainAllowList{}, fmt.Errorf("entry %q %w", entry, err)
		}
		if !l.has(canonical) {
			l.domains = append(l.domains, canonical)
		}
	}
	return l, nil
}

// canonicalEntry returns the CanonicalDomain of entry, trimmed and not
// empty, or why it cannot be a domain of the list; its error completes a
// sentence that starts with the entry.
func canonicalEntry(entry string) (string, error) {
	switch {
	case strings.Contains(entry, "@"):
		return "", errors.New("has an @: list domains such as example.com, not addresses")
	case strings.IndexFunc(entry, unicode.IsSpace) >= 0:
		return "", errors.New("has a space in it")
	case !strings.Contains(entry, "."):
		return "", errors.New("has no dot: list domains such as example.com")
	case strings.Contains(entry, "*"):
		return "", errors.New("has a *: there are no wildcards, list each domain itself (a domain does not admit its subdomains)")
	case !Valid("x@" + entry):
		return "", errors.New("is not a domain name that an email address can have")
	}
	canonical, err := CanonicalDomain(entry)
	if err != nil {
		return "", fmt.Errorf("is not a domain name that IDNA accepts (%v)", err)
	}
	return canonical, nil
}

func (l DomainAllowList) has(canonical string) bool {
	return slices.Contains(l.domains, canonical)
}

// Allows reports whether address is a valid address that the list admits:
// one whose Domain, its CanonicalDomain, is one of the list's, or any valid
// address when the list is empty. An address whose domain IDNA refuses is
// admitted by no list but the empty one. Subdomains are not admitted:
// example.com admits jane@Example.com but not jane@mail.example.com.
func (l DomainAllowList) Allows(address string) bool {
	if len(l.domains) == 0 {
		return Valid(address)
	}
	return l.has(Domain(address))
}

// String returns the domains, each its CanonicalDomain (lower-case
// A-labels), joined by commas, as ParseDomainAllowList reads them back; the
// empty list gives "".
func (l DomainAllowList) String() string {
	return strings.Join(l.domains, ",")
}
