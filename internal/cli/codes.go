package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// codeSource answers a challenge round with a code: a person at the
// terminal, a script through stdin or a flag, or the demo reading local
// mode's outbox.
type codeSource interface {
	Code(ctx context.Context, ch challenge) (string, error)
}

// errNoCode is returned when stdin ends before a code is given.
var errNoCode = errors.New("no code: stdin ended before a code was given (type the code, pass --code, or pipe one code per line)")

// lineCodes answers the first round with a given code (--code), if any, and
// every other round with the next non-empty line of input, prompting for
// it when the input is a terminal. A line may also ask for a new code (r,
// e or s), which the prompt offers when the pool can send one.
type lineCodes struct {
	first  string
	in     *bufio.Reader
	prompt io.Writer // nil: no prompt
}

// newLineCodes reads codes from in after first, prompting on prompt when in is a terminal.
func newLineCodes(first string, in io.Reader, prompt io.Writer) *lineCodes {
	if !isTerminal(in) {
		prompt = nil
	}
	return &lineCodes{first: first, in: bufio.NewReader(in), prompt: prompt}
}

// Code returns the next code; an empty line would only waste an attempt,
// so it asks again.
func (c *lineCodes) Code(ctx context.Context, ch challenge) (string, error) {
	if code := c.first; code != "" {
		c.first = ""
		return code, nil
	}
	label := "Code: "
	if ch.Authenticator {
		label = "Authenticator code: "
	}
	if hint := ch.hint(); c.prompt != nil && hint != "" && ch.After != sameCode && !ch.Again {
		fmt.Fprintln(c.prompt, hint)
	}
	for {
		if c.prompt != nil {
			fmt.Fprint(c.prompt, label)
		}
		line, err := readLine(ctx, c.in)
		if code := strings.TrimSpace(line); code != "" {
			return code, nil
		}
		if errors.Is(err, io.EOF) {
			if c.prompt != nil {
				fmt.Fprintln(c.prompt) // end the prompt's line before the error
			}
			return "", errNoCode
		}
		if err != nil {
			return "", err
		}
	}
}

// readLine reads a line of in, giving up when ctx ends: a read from a
// terminal cannot be interrupted, and Ctrl-C must still stop the command.
func readLine(ctx context.Context, in *bufio.Reader) (string, error) {
	type read struct {
		line string
		err  error
	}
	done := make(chan read, 1)
	go func() {
		line, err := in.ReadString('\n')
		done <- read{line, err}
	}()
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case r := <-done:
		return r.line, r.err
	}
}

// isTerminal reports whether r is a terminal rather than a pipe or a file.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
