package localpool

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/cognito-passwordless/passwordless-go/internal/emailaddr"
	"github.com/cognito-passwordless/passwordless-go/internal/outbox"
	"github.com/cognito-passwordless/passwordless-go/internal/phone"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

// console is local mode's terminal, Options.Out: the start-up lines, the
// outboxes' messages and, with Options.Events, one line per step a person
// follows a sign-up and a sign-in by. Each line is one Write under one
// lock, so that the lines of concurrent requests and messages never mix.
type console struct {
	mu  sync.Mutex
	out io.Writer
}

func (c *console) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.Write(p)
}

// event prints the line of one event, made one line of printable
// characters: it may quote what a client sent (in a refusal's message),
// which must not drive the terminal or forge a line of its own.
func (c *console) event(format string, args ...any) {
	line := strings.Join(strings.Fields(outbox.Printable(fmt.Sprintf(format, args...))), " ")
	if runes := []rune(line); len(runes) > maxEventLine {
		line = string(runes[:maxEventLine]) + "..."
	}
	io.WriteString(c, line+"\n")
}

// maxEventLine bounds an event line, in characters: one short line of
// the terminal, whatever a client sent.
const maxEventLine = 200

// reported is op followed by report, which prints the line of its
// outcome, when events (Options.Events) are printed, and op otherwise. The
// line is printed before the client has the answer, so that it is on the
// terminal by the time the client shows the next step.
func reported[In any](events bool, op func(call, *In) (any, error), report func(in *In, out any, err error)) func(call, *In) (any, error) {
	if !events {
		return op
	}
	return func(c call, in *In) (any, error) {
		out, err := op(c, in)
		report(in, out, err)
		return out, err
	}
}

// reportSignUp prints a sign-up's outcome: "signed up +1******0123".
func (s *Server) reportSignUp(in *signUpInput, out any, err error) {
	who := s.who(in.Username)
	switch res, _ := out.(signUpOutput); {
	case err != nil:
		s.console.event("sign-up of %s refused: %s", who, reason(err))
	case !res.UserConfirmed:
		s.console.event("signed up %s, not confirmed", who)
	default:
		s.console.event("signed up %s", who)
	}
}

// reportInitiateAuth prints how a sign-in starts. The code it sends is
// the outbox's line, which says it all. Refreshing tokens is no step a
// person takes, and is left out.
func (s *Server) reportInitiateAuth(in *initiateAuthInput, out any, err error) {
	if in.AuthFlow != "CUSTOM_AUTH" {
		return
	}
	name := in.AuthParameters["USERNAME"]
	switch res, _ := out.(authOutput); {
	case err != nil:
		s.console.event("sign-in of %s refused: %s", s.who(name), reason(err))
	case res.ChallengeName == customChallenge:
		s.reportCode(name, res.ChallengeParameters)
	default:
		s.console.event("sign-in of %s: %s", s.who(name), asks(res))
	}
}

// answers name what the client gave for each challenge, on the terminal.
var answers = map[string]string{
	customChallenge:           "code",
	passwordVerifierChallenge: "password",
	softwareTokenMFAChallenge: "authenticator code",
	mfaSetupChallenge:         "authenticator app setup",
}

// reportAnswer prints whether an answer was right or wrong and what
// followed: "wrong code from +1******0123: 2 attempts left", "right code
// from +1******0123: tokens issued". The verdict is the one the client
// sees: the same challenge again is a wrong answer with attempts left,
// Cognito's "Incorrect username or password." the last wrong one.
func (s *Server) reportAnswer(in *respondToAuthChallengeInput, out any, err error) {
	name := in.ChallengeResponses["USERNAME"]
	who, answer := s.who(name), answers[in.ChallengeName]
	resend := in.ChallengeName == customChallenge && session.ResendRequest(in.ClientMetadata).Requested
	switch res, _ := out.(authOutput); {
	case err != nil && resend:
		s.console.event("new code for %s refused: %s", who, reason(err))
	case errors.Is(err, errIncorrect):
		s.console.event("wrong %s from %s: sign-in failed", answer, who)
	case err != nil:
		s.console.event("sign-in of %s refused: %s", who, reason(err))
	case res.AuthenticationResult != nil:
		s.console.event("right %s from %s: tokens issued", answer, who)
	case resend:
		s.reportCode(name, res.ChallengeParameters)
	case res.ChallengeName == in.ChallengeName:
		s.console.event("wrong %s from %s%s", answer, who, attemptsLeft(res.ChallengeParameters))
	default:
		s.console.event("right %s from %s: %s", answer, who, asks(res))
	}
}

// reportCode prints a code sent where no outbox line shows it: none for a
// name no user has (whose challenge only looks like a real one), and one
// sent to AWS_ENDPOINT_URL_SNS or AWS_ENDPOINT_URL_SESV2.
func (s *Server) reportCode(name string, params map[string]string) {
	channel := session.Channel(params["channel"])
	switch _, found := s.users.lookup(name); {
	case !found:
		s.console.event("sign-in of %s: no such user, so no code sent", s.who(name))
	case channel == session.ChannelSMS && s.outbox == nil:
		s.console.event("sign-in of %s: code sent by SMS to AWS_ENDPOINT_URL_SNS", s.who(name))
	case channel == session.ChannelEmail && s.emailOutbox == nil:
		s.console.event("sign-in of %s: code sent by email to AWS_ENDPOINT_URL_SESV2", s.who(name))
	}
}

// asks says what a step asks for next.
func asks(out authOutput) string {
	switch out.ChallengeName {
	case customChallenge:
		return "code sent"
	case passwordVerifierChallenge:
		return "password asked"
	case softwareTokenMFAChallenge:
		return "authenticator code asked"
	case mfaSetupChallenge:
		return "authenticator app setup asked"
	default:
		return out.ChallengeName + " asked"
	}
}

// attemptsLeft is ": 2 attempts left" from a code challenge's parameters,
// or nothing when they do not say.
func attemptsLeft(params map[string]string) string {
	switch n := params["attemptsLeft"]; n {
	case "":
		return ""
	case "1":
		return ": 1 attempt left"
	default:
		return ": " + n + " attempts left"
	}
}

// who names the user a request is about by a phone number or an email
// address, masked as the triggers' logs mask them: the one given, or for
// a username (a UUID) the user's first alias. Anything else is "an
// unknown user", such as the USERNAME of an unknown name's challenge.
func (s *Server) who(name string) string {
	if !phoneShape.MatchString(name) && !emailShape.MatchString(name) {
		if u, found := s.users.lookup(name); found {
			if aliases := u.aliases(s.users.usernameAttributes); len(aliases) > 0 {
				name = aliases[0]
			}
		}
	}
	switch {
	case phoneShape.MatchString(name):
		return phone.Mask(name)
	case emailShape.MatchString(name):
		return emailaddr.Mask(name)
	default:
		return "an unknown user"
	}
}

// asciiOnly replaces every character of s but printable ASCII with '?'.
func asciiOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r > '~' {
			return '?'
		}
		return r
	}, s)
}

// reason is what a refusal says on the terminal: a trigger's own message
// and which trigger said it, or Cognito's message and exception.
func reason(err error) string {
	var triggerErr *triggerError
	var apiErr *apiError
	switch {
	case errors.As(err, &triggerErr):
		return fmt.Sprintf("%s (%s)", strings.TrimSuffix(triggerErr.message, "."), triggerErr.trigger.title)
	case errors.As(err, &apiErr) && apiErr.Message != "":
		// Local mode's own messages may quote what the client sent (a
		// challenge name): only printable ASCII of them reaches the
		// terminal, so that no blank-looking or bidi character can make a
		// line look like another.
		return fmt.Sprintf("%s (%s)", asciiOnly(strings.TrimSuffix(apiErr.Message, ".")), apiErr.Type)
	case errors.As(err, &apiErr):
		return apiErr.Type
	default:
		return "internal error, written to the logs"
	}
}
