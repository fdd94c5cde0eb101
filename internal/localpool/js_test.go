package localpool

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
)

// jsDir is the npm package of AWS's JavaScript clients and the scripts
// that drive them; make js-deps installs its node_modules.
const jsDir = "testdata/js"

// nodeTimeout bounds one script. identity-js retries a failed refresh for
// about six seconds; the rest takes two or three.
const nodeTimeout = 60 * time.Second

// TestIdentityJS runs AWS's amazon-cognito-identity-js in Node against a
// local pool (testdata/js/identity-js.mjs), as proof that the wire protocol
// is Cognito's: sign-up, a start with SRP refused as Cognito refuses it,
// CUSTOM_AUTH sign-in with a new code asked for (sendCustomChallengeAnswer
// with ClientMetadata, as the README shows), the first code refused, then
// the new one, the ID token verified by aws-jwt-verify, refreshSession,
// and signOut, whose RevokeToken must revoke the refresh and access tokens.
func TestIdentityJS(t *testing.T) {
	p := startPool(t, Options{})
	number := newPhone()
	run := runJS(t, p, "identity-js.mjs", number)

	var signUp struct {
		UserConfirmed bool
		UserSub       string
	}
	run.step(t, "signUp", &signUp)
	if !signUp.UserConfirmed || !uuidPattern.MatchString(signUp.UserSub) {
		t.Fatalf("signUp: userConfirmed %v, userSub %q", signUp.UserConfirmed, signUp.UserSub)
	}
	sub := signUp.UserSub

	var srp struct{ Error *jsError }
	run.step(t, "authenticateUserWithSRP", &srp)
	wantException(t, "authenticateUser (CUSTOM_AUTH with SRP_A)", srp.Error, "NotAuthorizedException", "Incorrect username or password.")

	type signInStep struct {
		Callback        string
		Params          map[string]string
		IDToken         map[string]any `json:"idToken"`
		HasRefreshToken bool
	}
	var initiate, wrong, right signInStep
	run.step(t, "initiateAuth", &initiate)
	checkChallenge(t, "initiateAuth", initiate.Callback, "customChallenge", initiate.Params, sub, number, config.DefaultMaxAttempts)
	var resend signInStep
	run.step(t, "resend", &resend)
	checkChallenge(t, "sendCustomChallengeAnswer asking for a new code", resend.Callback, "customChallenge", resend.Params, sub, number, config.DefaultMaxAttempts)
	checkResendsLeft(t, "sendCustomChallengeAnswer asking for a new code", resend.Params, config.DefaultMaxResends-1)
	run.step(t, "wrongCode", &wrong)
	checkChallenge(t, "wrongCode", wrong.Callback, "customChallenge", wrong.Params, sub, number, config.DefaultMaxAttempts-1)
	run.step(t, "rightCode", &right)
	if right.Callback != "onSuccess" || !right.HasRefreshToken {
		t.Fatalf("rightCode: callback %q, refresh token %v; want onSuccess with a refresh token", right.Callback, right.HasRefreshToken)
	}
	checkIDClaims(t, "rightCode", right.IDToken, sub, number)
	if n := p.smsTo(number); n != 2 {
		t.Errorf("%d SMS to %s, want 2: the first code and the one asked for; neither the SRP start nor a wrong code sends one", n, number)
	}

	var verified struct{ Payload map[string]any }
	run.step(t, "verifyIdToken", &verified)
	checkIDClaims(t, "aws-jwt-verify", verified.Payload, sub, number)
	if iss := p.srv.URL() + "/" + p.srv.UserPoolID(); verified.Payload["iss"] != iss || verified.Payload["aud"] != p.srv.ClientID() {
		t.Errorf("aws-jwt-verify: iss %v, aud %v; want %s, %s", verified.Payload["iss"], verified.Payload["aud"], iss, p.srv.ClientID())
	}

	var refresh struct {
		NewIDToken     bool           `json:"newIdToken"`
		NewAccessToken bool           `json:"newAccessToken"`
		IDToken        map[string]any `json:"idToken"`
	}
	run.step(t, "refreshSession", &refresh)
	if !refresh.NewIDToken || !refresh.NewAccessToken {
		t.Errorf("refreshSession: new ID token %v, new access token %v; want both", refresh.NewIDToken, refresh.NewAccessToken)
	}
	checkIDClaims(t, "refreshSession", refresh.IDToken, sub, number)
	if refresh.IDToken["origin_jti"] != right.IDToken["origin_jti"] {
		t.Errorf("refreshSession: origin_jti %v, want the sign-in's %v", refresh.IDToken["origin_jti"], right.IDToken["origin_jti"])
	}

	var signOut, refreshAfter, getUserAfter struct{ Error *jsError }
	run.step(t, "signOut", &signOut)
	if signOut.Error != nil {
		t.Errorf("signOut (RevokeToken): %v", signOut.Error)
	}
	run.step(t, "refreshAfterSignOut", &refreshAfter)
	wantException(t, "refreshSession after signOut", refreshAfter.Error, "NotAuthorizedException", "Refresh Token has been revoked")
	run.step(t, "getUserAfterSignOut", &getUserAfter)
	wantException(t, "GetUser with the access token after signOut", getUserAfter.Error, "NotAuthorizedException", "Access Token has been revoked")
}

// TestIdentityJSPassword runs amazon-cognito-identity-js's own SRP client
// (testdata/js/identity-js-password.mjs) against a pool in the
// password-and-code flow: a wrong password refused with no SMS, then the
// password proven and the SMS code answered. Then identity-js sets up an
// authenticator app for the signed-in user, with TOTP codes the script
// computes itself (checked here against pquerna/otp), and signs in again
// with the password and the app's code: totpRequired, a wrong code refused
// in a session that takes the right one next, tokens, and no new SMS.
func TestIdentityJSPassword(t *testing.T) {
	p := startPool(t, Options{Env: map[string]string{config.EnvSignInFlow: "password-and-code"}})
	number := newPhone()
	run := runJS(t, p, "identity-js-password.mjs", number)

	var signUp struct {
		UserConfirmed bool
		UserSub       string
	}
	run.step(t, "signUp", &signUp)
	var wrong, password struct {
		Callback string
		Params   map[string]string
		Error    *jsError
	}
	run.step(t, "wrongPassword", &wrong)
	wantException(t, "authenticateUser with a wrong password", wrong.Error, "NotAuthorizedException", "Incorrect username or password.")
	run.step(t, "password", &password)
	if password.Error != nil {
		t.Fatalf("authenticateUser with the password: %v", password.Error)
	}
	checkChallenge(t, "authenticateUser with the password", password.Callback, "customChallenge", password.Params, signUp.UserSub, number, config.DefaultMaxAttempts)
	var code struct {
		IDToken map[string]any `json:"idToken"`
	}
	run.step(t, "code", &code)
	checkIDClaims(t, "the code after the password", code.IDToken, signUp.UserSub, number)
	if n := p.smsTo(number); n != 1 {
		t.Errorf("%d SMS, want 1: none for the wrong password", n)
	}

	var associate struct {
		Secret string
		At     int64
		Code   string
	}
	run.step(t, "associate", &associate)
	if !secretCodePattern.MatchString(associate.Secret) {
		t.Errorf("associateSoftwareToken: secret %q, want 52 base32 characters", associate.Secret)
	}
	if want := codeAt(t, associate.Secret, time.UnixMilli(associate.At)); associate.Code != want {
		t.Errorf("the script's TOTP code %q, pquerna/otp's %q", associate.Code, want)
	}
	var verify struct{ Status string }
	run.step(t, "verify", &verify)
	if verify.Status != "SUCCESS" {
		t.Errorf("verifySoftwareToken: Status %q, want SUCCESS", verify.Status)
	}
	var preference struct{ Result string }
	run.step(t, "preference", &preference)
	if preference.Result != "SUCCESS" {
		t.Errorf("setUserMfaPreference: %q, want SUCCESS", preference.Result)
	}

	var challenge struct {
		Callback, ChallengeName string
		Params                  map[string]string
		Error                   *jsError
	}
	run.step(t, "totpChallenge", &challenge)
	want := map[string]string{"USER_ID_FOR_SRP": signUp.UserSub, "FRIENDLY_DEVICE_NAME": "phone"}
	if challenge.Callback != "totpRequired" || challenge.ChallengeName != "SOFTWARE_TOKEN_MFA" || !maps.Equal(challenge.Params, want) {
		t.Fatalf("authenticateUser after TOTP setup: %+v; want totpRequired SOFTWARE_TOKEN_MFA %v", challenge, want)
	}
	var wrongTOTP struct{ Error *jsError }
	run.step(t, "wrongTotp", &wrongTOTP)
	wantException(t, "sendMFACode with a wrong code", wrongTOTP.Error, "CodeMismatchException", "Invalid code received for user")
	signedInStep(t, run, "totp", "the app's code after a wrong one", signUp.UserSub, number)
	if n := p.smsTo(number); n != 1 {
		t.Errorf("%d SMS, want 1: none for the sign-in with TOTP", n)
	}
}

// TestIdentityJSMFASetup runs identity-js-password.mjs against a pool
// whose MFA is required: authenticateUser gets the mfaSetup callback
// (MFA_SETUP, with MFAS_CAN_SETUP as identity-js reads it), then
// associateSoftwareToken and verifySoftwareToken work with the sign-in's
// Session, a wrong code refused and the right one taken, after which
// verifySoftwareToken answers MFA_SETUP itself and the SMS code challenge
// follows (define asks for it after MFA_SETUP). The next sign-in asks for
// the app's code, then for the SMS code too, since the pool requires the
// app (identity-js's sendMFACode expects tokens there; the script takes
// the challenge from its answer).
func TestIdentityJSMFASetup(t *testing.T) {
	p := startPool(t, Options{Env: map[string]string{config.EnvSignInFlow: "password-and-code"}, MFARequired: true})
	number := newPhone()
	run := runJS(t, p, "identity-js-password.mjs", number, "LOCALPOOL_MFA=required")

	var signUp struct{ UserSub string }
	run.step(t, "signUp", &signUp)
	var setup struct {
		Callback, ChallengeName string
		Params                  map[string]string
		Error                   *jsError
	}
	run.step(t, "mfaSetup", &setup)
	if setup.Callback != "mfaSetup" || setup.ChallengeName != "MFA_SETUP" || !maps.Equal(setup.Params, mfaSetupParams) {
		t.Fatalf("authenticateUser in a pool that requires MFA: %+v; want mfaSetup MFA_SETUP %v", setup, mfaSetupParams)
	}
	var associate struct{ Secret string }
	run.step(t, "associate", &associate)
	if !secretCodePattern.MatchString(associate.Secret) {
		t.Errorf("associateSoftwareToken with the session: secret %q, want 52 base32 characters", associate.Secret)
	}
	var wrong struct{ Error *jsError }
	run.step(t, "wrongVerify", &wrong)
	wantException(t, "verifySoftwareToken with a wrong code", wrong.Error, "EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA")
	var verify struct {
		Callback string
		Params   map[string]string
		Error    *jsError
	}
	run.step(t, "verify", &verify)
	if verify.Error != nil {
		t.Fatalf("verifySoftwareToken with the right code: %v", verify.Error)
	}
	checkChallenge(t, "MFA_SETUP answered by verifySoftwareToken", verify.Callback, "customChallenge", verify.Params, signUp.UserSub, number, config.DefaultMaxAttempts)
	var code struct {
		IDToken map[string]any `json:"idToken"`
	}
	run.step(t, "code", &code)
	checkIDClaims(t, "the SMS code after MFA_SETUP", code.IDToken, signUp.UserSub, number)

	var challenge struct{ Callback, ChallengeName string }
	run.step(t, "totpChallenge", &challenge)
	if challenge.Callback != "totpRequired" || challenge.ChallengeName != "SOFTWARE_TOKEN_MFA" {
		t.Fatalf("the next authenticateUser: %+v; want totpRequired SOFTWARE_TOKEN_MFA", challenge)
	}
	signedInStep(t, run, "totp", "the app's code, then the SMS code", signUp.UserSub, number)
	if n := p.smsTo(number); n != 2 {
		t.Errorf("%d SMS, want 2: after MFA_SETUP, and after the app's code", n)
	}
}

// TestAmplifyJSMFASetup runs amplify-password.mjs against a pool whose
// MFA is required: signIn with CUSTOM_WITH_SRP gets
// CONTINUE_SIGN_IN_WITH_TOTP_SETUP (Amplify associates the app with the
// MFA_SETUP session itself), confirmSignIn with the app's first code
// verifies it and answers MFA_SETUP, which leads to
// CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE, and the SMS code signs in.
func TestAmplifyJSMFASetup(t *testing.T) {
	p := startPool(t, Options{Env: map[string]string{config.EnvSignInFlow: "password-and-code"}, MFARequired: true})
	number := newPhone()
	run := runJS(t, p, "amplify-password.mjs", number, "LOCALPOOL_MFA=required")

	var signUp struct {
		UserID string `json:"userId"`
	}
	run.step(t, "signUp", &signUp)
	var password struct{ SignInStep, Secret string }
	run.step(t, "password", &password)
	if password.SignInStep != "CONTINUE_SIGN_IN_WITH_TOTP_SETUP" || !secretCodePattern.MatchString(password.Secret) {
		t.Fatalf("signIn with CUSTOM_WITH_SRP: %+v; want CONTINUE_SIGN_IN_WITH_TOTP_SETUP with a secret", password)
	}
	var setup struct {
		SignInStep string
		Params     map[string]string
	}
	run.step(t, "totpSetup", &setup)
	checkChallenge(t, "confirmSignIn with the app's first code", setup.SignInStep, "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE", setup.Params,
		signUp.UserID, number, config.DefaultMaxAttempts)
	signedInStep(t, run, "code", "confirmSignIn with the SMS code after MFA_SETUP", signUp.UserID, number)
	if n := p.smsTo(number); n != 1 {
		t.Errorf("%d SMS, want 1", n)
	}
}

// TestAmplifyJSPassword runs aws-amplify 6's own SRP client
// (testdata/js/amplify-password.mjs, signIn with CUSTOM_WITH_SRP) against
// a pool in the password-and-code flow: a wrong password refused with no
// SMS, then the password and the SMS code.
func TestAmplifyJSPassword(t *testing.T) {
	p := startPool(t, Options{Env: map[string]string{config.EnvSignInFlow: "password-and-code"}})
	number := newPhone()
	run := runJS(t, p, "amplify-password.mjs", number)

	var signUp struct {
		IsSignUpComplete bool
		UserID           string `json:"userId"`
	}
	run.step(t, "signUp", &signUp)
	var wrong struct{ Error *jsError }
	run.step(t, "wrongPassword", &wrong)
	wantException(t, "signIn with a wrong password", wrong.Error, "NotAuthorizedException", "Incorrect username or password.")
	var password struct {
		SignInStep string
		Params     map[string]string
	}
	run.step(t, "password", &password)
	checkChallenge(t, "signIn with CUSTOM_WITH_SRP", password.SignInStep, "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE", password.Params,
		signUp.UserID, number, config.DefaultMaxAttempts)
	signedInStep(t, run, "code", "confirmSignIn with the code after the password", signUp.UserID, number)
	if n := p.smsTo(number); n != 1 {
		t.Errorf("%d SMS, want 1: none for the wrong password", n)
	}
}

// TestAmplifyJS runs aws-amplify 6 in Node against a local pool
// (testdata/js/amplify.mjs): signUp, signIn with CUSTOM_WITHOUT_SRP,
// confirmSignIn asking for a new code (clientMetadata, as the README
// shows), then with the first code, refused, and the new one,
// fetchAuthSession({forceRefresh: true}) and signOut. Amplify hides some
// failures, so the script also reports the Cognito calls each step made.
func TestAmplifyJS(t *testing.T) {
	p := startPool(t, Options{})
	number := newPhone()
	run := runJS(t, p, "amplify.mjs", number)

	var signUp struct {
		IsSignUpComplete bool
		SignUpStep       string
		UserID           string `json:"userId"`
		Calls            []jsCall
	}
	run.step(t, "signUp", &signUp)
	if !signUp.IsSignUpComplete || signUp.SignUpStep != "DONE" || !uuidPattern.MatchString(signUp.UserID) {
		t.Fatalf("signUp: complete %v, step %q, userId %q", signUp.IsSignUpComplete, signUp.SignUpStep, signUp.UserID)
	}
	checkCalls(t, "signUp", signUp.Calls, "SignUp")
	sub := signUp.UserID

	type signInStep struct {
		IsSignedIn bool
		SignInStep string
		Params     map[string]string
		Calls      []jsCall
	}
	const customStep = "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE"
	var signIn, wrong, right signInStep
	run.step(t, "signIn", &signIn)
	checkChallenge(t, "signIn", signIn.SignInStep, customStep, signIn.Params, sub, number, config.DefaultMaxAttempts)
	checkCalls(t, "signIn", signIn.Calls, "InitiateAuth")
	var resend signInStep
	run.step(t, "resend", &resend)
	checkChallenge(t, "confirmSignIn asking for a new code", resend.SignInStep, customStep, resend.Params, sub, number, config.DefaultMaxAttempts)
	checkResendsLeft(t, "confirmSignIn asking for a new code", resend.Params, config.DefaultMaxResends-1)
	checkCalls(t, "resend", resend.Calls, "RespondToAuthChallenge")
	run.step(t, "wrongCode", &wrong)
	checkChallenge(t, "confirmSignIn with a wrong code", wrong.SignInStep, customStep, wrong.Params, sub, number, config.DefaultMaxAttempts-1)
	checkCalls(t, "wrongCode", wrong.Calls, "RespondToAuthChallenge")
	run.step(t, "rightCode", &right)
	if !right.IsSignedIn || right.SignInStep != "DONE" {
		t.Fatalf("confirmSignIn with the code: signed in %v, step %q", right.IsSignedIn, right.SignInStep)
	}
	checkCalls(t, "rightCode", right.Calls, "RespondToAuthChallenge")

	var session struct {
		IDToken map[string]any `json:"idToken"`
	}
	run.step(t, "session", &session)
	checkIDClaims(t, "fetchAuthSession", session.IDToken, sub, number)

	var refresh struct {
		NewIDToken     bool `json:"newIdToken"`
		NewAccessToken bool `json:"newAccessToken"`
		Calls          []jsCall
	}
	run.step(t, "forceRefresh", &refresh)
	checkCalls(t, "fetchAuthSession({forceRefresh: true})", refresh.Calls, "GetTokensFromRefreshToken")
	if !refresh.NewIDToken || !refresh.NewAccessToken {
		t.Errorf("fetchAuthSession({forceRefresh: true}): new ID token %v, new access token %v; want both", refresh.NewIDToken, refresh.NewAccessToken)
	}

	var signOut struct {
		SignedIn bool
		Calls    []jsCall
	}
	run.step(t, "signOut", &signOut)
	checkCalls(t, "signOut", signOut.Calls, "RevokeToken")
	if signOut.SignedIn {
		t.Error("fetchAuthSession still has tokens after signOut")
	}
	var getUser struct{ Error *jsError }
	run.step(t, "getUserAfterSignOut", &getUser)
	wantException(t, "GetUser with the access token after signOut", getUser.Error, "NotAuthorizedException", "Access Token has been revoked")
}

// jsError is an error as the scripts report it: identity-js puts the
// exception in code, Amplify and raw calls in name.
type jsError struct {
	Name, Code, Message string
}

func (e *jsError) exception() string {
	if e.Code != "" {
		return e.Code
	}
	return e.Name
}

func (e *jsError) String() string { return e.exception() + ": " + e.Message }

// jsCall is one Cognito API call amplify.mjs saw Amplify make.
type jsCall struct {
	Operation string
	Status    int
	Error     string
}

// jsRun is a finished script's output: one JSON line per step, by name.
type jsRun struct {
	script string
	steps  map[string]json.RawMessage
	done   []string
	// output is everything else the script printed and how it ended.
	output string
}

// runJS runs script from jsDir in Node against p, for a sign-up of number,
// with the extra environment variables env (NAME=value), and collects its
// steps. It fails the test if Node or the npm packages are missing, and
// bounds the script by nodeTimeout.
func runJS(t *testing.T, p *testPool, script, number string, env ...string) *jsRun {
	t.Helper()
	requireJSDeps(t)
	ctx, cancel := context.WithTimeout(context.Background(), nodeTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", script)
	cmd.Dir = jsDir
	cmd.Env = append(cmd.Environ(),
		"LOCALPOOL_ENDPOINT="+p.srv.URL(),
		"LOCALPOOL_USER_POOL_ID="+p.srv.UserPoolID(),
		"LOCALPOOL_CLIENT_ID="+p.srv.ClientID(),
		"LOCALPOOL_PHONE="+number,
	)
	cmd.Env = append(cmd.Env, env...)
	// Node is killed at the deadline; WaitDelay stops Wait waiting on pipes
	// that something it left behind might hold open.
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	t.Logf("node %s: %v", script, time.Since(start).Round(time.Millisecond))
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		err = errors.New("still running after " + nodeTimeout.String() + ", killed")
	}

	run := &jsRun{script: script, steps: map[string]json.RawMessage{}}
	var other strings.Builder
	lines := bufio.NewScanner(&stdout)
	lines.Buffer(nil, 1<<20)
	for lines.Scan() {
		var line struct{ Step string }
		if json.Unmarshal(lines.Bytes(), &line) != nil || line.Step == "" {
			other.WriteString(lines.Text() + "\n")
			continue
		}
		run.steps[line.Step] = slices.Clone(lines.Bytes())
		run.done = append(run.done, line.Step)
	}
	exit := "exited 0"
	if err != nil {
		exit = err.Error()
	}
	run.output = "node " + script + ": " + exit + "\nstdout (other lines):\n" + other.String() + "stderr:\n" + stderr.String()
	if err != nil && len(run.done) == 0 {
		t.Fatal(run.output)
	}
	return run
}

// step decodes the line of the named step into out. It fails the test if
// the script never reached the step or the step threw.
func (r *jsRun) step(t *testing.T, name string, out any) {
	t.Helper()
	raw, ok := r.steps[name]
	if !ok {
		t.Fatalf("%s stopped before step %s (steps done: %v)\n%s", r.script, name, r.done, r.output)
	}
	var failed struct{ Failed *jsError }
	if err := json.Unmarshal(raw, &failed); err != nil {
		t.Fatalf("%s: step %s: %v in %s", r.script, name, err, raw)
	}
	if failed.Failed != nil {
		t.Fatalf("%s: step %s failed: %v\n%s", r.script, name, failed.Failed, r.output)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("%s: step %s: %v in %s", r.script, name, err, raw)
	}
}

// requireJSDeps fails the test unless node is on PATH and jsDir's
// node_modules holds each dependency at the version package.json pins.
func requireJSDeps(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatal("node not found: install Node.js 20 or later with npm, then run make js-deps")
	}
	var pkg struct{ Dependencies map[string]string }
	readJSON(t, filepath.Join(jsDir, "package.json"), &pkg)
	for name, version := range pkg.Dependencies {
		path := filepath.Join(jsDir, "node_modules", name, "package.json")
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("%s is not installed in %s/node_modules: run make js-deps", name, jsDir)
		}
		var installed struct{ Version string }
		readJSON(t, path, &installed)
		if installed.Version != version {
			t.Fatalf("%s/node_modules has %s %s, package.json pins %s: run make js-deps", jsDir, name, installed.Version, version)
		}
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(data, v)
	}
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
}

// checkChallenge checks that a sign-in step (callback or Amplify step
// name got) asks for the code, with attemptsLeft tries left.
func checkChallenge(t *testing.T, step, got, want string, params map[string]string, sub, number string, attemptsLeft int) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: got %q, want %q (parameters %v)", step, got, want, params)
	}
	wantParams := map[string]string{
		"USERNAME":     sub,
		"destination":  "+1******" + number[len(number)-4:],
		"codeLength":   "6",
		"attemptsLeft": strconv.Itoa(attemptsLeft),
	}
	for k, v := range wantParams {
		if params[k] != v {
			t.Errorf("%s: challenge parameter %s = %q, want %q", step, k, params[k], v)
		}
	}
}

// checkResendsLeft checks the resendsLeft challenge parameter.
func checkResendsLeft(t *testing.T, step string, params map[string]string, want int) {
	t.Helper()
	if got := params["resendsLeft"]; got != strconv.Itoa(want) {
		t.Errorf("%s: resendsLeft %q, want %d", step, got, want)
	}
}

// checkIDClaims checks an ID token's claims as a script decoded them.
func checkIDClaims(t *testing.T, step string, claims map[string]any, sub, number string) {
	t.Helper()
	if claims["token_use"] != "id" || claims["sub"] != sub || claims["phone_number"] != number || claims["origin_jti"] == nil {
		t.Errorf("%s: ID token claims %v; want token_use id, sub %s, phone_number %s, an origin_jti", step, claims, sub, number)
	}
}

// checkCalls checks that a step made exactly the Cognito calls operations,
// each answered 200.
func checkCalls(t *testing.T, step string, calls []jsCall, operations ...string) {
	t.Helper()
	var got []string
	ok := true
	for _, c := range calls {
		got = append(got, c.Operation)
		ok = ok && c.Status == 200
	}
	if !ok || !slices.Equal(got, operations) {
		t.Errorf("%s made the calls %+v; want %v, each answered 200", step, calls, operations)
	}
}

// wantException checks that what made err was refused with the Cognito
// exception name and a message containing message.
func wantException(t *testing.T, what string, err *jsError, name, message string) {
	t.Helper()
	switch {
	case err == nil:
		t.Errorf("%s succeeded; want %s (%q)", what, name, message)
	case err.exception() != name || !strings.Contains(err.Message, message):
		t.Errorf("%s: got %v; want %s (%q)", what, err, name, message)
	}
}

// signedInStep reads the script's step that must end in tokens, and checks
// the ID token's claims and, for Amplify, which reports it, isSignedIn;
// what names the step in messages.
func signedInStep(t *testing.T, run *jsRun, step, what, sub, number string) {
	t.Helper()
	var out struct {
		IsSignedIn *bool
		IDToken    map[string]any `json:"idToken"`
		Error      *jsError
	}
	run.step(t, step, &out)
	if out.Error != nil {
		t.Fatalf("%s: %v", what, out.Error)
	}
	if out.IsSignedIn != nil && !*out.IsSignedIn {
		t.Errorf("%s: not signed in", what)
	}
	checkIDClaims(t, what, out.IDToken, sub, number)
}
