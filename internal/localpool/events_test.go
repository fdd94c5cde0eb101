package localpool

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
)

// TestEventsAreCognitos checks the JSON a trigger receives: Cognito's
// header, and a response of nulls for the auth challenge triggers.
func TestEventsAreCognitos(t *testing.T) {
	tr := &triggers{region: "eu-west-1", userPoolID: "eu-west-1_Test1", clientID: "client"}
	c := call{ctx: context.Background(), sdk: sdkVersion("aws-sdk-go-v2/1.47.7 os/linux lang/go#1.26")}
	ev := events.CognitoEventUserPoolsDefineAuthChallenge{
		CognitoEventUserPoolsHeader: tr.header(c, defineTrigger, "user-1"),
		Request:                     events.CognitoEventUserPoolsDefineAuthChallengeRequest{Session: []*events.CognitoEventUserPoolsChallengeResult{}},
	}
	payload, err := marshalEvent(ev, defineTrigger.nullResponse)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(payload, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"version": "1", "region": "eu-west-1", "userPoolId": "eu-west-1_Test1", "userName": "user-1",
		"triggerSource": "DefineAuthChallenge_Authentication",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	caller, _ := got["callerContext"].(map[string]any)
	if caller["awsSdkVersion"] != "aws-sdk-go-v2-1.47.7" || caller["clientId"] != "client" {
		t.Errorf("callerContext = %v", caller)
	}
	response, _ := got["response"].(map[string]any)
	if len(response) != 3 || response["challengeName"] != nil || response["issueTokens"] != nil || response["failAuthentication"] != nil {
		t.Errorf("response = %v, want three null fields", response)
	}
	if session, ok := got["request"].(map[string]any)["session"].([]any); !ok || len(session) != 0 {
		t.Errorf("request.session = %v, want []", got["request"])
	}

	// Pre sign-up's response carries false values, as Cognito sends it.
	payload, _ = marshalEvent(events.CognitoEventUserPoolsPreSignup{}, preSignUpTrigger.nullResponse)
	if !strings.Contains(string(payload), `"response":{"autoConfirmUser":false,"autoVerifyEmail":false,"autoVerifyPhone":false}`) {
		t.Errorf("pre sign-up event %s", payload)
	}
	if sdkVersion("aws-cli/1.45.11 Python/3.11.7") != "aws-sdk-unknown-unknown" {
		t.Error("a User-Agent without an SDK must give aws-sdk-unknown-unknown")
	}
}

// TestTriggerEnvironment checks that each trigger gets exactly its
// variables, as the template gives them, and the Lambda service's.
func TestTriggerEnvironment(t *testing.T) {
	values, err := triggerVariables(map[string]string{"MAX_ATTEMPTS": "5"}, bothPool, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(values[config.EnvCodeHashKey]) != hashKeyLength {
		t.Errorf("CODE_HASH_KEY has %d characters, want %d", len(values[config.EnvCodeHashKey]), hashKeyLength)
	}
	for _, name := range config.Triggers {
		env := triggerEnv(name, values, "eu-west-1", endpoints{sns: "http://127.0.0.1:1", sesv2: "http://127.0.0.1:3", dynamodb: "http://127.0.0.1:2"})
		var keys []string
		for _, kv := range env {
			k, _, _ := strings.Cut(kv, "=")
			keys = append(keys, k)
		}
		want := append([]string{"AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_LAMBDA_LOG_FORMAT"}, config.Variables[name]...)
		switch name {
		case createTrigger.command:
			want = append(want, "AWS_ENDPOINT_URL_SNS", "AWS_ENDPOINT_URL_SESV2", "AWS_ENDPOINT_URL_DYNAMODB")
		case verifyTrigger.command:
			want = append(want, "AWS_ENDPOINT_URL_DYNAMODB")
		}
		slices.Sort(keys)
		slices.Sort(want)
		if !slices.Equal(keys, want) {
			t.Errorf("%s gets %v, want %v", name, keys, want)
		}
		if slices.Contains(config.Variables[name], "MAX_ATTEMPTS") && !slices.Contains(env, "MAX_ATTEMPTS=5") {
			t.Errorf("%s misses the MAX_ATTEMPTS override: %v", name, keys)
		}
	}
	if again, _ := triggerVariables(nil, bothPool, false); again[config.EnvCodeHashKey] == values[config.EnvCodeHashKey] {
		t.Error("CODE_HASH_KEY is the same twice: it must be random per run")
	}
	if _, err := triggerVariables(map[string]string{"MAX_ATEMPTS": "5"}, bothPool, false); err == nil {
		t.Error("an override no trigger reads was accepted")
	}
	if _, err := triggerVariables(map[string]string{"CODE_HASH_KEY": "short"}, bothPool, false); err == nil || strings.Contains(err.Error(), "short") {
		t.Errorf("a short CODE_HASH_KEY: %v; want an error that does not quote the key", err)
	}
}
