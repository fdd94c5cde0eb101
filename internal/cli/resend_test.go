package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-passwordless/passwordless-go/internal/emailaddr"
	"github.com/cognito-passwordless/passwordless-go/internal/localpool"
	"github.com/cognito-passwordless/passwordless-go/internal/otp"
	"github.com/cognito-passwordless/passwordless-go/internal/phone"
)

// typist types lines on a command's stdin as a person does: after the
// code it waits for has arrived in the pool's outboxes.
type typist struct {
	srv   *localpool.Server
	w     io.Writer
	since time.Time
	seen  map[string]int // messages to each address taken so far
}

// typed returns a stdin on which script types, in the background, and
// which ends when script returns (with its error, if any).
func typed(t *testing.T, srv *localpool.Server, script func(ty *typist) error) io.Reader {
	t.Helper()
	r, w := io.Pipe()
	t.Cleanup(func() { r.Close() }) // unblocks the typist if the run ended early
	ty := &typist{srv: srv, w: w, since: time.Now(), seen: map[string]int{}}
	go func() { w.CloseWithError(script(ty)) }()
	return r
}

// code waits for the next message to `to`, the one after those it took
// before, and returns its code.
func (ty *typist) code(to string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), outboxWait)
	defer cancel()
	for {
		var texts []string
		for _, m := range ty.srv.Messages() {
			if m.To == to && !m.SentAt.Before(ty.since) {
				texts = append(texts, m.Text)
			}
		}
		if n := ty.seen[to]; len(texts) > n {
			ty.seen[to] = n + 1
			if code, ok := findCode(texts[n], otp.DefaultLength); ok {
				return code, nil
			}
			return "", fmt.Errorf("no code in %q", texts[n])
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("no new message to %s", to)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// line types lines, each ended by a newline.
func (ty *typist) line(lines ...string) error {
	for _, l := range lines {
		if _, err := io.WriteString(ty.w, l+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// addresses counts the email addresses the tests have signed up.
var addresses atomic.Int32

// newAddress returns an email address nobody has signed up in this process.
func newAddress() string {
	return fmt.Sprintf("cli%04d@example.com", addresses.Add(1))
}

// startPool starts a pool of its own for one test, with the shared
// triggers.
func startPool(t *testing.T, opts localpool.Options) *localpool.Server {
	t.Helper()
	opts.Addr, opts.BinDir = "127.0.0.1:0", binDir
	srv, err := localpool.Start(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// bothPool is a pool whose users sign in by phone number or email.
func bothPool(t *testing.T) *localpool.Server {
	return startPool(t, localpool.Options{UsernameAttributes: []string{"phone_number", "email"}})
}

// addVerifiedEmail gives the user of number the email address, as the
// pool's owner does (AdminUpdateUserAttributes) once the user has proven
// both: the number by signing in with it, the address by a code sent
// there. A user signs up with one address only, and codes go to a second
// one only when both are verified.
func addVerifiedEmail(t *testing.T, srv *localpool.Server, number, address string) {
	t.Helper()
	client := cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL()),
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", ""), Retryer: aws.NopRetryer{}})
	_, err := client.AdminUpdateUserAttributes(context.Background(), &cip.AdminUpdateUserAttributesInput{
		UserPoolId: aws.String(srv.UserPoolID()), Username: aws.String(number),
		UserAttributes: []types.AttributeType{
			{Name: aws.String("email"), Value: aws.String(address)},
			{Name: aws.String("email_verified"), Value: aws.String("true")},
			{Name: aws.String("phone_number_verified"), Value: aws.String("true")},
		},
	})
	if err != nil {
		t.Fatalf("AdminUpdateUserAttributes: %v", err)
	}
}

func mustSignUp(t *testing.T, srv *localpool.Server, name string, extra ...string) {
	t.Helper()
	if up := run(t, nil, against(srv, "sign-up", name, extra...)...); up.code != ExitOK {
		t.Fatalf("sign-up %s: exit code %d\n%s", name, up.code, up.stderr)
	}
}

// TestSignInResendAtThePrompt types r instead of the code: a new code
// comes, the old one is refused, the new one signs in. e, for a user
// without an email address, is refused without a call, and costs nothing.
func TestSignInResendAtThePrompt(t *testing.T) {
	number := newNumber()
	mustSignUp(t, shared, number)
	stdin := typed(t, shared, func(ty *typist) error {
		old, err := ty.code(number)
		if err != nil {
			return err
		}
		if err := ty.line("e", "r"); err != nil {
			return err
		}
		code, err := ty.code(number)
		if err != nil {
			return err
		}
		if code == old {
			return ty.line(code) // one chance in a million: the same code twice
		}
		return ty.line(old, code)
	})
	got := run(t, stdin, againstShared("sign-in", number)...)
	if got.code != ExitOK {
		t.Fatalf("exit code %d\n%s", got.code, got.stderr)
	}
	mustContain(t, "stderr", got.stderr,
		"A sign-in code was sent to "+phone.Mask(number)+": 6 digits, 3 attempts left.\n",
		"The pool sends no codes by email: type the code.\n",
		"A new code was sent to "+phone.Mask(number)+": 3 attempts left.\n",
		"Wrong code: 2 attempts left.\n")
	mustContain(t, "stdout", got.stdout, `"phone_number": "`+number+`"`)
	if n := smsTo(shared, number); n != 2 {
		t.Errorf("%d SMS, want 2: the refused e sent nothing", n)
	}
}

// TestSignInSwitchToEmailAtThePrompt types e: the next code comes by
// email, in a pool of phone numbers and email addresses.
func TestSignInSwitchToEmailAtThePrompt(t *testing.T) {
	srv := bothPool(t)
	number, address := newNumber(), newAddress()
	mustSignUp(t, srv, number)
	addVerifiedEmail(t, srv, number, address)
	stdin := typed(t, srv, func(ty *typist) error {
		if _, err := ty.code(number); err != nil {
			return err
		}
		if err := ty.line("e"); err != nil {
			return err
		}
		code, err := ty.code(address)
		if err != nil {
			return err
		}
		return ty.line(code)
	})
	got := run(t, stdin, against(srv, "sign-in", number)...)
	if got.code != ExitOK {
		t.Fatalf("exit code %d\n%s", got.code, got.stderr)
	}
	mustContain(t, "stderr", got.stderr, "A sign-in code was sent to "+phone.Mask(number)+": 6 digits, 3 attempts left.\n",
		"A new code was sent to "+emailaddr.Mask(address)+": 3 attempts left.\n")
	mustContain(t, "stdout", got.stdout, `"email": "`+address+`"`, `"email_verified": true`, `"phone_number": "`+number+`"`)
}

// TestSignUpAndSignInByEmail signs up an email address and signs in with
// the code from the email outbox.
func TestSignUpAndSignInByEmail(t *testing.T) {
	srv := bothPool(t)
	address := newAddress()
	up := run(t, nil, against(srv, "sign-up", address)...)
	if up.code != ExitOK {
		t.Fatalf("sign-up: exit code %d\n%s", up.code, up.stderr)
	}
	mustContain(t, "sign-up's stdout", up.stdout, "Signed up "+address+": confirmed")
	stdin := typed(t, srv, func(ty *typist) error {
		code, err := ty.code(address)
		if err != nil {
			return err
		}
		return ty.line(code)
	})
	got := run(t, stdin, against(srv, "sign-in", address)...)
	if got.code != ExitOK {
		t.Fatalf("sign-in: exit code %d\n%s", got.code, got.stderr)
	}
	mustContain(t, "stderr", got.stderr, "A sign-in code was sent to "+emailaddr.Mask(address)+": 6 digits, 3 attempts left.\n")
	mustContain(t, "stdout", got.stdout, `"email": "`+address+`"`)
	if strings.Contains(got.stdout, "phone_number") {
		t.Errorf("claims of a user without a phone number:\n%s", got.stdout)
	}
	// The pool of phone numbers refuses an email address as a name.
	refused := run(t, nil, againstShared("sign-up", newAddress())...)
	if refused.code != ExitFailure {
		t.Errorf("sign-up of an email address in a pool of phone numbers: exit code %d", refused.code)
	}
	mustContain(t, "stderr", refused.stderr, "passwordless sign-up: InvalidParameterException: Username should be a phone number.")
}

// TestSignInChannelAndResendFlags asks for new codes with flags, as a
// script does: --channel email switches at once, --resend N asks N times,
// and a request the pool cannot grant fails the command.
func TestSignInChannelAndResendFlags(t *testing.T) {
	srv := bothPool(t)
	number, address := newNumber(), newAddress()
	mustSignUp(t, srv, number)
	addVerifiedEmail(t, srv, number, address)

	byEmail := typed(t, srv, func(ty *typist) error {
		code, err := ty.code(address)
		if err != nil {
			return err
		}
		return ty.line(code)
	})
	got := run(t, byEmail, against(srv, "sign-in", number, "--channel", "email")...)
	if got.code != ExitOK {
		t.Fatalf("--channel email: exit code %d\n%s", got.code, got.stderr)
	}
	mustContain(t, "--channel email's stderr", got.stderr, "A new code was sent to "+emailaddr.Mask(address)+": 3 attempts left.\n")

	// The first code goes by SMS already: --channel sms asks for nothing.
	other := newNumber()
	mustSignUp(t, srv, other)
	bySMS := typed(t, srv, func(ty *typist) error {
		code, err := ty.code(other)
		if err != nil {
			return err
		}
		return ty.line(code)
	})
	if got := run(t, bySMS, against(srv, "sign-in", other, "--channel", "sms")...); got.code != ExitOK || strings.Contains(got.stderr, "new code") {
		t.Fatalf("--channel sms: exit code %d\n%s", got.code, got.stderr)
	}

	// --resend 2, by email: the third code signs in.
	onlyEmail := newAddress()
	mustSignUp(t, srv, onlyEmail)
	twice := typed(t, srv, func(ty *typist) error {
		var code string
		for range 3 {
			var err error
			if code, err = ty.code(onlyEmail); err != nil {
				return err
			}
		}
		return ty.line(code)
	})
	got = run(t, twice, against(srv, "sign-in", onlyEmail, "--resend", "2")...)
	if got.code != ExitOK {
		t.Fatalf("--resend 2: exit code %d\n%s", got.code, got.stderr)
	}
	if n := strings.Count(got.stderr, "A new code was sent to "+emailaddr.Mask(onlyEmail)); n != 2 {
		t.Errorf("--resend 2 reported %d new codes:\n%s", n, got.stderr)
	}

	// Past the pool's resends (MAX_RESENDS, 2), and to a channel the user
	// lacks: an error, the pool's own for the channel, which ends the
	// sign-in as it would for a name nobody signed up for. Already by the
	// channel asked: nothing to ask.
	for _, tt := range []struct{ args, stderr string }{
		{"--resend 3", "passwordless sign-in: --resend: no new code can be sent in this sign-in\n"},
		{"--channel sms", "passwordless sign-in: UserLambdaValidationException: CreateAuthChallenge failed with error no code can be sent by that channel.\n"},
		{"--channel email", ""},
	} {
		t.Run(tt.args, func(t *testing.T) {
			user := newAddress()
			mustSignUp(t, srv, user)
			stdin := typed(t, srv, func(ty *typist) error {
				for {
					code, err := ty.code(user)
					if err != nil {
						return err
					}
					if err := ty.line(code); err != nil {
						return err
					}
				}
			})
			got := run(t, stdin, against(srv, "sign-in", user, strings.Fields(tt.args)...)...)
			if tt.stderr == "" {
				if got.code != ExitOK || strings.Contains(got.stderr, "new code was sent") {
					t.Errorf("exit code %d\n%s", got.code, got.stderr)
				}
				return
			}
			if got.code != ExitFailure {
				t.Errorf("exit code %d, want %d\n%s", got.code, ExitFailure, got.stderr)
			}
			mustContain(t, "stderr", got.stderr, tt.stderr)
		})
	}
}

// TestOutboxCodesReadsEmail reads codes of both channels from the
// outboxes, a newer message for a new code, the same for a wrong answer.
func TestOutboxCodesReadsEmail(t *testing.T) {
	now := time.Now()
	messages := []localpool.Message{
		{Channel: "sms", To: "+15555550100", Text: "Your sign-in code is 111111", SentAt: now},
		{Channel: "email", To: "jane@example.com", Text: "Your sign-in code is 222222\n\nIf you did not...", SentAt: now},
	}
	c := &outboxCodes{messages: func() []localpool.Message { return messages }, to: "jane@example.com", since: now, status: io.Discard}
	ctx := t.Context()
	if code, err := c.Code(ctx, challenge{CodeLength: 6}); err != nil || code != "222222" {
		t.Fatalf("first code: %q, %v", code, err)
	}
	if code, err := c.Code(ctx, challenge{CodeLength: 6, After: sameCode}); err != nil || code != "222222" {
		t.Fatalf("after a wrong answer: %q, %v", code, err)
	}
	messages = append(messages, localpool.Message{Channel: "email", To: "jane@example.com", Text: "Your sign-in code is 333333", SentAt: now})
	if code, err := c.Code(ctx, challenge{CodeLength: 6, After: newCode}); err != nil || code != "333333" {
		t.Fatalf("a new code: %q, %v", code, err)
	}
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if _, err := c.Code(short, challenge{CodeLength: 6, After: newCode}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("no newer message: %v", err)
	}
}
