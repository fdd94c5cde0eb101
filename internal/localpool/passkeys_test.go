package localpool

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
)

// startPasskeyPool starts a pool with passkeys on, and returns it with its
// origin as a browser on this machine reports it (http://localhost:PORT).
func startPasskeyPool(t *testing.T, env map[string]string) (*testPool, string) {
	t.Helper()
	p := startPool(t, Options{Passkeys: true, Env: env})
	u, err := url.Parse(p.srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	return p, "http://localhost:" + u.Port()
}

// api calls the passkeys API with the access token, and returns the
// status and the decoded JSON answer.
func (p *testPool) api(method, path, accessToken string, body any) (int, map[string]any) {
	p.t.Helper()
	var reader io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		reader = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(testContext(p.t), method, p.srv.URL()+path, reader)
	if err != nil {
		p.t.Fatal(err)
	}
	if accessToken != "" {
		req.Header.Set("Authorization", "Bearer "+accessToken)
	}
	resp, err := (&http.Client{Timeout: callTimeout}).Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(resp.Body)
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			p.t.Fatalf("%s %s: %s: %v", method, path, raw, err)
		}
	}
	return resp.StatusCode, out
}

// signInByCode signs number in through the passkey round's fallback, and
// returns the access token (signInByCodeTokens).
func (p *testPool) signInByCode(number string) string {
	p.t.Helper()
	return aws.ToString(p.signInByCodeTokens(number).AccessToken)
}

// signInByCodeTokens signs number in through the passkey round's
// fallback: a resend request, which costs no resend, then the code.
func (p *testPool) signInByCodeTokens(number string) *types.AuthenticationResultType {
	p.t.Helper()
	first := p.mustInitiate(number)
	if first.ChallengeParameters["channel"] != "passkey" {
		p.t.Fatalf("first round %v, want a passkey round", first.ChallengeParameters)
	}
	code := p.resend(first.Session, first.ChallengeParameters, "")
	if code.ChallengeParameters["channel"] != "sms" || code.ChallengeParameters["resendsLeft"] != first.ChallengeParameters["resendsLeft"] {
		p.t.Fatalf("fallback round %v, want the code by SMS at no resend", code.ChallengeParameters)
	}
	out, err := p.respond(code.Session, code.ChallengeParameters, p.lastCode(number))
	if err != nil || out.AuthenticationResult == nil {
		p.t.Fatalf("code answer: %+v, %v", out, err)
	}
	return out.AuthenticationResult
}

// register registers a's passkey for the holder of accessToken.
func (p *testPool) register(a *passkeytest.Authenticator, accessToken string) map[string]any {
	p.t.Helper()
	status, started := p.api("POST", "/passkeys/registration", accessToken, map[string]string{})
	if status != http.StatusOK {
		p.t.Fatalf("start registration: %d %v", status, started)
	}
	options, _ := json.Marshal(started["options"])
	var credential any
	json.Unmarshal(a.Register(options), &credential)
	status, stored := p.api("POST", "/passkeys", accessToken, map[string]any{"credential": credential, "name": "Test laptop"})
	if status != http.StatusCreated {
		p.t.Fatalf("finish registration: %d %v", status, stored)
	}
	return stored
}

// passkeyAnswer starts a sign-in of name and answers its passkey round
// with answer(options); it returns the RespondToAuthChallenge result.
func (p *testPool) passkeyAnswer(name string, answer func(options []byte) []byte) (*cip.RespondToAuthChallengeOutput, error) {
	p.t.Helper()
	first := p.mustInitiate(name)
	if first.ChallengeParameters["channel"] != "passkey" {
		p.t.Fatalf("first round %v, want a passkey round", first.ChallengeParameters)
	}
	return p.respond(first.Session, first.ChallengeParameters, string(answer([]byte(first.ChallengeParameters["passkeyOptions"]))))
}

// TestPasskeyThroughTheRealFunctions: a user signs in by code, registers
// a passkey through the passkeys API (the real passkeys-api function),
// and signs in with it through the real create and verify triggers; the
// counter is stored.
func TestPasskeyThroughTheRealFunctions(t *testing.T) {
	p, origin := startPasskeyPool(t, nil)
	number := newPhone()
	p.signUp(number)
	token := p.signInByCode(number)
	a := passkeytest.New(32)
	a.Origin = origin
	stored := p.register(a, token)
	if stored["name"] != "Test laptop" || stored["id"] == "" {
		t.Fatalf("stored passkey %v", stored)
	}

	out, err := p.passkeyAnswer(number, func(options []byte) []byte { return a.Sign(options) })
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("passkey sign-in: %+v, %v; want tokens", out, err)
	}
	if n := p.smsTo(number); n != 1 {
		t.Errorf("%d SMS, want only the first sign-in's", n)
	}
	status, list := p.api("GET", "/passkeys", token, nil)
	passkeys, _ := list["passkeys"].([]any)
	if status != http.StatusOK || len(passkeys) != 1 || passkeys[0].(map[string]any)["lastUsedAt"] == nil {
		t.Errorf("list: %d %v; want one passkey, used", status, list)
	}
	id, _ := passkeys[0].(map[string]any)["id"].(string)
	if status, _ := p.api("DELETE", "/passkeys/"+id, token, nil); status != http.StatusNoContent {
		t.Errorf("delete: %d", status)
	}
	if out, err := p.passkeyAnswer(number, func(options []byte) []byte { return a.Sign(options) }); err != nil || out.AuthenticationResult != nil {
		t.Errorf("sign-in with a deleted passkey: %+v, %v; want refused", out, err)
	}
}

// TestPasskeyAttacksThroughTheRealFunctions: each attack answered with a
// new challenge (a wrong answer), never tokens.
func TestPasskeyAttacksThroughTheRealFunctions(t *testing.T) {
	p, origin := startPasskeyPool(t, nil)
	number := newPhone()
	p.signUp(number)
	token := p.signInByCode(number)
	a := passkeytest.New(32)
	a.Origin = origin
	p.register(a, token)
	clone := *a
	var earlier []byte
	if out, err := p.passkeyAnswer(number, func(o []byte) []byte { earlier = a.Sign(o); return earlier }); err != nil || out.AuthenticationResult == nil {
		t.Fatalf("the owner's sign-in: %+v, %v", out, err)
	}
	attacks := []struct {
		name   string
		answer func(options []byte) []byte
	}{
		{"a cloned authenticator", func(o []byte) []byte { return clone.Sign(o) }},
		{"a phishing origin", func(o []byte) []byte { return a.Sign(o, passkeytest.FromOrigin("http://localhost:1")) }},
		{"another relying party", func(o []byte) []byte { return a.Sign(o, passkeytest.ForRPID("evil.localhost")) }},
		{"another challenge", func(o []byte) []byte {
			return a.Sign(o, passkeytest.WithChallenge([]byte("a challenge of another sign-in!!")))
		}},
		{"a replayed answer", func([]byte) []byte { return earlier }},
	}
	for _, attack := range attacks {
		out, err := p.passkeyAnswer(number, attack.answer)
		if err != nil || out.AuthenticationResult != nil || out.ChallengeParameters["channel"] != "passkey" {
			t.Errorf("%s: %+v, %v; want a new passkey challenge, no tokens", attack.name, out, err)
		}
	}
}

// TestPasskeyRoundTellsNoNameApart: a user with a passkey, one without and
// an unknown name all get a first round of the same keys listing
// credentials, and the unknown name's are the same on every try.
func TestPasskeyRoundTellsNoNameApart(t *testing.T) {
	p, origin := startPasskeyPool(t, nil)
	with, without := newPhone(), newPhone()
	p.signUp(with)
	p.signUp(without)
	a := passkeytest.New(32)
	a.Origin = origin
	p.register(a, p.signInByCode(with))
	shapes := map[string][]string{}
	for _, name := range []string{with, without, "+15555550177", "+15555550177"} {
		params := p.mustInitiate(name).ChallengeParameters
		var options struct {
			AllowCredentials []struct{ ID string } `json:"allowCredentials"`
		}
		if err := json.Unmarshal([]byte(params["passkeyOptions"]), &options); err != nil || len(options.AllowCredentials) == 0 {
			t.Fatalf("%s: options %q: %v; want credentials listed", name, params["passkeyOptions"], err)
		}
		var keys []string
		for k := range params {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		ids := make([]string, len(options.AllowCredentials))
		for i, c := range options.AllowCredentials {
			ids[i] = c.ID
		}
		if earlier, tried := shapes[name]; tried && !slices.Equal(earlier, ids) {
			t.Errorf("%s lists %v, then %v", name, earlier, ids)
		}
		shapes[name] = ids
		if k := strings.Join(keys, ","); k != "USERNAME,attemptsLeft,channel,channels,codeLength,passkeyOptions,resendsLeft" {
			t.Errorf("%s: parameters %s", name, k)
		}
	}
}

// TestBadAssertionsLockTheNameOut: wrong passkey answers count against the
// lockout as wrong codes do, across sign-ins; then no code is sent to the
// name, but its owner's passkey, which nobody can guess, still signs in:
// junk answers from a stranger lock the codes out, not the passkey.
func TestBadAssertionsLockTheNameOut(t *testing.T) {
	p, origin := startPasskeyPool(t, map[string]string{config.EnvLockoutAfterWrongAnswers: "3", config.EnvMaxAttempts: "2"})
	number := newPhone()
	p.signUp(number)
	a := passkeytest.New(32)
	a.Origin = origin
	p.register(a, p.signInByCode(number))
	for i := 0; i < 3; i++ {
		p.passkeyAnswer(number, func(o []byte) []byte { return a.Sign(o, passkeytest.FromOrigin("http://localhost:1")) })
	}
	first := p.mustInitiate(number)
	_, err := p.respondWith(first.Session, first.ChallengeParameters, "resend", resendMetadata(""))
	requireAPIError(t, err, "UserLambdaValidationException", "CreateAuthChallenge failed with error too many attempts, try again later.")
	if out, err := p.passkeyAnswer(number, func(o []byte) []byte { return a.Sign(o) }); err != nil || out.AuthenticationResult == nil {
		t.Errorf("the owner's passkey under the lockout: %+v, %v; want tokens", out, err)
	}
}

// TestStaleSignInCannotRegister: a token from a sign-in older than
// PASSKEY_FRESH_SIGN_IN (a stolen one, say) registers no passkey.
func TestStaleSignInCannotRegister(t *testing.T) {
	p, _ := startPasskeyPool(t, nil)
	number := newPhone()
	p.signUp(number)
	p.srv.tokens.now = func() time.Time { return time.Now().Add(-10 * time.Minute) }
	token := p.signInByCode(number)
	status, answer := p.api("POST", "/passkeys/registration", token, map[string]string{})
	if status != http.StatusForbidden || answer["error"] != "stale_sign_in" {
		t.Errorf("registration with a 10-minute-old sign-in: %d %v; want 403 stale_sign_in", status, answer)
	}
	if status, _ := p.api("GET", "/passkeys", "", nil); status != http.StatusUnauthorized {
		t.Errorf("no token: %d; want 401", status)
	}
}

// allowedIDs lists the credential ids of name's first round.
func (p *testPool) allowedIDs(name string) []string {
	p.t.Helper()
	var options struct {
		AllowCredentials []struct{ ID string } `json:"allowCredentials"`
	}
	json.Unmarshal([]byte(p.mustInitiate(name).ChallengeParameters["passkeyOptions"]), &options)
	var ids []string
	for _, c := range options.AllowCredentials {
		ids = append(ids, c.ID)
	}
	return ids
}

// TestForgedIDTellsNothing: an attacker with an account registers
// passkeys forged with the credential ids other names' sign-ins list, to
// learn from the answer which names have a real passkey. Every forgery is
// answered alike, and none lets the attacker in as the victim.
func TestForgedIDTellsNothing(t *testing.T) {
	p, origin := startPasskeyPool(t, map[string]string{config.EnvSMSPerNumberPer15Minutes: "10"})
	victim, without, attacker := newPhone(), newPhone(), newPhone()
	p.signUp(victim)
	p.signUp(without)
	p.signUp(attacker)
	real := passkeytest.New(32)
	real.Origin = origin
	p.register(real, p.signInByCode(victim))
	token := p.signInByCode(attacker)
	for _, name := range []string{victim, without, "+15555550177"} {
		forged := passkeytest.New(32)
		forged.Origin = origin
		id, err := base64.RawURLEncoding.DecodeString(p.allowedIDs(name)[0])
		if err != nil {
			t.Fatal(err)
		}
		forged.ID = id
		stored := p.register(forged, token) // fails the test unless 201
		if stored["id"] != base64.RawURLEncoding.EncodeToString(id) {
			t.Errorf("%s: stored %v", name, stored)
		}
		// The forged key answers the victim's round under the victim's id.
		if out, err := p.passkeyAnswer(name, func(o []byte) []byte { return forged.Sign(o) }); err != nil || out.AuthenticationResult != nil {
			t.Errorf("%s: the forged passkey signed in: %+v, %v", name, out, err)
		}
		status, list := p.api("GET", "/passkeys", token, nil)
		passkeys, _ := list["passkeys"].([]any)
		for _, k := range passkeys {
			p.api("DELETE", "/passkeys/"+k.(map[string]any)["id"].(string), token, nil)
		}
		if status != http.StatusOK || len(passkeys) != 1 {
			t.Errorf("%s: the attacker's list %d %v; want the forged passkey", name, status, list)
		}
	}
	if out, err := p.passkeyAnswer(victim, func(o []byte) []byte { return real.Sign(o) }); err != nil || out.AuthenticationResult == nil {
		t.Errorf("the victim's own passkey after the forgeries: %+v, %v; want tokens", out, err)
	}
}
