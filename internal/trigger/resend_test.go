package trigger_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/limits"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

// bothChannels is the setting of a pool whose users sign in with a phone
// number or an email address (events/env.sms-and-email.json).
const bothChannels = "sms-and-email"

// userWithBoth is the event of a user who has a phone number and an email
// address.
func userWithBoth(ev events.CognitoEventUserPoolsCreateAuthChallenge) events.CognitoEventUserPoolsCreateAuthChallenge {
	ev.Request.UserAttributes = map[string]string{"phone_number": "+15555550123", "email": "jane.doe@example.com",
		"phone_number_verified": "true", "email_verified": "true"}
	return ev
}

// asResend marks an event as the answer to a round that asked for a new
// code, by channel ("" for the same one).
func asResend(ev events.CognitoEventUserPoolsCreateAuthChallenge, channel string) events.CognitoEventUserPoolsCreateAuthChallenge {
	ev.Request.ClientMetadata = map[string]string{"resend": "true"}
	if channel != "" {
		ev.Request.ClientMetadata["channel"] = channel
	}
	return ev
}

// roundOf is the session entry Cognito records for a created round that
// was answered false.
func roundOf(out events.CognitoEventUserPoolsCreateAuthChallenge) *events.CognitoEventUserPoolsChallengeResult {
	return &events.CognitoEventUserPoolsChallengeResult{ChallengeName: "CUSTOM_CHALLENGE", ChallengeMetadata: out.Response.ChallengeMetadata}
}

// TestResendSendsANewCode follows a resend through the three triggers: verify
// neither checks nor counts the request, create sends a new code and
// marks its round, the old code no longer verifies, and no attempt is used.
func TestResendSendsANewCode(t *testing.T) {
	h := newHandlers(t)
	withLimits(t, h, limits.Policy{WrongAnswers: limits.Window{Limit: 1, Length: time.Hour}})
	ctx := context.Background()
	first, err := h.create.Handle(ctx, createEvent("user-1", "+15555550123", false))
	if err != nil {
		t.Fatal(err)
	}
	oldCode, oldSeal := digits.FindString(h.sender.sent[0].text), first.Response.PrivateChallengeParameters["seal"]

	request := verifyEvent("user-1", oldSeal, oldCode)
	request.Request.ClientMetadata = map[string]string{"resend": "true"}
	if out, err := h.verify.Handle(ctx, request); err != nil || out.Response.AnswerCorrect {
		t.Fatalf("verify of a resend request with the right code: %+v, %v; want false, unchecked", out.Response, err)
	}

	second, err := h.create.Handle(ctx, asResend(createEvent("user-1", "+15555550123", false, roundOf(first)), ""))
	if err != nil {
		t.Fatal(err)
	}
	if len(h.sender.sent) != 2 {
		t.Fatalf("sent %d SMS, want a second one", len(h.sender.sent))
	}
	newCode, newSeal := digits.FindString(h.sender.sent[1].text), second.Response.PrivateChallengeParameters["seal"]
	if newSeal == oldSeal || second.Response.ChallengeMetadata != "resend:sms:"+newSeal {
		t.Fatalf("second round %+v: want a new seal, marked as a resend", second.Response)
	}
	params := second.Response.PublicChallengeParameters
	if params[trigger.PublicAttemptsLeft] != "3" || params[trigger.PublicResendsLeft] != "1" || params[trigger.PublicChannel] != "sms" {
		t.Errorf("public parameters %v: want attemptsLeft 3, resendsLeft 1, channel sms", params)
	}
	// The lockout after one wrong answer would refuse the new code had the
	// request counted as one.
	if out, err := h.verify.Handle(ctx, verifyEvent("user-1", newSeal, newCode)); err != nil || !out.Response.AnswerCorrect {
		t.Errorf("the new code: %+v, %v; want correct", out.Response, err)
	}
	if out, _ := h.verify.Handle(ctx, verifyEvent("user-1", newSeal, oldCode)); out.Response.AnswerCorrect && oldCode != newCode {
		t.Error("the old code verifies against the new round")
	}
}

// TestResendAfterWrongAnswer: a wrong answer then a resend leave one
// attempt used and one resend used.
func TestResendAfterWrongAnswer(t *testing.T) {
	h := newHandlers(t)
	ctx := context.Background()
	first, _ := h.create.Handle(ctx, createEvent("user-1", "+15555550123", false))
	second, err := h.create.Handle(ctx, createEvent("user-1", "+15555550123", false, roundOf(first)))
	if err != nil {
		t.Fatal(err)
	}
	third, err := h.create.Handle(ctx, asResend(createEvent("user-1", "+15555550123", false, roundOf(first), roundOf(second)), ""))
	if err != nil {
		t.Fatal(err)
	}
	params := third.Response.PublicChallengeParameters
	if params[trigger.PublicAttemptsLeft] != "2" || params[trigger.PublicResendsLeft] != "1" || len(h.sender.sent) != 2 {
		t.Errorf("public parameters %v, %d SMS: want attemptsLeft 2, resendsLeft 1, 2 SMS", params, len(h.sender.sent))
	}
}

// TestSwitchChannel: a user with a proven phone and email gets the first
// code by the pool's first channel and the next by the one asked for; the
// public parameters list the pool's channels and show only the address the
// code went to.
func TestSwitchChannel(t *testing.T) {
	h := newHandlersFor(t, bothChannels)
	ctx := context.Background()
	first, err := h.create.Handle(ctx, userWithBoth(createEvent("user-1", "", false)))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		trigger.PublicChannel: "sms", trigger.PublicChannels: "sms,email", trigger.PublicDestination: "+1******0123",
		trigger.PublicCodeLength: "6", trigger.PublicAttemptsLeft: "3", trigger.PublicResendsLeft: "2",
	}
	if got := first.Response.PublicChallengeParameters; !equalMaps(got, want) {
		t.Errorf("first round public parameters %v, want %v", got, want)
	}
	second, err := h.create.Handle(ctx, asResend(userWithBoth(createEvent("user-1", "", false, roundOf(first))), "email"))
	if err != nil {
		t.Fatal(err)
	}
	if len(h.mailbox.sent) != 1 || h.mailbox.sent[0].to != "jane.doe@example.com" || len(h.sender.sent) != 1 {
		t.Fatalf("emails %v, SMS %v: want one of each", h.mailbox.sent, h.sender.sent)
	}
	mail := h.mailbox.sent[0]
	code := digits.FindString(mail.body)
	if mail.subject != "Your sign-in code" || !strings.HasPrefix(mail.body, "Your sign-in code is "+code) {
		t.Errorf("email %+v", mail)
	}
	params := second.Response.PublicChallengeParameters
	if params[trigger.PublicChannel] != "email" || params[trigger.PublicDestination] != "j***@e***.com" || params[trigger.PublicResendsLeft] != "1" {
		t.Errorf("second round public parameters %v", params)
	}
	seal := second.Response.PrivateChallengeParameters["seal"]
	if second.Response.ChallengeMetadata != "resend:email:"+seal {
		t.Errorf("metadata %q", second.Response.ChallengeMetadata)
	}
	// A wrong answer keeps the email code and its channel.
	third, err := h.create.Handle(ctx, userWithBoth(createEvent("user-1", "", false, roundOf(first), roundOf(second))))
	if err != nil || third.Response.ChallengeMetadata != "retry:email:"+seal {
		t.Errorf("after a wrong answer: %q, %v; want the email code kept", third.Response.ChallengeMetadata, err)
	}
	for _, secret := range []string{code, "jane.doe", "5555550123"} {
		if strings.Contains(h.logs.String(), secret) {
			t.Errorf("logs hold %q: %s", secret, h.logs)
		}
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestChannelPreference: the first code goes by the first channel of
// CHANNELS that the user has a proven address for: a verified one, or the
// account's only one (its username, which the code itself proves). An
// unverified second address gets nothing.
func TestChannelPreference(t *testing.T) {
	const phone, email = "+15555550123", "jane@example.com"
	tests := []struct {
		channels string
		attrs    map[string]string
		want     string
	}{
		{"sms,email", map[string]string{"phone_number": phone, "email": email, "phone_number_verified": "true", "email_verified": "true"}, "sms"},
		{"email,sms", map[string]string{"phone_number": phone, "email": email, "phone_number_verified": "true", "email_verified": "true"}, "email"},
		{"sms,email", map[string]string{"email": email}, "email"},
		{"sms,email", map[string]string{"phone_number": phone}, "sms"},
		{"sms,email", map[string]string{"phone_number": phone, "email": "not an address"}, "sms"},
		{"email", map[string]string{"phone_number": phone, "email": email}, "email"},
		{"sms", map[string]string{"phone_number": phone, "email": email}, "sms"},
		// The squatted address: a second one nobody proved gets no code,
		// whatever the order of CHANNELS.
		{"sms,email", map[string]string{"phone_number": phone, "email": email, "email_verified": "true"}, "email"},
		{"email,sms", map[string]string{"phone_number": phone, "email": email, "phone_number_verified": "true", "email_verified": "false"}, "sms"},
	}
	for _, tt := range tests {
		h := newHandlersFor(t, bothChannels)
		h.create.Config.Channels = channels(t, tt.channels)
		ev := createEvent("user-1", "", false)
		ev.Request.UserAttributes = tt.attrs
		out, err := h.create.Handle(context.Background(), ev)
		if err != nil {
			t.Fatalf("%s %v: %v", tt.channels, tt.attrs, err)
		}
		if got := out.Response.PublicChallengeParameters[trigger.PublicChannel]; got != tt.want {
			t.Errorf("CHANNELS %s, user %v: channel %s, want %s", tt.channels, tt.attrs, got, tt.want)
		}
		if sent := len(h.sender.sent) + len(h.mailbox.sent); sent != 1 {
			t.Errorf("CHANNELS %s: sent %d codes, want 1", tt.channels, sent)
		}
	}
}

// TestResendRefusals: a channel the user or the pool lacks, and a channel
// whose limit is spent, send nothing and say so without details.
func TestResendRefusals(t *testing.T) {
	ctx := context.Background()
	t.Run("channel the user lacks", func(t *testing.T) {
		h := newHandlersFor(t, bothChannels)
		ev := createEvent("user-1", "+15555550123", false)
		first, _ := h.create.Handle(ctx, ev)
		_, err := h.create.Handle(ctx, asResend(createEvent("user-1", "+15555550123", false, roundOf(first)), "email"))
		if !errors.Is(err, trigger.ErrChannelNotAvailable) || len(h.mailbox.sent) != 0 || len(h.sender.sent) != 1 {
			t.Errorf("error %v, %d emails; want %v and none", err, len(h.mailbox.sent), trigger.ErrChannelNotAvailable)
		}
	})
	t.Run("channel the pool lacks", func(t *testing.T) {
		h := newHandlers(t)
		first, _ := h.create.Handle(ctx, userWithBoth(createEvent("user-1", "", false)))
		_, err := h.create.Handle(ctx, asResend(userWithBoth(createEvent("user-1", "", false, roundOf(first))), "email"))
		if !errors.Is(err, trigger.ErrChannelNotAvailable) || len(h.mailbox.sent) != 0 {
			t.Errorf("error %v, %d emails; want %v and none", err, len(h.mailbox.sent), trigger.ErrChannelNotAvailable)
		}
	})
	t.Run("unknown channel", func(t *testing.T) {
		h := newHandlersFor(t, bothChannels)
		first, _ := h.create.Handle(ctx, userWithBoth(createEvent("user-1", "", false)))
		_, err := h.create.Handle(ctx, asResend(userWithBoth(createEvent("user-1", "", false, roundOf(first))), "fax"))
		if !errors.Is(err, trigger.ErrChannelNotAvailable) {
			t.Errorf("error %v, want %v", err, trigger.ErrChannelNotAvailable)
		}
	})
	t.Run("per-address limit", func(t *testing.T) {
		h := newHandlersFor(t, bothChannels)
		withLimits(t, h, limits.Policy{PerAddress: []limits.Window{{Limit: 1, Length: 15 * time.Minute}}})
		ev := createEvent("user-1", "", false)
		ev.Request.UserAttributes = map[string]string{"email": "jane.doe@example.com"}
		first, err := h.create.Handle(ctx, ev)
		if err != nil {
			t.Fatal(err)
		}
		again := asResend(createEvent("user-1", "", false, roundOf(first)), "")
		again.Request.UserAttributes = ev.Request.UserAttributes
		if _, err := h.create.Handle(ctx, again); !errors.Is(err, trigger.ErrTooManyCodes) || len(h.mailbox.sent) != 1 {
			t.Errorf("error %v, %d emails; want %v and only the first", err, len(h.mailbox.sent), trigger.ErrTooManyCodes)
		}
	})
}

// TestEmailUnknownUserLooksTheSame compares an unknown email address with
// a real user who has that address only: same public parameters, nothing
// sent.
func TestEmailUnknownUserLooksTheSame(t *testing.T) {
	real, unknown := newHandlersFor(t, bothChannels), newHandlersFor(t, bothChannels)
	ev := createEvent("uuid-1", "", false)
	ev.Request.UserAttributes = map[string]string{"email": "jane.doe@example.com"}
	realOut, err := real.create.Handle(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	unknownOut, err := unknown.create.Handle(context.Background(), createEvent("jane.doe@example.com", "", true))
	if err != nil {
		t.Fatal(err)
	}
	if len(unknown.mailbox.sent)+len(unknown.sender.sent) != 0 {
		t.Fatalf("sent %v %v to an unknown user", unknown.mailbox.sent, unknown.sender.sent)
	}
	if r, u := realOut.Response.PublicChallengeParameters, unknownOut.Response.PublicChallengeParameters; !equalMaps(r, u) {
		t.Errorf("public parameters: real %v, unknown %v", r, u)
	}
	if len(unknownOut.Response.ChallengeMetadata) != len(realOut.Response.ChallengeMetadata) {
		t.Errorf("metadata differ in shape: %q vs %q", unknownOut.Response.ChallengeMetadata, realOut.Response.ChallengeMetadata)
	}
}

// TestEmailOnlyDecoy: in an email-only pool an unknown name that is no
// address gets a stable masked address, like a real user's.
func TestEmailOnlyDecoy(t *testing.T) {
	h := newHandlersFor(t, bothChannels)
	h.create.Config.Channels = channels(t, "email")
	destination := func(user string) string {
		out, err := h.create.Handle(context.Background(), createEvent(user, "", true))
		if err != nil {
			t.Fatal(err)
		}
		return out.Response.PublicChallengeParameters[trigger.PublicDestination]
	}
	a1, a2, b := destination("alice"), destination("alice"), destination("bob")
	if a1 != a2 || a1 == b || !strings.HasSuffix(a1, "***.com") || !strings.Contains(a1, "***@") {
		t.Errorf("decoys alice %q, %q and bob %q: want stable, distinct, masked addresses", a1, a2, b)
	}
}
