package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/localpool"
)

// outboxWait bounds how long outboxCodes waits for a code's message, which
// the create trigger sends before the pool answers: a missing message is
// a failure, not something to wait out.
const outboxWait = 10 * time.Second

// outboxCodes answers each round with the code of a message sent to one
// phone number or email address since a time, read from local mode's
// outboxes (SMS and email): the demo's stand-in for a person reading their
// phone or mailbox. A round with a new code (the first, or after a resend)
// takes a message newer than the one it took last; a round after a wrong
// answer takes the same one again.
type outboxCodes struct {
	messages func() []localpool.Message // (*localpool.Server).Messages
	to       string
	since    time.Time
	status   io.Writer
	// taken counts the messages to `to` up to the one taken last.
	taken int
}

// Code returns the code of the message the round needs, polling the
// outboxes briefly in case the message is still on its way.
func (c *outboxCodes) Code(ctx context.Context, ch challenge) (string, error) {
	if ch.Authenticator {
		return "", errors.New("the pool asks for the code of an authenticator app, which is not sent by SMS or email")
	}
	from := c.taken
	if ch.After == sameCode && from > 0 {
		from--
	}
	ctx, cancel := context.WithTimeout(ctx, outboxWait)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if code, n, ok := c.latest(from, ch.CodeLength); ok {
			c.taken = n
			fmt.Fprintf(c.status, "Code read from the outbox: %s\n", code)
			return code, nil
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("no message with a %d-digit code for %s in the local outbox: %w", ch.CodeLength, c.to, ctx.Err())
		case <-tick.C:
		}
	}
}

// latest returns the code in the newest message to c.to since c.since,
// if it is past the first `from` of them, and how many there are up to it.
func (c *outboxCodes) latest(from, length int) (string, int, bool) {
	var texts []string
	for _, m := range c.messages() {
		if m.To == c.to && !m.SentAt.Before(c.since) {
			texts = append(texts, m.Text)
		}
	}
	for i := len(texts) - 1; i >= from; i-- {
		if code, ok := findCode(texts[i], length); ok {
			return code, i + 1, true
		}
	}
	return "", 0, false
}

var digitRuns = regexp.MustCompile(`[0-9]+`)

// findCode returns the first run of exactly length digits in text; the
// message templates are configurable, so the code's place in them is not
// known.
func findCode(text string, length int) (string, bool) {
	for _, run := range digitRuns.FindAllString(text, -1) {
		if len(run) == length {
			return run, true
		}
	}
	return "", false
}
