package localpool

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// TestTriggersReceiveCognitosEvents runs a sign-up and a sign-in with a
// wrong then a right code through the real triggers, observes each payload
// as it is sent, and checks each event as Cognito would send it:
// the header, the history, userNotFound, and ClientMetadata only where
// Cognito passes it (SignUp to pre sign-up; RespondToAuthChallenge to
// verify, define and create; InitiateAuth to none).
func TestTriggersReceiveCognitosEvents(t *testing.T) {
	sent := &sentEvents{}
	p := startPool(t, Options{observe: sent.add})
	number := newPhone()
	ctx, clientID := testContext(t), aws.String(p.srv.ClientID())

	signUp, err := p.client.SignUp(ctx, &cip.SignUpInput{
		ClientId: clientID, Username: aws.String(number), Password: aws.String("Unused-Passw0rd!"),
		UserAttributes: []types.AttributeType{{Name: aws.String("name"), Value: aws.String("Alice")}},
		ValidationData: []types.AttributeType{{Name: aws.String("captcha"), Value: aws.String("ok")}},
		ClientMetadata: map[string]string{"api": "SignUp"},
	})
	if err != nil {
		t.Fatalf("SignUp: %v", err)
	}
	sub := aws.ToString(signUp.UserSub)
	challenge, err := p.client.InitiateAuth(ctx, &cip.InitiateAuthInput{
		ClientId: clientID, AuthFlow: types.AuthFlowTypeCustomAuth,
		AuthParameters: map[string]string{"USERNAME": number}, ClientMetadata: map[string]string{"api": "InitiateAuth"},
	})
	if err != nil {
		t.Fatalf("InitiateAuth: %v", err)
	}
	code := p.lastCode(number)
	session, params := challenge.Session, challenge.ChallengeParameters
	for _, answer := range []string{wrongCode(code), code} {
		out, err := p.client.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
			ClientId: clientID, ChallengeName: types.ChallengeNameTypeCustomChallenge, Session: session,
			ChallengeResponses: map[string]string{"USERNAME": params["USERNAME"], "ANSWER": answer},
			ClientMetadata:     map[string]string{"api": "RespondToAuthChallenge"},
		})
		if err != nil {
			t.Fatalf("RespondToAuthChallenge: %v", err)
		}
		session, params = out.Session, out.ChallengeParameters
	}
	unknown := newPhone()
	p.mustInitiate(unknown)

	type step struct {
		function, source, clientMetadata string
		rounds                           int
	}
	want := []step{
		{"pre-signup", "PreSignUp_SignUp", "SignUp", -1},
		{"define-auth-challenge", "DefineAuthChallenge_Authentication", "", 0},
		{"create-auth-challenge", "CreateAuthChallenge_Authentication", "", 0},
		{"verify-auth-challenge", "VerifyAuthChallengeResponse_Authentication", "RespondToAuthChallenge", -1},
		{"define-auth-challenge", "DefineAuthChallenge_Authentication", "RespondToAuthChallenge", 1},
		{"create-auth-challenge", "CreateAuthChallenge_Authentication", "RespondToAuthChallenge", 1},
		{"verify-auth-challenge", "VerifyAuthChallengeResponse_Authentication", "RespondToAuthChallenge", -1},
		{"define-auth-challenge", "DefineAuthChallenge_Authentication", "RespondToAuthChallenge", 2},
		{"define-auth-challenge", "DefineAuthChallenge_Authentication", "", 0},
		{"create-auth-challenge", "CreateAuthChallenge_Authentication", "", 0},
	}
	got := sent.decoded(t)
	if len(got) != len(want) {
		t.Fatalf("%d events sent, want %d", len(got), len(want))
	}
	for i, w := range want {
		ev := got[i]
		if ev.function != w.function {
			t.Fatalf("event %d went to %s, want %s", i, ev.function, w.function)
		}
		if ev.TriggerSource != w.source || ev.Version != "1" || ev.Region != "us-east-1" || ev.UserPoolID != p.srv.UserPoolID() ||
			ev.CallerContext.ClientID != p.srv.ClientID() || !strings.HasPrefix(ev.CallerContext.AWSSDKVersion, "aws-sdk-go-v2-") {
			t.Errorf("event %d header: %+v", i, ev)
		}
		if metadata := ev.Request.ClientMetadata["api"]; metadata != w.clientMetadata {
			t.Errorf("event %d (%s) clientMetadata %v, want api=%q", i, w.source, ev.Request.ClientMetadata, w.clientMetadata)
		}
		if w.rounds >= 0 && (ev.Request.Session == nil || len(*ev.Request.Session) != w.rounds) {
			t.Errorf("event %d (%s) session %v, want %d rounds", i, w.source, ev.Request.Session, w.rounds)
		}
		isUnknown := i >= 8
		wantUser := sub
		if isUnknown {
			wantUser = unknown
		}
		if ev.UserName != wantUser || ev.Request.UserNotFound != isUnknown {
			t.Errorf("event %d userName %q, userNotFound %v; want %q, %v", i, ev.UserName, ev.Request.UserNotFound, wantUser, isUnknown)
		}
		if w.function != "pre-signup" {
			for k, v := range ev.Response {
				if v != nil {
					t.Errorf("event %d response.%s = %v, want null", i, k, v)
				}
			}
		}
	}

	pre := got[0].Request
	if pre.UserAttributes["phone_number"] != number || pre.UserAttributes["name"] != "Alice" || pre.ValidationData["captcha"] != "ok" {
		t.Errorf("pre sign-up request: %+v", pre)
	}
	attrs := got[1].Request.UserAttributes
	if attrs["sub"] != sub || attrs["phone_number"] != number || attrs["phone_number_verified"] != "false" || attrs["cognito:user_status"] != "CONFIRMED" {
		t.Errorf("define's userAttributes: %v", attrs)
	}
	if len(got[8].Request.UserAttributes) != 0 {
		t.Errorf("an unknown user's userAttributes: %v", got[8].Request.UserAttributes)
	}
	if verify := got[3].Request; verify.ChallengeAnswer != wrongCode(code) || verify.PrivateChallengeParameters["seal"] == "" {
		t.Errorf("verify's request: %+v", verify)
	}
	rounds := *got[7].Request.Session
	if rounds[0].ChallengeName != customChallenge || rounds[0].ChallengeResult || rounds[0].ChallengeMetadata == "" || !rounds[1].ChallengeResult {
		t.Errorf("the last define's session: %+v", rounds)
	}
}

// recordedEvent is what a test reads of an event sent to a trigger.
type recordedEvent struct {
	function      string
	Version       string `json:"version"`
	TriggerSource string `json:"triggerSource"`
	Region        string `json:"region"`
	UserPoolID    string `json:"userPoolId"`
	UserName      string `json:"userName"`
	CallerContext struct {
		AWSSDKVersion string `json:"awsSdkVersion"`
		ClientID      string `json:"clientId"`
	} `json:"callerContext"`
	Request struct {
		UserAttributes             map[string]string `json:"userAttributes"`
		ValidationData             map[string]string `json:"validationData"`
		ClientMetadata             map[string]string `json:"clientMetadata"`
		UserNotFound               bool              `json:"userNotFound"`
		PrivateChallengeParameters map[string]string `json:"privateChallengeParameters"`
		ChallengeAnswer            any               `json:"challengeAnswer"`
		Session                    *[]struct {
			ChallengeName     string `json:"challengeName"`
			ChallengeResult   bool   `json:"challengeResult"`
			ChallengeMetadata string `json:"challengeMetadata"`
		} `json:"session"`
	} `json:"request"`
	Response map[string]any `json:"response"`
}

// sentEvents keeps the payloads sent to the triggers, which arrive from
// the server's goroutines.
type sentEvents struct {
	mu       sync.Mutex
	commands []string
	payloads [][]byte
}

func (e *sentEvents) add(command string, payload []byte) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.commands = append(e.commands, command)
	e.payloads = append(e.payloads, payload)
}

// decoded returns the events sent so far, in order.
func (e *sentEvents) decoded(t *testing.T) []recordedEvent {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	events := make([]recordedEvent, len(e.payloads))
	for i, payload := range e.payloads {
		events[i].function = e.commands[i]
		if err := json.Unmarshal(payload, &events[i]); err != nil {
			t.Fatalf("event %s: %v", payload, err)
		}
	}
	return events
}
