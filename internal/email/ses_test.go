package email_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"

	"github.com/cognito-passwordless/passwordless-go/internal/email"
	"github.com/cognito-passwordless/passwordless-go/internal/motoserver"
	"github.com/cognito-passwordless/passwordless-go/internal/testnet"
)

// moto is the moto_server every test shares; TestMain points the standard
// AWS SDK environment at it.
var moto *motoserver.Server

// callTimeout bounds every call a test makes to moto itself.
const callTimeout = 20 * time.Second

func TestMain(m *testing.M) {
	os.Exit(motoserver.RunTests(m, &moto))
}

func testContext(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	t.Cleanup(cancel)
	return ctx
}

// verifyIdentity makes address a sender moto accepts. moto, like SES in
// the sandbox, rejects SendEmail from an unknown identity with
// MessageRejected ("Email address not verified"); CreateIdentity creates
// the identity, and moto marks it verified at once, with no verification
// mail to follow.
func verifyIdentity(t testing.TB, address string) {
	t.Helper()
	if err := moto.CreateEmailIdentity(testContext(t), address); err != nil {
		t.Fatal(err)
	}
}

// sentTo returns the emails moto recorded to the address to.
func sentTo(t testing.TB, to string) []motoserver.Email {
	t.Helper()
	all, err := moto.SentEmail(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	var sent []motoserver.Email
	for _, e := range all {
		if slices.Contains(e.Destination.To, to) {
			sent = append(sent, e)
		}
	}
	return sent
}

func TestSend(t *testing.T) {
	const from, to = "codes@example.com", "alice@example.org"
	const subject, body = "Ihr Anmeldecode", "Ihr Code: 123456 — gültig für 3 Minuten."
	verifyIdentity(t, from)
	s := email.NewSES(awsConfig(t), from, "")
	if err := s.Send(testContext(t), to, subject, body); err != nil {
		t.Fatal(err)
	}
	sent := sentTo(t, to)
	if len(sent) != 1 {
		t.Fatalf("moto recorded %d emails to %s, want 1: %+v", len(sent), to, sent)
	}
	got := sent[0]
	if got.From != from || !slices.Equal(got.Destination.To, []string{to}) || len(got.Destination.Cc)+len(got.Destination.Bcc) != 0 ||
		got.Subject != subject || got.Body != body {
		t.Errorf("sent %+v, want from %s to %s subject %q body %q", got, from, to, subject, body)
	}
}

// TestSendUnverified: SES rejects a sender that is not a verified identity;
// the error names the SES error code and neither address.
func TestSendUnverified(t *testing.T) {
	const from, to = "unverified@example.com", "bob@example.org"
	s := email.NewSES(awsConfig(t), from, "")
	err := s.Send(testContext(t), to, "subject 77", "body 77")
	var sendErr *email.SendError
	if !errors.As(err, &sendErr) {
		t.Fatalf("Send = %v (%T), want a *email.SendError", err, err)
	}
	if got := sendErr.Reason(); got != "MessageRejected" {
		t.Errorf("Reason() = %q, want MessageRejected", got)
	}
	for _, secret := range []string{from, to, "unverified", "bob", "77"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q quotes %q", err, secret)
		}
	}
	if sent := sentTo(t, to); len(sent) != 0 {
		t.Errorf("moto recorded %+v, want nothing", sent)
	}
}

// TestSendUnreachable: an endpoint that refuses connections, or accepts
// them and never answers, fails the Send within Timeout, retries included.
func TestSendUnreachable(t *testing.T) {
	for name, endpoint := range testnet.Unreachable(t) {
		t.Run(name, func(t *testing.T) {
			t.Setenv("AWS_ENDPOINT_URL_SESV2", "http://"+endpoint)
			s := email.NewSES(awsConfig(t), "codes@example.com", "")
			start := time.Now()
			err := s.Send(context.Background(), "carol@example.org", "subject", "body")
			elapsed := time.Since(start)
			var sendErr *email.SendError
			if !errors.As(err, &sendErr) {
				t.Fatalf("Send = %v (%T), want a *email.SendError", err, err)
			}
			if elapsed >= email.Timeout+time.Second {
				t.Errorf("Send took %v, want under %v", elapsed, email.Timeout+time.Second)
			}
			want := map[string]string{"refused": "transport", "silent": "timeout"}[name]
			if got := sendErr.Reason(); got != want {
				t.Errorf("Reason() = %q, want %q (%v)", got, want, sendErr.Unwrap())
			}
			if strings.Contains(err.Error(), "carol") {
				t.Errorf("error %q quotes the address", err)
			}
		})
	}
}

// awsConfig is the AWS configuration of the standard environment, which
// TestMain points at moto_server, as a trigger process loads it once.
func awsConfig(t testing.TB) aws.Config {
	t.Helper()
	cfg, err := awsconfig.LoadDefaultConfig(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
