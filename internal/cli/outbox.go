package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/snsoutbox"
)

// outboxWait bounds how long outboxCodes waits for a code's SMS, which
// the create trigger sends before the pool answers: a missing message is
// a failure, not something to wait out.
const outboxWait = 10 * time.Second

// outboxCodes answers each round with the code of the newest SMS sent to
// phone since a time, read from local mode's outbox: the demo's stand-in
// for a person reading their phone.
type outboxCodes struct {
	outbox func() []snsoutbox.Message // (*localpool.Server).Outbox
	phone  string
	since  time.Time
	status io.Writer
}

// Code returns the code of the newest message to c.phone, polling the
// outbox briefly in case the message is still on its way.
func (c *outboxCodes) Code(ctx context.Context, ch challenge) (string, error) {
	if ch.Authenticator {
		return "", errors.New("the pool asks for the code of an authenticator app, which is not sent by SMS")
	}
	ctx, cancel := context.WithTimeout(ctx, outboxWait)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if code, ok := c.latest(ch.CodeLength); ok {
			fmt.Fprintf(c.status, "Code read from the outbox: %s\n", code)
			return code, nil
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("no SMS with a %d-digit code for %s in the local outbox: %w", ch.CodeLength, c.phone, ctx.Err())
		case <-tick.C:
		}
	}
}

// latest returns the code in the newest message to c.phone since c.since.
func (c *outboxCodes) latest(length int) (string, bool) {
	messages := c.outbox()
	for i := len(messages) - 1; i >= 0; i-- {
		m := messages[i]
		if m.PhoneNumber != c.phone || m.SentAt.Before(c.since) {
			continue
		}
		if code, ok := findCode(m.Text, length); ok {
			return code, true
		}
	}
	return "", false
}

var digitRuns = regexp.MustCompile(`[0-9]+`)

// findCode returns the first run of exactly length digits in text; the
// SMS template is configurable, so the code's place in it is not known.
func findCode(text string, length int) (string, bool) {
	for _, run := range digitRuns.FindAllString(text, -1) {
		if len(run) == length {
			return run, true
		}
	}
	return "", false
}
