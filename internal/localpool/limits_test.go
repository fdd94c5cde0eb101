package localpool

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/motoserver"
	passwordless "github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

// createFailed is how Cognito reports an error of the create trigger.
func createFailed(err error) string {
	return "CreateAuthChallenge failed with error " + err.Error() + "."
}

// TestAbuseLimitsThroughMoto runs the real binaries with the counters in
// DynamoDB and the SMS in SNS, both on a real moto_server.
func TestAbuseLimitsThroughMoto(t *testing.T) {
	moto, err := motoserver.Start(context.Background()) // bounded by motoserver itself
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(moto.Close)
	t.Setenv("AWS_ENDPOINT_URL_SNS", moto.URL)
	t.Setenv("AWS_ENDPOINT_URL_DYNAMODB", moto.URL)
	sentTo := func(t *testing.T, number string) []string {
		var texts []string
		for _, m := range sentSMS(t, moto) {
			if m.PhoneNumber == number {
				texts = append(texts, m.Message)
			}
		}
		return texts
	}
	smsTo := func(t *testing.T, number string) int { return len(sentTo(t, number)) }

	// The default 3 codes per number per 15 minutes: the fourth sign-in
	// sends nothing, and an unknown number is refused alike.
	t.Run("codes per number", func(t *testing.T) {
		p := startPool(t, Options{})
		known, unknown := newPhone(), newPhone()
		p.signUp(known)
		for _, number := range []string{known, unknown} {
			for range 3 {
				p.mustInitiate(number)
			}
			_, err := p.initiate(number)
			requireAPIError(t, err, "UserLambdaValidationException", createFailed(passwordless.ErrTooManyCodes))
		}
		if n := smsTo(t, known); n != 3 {
			t.Errorf("%d SMS to the number, want 3", n)
		}
		if n := smsTo(t, unknown); n != 0 {
			t.Errorf("%d SMS to an unknown number", n)
		}
	})

	// A number outside ALLOWED_COUNTRY_CODES cannot sign up, and gets no
	// code at sign-in.
	t.Run("country allow-list", func(t *testing.T) {
		p := startPool(t, Options{Env: map[string]string{config.EnvAllowedCountryCodes: "+1"}})
		const british = "+447700900123"
		_, err := p.client.SignUp(testContext(t), &cip.SignUpInput{
			ClientId: aws.String(p.srv.ClientID()), Username: aws.String(british), Password: aws.String("Unused-Passw0rd!")})
		requireAPIError(t, err, "UserLambdaValidationException", "PreSignUp failed with error "+passwordless.ErrCountryNotAllowed.Error()+".")
		_, err = p.initiate(british)
		requireAPIError(t, err, "UserLambdaValidationException", createFailed(passwordless.ErrCountryNotAllowed))
		if n := smsTo(t, british); n != 0 {
			t.Errorf("%d SMS to a number outside the allow-list", n)
		}
		p.signUp(newPhone()) // +1 is allowed
	})

	// After LOCKOUT_AFTER_WRONG_ANSWERS wrong answers across sign-ins, even the
	// right code is refused and a new sign-in fails at once with no SMS,
	// the same for an unknown name.
	t.Run("lockout across sign-ins", func(t *testing.T) {
		p := startPool(t, Options{Env: map[string]string{config.EnvLockoutAfterWrongAnswers: "4"}})
		known, unknown := newPhone(), newPhone()
		p.signUp(known)
		for _, name := range []string{known, unknown} {
			p.wrongAnswersUntilRefused(name) // 3 wrong answers: the first sign-in fails
			// Two sign-ins side by side; the 4th wrong answer, in the first,
			// locks the name out and ends it.
			first, second := p.mustInitiate(name), p.mustInitiate(name)
			_, err := p.respond(first.Session, first.ChallengeParameters, "000000")
			requireAPIError(t, err, "UserLambdaValidationException", createFailed(passwordless.ErrTooManyAttempts))
			// In the second, even the right code is not looked at.
			code := "123456"
			if name == known {
				texts := sentTo(t, known)
				code = codeOf(t, texts[len(texts)-1])
			}
			_, err = p.respond(second.Session, second.ChallengeParameters, code)
			requireAPIError(t, err, "UserLambdaValidationException", createFailed(passwordless.ErrTooManyAttempts))
			// A new sign-in fails at once.
			_, err = p.initiate(name)
			requireAPIError(t, err, "UserLambdaValidationException", createFailed(passwordless.ErrTooManyAttempts))
		}
		if n := smsTo(t, known); n != 3 {
			t.Errorf("%d SMS to the locked-out number, want 3 (one per sign-in before the lockout)", n)
		}
	})
}

// TestAbuseLimitsInMemory shows a developer the budget at work offline:
// without AWS_ENDPOINT_URL_DYNAMODB, local mode counts in memory.
func TestAbuseLimitsInMemory(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL_DYNAMODB", "")
	p := startPool(t, Options{Env: map[string]string{config.EnvSMSPerPoolPerHour: "2"}})
	first, second, third := newPhone(), newPhone(), newPhone()
	for _, number := range []string{first, second, third} {
		p.signUp(number)
	}
	p.mustInitiate(first)
	p.mustInitiate(second)
	_, err := p.initiate(third)
	requireAPIError(t, err, "UserLambdaValidationException", createFailed(passwordless.ErrUnavailable))
	if n := p.smsTo(third); n != 0 {
		t.Errorf("%d SMS beyond the pool's budget", n)
	}

	off := startPool(t, Options{Env: map[string]string{config.EnvLimitsTable: "", config.EnvSMSPerPoolPerHour: "1"}})
	number := newPhone()
	off.signUp(number)
	for range 4 {
		off.mustInitiate(number) // LIMITS_TABLE empty: no counters
	}
}
