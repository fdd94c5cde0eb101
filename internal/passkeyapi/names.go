package passkeyapi

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameLength is the most characters a passkey's name, or the user name
// an authenticator shows, may have.
const MaxNameLength = 64

// DefaultName is the name of a passkey registered without one.
const DefaultName = "Passkey"

// checkName returns name without its surrounding spaces, if it is 1 to
// MaxNameLength characters that show as themselves: letters, marks,
// numbers, punctuation, symbols and spaces. Control characters, line
// breaks, formatting characters (bidirectional overrides that make
// "laptop" of "potpal", zero-width characters), private-use and
// unassigned code points, and the replacement character of broken
// encodings are refused: a name is shown in lists and by authenticators,
// where it must not pass for another or rewrite what follows it.
func checkName(name string) (string, bool) {
	name = strings.TrimSpace(name)
	// Invalid UTF-8 ranges as utf8.RuneError, refused below.
	if name == "" || utf8.RuneCountInString(name) > MaxNameLength {
		return "", false
	}
	for _, r := range name {
		if !unicode.IsGraphic(r) || r == utf8.RuneError {
			return "", false
		}
	}
	return name, true
}

// badName refuses the body member member, a name checkName did not take.
func badName(member, reason string) *result {
	return badRequest(fmt.Sprintf("%s must be 1 to %d characters, without control or formatting characters.", member, MaxNameLength), reason)
}
