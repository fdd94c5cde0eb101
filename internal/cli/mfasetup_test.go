package cli

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/localpool"
	"github.com/cognito-passwordless/passwordless-go/internal/otp"
	"github.com/cognito-passwordless/passwordless-go/internal/phone"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

// startMFARequiredPool starts a local pool in the password-and-code flow
// whose MFA is required, as passwordless local --mfa required serves it.
func startMFARequiredPool(t *testing.T) *localpool.Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	srv, err := localpool.Start(ctx, localpool.Options{
		Addr: "127.0.0.1:0", BinDir: binDir, Out: io.Discard, Logs: io.Discard, MFARequired: true,
		Env: map[string]string{config.EnvSignInFlow: string(session.FlowPasswordAndCode)},
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

// feedSetup answers a sign-in through MFA_SETUP as a person does: the
// password, then, once the command shows the key, a line that is no code,
// a wrong code and the app's code, then the SMS code. It returns the
// secret the command showed.
func feedSetup(t *testing.T, srv *localpool.Server, number string, secret *string) func(ctx context.Context, in io.Writer, stdout *syncBuffer) error {
	since := time.Now()
	return func(ctx context.Context, in io.Writer, stdout *syncBuffer) error {
		if _, err := io.WriteString(in, testPassword+"\n"); err != nil {
			return err
		}
		m, err := waitFor(ctx, stdout, keyURIPattern)
		if err != nil {
			return err
		}
		*secret = m[1]
		code := codeAt(t, *secret, time.Now())
		if _, err := io.WriteString(in, "12345\n"+wrong(code)+"\n"+code+"\n"); err != nil {
			return err
		}
		return typeSMSCode(ctx, in, srv, number, since)
	}
}

// TestSignInSetsUpAuthenticator: in a pool that requires MFA, sign-in
// --password-stdin of a user without an authenticator app answers
// Cognito's MFA_SETUP: it shows the new app's key as totp setup does (the
// URI on stdout, the QR code and the key on stderr), checks the app's
// first code with the sign-in's session, answers MFA_SETUP, and then asks
// for the SMS code. The next sign-in asks for the app's code, and sends
// no SMS.
func TestSignInSetsUpAuthenticator(t *testing.T) {
	srv := startMFARequiredPool(t)
	number := newNumber()
	signUpWithPassword(t, srv, number)

	var secret string
	got, err := runFed(t, against(srv, "sign-in", number, "--password-stdin", "--device-name", "Test phone"), feedSetup(t, srv, number, &secret))
	if got.code != ExitOK || err != nil {
		t.Fatalf("sign-in: exit code %d, stdin: %v\nstdout:\n%s\nstderr:\n%s", got.code, err, got.stdout, got.stderr)
	}
	uri, claims, _ := strings.Cut(got.stdout, "\n")
	if m := keyURIPattern.FindStringSubmatch(uri); m == nil || m[1] != secret {
		t.Errorf("stdout starts with %q, want the otpauth:// URI", uri)
	}
	mustContain(t, "sign-in's stdout", claims, "Signed in.", `"phone_number": "`+number+`"`)
	mustContain(t, "sign-in's stderr", got.stderr,
		"The pool requires an authenticator app: set one up to sign in.\nAdd this account to your authenticator app: scan the QR code",
		"████ ▄▄▄▄▄ █", "Key: "+groupsOf4(secret)+"\n", "Enter the 6-digit code the app shows",
		notAnAuthenticatorCode+"\n"+wrongAuthenticatorCode+"\n",
		"Authenticator app set up for "+number+": sign-in with the password now asks for its code.\n"+
			"A sign-in code was sent to "+phone.Mask(number)+": 6 digits, 3 attempts left.\n")
	for what, out := range map[string]string{"stdout": got.stdout, "stderr": got.stderr} {
		if strings.Contains(out, testPassword) {
			t.Errorf("%s of sign-in shows the password:\n%s", what, out)
		}
	}
	if n := smsTo(srv, number); n != 1 {
		t.Errorf("%d SMS to %s, want 1: after MFA_SETUP", n, number)
	}

	// Where the app is required, the SMS code follows the app's code.
	in, err := runFed(t, against(srv, "sign-in", number, "--password-stdin"), feedAppThenSMS(t, srv, number, secret))
	if in.code != ExitOK || err != nil {
		t.Fatalf("the next sign-in: exit code %d, stdin: %v\n%s", in.code, err, in.stderr)
	}
	mustContain(t, "the next sign-in's stderr", in.stderr, "The pool asks for the 6-digit code of your authenticator app (Test phone).\n",
		"A sign-in code was sent to "+phone.Mask(number))
	if n := smsTo(srv, number); n != 2 {
		t.Errorf("%d SMS to %s after a sign-in with the app, want 2", n, number)
	}
}

// typeSMSCode types the SMS code srv's outbox got for number since then.
func typeSMSCode(ctx context.Context, in io.Writer, srv *localpool.Server, number string, since time.Time) error {
	sms, err := (&outboxCodes{messages: srv.Messages, to: number, since: since, status: io.Discard}).Code(ctx, challenge{CodeLength: otp.DefaultLength})
	if err != nil {
		return err
	}
	_, err = io.WriteString(in, sms+"\n")
	return err
}

// feedAppThenSMS answers a sign-in of number in a pool that requires an
// app: the password, the app's next code, then the SMS code from srv's outbox.
func feedAppThenSMS(t *testing.T, srv *localpool.Server, number, secret string) func(ctx context.Context, in io.Writer, stdout *syncBuffer) error {
	since := time.Now()
	return func(ctx context.Context, in io.Writer, stdout *syncBuffer) error {
		if _, err := io.WriteString(in, testPassword+"\n"+nextCode(t, secret)+"\n"); err != nil {
			return err
		}
		return typeSMSCode(ctx, in, srv, number, since)
	}
}

// TestTOTPSetupWhereMFAIsRequired: totp setup for a user without an app,
// in a pool that requires one, sets it up during its sign-in (MFA_SETUP)
// and ends there, with one app and one URI.
func TestTOTPSetupWhereMFAIsRequired(t *testing.T) {
	srv := startMFARequiredPool(t)
	number := newNumber()
	signUpWithPassword(t, srv, number)

	var secret string
	args := append([]string{"totp"}, against(srv, "setup", number, "--password-stdin")...)
	got, err := runFed(t, args, feedSetup(t, srv, number, &secret))
	if got.code != ExitOK || err != nil {
		t.Fatalf("totp setup: exit code %d, stdin: %v\nstdout:\n%s\nstderr:\n%s", got.code, err, got.stdout, got.stderr)
	}
	want := keyURI("passwordless", number, secret) + "\nAuthenticator app set up for " + number + ": sign-in with the password now asks for its code.\n"
	if got.stdout != want {
		t.Errorf("stdout = %q, want %q", got.stdout, want)
	}
	if n := strings.Count(got.stderr, "Key: "); n != 1 {
		t.Errorf("%d keys shown, want 1:\n%s", n, got.stderr)
	}
	mustContain(t, "stderr", got.stderr, "A sign-in code was sent to "+phone.Mask(number), "Signed in.\n")

	in, err := runFed(t, against(srv, "sign-in", number, "--password-stdin"), feedAppThenSMS(t, srv, number, secret))
	if in.code != ExitOK || err != nil {
		t.Fatalf("sign-in with the app: exit code %d, stdin: %v\n%s", in.code, err, in.stderr)
	}
}
