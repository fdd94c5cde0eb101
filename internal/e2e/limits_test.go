package e2e

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/lambdahost"
	"github.com/cognito-passwordless/passwordless-go/internal/testnet"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

// TestLimitsStoreDownFailsClosed points create and verify at a limits
// table whose DynamoDB endpoint refuses connections, and at one that
// accepts and never answers. Each answers with a clean error well inside
// Cognito's 5 seconds; create sends no SMS (to a real moto_server) and
// verify gives no verdict, so no failure of the store lets a code out or
// an answer through uncounted.
func TestLimitsStoreDownFailsClosed(t *testing.T) {
	moto := startMoto(t)
	for name, endpoint := range testnet.Unreachable(t) {
		t.Run(name, func(t *testing.T) {
			env := append(moto.Env(), config.EnvLimitsTable+"=limits", "AWS_ENDPOINT_URL_DYNAMODB=http://"+endpoint)
			logs := &logBuffer{}
			create := start(t, "create-auth-challenge", logs, triggerEnv("create-auth-challenge", env...)...)
			verify := start(t, "verify-auth-challenge", logs, triggerEnv("verify-auth-challenge", env...)...)

			requireQuickRefusal(t, "create", func() error {
				return call(t, create, smsUser.createEvent(nil, nil), &events.CognitoEventUserPoolsCreateAuthChallenge{})
			})
			if sent, err := moto.SentSMS(context.Background()); err != nil || len(sent) != 0 {
				t.Errorf("moto recorded %v, %v; want no SMS", sent, err)
			}

			requireQuickRefusal(t, "verify", func() error {
				return call(t, verify, smsUser.verifyEvent(events.CognitoEventUserPoolsCreateAuthChallengeResponse{}, "123456", nil), &events.CognitoEventUserPoolsVerifyAuthChallenge{})
			})

			create.Close()
			verify.Close()
			logged := strings.Join(logs.Lines(), "\n")
			if !strings.Contains(logged, "limits unavailable") || strings.Contains(logged, "5555550123") {
				t.Errorf("logs lack the reason, or hold the number:\n%s", logged)
			}
		})
	}
}

// requireQuickRefusal runs invoke and requires trigger.ErrUnavailable as
// the function's error within 4.5 seconds.
func requireQuickRefusal(t *testing.T, name string, invoke func() error) {
	t.Helper()
	began := time.Now()
	err := invoke()
	elapsed := time.Since(began)
	var fe *lambdahost.FunctionError
	if !errors.As(err, &fe) || fe.Message != trigger.ErrUnavailable.Error() {
		t.Errorf("%s: error %v, want %q", name, err, trigger.ErrUnavailable)
	}
	if elapsed > 4500*time.Millisecond {
		t.Errorf("%s took %v, want under 4.5 s (Cognito waits 5)", name, elapsed)
	}
	t.Logf("%s refused in %v", name, elapsed.Round(time.Millisecond))
}
