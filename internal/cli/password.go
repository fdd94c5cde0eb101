package cli

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// throwawayPassword returns a random password for SignUp, which requires
// one even though the custom auth flow never asks for it. It meets
// Cognito's default policy (8 or more characters with an upper case letter,
// a lower case letter, a digit and a symbol): the fixed prefix guarantees
// each class, and crypto/rand's 26 characters (130 bits) make it unguessable.
func throwawayPassword() string {
	return "Aa1!" + rand.Text()
}

// passwordStdinUsage is the help of --password-stdin.
const passwordStdinUsage = "read the password from the first line of stdin (asked without echo on a terminal); it is never taken from the command line"

// readPassword reads the password of --password-stdin from in, and returns
// it with the reader to take the codes from afterwards, which holds the rest
// of in. From a pipe or a file the password is the first line, without its
// line ending (\n or \r\n); on a terminal it is asked for on prompt without
// echo, twice when confirm is set (sign-up, where a typo would lock the
// password out). A missing or empty password is a usage error on fs. The
// password never goes to prompt or into an error.
func readPassword(ctx context.Context, fs *flag.FlagSet, in io.Reader, prompt io.Writer, confirm bool) (string, io.Reader, error) {
	if f, ok := in.(*os.File); ok && isTerminal(in) {
		password, err := askPassword(ctx, f, prompt, "Password: ")
		if err == nil && password != "" && confirm {
			var again string
			again, err = askPassword(ctx, f, prompt, "Password again: ")
			if err == nil && again != password {
				return "", nil, errors.New("the two passwords differ")
			}
		}
		if err != nil {
			return "", nil, err
		}
		if password == "" {
			return "", nil, usageError(fs, "--password-stdin: the password is empty")
		}
		return password, in, nil
	}
	r := bufio.NewReader(in)
	line, err := readLine(ctx, r)
	if err != nil && !errors.Is(err, io.EOF) {
		return "", nil, fmt.Errorf("read the password from stdin: %w", err)
	}
	password := strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	switch {
	case line == "":
		return "", nil, usageError(fs, "--password-stdin: stdin is empty; give the password as its first line")
	case password == "":
		return "", nil, usageError(fs, "--password-stdin: the first line of stdin, the password, is empty")
	}
	return password, r, nil
}

// askPassword prompts on prompt and reads a line from the terminal f without
// echo. Ctrl-C (ctx) gives up and puts the terminal back as it was, which
// term.ReadPassword, blocked in its read, cannot do itself.
func askPassword(ctx context.Context, f *os.File, prompt io.Writer, label string) (string, error) {
	fd := int(f.Fd())
	state, err := term.GetState(fd)
	if err != nil {
		return "", err
	}
	fmt.Fprint(prompt, label)
	type read struct {
		password []byte
		err      error
	}
	done := make(chan read, 1)
	go func() {
		password, err := term.ReadPassword(fd)
		done <- read{password, err}
	}()
	select {
	case <-ctx.Done():
		_ = term.Restore(fd, state)
		fmt.Fprintln(prompt)
		return "", ctx.Err()
	case r := <-done:
		fmt.Fprintln(prompt) // the Enter typed was not echoed
		if r.err != nil {
			return "", fmt.Errorf("read the password: %w", r.err)
		}
		return string(r.password), nil
	}
}
