package localpool

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
)

// mfaSetupParams is MFA_SETUP's ChallengeParameters as Cognito sends them
// for a pool whose only MFA is TOTP: a JSON array in a string.
var mfaSetupParams = map[string]string{"MFAS_CAN_SETUP": `["SOFTWARE_TOKEN_MFA"]`}

// lockedBuffer is a buffer that the pool writes while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// mfaRequiredPool is a password-and-code pool whose MFA is required
// (MfaConfiguration ON), with its TOTP clock, define's events and its
// start-up lines.
func mfaRequiredPool(t *testing.T, clock *fakeClock, defines *defineRecorder, out *lockedBuffer) *testPool {
	opts := Options{Env: map[string]string{config.EnvSignInFlow: "password-and-code"}, MFARequired: true, clock: clock.now}
	if defines != nil {
		opts.observe = defines.observe
	}
	if out != nil {
		opts.Out = out
	}
	return startPool(t, opts)
}

// associateBySession is AssociateSoftwareToken with the Session of an
// MFA_SETUP challenge, as Amplify and identity-js call it.
func (p *testPool) associateBySession(session *string) (*cip.AssociateSoftwareTokenOutput, error) {
	return p.client.AssociateSoftwareToken(testContext(p.t), &cip.AssociateSoftwareTokenInput{Session: session})
}

// verifyBySession is VerifySoftwareToken with a Session.
func (p *testPool) verifyBySession(session *string, code string) (*cip.VerifySoftwareTokenOutput, error) {
	return p.client.VerifySoftwareToken(testContext(p.t), &cip.VerifySoftwareTokenInput{
		Session: session, UserCode: aws.String(code), FriendlyDeviceName: aws.String("phone"),
	})
}

// answerMFASetup answers MFA_SETUP, as identity-js's verifySoftwareToken
// and Amplify's confirmSignIn do after VerifySoftwareToken.
func (p *testPool) answerMFASetup(session *string, name string) (*cip.RespondToAuthChallengeOutput, error) {
	return p.client.RespondToAuthChallenge(testContext(p.t), &cip.RespondToAuthChallengeInput{
		ClientId: aws.String(p.srv.ClientID()), ChallengeName: types.ChallengeNameTypeMfaSetup, Session: session,
		ChallengeResponses: map[string]string{"USERNAME": name},
	})
}

// mustSetUp checks that out asks to set up an app (MFA_SETUP) with a session.
func mustSetUp(t *testing.T, out *cip.RespondToAuthChallengeOutput) {
	t.Helper()
	if out.ChallengeName != types.ChallengeNameTypeMfaSetup || aws.ToString(out.Session) == "" || !maps.Equal(out.ChallengeParameters, mfaSetupParams) {
		t.Fatalf("after the password: %s %v; want MFA_SETUP %v with a session", out.ChallengeName, out.ChallengeParameters, mfaSetupParams)
	}
}

// history is the challenge names and results of a define event's session.
func history(t *testing.T, event string) []string {
	t.Helper()
	var ev struct {
		Request struct {
			Session []struct {
				ChallengeName   string `json:"challengeName"`
				ChallengeResult bool   `json:"challengeResult"`
			} `json:"session"`
		} `json:"request"`
	}
	if err := json.Unmarshal([]byte(event), &ev); err != nil {
		t.Fatalf("define event %s: %v", event, err)
	}
	var rounds []string
	for _, r := range ev.Request.Session {
		mark := "✘"
		if r.ChallengeResult {
			mark = "✔"
		}
		rounds = append(rounds, r.ChallengeName+" "+mark)
	}
	return rounds
}

// TestMFASetupSignIn: in a pool whose MFA is required, a user without an
// authenticator app who proves the password gets Cognito's MFA_SETUP,
// sets an app up with the challenge's Session (AssociateSoftwareToken,
// VerifySoftwareToken, each answering a new Session), answers MFA_SETUP,
// and only then gets the SMS code, since define asks for it after
// [SRP_A ✔, PASSWORD_VERIFIER ✔, MFA_SETUP ✔]. The next sign-in asks for
// the app's code, with no SMS.
func TestMFASetupSignIn(t *testing.T) {
	clock := &fakeClock{t: totpStart}
	defines := &defineRecorder{}
	out := &lockedBuffer{}
	p := mfaRequiredPool(t, clock, defines, out)
	if want := "  sign-in flow:  password-and-code\n  MFA:           required (authenticator app)\n"; !strings.Contains(out.String(), want) {
		t.Errorf("the start-up lines lack %q:\n%s", want, out.String())
	}
	number := newPhone()
	p.signUpWithPassword(number, testPassword)
	sub := p.subOf(number)

	setup := p.proveTestPassword(number)
	mustSetUp(t, setup)
	if n := p.smsTo(number); n != 0 {
		t.Errorf("%d SMS before the app is set up, want none", n)
	}
	if got := history(t, defines.last()); !slices.Equal(got, []string{"SRP_A ✔"}) {
		t.Errorf("define heard of the password before MFA_SETUP: last history %v", got)
	}

	assoc, err := p.associateBySession(setup.Session)
	if err != nil {
		t.Fatalf("AssociateSoftwareToken with the MFA_SETUP session: %v", err)
	}
	secret := aws.ToString(assoc.SecretCode)
	if !secretCodePattern.MatchString(secret) || aws.ToString(assoc.Session) == "" || aws.ToString(assoc.Session) == aws.ToString(setup.Session) {
		t.Fatalf("AssociateSoftwareToken: SecretCode %q, Session %v; want 52 base32 characters and a new session", secret, assoc.Session)
	}
	// The challenge's session is spent; answering MFA_SETUP before the
	// app's code is verified is refused, and leaves the session usable.
	_, err = p.associateBySession(setup.Session)
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")
	_, err = p.answerMFASetup(assoc.Session, sub)
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")

	right := codeAt(t, secret, clock.now())
	_, err = p.verifyBySession(assoc.Session, wrongCode(right))
	requireAPIError(t, err, "EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA")
	verify, err := p.verifyBySession(assoc.Session, right)
	if err != nil || verify.Status != types.VerifySoftwareTokenResponseTypeSuccess || aws.ToString(verify.Session) == "" ||
		aws.ToString(verify.Session) == aws.ToString(assoc.Session) {
		t.Fatalf("VerifySoftwareToken with the right code after a wrong one: %+v, %v; want SUCCESS and a new session", verify, err)
	}
	_, err = p.verifyBySession(assoc.Session, right)
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")
	if n := p.smsTo(number); n != 0 {
		t.Errorf("%d SMS before MFA_SETUP is answered, want none", n)
	}

	code, err := p.answerMFASetup(verify.Session, sub)
	if err != nil || code.ChallengeName != types.ChallengeNameTypeCustomChallenge || code.ChallengeParameters["attemptsLeft"] != "3" {
		t.Fatalf("MFA_SETUP answered: %+v, %v; want the SMS code challenge with 3 attempts", code, err)
	}
	if got, want := history(t, defines.last()), []string{"SRP_A ✔", "PASSWORD_VERIFIER ✔", "MFA_SETUP ✔"}; !slices.Equal(got, want) {
		t.Errorf("define's history after MFA_SETUP: %v, want %v", got, want)
	}
	_, err = p.answerMFASetup(verify.Session, sub)
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user, session can only be used once.")
	if n := p.smsTo(number); n != 1 {
		t.Errorf("%d SMS after MFA_SETUP, want 1", n)
	}
	tokens := p.signInWithCode(code, number)
	if got, want := history(t, defines.last()), []string{"SRP_A ✔", "PASSWORD_VERIFIER ✔", "MFA_SETUP ✔", "CUSTOM_CHALLENGE ✔"}; !slices.Equal(got, want) {
		t.Errorf("define's history at the tokens: %v, want %v", got, want)
	}
	user, err := p.client.GetUser(testContext(t), &cip.GetUserInput{AccessToken: tokens.AccessToken})
	if err != nil || !slices.Equal(user.UserMFASettingList, []string{"SOFTWARE_TOKEN_MFA"}) || aws.ToString(user.PreferredMfaSetting) != "SOFTWARE_TOKEN_MFA" {
		t.Errorf("GetUser after MFA_SETUP: %+v, %v; want SOFTWARE_TOKEN_MFA on and preferred", user, err)
	}

	// The next sign-in asks for the app's code, then for the SMS code too:
	// where the app is required, no app answer stands in for the code.
	clock.advance(totpPeriod)
	challenge := p.proveTestPassword(number)
	if challenge.ChallengeName != types.ChallengeNameTypeSoftwareTokenMfa || challenge.ChallengeParameters["FRIENDLY_DEVICE_NAME"] != "phone" {
		t.Fatalf("the next sign-in after the password: %s %v; want SOFTWARE_TOKEN_MFA for the app named phone", challenge.ChallengeName, challenge.ChallengeParameters)
	}
	next, err := p.answerTOTP(challenge.Session, number, codeAt(t, secret, clock.now()))
	if err != nil || next.ChallengeName != types.ChallengeNameTypeCustomChallenge || next.AuthenticationResult != nil {
		t.Fatalf("the app's code: %+v, %v; want the SMS code challenge", next, err)
	}
	if n := p.smsTo(number); n != 2 {
		t.Errorf("%d SMS after a sign-in with the app, want 2", n)
	}
	p.signInWithCode(next, number)
}

// signInWithCode answers the SMS code challenge code with the code sent
// to number, and returns the tokens.
func (p *testPool) signInWithCode(code *cip.RespondToAuthChallengeOutput, number string) *types.AuthenticationResultType {
	p.t.Helper()
	out, err := p.respond(code.Session, code.ChallengeParameters, p.lastCode(number))
	if err != nil || out.AuthenticationResult == nil {
		p.t.Fatalf("the SMS code: %+v, %v; want tokens", out, err)
	}
	return out.AuthenticationResult
}

// TestMFASetupRefusals: what the MFA_SETUP sessions do not take.
func TestMFASetupRefusals(t *testing.T) {
	clock := &fakeClock{t: totpStart}
	p := mfaRequiredPool(t, clock, nil, nil)
	number := newPhone()
	p.signUpWithPassword(number, testPassword)

	setup := p.proveTestPassword(number)
	mustSetUp(t, setup)
	// Verifying before associating: no secret yet. Answering MFA_SETUP
	// with the challenge's own session: nothing verified. Neither spends
	// the session.
	_, err := p.verifyBySession(setup.Session, "123456")
	requireAPIError(t, err, "SoftwareTokenMFANotFoundException", "Software Token MFA does not exist for the user.")
	_, err = p.answerMFASetup(setup.Session, number)
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")
	// A session that is no session at all, and both a token and a session.
	_, err = p.associateBySession(aws.String(strings.Repeat("s", 40)))
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")
	_, err = p.client.AssociateSoftwareToken(testContext(t), &cip.AssociateSoftwareTokenInput{Session: setup.Session, AccessToken: aws.String("a.b.c")})
	requireAPIError(t, err, "InvalidParameterException", "Only one of AccessToken and Session may be given.")
	_, err = p.verifyBySession(setup.Session, "12345")
	requireAPIError(t, err, "InvalidParameterException", "Member must have length greater than or equal to 6")

	// Still the challenge's session: the setup goes on.
	assoc, err := p.associateBySession(setup.Session)
	if err != nil {
		t.Fatalf("AssociateSoftwareToken after the refusals: %v", err)
	}
	secret := aws.ToString(assoc.SecretCode)
	verify, err := p.verifyBySession(assoc.Session, codeAt(t, secret, clock.now()))
	if err != nil {
		t.Fatalf("VerifySoftwareToken: %v", err)
	}
	code, err := p.answerMFASetup(verify.Session, number)
	if err != nil || code.ChallengeName != types.ChallengeNameTypeCustomChallenge {
		t.Fatalf("MFA_SETUP answered: %+v, %v; want the SMS code challenge", code, err)
	}
	// A session of the code challenge is no MFA_SETUP session, and is not
	// spent by the attempt.
	_, err = p.associateBySession(code.Session)
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")
	_, err = p.verifyBySession(code.Session, codeAt(t, secret, clock.now()))
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")
	p.signInWithCode(code, number)

	// Another user's name, or another challenge's, spends an MFA_SETUP
	// session as it spends any other.
	other := newPhone()
	p.signUpWithPassword(other, testPassword)
	setup = p.proveTestPassword(other)
	mustSetUp(t, setup)
	_, err = p.answerMFASetup(setup.Session, number)
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")
	_, err = p.associateBySession(setup.Session)
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")
	setup = p.proveTestPassword(other)
	mustSetUp(t, setup)
	_, err = p.answerTOTP(setup.Session, other, "123456")
	requireAPIError(t, err, "InvalidParameterException", "Invalid challenge name SOFTWARE_TOKEN_MFA: the session's challenge is MFA_SETUP.")
	_, err = p.associateBySession(setup.Session)
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")

	// A wrong password never reaches MFA_SETUP, nor does an unknown user.
	for _, name := range []string{number, newPhone()} {
		_, err := p.proveAPassword(name, "Wrong-Horse-9!")
		requireAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	}
}

// TestAbandonedMFASetupIsNoSecondFactor is the attack on a pool that
// requires an app, by someone who knows the password only: sign-in 1 proves
// the password, enrols the attacker's app in MFA_SETUP and is abandoned
// before the SMS code; sign-in 2 answers the password and that app's code.
// The app is kept (as Cognito may keep it), but it does not stand in for
// the code: sign-in 2 gets the SMS code challenge, the code goes to the
// user's phone, and no tokens come without it.
func TestAbandonedMFASetupIsNoSecondFactor(t *testing.T) {
	clock := &fakeClock{t: totpStart}
	p := mfaRequiredPool(t, clock, nil, nil)
	number := newPhone()
	p.signUpWithPassword(number, testPassword)
	setup := p.proveTestPassword(number)
	mustSetUp(t, setup)
	assoc, err := p.associateBySession(setup.Session)
	if err != nil {
		t.Fatal(err)
	}
	attackersApp := aws.ToString(assoc.SecretCode)
	if _, err := p.verifyBySession(assoc.Session, codeAt(t, attackersApp, clock.now())); err != nil {
		t.Fatal(err)
	}
	// Abandoned here: MFA_SETUP is never answered, no code is.
	clock.advance(totpPeriod)
	next := p.proveTestPassword(number)
	if next.ChallengeName != types.ChallengeNameTypeSoftwareTokenMfa {
		t.Fatalf("after the password: %s, want SOFTWARE_TOKEN_MFA (the app is kept)", next.ChallengeName)
	}
	out, err := p.answerTOTP(next.Session, number, codeAt(t, attackersApp, clock.now()))
	if err != nil || out.AuthenticationResult != nil || out.ChallengeName != types.ChallengeNameTypeCustomChallenge {
		t.Fatalf("the attacker's app code: %+v, %v; want the SMS code challenge and no tokens", out, err)
	}
	if n := p.smsTo(number); n != 1 {
		t.Errorf("%d SMS to the user, want 1: the code goes to the user's phone, not to the attacker", n)
	}
	if _, err := p.respond(out.Session, out.ChallengeParameters, wrongCode(p.lastCode(number))); err != nil {
		t.Fatalf("a guessed code: %v, want a retry", err)
	}
}

// TestMFAOptionalNeverSetsUp: with MFA optional (the default), a user
// without an app goes from the password to the SMS code, never MFA_SETUP,
// and no session is taken for setting an app up.
func TestMFAOptionalNeverSetsUp(t *testing.T) {
	out := &lockedBuffer{}
	p := startPool(t, Options{Env: map[string]string{config.EnvSignInFlow: "password-and-code"}, Out: out})
	if want := "  MFA:           optional (authenticator app)\n"; !strings.Contains(out.String(), want) {
		t.Errorf("the start-up lines lack %q:\n%s", want, out.String())
	}
	number := newPhone()
	p.signUpWithPassword(number, testPassword)
	for range 2 {
		code := p.proveTestPassword(number)
		if code.ChallengeName != types.ChallengeNameTypeCustomChallenge {
			t.Fatalf("after the password: %s, want CUSTOM_CHALLENGE", code.ChallengeName)
		}
		_, err := p.associateBySession(code.Session)
		requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")
		p.signInWithCode(code, number)
	}
	_, err := p.answerMFASetup(aws.String(strings.Repeat("s", 40)), number)
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")
}
