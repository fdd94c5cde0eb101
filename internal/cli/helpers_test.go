package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/localpool"
	"github.com/cognito-passwordless/passwordless-go/internal/otp"
)

// ran is what one run of the command returned and printed.
type ran struct {
	code           int
	stdout, stderr string
}

// run runs the command line args with stdin (nil: empty), within a minute.
func run(t *testing.T, stdin io.Reader, args ...string) ran {
	t.Helper()
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := Run(ctx, args, stdin, &stdout, &stderr)
	return ran{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// againstShared returns the command line of command for number against the shared pool.
func againstShared(command, number string, extra ...string) []string {
	return append([]string{command, number, "--endpoint-url", shared.URL(), "--client-id", shared.ClientID()}, extra...)
}

// codesFromOutbox returns a stdin for a sign-in of number: as soon as the
// shared pool has texted number a code, it gives the lines answer(code)
// returns, as a person or a script would type them.
func codesFromOutbox(t *testing.T, number string, answer func(code string) []string) io.Reader {
	t.Helper()
	return codesFromOutboxOf(t, shared, number, answer)
}

// codesFromOutboxOf is codesFromOutbox for the pool srv.
func codesFromOutboxOf(t *testing.T, srv *localpool.Server, number string, answer func(code string) []string) io.Reader {
	t.Helper()
	r, w := io.Pipe()
	t.Cleanup(func() { r.Close() }) // unblocks the writer if the run ended early
	phone := &outboxCodes{messages: srv.Messages, to: number, since: time.Now(), status: io.Discard}
	go func() {
		code, err := phone.Code(t.Context(), challenge{CodeLength: otp.DefaultLength})
		if err != nil {
			w.CloseWithError(err)
			return
		}
		for _, line := range answer(code) {
			if _, err := io.WriteString(w, line+"\n"); err != nil {
				return
			}
		}
		w.Close()
	}()
	return r
}

// numbers counts the phone numbers the tests have signed up, so that each
// test (and each run of it, with -count) has a number of its own in the
// shared pool.
var numbers atomic.Int32

// newNumber returns a phone number nobody has signed up in this process.
func newNumber() string {
	return fmt.Sprintf("+1555555%04d", 1000+numbers.Add(1))
}

// wrong returns a code that differs from code in every digit.
func wrong(code string) string {
	b := []byte(code)
	for i, c := range b {
		b[i] = '0' + (c-'0'+1)%10
	}
	return string(b)
}

func mustContain(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(got, want) {
			t.Errorf("%s does not contain %q:\n%s", what, want, got)
		}
	}
}
