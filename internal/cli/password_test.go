package cli

import (
	"bufio"
	"context"
	"io"
	"maps"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/localpool"
	"github.com/cognito-passwordless/passwordless-go/internal/phone"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

// testPassword meets Cognito's default password policy, which local mode
// enforces at sign-up.
const testPassword = "Correct Horse-Battery 9!"

// startPasswordPool starts a local pool whose define runs the
// password-and-code flow, with the triggers TestMain built, for t alone.
// env adds trigger settings.
func startPasswordPool(t *testing.T, env ...map[string]string) *localpool.Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	all := map[string]string{config.EnvSignInFlow: string(session.FlowPasswordAndCode)}
	for _, e := range env {
		maps.Copy(all, e)
	}
	srv, err := localpool.Start(ctx, localpool.Options{
		Addr: "127.0.0.1:0", BinDir: binDir, Out: io.Discard, Logs: io.Discard, Env: all,
	})
	if err != nil {
		t.Fatalf("start the local pool: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close the local pool: %v", err)
		}
	})
	return srv
}

// against returns the command line of command for number against srv.
func against(srv *localpool.Server, command, number string, extra ...string) []string {
	return append([]string{command, number, "--endpoint-url", srv.URL(), "--client-id", srv.ClientID()}, extra...)
}

// runWithPassword runs args, checking that the password shows nowhere in
// what the command printed.
func runWithPassword(t *testing.T, password string, stdin io.Reader, args ...string) ran {
	t.Helper()
	got := run(t, stdin, args...)
	for what, out := range map[string]string{"stdout": got.stdout, "stderr": got.stderr} {
		if strings.Contains(out, password) {
			t.Errorf("%s of %q shows the password:\n%s", what, args, out)
		}
	}
	return got
}

// smsTo returns how many SMS srv has sent to number.
func smsTo(srv *localpool.Server, number string) int {
	n := 0
	for _, m := range srv.Outbox() {
		if m.PhoneNumber == number {
			n++
		}
	}
	return n
}

func TestPasswordSignUpAndSignIn(t *testing.T) {
	srv := startPasswordPool(t)
	number := newNumber()
	up := runWithPassword(t, testPassword, strings.NewReader(testPassword+"\n"), against(srv, "sign-up", number, "--password-stdin")...)
	if up.code != ExitOK {
		t.Fatalf("sign-up: exit code %d\n%s", up.code, up.stderr)
	}
	mustContain(t, "sign-up's stdout", up.stdout, "Signed up "+number+": confirmed")

	// The password, then the code, on stdin; the flags after the phone.
	// A Windows line ending is not part of the password.
	stdin := io.MultiReader(strings.NewReader(testPassword+"\r\n"),
		codesFromOutboxOf(t, srv, number, func(code string) []string { return []string{code} }))
	in := runWithPassword(t, testPassword, stdin, against(srv, "sign-in", number, "--password-stdin", "--tokens")...)
	if in.code != ExitOK {
		t.Fatalf("sign-in: exit code %d\n%s", in.code, in.stderr)
	}
	mustContain(t, "sign-in's stderr", in.stderr, "A sign-in code was sent to "+phone.Mask(number)+": 6 digits, 3 attempts left.")
	mustContain(t, "sign-in's stdout", in.stdout,
		`"phone_number": "`+number+`"`, `"token_use": "id"`, `"iss": "`+srv.URL()+"/"+srv.UserPoolID()+`"`, "ID token:      ey")
	if n := smsTo(srv, number); n != 1 {
		t.Errorf("%d SMS to %s, want 1", n, number)
	}

	// A wrong code is retried after the password as in the code flow,
	// and --code answers the first round.
	stdin = io.MultiReader(strings.NewReader(testPassword+"\n"),
		codesFromOutboxOf(t, srv, number, func(code string) []string { return []string{code} }))
	again := runWithPassword(t, testPassword, stdin, against(srv, "sign-in", number, "--password-stdin", "--code", "0")...)
	if again.code != ExitOK {
		t.Fatalf("sign-in with a wrong --code: exit code %d\n%s", again.code, again.stderr)
	}
	mustContain(t, "stderr", again.stderr, "Wrong code: 2 attempts left.")
}

func TestPasswordSignInRefused(t *testing.T) {
	srv := startPasswordPool(t)
	number, unknown := newNumber(), newNumber()
	if up := run(t, strings.NewReader(testPassword+"\n"), against(srv, "sign-up", number, "--password-stdin")...); up.code != ExitOK {
		t.Fatalf("sign-up: exit code %d\n%s", up.code, up.stderr)
	}
	const wrongPassword = "Wrong Horse-Battery 9!"
	const refused = "passwordless sign-in: NotAuthorizedException: Incorrect username or password.\n"
	tests := []struct {
		name     string
		srv      *localpool.Server
		number   string
		password string // the first line of stdin
		args     []string
	}{
		{name: "wrong password", srv: srv, number: number, password: wrongPassword, args: []string{"--password-stdin"}},
		{name: "unknown user", srv: srv, number: unknown, password: testPassword, args: []string{"--password-stdin"}},
		{name: "another pool's id in the proof", srv: srv, number: number, password: testPassword, args: []string{"--password-stdin", "--user-pool-id", "us-east-1_OtherPool"}},
		// The pool wants the password first: the code flow alone is refused.
		{name: "no password", srv: srv, number: number, password: testPassword},
		// A pool in the code flow (SIGN_IN_FLOW=code): define refuses SRP.
		{name: "code-flow pool", srv: shared, number: number, password: testPassword, args: []string{"--password-stdin"}},
	}
	// The code-flow pool knows the number too, so that only the flow differs.
	if up := run(t, nil, againstShared("sign-up", number)...); up.code != ExitOK {
		t.Fatalf("sign-up in the shared pool: exit code %d\n%s", up.code, up.stderr)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runWithPassword(t, tt.password, strings.NewReader(tt.password+"\n123456\n"), against(tt.srv, "sign-in", tt.number, tt.args...)...)
			if got.code != ExitFailure {
				t.Errorf("exit code %d, want %d", got.code, ExitFailure)
			}
			if !strings.HasSuffix(got.stderr, refused) || strings.Contains(got.stderr, "code was sent") {
				t.Errorf("stderr does not end in %q alone:\n%s", refused, got.stderr)
			}
			if got.stdout != "" {
				t.Errorf("stdout is not empty:\n%s", got.stdout)
			}
			if n := smsTo(tt.srv, tt.number); n != 0 {
				t.Errorf("%d SMS sent to %s", n, tt.number)
			}
		})
	}
}

func TestPasswordStdinUsage(t *testing.T) {
	srv := startPasswordPool(t)
	number := newNumber()
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stderr string
	}{
		{name: "sign-up, empty stdin", args: against(srv, "sign-up", number, "--password-stdin"), code: ExitUsage, stderr: "passwordless sign-up: --password-stdin: stdin is empty"},
		{name: "sign-in, empty stdin", args: against(srv, "sign-in", number, "--password-stdin"), code: ExitUsage, stderr: "passwordless sign-in: --password-stdin: stdin is empty"},
		{name: "sign-up, empty first line", args: against(srv, "sign-up", number, "--password-stdin"), stdin: "\n" + testPassword + "\n", code: ExitUsage, stderr: "the first line of stdin, the password, is empty"},
		{name: "sign-in, empty first line", args: against(srv, "sign-in", number, "--password-stdin"), stdin: "\r\n", code: ExitUsage, stderr: "the first line of stdin, the password, is empty"},
		{name: "password against the policy", args: against(srv, "sign-up", number, "--password-stdin"), stdin: "Sh0rt!", code: ExitFailure, stderr: "passwordless sign-up: InvalidPasswordException: Password did not conform with policy: Password not long enough\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(t, strings.NewReader(tt.stdin), tt.args...)
			if got.code != tt.code {
				t.Errorf("exit code %d, want %d\n%s", got.code, tt.code, got.stderr)
			}
			mustContain(t, "stderr", got.stderr, tt.stderr)
			if password := strings.TrimSpace(tt.stdin); password != "" && strings.Contains(got.stdout+got.stderr, password) {
				t.Errorf("the password shows in the output:\n%s\n%s", got.stdout, got.stderr)
			}
			if got.stdout != "" {
				t.Errorf("stdout is not empty:\n%s", got.stdout)
			}
		})
	}
	// None of these signed the number up.
	if in := run(t, strings.NewReader(testPassword+"\n"), against(srv, "sign-in", number, "--password-stdin")...); in.code != ExitFailure || smsTo(srv, number) != 0 {
		t.Errorf("sign-in after refused sign-ups: exit code %d, %d SMS\n%s", in.code, smsTo(srv, number), in.stderr)
	}
}

// TestLocalSignInFlow runs "passwordless local --sign-in-flow
// password-and-code" and proves a password to it with sign-in.
func TestLocalSignInFlow(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	r, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- Local(ctx, []string{"--addr", "127.0.0.1:0", "--bin-dir", binDir, "--sign-in-flow", "password-and-code",
			"--logs", filepath.Join(t.TempDir(), "triggers.log")}, w, io.Discard)
		w.Close()
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("passwordless local: %v", err)
		}
	})
	urls := make(chan string, 1)
	go func() {
		scanner := bufio.NewScanner(r)
		for scanner.Scan() {
			if url, ok := strings.CutPrefix(scanner.Text(), "Local Cognito user pool at "); ok {
				urls <- url
			}
		}
	}()
	var url string
	select {
	case url = <-urls:
	case err := <-done:
		t.Fatalf("passwordless local ended: %v", err)
	case <-time.After(time.Minute):
		t.Fatal("passwordless local did not start within a minute")
	}

	number := newNumber()
	local := func(command string, extra ...string) []string {
		return append([]string{command, number, "--endpoint-url", url}, extra...)
	}
	if up := run(t, strings.NewReader(testPassword+"\n"), local("sign-up", "--password-stdin")...); up.code != ExitOK {
		t.Fatalf("sign-up: exit code %d\n%s", up.code, up.stderr)
	}
	// Without the password, the pool refuses; with it, the code is sent
	// (and stdin then has none).
	if in := run(t, nil, local("sign-in")...); in.code != ExitFailure || strings.Contains(in.stderr, "code was sent") {
		t.Errorf("sign-in without the password: exit code %d\n%s", in.code, in.stderr)
	}
	in := runWithPassword(t, testPassword, strings.NewReader(testPassword+"\n"), local("sign-in", "--password-stdin")...)
	if in.code != ExitFailure {
		t.Errorf("sign-in with no code: exit code %d, want %d", in.code, ExitFailure)
	}
	mustContain(t, "sign-in's stderr", in.stderr, "A sign-in code was sent to "+phone.Mask(number), "no code: stdin ended")
}
