package localpool

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/srp"
)

const testPassword = "Correct-Horse-9!"

// passwordPool is a pool whose define runs the password-and-code flow.
func passwordPool(t *testing.T) *testPool {
	return startPool(t, Options{Env: map[string]string{config.EnvSignInFlow: "password-and-code"}})
}

func (p *testPool) signUpWithPassword(number, password string) {
	p.t.Helper()
	if _, err := p.client.SignUp(testContext(p.t), &cip.SignUpInput{
		ClientId: aws.String(p.srv.ClientID()), Username: aws.String(number), Password: aws.String(password),
	}); err != nil {
		p.t.Fatalf("SignUp: %v", err)
	}
}

// startSRP starts CUSTOM_AUTH with SRP_A, as identity-js's authenticateUser.
func (p *testPool) startSRP(name string, client *srp.Client) (*cip.InitiateAuthOutput, error) {
	return p.client.InitiateAuth(testContext(p.t), &cip.InitiateAuthInput{
		ClientId: aws.String(p.srv.ClientID()), AuthFlow: types.AuthFlowTypeCustomAuth,
		AuthParameters: map[string]string{"USERNAME": name, "CHALLENGE_NAME": "SRP_A", "SRP_A": client.A()},
	})
}

// provePassword answers PASSWORD_VERIFIER with the Go SRP client's claim.
func (p *testPool) provePassword(out *cip.InitiateAuthOutput, client *srp.Client, password string) (*cip.RespondToAuthChallengeOutput, error) {
	p.t.Helper()
	params := out.ChallengeParameters
	claim, err := client.Claim(srp.PoolName(p.srv.UserPoolID()), password, srp.Challenge{
		UserIDForSRP: params["USER_ID_FOR_SRP"], Salt: params["SALT"], SRPB: params["SRP_B"], SecretBlock: params["SECRET_BLOCK"],
	}, time.Now())
	if err != nil {
		p.t.Fatalf("Claim: %v", err)
	}
	return p.client.RespondToAuthChallenge(testContext(p.t), &cip.RespondToAuthChallengeInput{
		ClientId: aws.String(p.srv.ClientID()), ChallengeName: types.ChallengeNameTypePasswordVerifier, Session: out.Session,
		ChallengeResponses: map[string]string{
			"USERNAME": params["USERNAME"], "PASSWORD_CLAIM_SECRET_BLOCK": claim.SecretBlock,
			"PASSWORD_CLAIM_SIGNATURE": claim.Signature, "TIMESTAMP": claim.Timestamp,
		},
	})
}

// proveAPassword starts an SRP sign-in of name and proves password, and
// returns what comes next.
func (p *testPool) proveAPassword(name, password string) (*cip.RespondToAuthChallengeOutput, error) {
	p.t.Helper()
	client := newSRPClient(p.t)
	start, err := p.startSRP(name, client)
	if err != nil {
		p.t.Fatalf("InitiateAuth with SRP_A for %s: %v", name, err)
	}
	return p.provePassword(start, client, password)
}

func newSRPClient(t testing.TB) *srp.Client {
	c, err := srp.NewClient(nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestPasswordAndCode signs in with the password (the Go SRP client
// against local mode's SRP server), then the SMS code.
func TestPasswordAndCode(t *testing.T) {
	p := passwordPool(t)
	number := newPhone()
	p.signUpWithPassword(number, testPassword)

	client := newSRPClient(t)
	start, err := p.startSRP(number, client)
	if err != nil {
		t.Fatalf("InitiateAuth with SRP_A: %v", err)
	}
	params := start.ChallengeParameters
	if start.ChallengeName != types.ChallengeNameTypePasswordVerifier || params["SALT"] == "" || params["SRP_B"] == "" ||
		params["SECRET_BLOCK"] == "" || !uuidPattern.MatchString(params["USER_ID_FOR_SRP"]) || params["USERNAME"] != params["USER_ID_FOR_SRP"] {
		t.Fatalf("InitiateAuth with SRP_A: %s %v", start.ChallengeName, params)
	}
	if n := p.smsTo(number); n != 0 {
		t.Fatalf("%d SMS before the password was proven", n)
	}
	code, err := p.provePassword(start, client, testPassword)
	if err != nil || code.ChallengeName != types.ChallengeNameTypeCustomChallenge || code.ChallengeParameters["attemptsLeft"] != "3" {
		t.Fatalf("the right password: %+v, %v; want the code challenge with 3 attempts", code, err)
	}
	out, err := p.respond(code.Session, code.ChallengeParameters, p.lastCode(number))
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("the code after the password: %+v, %v", out, err)
	}
}

// TestPasswordRefusals: a wrong password, an unknown user and a replayed
// session all end in NotAuthorizedException with no SMS; an unknown user
// is answered like a real one up to then, its SALT the same every time.
func TestPasswordRefusals(t *testing.T) {
	p := passwordPool(t)
	number, unknown := newPhone(), newPhone()
	p.signUpWithPassword(number, testPassword)

	client := newSRPClient(t)
	start, err := p.startSRP(number, client)
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.provePassword(start, client, "Wrong-Horse-9!")
	requireAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	_, err = p.provePassword(start, client, testPassword)
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user, session can only be used once.")

	// A TIMESTAMP that is no time is refused as Cognito refuses it.
	client = newSRPClient(t)
	start, err = p.startSRP(number, client)
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.client.RespondToAuthChallenge(testContext(t), &cip.RespondToAuthChallengeInput{
		ClientId: aws.String(p.srv.ClientID()), ChallengeName: types.ChallengeNameTypePasswordVerifier, Session: start.Session,
		ChallengeResponses: map[string]string{"USERNAME": start.ChallengeParameters["USERNAME"],
			"PASSWORD_CLAIM_SECRET_BLOCK": start.ChallengeParameters["SECRET_BLOCK"], "PASSWORD_CLAIM_SIGNATURE": "c2ln", "TIMESTAMP": "2026-11-23T10:00:00Z"},
	})
	requireAPIError(t, err, "InvalidParameterException", "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.")

	var salts []string
	for range 2 {
		client := newSRPClient(t)
		start, err := p.startSRP(unknown, client)
		if err != nil || start.ChallengeName != types.ChallengeNameTypePasswordVerifier || !uuidPattern.MatchString(start.ChallengeParameters["USER_ID_FOR_SRP"]) {
			t.Fatalf("unknown user's SRP start: %+v, %v", start, err)
		}
		salts = append(salts, start.ChallengeParameters["SALT"])
		_, err = p.provePassword(start, client, testPassword)
		requireAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	}
	if salts[0] != salts[1] || len(salts[0]) != len(start.ChallengeParameters["SALT"]) {
		t.Errorf("an unknown user's SALT %q then %q, want the same, shaped like a real one", salts[0], salts[1])
	}
	if n := len(p.srv.Outbox()); n != 0 {
		t.Errorf("%d SMS sent without a proven password", n)
	}

	// Without the password step the flow gives nothing.
	_, err = p.initiate(number)
	requireAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	// SRP_A values the group forbids (N and its multiples: package srp's tests).
	for _, a := range []string{"0", strings.Repeat("0", 10)} {
		_, err := p.client.InitiateAuth(testContext(t), &cip.InitiateAuthInput{
			ClientId: aws.String(p.srv.ClientID()), AuthFlow: types.AuthFlowTypeCustomAuth,
			AuthParameters: map[string]string{"USERNAME": number, "CHALLENGE_NAME": "SRP_A", "SRP_A": a},
		})
		requireAPIError(t, err, "InvalidParameterException", "SRP_A")
	}
}

func TestSignUpPasswordPolicy(t *testing.T) {
	p := startPool(t, Options{})
	for password, message := range map[string]string{
		"Sh0rt!":          "Password not long enough",
		"NOLOWERCASE1!":   "Password must have lowercase characters",
		"nouppercase1!":   "Password must have uppercase characters",
		"NoDigitsHere!":   "Password must have numeric characters",
		"NoSymbols123abc": "Password must have symbol characters",
	} {
		_, err := p.client.SignUp(testContext(t), &cip.SignUpInput{
			ClientId: aws.String(p.srv.ClientID()), Username: aws.String(newPhone()), Password: aws.String(password)})
		requireAPIError(t, err, "InvalidPasswordException", "Password did not conform with policy: "+message)
	}
}

// TestPasswordAttemptsExceeded: after five wrong passwords in a row, as
// Cognito, the name is locked for a second, doubling; an unknown name
// alike. The right password in time clears the count.
func TestPasswordAttemptsExceeded(t *testing.T) {
	p := passwordPool(t)
	number, unknown := newPhone(), newPhone()
	p.signUpWithPassword(number, testPassword)
	for _, name := range []string{number, unknown} {
		for i := range 6 {
			_, err := p.proveAPassword(name, "Wrong-Horse-9!")
			want := "Incorrect username or password."
			if i == 5 {
				want = "Password attempts exceeded"
			}
			requireAPIError(t, err, "NotAuthorizedException", want)
		}
	}
	time.Sleep(1100 * time.Millisecond) // the first lockout lasts a second
	if out, err := p.proveAPassword(number, testPassword); err != nil || out.ChallengeName != types.ChallengeNameTypeCustomChallenge {
		t.Fatalf("the right password after the lockout: %+v, %v", out, err)
	}
}

// TestChangePassword: the new password signs in, the old one no longer;
// a wrong previous password and a password against the policy are refused.
func TestChangePassword(t *testing.T) {
	p := passwordPool(t)
	number := newPhone()
	p.signUpWithPassword(number, testPassword)
	code, err := p.proveAPassword(number, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := p.respond(code.Session, code.ChallengeParameters, p.lastCode(number))
	if err != nil {
		t.Fatal(err)
	}
	change := func(previous, proposed string) error {
		_, err := p.client.ChangePassword(testContext(t), &cip.ChangePasswordInput{AccessToken: tokens.AuthenticationResult.AccessToken,
			PreviousPassword: aws.String(previous), ProposedPassword: aws.String(proposed)})
		return err
	}
	requireAPIError(t, change("Wrong-Horse-9!", "New-Horse-10!"), "NotAuthorizedException", "Incorrect username or password.")
	requireAPIError(t, change(testPassword, "short"), "InvalidPasswordException", "Password did not conform with policy")
	if err := change(testPassword, "New-Horse-10!"); err != nil {
		t.Fatalf("ChangePassword: %v", err)
	}
	for password, want := range map[string]types.ChallengeNameType{testPassword: "", "New-Horse-10!": types.ChallengeNameTypeCustomChallenge} {
		out, err := p.proveAPassword(number, password)
		if want == "" {
			requireAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
		} else if err != nil || out.ChallengeName != want {
			t.Errorf("sign-in with the new password: %+v, %v", out, err)
		}
	}
}
