package localpool

import "regexp"

// srpAChallenge is the CHALLENGE_NAME with which a client starts
// CUSTOM_AUTH by SRP, sending its public value SRP_A.
const srpAChallenge = "SRP_A"

// hexNumber is what SRP_A must be: a number in hexadecimal, as every SRP
// client sends it.
var hexNumber = regexp.MustCompile(`^[0-9a-fA-F]+$`)

// checkSRPA refuses an SRP_A that is absent or not a hexadecimal number.
func checkSRPA(a string) error {
	switch {
	case a == "":
		return missingParameter("SRP_A")
	case !hexNumber.MatchString(a):
		return newError(errInvalidParameter, "SRP_A must be a hexadecimal number.")
	}
	return nil
}
