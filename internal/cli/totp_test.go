package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	pqotp "github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"rsc.io/qr"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/localpool"
	"github.com/cognito-passwordless/passwordless-go/internal/otp"
	"github.com/cognito-passwordless/passwordless-go/internal/phone"
)

// syncBuffer is a buffer a command writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// waitFor returns re's submatches in buf as soon as it holds a match.
func waitFor(ctx context.Context, buf *syncBuffer, re *regexp.Regexp) ([]string, error) {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if m := re.FindStringSubmatch(buf.String()); m != nil {
			return m, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("no %s in the output: %w", re, ctx.Err())
		case <-tick.C:
		}
	}
}

// runFed runs args with a stdin that feed writes while the command runs,
// as a person answers what the command prints on stdout. It returns what
// the command printed, and feed's error.
func runFed(t *testing.T, args []string, feed func(ctx context.Context, in io.Writer, stdout *syncBuffer) error) (ran, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	r, w := io.Pipe()
	var stdout, stderr syncBuffer
	fed := make(chan error, 1)
	go func() {
		err := feed(ctx, w, &stdout)
		w.CloseWithError(err) // nil: the command reads the end of stdin
		fed <- err
	}()
	code := Run(ctx, args, r, &stdout, &stderr)
	r.Close() // unblocks a write the command no longer reads
	cancel()  // and a wait for output that will not come
	return ran{code: code, stdout: stdout.String(), stderr: stderr.String()}, <-fed
}

// keyURIPattern matches the otpauth:// URI totp setup prints, and gives the secret.
var keyURIPattern = regexp.MustCompile(`(?m)^otpauth://totp/passwordless:%2B[0-9]+\?secret=([A-Z2-7]+)&issuer=passwordless$`)

// codeAt is what an authenticator app shows for secret at t.
func codeAt(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// nextCode is the app's code of the next 30-second step: each code is
// taken once, and totp setup has just used the current step's, while the
// pool takes one step either side of its own.
func nextCode(t *testing.T, secret string) string {
	return codeAt(t, secret, time.Now().Add(30*time.Second))
}

// signUpWithPassword signs number up in srv with testPassword.
func signUpWithPassword(t *testing.T, srv *localpool.Server, number string) {
	t.Helper()
	if up := run(t, strings.NewReader(testPassword+"\n"), against(srv, "sign-up", number, "--password-stdin")...); up.code != ExitOK {
		t.Fatalf("sign-up: exit code %d\n%s", up.code, up.stderr)
	}
}

// setUpTOTP runs totp setup for number in srv, as a person does: the
// password, the SMS code, then a line that is no code, a wrong code and
// the app's code, computed from the secret the command prints. It returns
// the secret and what the command printed.
func setUpTOTP(t *testing.T, srv *localpool.Server, number string, extra ...string) (string, ran) {
	t.Helper()
	var secret string
	since := time.Now()
	args := append([]string{"totp"}, against(srv, "setup", number, append([]string{"--password-stdin"}, extra...)...)...)
	got, err := runFed(t, args, func(ctx context.Context, in io.Writer, stdout *syncBuffer) error {
		if _, err := io.WriteString(in, testPassword+"\n"); err != nil {
			return err
		}
		sms, err := (&outboxCodes{messages: srv.Messages, to: number, since: since, status: io.Discard}).Code(ctx, challenge{CodeLength: otp.DefaultLength})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(in, sms+"\n"); err != nil {
			return err
		}
		m, err := waitFor(ctx, stdout, keyURIPattern)
		if err != nil {
			return err
		}
		secret = m[1]
		code := codeAt(t, secret, time.Now())
		_, err = io.WriteString(in, "12345\n"+wrong(code)+"\n"+code+"\n")
		return err
	})
	if got.code != ExitOK || err != nil {
		t.Fatalf("totp setup: exit code %d, stdin: %v\nstdout:\n%s\nstderr:\n%s", got.code, err, got.stdout, got.stderr)
	}
	for what, out := range map[string]string{"stdout": got.stdout, "stderr": got.stderr} {
		if strings.Contains(out, testPassword) {
			t.Errorf("%s of totp setup shows the password:\n%s", what, out)
		}
	}
	return secret, got
}

func TestTOTPSetupAndSignIn(t *testing.T) {
	srv := startPasswordPool(t)
	number := newNumber()
	signUpWithPassword(t, srv, number)
	secret, setup := setUpTOTP(t, srv, number, "--device-name", "Test phone")

	// stdout: the URI, then the result; stderr: the sign-in, the QR code,
	// the key to type, and the codes asked again.
	uri, done, _ := strings.Cut(setup.stdout, "\n")
	key, err := pqotp.NewKeyFromURL(uri)
	if err != nil {
		t.Fatalf("the URI %q: %v", uri, err)
	}
	if key.Issuer() != "passwordless" || key.AccountName() != number || key.Secret() != secret || key.Type() != "totp" {
		t.Errorf("the URI %q names issuer %q, account %q, type %q", uri, key.Issuer(), key.AccountName(), key.Type())
	}
	if want := "Authenticator app set up for " + number + ": sign-in with the password now asks for its code.\n"; done != want {
		t.Errorf("stdout after the URI = %q, want %q", done, want)
	}
	mustContain(t, "totp setup's stderr", setup.stderr,
		"A sign-in code was sent to "+phone.Mask(number), "Signed in.\n", "scan the QR code", "████ ▄▄▄▄▄ █",
		"Key: "+groupsOf4(secret)+"\n", "Enter the 6-digit code the app shows",
		notAnAuthenticatorCode+"\n"+wrongAuthenticatorCode+"\n")
	if n := smsTo(srv, number); n != 1 {
		t.Errorf("%d SMS to %s after totp setup, want 1", n, number)
	}

	// Sign-in now asks for the app's code after the password, and sends
	// no SMS.
	code := nextCode(t, secret)
	in := runWithPassword(t, testPassword, strings.NewReader(testPassword+"\n"+code+"\n"), against(srv, "sign-in", number, "--password-stdin", "--tokens")...)
	if in.code != ExitOK {
		t.Fatalf("sign-in: exit code %d\n%s", in.code, in.stderr)
	}
	if want := "The pool asks for the 6-digit code of your authenticator app (Test phone).\n"; in.stderr != want {
		t.Errorf("sign-in's stderr = %q, want %q", in.stderr, want)
	}
	mustContain(t, "sign-in's stdout", in.stdout, `"phone_number": "`+number+`"`, "Access token:  ey")
	if n := smsTo(srv, number); n != 1 {
		t.Errorf("%d SMS to %s after a sign-in with the app, want 1", n, number)
	}

	// Each code is taken once.
	again := runWithPassword(t, testPassword, strings.NewReader(testPassword+"\n"+code+"\n"), against(srv, "sign-in", number, "--password-stdin")...)
	if again.code != ExitFailure || again.stdout != "" {
		t.Errorf("sign-in with a used code: exit code %d\n%s", again.code, again.stdout)
	}
	mustContain(t, "stderr", again.stderr, usedAuthenticatorCode+"\n", "no code: stdin ended")
}

func TestTOTPSignInWrongCode(t *testing.T) {
	srv := startPasswordPool(t)
	number := newNumber()
	signUpWithPassword(t, srv, number)
	secret, _ := setUpTOTP(t, srv, number)

	// A wrong code is asked again, on the same sign-in; so is a line
	// that is no code, which is not sent.
	code := nextCode(t, secret)
	stdin := strings.NewReader(testPassword + "\n" + wrong(code) + "\nabcdef\n" + code + "\n")
	in := runWithPassword(t, testPassword, stdin, against(srv, "sign-in", number, "--password-stdin")...)
	if in.code != ExitOK {
		t.Fatalf("sign-in: exit code %d\n%s", in.code, in.stderr)
	}
	want := "The pool asks for the 6-digit code of your authenticator app.\n" + wrongAuthenticatorCode + "\n" + notAnAuthenticatorCode + "\n"
	if in.stderr != want {
		t.Errorf("stderr = %q, want %q", in.stderr, want)
	}

	// Wrong codes only: the pool ends the sign-in after five, with no SMS.
	codes := strings.Repeat(wrong(code)+"\n", 6)
	refused := runWithPassword(t, testPassword, strings.NewReader(testPassword+"\n"+codes), against(srv, "sign-in", number, "--password-stdin")...)
	if refused.code != ExitFailure || refused.stdout != "" {
		t.Errorf("sign-in with wrong codes: exit code %d\n%s", refused.code, refused.stdout)
	}
	if n := strings.Count(refused.stderr, wrongAuthenticatorCode); n != 4 {
		t.Errorf("%d wrong codes asked again, want 4:\n%s", n, refused.stderr)
	}
	if want := "passwordless sign-in: NotAuthorizedException: Incorrect username or password.\n"; !strings.HasSuffix(refused.stderr, want) {
		t.Errorf("stderr does not end in %q:\n%s", want, refused.stderr)
	}
	if n := smsTo(srv, number); n != 1 {
		t.Errorf("%d SMS to %s, want 1 (totp setup's)", n, number)
	}
}

// TestTOTPThenSMSCode: a pool whose define wants the SMS code after the
// app's (REQUIRE_CODE_AFTER_MFA) gets both.
func TestTOTPThenSMSCode(t *testing.T) {
	srv := startPasswordPool(t, map[string]string{config.EnvRequireCodeAfterMFA: "true"})
	number := newNumber()
	signUpWithPassword(t, srv, number)
	secret, _ := setUpTOTP(t, srv, number)

	stdin := io.MultiReader(strings.NewReader(testPassword+"\n"+nextCode(t, secret)+"\n"),
		codesFromOutboxOf(t, srv, number, func(code string) []string { return []string{code} }))
	in := runWithPassword(t, testPassword, stdin, against(srv, "sign-in", number, "--password-stdin")...)
	if in.code != ExitOK {
		t.Fatalf("sign-in: exit code %d\n%s", in.code, in.stderr)
	}
	want := "The pool asks for the 6-digit code of your authenticator app.\nA sign-in code was sent to " + phone.Mask(number) + ": 6 digits, 3 attempts left.\n"
	if in.stderr != want {
		t.Errorf("stderr = %q, want %q", in.stderr, want)
	}
	if n := smsTo(srv, number); n != 2 {
		t.Errorf("%d SMS to %s, want 2", n, number)
	}
}

// TestTOTPSetupAgain replaces the app: the sign-in of the second setup
// answers the first app's code, and sign-in then takes the second app's
// codes only.
func TestTOTPSetupAgain(t *testing.T) {
	srv := startPasswordPool(t)
	number := newNumber()
	signUpWithPassword(t, srv, number)
	first, _ := setUpTOTP(t, srv, number)

	var second string
	args := append([]string{"totp"}, against(srv, "setup", number, "--password-stdin")...)
	got, err := runFed(t, args, func(ctx context.Context, in io.Writer, stdout *syncBuffer) error {
		if _, err := io.WriteString(in, testPassword+"\n"+nextCode(t, first)+"\n"); err != nil {
			return err
		}
		m, err := waitFor(ctx, stdout, keyURIPattern)
		if err != nil {
			return err
		}
		second = m[1]
		_, err = io.WriteString(in, codeAt(t, second, time.Now())+"\n")
		return err
	})
	if got.code != ExitOK || err != nil {
		t.Fatalf("the second totp setup: exit code %d, stdin: %v\n%s", got.code, err, got.stderr)
	}
	if second == first {
		t.Fatal("the second setup gave the same secret")
	}
	if n := smsTo(srv, number); n != 1 {
		t.Errorf("%d SMS to %s, want 1 (the first setup's)", n, number)
	}
	stdin := strings.NewReader(testPassword + "\n" + nextCode(t, first) + "\n" + nextCode(t, second) + "\n")
	in := runWithPassword(t, testPassword, stdin, against(srv, "sign-in", number, "--password-stdin")...)
	if in.code != ExitOK {
		t.Fatalf("sign-in: exit code %d\n%s", in.code, in.stderr)
	}
	mustContain(t, "sign-in's stderr", in.stderr, wrongAuthenticatorCode) // the first app's code
}

func TestTOTPSetupRefused(t *testing.T) {
	srv := startPasswordPool(t)
	number := newNumber()
	signUpWithPassword(t, srv, number)
	tests := []struct {
		name   string
		srv    *localpool.Server
		stdin  string
		stderr string
	}{
		{name: "wrong password", srv: srv, stdin: "Wrong Horse-Battery 9!\n", stderr: "passwordless totp setup: NotAuthorizedException: Incorrect username or password.\n"},
		// The SMS code is never given, so no secret is asked for.
		{name: "no SMS code", srv: srv, stdin: testPassword + "\n", stderr: "passwordless totp setup: no code: stdin ended"},
		// A pool in the code flow refuses the password step.
		{name: "code-flow pool", srv: shared, stdin: testPassword + "\n", stderr: "passwordless totp setup: NotAuthorizedException: Incorrect username or password.\n"},
	}
	// The code-flow pool knows the number too, so that only the flow differs.
	if up := run(t, nil, againstShared("sign-up", number)...); up.code != ExitOK {
		t.Fatalf("sign-up in the shared pool: exit code %d\n%s", up.code, up.stderr)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"totp"}, against(tt.srv, "setup", number, "--password-stdin")...)
			got := runWithPassword(t, testPassword, strings.NewReader(tt.stdin), args...)
			if got.code != ExitFailure || got.stdout != "" {
				t.Errorf("exit code %d, want %d; stdout:\n%s", got.code, ExitFailure, got.stdout)
			}
			mustContain(t, "stderr", got.stderr, tt.stderr)
			if strings.Contains(got.stderr, "otpauth") || strings.Contains(got.stderr, "Key:") {
				t.Errorf("a secret was associated:\n%s", got.stderr)
			}
		})
	}
}

// rfc6238Secret is the SHA-1 key of RFC 6238's test vectors,
// "12345678901234567890", in base32.
const rfc6238Secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

func TestTOTPCode(t *testing.T) {
	random, err := totp.Generate(totp.GenerateOpts{Issuer: "passwordless", AccountName: "+15555550100"})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 5, 17, 9, 30, 12, 0, time.UTC)
	tests := []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		// RFC 6238 appendix B, the last 6 of its 8 digits.
		{name: "RFC 6238 at 59", args: []string{"--secret", rfc6238Secret, "--time", "1970-01-01T00:00:59Z"}, want: "287082"},
		{name: "RFC 6238 at 1111111109", args: []string{"--secret", rfc6238Secret, "--time", "2005-03-18T01:58:29Z"}, want: "081804"},
		{name: "RFC 6238 at 1234567890, another zone", args: []string{"--secret", rfc6238Secret, "--time", "2009-02-14T00:31:30+01:00"}, want: "005924"},
		{name: "a secret as totp setup shows it", args: []string{"--secret-stdin", "--time", "1970-01-01T00:00:59Z"}, stdin: strings.ToLower(groupsOf4(rfc6238Secret)) + "\n", want: "287082"},
		{name: "a URI, with its own digits", args: []string{"--secret-stdin", "--time", "1970-01-01T00:00:59Z"}, stdin: "otpauth://totp/x:y?secret=" + rfc6238Secret + "&digits=8", want: "94287082"},
		{name: "a random secret", args: []string{"--secret", random.Secret(), "--time", at.Format(time.RFC3339)}, want: codeAt(t, random.Secret(), at)},
		{name: "a URI", args: []string{"--secret", random.URL(), "--time", at.Format(time.RFC3339)}, want: codeAt(t, random.Secret(), at)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(t, strings.NewReader(tt.stdin), append([]string{"totp", "code"}, tt.args...)...)
			if got.code != ExitOK || got.stdout != tt.want+"\n" || got.stderr != "" {
				t.Errorf("exit code %d, stdout %q, want %q\n%s", got.code, got.stdout, tt.want+"\n", got.stderr)
			}
		})
	}

	// Now, by default: the code of the step before or after the run.
	before := codeAt(t, random.Secret(), time.Now())
	got := run(t, nil, "totp", "code", "--secret", random.Secret())
	after := codeAt(t, random.Secret(), time.Now())
	if got.code != ExitOK || (got.stdout != before+"\n" && got.stdout != after+"\n") {
		t.Errorf("exit code %d, stdout %q, want %q\n%s", got.code, got.stdout, before+"\n", got.stderr)
	}
}

func TestTOTPUsage(t *testing.T) {
	const local = "http://127.0.0.1:1" // never called: the command line is refused first
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stdout string
		stderr string
	}{
		{name: "totp alone", args: []string{"totp"}, code: ExitUsage, stderr: "Usage: passwordless totp <command> [flags]"},
		{name: "unknown totp command", args: []string{"totp", "remove"}, code: ExitUsage, stderr: `passwordless totp: unknown command "remove"`},
		{name: "totp -h", args: []string{"totp", "-h"}, code: ExitOK, stderr: "  setup   sign in, then add an authenticator app"},
		{name: "help totp", args: []string{"help", "totp"}, code: ExitOK, stdout: "  code    print the current code"},
		{name: "help totp setup", args: []string{"help", "totp", "setup"}, code: ExitOK, stdout: "Usage: passwordless totp setup PHONE|EMAIL [flags]"},
		{name: "help totp setup lists --device-name", args: []string{"help", "totp", "setup"}, code: ExitOK, stdout: "-device-name"},
		{name: "totp code -h", args: []string{"totp", "code", "-h"}, code: ExitOK, stderr: "-secret-stdin"},
		{name: "the overview lists totp", args: []string{"help"}, code: ExitOK, stdout: "  totp      set up an authenticator app"},
		{name: "setup without --password-stdin", args: []string{"totp", "setup", "+15555550100", "--endpoint-url", local}, code: ExitUsage, stderr: "passwordless totp setup: --password-stdin is required"},
		{name: "setup without PHONE", args: []string{"totp", "setup", "--password-stdin"}, code: ExitUsage, stderr: "passwordless totp setup: missing PHONE"},
		{name: "setup for an email address without --password-stdin", args: []string{"totp", "setup", "jane@example.com", "--endpoint-url", local}, code: ExitUsage, stderr: "passwordless totp setup: --password-stdin is required"},
		{name: "setup for a name that is neither", args: []string{"totp", "setup", "jane", "--password-stdin", "--endpoint-url", local}, code: ExitUsage, stderr: "PHONE|EMAIL must be an E.164 phone number"},
		{name: "setup with an issuer with a colon", args: []string{"totp", "setup", "+15555550100", "--password-stdin", "--issuer", "a:b", "--endpoint-url", local}, code: ExitUsage, stderr: `--issuer must be a non-empty name without ':', got "a:b"`},
		{name: "setup for a deployed pool without its id", args: []string{"totp", "setup", "+15555550100", "--password-stdin", "--region", "eu-west-1", "--client-id", "abc"}, code: ExitUsage, stderr: "--user-pool-id is required"},
		{name: "setup with empty stdin", args: []string{"totp", "setup", "+15555550100", "--password-stdin", "--endpoint-url", local}, code: ExitUsage, stderr: "--password-stdin: stdin is empty"},
		{name: "code without a secret", args: []string{"totp", "code"}, code: ExitUsage, stderr: "passwordless totp code: --secret or --secret-stdin is required"},
		{name: "code with two secrets", args: []string{"totp", "code", "--secret", rfc6238Secret, "--secret-stdin"}, code: ExitUsage, stderr: "give --secret or --secret-stdin, not both"},
		{name: "code with empty stdin", args: []string{"totp", "code", "--secret-stdin"}, code: ExitUsage, stderr: "the first line of stdin, the secret, is empty"},
		{name: "code with a secret not base32", args: []string{"totp", "code", "--secret", "GEZDGNBV1"}, code: ExitUsage, stderr: "the secret is not base32"},
		{name: "code with a URI of HOTP", args: []string{"totp", "code", "--secret", "otpauth://hotp/x:y?secret=" + rfc6238Secret}, code: ExitUsage, stderr: "not an otpauth://totp/ URI"},
		{name: "code with a bad time", args: []string{"totp", "code", "--secret", rfc6238Secret, "--time", "yesterday"}, code: ExitUsage, stderr: `--time must be RFC 3339`},
		{name: "code takes no arguments", args: []string{"totp", "code", rfc6238Secret}, code: ExitUsage, stderr: "unexpected argument(s)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(t, strings.NewReader(tt.stdin), tt.args...)
			if got.code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", got.code, tt.code, got.stdout, got.stderr)
			}
			mustContain(t, "stdout", got.stdout, tt.stdout)
			mustContain(t, "stderr", got.stderr, tt.stderr)
			if tt.stdout == "" && got.stdout != "" {
				t.Errorf("stdout is not empty:\n%s", got.stdout)
			}
			if strings.Contains(got.stderr, "GEZDGNBV1") {
				t.Errorf("the error quotes the secret:\n%s", got.stderr)
			}
		})
	}
}

func TestKeyURI(t *testing.T) {
	tests := []struct {
		issuer, account, want string
	}{
		{"passwordless", "+15555550100", "otpauth://totp/passwordless:%2B15555550100?secret=" + rfc6238Secret + "&issuer=passwordless"},
		{"Example Co", "alice@example.com", "otpauth://totp/Example%20Co:alice%40example.com?secret=" + rfc6238Secret + "&issuer=Example%20Co"},
	}
	for _, tt := range tests {
		uri := keyURI(tt.issuer, tt.account, rfc6238Secret)
		if uri != tt.want {
			t.Errorf("keyURI(%q, %q) = %q, want %q", tt.issuer, tt.account, uri, tt.want)
		}
		// What an app reads from it: pquerna/otp parses it as apps do.
		key, err := pqotp.NewKeyFromURL(uri)
		if err != nil {
			t.Fatal(err)
		}
		if key.Issuer() != tt.issuer || key.AccountName() != tt.account || key.Secret() != rfc6238Secret || key.Period() != 30 || key.Digits() != pqotp.DigitsSix || key.Algorithm() != pqotp.AlgorithmSHA1 {
			t.Errorf("%s reads as issuer %q, account %q, secret %q, %ds, %s, %s", uri, key.Issuer(), key.AccountName(), key.Secret(), key.Period(), key.Digits(), key.Algorithm())
		}
	}
}

// TestPrintQR reads the half blocks back into modules: they must be the
// QR code's, inside a light quiet zone of at least 4 modules.
func TestPrintQR(t *testing.T) {
	text := keyURI("passwordless", "+15555550100", random52())
	var b strings.Builder
	if err := printQR(&b, text); err != nil {
		t.Fatal(err)
	}
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	size := code.Size + 8
	if len(lines) != (size+1)/2 {
		t.Fatalf("%d lines for %d rows of modules", len(lines), size)
	}
	for y := 0; y < size; y++ {
		line := []rune(lines[y/2])
		if len(line) != size {
			t.Fatalf("line %d has %d columns, want %d", y/2, len(line), size)
		}
		for x := 0; x < size; x++ {
			var dark bool
			switch line[x] {
			case ' ':
				dark = true
			case '▄':
				dark = y%2 == 0
			case '▀':
				dark = y%2 == 1
			case '█':
			default:
				t.Fatalf("line %d: unexpected %q", y/2, line[x])
			}
			mx, my := x-4, y-4
			want := mx >= 0 && my >= 0 && mx < code.Size && my < code.Size && code.Black(mx, my)
			if dark != want {
				t.Fatalf("module (%d, %d) dark = %v, want %v", mx, my, dark, want)
			}
		}
	}
}

// random52 is a secret as Cognito's: 52 base32 characters.
func random52() string {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "x", AccountName: "y", SecretSize: 32})
	if err != nil {
		panic(err)
	}
	return key.Secret()
}

func TestAuthenticatorHelpers(t *testing.T) {
	if got := groupsOf4("ABCDEFGHIJ"); got != "ABCD EFGH IJ" {
		t.Errorf("groupsOf4 = %q", got)
	}
	if got := groupsOf4("ABCDEFGH"); got != "ABCD EFGH" {
		t.Errorf("groupsOf4 = %q", got)
	}
	for code, want := range map[string]bool{"123456": true, "000000": true, "12345": false, "1234567": false, "12345a": false, "１２３４５６": false, " 12345": false} {
		if got := isAuthenticatorCode(code); got != want {
			t.Errorf("isAuthenticatorCode(%q) = %v", code, got)
		}
	}
}
