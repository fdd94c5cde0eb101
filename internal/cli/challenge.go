package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

// challenge is one round of the custom auth flow, as the create trigger
// describes it in the challenge parameters, or one code asked of the
// user's authenticator app (Authenticator).
type challenge struct {
	// Round counts the rounds of this sign-in from 1; a later round
	// follows a wrong code.
	Round int
	// Username is the user name to answer with: Cognito's USERNAME
	// parameter, which is the user's real name when sign-in used an alias.
	Username string
	// Destination is the masked number the code went to (+1******0123).
	Destination string
	// CodeLength is the number of digits of the code, 0 when not given.
	CodeLength int
	// AttemptsLeft is how many answers may still be given, as given.
	AttemptsLeft string

	// Authenticator marks a code of the user's authenticator app (TOTP),
	// not sent by SMS: Cognito's SOFTWARE_TOKEN_MFA challenge, or the
	// first code of totp setup.
	Authenticator bool
	// Device is the name the user gave the app (FRIENDLY_DEVICE_NAME), if any.
	Device string
	// Retry says why an authenticator code is asked again: the last one
	// was wrong, already used, or not a code. Empty the first time.
	Retry string
}

// authenticatorCodeLength is the number of digits of Cognito's TOTP codes.
const authenticatorCodeLength = 6

// newChallenge reads round's challenge parameters; username is the fallback
// when Cognito does not return USERNAME.
func newChallenge(round int, username string, params map[string]string) challenge {
	if u := params["USERNAME"]; u != "" {
		username = u
	}
	length, _ := strconv.Atoi(params[trigger.PublicCodeLength])
	return challenge{
		Round:        round,
		Username:     username,
		Destination:  params[trigger.PublicDestination],
		CodeLength:   length,
		AttemptsLeft: params[trigger.PublicAttemptsLeft],
	}
}

// report tells the user where the code went, or that the last one was
// wrong, and how many attempts are left. A pool whose create trigger is not
// ours may leave parameters out; the report then says less.
func (c challenge) report(w io.Writer) {
	if c.Authenticator {
		c.reportAuthenticator(w)
		return
	}
	var what string
	switch {
	case c.Round > 1:
		what = "Wrong code"
	case c.Destination == "":
		what = "A sign-in code was sent"
	default:
		what = "A sign-in code was sent to " + c.Destination
	}
	var details []string
	if c.Round == 1 && c.CodeLength > 0 {
		details = append(details, fmt.Sprintf("%d digits", c.CodeLength))
	}
	if n, err := strconv.Atoi(c.AttemptsLeft); err == nil {
		details = append(details, plural(n, "attempt")+" left")
	}
	if len(details) > 0 {
		what += ": " + strings.Join(details, ", ")
	}
	fmt.Fprintln(w, what+".")
}

// reportAuthenticator asks for the code of the user's authenticator app,
// or says why the last one was refused.
func (c challenge) reportAuthenticator(w io.Writer) {
	if c.Retry != "" {
		fmt.Fprintln(w, c.Retry)
		return
	}
	app := "your authenticator app"
	if c.Device != "" {
		app += " (" + c.Device + ")"
	}
	fmt.Fprintf(w, "The pool asks for the %d-digit code of %s.\n", authenticatorCodeLength, app)
}

// plural returns "1 attempt" or "2 attempts".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
