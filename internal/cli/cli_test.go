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
		{name: "help of a command", args: []string{"help", "sign-in"}, code: ExitOK, stdout: "Usage: passwordless sign-in PHONE|EMAIL [flags]"},
		{name: "help of sign-in lists its flags", args: []string{"help", "sign-in"}, code: ExitOK, stdout: "-tokens"},
		{name: "help of an unknown command", args: []string{"help", "nope"}, code: ExitUsage, stderr: `unknown command "nope"`},
		{name: "command -h", args: []string{"sign-up", "-h"}, code: ExitOK, stderr: "Usage: passwordless sign-up PHONE|EMAIL [flags]", quietStdio: true},
		{name: "demo -h", args: []string{"demo", "-h"}, code: ExitOK, stderr: "-bin-dir"},
		{name: "missing PHONE", args: []string{"sign-in"}, code: ExitUsage, stderr: "passwordless sign-in: missing PHONE|EMAIL\n"},
		{name: "two phones", args: []string{"sign-up", "+15555550100", "+15555550101"}, code: ExitUsage, stderr: `unexpected argument(s) ["+15555550101"]`},
		{name: "not a phone number", args: []string{"sign-in", "5555550100", "--client-id", "x"}, code: ExitUsage, stderr: "PHONE|EMAIL must be an E.164 phone number such as +15555550123 or an email address"},
		{name: "not an email address", args: []string{"sign-up", "jane@", "--client-id", "x"}, code: ExitUsage, stderr: "PHONE|EMAIL must be an E.164 phone number"},
		{name: "an unknown channel", args: []string{"sign-in", "+15555550100", "--channel", "fax", "--endpoint-url", "http://127.0.0.1:1"}, code: ExitUsage, stderr: `--channel must be sms or email, got "fax"`},
		{name: "a negative resend", args: []string{"sign-in", "+15555550100", "--resend", "-1", "--endpoint-url", "http://127.0.0.1:1"}, code: ExitUsage, stderr: "--resend must be 0 or more"},
		{name: "help of sign-in lists --channel and --resend", args: []string{"help", "sign-in"}, code: ExitOK, stdout: "-resend N"},
		{name: "local with an unknown username attribute", args: []string{"local", "--addr", "127.0.0.1:0", "--username-attributes", "phone"}, code: ExitUsage, stderr: `--username-attributes: `},
		{name: "unknown flag", args: []string{"sign-in", "+15555550100", "--bogus"}, code: ExitUsage, stderr: "flag provided but not defined: -bogus"},
		{name: "flag without its value", args: []string{"sign-in", "+15555550100", "--client-id"}, code: ExitUsage, stderr: "flag needs an argument: -client-id"},
		{name: "no client id", args: []string{"sign-in", "+15555550100", "--region", "eu-west-1"}, code: ExitUsage, stderr: "--client-id is required"},
		{name: "no region for a deployed pool", args: []string{"sign-up", "+15555550100", "--client-id", "abc"}, code: ExitUsage, stderr: "--region is required"},
		{name: "password for a deployed pool without its id", args: []string{"sign-in", "+15555550100", "--password-stdin", "--region", "eu-west-1", "--client-id", "abc"}, code: ExitUsage, stderr: "--user-pool-id is required with --password-stdin for a deployed pool"},
		{name: "not a user pool id", args: []string{"sign-in", "+15555550100", "--password-stdin", "--user-pool-id", "LocalPool1", "--client-id", "abc"}, code: ExitUsage, stderr: `--user-pool-id must be REGION_ID, such as eu-west-1_AbCdEf123, got "LocalPool1"`},
		{name: "user pool id of another region", args: []string{"sign-in", "+15555550100", "--user-pool-id", "eu-west-1_AbC123", "--region", "us-east-1", "--client-id", "abc"}, code: ExitUsage, stderr: "--user-pool-id eu-west-1_AbC123 is a pool of eu-west-1, not of --region us-east-1"},
		{name: "help of sign-up lists --password-stdin", args: []string{"help", "sign-up"}, code: ExitOK, stdout: "-password-stdin"},
		{name: "help of sign-in lists --user-pool-id", args: []string{"help", "sign-in"}, code: ExitOK, stdout: "-user-pool-id"},
		{name: "local with an unknown sign-in flow", args: []string{"local", "--addr", "127.0.0.1:0", "--sign-in-flow", "password"}, code: ExitUsage, stderr: `--sign-in-flow: unknown sign-in flow "password", want one of code, password-and-code`},
		{name: "local with an unknown MFA setting", args: []string{"local", "--addr", "127.0.0.1:0", "--mfa", "on"}, code: ExitUsage, stderr: `--mfa must be optional or required, got "on"`},
		{name: "local requiring MFA in the code flow", args: []string{"local", "--addr", "127.0.0.1:0", "--mfa", "required"}, code: ExitUsage, stderr: "--mfa required needs --sign-in-flow password-and-code: Cognito asks for MFA only after a password"},
		{name: "help of local lists --mfa", args: []string{"help", "local"}, code: ExitOK, stdout: "-mfa"},
		{name: "help of sign-in lists --device-name", args: []string{"help", "sign-in"}, code: ExitOK, stdout: "-device-name"},
		{name: "sign-in with an issuer with a colon", args: []string{"sign-in", "+15555550100", "--issuer", "a:b", "--endpoint-url", "http://127.0.0.1:1"}, code: ExitUsage, stderr: `--issuer must be a non-empty name without ':', got "a:b"`},
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

func TestUserPoolID(t *testing.T) {
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_ENDPOINT_URL", "")
	t.Setenv("AWS_CONFIG_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", t.TempDir()+"/none")
	tests := []struct {
		name                   string
		flags                  poolFlags
		wantRegion, wantPoolID string
	}{
		{name: "a deployed pool's region is its id's", flags: poolFlags{clientID: "abc", userPoolID: "eu-west-1_AbC123"}, wantRegion: "eu-west-1", wantPoolID: "eu-west-1_AbC123"},
		{name: "the same --region", flags: poolFlags{clientID: "abc", region: "eu-west-1", userPoolID: "eu-west-1_AbC123"}, wantRegion: "eu-west-1", wantPoolID: "eu-west-1_AbC123"},
		{name: "local mode's id by default", flags: poolFlags{endpointURL: "http://127.0.0.1:9229"}, wantRegion: "us-east-1", wantPoolID: "us-east-1_LocalPool1"},
		{name: "local mode's id need not name its region", flags: poolFlags{endpointURL: "http://127.0.0.1:9229", region: "eu-west-1", userPoolID: "us-east-1_Mine"}, wantRegion: "eu-west-1", wantPoolID: "us-east-1_Mine"},
		{name: "a deployed pool without its id", flags: poolFlags{clientID: "abc", region: "eu-west-1"}, wantRegion: "eu-west-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := newFlagSet("sign-in", "PHONE", "", io.Discard)
			pool, err := tt.flags.connect(t.Context(), fs)
			if err != nil {
				t.Fatal(err)
			}
			if got := pool.client.Options().Region; got != tt.wantRegion || pool.userPoolID != tt.wantPoolID {
				t.Errorf("region %q, user pool id %q; want %q, %q", got, pool.userPoolID, tt.wantRegion, tt.wantPoolID)
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
