package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/phone"
)

// goLogLine is a line of Go's log package, which aws-lambda-go writes for a
// function error: "2026/12/03 14:48:30 {"errorMessage":...}", a crash to
// anyone who reads it.
var goLogLine = regexp.MustCompile(`^[0-9]{4}/[0-9]{2}/[0-9]{2} [0-9:]{8} `)

// TestLocalTerminalIsReadable runs "passwordless local --logs FILE" and a
// session against it, as a person would with the CLI: a sign-up, a
// sign-in with a wrong code and then the right one, a sign-in that asks
// for a new code, and one the number's limit (3 codes in 15 minutes)
// refuses. Its terminal is a readable line per step, in order, with no
// JSON and no Go log line, and the triggers' JSON logs are in FILE.
func TestLocalTerminalIsReadable(t *testing.T) {
	logs := filepath.Join(t.TempDir(), "triggers.log")
	var stdout, stderr syncBuffer
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	served := make(chan error, 1)
	running, stopped := context.WithCancel(ctx)
	go func() {
		served <- Local(ctx, []string{"--addr", "127.0.0.1:0", "--bin-dir", binDir, "--logs", logs}, &stdout, &stderr)
		stopped() // no waiting for what a stopped local would print
	}()
	m, err := waitFor(running, &stdout, regexp.MustCompile(`Local Cognito user pool at (\S+)\n(?s:.*)Serving; press Ctrl\+C to stop\.\n`))
	if err != nil {
		t.Fatalf("%v\nstderr:\n%s", err, stderr.String())
	}
	endpoint, number := m[1], newNumber()
	codeSent := regexp.MustCompile(`SMS to ` + regexp.QuoteMeta(number) + `: Your sign-in code is ([0-9]{6})\n`)

	if up := run(t, nil, "sign-up", number, "--endpoint-url", endpoint); up.code != ExitOK {
		t.Fatalf("sign-up: exit code %d\n%s", up.code, up.stderr)
	}
	in, err := runFed(t, []string{"sign-in", number, "--endpoint-url", endpoint}, func(ctx context.Context, w io.Writer, _ *syncBuffer) error {
		m, err := waitFor(ctx, &stdout, codeSent) // the terminal of local mode, where the person reads the code
		if err == nil {
			_, err = fmt.Fprintf(w, "%s\n%s\n", wrong(m[1]), m[1])
		}
		return err
	})
	if err != nil || in.code != ExitOK {
		t.Fatalf("sign-in: exit code %d, %v\n%s", in.code, err, in.stderr)
	}
	// Two more codes: the first of a sign-in and the one asked for
	// instead (r); the sign-in then ends at the end of stdin.
	run(t, strings.NewReader(keyResend+"\n"), "sign-in", number, "--endpoint-url", endpoint)
	refused := run(t, nil, "sign-in", number, "--endpoint-url", endpoint)
	mustContain(t, "the refused sign-in's stderr", refused.stderr, "too many sign-in codes requested, try again later")
	cancel()
	if err := <-served; err != nil {
		t.Fatalf("passwordless local: %v\n%s", err, stderr.String())
	}

	who := regexp.QuoteMeta(phone.Mask(number))
	sms := codeSent.String()
	requireLinesInOrder(t, stdout.String(),
		`^  trigger logs:  `+regexp.QuoteMeta(logs)+`\n`,
		`^Serving; press Ctrl\+C to stop\.\n`,
		`^signed up `+who+`\n`,
		sms,
		`^wrong code from `+who+`: 2 attempts left\n`,
		`^right code from `+who+`: tokens issued\n`,
		sms, sms,
		`^sign-in of `+who+` refused: too many sign-in codes requested, try again later \(create auth challenge\)\n`,
		`^Stopped\.\n`,
	)
	for name, terminal := range map[string]string{"stdout": stdout.String(), "stderr": stderr.String()} {
		for _, line := range strings.Split(terminal, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "{") || goLogLine.MatchString(line) {
				t.Errorf("%s has a log line: %q", name, line)
			}
		}
	}
	requireJSONLogs(t, logs, "too many sign-in codes requested")
}

// requireLinesInOrder requires a line of text to match each pattern (each
// anchored at a line's start with ^, and ending with its \n), in order.
func requireLinesInOrder(t *testing.T, text string, patterns ...string) {
	t.Helper()
	rest := text
	for _, p := range patterns {
		loc := regexp.MustCompile(`(?m)` + p).FindStringIndex(rest)
		if loc == nil {
			t.Errorf("no line matching %s after what came before; the terminal:\n%s", p, text)
			return
		}
		rest = rest[loc[1]:]
	}
}

// requireJSONLogs requires the file to hold the triggers' logs: JSON
// records (and aws-lambda-go's report of a function error), one of
// which has want.
func requireJSONLogs(t *testing.T, path, want string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, found := 0, false
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		line := scanner.Text()
		var record map[string]any
		switch {
		case json.Unmarshal([]byte(line), &record) == nil:
			records++
		case !goLogLine.MatchString(line):
			t.Errorf("a line of the logs is not JSON: %q", line)
		}
		found = found || strings.Contains(line, want)
	}
	if records == 0 || !found {
		t.Errorf("the logs have %d JSON records, %q in them: %v", records, want, found)
	}
}
