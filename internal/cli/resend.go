package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

// resendAnswer is the ANSWER sent with a request for a new code: the pool
// does not look at it, but Cognito requires one.
const resendAnswer = "resend"

// The keys typed instead of a code to ask for a new one: by the same
// channel, by email, or by SMS.
const (
	keyResend = "r"
	keyEmail  = "e"
	keySMS    = "s"
)

// resendKeys maps each key to the channel it asks for; "" keeps the channel.
var resendKeys = map[string]string{keyResend: "", keyEmail: string(session.ChannelEmail), keySMS: string(session.ChannelSMS)}

// resendRequest reports whether a line typed at the code prompt asks for
// a new code (r, e or s, in either case), and by which channel ("" for the
// same one).
func resendRequest(line string) (channel string, ok bool) {
	channel, ok = resendKeys[strings.ToLower(strings.TrimSpace(line))]
	return channel, ok
}

// keyFor is the key that asks for a new code by channel.
func keyFor(channel string) string {
	for key, c := range resendKeys {
		if c == channel {
			return key
		}
	}
	return keyResend
}

// cannotResend says why the pool cannot send a new code by channel ("" for
// the same one) in this round, or "" when it can. The pool says what is
// left in resendsLeft and channels; a pool that says nothing sends none,
// since it would take the request for a wrong answer.
func (c challenge) cannotResend(channel string) string {
	n, err := strconv.Atoi(c.ResendsLeft)
	switch {
	case err != nil:
		return "the pool does not send new codes"
	case n <= 0:
		return "no new code can be sent in this sign-in"
	case channel != "" && channel != c.Channel && !slices.Contains(c.Channels, channel):
		return "the pool sends no codes by " + channelName(channel)
	}
	return ""
}

// hint tells the user what to type instead of the code, when a new code
// can be asked for; "" otherwise.
func (c challenge) hint() string {
	if c.Authenticator || c.cannotResend("") != "" {
		return ""
	}
	offers := []string{keyResend + " for a new code"}
	for _, channel := range c.Channels {
		if channel == c.Channel {
			continue
		}
		offers = append(offers, fmt.Sprintf("%s for one by %s", keyFor(channel), channelName(channel)))
	}
	n, _ := strconv.Atoi(c.ResendsLeft)
	return fmt.Sprintf("Not received? Type %s (%s left).", strings.Join(offers, ", or "), plural(n, "new code"))
}

// codeRounds answers the rounds of the code sent by SMS or email, and
// remembers what made the next one.
type codeRounds struct {
	round int
	after roundCause
}

// answer answers the code challenge at next with the next line of codes:
// a code, or a request for a new code (r, e or s), which it sends as
// RespondToAuthChallenge with the ANSWER "resend" and the ClientMetadata
// {"resend": "true"}, and {"channel": ...} to switch channels. A request
// the pool cannot grant (none left, a channel the account lacks) is not
// sent: it says why and asks again. It returns what follows.
func (r *codeRounds) answer(ctx context.Context, pool *pool, username string, next step, codes codeSource, status io.Writer) (step, error) {
	r.round++
	ch := newChallenge(r.round, username, next.params)
	ch.After = r.after
	ch.report(status)
	for {
		line, err := codes.Code(ctx, ch)
		if err != nil {
			return step{}, err
		}
		answer, metadata := line, map[string]string(nil)
		channel, resend := resendRequest(line)
		if resend {
			if problem := ch.cannotResend(channel); problem != "" {
				fmt.Fprintf(status, "%s%s: type the code.\n", strings.ToUpper(problem[:1]), problem[1:])
				ch.Again = true
				continue
			}
			answer, metadata = resendAnswer, map[string]string{session.ClientMetadataResend: "true"}
			if channel != "" && channel != ch.Channel {
				metadata[session.ClientMetadataChannel] = channel
			}
		}
		after, err := pool.respondCustom(ctx, next.session, ch.Username, answer, metadata)
		if err != nil {
			return step{}, err
		}
		r.after = sameCode
		if resend {
			r.after = newCode
		}
		return after, nil
	}
}

// requestedCodes asks for new codes before any code is read from next,
// as --channel and --resend say: a switch to channel when the first code
// went by another one, then resends more by the same channel. A request
// the pool cannot grant is an error: a script must not go on as if it had
// been.
type requestedCodes struct {
	channel string
	resends int
	next    codeSource
}

func (r *requestedCodes) Code(ctx context.Context, ch challenge) (string, error) {
	if ch.Authenticator {
		return r.next.Code(ctx, ch)
	}
	if want := r.channel; want != "" {
		r.channel = ""
		if ch.Channel != want {
			if problem := ch.cannotResend(want); problem != "" {
				return "", fmt.Errorf("--channel %s: the code went by %s, and %s", want, describeChannel(ch.Channel), problem)
			}
			return keyFor(want), nil
		}
	}
	if r.resends > 0 {
		r.resends--
		if problem := ch.cannotResend(""); problem != "" {
			return "", errors.New("--resend: " + problem)
		}
		return keyResend, nil
	}
	return r.next.Code(ctx, ch)
}

// describeChannel names the channel a code went by, or says the pool did not.
func describeChannel(channel string) string {
	if channel == "" {
		return "a channel the pool does not name"
	}
	return channelName(channel)
}
