package passkeyapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/smithy-go"

	"github.com/cognito-passwordless/passwordless-go/internal/cognitotoken"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeyapi"
)

// opts is the relying party of the tests: example.com, used from its apex.
var opts = passkey.Options{RPID: "example.com", RPName: "Example", Origins: []string{"https://example.com"}}

// start is when each test begins.
var start = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

// user is a signed-in user, as the claims of one token say.
type user struct {
	sub, username string
	// signedIn is auth_time.
	signedIn time.Time
	// tokenUse is token_use; "" is "access".
	tokenUse string
}

// alice and mallory signed in a minute before start; mallory is the attacker.
var (
	alice   = user{sub: "4f1c2b9e-7d3a-4c55-9a0e-1b2c3d4e5f60", username: "alice@example.com", signedIn: start.Add(-time.Minute)}
	mallory = user{sub: "9d8c7b6a-5f4e-4d3c-8b2a-190817161514", username: "mallory@example.com", signedIn: start.Add(-time.Minute)}
)

// claims are u's access token's claims as the JWT authorizer passes them:
// every value a string.
func (u user) claims() map[string]string {
	tokenUse := u.tokenUse
	if tokenUse == "" {
		tokenUse = "access"
	}
	return map[string]string{
		"sub": u.sub, "username": u.username, "token_use": tokenUse,
		"auth_time": strconv.FormatInt(u.signedIn.Unix(), 10), "iat": strconv.FormatInt(u.signedIn.Unix(), 10),
		"exp": strconv.FormatInt(u.signedIn.Add(time.Hour).Unix(), 10), "client_id": "3n4b5urk1ft4fl3mg5e62d9ado",
		"scope": "aws.cognito.signin.user.admin", "iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example",
		"jti": "5e0a4d7b-0c1f-4b49-9d2a-6b7c8d9e0f10", "origin_jti": "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f",
		"event_id": "0f1e2d3c-4b5a-4969-8877-665544332211",
	}
}

// token is u's access token, as the tests' user pool knows it.
func (u user) token() string { return "eyJ.access-token-of." + u.sub }

// request is u's request to route, with body, and id as path parameter
// if not "", with u's token in the Authorization header (of which the
// claims are).
func (u user) request(route, body, id string) events.APIGatewayV2HTTPRequest {
	req := withClaims(u.claims())
	req.Headers = map[string]string{"authorization": "Bearer " + u.token(), "content-type": "application/json"}
	req.RouteKey = route
	req.Body = body
	if id != "" {
		req.PathParameters = map[string]string{"id": id}
	}
	method, path, _ := strings.Cut(route, " ")
	req.RawPath = strings.ReplaceAll(path, "{id}", id)
	req.RequestContext.HTTP = events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: req.RawPath}
	return req
}

// withClaims is a request whose authorizer passed claims.
func withClaims(claims map[string]string) events.APIGatewayV2HTTPRequest {
	var req events.APIGatewayV2HTTPRequest
	req.Version = "2.0"
	req.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
		JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: claims},
	}
	return req
}

// env is one API, its store, its user pool, its clock and its log.
type env struct {
	api   passkeyapi.Handler
	store *passkey.MemoryStore
	pool  *userPool
	now   time.Time
	log   *bytes.Buffer
}

// userPool is the user pool as the API asks it about tokens
// (cognitotoken.Checker's answers): alice's and mallory's tokens hold
// until revoked, and the sample events' token is alice's.
type userPool struct {
	mu      sync.Mutex
	owners  map[string]cognitotoken.Owner
	revoked map[string]bool
	// down makes the pool unreachable.
	down bool
	// asked are the tokens asked about, in order.
	asked []string
}

// sampleToken is the sample events' token.
const sampleToken = "eyJraWQiOi...REDACTED"

func newUserPool() *userPool {
	p := &userPool{owners: map[string]cognitotoken.Owner{}, revoked: map[string]bool{}}
	for _, u := range []user{alice, mallory} {
		p.owners[u.token()] = cognitotoken.Owner{Username: u.username, Sub: u.sub}
	}
	p.owners[sampleToken] = p.owners[alice.token()]
	return p
}

// Check answers as cognitotoken.Checker does with Cognito's answers.
func (p *userPool) Check(_ context.Context, token string) (cognitotoken.Owner, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.asked = append(p.asked, token)
	if p.down {
		return cognitotoken.Owner{}, fmt.Errorf("cognitotoken: GetUser: %w", errors.New("dial tcp: connection refused"))
	}
	owner, ok := p.owners[token]
	if !ok || p.revoked[token] {
		return cognitotoken.Owner{}, fmt.Errorf("%w: %w", cognitotoken.ErrRefused,
			&smithy.GenericAPIError{Code: "NotAuthorizedException", Message: "Access Token has been revoked"})
	}
	return owner, nil
}

// revoke signs u out everywhere: GlobalSignOut.
func (p *userPool) revoke(u user) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.revoked[u.token()] = true
}

// calls is how many tokens the pool was asked about.
func (p *userPool) calls() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.asked)
}

// newEnv returns an API over a new MemoryStore and user pool at start,
// allowing three passkeys per user, registering within five minutes of
// signing in; edit changes it before use.
func newEnv(edit ...func(*passkeyapi.Handler)) *env {
	e := &env{store: passkey.NewMemoryStore(), pool: newUserPool(), now: start, log: &bytes.Buffer{}}
	e.api = passkeyapi.Handler{
		Store: e.store, Tokens: e.pool, Options: opts, FreshSignIn: 5 * time.Minute, MaxPerUser: 3,
		Now: func() time.Time { return e.now },
		Log: slog.New(slog.NewJSONHandler(e.log, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	for _, f := range edit {
		f(&e.api)
	}
	return e
}

// response is an answer, its body decoded.
type response struct {
	status int
	raw    string
	body   map[string]any
}

// errorCode is the answer's "error" member, or "" for none.
func (r response) errorCode() string {
	code, _ := r.body["error"].(string)
	return code
}

// call runs req, and checks what every answer must be: JSON (or no
// body), never cached.
func (e *env) call(t testing.TB, req events.APIGatewayV2HTTPRequest) response {
	t.Helper()
	resp, err := e.api.Handle(context.Background(), req)
	if err != nil {
		t.Fatalf("Handle returned an error, which API Gateway turns into a bare 500: %v", err)
	}
	if resp.Headers["Content-Type"] != "application/json" || resp.Headers["Cache-Control"] != "no-store" {
		t.Errorf("headers %v, want JSON, no-store", resp.Headers)
	}
	r := response{status: resp.StatusCode, raw: resp.Body}
	if resp.StatusCode == 204 {
		if resp.Body != "" {
			t.Errorf("204 with a body: %q", resp.Body)
		}
		return r
	}
	if err := json.Unmarshal([]byte(resp.Body), &r.body); err != nil {
		t.Fatalf("answer %d is not a JSON object: %q", resp.StatusCode, resp.Body)
	}
	if resp.StatusCode >= 400 {
		if msg, _ := r.body["message"].(string); r.errorCode() == "" || msg == "" || len(r.body) != 2 {
			t.Errorf("refusal %d is not {error, message}: %s", resp.StatusCode, resp.Body)
		}
	}
	return r
}

// want fails t unless r has status and, for a refusal, code.
func (r response) want(t testing.TB, status int, code string) {
	t.Helper()
	if r.status != status || r.errorCode() != code {
		t.Fatalf("got %d %s, want %d %q", r.status, r.raw, status, code)
	}
}

// startRegistration starts u's registration and returns the creation
// options, as the page passes them to parseCreationOptionsFromJSON.
func (e *env) startRegistration(t testing.TB, u user) []byte {
	t.Helper()
	r := e.call(t, u.request(passkeyapi.RouteStartRegistration, "", ""))
	r.want(t, 200, "")
	var body struct{ Options json.RawMessage }
	if err := json.Unmarshal([]byte(r.raw), &body); err != nil {
		t.Fatal(err)
	}
	return body.Options
}

// finishBody is the body of a registration's finish: credential, the
// authenticator's answer, and name unless "".
func finishBody(credential []byte, name string) string {
	body := map[string]any{"credential": json.RawMessage(credential)}
	if name != "" {
		body["name"] = name
	}
	return string(must(json.Marshal(body)))
}

// register registers a passkey of a for u, named name, and returns its id.
func (e *env) register(t testing.TB, u user, a *passkeytest.Authenticator, name string) string {
	t.Helper()
	options := e.startRegistration(t, u)
	r := e.call(t, u.request(passkeyapi.RouteFinishRegistration, finishBody(a.Register(options), name), ""))
	r.want(t, 201, "")
	return r.body["id"].(string)
}

// list returns the summaries of u's passkeys.
func (e *env) list(t testing.TB, u user) []map[string]any {
	t.Helper()
	r := e.call(t, u.request(passkeyapi.RouteList, "", ""))
	r.want(t, 200, "")
	var out []map[string]any
	for _, s := range r.body["passkeys"].([]any) {
		out = append(out, s.(map[string]any))
	}
	return out
}

// must returns v, or panics with err.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// secondsOf is n seconds.
func secondsOf(n int) time.Duration { return time.Duration(n) * time.Second }

// noError fails t with err, if any.
func noError(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
