package localpool

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// TestBadRequestsGetCognitoErrors sends requests Cognito refuses, over raw
// HTTP and through the SDK, and requires its exceptions, and a server that
// still signs users in afterwards.
func TestBadRequestsGetCognitoErrors(t *testing.T) {
	p := startPool(t, Options{})
	raw := []struct {
		name, method, target, body string
		status                     int
		errType                    string
	}{
		{"unknown operation", "POST", "AWSCognitoIdentityProviderService.DeleteEverything", `{}`, 400, errUnknownOperation},
		{"no target", "POST", "", `{}`, 400, errUnknownOperation},
		{"another service", "POST", "AmazonSNS.Publish", `{}`, 400, errUnknownOperation},
		{"malformed JSON", "POST", targetPrefix + "InitiateAuth", `{"AuthFlow": "CUSTOM_AUTH",`, 400, errSerialization},
		{"wrong JSON type", "POST", targetPrefix + "InitiateAuth", `{"AuthFlow": 7}`, 400, errSerialization},
		{"not an object", "POST", targetPrefix + "SignUp", `[1, 2]`, 400, errSerialization},
		{"empty body", "POST", targetPrefix + "InitiateAuth", ``, 400, errInvalidParameter},
		// The SDK refuses to send this one itself.
		{"no AuthFlow", "POST", targetPrefix + "InitiateAuth", `{"ClientId": "` + DefaultClientID + `"}`, 400, errInvalidParameter},
		{"GET", "GET", targetPrefix + "InitiateAuth", ``, 405, errUnknownOperation},
	}
	for _, c := range raw {
		t.Run(c.name, func(t *testing.T) {
			status, errType := p.post(c.method, c.target, c.body)
			if status != c.status || errType != c.errType {
				t.Errorf("got %d %s, want %d %s", status, errType, c.status, c.errType)
			}
		})
	}

	ctx, client, clientID := testContext(t), p.client, aws.String(p.srv.ClientID())
	_, err := client.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: clientID, AuthFlow: types.AuthFlowTypeCustomAuth})
	requireAPIError(t, err, "InvalidParameterException", "Missing required parameter USERNAME")
	_, err = client.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: clientID, AuthFlow: "BOGUS_AUTH"})
	requireAPIError(t, err, "InvalidParameterException", "Member must satisfy enum value set")
	_, err = client.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: clientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "+15555550100", "PASSWORD": "x"}})
	requireAPIError(t, err, "InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client")
	_, err = client.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String("unknownclient0000000000000"), AuthFlow: types.AuthFlowTypeCustomAuth,
		AuthParameters: map[string]string{"USERNAME": "+15555550100"}})
	requireAPIError(t, err, "ResourceNotFoundException", "User pool client unknownclient0000000000000 does not exist.")
	_, err = client.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: clientID, AuthFlow: types.AuthFlowTypeRefreshTokenAuth})
	requireAPIError(t, err, "InvalidParameterException", "Missing required parameter REFRESH_TOKEN")
	_, err = client.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: clientID, ChallengeName: types.ChallengeNameTypeCustomChallenge,
		Session: aws.String("x"), ChallengeResponses: map[string]string{"USERNAME": "+15555550100"}})
	requireAPIError(t, err, "InvalidParameterException", "Missing required parameter ANSWER")
	_, err = client.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: clientID, ChallengeName: types.ChallengeNameTypeSmsMfa,
		Session: aws.String("x"), ChallengeResponses: map[string]string{"USERNAME": "+15555550100", "ANSWER": "1"}})
	requireAPIError(t, err, "InvalidParameterException", "Invalid challenge name SMS_MFA")
	_, err = client.SignUp(ctx, &cip.SignUpInput{ClientId: clientID, Username: aws.String("alice")})
	requireAPIError(t, err, "InvalidParameterException", "Username should be a phone number.")
	_, err = client.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: aws.String(p.srv.UserPoolID()), Limit: aws.Int32(61)})
	requireAPIError(t, err, "InvalidParameterException", "less than or equal to 60")

	// A trigger's refusal is Cognito's UserLambdaValidationException. Cognito
	// accepts "+0..." as a phone number; the pre sign-up trigger does not.
	_, err = client.SignUp(ctx, &cip.SignUpInput{ClientId: clientID, Username: aws.String("+0123456789")})
	requireAPIError(t, err, "UserLambdaValidationException", "PreSignUp failed with error phone_number must be an E.164 number such as +14155550123.")

	number := newPhone()
	p.signUp(number)
	p.signIn(number)
}

// TestPanicIsAnInternalError makes an operation panic and requires an
// InternalErrorException and a server that goes on.
func TestPanicIsAnInternalError(t *testing.T) {
	p := startPool(t, Options{})
	p.srv.operations["Panic"] = func(call, []byte) (any, error) { panic("boom") }
	status, errType := p.post("POST", targetPrefix+"Panic", `{}`)
	if status != http.StatusInternalServerError || errType != errInternal {
		t.Fatalf("a panic gave %d %s, want 500 %s", status, errType, errInternal)
	}
	number := newPhone()
	p.signUp(number)
	p.signIn(number)
}

// post sends a raw JSON 1.1 request and returns the status and the
// exception name, checking that the header and the body agree on it.
func (p *testPool) post(method, target, body string) (int, string) {
	p.t.Helper()
	req, err := http.NewRequestWithContext(testContext(p.t), method, p.srv.URL()+"/", strings.NewReader(body))
	if err != nil {
		p.t.Fatal(err)
	}
	req.Header.Set("Content-Type", jsonContentType)
	if target != "" {
		req.Header.Set("X-Amz-Target", target)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var e apiError
	if err := json.Unmarshal(raw, &e); err != nil {
		p.t.Fatalf("%s %s: body %q is not a JSON error", method, target, raw)
	}
	if header := resp.Header.Get("x-amzn-ErrorType"); header != e.Type {
		p.t.Errorf("x-amzn-ErrorType %q, __type %q", header, e.Type)
	}
	return resp.StatusCode, e.Type
}
