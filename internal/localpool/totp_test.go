package localpool

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/pquerna/otp/totp"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
)

// totpStart is the fake clock's start: 15 seconds into a 30-second step,
// so that each test moves by whole steps.
var totpStart = time.Unix(1_893_456_015, 0)

// fakeClock is the time local mode checks TOTP codes at, moved by the test.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// defineRecorder keeps the define events a pool sends.
type defineRecorder struct {
	mu     sync.Mutex
	events []string
}

func (r *defineRecorder) observe(command string, payload []byte) {
	if command == "define-auth-challenge" {
		r.mu.Lock()
		r.events = append(r.events, string(payload))
		r.mu.Unlock()
	}
}

func (r *defineRecorder) last() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.events) == 0 {
		return ""
	}
	return r.events[len(r.events)-1]
}

// totpPool is a password-and-code pool whose TOTP clock is clock, with
// extra trigger settings env.
func totpPool(t *testing.T, clock *fakeClock, defines *defineRecorder, env map[string]string) *testPool {
	all := map[string]string{config.EnvSignInFlow: "password-and-code"}
	for k, v := range env {
		all[k] = v
	}
	opts := Options{Env: all, clock: clock.now}
	if defines != nil {
		opts.observe = defines.observe
	}
	return startPool(t, opts)
}

// codeAt is an authenticator app's code for secret at t.
func codeAt(t testing.TB, secret string, at time.Time) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// signInWithPassword signs number in with testPassword, then the SMS code.
func (p *testPool) signInWithPassword(number string) *types.AuthenticationResultType {
	p.t.Helper()
	code := p.proveTestPassword(number)
	if code.ChallengeName != types.ChallengeNameTypeCustomChallenge {
		p.t.Fatalf("after the password: %s %v, want the code challenge", code.ChallengeName, code.ChallengeParameters)
	}
	out, err := p.respond(code.Session, code.ChallengeParameters, p.lastCode(number))
	if err != nil || out.AuthenticationResult == nil {
		p.t.Fatalf("the SMS code after the password: %+v, %v", out, err)
	}
	return out.AuthenticationResult
}

// proveTestPassword starts an SRP sign-in and proves testPassword, and
// returns what comes next.
func (p *testPool) proveTestPassword(number string) *cip.RespondToAuthChallengeOutput {
	p.t.Helper()
	out, err := p.proveAPassword(number, testPassword)
	if err != nil {
		p.t.Fatalf("PASSWORD_VERIFIER: %v", err)
	}
	return out
}

// subOf is the username (and sub) of the user with phone number number.
func (p *testPool) subOf(number string) string {
	p.t.Helper()
	out, err := p.client.AdminGetUser(testContext(p.t), &cip.AdminGetUserInput{
		UserPoolId: aws.String(p.srv.UserPoolID()), Username: aws.String(number)})
	if err != nil {
		p.t.Fatalf("AdminGetUser %s: %v", number, err)
	}
	return aws.ToString(out.Username)
}

// answerTOTP answers SOFTWARE_TOKEN_MFA as identity-js's sendMFACode does.
func (p *testPool) answerTOTP(session *string, name, code string) (*cip.RespondToAuthChallengeOutput, error) {
	return p.client.RespondToAuthChallenge(testContext(p.t), &cip.RespondToAuthChallengeInput{
		ClientId: aws.String(p.srv.ClientID()), ChallengeName: types.ChallengeNameTypeSoftwareTokenMfa, Session: session,
		ChallengeResponses: map[string]string{"USERNAME": name, "SOFTWARE_TOKEN_MFA_CODE": code},
	})
}

// setUpTOTP associates, verifies (with the code at the clock's time) and
// enables an authenticator app named "phone" for the access token's user,
// and returns its secret.
func (p *testPool) setUpTOTP(accessToken string, clock *fakeClock) string {
	p.t.Helper()
	ctx := testContext(p.t)
	assoc, err := p.client.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{AccessToken: aws.String(accessToken)})
	if err != nil {
		p.t.Fatalf("AssociateSoftwareToken: %v", err)
	}
	secret := aws.ToString(assoc.SecretCode)
	if !secretCodePattern.MatchString(secret) || assoc.Session != nil {
		p.t.Fatalf("AssociateSoftwareToken: SecretCode %q, Session %v; want 52 base32 characters and no session", secret, assoc.Session)
	}
	verify, err := p.client.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{
		AccessToken: aws.String(accessToken), UserCode: aws.String(codeAt(p.t, secret, clock.now())), FriendlyDeviceName: aws.String("phone"),
	})
	if err != nil || verify.Status != types.VerifySoftwareTokenResponseTypeSuccess || verify.Session != nil {
		p.t.Fatalf("VerifySoftwareToken: %+v, %v", verify, err)
	}
	if _, err := p.client.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{
		AccessToken:              aws.String(accessToken),
		SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: true, PreferredMfa: true},
	}); err != nil {
		p.t.Fatalf("SetUserMFAPreference: %v", err)
	}
	return secret
}

var secretCodePattern = regexp.MustCompile(`^[A-Z2-7]{52}$`)

// TestTOTPSignIn sets up an authenticator app for a signed-in user, then
// signs in with the password and the app's code: Cognito's own
// SOFTWARE_TOKEN_MFA challenge after PASSWORD_VERIFIER, define told of the
// right code, tokens and no SMS. A wrong code leaves the session open for
// another; a code is taken once; the steps next to the current one are
// accepted and no others.
func TestTOTPSignIn(t *testing.T) {
	clock := &fakeClock{t: totpStart}
	defines := &defineRecorder{}
	p := totpPool(t, clock, defines, nil)
	number := newPhone()
	p.signUpWithPassword(number, testPassword)
	tokens := p.signInWithPassword(number)
	sub := p.subOf(number)
	secret := p.setUpTOTP(aws.ToString(tokens.AccessToken), clock)
	smsBefore := p.smsTo(number)

	// The code just used to verify the app is spent: the next sign-in a
	// step later uses the next code.
	clock.advance(totpPeriod)
	challenge := p.proveTestPassword(number)
	if challenge.ChallengeName != types.ChallengeNameTypeSoftwareTokenMfa || aws.ToString(challenge.Session) == "" {
		t.Fatalf("after the password: %s; want SOFTWARE_TOKEN_MFA with a session", challenge.ChallengeName)
	}
	want := map[string]string{"USER_ID_FOR_SRP": sub, "FRIENDLY_DEVICE_NAME": "phone"}
	if len(challenge.ChallengeParameters) != len(want) || challenge.ChallengeParameters["USER_ID_FOR_SRP"] != sub ||
		challenge.ChallengeParameters["FRIENDLY_DEVICE_NAME"] != "phone" {
		t.Errorf("SOFTWARE_TOKEN_MFA parameters %v, want %v", challenge.ChallengeParameters, want)
	}

	_, err := p.answerTOTP(challenge.Session, number, wrongCode(codeAt(t, secret, clock.now())))
	requireAPIError(t, err, "CodeMismatchException", "Invalid code received for user")
	out, err := p.answerTOTP(challenge.Session, sub, codeAt(t, secret, clock.now()))
	if err != nil || out.AuthenticationResult == nil || out.ChallengeName != "" {
		t.Fatalf("the right code in the same session: %+v, %v; want tokens", out, err)
	}
	if got := p.smsTo(number); got != smsBefore {
		t.Errorf("%d SMS sent for a sign-in with TOTP, want none", got-smsBefore)
	}
	if ev := defines.last(); !strings.Contains(ev, `{"challengeName":"PASSWORD_VERIFIER","challengeResult":true`) ||
		!strings.Contains(ev, `{"challengeName":"SOFTWARE_TOKEN_MFA","challengeResult":true`) {
		t.Errorf("define's last event lacks the password and TOTP rounds: %s", ev)
	}
	_, err = p.answerTOTP(challenge.Session, sub, codeAt(t, secret, clock.now()))
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user, session can only be used once.")

	// The same code again, in a new sign-in within its step: refused; the
	// next step's code (the clock a step behind the app) is accepted.
	challenge = p.proveTestPassword(number)
	_, err = p.answerTOTP(challenge.Session, number, codeAt(t, secret, clock.now()))
	requireAPIError(t, err, "ExpiredCodeException", "Your software token has already been used once.")
	if out, err := p.answerTOTP(challenge.Session, number, codeAt(t, secret, clock.now().Add(totpPeriod))); err != nil || out.AuthenticationResult == nil {
		t.Fatalf("the next step's code: %+v, %v; want tokens", out, err)
	}

	// Later, a code from two steps ago (never used) is refused, as is one
	// from two steps ahead, and one from the previous step (the clock a
	// step ahead of the app) accepted.
	clock.advance(4 * totpPeriod)
	challenge = p.proveTestPassword(number)
	_, err = p.answerTOTP(challenge.Session, number, codeAt(t, secret, clock.now().Add(-2*totpPeriod)))
	requireAPIError(t, err, "CodeMismatchException", "Invalid code received for user")
	_, err = p.answerTOTP(challenge.Session, number, codeAt(t, secret, clock.now().Add(2*totpPeriod)))
	requireAPIError(t, err, "CodeMismatchException", "Invalid code received for user")
	if out, err := p.answerTOTP(challenge.Session, number, codeAt(t, secret, clock.now().Add(-totpPeriod))); err != nil || out.AuthenticationResult == nil {
		t.Fatalf("the previous step's code: %+v, %v; want tokens", out, err)
	}
	if got := p.smsTo(number); got != smsBefore {
		t.Errorf("%d SMS sent for sign-ins with TOTP, want none", got-smsBefore)
	}
}

// TestTOTPRequireCodeAfterMFA: with REQUIRE_CODE_AFTER_MFA=true the SMS
// code follows the app's code.
func TestTOTPRequireCodeAfterMFA(t *testing.T) {
	clock := &fakeClock{t: totpStart}
	p := totpPool(t, clock, nil, map[string]string{config.EnvRequireCodeAfterMFA: "true"})
	number := newPhone()
	p.signUpWithPassword(number, testPassword)
	tokens := p.signInWithPassword(number)
	secret := p.setUpTOTP(aws.ToString(tokens.AccessToken), clock)
	clock.advance(totpPeriod)

	challenge := p.proveTestPassword(number)
	if challenge.ChallengeName != types.ChallengeNameTypeSoftwareTokenMfa {
		t.Fatalf("after the password: %s, want SOFTWARE_TOKEN_MFA", challenge.ChallengeName)
	}
	smsBefore := p.smsTo(number)
	code, err := p.answerTOTP(challenge.Session, number, codeAt(t, secret, clock.now()))
	if err != nil || code.ChallengeName != types.ChallengeNameTypeCustomChallenge || code.ChallengeParameters["attemptsLeft"] != "3" {
		t.Fatalf("after the app's code: %+v, %v; want the SMS code challenge with 3 attempts", code, err)
	}
	if got := p.smsTo(number); got != smsBefore+1 {
		t.Errorf("%d SMS after the app's code, want 1", got-smsBefore)
	}
	out, err := p.respond(code.Session, code.ChallengeParameters, p.lastCode(number))
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("the SMS code after the app's code: %+v, %v", out, err)
	}
}

// TestTOTPWrongCodesEndSignIn: the fifth wrong code ends the sign-in
// through define, which fails it; a user who turned TOTP off signs in
// with the SMS code again.
func TestTOTPWrongCodesEndSignIn(t *testing.T) {
	clock := &fakeClock{t: totpStart}
	defines := &defineRecorder{}
	p := totpPool(t, clock, defines, nil)
	number := newPhone()
	p.signUpWithPassword(number, testPassword)
	tokens := p.signInWithPassword(number)
	secret := p.setUpTOTP(aws.ToString(tokens.AccessToken), clock)
	clock.advance(totpPeriod)
	wrong := wrongCode(codeAt(t, secret, clock.now()))

	challenge := p.proveTestPassword(number)
	for i := 1; i < maxSoftwareTokenFailures; i++ {
		_, err := p.answerTOTP(challenge.Session, number, wrong)
		requireAPIError(t, err, "CodeMismatchException", "Invalid code received for user")
	}
	_, err := p.answerTOTP(challenge.Session, number, wrong)
	requireAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	if ev := defines.last(); !strings.Contains(ev, `{"challengeName":"SOFTWARE_TOKEN_MFA","challengeResult":false`) {
		t.Errorf("define's last event lacks the failed TOTP round: %s", ev)
	}
	_, err = p.answerTOTP(challenge.Session, number, codeAt(t, secret, clock.now()))
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user, session can only be used once.")

	// The owner turns TOTP off: the password leads to the SMS code again.
	if _, err := p.client.AdminSetUserMFAPreference(testContext(t), &cip.AdminSetUserMFAPreferenceInput{
		UserPoolId: aws.String(p.srv.UserPoolID()), Username: aws.String(number),
		SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: false},
	}); err != nil {
		t.Fatalf("AdminSetUserMFAPreference: %v", err)
	}
	if next := p.proveTestPassword(number); next.ChallengeName != types.ChallengeNameTypeCustomChallenge {
		t.Errorf("after the password with TOTP off: %s, want CUSTOM_CHALLENGE", next.ChallengeName)
	}
	// And on again, by the owner, since the app is still verified.
	if _, err := p.client.AdminSetUserMFAPreference(testContext(t), &cip.AdminSetUserMFAPreferenceInput{
		UserPoolId: aws.String(p.srv.UserPoolID()), Username: aws.String(p.subOf(number)),
		SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: true},
	}); err != nil {
		t.Fatalf("AdminSetUserMFAPreference: %v", err)
	}
	if next := p.proveTestPassword(number); next.ChallengeName != types.ChallengeNameTypeSoftwareTokenMfa {
		t.Errorf("after the password with TOTP on again: %s, want SOFTWARE_TOKEN_MFA", next.ChallengeName)
	}
}

// TestTOTPSetupErrors: Cognito's refusals while setting up an app.
func TestTOTPSetupErrors(t *testing.T) {
	clock := &fakeClock{t: totpStart}
	p := totpPool(t, clock, nil, nil)
	number := newPhone()
	p.signUpWithPassword(number, testPassword)
	access := aws.String(aws.ToString(p.signInWithPassword(number).AccessToken))
	ctx, client := testContext(t), p.client
	on := &types.SoftwareTokenMfaSettingsType{Enabled: true, PreferredMfa: true}

	_, err := client.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{AccessToken: access, SoftwareTokenMfaSettings: on})
	requireAPIError(t, err, "InvalidParameterException", "User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA")
	_, err = client.AdminSetUserMFAPreference(ctx, &cip.AdminSetUserMFAPreferenceInput{
		UserPoolId: aws.String(p.srv.UserPoolID()), Username: aws.String(number), SoftwareTokenMfaSettings: on})
	requireAPIError(t, err, "InvalidParameterException", "User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA")
	_, err = client.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{AccessToken: access, UserCode: aws.String("123456")})
	requireAPIError(t, err, "SoftwareTokenMFANotFoundException", "Software Token MFA does not exist for the user.")

	assoc, err := client.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{AccessToken: access})
	if err != nil {
		t.Fatal(err)
	}
	secret := aws.ToString(assoc.SecretCode)
	// Associated, not verified: still not enough to turn TOTP on.
	_, err = client.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{AccessToken: access, SoftwareTokenMfaSettings: on})
	requireAPIError(t, err, "InvalidParameterException", "User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA")

	for code, message := range map[string]string{
		"12ab": "2 validation errors detected: Value '12ab' at 'userCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]+; " +
			"Value '12ab' at 'userCode' failed to satisfy constraint: Member must have length greater than or equal to 6",
		"1234567": "1 validation error detected: Value '1234567' at 'userCode' failed to satisfy constraint: Member must have length less than or equal to 6",
	} {
		_, err = client.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{AccessToken: access, UserCode: aws.String(code)})
		requireAPIError(t, err, "InvalidParameterException", message)
	}
	right := codeAt(t, secret, clock.now())
	_, err = client.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{AccessToken: access, UserCode: aws.String(wrongCode(right))})
	requireAPIError(t, err, "EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA")
	_, err = client.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{AccessToken: access, UserCode: aws.String(codeAt(t, secret, clock.now().Add(-2*totpPeriod)))})
	requireAPIError(t, err, "EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA")

	// Session instead of, or with, the access token; neither; a bad token.
	session := aws.String(strings.Repeat("s", 40))
	_, err = client.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{Session: session})
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")
	_, err = client.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{Session: session, UserCode: aws.String(right)})
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")
	_, err = client.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{AccessToken: access, Session: session})
	requireAPIError(t, err, "InvalidParameterException", "Only one of AccessToken and Session may be given.")
	_, err = client.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{})
	requireAPIError(t, err, "InvalidParameterException", "AccessToken or Session is required")
	_, err = client.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{AccessToken: aws.String("not.a.token")})
	requireAPIError(t, err, "NotAuthorizedException", "Invalid Access Token")

	// Only TOTP is offered; turning the others off is a no-op.
	_, err = client.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{AccessToken: access,
		SMSMfaSettings: &types.SMSMfaSettingsType{Enabled: true}})
	requireAPIError(t, err, "InvalidParameterException", "SMS_MFA is not enabled in this user pool")
	_, err = client.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{AccessToken: access,
		EmailMfaSettings: &types.EmailMfaSettingsType{PreferredMfa: true}})
	requireAPIError(t, err, "InvalidParameterException", "EMAIL_OTP is not enabled in this user pool")
	if _, err := client.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{AccessToken: access,
		SMSMfaSettings: &types.SMSMfaSettingsType{}, EmailMfaSettings: &types.EmailMfaSettingsType{}}); err != nil {
		t.Errorf("turning SMS and email MFA off: %v", err)
	}
	_, err = client.AdminSetUserMFAPreference(ctx, &cip.AdminSetUserMFAPreferenceInput{
		UserPoolId: aws.String(p.srv.UserPoolID()), Username: aws.String(newPhone()), SoftwareTokenMfaSettings: on})
	requireAPIError(t, err, "UserNotFoundException", "User does not exist.")
	_, err = client.AdminSetUserMFAPreference(ctx, &cip.AdminSetUserMFAPreferenceInput{
		UserPoolId: aws.String("us-east-1_Other"), Username: aws.String(number), SoftwareTokenMfaSettings: on})
	requireAPIError(t, err, "ResourceNotFoundException", "User pool us-east-1_Other does not exist.")
	// A missing UserCode, which the SDK would not send.
	if status, errType := p.post("POST", targetPrefix+"VerifySoftwareToken", `{"AccessToken": "`+aws.ToString(access)+`"}`); status != 400 || errType != errInvalidParameter {
		t.Errorf("VerifySoftwareToken without UserCode: %d %s, want 400 %s", status, errType, errInvalidParameter)
	}

	// None of that spent the pending secret: the right code still verifies
	// it, and then TOTP can be turned on. Until then the sign-in is as before.
	if next := p.proveTestPassword(number); next.ChallengeName != types.ChallengeNameTypeCustomChallenge {
		t.Errorf("after the password, TOTP not set up: %s, want CUSTOM_CHALLENGE", next.ChallengeName)
	}
	if _, err := client.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{AccessToken: access, UserCode: aws.String(right)}); err != nil {
		t.Fatalf("VerifySoftwareToken with the right code after refusals: %v", err)
	}
	if _, err := client.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{AccessToken: access, SoftwareTokenMfaSettings: on}); err != nil {
		t.Fatalf("SetUserMFAPreference after verifying: %v", err)
	}
	challenge := p.proveTestPassword(number)
	if challenge.ChallengeName != types.ChallengeNameTypeSoftwareTokenMfa || challenge.ChallengeParameters["FRIENDLY_DEVICE_NAME"] != "" {
		t.Errorf("after the password: %s %v; want SOFTWARE_TOKEN_MFA without FRIENDLY_DEVICE_NAME (none given)", challenge.ChallengeName, challenge.ChallengeParameters)
	}
	_, err = client.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ClientId: aws.String(p.srv.ClientID()), ChallengeName: types.ChallengeNameTypeSoftwareTokenMfa, Session: challenge.Session,
		ChallengeResponses: map[string]string{"USERNAME": number},
	})
	requireAPIError(t, err, "InvalidParameterException", "Missing required parameter SOFTWARE_TOKEN_MFA_CODE")
	_, err = p.respond(challenge.Session, map[string]string{"USERNAME": number}, "123456")
	requireAPIError(t, err, "InvalidParameterException", "Invalid challenge name CUSTOM_CHALLENGE: the session's challenge is SOFTWARE_TOKEN_MFA.")
}

// TestGetUserShowsTOTP: GetUser and AdminGetUser list SOFTWARE_TOKEN_MFA
// once the user has turned it on, and nothing before.
func TestGetUserShowsTOTP(t *testing.T) {
	p := startPool(t, Options{})
	number := newPhone()
	p.signUp(number)
	tokens := p.signIn(number)
	out, err := p.client.GetUser(testContext(t), &cip.GetUserInput{AccessToken: tokens.AccessToken})
	if err != nil || len(out.UserMFASettingList) != 0 || out.PreferredMfaSetting != nil {
		t.Fatalf("GetUser before TOTP: %+v, %v", out, err)
	}
	secret, err := p.client.AssociateSoftwareToken(testContext(t), &cip.AssociateSoftwareTokenInput{AccessToken: tokens.AccessToken})
	if err != nil {
		t.Fatal(err)
	}
	code, err := totp.GenerateCode(aws.ToString(secret.SecretCode), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.client.VerifySoftwareToken(testContext(t), &cip.VerifySoftwareTokenInput{AccessToken: tokens.AccessToken, UserCode: aws.String(code)}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.client.SetUserMFAPreference(testContext(t), &cip.SetUserMFAPreferenceInput{AccessToken: tokens.AccessToken,
		SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: true, PreferredMfa: true}}); err != nil {
		t.Fatal(err)
	}
	out, err = p.client.GetUser(testContext(t), &cip.GetUserInput{AccessToken: tokens.AccessToken})
	if err != nil || !slices.Equal(out.UserMFASettingList, []string{"SOFTWARE_TOKEN_MFA"}) || aws.ToString(out.PreferredMfaSetting) != "SOFTWARE_TOKEN_MFA" {
		t.Errorf("GetUser after TOTP: %+v, %v", out, err)
	}
	admin, err := p.client.AdminGetUser(testContext(t), &cip.AdminGetUserInput{UserPoolId: aws.String(p.srv.UserPoolID()), Username: aws.String(number)})
	if err != nil || !slices.Equal(admin.UserMFASettingList, []string{"SOFTWARE_TOKEN_MFA"}) || aws.ToString(admin.PreferredMfaSetting) != "SOFTWARE_TOKEN_MFA" {
		t.Errorf("AdminGetUser after TOTP: %+v, %v", admin, err)
	}
}
