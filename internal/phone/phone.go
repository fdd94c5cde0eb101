package phone

import (
	"regexp"
	"strings"
)

// e164 is "+", a country code that does not start with 0, and 7 to 15 digits in all.
var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// Valid reports whether number is an E.164 phone number such as +14155550123.
func Valid(number string) bool {
	return e164.MatchString(number)
}

// Mask hides all but the first and the last four digits of a valid number:
// +15555550123 becomes +1******0123. Anything else becomes "***", so that
// a malformed value never reaches a log or a screen.
func Mask(number string) string {
	if !Valid(number) {
		return "***"
	}
	digits := number[1:]
	hidden := len(digits) - 5
	return "+" + digits[:1] + strings.Repeat("*", hidden) + digits[len(digits)-4:]
}
