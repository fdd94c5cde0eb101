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
	cli := func(out any, args ...string) { awsCLI(t, p, out, args...) }

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

// awsCLI runs "aws cognito-idp ARGS" against p, with fake credentials and
// no user configuration, and decodes its JSON output into out.
func awsCLI(t testing.TB, p *testPool, out any, args ...string) {
	t.Helper()
	if _, err := exec.LookPath("aws"); err != nil {
		t.Fatal("aws not found: pip install awscli")
	}
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

// awsChallenge is what initiate-auth and respond-to-auth-challenge print.
type awsChallenge struct {
	ChallengeName        string
	Session              string
	ChallengeParameters  map[string]string
	AuthenticationResult *authResult
}

// TestAWSCLIEmailAndResend drives the real AWS CLI, as docs/local-mode.md
// shows, through an email sign-up and sign-in, a resend and a switch from
// SMS to email with --client-metadata, in a pool of phone numbers and
// email addresses.
func TestAWSCLIEmailAndResend(t *testing.T) {
	p := startPool(t, Options{UsernameAttributes: bothPool})
	// The two sign-ins run side by side: each aws command takes seconds.
	t.Run("by email with a resend", func(t *testing.T) {
		t.Parallel()
		resendByEmail(&testPool{t: t, srv: p.srv, client: p.client})
	})
	t.Run("switched from SMS to email", func(t *testing.T) {
		t.Parallel()
		switchToEmail(&testPool{t: t, srv: p.srv, client: p.client})
	})
}

// awsInitiate starts a sign-in of name with aws cognito-idp initiate-auth.
func awsInitiate(p *testPool, name string) awsChallenge {
	p.t.Helper()
	var c awsChallenge
	awsCLI(p.t, p, &c, "initiate-auth", "--client-id", p.srv.ClientID(), "--auth-flow", "CUSTOM_AUTH", "--auth-parameters", "USERNAME="+name)
	return c
}

// awsRespond answers c with aws cognito-idp respond-to-auth-challenge,
// with --client-metadata KEY=VALUE,... when metadata are given.
func awsRespond(p *testPool, c awsChallenge, answer string, metadata ...string) awsChallenge {
	p.t.Helper()
	args := []string{"respond-to-auth-challenge", "--client-id", p.srv.ClientID(), "--challenge-name", "CUSTOM_CHALLENGE",
		"--session", c.Session, "--challenge-responses", "USERNAME=" + c.ChallengeParameters["USERNAME"] + ",ANSWER=" + answer}
	if len(metadata) > 0 {
		args = append(args, "--client-metadata", strings.Join(metadata, ","))
	}
	var next awsChallenge
	awsCLI(p.t, p, &next, args...)
	return next
}

// resendByEmail signs up an email address and signs it in by email, with
// one resend: the new code signs in.
func resendByEmail(p *testPool) {
	t := p.t
	address := newEmail()
	var signUp struct {
		UserConfirmed bool
		UserSub       string
	}
	awsCLI(t, p, &signUp, "sign-up", "--client-id", p.srv.ClientID(), "--username", address)
	if !signUp.UserConfirmed || !uuidPattern.MatchString(signUp.UserSub) {
		t.Fatalf("sign-up: %+v", signUp)
	}
	first := awsInitiate(p, address)
	if first.ChallengeParameters["channel"] != "email" || first.ChallengeParameters["USERNAME"] != signUp.UserSub {
		t.Fatalf("initiate-auth: %+v", first)
	}
	second := awsRespond(p, first, "resend", "resend=true")
	if second.ChallengeParameters["resendsLeft"] != "1" || second.ChallengeParameters["attemptsLeft"] != "3" || p.emailTo(address) != 2 {
		t.Fatalf("resend: %+v, %d emails", second, p.emailTo(address))
	}
	tokens := awsRespond(p, second, p.lastEmailCode(address))
	if tokens.AuthenticationResult == nil || p.verifiedClaims(tokens.AuthenticationResult.IdToken, "id")["email"] != address {
		t.Fatalf("respond-to-auth-challenge: %+v", tokens)
	}
}

// switchToEmail signs up a phone number, gives it a proven email address
// (as the pool's owner does), and signs it in by SMS first, then switched
// to email: the SMS code is refused.
func switchToEmail(p *testPool) {
	t := p.t
	var smsCode, emailCode string
	var byEmail awsChallenge
	untilCodesDiffer(t, func() (string, string) {
		number, address := newPhone(), newEmail()
		var ignored struct{ UserSub string }
		awsCLI(t, p, &ignored, "sign-up", "--client-id", p.srv.ClientID(), "--username", number)
		p.addProvenEmail(number, address)
		bySMS := awsInitiate(p, number)
		smsCode = p.lastCode(number)
		byEmail = awsRespond(p, bySMS, "resend", "resend=true", "channel=email")
		if byEmail.ChallengeParameters["channel"] != "email" || byEmail.ChallengeParameters["resendsLeft"] != "1" || p.emailTo(address) != 1 {
			t.Fatalf("switch to email: %+v", byEmail)
		}
		emailCode = p.lastEmailCode(address)
		return smsCode, emailCode
	})
	wrong := awsRespond(p, byEmail, smsCode)
	if wrong.AuthenticationResult != nil || wrong.ChallengeParameters["attemptsLeft"] != "2" {
		t.Fatalf("the SMS code after the switch: %+v", wrong)
	}
	if tokens := awsRespond(p, wrong, emailCode); tokens.AuthenticationResult == nil {
		t.Fatalf("the emailed code: %+v", tokens)
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
