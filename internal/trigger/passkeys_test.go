package trigger_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/limits"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeyround"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

// rp is the relying party of the passkey tests.
var rp = passkey.Options{RPID: "example.com", Origins: []string{"https://example.com"}}

// janeSub is the sub of the user whose passkeys the tests register.
const janeSub = "6f0c3c55-3a4e-4b6e-9d61-2f5ad0e2b1a7"

// passkeyHandlers are newHandlers with passkeys on, kept in store; Jane
// has the passkey of the returned authenticator.
func passkeyHandlers(t *testing.T) (*handlers, *passkey.MemoryStore, *passkeytest.Authenticator) {
	t.Helper()
	h := newHandlers(t)
	store := passkey.NewMemoryStore()
	rounds := passkeyround.Rounds{Store: store, Options: rp, Now: h.create.Now}
	h.create.Passkeys, h.verify.Passkeys = rounds, rounds
	a := passkeytest.New(32)
	challenge, options, err := passkey.NewRegistration(rp, passkey.User{Handle: []byte(janeSub), Name: "+15555550123"}, nil, nil, clock)
	if err != nil {
		t.Fatal(err)
	}
	c, err := passkey.VerifyRegistration(rp, challenge, []byte(janeSub), a.Register(options), clock)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.AddCredential(context.Background(), janeSub, c); err != nil {
		t.Fatal(err)
	}
	return h, store, a
}

// jane is create's event for Jane, with her sub, after session.
func jane(session ...*events.CognitoEventUserPoolsChallengeResult) events.CognitoEventUserPoolsCreateAuthChallenge {
	ev := createEvent("+15555550123", "+15555550123", false, session...)
	ev.Request.UserAttributes["sub"] = janeSub
	return ev
}

// answerPasskey is verify's event for an answer to the passkey round out.
func answerPasskey(out events.CognitoEventUserPoolsCreateAuthChallenge, answer string) events.CognitoEventUserPoolsVerifyAuthChallenge {
	ev := events.CognitoEventUserPoolsVerifyAuthChallenge{}
	ev.UserName = out.UserName
	ev.Request.UserAttributes = out.Request.UserAttributes
	ev.Request.UserNotFound = out.Request.UserNotFound
	ev.Request.PrivateChallengeParameters = out.Response.PrivateChallengeParameters
	ev.Request.ChallengeAnswer = answer
	return ev
}

// allowed lists the credential ids a passkey round's options name.
func allowed(t *testing.T, out events.CognitoEventUserPoolsCreateAuthChallenge) []string {
	t.Helper()
	var options struct {
		AllowCredentials []struct{ ID string } `json:"allowCredentials"`
	}
	if err := json.Unmarshal([]byte(out.Response.PublicChallengeParameters[trigger.PublicPasskeyOptions]), &options); err != nil {
		t.Fatalf("passkey options: %v", err)
	}
	var ids []string
	for _, c := range options.AllowCredentials {
		ids = append(ids, c.ID)
	}
	return ids
}

func TestPasskeySignIn(t *testing.T) {
	h, store, a := passkeyHandlers(t)
	ctx := context.Background()
	out, err := h.create.Handle(ctx, jane())
	if err != nil {
		t.Fatal(err)
	}
	params := out.Response.PublicChallengeParameters
	if params[trigger.PublicChannel] != "passkey" || len(allowed(t, out)) != 1 || len(h.sender.sent) != 0 {
		t.Fatalf("first round %v, sent %v: want a passkey round listing Jane's passkey, no SMS", params, h.sender.sent)
	}
	if _, ok := out.Response.PrivateChallengeParameters["passkey"]; !ok || !strings.HasPrefix(out.Response.ChallengeMetadata, "first:passkey:v1.") {
		t.Fatalf("round %+v: want the challenge kept for verify and define", out.Response)
	}
	assertion := a.Sign([]byte(params[trigger.PublicPasskeyOptions]))
	got, err := h.verify.Handle(ctx, answerPasskey(out, string(assertion)))
	if err != nil || !got.Response.AnswerCorrect {
		t.Fatalf("verify = %+v, %v; want correct", got.Response, err)
	}
	held, _ := store.Credentials(ctx, janeSub)
	if held[0].SignCount != a.Counter || !held[0].LastUsedAt.Equal(clock) {
		t.Errorf("stored counter %d, last used %v; want %d, %v", held[0].SignCount, held[0].LastUsedAt, a.Counter, clock)
	}
	// The attack: the same answer again, in the same round (a replay).
	if got, err := h.verify.Handle(ctx, answerPasskey(out, string(assertion))); err != nil || got.Response.AnswerCorrect {
		t.Errorf("replayed assertion: %+v, %v; want refused", got.Response, err)
	}
}

// TestPasskeyAttacksRefused: each answer an attacker could send to a
// passkey round, refused and counted as a wrong answer.
func TestPasskeyAttacksRefused(t *testing.T) {
	tests := []struct {
		name   string
		answer func(a *passkeytest.Authenticator, options []byte, earlier []byte) string
	}{
		{"from a phishing origin", func(a *passkeytest.Authenticator, o, _ []byte) string {
			return string(a.Sign(o, passkeytest.FromOrigin("https://examp1e.com")))
		}},
		{"for another relying party", func(a *passkeytest.Authenticator, o, _ []byte) string {
			return string(a.Sign(o, passkeytest.ForRPID("evil.example")))
		}},
		{"for another challenge", func(a *passkeytest.Authenticator, o, _ []byte) string {
			return string(a.Sign(o, passkeytest.WithChallenge([]byte("a challenge of another sign-in!!"))))
		}},
		{"a replay of an earlier sign-in's answer", func(_ *passkeytest.Authenticator, _, earlier []byte) string { return string(earlier) }},
		{"a cloned authenticator, its counter behind", func(a *passkeytest.Authenticator, o, _ []byte) string {
			return string(a.Sign(o, passkeytest.WithCounter(1)))
		}},
		{"a code", func(*passkeytest.Authenticator, []byte, []byte) string { return "123456" }},
		{"garbage", func(*passkeytest.Authenticator, []byte, []byte) string { return `{"id":` }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _, a := passkeyHandlers(t)
			withLimits(t, h, limits.Policy{WrongAnswers: limits.Window{Limit: 10, Length: time.Hour}})
			ctx := context.Background()
			// An earlier sign-in, whose answer the attacker saw.
			first, err := h.create.Handle(ctx, jane())
			if err != nil {
				t.Fatal(err)
			}
			earlier := a.Sign([]byte(first.Response.PublicChallengeParameters[trigger.PublicPasskeyOptions]))
			if got, _ := h.verify.Handle(ctx, answerPasskey(first, string(earlier))); !got.Response.AnswerCorrect {
				t.Fatal("the earlier sign-in failed")
			}
			out, err := h.create.Handle(ctx, jane())
			if err != nil {
				t.Fatal(err)
			}
			answer := tt.answer(a, []byte(out.Response.PublicChallengeParameters[trigger.PublicPasskeyOptions]), earlier)
			got, err := h.verify.Handle(ctx, answerPasskey(out, answer))
			if err != nil || got.Response.AnswerCorrect {
				t.Fatalf("verify = %+v, %v; want refused", got.Response, err)
			}
			if !strings.Contains(h.logs.String(), `"correct":false`) {
				t.Errorf("logs %s: want the refusal logged", h.logs)
			}
		})
	}
}

func TestClonedPasskeyLoggedApart(t *testing.T) {
	h, _, a := passkeyHandlers(t)
	ctx := context.Background()
	out, _ := h.create.Handle(ctx, jane())
	options := []byte(out.Response.PublicChallengeParameters[trigger.PublicPasskeyOptions])
	clone := *a
	if got, _ := h.verify.Handle(ctx, answerPasskey(out, string(a.Sign(options)))); !got.Response.AnswerCorrect {
		t.Fatal("the original's sign-in failed")
	}
	out, _ = h.create.Handle(ctx, jane())
	got, err := h.verify.Handle(ctx, answerPasskey(out, string(clone.Sign([]byte(out.Response.PublicChallengeParameters[trigger.PublicPasskeyOptions])))))
	if err != nil || got.Response.AnswerCorrect || !strings.Contains(h.logs.String(), "possible cloned passkey") {
		t.Errorf("clone: %+v, %v, logs %s; want refused and logged as a possible clone", got.Response, err, h.logs)
	}
}

// TestPasskeyRoundsTellNoNameApart: a known user with passkeys, one
// without, and an unknown name get passkey rounds of the same shape, the
// same credentials on every try, and nothing sent.
func TestPasskeyRoundsTellNoNameApart(t *testing.T) {
	h, _, _ := passkeyHandlers(t)
	ctx := context.Background()
	without := createEvent("+15555550199", "+15555550199", false)
	without.Request.UserAttributes["sub"] = "0b8f2f6e-4d7c-4a9f-8f61-3a4be1d9c0e2"
	unknown := createEvent("+15555550177", "", true)
	var shapes [][]string
	for _, ev := range []events.CognitoEventUserPoolsCreateAuthChallenge{jane(), without, unknown} {
		first, err := h.create.Handle(ctx, ev)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := h.create.Handle(ctx, ev)
		if !slices.Equal(allowed(t, first), allowed(t, again)) || len(allowed(t, first)) == 0 {
			t.Errorf("%s: credentials %v then %v; want the same, at least one", ev.UserName, allowed(t, first), allowed(t, again))
		}
		var keys []string
		for k := range first.Response.PublicChallengeParameters {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		shapes = append(shapes, keys)
		if verdict, _ := h.verify.Handle(ctx, answerPasskey(first, `{}`)); verdict.Response.AnswerCorrect {
			t.Errorf("%s: an empty answer passed", ev.UserName)
		}
	}
	if !slices.Equal(shapes[0], shapes[1]) || !slices.Equal(shapes[0], shapes[2]) {
		t.Errorf("public parameters differ: %v", shapes)
	}
	if len(h.sender.sent) != 0 {
		t.Errorf("sent %v; want nothing before a code is asked for", h.sender.sent)
	}
}

// TestPasskeyFallbackToCode: after the passkey round, a resend request
// without a channel sends the code, costing no resend; asking for the
// passkey again costs one.
func TestPasskeyFallbackToCode(t *testing.T) {
	h, _, _ := passkeyHandlers(t)
	ctx := context.Background()
	first, _ := h.create.Handle(ctx, jane())
	code, err := h.create.Handle(ctx, asResend(jane(roundOf(first)), ""))
	if err != nil {
		t.Fatal(err)
	}
	params := code.Response.PublicChallengeParameters
	if len(h.sender.sent) != 1 || params[trigger.PublicChannel] != "sms" || params[trigger.PublicResendsLeft] != "2" || params[trigger.PublicDestination] == "" {
		t.Fatalf("fallback round %v, sent %v: want an SMS, resends untouched", params, h.sender.sent)
	}
	again, err := h.create.Handle(ctx, asResend(jane(roundOf(first), roundOf(code)), "passkey"))
	if err != nil || again.Response.PublicChallengeParameters[trigger.PublicChannel] != "passkey" || again.Response.PublicChallengeParameters[trigger.PublicResendsLeft] != "1" {
		t.Fatalf("passkey again: %v, %v; want a passkey round, one resend used", again.Response.PublicChallengeParameters, err)
	}
}

// TestPasskeyAfterPassword: after the password, only a user with passkeys
// gets a passkey round, and a user without cannot ask for one.
func TestPasskeyAfterPassword(t *testing.T) {
	h, _, _ := passkeyHandlers(t)
	ctx := context.Background()
	password := []*events.CognitoEventUserPoolsChallengeResult{
		{ChallengeName: "SRP_A", ChallengeResult: true}, {ChallengeName: "PASSWORD_VERIFIER", ChallengeResult: true}}
	out, err := h.create.Handle(ctx, jane(password...))
	if err != nil || out.Response.PublicChallengeParameters[trigger.PublicChannel] != "passkey" {
		t.Fatalf("Jane after the password: %v, %v; want a passkey round", out.Response.PublicChallengeParameters, err)
	}
	without := createEvent("+15555550199", "+15555550199", false, password...)
	without.Request.UserAttributes["sub"] = "0b8f2f6e-4d7c-4a9f-8f61-3a4be1d9c0e2"
	code, err := h.create.Handle(ctx, without)
	if err != nil || code.Response.PublicChallengeParameters[trigger.PublicChannel] != "sms" {
		t.Fatalf("a user without passkeys after the password: %v, %v; want the code", code.Response.PublicChallengeParameters, err)
	}
	without.Request.Session = append(password, roundOf(code))
	if _, err := h.create.Handle(ctx, asResend(without, "passkey")); !errors.Is(err, trigger.ErrChannelNotAvailable) {
		t.Errorf("asking for a passkey without one: %v; want %v", err, trigger.ErrChannelNotAvailable)
	}
}

// failingStore is a passkey store that cannot be reached.
type failingStore struct{}

func (failingStore) Credentials(context.Context, string) ([]passkey.Credential, error) {
	return nil, errors.New("RequestError: send request failed")
}
func (failingStore) SignedIn(context.Context, string, passkey.Credential, uint32) error {
	return errors.New("RequestError: send request failed")
}

func TestPasskeyStoreDownFailsTheSignIn(t *testing.T) {
	h, _, _ := passkeyHandlers(t)
	ctx := context.Background()
	out, _ := h.create.Handle(ctx, jane())
	down := passkeyround.Rounds{Store: failingStore{}, Options: rp, Now: h.create.Now}
	h.create.Passkeys, h.verify.Passkeys = down, down
	if _, err := h.create.Handle(ctx, jane()); !errors.Is(err, trigger.ErrUnavailable) {
		t.Errorf("create: %v; want %v", err, trigger.ErrUnavailable)
	}
	if _, err := h.verify.Handle(ctx, answerPasskey(out, `{}`)); !errors.Is(err, trigger.ErrUnavailable) {
		t.Errorf("verify: %v; want %v", err, trigger.ErrUnavailable)
	}
}

// countingStore counts the reads of a passkey store.
type countingStore struct {
	*passkey.MemoryStore
	reads int
}

func (c *countingStore) Credentials(ctx context.Context, owner string) ([]passkey.Credential, error) {
	c.reads++
	return c.MemoryStore.Credentials(ctx, owner)
}

// TestCodeRoundsReadNoPasskeys: only rounds that may be passkey rounds
// read the table; a code's resend and retry do not.
func TestCodeRoundsReadNoPasskeys(t *testing.T) {
	h, store, _ := passkeyHandlers(t)
	counting := &countingStore{MemoryStore: store}
	rounds := passkeyround.Rounds{Store: counting, Options: rp, Now: h.create.Now}
	h.create.Passkeys = rounds
	ctx := context.Background()
	first, _ := h.create.Handle(ctx, jane())
	code, err := h.create.Handle(ctx, asResend(jane(roundOf(first)), ""))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.create.Handle(ctx, jane(roundOf(first), roundOf(code))); err != nil {
		t.Fatal(err)
	}
	if counting.reads != 1 {
		t.Errorf("%d reads of the credentials table, want 1 (the first round only)", counting.reads)
	}
}

// TestFallbackGoesToTheUsersAddress: in a pool of SMS and email, a user
// who has only an email address falls back from the passkey round to a
// code by email, the pool's first channel notwithstanding.
func TestFallbackGoesToTheUsersAddress(t *testing.T) {
	h := newHandlersFor(t, bothChannels)
	rounds := passkeyround.Rounds{Store: passkey.NewMemoryStore(), Options: rp, Now: h.create.Now}
	h.create.Passkeys, h.verify.Passkeys = rounds, rounds
	ev := createEvent("f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "", false)
	ev.Request.UserAttributes = map[string]string{"email": "jane.doe@example.com", "sub": "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"}
	ctx := context.Background()
	first, err := h.create.Handle(ctx, ev)
	if err != nil || first.Response.PublicChallengeParameters[trigger.PublicChannel] != "passkey" {
		t.Fatalf("first round: %v, %v", first.Response.PublicChallengeParameters, err)
	}
	ev.Request.Session = append(ev.Request.Session, roundOf(first))
	code, err := h.create.Handle(ctx, asResend(ev, ""))
	if err != nil || code.Response.PublicChallengeParameters[trigger.PublicChannel] != "email" || len(h.mailbox.sent) != 1 {
		t.Fatalf("fallback: %v, %v, mail %v; want a code by email", code.Response.PublicChallengeParameters, err, h.mailbox.sent)
	}
}
