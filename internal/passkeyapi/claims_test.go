package passkeyapi_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeyapi"
)

// TestUnauthorized sends, to every route, requests whose claims do not
// make a signed-in user, each as a caller might who has no access token
// of the user: 401, and nothing read or changed.
func TestUnauthorized(t *testing.T) {
	edit := func(f func(claims map[string]string)) events.APIGatewayV2HTTPRequest {
		claims := maps.Clone(alice.claims())
		f(claims)
		return withClaims(claims)
	}
	tests := []struct {
		name string
		req  events.APIGatewayV2HTTPRequest
	}{
		{"route without the authorizer", events.APIGatewayV2HTTPRequest{}},
		{"Lambda authorizer instead of the JWT one", func() events.APIGatewayV2HTTPRequest {
			req := withClaims(nil)
			req.RequestContext.Authorizer.JWT = nil
			req.RequestContext.Authorizer.Lambda = map[string]any{"sub": alice.sub}
			return req
		}()},
		{"no claims", withClaims(nil)},
		{"ID token, which the client may have passed to anyone", edit(func(c map[string]string) { c["token_use"] = "id" })},
		{"token_use missing", edit(func(c map[string]string) { delete(c, "token_use") })},
		{"token_use in other case", edit(func(c map[string]string) { c["token_use"] = "Access" })},
		{"sub missing", edit(func(c map[string]string) { delete(c, "sub") })},
		{"sub empty", edit(func(c map[string]string) { c["sub"] = "" })},
		{"sub longer than a user handle may be", edit(func(c map[string]string) { c["sub"] = strings.Repeat("a", 65) })},
		{"sub with a line break, to forge log lines", edit(func(c map[string]string) { c["sub"] = alice.sub + "\nstatus=200" })},
		{"sub with a space", edit(func(c map[string]string) { c["sub"] = "a b" })},
		{"auth_time missing", edit(func(c map[string]string) { delete(c, "auth_time") })},
		{"auth_time not a number", edit(func(c map[string]string) { c["auth_time"] = "yesterday" })},
		{"auth_time in exponent form", edit(func(c map[string]string) { c["auth_time"] = "1.7776356e+09" })},
		{"auth_time with a leading zero", edit(func(c map[string]string) { c["auth_time"] = "0" + c["auth_time"] })},
		{"auth_time with a sign", edit(func(c map[string]string) { c["auth_time"] = "+" + c["auth_time"] })},
		{"auth_time negative", edit(func(c map[string]string) { c["auth_time"] = "-1" })},
		{"auth_time zero", edit(func(c map[string]string) { c["auth_time"] = "0" })},
		{"auth_time overflowing", edit(func(c map[string]string) { c["auth_time"] = "99999999999999999999" })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv()
			id := e.register(t, alice, passkeytest.New(20), "laptop")
			for _, route := range slices.Concat(passkeyapi.Routes, []string{"GET /unknown"}) {
				req := tt.req
				req.RouteKey, req.PathParameters, req.Body = route, map[string]string{"id": id}, `{"name":"stolen"}`
				e.call(t, req).want(t, 401, "unauthorized")
			}
			if list := e.list(t, alice); len(list) != 1 || list[0]["name"] != "laptop" {
				t.Errorf("alice's passkeys changed: %v", list)
			}
		})
	}
}

// TestFreshSignIn is the edge of a fresh sign-in: FreshSignIn after
// auth_time still is, a second more is not.
func TestFreshSignIn(t *testing.T) {
	tests := []struct {
		name string
		ago  int // seconds since sign-in
		want int
	}{
		{"just signed in", 0, 200},
		{"at the limit", 300, 200},
		{"a second late", 301, 403},
		{"clock a little behind Cognito's", -60, 200},
		{"auth_time far ahead", -61, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv()
			u := alice
			u.signedIn = start.Add(-secondsOf(tt.ago))
			if got := e.call(t, u.request(passkeyapi.RouteStartRegistration, "", "")).status; got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}
