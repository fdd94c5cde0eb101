package phone

import "strings"

// AssignedCodes returns the table's codes, without "+", so that tests can
// check the table and compare CountryCode with a plain search through it.
func AssignedCodes() []string {
	return strings.Fields(assigned)
}
