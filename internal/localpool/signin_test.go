package localpool

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
)

func TestSignUpAndSignIn(t *testing.T) {
	p := startPool(t, Options{})
	number := newPhone()
	sub := p.signUp(number)

	challenge := p.mustInitiate(number)
	params := challenge.ChallengeParameters
	masked := "+1******" + number[len(number)-4:]
	want := map[string]string{
		"USERNAME":     sub,
		"destination":  masked,
		"channel":      "sms",
		"channels":     "sms",
		"codeLength":   "6",
		"attemptsLeft": strconv.Itoa(config.DefaultMaxAttempts),
		"resendsLeft":  strconv.Itoa(config.DefaultMaxResends),
	}
	for k, v := range want {
		if params[k] != v {
			t.Errorf("ChallengeParameters[%q] = %q, want %q (all: %v)", k, params[k], v, params)
		}
	}
	if len(params) != len(want) {
		t.Errorf("ChallengeParameters = %v, want the keys of %v", params, want)
	}
	if n := p.smsTo(number); n != 1 {
		t.Fatalf("%d SMS to %s, want 1", n, number)
	}

	out, err := p.respond(challenge.Session, params, p.lastCode(number))
	if err != nil {
		t.Fatalf("RespondToAuthChallenge: %v", err)
	}
	res := out.AuthenticationResult
	if res == nil || aws.ToString(res.IdToken) == "" || aws.ToString(res.AccessToken) == "" || aws.ToString(res.RefreshToken) == "" {
		t.Fatalf("AuthenticationResult = %+v", res)
	}
	if aws.ToString(res.TokenType) != "Bearer" || res.ExpiresIn != 3600 {
		t.Errorf("TokenType %q, ExpiresIn %d; want Bearer, 3600", aws.ToString(res.TokenType), res.ExpiresIn)
	}
	if out.ChallengeName != "" || out.Session != nil {
		t.Errorf("tokens came with challenge %q, session %v", out.ChallengeName, out.Session)
	}

	// Signing in by the username works as by the phone number.
	p.signInAs(sub, number)

	_, err = p.client.SignUp(testContext(t), &cip.SignUpInput{ClientId: aws.String(p.srv.ClientID()), Username: aws.String(number)})
	requireAPIError(t, err, "UsernameExistsException", "An account with the given phone_number already exists.")
}

func TestWrongCodeThenRightCode(t *testing.T) {
	p := startPool(t, Options{})
	number := newPhone()
	p.signUp(number)

	first := p.mustInitiate(number)
	code := p.lastCode(number)
	second, err := p.respond(first.Session, first.ChallengeParameters, wrongCode(code))
	if err != nil {
		t.Fatalf("wrong code: %v", err)
	}
	if second.ChallengeName != types.ChallengeNameTypeCustomChallenge || second.AuthenticationResult != nil {
		t.Fatalf("wrong code gave %+v, want another challenge", second)
	}
	if got := second.ChallengeParameters["attemptsLeft"]; got != "2" {
		t.Errorf("attemptsLeft after a wrong code = %q, want 2", got)
	}
	if aws.ToString(second.Session) == aws.ToString(first.Session) {
		t.Error("the second challenge reuses the first session")
	}
	if n := p.smsTo(number); n != 1 {
		t.Errorf("%d SMS after a wrong code, want the first only", n)
	}
	third, err := p.respond(second.Session, second.ChallengeParameters, code)
	if err != nil || third.AuthenticationResult == nil {
		t.Fatalf("right code after a wrong one: %+v, %v", third, err)
	}
}

// TestAttemptsRunOut answers wrong MAX_ATTEMPTS times: the default, and
// overrides, which reach the triggers as the template's variable would.
func TestAttemptsRunOut(t *testing.T) {
	for _, maxAttempts := range []int{config.DefaultMaxAttempts, 1, 5} {
		t.Run("MAX_ATTEMPTS="+strconv.Itoa(maxAttempts), func(t *testing.T) {
			p := startPool(t, Options{Env: map[string]string{config.EnvMaxAttempts: strconv.Itoa(maxAttempts)}})
			number := newPhone()
			p.signUp(number)
			challenge := p.mustInitiate(number)
			wrong := wrongCode(p.lastCode(number))
			session, params := challenge.Session, challenge.ChallengeParameters
			for attempt := 1; attempt < maxAttempts; attempt++ {
				if got, want := params["attemptsLeft"], strconv.Itoa(maxAttempts-attempt+1); got != want {
					t.Errorf("attemptsLeft before answer %d = %q, want %q", attempt, got, want)
				}
				out, err := p.respond(session, params, wrong)
				if err != nil {
					t.Fatalf("wrong answer %d: %v", attempt, err)
				}
				session, params = out.Session, out.ChallengeParameters
			}
			if params["attemptsLeft"] != "1" {
				t.Errorf("attemptsLeft before the last answer = %q, want 1", params["attemptsLeft"])
			}
			_, err := p.respond(session, params, wrong)
			requireAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
		})
	}
}

// TestUnknownUserLooksLikeARealOne plays the same moves for a real user and
// an unknown number and requires the same answers, shape for shape, and no
// SMS for the unknown number.
func TestUnknownUserLooksLikeARealOne(t *testing.T) {
	p := startPool(t, Options{})
	real, unknown := newPhone(), newPhone()
	p.signUp(real)

	realRun := p.wrongAnswersUntilRefused(real)
	unknownRun := p.wrongAnswersUntilRefused(unknown)
	if len(realRun) != len(unknownRun) {
		t.Fatalf("the real user got %d steps, the unknown one %d", len(realRun), len(unknownRun))
	}
	for i := range realRun {
		if realRun[i] != unknownRun[i] {
			t.Errorf("step %d: real user %q, unknown user %q", i, realRun[i], unknownRun[i])
		}
	}
	if n := p.smsTo(unknown); n != 0 {
		t.Errorf("%d SMS to the unknown number, want none", n)
	}
	if len(p.srv.Outbox()) != 1 {
		t.Errorf("outbox holds %d messages, want the real user's only", len(p.srv.Outbox()))
	}

	// The unknown number's USERNAME is the same on every try, like a real one's.
	first, second := p.mustInitiate(unknown), p.mustInitiate(unknown)
	if first.ChallengeParameters["USERNAME"] != second.ChallengeParameters["USERNAME"] {
		t.Error("an unknown number's USERNAME changes between tries")
	}
}

// valueShapes describe each challenge parameter's values without the parts
// that differ between any two users.
var valueShapes = map[string]*regexp.Regexp{
	"USERNAME": uuidPattern,
	// Masks are made from the normalised address: an email mask has no
	// upper case, whatever was typed or stored.
	"destination":  regexp.MustCompile(`^(\+1\*{6}[0-9]{4}|[^@*A-Z]\*{3}@[^@.*A-Z]\*{3}\.[a-z]+)$`),
	"channel":      regexp.MustCompile(`^(sms|email)$`),
	"channels":     regexp.MustCompile(`^(sms|email)(,(sms|email))?$`),
	"codeLength":   regexp.MustCompile(`^6$`),
	"attemptsLeft": regexp.MustCompile(`^[0-9]+$`),
	"resendsLeft":  regexp.MustCompile(`^[0-9]+$`),
}

// shownValues are the challenge parameters whose values, not only their
// shapes, must be the same for a real and an unknown user.
var shownValues = map[string]bool{"channel": true, "channels": true, "attemptsLeft": true, "resendsLeft": true}

// wrongAnswersUntilRefused signs name in and answers wrong until refused,
// and returns each step in a form that must not tell users apart.
func (p *testPool) wrongAnswersUntilRefused(name string) []string {
	p.t.Helper()
	var steps []string
	challenge := p.mustInitiate(name)
	session, params := challenge.Session, challenge.ChallengeParameters
	for range 10 {
		steps = append(steps, describeChallenge(params))
		out, err := p.respond(session, params, "000000")
		var apiErr smithy.APIError
		if errors.As(err, &apiErr) {
			return append(steps, apiErr.ErrorCode()+": "+apiErr.ErrorMessage())
		}
		if err != nil {
			p.t.Fatalf("answering for %s: %v", name, err)
		}
		session, params = out.Session, out.ChallengeParameters
	}
	p.t.Fatalf("%s was never refused", name)
	return nil
}

func describeChallenge(params map[string]string) string {
	var keys []string
	for k, v := range params {
		shape, ok := valueShapes[k]
		switch {
		case !ok:
			keys = append(keys, k+"=unexpected")
		case !shape.MatchString(v):
			keys = append(keys, k+"=badshape:"+v)
		case shownValues[k]:
			keys = append(keys, k+"="+v)
		default:
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return strings.Join(keys, ";")
}

func TestExpiredSessionIsRefused(t *testing.T) {
	p := startPool(t, Options{SessionValidity: 500 * time.Millisecond})
	number := newPhone()
	p.signUp(number)
	challenge := p.mustInitiate(number)
	time.Sleep(700 * time.Millisecond)
	_, err := p.respond(challenge.Session, challenge.ChallengeParameters, p.lastCode(number))
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user, session is expired.")
}

func TestReusedSessionIsRefused(t *testing.T) {
	p := startPool(t, Options{})
	number := newPhone()
	p.signUp(number)
	challenge := p.mustInitiate(number)
	code := p.lastCode(number)
	if _, err := p.respond(challenge.Session, challenge.ChallengeParameters, wrongCode(code)); err != nil {
		t.Fatalf("first answer: %v", err)
	}
	_, err := p.respond(challenge.Session, challenge.ChallengeParameters, code)
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user, session can only be used once.")

	_, err = p.respond(aws.String("not-a-session"), challenge.ChallengeParameters, code)
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")
}

func TestSessionIsBoundToItsUser(t *testing.T) {
	p := startPool(t, Options{})
	alice, bob := newPhone(), newPhone()
	p.signUp(alice)
	bobSub := p.signUp(bob)
	challenge := p.mustInitiate(alice)
	_, err := p.respond(challenge.Session, map[string]string{"USERNAME": bobSub}, p.lastCode(alice))
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")
}

func TestRefreshTokenGivesNewTokens(t *testing.T) {
	p := startPool(t, Options{})
	number := newPhone()
	p.signUp(number)
	first := p.signIn(number)
	time.Sleep(1100 * time.Millisecond) // so that iat differs

	out, err := p.client.InitiateAuth(testContext(t), &cip.InitiateAuthInput{
		ClientId: aws.String(p.srv.ClientID()), AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(first.RefreshToken)},
	})
	if err != nil {
		t.Fatalf("REFRESH_TOKEN_AUTH: %v", err)
	}
	res := out.AuthenticationResult
	if res == nil || aws.ToString(res.IdToken) == "" || aws.ToString(res.AccessToken) == "" {
		t.Fatalf("REFRESH_TOKEN_AUTH gave %+v", out)
	}
	if aws.ToString(res.IdToken) == aws.ToString(first.IdToken) || aws.ToString(res.AccessToken) == aws.ToString(first.AccessToken) {
		t.Error("refreshing gave the same tokens")
	}
	if res.RefreshToken != nil {
		t.Error("refreshing gave a new refresh token; Cognito keeps the old one")
	}
	firstClaims, newClaims := p.verifiedClaims(aws.ToString(first.IdToken), "id"), p.verifiedClaims(aws.ToString(res.IdToken), "id")
	for _, claim := range []string{"sub", "origin_jti", "auth_time"} {
		if firstClaims[claim] != newClaims[claim] {
			t.Errorf("claim %s changed on refresh: %v -> %v", claim, firstClaims[claim], newClaims[claim])
		}
	}
	if _, err := p.client.GetUser(testContext(t), &cip.GetUserInput{AccessToken: res.AccessToken}); err != nil {
		t.Errorf("GetUser with the refreshed access token: %v", err)
	}

	_, err = p.client.InitiateAuth(testContext(t), &cip.InitiateAuthInput{
		ClientId: aws.String(p.srv.ClientID()), AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": "not-a-refresh-token"},
	})
	requireAPIError(t, err, "NotAuthorizedException", "Invalid Refresh Token")
}

func TestOutboxEndpoint(t *testing.T) {
	p := startPool(t, Options{})
	number := newPhone()
	p.signUp(number)
	p.mustInitiate(number)
	var got struct {
		Messages []struct {
			Channel     string    `json:"channel"`
			To          string    `json:"to"`
			PhoneNumber string    `json:"phoneNumber"`
			Message     string    `json:"message"`
			SentAt      time.Time `json:"sentAt"`
		} `json:"messages"`
	}
	getJSON(t, p.srv.URL()+outboxPath, &got)
	if len(got.Messages) != 1 || got.Messages[0].PhoneNumber != number || got.Messages[0].SentAt.IsZero() ||
		got.Messages[0].Channel != "sms" || got.Messages[0].To != number || codeOf(t, got.Messages[0].Message) != p.lastCode(number) {
		t.Fatalf("GET %s = %+v", outboxPath, got)
	}
}
