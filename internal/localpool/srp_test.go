package localpool

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// TestCustomAuthStartingWithSRP starts CUSTOM_AUTH as identity-js's
// authenticateUser does, with CHALLENGE_NAME=SRP_A. Define must see the
// round SRP_A answered true, as Cognito sends it; today's define fails
// it, so the client gets NotAuthorizedException and no SMS is sent, for a
// real and an unknown user alike.
func TestCustomAuthStartingWithSRP(t *testing.T) {
	var defineEvents []string
	p := startPool(t, Options{observe: func(command string, payload []byte) {
		if command == "define-auth-challenge" {
			defineEvents = append(defineEvents, string(payload))
		}
	}})
	number := newPhone()
	p.signUp(number)
	srpA := strings.Repeat("ab12", 192) // 3072 bits, as clients send A

	for _, name := range []string{number, newPhone()} {
		_, err := p.client.InitiateAuth(testContext(t), &cip.InitiateAuthInput{
			ClientId: aws.String(p.srv.ClientID()), AuthFlow: types.AuthFlowTypeCustomAuth,
			AuthParameters: map[string]string{"USERNAME": name, "CHALLENGE_NAME": "SRP_A", "SRP_A": srpA},
		})
		requireAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	}
	if sent := len(p.srv.Outbox()); sent != 0 {
		t.Errorf("%d SMS sent for sign-ins define failed", sent)
	}
	if len(defineEvents) != 2 {
		t.Fatalf("define ran %d times, want 2", len(defineEvents))
	}
	for _, ev := range defineEvents {
		if !strings.Contains(ev, `"session":[{"challengeName":"SRP_A","challengeResult":true`) {
			t.Errorf("define's event lacks the SRP_A round: %s", ev)
		}
	}

	for _, bad := range []struct{ srpA, message string }{
		{"", "Missing required parameter SRP_A"},
		{"xyz", "SRP_A must be a hexadecimal number."},
		{"-1f", "SRP_A must be a hexadecimal number."},
		{"0x1f", "SRP_A must be a hexadecimal number."},
	} {
		_, err := p.client.InitiateAuth(testContext(t), &cip.InitiateAuthInput{
			ClientId: aws.String(p.srv.ClientID()), AuthFlow: types.AuthFlowTypeCustomAuth,
			AuthParameters: map[string]string{"USERNAME": number, "CHALLENGE_NAME": "SRP_A", "SRP_A": bad.srpA},
		})
		requireAPIError(t, err, "InvalidParameterException", bad.message)
	}
	if len(defineEvents) != 2 {
		t.Errorf("define ran for a malformed SRP_A")
	}
}
