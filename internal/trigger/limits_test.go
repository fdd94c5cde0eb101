package trigger_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/limits"
	"github.com/cognito-passwordless/passwordless-go/internal/phone"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

// withLimits gives h's create and verify one limiter over a MemoryStore,
// with policy and the handlers' clock.
func withLimits(t *testing.T, h *handlers, policy limits.Policy) {
	t.Helper()
	l, err := limits.New(limits.Options{Policy: policy, Store: limits.NewMemoryStore(h.create.Now),
		Key: []byte(strings.Repeat("k", limits.MinKeyLength)), Now: h.create.Now})
	if err != nil {
		t.Fatal(err)
	}
	h.create.Limiter, h.verify.Limiter = l, l
}

func TestCreateRefusesCountriesOutsideTheList(t *testing.T) {
	h := newHandlers(t)
	list, err := phone.ParseAllowList("+44")
	if err != nil {
		t.Fatal(err)
	}
	h.create.Config.AllowedCountries = list
	// A user who signed up before the list left out their country, and an
	// unknown name alike: an error, no SMS.
	for _, ev := range []events.CognitoEventUserPoolsCreateAuthChallenge{
		createEvent("user-1", "+15555550123", false),
		createEvent("+15555550124", "", true),
	} {
		if _, err := h.create.Handle(context.Background(), ev); !errors.Is(err, trigger.ErrCountryNotAllowed) {
			t.Errorf("%s: error %v, want %v", ev.UserName, err, trigger.ErrCountryNotAllowed)
		}
	}
	if _, err := h.create.Handle(context.Background(), createEvent("user-2", "+447700900123", false)); err != nil {
		t.Errorf("an allowed country: %v", err)
	}
	if len(h.sender.sent) != 1 {
		t.Errorf("sent %v, want only the SMS to +44", h.sender.sent)
	}
}

func TestPreSignUpRefusesCountriesOutsideTheList(t *testing.T) {
	h := newHandlers(t)
	list, _ := phone.ParseAllowList("+1, +44")
	h.preSignUp.Config.AllowedCountries = list
	for number, want := range map[string]error{"+15555550123": nil, "+447700900123": nil, "+4930123456": trigger.ErrCountryNotAllowed} {
		ev := events.CognitoEventUserPoolsPreSignup{}
		ev.Request.UserAttributes = map[string]string{"phone_number": number}
		out, err := h.preSignUp.Handle(context.Background(), ev)
		if !errors.Is(err, want) || (err == nil) != out.Response.AutoConfirmUser {
			t.Errorf("%s: %v, confirmed %v; want %v", number, err, out.Response.AutoConfirmUser, want)
		}
	}
}

// TestCreateCountsCodes: the per-number limit refuses the next code, the
// same for an unknown name as for a real user; an unknown name's decoy
// spends none of the pool's budget; and a refusal by the pool's budget
// writes the embedded metric the template alarms on.
func TestCreateCountsCodes(t *testing.T) {
	h := newHandlers(t)
	withLimits(t, h, limits.Policy{
		PerNumber: []limits.Window{{Limit: 2, Length: 15 * time.Minute}},
		Pool:      limits.Window{Limit: 3, Length: time.Hour},
	})
	ctx := context.Background()
	for _, ev := range []events.CognitoEventUserPoolsCreateAuthChallenge{
		createEvent("user-1", "+15555550123", false), createEvent("+15555550124", "", true),
	} {
		for i := range 3 {
			_, err := h.create.Handle(ctx, ev)
			if want := error(nil); i == 2 {
				want = trigger.ErrTooManyCodes
				if !errors.Is(err, want) {
					t.Errorf("%s, code %d: %v, want %v", ev.UserName, i+1, err, want)
				}
			} else if err != nil {
				t.Fatalf("%s, code %d: %v", ev.UserName, i+1, err)
			}
		}
	}
	if len(h.sender.sent) != 2 {
		t.Errorf("sent %d SMS, want 2 (none to the unknown name)", len(h.sender.sent))
	}
	// The pool has counted the 2 codes sent (the refused ones were handed
	// back, the decoy's were never counted): a third number's first code
	// is its last, and a fourth's is refused.
	if _, err := h.create.Handle(ctx, createEvent("user-3", "+15555550125", false)); err != nil {
		t.Fatalf("the pool's third code: %v; the decoys must not have spent the budget", err)
	}
	ev := createEvent("user-4", "+15555550126", false)
	ev.UserPoolID = "us-east-1_Example"
	if _, err := h.create.Handle(ctx, ev); !errors.Is(err, trigger.ErrUnavailable) {
		t.Fatalf("over the pool's budget: %v, want %v", err, trigger.ErrUnavailable)
	}
	metric := lastLogLine(t, h)
	aws, _ := metric["_aws"].(map[string]any)
	if metric["Limit"] != "pool" || metric["UserPoolId"] != "us-east-1_Example" || metric[trigger.MetricRefused] != float64(1) || aws["CloudWatchMetrics"] == nil {
		t.Errorf("refusal log line %v: want the embedded metric %s with UserPoolId and Limit pool", metric, trigger.MetricRefused)
	}
}

// TestVerifyCountsWrongAnswersAndLocks: K wrong answers lock the name
// out; then even the right code is refused and create refuses the next
// round and the next sign-in.
func TestVerifyCountsWrongAnswersAndLocks(t *testing.T) {
	h := newHandlers(t)
	withLimits(t, h, limits.Policy{WrongAnswers: limits.Window{Limit: 2, Length: time.Hour}})
	ctx := context.Background()
	first, err := h.create.Handle(ctx, createEvent("user-1", "+15555550123", false))
	if err != nil {
		t.Fatal(err)
	}
	seal := first.Response.PrivateChallengeParameters["seal"]
	code := digits.FindString(h.sender.sent[0].text)
	for range 2 {
		if out, err := h.verify.Handle(ctx, verifyEvent("user-1", seal, "000000")); err != nil || out.Response.AnswerCorrect {
			t.Fatalf("a wrong answer: %+v, %v", out.Response, err)
		}
	}
	if out, err := h.verify.Handle(ctx, verifyEvent("USER-1", seal, code)); err != nil || out.Response.AnswerCorrect {
		t.Errorf("the right code after the lockout (the name in other case): %+v, %v; want false", out.Response, err)
	}
	round := &events.CognitoEventUserPoolsChallengeResult{ChallengeName: "CUSTOM_CHALLENGE", ChallengeMetadata: first.Response.ChallengeMetadata}
	if _, err := h.create.Handle(ctx, createEvent("user-1", "+15555550123", false, round)); !errors.Is(err, trigger.ErrTooManyAttempts) {
		t.Errorf("the next round: %v, want %v", err, trigger.ErrTooManyAttempts)
	}
	if _, err := h.create.Handle(ctx, createEvent("user-1", "+15555550123", false)); !errors.Is(err, trigger.ErrTooManyAttempts) {
		t.Errorf("a new sign-in: %v, want %v", err, trigger.ErrTooManyAttempts)
	}
	if len(h.sender.sent) != 1 {
		t.Errorf("sent %d SMS, want 1", len(h.sender.sent))
	}
}

// TestLimitsFailClosed: when the store fails, create sends nothing and
// verify gives no verdict; both say only "try again later".
func TestLimitsFailClosed(t *testing.T) {
	h := newHandlers(t)
	l, err := limits.New(limits.Options{Policy: limits.DefaultPolicy(), Store: brokenStore{},
		Key: []byte(strings.Repeat("k", limits.MinKeyLength))})
	if err != nil {
		t.Fatal(err)
	}
	h.create.Limiter, h.verify.Limiter = l, l
	ctx := context.Background()
	if _, err := h.create.Handle(ctx, createEvent("user-1", "+15555550123", false)); !errors.Is(err, trigger.ErrUnavailable) {
		t.Errorf("create: %v, want %v", err, trigger.ErrUnavailable)
	}
	if _, err := h.verify.Handle(ctx, verifyEvent("user-1", "seal", "123456")); !errors.Is(err, trigger.ErrUnavailable) {
		t.Errorf("verify: %v, want %v", err, trigger.ErrUnavailable)
	}
	if len(h.sender.sent) != 0 {
		t.Errorf("sent %v with the store down", h.sender.sent)
	}
	if strings.Contains(h.logs.String(), "5555550123") || !strings.Contains(h.logs.String(), "limits unavailable") {
		t.Errorf("logs:\n%s", h.logs)
	}
}

type brokenStore struct{}

func (brokenStore) Add(context.Context, string, int, int, time.Time) (bool, error) {
	return false, errors.New("store down")
}

func lastLogLine(t *testing.T, h *handlers) map[string]any {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(h.logs.String()), "\n")
	var line map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &line); err != nil {
		t.Fatal(err)
	}
	return line
}

// neverRefusing is a limiter of the default policy, its SMS limits raised
// out of reach, over a MemoryStore.
func neverRefusing(b *testing.B) *limits.Limiter {
	policy := limits.DefaultPolicy()
	for i := range policy.PerNumber {
		policy.PerNumber[i].Limit = limits.MaxLimit
	}
	policy.Pool.Limit = limits.MaxLimit
	l, err := limits.New(limits.Options{Policy: policy, Store: limits.NewMemoryStore(nil), Key: []byte(strings.Repeat("k", limits.MinKeyLength))})
	if err != nil {
		b.Fatal(err)
	}
	return l
}
