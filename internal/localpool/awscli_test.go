package localpool

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// awsCLITimeout bounds one aws command; the CLI takes about a second to start.
const awsCLITimeout = 60 * time.Second

// TestAWSCLISignUpAndSignIn drives the real AWS CLI, as docs/local-mode.md shows,
// through sign-up, initiate-auth and respond-to-auth-challenge.
func TestAWSCLISignUpAndSignIn(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Fatal("aws not found: pip install awscli")
	}
	p := startPool(t, Options{})
	number := newPhone()
	cli := func(out any, args ...string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), awsCLITimeout)
		defer cancel()
		args = append([]string{"cognito-idp"}, args...)
		args = append(args, "--endpoint-url", p.srv.URL(), "--region", "us-east-1", "--output", "json")
		cmd := exec.CommandContext(ctx, "aws", args...)
		home := t.TempDir() // no user configuration, only these fake credentials
		cmd.Env = append(withoutAWSVariables(cmd.Environ()), "HOME="+home, "AWS_CONFIG_FILE="+home+"/config",
			"AWS_SHARED_CREDENTIALS_FILE="+home+"/credentials", "AWS_ACCESS_KEY_ID=local", "AWS_SECRET_ACCESS_KEY=local")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		if err := json.Unmarshal(stdout.Bytes(), out); err != nil {
			t.Fatalf("aws %s: output %q: %v", args[1], stdout.String(), err)
		}
	}

	var signUp struct {
		UserConfirmed bool
		UserSub       string
	}
	cli(&signUp, "sign-up", "--client-id", p.srv.ClientID(), "--username", number, "--password", "Unused-Passw0rd!")
	if !signUp.UserConfirmed || !uuidPattern.MatchString(signUp.UserSub) {
		t.Fatalf("sign-up: %+v", signUp)
	}

	var challenge struct {
		ChallengeName       string
		Session             string
		ChallengeParameters map[string]string
	}
	cli(&challenge, "initiate-auth", "--client-id", p.srv.ClientID(), "--auth-flow", "CUSTOM_AUTH",
		"--auth-parameters", "USERNAME="+number)
	if challenge.ChallengeName != customChallenge || challenge.ChallengeParameters["USERNAME"] != signUp.UserSub {
		t.Fatalf("initiate-auth: %+v", challenge)
	}

	var tokens struct {
		AuthenticationResult authResult
	}
	cli(&tokens, "respond-to-auth-challenge", "--client-id", p.srv.ClientID(), "--challenge-name", "CUSTOM_CHALLENGE",
		"--session", challenge.Session,
		"--challenge-responses", "USERNAME="+challenge.ChallengeParameters["USERNAME"]+",ANSWER="+p.lastCode(number))
	if tokens.AuthenticationResult.IdToken == "" || tokens.AuthenticationResult.TokenType != "Bearer" {
		t.Fatalf("respond-to-auth-challenge: %+v", tokens)
	}
	claims := p.verifiedClaims(tokens.AuthenticationResult.IdToken, "id")
	if claims["phone_number"] != number {
		t.Errorf("ID token phone_number = %v, want %s", claims["phone_number"], number)
	}
}

// withoutAWSVariables drops the AWS_ variables (a profile, an endpoint)
// that would make the CLI use anything but the fake credentials.
func withoutAWSVariables(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "AWS_") {
			out = append(out, kv)
		}
	}
	return out
}
