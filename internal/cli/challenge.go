package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cognito-passwordless/passwordless-go/internal/session"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

// roundCause is what made a code round, as the command saw it.
type roundCause int

const (
	// firstCode is the sign-in's first code.
	firstCode roundCause = iota
	// sameCode follows a wrong answer: the code is the same.
	sameCode
	// newCode follows a request for a new code (r, e or s).
	newCode
)

// challenge is one round of the custom auth flow, as the create trigger
// describes it in the challenge parameters, or one code asked of the
// user's authenticator app (Authenticator).
type challenge struct {
	// Round counts the rounds of this sign-in from 1.
	Round int
	// After says what made this round: the first code, a wrong answer or
	// a request for a new code.
	After roundCause
	// Username is the user name to answer with: Cognito's USERNAME
	// parameter, which is the user's real name when sign-in used an alias.
	Username string
	// Destination is the masked address the code went to (+1******0123,
	// j***@e***.com).
	Destination string
	// Channel is the channel the code went by, sms or email; "" when the
	// pool does not say.
	Channel string
	// Channels are the pool's channels, in its order: those a new code may
	// be asked by, if the account has an address for them. The pool does
	// not say which it has, so that nobody learns it before signing in.
	Channels []string
	// CodeLength is the number of digits of the code, 0 when not given.
	CodeLength int
	// AttemptsLeft is how many answers may still be given, as given.
	AttemptsLeft string
	// ResendsLeft is how many new codes may still be asked for, as given;
	// "" when the pool does not say (and so sends none).
	ResendsLeft string
	// Again marks the same round asked again after a request for a new
	// code that could not be made.
	Again bool

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
	ch := challenge{
		Round:        round,
		Username:     username,
		Destination:  params[trigger.PublicDestination],
		Channel:      params[trigger.PublicChannel],
		CodeLength:   length,
		AttemptsLeft: params[trigger.PublicAttemptsLeft],
		ResendsLeft:  params[trigger.PublicResendsLeft],
	}
	if list := params[trigger.PublicChannels]; list != "" {
		ch.Channels = strings.Split(list, ",")
	}
	return ch
}

// channelName is how the command names a channel to people.
func channelName(channel string) string {
	if channel == string(session.ChannelSMS) {
		return "SMS"
	}
	return channel
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
	switch c.After {
	case sameCode:
		what = "Wrong code"
	case newCode:
		what = "A new code was sent"
	default:
		what = "A sign-in code was sent"
	}
	if c.After != sameCode && c.Destination != "" {
		// The masked address says the channel: +1******0123, j***@e***.com.
		what += " to " + c.Destination
	}
	var details []string
	if c.After == firstCode && c.CodeLength > 0 {
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
