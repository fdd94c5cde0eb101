package localpool

import (
	"context"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/motoserver"
	"github.com/cognito-passwordless/passwordless-go/internal/snsoutbox"
)

// TestSignInWithSMSThroughMoto runs the sign-in with AWS_ENDPOINT_URL_SNS
// set to a real moto_server: the create trigger publishes there, the
// outbox is not used, and the code is read from moto's record of SMS.
func TestSignInWithSMSThroughMoto(t *testing.T) {
	moto, err := motoserver.Start(context.Background()) // bounded by motoserver itself
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(moto.Close)
	t.Setenv("AWS_ENDPOINT_URL_SNS", moto.URL)
	p := startPool(t, Options{})
	number := newPhone()
	p.signUp(number)

	challenge := p.mustInitiate(number)
	var messages []snsoutbox.Message
	for _, m := range sentSMS(t, moto) {
		messages = append(messages, snsoutbox.Message{PhoneNumber: m.PhoneNumber, Text: m.Message})
	}
	if len(messages) != 1 {
		t.Fatalf("moto holds %d SMS, want 1: %+v", len(messages), messages)
	}
	code := codeOf(t, lastTo(messages, number))
	out, err := p.respond(challenge.Session, challenge.ChallengeParameters, code)
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("sign-in with the code from moto: %+v, %v", out, err)
	}
	if got := p.srv.Outbox(); len(got) != 0 {
		t.Errorf("the outbox got %d messages while SMS went to moto", len(got))
	}

	// An unknown number sends nothing to moto either.
	p.mustInitiate(newPhone())
	if sent := sentSMS(t, moto); len(sent) != 1 {
		t.Errorf("moto holds %d SMS after an unknown number tried, want 1", len(sent))
	}
}

// TestSignInWithEmailThroughMoto runs an email sign-in with
// AWS_ENDPOINT_URL_SESV2 set to a real moto_server: local mode creates the
// sender's email identity there (moto, like SES, sends only from one), the
// create trigger sends there, the email outbox is not used, and the code
// is read from moto's record of sent email.
func TestSignInWithEmailThroughMoto(t *testing.T) {
	moto, err := motoserver.Start(context.Background()) // bounded by motoserver itself
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(moto.Close)
	t.Setenv("AWS_ENDPOINT_URL_SESV2", moto.URL)
	p := startPool(t, Options{UsernameAttributes: emailPool})
	address := newEmail()
	p.signUp(address)

	challenge := p.mustInitiate(address)
	sent := sentEmail(t, moto)
	if len(sent) != 1 || len(sent[0].Destination.To) != 1 || sent[0].Destination.To[0] != address || sent[0].From != DefaultEmailFrom {
		t.Fatalf("moto holds %+v, want one email to %s from %s", sent, address, DefaultEmailFrom)
	}
	out, err := p.respond(challenge.Session, challenge.ChallengeParameters, codeOf(t, sent[0].Body))
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("sign-in with the code from moto: %+v, %v", out, err)
	}
	if got := p.srv.EmailOutbox(); len(got) != 0 {
		t.Errorf("the email outbox got %d messages while email went to moto", len(got))
	}

	// A second pool finds the identity there already; an unknown address
	// sends nothing to moto.
	again := startPool(t, Options{UsernameAttributes: emailPool})
	again.mustInitiate(newEmail())
	if sent := sentEmail(t, moto); len(sent) != 1 {
		t.Errorf("moto holds %d emails after an unknown address tried, want 1", len(sent))
	}
}

func sentEmail(t *testing.T, moto *motoserver.Server) []motoserver.Email {
	t.Helper()
	sent, err := moto.SentEmail(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	return sent
}

func sentSMS(t *testing.T, moto *motoserver.Server) []motoserver.SMS {
	t.Helper()
	sent, err := moto.SentSMS(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	return sent
}
