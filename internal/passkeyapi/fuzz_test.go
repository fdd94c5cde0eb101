package passkeyapi_test

import (
	"context"
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/passkeyapi"
)

// FuzzHandle sends hostile requests: any route of the API (or none), body,
// base64 flag, path id and claims, to an API whose user has a passkey and
// a registration under way, starting from requests that succeed. None may
// panic, fail the Lambda invocation or get a 5xx (the store works), every
// answer is JSON with the API's headers, and none gives a public key.
func FuzzHandle(f *testing.F) {
	// The fixed passkey, registered once, and a registration under way
	// that the seed finish answers.
	setup := newEnv(func(h *passkeyapi.Handler) { h.Random = sevens{} })
	a := fixedAuthenticator()
	a.ID = []byte("the registered one")
	setup.register(f, alice, a, "laptop")
	registered := must(setup.store.Credentials(context.Background(), alice.sub))[0]
	options := setup.startRegistration(f, alice)
	registration := must(setup.store.TakeRegistration(context.Background(), alice.sub))
	finish := finishBody(fixedAuthenticator().Register(options), "phone")
	id := base64.RawURLEncoding.EncodeToString(registered.ID)
	publicKey := base64.RawURLEncoding.EncodeToString(registered.PublicKey)
	authTime := strconv.FormatInt(alice.signedIn.Unix(), 10)

	// The seed finish is a genuine answer to the registration under way.
	check := newEnv()
	noError(f, check.store.StartRegistration(context.Background(), alice.sub, registration))
	check.call(f, alice.request(passkeyapi.RouteFinishRegistration, finish, "")).want(f, 201, "")

	routes := slices.Concat(passkeyapi.Routes, []string{"GET /unknown"})
	for i, body := range []string{`{"userName":"alice"}`, finish, "", `{"name":"work laptop"}`, "", ""} {
		f.Add(uint8(i), body, false, id, "access", alice.sub, authTime)
	}
	f.Add(uint8(1), base64.StdEncoding.EncodeToString([]byte(finish)), true, "", "access", alice.sub, authTime)
	f.Add(uint8(1), finish, false, "", "id", alice.sub, authTime)
	f.Add(uint8(1), finish, false, "", "access", mallory.sub, authTime)
	f.Add(uint8(3), `{"name":"lap\u202etop"}`, false, id, "access", alice.sub, authTime)
	f.Add(uint8(3), "{\"name\":\"\xff\"}", false, id+"=", "access", alice.sub, "1e9")
	f.Add(uint8(0), `{"userName":[`+strings.Repeat("[", 100), false, "", "access", "", "")

	f.Fuzz(func(t *testing.T, route uint8, body string, isBase64 bool, id, tokenUse, sub, authTime string) {
		e := newEnv()
		ctx := context.Background()
		if err := e.store.AddCredential(ctx, alice.sub, registered); err != nil {
			t.Fatal(err)
		}
		if err := e.store.StartRegistration(ctx, alice.sub, registration); err != nil {
			t.Fatal(err)
		}
		req := withClaims(map[string]string{"token_use": tokenUse, "sub": sub, "auth_time": authTime, "username": "alice"})
		req.RouteKey = routes[int(route)%len(routes)]
		req.Body, req.IsBase64Encoded = body, isBase64
		req.PathParameters = map[string]string{"id": id}
		req.Headers = map[string]string{"authorization": "Bearer " + alice.token()}
		r := e.call(t, req) // checks the headers and the JSON
		switch r.status {
		case 200, 201, 204, 400, 401, 403, 404, 409, 413:
		default:
			t.Fatalf("%s answered %d: %s", req.RouteKey, r.status, r.raw)
		}
		if strings.Contains(r.raw, publicKey) || strings.Contains(r.raw, "publicKey") {
			t.Fatalf("the answer gives a public key: %s", r.raw)
		}
	})
}
