package cli

import (
	"errors"
	"flag"
	"io"
	"slices"
	"testing"
)

func TestRunUsage(t *testing.T) {
	// No AWS configuration of the machine may supply a region.
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_ENDPOINT_URL", "")
	t.Setenv("AWS_CONFIG_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", t.TempDir()+"/none")

	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string // a part of stdout, if any
		stderr     string // a part of stderr, if any
		quietStdio bool   // nothing at all on stdout
	}{
		{name: "no command", args: nil, code: ExitUsage, stderr: "Usage:\n  passwordless <command>", quietStdio: true},
		{name: "help", args: []string{"help"}, code: ExitOK, stdout: "Commands:\n  local"},
		{name: "-h", args: []string{"-h"}, code: ExitOK, stdout: "sign-in"},
		{name: "--help", args: []string{"--help"}, code: ExitOK, stdout: "demo"},
		{name: "unknown command", args: []string{"sign-out"}, code: ExitUsage, stderr: `unknown command "sign-out"`, quietStdio: true},
		{name: "help of a command", args: []string{"help", "sign-in"}, code: ExitOK, stdout: "Usage: passwordless sign-in PHONE [flags]"},
		{name: "help of sign-in lists its flags", args: []string{"help", "sign-in"}, code: ExitOK, stdout: "-tokens"},
		{name: "help of an unknown command", args: []string{"help", "nope"}, code: ExitUsage, stderr: `unknown command "nope"`},
		{name: "command -h", args: []string{"sign-up", "-h"}, code: ExitOK, stderr: "Usage: passwordless sign-up PHONE [flags]", quietStdio: true},
		{name: "demo -h", args: []string{"demo", "-h"}, code: ExitOK, stderr: "-bin-dir"},
		{name: "missing PHONE", args: []string{"sign-in"}, code: ExitUsage, stderr: "passwordless sign-in: missing PHONE\n"},
		{name: "two phones", args: []string{"sign-up", "+15555550100", "+15555550101"}, code: ExitUsage, stderr: `unexpected argument(s) ["+15555550101"]`},
		{name: "not a phone number", args: []string{"sign-in", "5555550100", "--client-id", "x"}, code: ExitUsage, stderr: "PHONE must be an E.164 number"},
		{name: "unknown flag", args: []string{"sign-in", "+15555550100", "--bogus"}, code: ExitUsage, stderr: "flag provided but not defined: -bogus"},
		{name: "flag without its value", args: []string{"sign-in", "+15555550100", "--client-id"}, code: ExitUsage, stderr: "flag needs an argument: -client-id"},
		{name: "no client id", args: []string{"sign-in", "+15555550100", "--region", "eu-west-1"}, code: ExitUsage, stderr: "--client-id is required"},
		{name: "no region for a deployed pool", args: []string{"sign-up", "+15555550100", "--client-id", "abc"}, code: ExitUsage, stderr: "--region is required"},
		{name: "local with an origin that is not one", args: []string{"local", "--addr", "127.0.0.1:0", "--allow-origin", "https://app.example.com, app.example.com"}, code: ExitFailure, stderr: `allowed origin "app.example.com": must start with http:// or https://`},
		{name: "demo takes no arguments", args: []string{"demo", "extra"}, code: ExitUsage, stderr: `unexpected argument(s) ["extra"]`},
		{name: "demo with a bad test number", args: []string{"demo", "--phone", "123"}, code: ExitUsage, stderr: "PHONE must be an E.164 number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(t, nil, tt.args...)
			if got.code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", got.code, tt.code, got.stdout, got.stderr)
			}
			mustContain(t, "stdout", got.stdout, tt.stdout)
			mustContain(t, "stderr", got.stderr, tt.stderr)
			if tt.quietStdio && got.stdout != "" {
				t.Errorf("stdout is not empty:\n%s", got.stdout)
			}
		})
	}
}

func TestParseArgs(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		want   []string // positional arguments
		code   string   // flag values
		tokens bool
		err    error
	}{
		{name: "flags first", args: []string{"--code", "123456", "+15555550100"}, want: []string{"+15555550100"}, code: "123456"},
		{name: "flags after the phone", args: []string{"+15555550100", "--code", "123456", "--tokens"}, want: []string{"+15555550100"}, code: "123456", tokens: true},
		{name: "flags around the phone", args: []string{"-tokens", "+15555550100", "-code=42"}, want: []string{"+15555550100"}, code: "42", tokens: true},
		{name: "after -- all is positional", args: []string{"--tokens", "--", "-x", "--code"}, want: []string{"-x", "--code"}, tokens: true},
		{name: "-- after the phone", args: []string{"+15555550100", "--", "--code"}, want: []string{"+15555550100", "--code"}},
		{name: "missing", args: []string{"--tokens"}, err: errUsage},
		{name: "help", args: []string{"+15555550100", "-h"}, err: flag.ErrHelp},
		{name: "bad flag", args: []string{"+15555550100", "-nope"}, err: errUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := newFlagSet("sign-in", "PHONE", "", io.Discard)
			code := fs.String("code", "", "")
			tokens := fs.Bool("tokens", false, "")
			names := []string{"PHONE"}
			if len(tt.want) == 2 {
				names = []string{"A", "B"}
			}
			got, err := parseArgs(fs, tt.args, names...)
			if !errors.Is(err, tt.err) {
				t.Fatalf("error %v, want %v", err, tt.err)
			}
			if err != nil {
				return
			}
			if !slices.Equal(got, tt.want) || *code != tt.code || *tokens != tt.tokens {
				t.Errorf("got %q, code %q, tokens %v; want %q, %q, %v", got, *code, *tokens, tt.want, tt.code, tt.tokens)
			}
		})
	}
}
