package cli

import "crypto/rand"

// throwawayPassword returns a random password for SignUp, which requires
// one even though the custom auth flow never asks for it. It meets
// Cognito's default policy (8 or more characters with an upper case letter,
// a lower case letter, a digit and a symbol): the fixed prefix guarantees
// each class, and crypto/rand's 26 characters (130 bits) make it unguessable.
func throwawayPassword() string {
	return "Aa1!" + rand.Text()
}
