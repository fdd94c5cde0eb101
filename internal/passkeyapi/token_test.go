package passkeyapi_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/cognitotoken"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeyapi"
)

// changes are the requests of u that change something, each one that
// would succeed: the registration's start and finish (the finish
// answering options), the rename and the delete of passkey id.
func changes(u user, finish []byte, id string) map[string]events.APIGatewayV2HTTPRequest {
	return map[string]events.APIGatewayV2HTTPRequest{
		"start":  u.request(passkeyapi.RouteStartRegistration, "", ""),
		"finish": u.request(passkeyapi.RouteFinishRegistration, finishBody(finish, "thief's key"), ""),
		"rename": u.request(passkeyapi.RouteRename, `{"name":"renamed"}`, id),
		"delete": u.request(passkeyapi.RouteDelete, "", id),
	}
}

// unchanged fails t unless alice has her one passkey, laptop, and the
// registration under way is still there, for her own answer.
func (e *env) unchanged(t *testing.T) {
	t.Helper()
	if list := e.list(t, alice); len(list) != 1 || list[0]["name"] != "laptop" {
		t.Errorf("alice's passkeys changed: %v", list)
	}
	if _, err := e.store.TakeRegistration(context.Background(), alice.sub); err != nil {
		t.Errorf("the registration under way was used up: %v", err)
	}
}

// TestRevokedTokenChangesNothing is the attack: a thief holds alice's
// access token, from a sign-in fresh enough to register a passkey; alice
// signs out everywhere (GlobalSignOut, or RevokeToken of its refresh
// token). API Gateway's authorizer still passes the token, which has not
// expired, but the user pool refuses it: each change is refused, 401, and
// the thief's passkey is not registered, nothing renamed or deleted.
func TestRevokedTokenChangesNothing(t *testing.T) {
	e := newEnv()
	id := e.register(t, alice, passkeytest.New(20), "laptop")
	thief := passkeytest.New(20)
	finish := thief.Register(e.startRegistration(t, alice))

	e.pool.revoke(alice)
	for name, req := range changes(alice, finish, id) {
		r := e.call(t, req)
		r.want(t, 401, "unauthorized")
		if msg, _ := r.body["message"].(string); !strings.Contains(msg, "sign in again") {
			t.Errorf("%s: message %q, want to sign in again", name, msg)
		}
	}
	e.unchanged(t)
	// Reading her own list stays allowed until the token expires, as API
	// Gateway allows it: GET /passkeys asks the user pool nothing.
	before := e.pool.calls()
	e.list(t, alice)
	if e.pool.calls() != before {
		t.Errorf("GET /passkeys asked the user pool")
	}
}

// TestTokenConfirmedBeforeEveryChange: the same requests with a token the
// user pool honours succeed, each after asking it about exactly that
// token, once.
func TestTokenConfirmedBeforeEveryChange(t *testing.T) {
	for _, route := range []string{"start", "finish", "rename", "delete"} {
		t.Run(route, func(t *testing.T) {
			e := newEnv()
			id := e.register(t, alice, passkeytest.New(20), "laptop")
			finish := passkeytest.New(20).Register(e.startRegistration(t, alice))
			before := e.pool.calls()
			r := e.call(t, changes(alice, finish, id)[route])
			if r.status >= 300 {
				t.Fatalf("%s: %d %s", route, r.status, r.raw)
			}
			if got := e.pool.asked[before:]; len(got) != 1 || got[0] != alice.token() {
				t.Errorf("the user pool was asked about %q, want alice's token once", got)
			}
		})
	}
}

// TestTokenOfAnotherUser: the user pool honours the token, but says it is
// not the claims' user (by sub or by username): refused, 401.
func TestTokenOfAnotherUser(t *testing.T) {
	tests := []struct {
		name  string
		owner cognitotoken.Owner
	}{
		{"another sub", cognitotoken.Owner{Username: alice.username, Sub: mallory.sub}},
		{"another username", cognitotoken.Owner{Username: mallory.username, Sub: alice.sub}},
		{"no sub", cognitotoken.Owner{Username: alice.username}},
		{"mallory", cognitotoken.Owner{Username: mallory.username, Sub: mallory.sub}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv()
			id := e.register(t, alice, passkeytest.New(20), "laptop")
			finish := passkeytest.New(20).Register(e.startRegistration(t, alice))
			e.pool.owners[alice.token()] = tt.owner
			for name, req := range changes(alice, finish, id) {
				if r := e.call(t, req); r.status != 401 || r.errorCode() != "unauthorized" {
					t.Errorf("%s: %d %s, want 401 unauthorized", name, r.status, r.raw)
				}
			}
			e.unchanged(t)
		})
	}
}

// TestBearerToken: the token asked about is the Authorization header's,
// with or without the Bearer scheme (in any case), as the authorizer
// takes it; a request without one changes nothing.
func TestBearerToken(t *testing.T) {
	tests := []struct {
		header string
		want   int
	}{
		{"Bearer " + alice.token(), 200},
		{"bearer " + alice.token(), 200},
		{"BEARER  " + alice.token() + " ", 200},
		{alice.token(), 200},
		{"", 401},
		{"Bearer", 401},
		{"Basic " + alice.token(), 401},
		{"Bearer " + mallory.token(), 401},
	}
	for _, tt := range tests {
		e := newEnv()
		req := alice.request(passkeyapi.RouteStartRegistration, "", "")
		req.Headers["authorization"] = tt.header
		if r := e.call(t, req); r.status != tt.want {
			t.Errorf("Authorization %q: %d %s, want %d", tt.header, r.status, r.raw, tt.want)
		}
	}
}

// TestUserPoolDown: a user pool that cannot be asked refuses every
// change, 503, fails closed; reading the list still works.
func TestUserPoolDown(t *testing.T) {
	e := newEnv()
	id := e.register(t, alice, passkeytest.New(20), "laptop")
	finish := passkeytest.New(20).Register(e.startRegistration(t, alice))
	e.pool.down = true
	for name, req := range changes(alice, finish, id) {
		if r := e.call(t, req); r.status != 503 || r.errorCode() != "unavailable" {
			t.Errorf("%s: %d %s, want 503 unavailable", name, r.status, r.raw)
		}
	}
	e.pool.down = false
	e.unchanged(t)
	if !strings.Contains(e.log.String(), `"error":"transport"`) {
		t.Errorf("the log does not say the user pool failed:\n%s", e.log.String())
	}
}

// TestNoTokenCheckerChangesNothing: an API built without a TokenChecker
// fails closed.
func TestNoTokenCheckerChangesNothing(t *testing.T) {
	e := newEnv()
	id := e.register(t, alice, passkeytest.New(20), "laptop")
	e.api.Tokens = nil
	e.call(t, alice.request(passkeyapi.RouteDelete, "", id)).want(t, 503, "unavailable")
	e.call(t, alice.request(passkeyapi.RouteStartRegistration, "", "")).want(t, 503, "unavailable")
	if list := e.list(t, alice); len(list) != 1 {
		t.Errorf("passkeys %v", list)
	}
}

// TestCheapChecksFirst: what the request alone refuses is refused without
// asking the user pool (no Cognito call, no latency, and the sample
// events of a stale sign-in and an ID token answer as before): no claims,
// an ID token, a stale sign-in, a bad body or id, an unknown route; and
// the list asks it nothing.
func TestCheapChecksFirst(t *testing.T) {
	stale := alice
	stale.signedIn = start.Add(-time.Hour)
	id := alice.request("", "", "")
	id.RequestContext.Authorizer.JWT.Claims["token_use"] = "id"
	id.RouteKey = passkeyapi.RouteStartRegistration
	tests := []struct {
		name   string
		req    events.APIGatewayV2HTTPRequest
		status int
	}{
		{"ID token", id, 401},
		{"stale start", stale.request(passkeyapi.RouteStartRegistration, "", ""), 403},
		{"stale finish", stale.request(passkeyapi.RouteFinishRegistration, `{"credential":{}}`, ""), 403},
		{"bad start body", alice.request(passkeyapi.RouteStartRegistration, `{"userName":5}`, ""), 400},
		{"bad finish body", alice.request(passkeyapi.RouteFinishRegistration, `{"credential":"x"}`, ""), 400},
		{"bad rename body", alice.request(passkeyapi.RouteRename, `{"name":""}`, "AAAA"), 400},
		{"bad id", alice.request(passkeyapi.RouteDelete, "", "AA=="), 404},
		{"unknown route", alice.request("PUT /passkeys", "", ""), 404},
		{"list", alice.request(passkeyapi.RouteList, "", ""), 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv()
			e.pool.down = true
			if r := e.call(t, tt.req); r.status != tt.status {
				t.Errorf("%d %s, want %d", r.status, r.raw, tt.status)
			}
			if n := e.pool.calls(); n != 0 {
				t.Errorf("asked the user pool %d times", n)
			}
		})
	}
}

// TestRefusedTokenLogged: the refusal is logged as a warning, with
// Cognito's reason and the caller's sub, never the token.
func TestRefusedTokenLogged(t *testing.T) {
	e := newEnv()
	e.pool.revoke(alice)
	e.call(t, alice.request(passkeyapi.RouteStartRegistration, "", "")).want(t, 401, "unauthorized")
	var line map[string]any
	if err := json.Unmarshal(e.log.Bytes(), &line); err != nil {
		t.Fatalf("%v: %s", err, e.log)
	}
	if line["level"] != "WARN" || line["reason"] != "token refused by the user pool" || line["cognito"] != "NotAuthorizedException" || line["sub"] != alice.sub {
		t.Errorf("logged %v", line)
	}
	if strings.Contains(e.log.String(), alice.token()) {
		t.Errorf("the log has the token: %s", e.log)
	}
}
