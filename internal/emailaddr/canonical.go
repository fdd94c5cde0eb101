package emailaddr

import (
	"errors"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// profile turns a domain into the name that DNS is asked for. It is
// idna.Lookup's setting (UTS 46 non-transitional mapping, the rules of
// STD 3, hyphen, joiner and bidi checks) plus DNS lengths: it maps what
// lookup maps (case, width, compatibility forms such as the Kelvin sign or
// U+0130), which the Registration profile refuses instead, so a user's
// "Jane@Example.COM" still has a form; and it refuses what no name server
// holds (a label over 63 bytes, a name over 253, an empty label).
// Non-transitional, as in IDNA2008 and browsers today, keeps ß a letter of
// its own: "straße.de" is xn--strae-oqa.de, not strasse.de.
var profile = idna.New(
	idna.MapForLookup(),
	idna.Transitional(false),
	idna.BidiRule(),
	idna.VerifyDNSLength(true),
)

// errNotUTF8 is CanonicalDomain's error for a domain that is not UTF-8,
// which the idna package would read as U+FFFD and encode all the same.
var errNotUTF8 = errors.New("emailaddr: a domain is not valid UTF-8")

// errRootDot is CanonicalDomain's error for a name ending in a dot: an
// address's domain never holds the root's dot, and the idna tables of some
// Go versions let it through.
var errRootDot = errors.New("emailaddr: a domain ends in a dot")

// errNotFixed is CanonicalDomain's error for a domain whose A-labels the
// idna package refuses when it reads them back: some checks run on the
// text before mapping only, so "\u2136a" (BET SYMBOL, mapped to Hebrew
// bet) passes the bidi rule but its A-label xn--a-1hc does not.
var errNotFixed = errors.New("emailaddr: a domain's A-labels are not valid IDNA")

// CanonicalDomain returns the one form in which two spellings of a domain
// compare equal: its IDNA A-labels (punycode), lower case, as DNS is asked
// for it, under idna.Lookup's mapping and checks plus DNS lengths (see
// profile). "Example.COM", "ｅｘａｍｐｌｅ.com" and "example.com" are
// "example.com"; "exämple.de" and "XN--EXMPLE-CUA.DE" are
// "xn--exmple-cua.de"; "kİwi.com" (U+0130) is "xn--kiwi-rwc.com", not the
// "kiwi.com" that strings.ToLower makes of it. It returns an error for a
// domain that IDNA refuses (a disallowed character such as _, a bad
// hyphen, an A-label that is not punycode of a valid label, a label or a
// name too long, an empty label, a trailing dot, bytes that are not
// UTF-8), and for one whose A-labels IDNA would refuse: such a domain has
// no canonical form, and nothing may treat it as equal to another. The
// canonical form is its own canonical form.
func CanonicalDomain(domain string) (string, error) {
	if !utf8.ValidString(domain) {
		return "", errNotUTF8
	}
	ascii, err := profile.ToASCII(domain)
	switch {
	case err != nil:
		return "", err
	case strings.HasSuffix(ascii, "."):
		return "", errRootDot
	}
	if again, err := profile.ToASCII(ascii); err != nil || again != ascii {
		return "", errNotFixed
	}
	return ascii, nil
}

// unicodeDomain returns canonical, a CanonicalDomain, in Unicode (U-labels)
// for people to read: "exämple.de" for "xn--exmple-cua.de". It returns
// canonical itself should the conversion fail.
func unicodeDomain(canonical string) string {
	u, err := profile.ToUnicode(canonical)
	if err != nil {
		return canonical
	}
	return u
}
