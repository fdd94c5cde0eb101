package localpool

import (
	"strings"
	"unicode"
)

// Cognito's default password policy, which a pool without a
// PasswordPolicy of its own applies: at least 8 characters, with a
// lowercase and an uppercase letter, a digit and a symbol.
const minPasswordLength = 8

// passwordSymbols are the characters Cognito counts as symbols.
const passwordSymbols = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- "

// errInvalidPassword is Cognito's exception for a password the policy refuses.
const errInvalidPassword = "InvalidPasswordException"

// checkPassword applies the default policy with Cognito's messages.
func checkPassword(password string) error {
	var lower, upper, digit, symbol bool
	for _, r := range password {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		case strings.ContainsRune(passwordSymbols, r):
			symbol = true
		}
	}
	var problem string
	switch {
	case len([]rune(password)) < minPasswordLength:
		problem = "Password not long enough"
	case !lower:
		problem = "Password must have lowercase characters"
	case !upper:
		problem = "Password must have uppercase characters"
	case !digit:
		problem = "Password must have numeric characters"
	case !symbol:
		problem = "Password must have symbol characters"
	case strings.TrimSpace(password) != password:
		problem = "Password must not start or end with a space"
	default:
		return nil
	}
	return newError(errInvalidPassword, "Password did not conform with policy: %s", problem)
}
