package trigger_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

func createEvent(user, number string, userNotFound bool, session ...*events.CognitoEventUserPoolsChallengeResult) events.CognitoEventUserPoolsCreateAuthChallenge {
	ev := events.CognitoEventUserPoolsCreateAuthChallenge{}
	ev.UserName = user
	ev.Request.ChallengeName = "CUSTOM_CHALLENGE"
	ev.Request.UserNotFound = userNotFound
	ev.Request.Session = session
	if number != "" {
		ev.Request.UserAttributes = map[string]string{"phone_number": number}
	}
	return ev
}

func verifyEvent(user, seal string, answer any) events.CognitoEventUserPoolsVerifyAuthChallenge {
	ev := events.CognitoEventUserPoolsVerifyAuthChallenge{}
	ev.UserName = user
	ev.Request.PrivateChallengeParameters = map[string]string{"seal": seal}
	ev.Request.ChallengeAnswer = answer
	return ev
}

var digits = regexp.MustCompile(`[0-9]{6}`)

// TestCreateSendsCodeThatVerifies follows one code from the SMS to verify.
func TestCreateSendsCodeThatVerifies(t *testing.T) {
	h := newHandlers(t)
	out, err := h.create.Handle(context.Background(), createEvent("user-1", "+15555550123", false))
	if err != nil {
		t.Fatal(err)
	}
	if len(h.sender.sent) != 1 || h.sender.sent[0].to != "+15555550123" {
		t.Fatalf("sent %v, want one SMS to +15555550123", h.sender.sent)
	}
	code := digits.FindString(h.sender.sent[0].text)
	if h.sender.sent[0].text != "Your sign-in code is "+code {
		t.Fatalf("SMS text %q", h.sender.sent[0].text)
	}
	seal := out.Response.PrivateChallengeParameters["seal"]
	if want := "first:sms:" + seal; seal == "" || out.Response.ChallengeMetadata != want {
		t.Fatalf("response %+v: want the seal in private parameters and metadata %q", out.Response, want)
	}
	for _, where := range []string{out.Response.ChallengeMetadata, seal, strings.Join(values(out.Response.PublicChallengeParameters), " "), h.logs.String()} {
		if strings.Contains(where, code) {
			t.Fatalf("the code %s appears in %q", code, where)
		}
	}
	verified, _ := h.verify.Handle(context.Background(), verifyEvent("user-1", seal, code))
	if !verified.Response.AnswerCorrect {
		t.Fatal("the code sent does not verify")
	}
	other, _ := h.verify.Handle(context.Background(), verifyEvent("user-2", seal, code))
	if other.Response.AnswerCorrect {
		t.Fatal("the code verifies for another user")
	}
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func TestCreateKeepsCodeAfterWrongAnswer(t *testing.T) {
	h := newHandlers(t)
	first, _ := h.create.Handle(context.Background(), createEvent("user-1", "+15555550123", false))
	previous := &events.CognitoEventUserPoolsChallengeResult{ChallengeName: "CUSTOM_CHALLENGE", ChallengeMetadata: first.Response.ChallengeMetadata}
	second, err := h.create.Handle(context.Background(), createEvent("user-1", "+15555550123", false, previous))
	if err != nil {
		t.Fatal(err)
	}
	if len(h.sender.sent) != 1 {
		t.Fatalf("sent %d SMS, want 1: no new SMS after a wrong answer", len(h.sender.sent))
	}
	seal := first.Response.PrivateChallengeParameters["seal"]
	if second.Response.PrivateChallengeParameters["seal"] != seal || second.Response.ChallengeMetadata != "retry:sms:"+seal {
		t.Fatalf("second round %+v: want the first code's seal, marked as a retry", second.Response)
	}
	if got := second.Response.PublicChallengeParameters["attemptsLeft"]; got != "2" {
		t.Fatalf("attemptsLeft %s, want 2", got)
	}
}

func TestCreateRefusesBrokenSession(t *testing.T) {
	for name, previous := range map[string]*events.CognitoEventUserPoolsChallengeResult{
		"null entry":       nil,
		"no metadata":      {ChallengeName: "CUSTOM_CHALLENGE"},
		"foreign metadata": {ChallengeName: "CUSTOM_CHALLENGE", ChallengeMetadata: "CODE-123456"},
		"seal alone":       {ChallengeName: "CUSTOM_CHALLENGE", ChallengeMetadata: sampleSeal},
		"foreign seal":     {ChallengeName: "CUSTOM_CHALLENGE", ChallengeMetadata: "first:sms:CODE-123456"},
	} {
		h := newHandlers(t)
		_, err := h.create.Handle(context.Background(), createEvent("user-1", "+15555550123", false, previous))
		if !errors.Is(err, trigger.ErrBadSession) {
			t.Errorf("%s: error %v, want ErrBadSession", name, err)
		}
	}
}

// Session entries that Cognito answers itself, before the code in the password flow.
var (
	srpStart         = &events.CognitoEventUserPoolsChallengeResult{ChallengeName: "SRP_A", ChallengeResult: true}
	passwordVerified = &events.CognitoEventUserPoolsChallengeResult{ChallengeName: "PASSWORD_VERIFIER", ChallengeResult: true}
	totpAnswered     = &events.CognitoEventUserPoolsChallengeResult{ChallengeName: "SOFTWARE_TOKEN_MFA", ChallengeResult: true}
)

func history(entries ...*events.CognitoEventUserPoolsChallengeResult) []*events.CognitoEventUserPoolsChallengeResult {
	return entries
}

// TestCreateCountsCodeRoundsOnly: the first code round, the one after the
// password steps, makes and sends the code; later code rounds keep it; and
// attemptsLeft and the logged round count code rounds only, in both flows.
func TestCreateCountsCodeRoundsOnly(t *testing.T) {
	seal := sampleSeal
	codeRound := &events.CognitoEventUserPoolsChallengeResult{ChallengeName: "CUSTOM_CHALLENGE", ChallengeMetadata: "first:sms:" + seal}
	retryRound := &events.CognitoEventUserPoolsChallengeResult{ChallengeName: "CUSTOM_CHALLENGE", ChallengeMetadata: "retry:sms:" + seal}
	tests := []struct {
		name         string
		session      []*events.CognitoEventUserPoolsChallengeResult
		round        int
		attemptsLeft string
	}{
		{"code: first round", nil, 1, "3"},
		{"code: after one wrong answer", history(codeRound), 2, "2"},
		{"code: after two wrong answers", history(codeRound, retryRound), 3, "1"},
		{"password: first code round", history(srpStart, passwordVerified), 1, "3"},
		{"password: after one wrong answer", history(srpStart, passwordVerified, codeRound), 2, "2"},
		{"password: after two wrong answers", history(srpStart, passwordVerified, codeRound, retryRound), 3, "1"},
		{"password: first code round after MFA", history(srpStart, passwordVerified, totpAnswered), 1, "3"},
		{"password: after MFA and one wrong answer", history(srpStart, passwordVerified, totpAnswered, codeRound), 2, "2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHandlers(t)
			out, err := h.create.Handle(context.Background(), createEvent("user-1", "+15555550123", false, tt.session...))
			if err != nil {
				t.Fatal(err)
			}
			newCode := tt.round == 1
			if sent := len(h.sender.sent) == 1; sent != newCode || len(h.sender.sent) > 1 {
				t.Errorf("sent %d SMS, want one only in the first code round", len(h.sender.sent))
			}
			if kept := out.Response.PrivateChallengeParameters["seal"] == seal; kept == newCode {
				t.Errorf("seal kept: %v, want a new code only in the first code round", kept)
			}
			if got := out.Response.PublicChallengeParameters[trigger.PublicAttemptsLeft]; got != tt.attemptsLeft {
				t.Errorf("attemptsLeft %s, want %s", got, tt.attemptsLeft)
			}
			if want := fmt.Sprintf(`"round":%d,`, tt.round); !strings.Contains(h.logs.String(), want) {
				t.Errorf("logs %s, want %s", h.logs, want)
			}
		})
	}
}

// TestCreateRefusesBrokenSessionAfterPassword: a code round after the
// password steps must carry this flow's seal like any other.
func TestCreateRefusesBrokenSessionAfterPassword(t *testing.T) {
	for name, previous := range map[string]*events.CognitoEventUserPoolsChallengeResult{
		"null entry":       nil,
		"no metadata":      {ChallengeName: "CUSTOM_CHALLENGE"},
		"foreign metadata": {ChallengeName: "CUSTOM_CHALLENGE", ChallengeMetadata: "CODE-123456"},
		"device step":      {ChallengeName: "DEVICE_SRP_AUTH", ChallengeResult: true},
	} {
		h := newHandlers(t)
		_, err := h.create.Handle(context.Background(), createEvent("user-1", "+15555550123", false, srpStart, passwordVerified, previous))
		if !errors.Is(err, trigger.ErrBadSession) || len(h.sender.sent) != 0 {
			t.Errorf("%s: error %v, sent %d; want ErrBadSession and no SMS", name, err, len(h.sender.sent))
		}
	}
}

// TestCreateUnknownUserLooksTheSame compares an unknown user's answers with
// a real user's, round by round: same keys, same shapes, no SMS.
func TestCreateUnknownUserLooksTheSame(t *testing.T) {
	real, unknown := newHandlers(t), newHandlers(t)
	realOut, err := real.create.Handle(context.Background(), createEvent("uuid-1", "+15555550123", false))
	if err != nil {
		t.Fatal(err)
	}
	unknownOut, err := unknown.create.Handle(context.Background(), createEvent("+15555550123", "", true))
	if err != nil {
		t.Fatal(err)
	}
	if len(unknown.sender.sent) != 0 {
		t.Fatalf("sent %v to an unknown user", unknown.sender.sent)
	}
	r, u := realOut.Response, unknownOut.Response
	if len(r.PublicChallengeParameters) != len(u.PublicChallengeParameters) {
		t.Fatalf("public parameters differ: %v vs %v", r.PublicChallengeParameters, u.PublicChallengeParameters)
	}
	for k, v := range r.PublicChallengeParameters {
		if u.PublicChallengeParameters[k] != v {
			t.Errorf("public %s: real %q, unknown %q", k, v, u.PublicChallengeParameters[k])
		}
	}
	if len(u.ChallengeMetadata) != len(r.ChallengeMetadata) || len(u.PrivateChallengeParameters["seal"]) != len(r.PrivateChallengeParameters["seal"]) {
		t.Errorf("seals differ in shape: %q vs %q", u.ChallengeMetadata, r.ChallengeMetadata)
	}
	verified, _ := unknown.verify.Handle(context.Background(), verifyEvent("+15555550123", u.PrivateChallengeParameters["seal"], "000000"))
	if verified.Response.AnswerCorrect {
		t.Error("an unknown user's answer was accepted")
	}
}

func TestCreateUnknownUserDecoyIsStable(t *testing.T) {
	h := newHandlers(t)
	destination := func(user string) string {
		out, err := h.create.Handle(context.Background(), createEvent(user, "", true))
		if err != nil {
			t.Fatal(err)
		}
		return out.Response.PublicChallengeParameters["destination"]
	}
	a1, a2, b := destination("alice"), destination("alice"), destination("bob")
	if a1 != a2 || a1 == b || !regexp.MustCompile(`^\+1\*{6}[0-9]{4}$`).MatchString(a1) {
		t.Errorf("decoys alice %q, %q and bob %q: want stable, distinct, masked numbers", a1, a2, b)
	}
}

func TestCreateSendFailureLeaksNothing(t *testing.T) {
	h := newHandlers(t)
	h.sender.fail = errSNSDown
	_, err := h.create.Handle(context.Background(), createEvent("user-1", "+15555550123", false))
	if !errors.Is(err, trigger.ErrCodeNotSent) {
		t.Fatalf("error %v, want ErrCodeNotSent", err)
	}
	if strings.Contains(err.Error(), "5555550123") || digits.MatchString(err.Error()) {
		t.Fatalf("error %q names a number or code", err)
	}
	if strings.Contains(h.logs.String(), "5555550123") {
		t.Fatalf("logs name the number: %s", h.logs)
	}
}

func TestCreateRefusesUserWithoutPhone(t *testing.T) {
	h := newHandlers(t)
	if _, err := h.create.Handle(context.Background(), createEvent("user-1", "", false)); err == nil {
		t.Fatal("no error for a user without phone_number")
	}
	if len(h.sender.sent) != 0 {
		t.Fatal("sent an SMS without a number")
	}
}

// BenchmarkCreate makes and sends (to a recorder) one code, with the abuse
// limits off, and on with a MemoryStore (limits high enough never to
// refuse): the counters' cost in the handler, without a store's round trips.
func BenchmarkCreate(b *testing.B) {
	for _, limited := range []bool{false, true} {
		b.Run(fmt.Sprintf("limits=%v", limited), func(b *testing.B) {
			h := newHandlersLoggingTo(b, io.Discard)
			if limited {
				h.create.Limiter = neverRefusing(b)
			}
			ev := createEvent("user-1", "+15555550123", false)
			b.ReportAllocs()
			for b.Loop() {
				h.sender.sent = h.sender.sent[:0]
				if _, err := h.create.Handle(context.Background(), ev); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
