package cli

import (
	"io"
	"strings"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/phone"
)

func TestSignUpAndSignIn(t *testing.T) {
	number := newNumber()
	up := run(t, nil, againstShared("sign-up", number)...)
	if up.code != ExitOK {
		t.Fatalf("sign-up: exit code %d\n%s", up.code, up.stderr)
	}
	mustContain(t, "sign-up's stdout", up.stdout, "Signed up "+number+": confirmed")
	again := run(t, nil, againstShared("sign-up", number)...)
	if again.code != ExitFailure {
		t.Errorf("a second sign-up: exit code %d, want %d", again.code, ExitFailure)
	}
	mustContain(t, "a second sign-up's stderr", again.stderr, "passwordless sign-up: UsernameExistsException: ")

	// Flags after the phone, and the code typed on stdin.
	in := run(t, codesFromOutbox(t, number, func(code string) []string { return []string{code} }), againstShared("sign-in", number, "--tokens")...)
	if in.code != ExitOK {
		t.Fatalf("sign-in: exit code %d\n%s", in.code, in.stderr)
	}
	mustContain(t, "sign-in's stderr", in.stderr, "A sign-in code was sent to "+phone.Mask(number)+": 6 digits, 3 attempts left.")
	mustContain(t, "sign-in's stdout", in.stdout,
		"NOT verified", `"phone_number": "`+number+`"`, `"token_use": "id"`, `"aud": "`+shared.ClientID()+`"`,
		"ID token:      ey", "Access token:  ey", "Refresh token: ")
}

func TestSignInWrongCodeThenRight(t *testing.T) {
	number := newNumber()
	if up := run(t, nil, againstShared("sign-up", number)...); up.code != ExitOK {
		t.Fatalf("sign-up: exit code %d\n%s", up.code, up.stderr)
	}
	// An empty line is not an answer, so it costs no attempt.
	stdin := codesFromOutbox(t, number, func(code string) []string { return []string{wrong(code), "", code} })
	got := run(t, stdin, againstShared("sign-in", number)...)
	if got.code != ExitOK {
		t.Fatalf("exit code %d\n%s", got.code, got.stderr)
	}
	mustContain(t, "stderr", got.stderr, "3 attempts left", "Wrong code: 2 attempts left.")
	mustContain(t, "stdout", got.stdout, `"phone_number": "`+number+`"`)
	if strings.Contains(got.stdout, "ID token:") {
		t.Errorf("the raw tokens are printed without --tokens:\n%s", got.stdout)
	}
}

func TestSignInFailures(t *testing.T) {
	number := newNumber()
	if up := run(t, nil, againstShared("sign-up", number)...); up.code != ExitOK {
		t.Fatalf("sign-up: exit code %d\n%s", up.code, up.stderr)
	}
	tests := []struct {
		name    string
		args    []string
		answers func(code string) []string // the lines of stdin; nil: none
		stderr  []string
	}{
		{
			name:    "every attempt wrong",
			args:    againstShared("sign-in", number, "--code", "0"), // the first wrong code from --code
			answers: func(code string) []string { return []string{wrong(code), wrong(wrong(code))} },
			stderr:  []string{"Wrong code: 1 attempt left.", "passwordless sign-in: NotAuthorizedException: Incorrect username or password.\n"},
		},
		{
			name:   "unknown app client",
			args:   []string{"sign-in", number, "--endpoint-url", shared.URL(), "--client-id", "nosuchclient"},
			stderr: []string{"passwordless sign-in: ResourceNotFoundException: "},
		},
		{
			name:   "no code on stdin",
			args:   againstShared("sign-in", number),
			stderr: []string{"passwordless sign-in: no code: stdin ended"},
		},
		{
			name:   "nobody at the endpoint",
			args:   []string{"sign-in", number, "--endpoint-url", "http://127.0.0.1:1", "--client-id", "x"},
			stderr: []string{"passwordless sign-in: cannot reach the user pool: "},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdin io.Reader
			if tt.answers != nil {
				stdin = codesFromOutbox(t, number, tt.answers)
			}
			got := run(t, stdin, tt.args...)
			if got.code != ExitFailure {
				t.Errorf("exit code %d, want %d", got.code, ExitFailure)
			}
			mustContain(t, "stderr", got.stderr, tt.stderr...)
			if got.stdout != "" {
				t.Errorf("stdout is not empty:\n%s", got.stdout)
			}
		})
	}
}
