package passkeyapi_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeyapi"
)

// TestLogHasNoSecrets runs a registration, a refused one and the
// management routes, and reads the log as someone who may read logs but
// must not learn from them the user's name, a challenge, a public key or
// a passkey's name.
func TestLogHasNoSecrets(t *testing.T) {
	e := newEnv()
	a := passkeytest.New(20)
	r := e.call(t, alice.request(passkeyapi.RouteStartRegistration, `{"userName":"Alice Liddell"}`, ""))
	var started struct {
		Options struct{ Challenge string }
	}
	if err := json.Unmarshal([]byte(r.raw), &started); err != nil {
		t.Fatal(err)
	}
	options := must(json.Marshal(r.body["options"]))
	answer := a.Register(options)
	e.call(t, alice.request(passkeyapi.RouteFinishRegistration, finishBody(answer, "secret laptop"), "")).want(t, 201, "")
	id := base64.RawURLEncoding.EncodeToString(a.ID)
	e.call(t, alice.request(passkeyapi.RouteRename, `{"name":"renamed secretly"}`, id)).want(t, 200, "")
	e.call(t, alice.request(passkeyapi.RouteList, "", "")).want(t, 200, "")
	options = e.startRegistration(t, alice)
	e.call(t, alice.request(passkeyapi.RouteFinishRegistration, finishBody(passkeytest.New(20).Register(options, passkeytest.FromOrigin("https://evil.example")), ""), "")).
		want(t, 400, "registration_refused")
	e.call(t, alice.request(passkeyapi.RouteDelete, "", id)).want(t, 204, "")

	stored := must(e.store.Credentials(context.Background(), alice.sub))
	if len(stored) != 0 {
		t.Fatalf("left %d passkeys", len(stored))
	}
	log := e.log.String()
	for _, secret := range []string{"Alice Liddell", alice.username, started.Options.Challenge, "secret laptop", "renamed secretly",
		base64.RawURLEncoding.EncodeToString(must(a.Key.PublicKey.Bytes())[1:33]), string(answer[:40])} {
		if secret != "" && strings.Contains(log, secret) {
			t.Errorf("the log has %q:\n%s", secret, log)
		}
	}

	// One line a request, each with the route, status, outcome and reason.
	var lines []map[string]any
	for s := bufio.NewScanner(strings.NewReader(log)); s.Scan(); {
		var line map[string]any
		if err := json.Unmarshal(s.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, line)
	}
	if len(lines) != 7 {
		t.Fatalf("%d log lines for 7 requests:\n%s", len(lines), log)
	}
	for _, line := range lines {
		for _, key := range []string{"route", "status", "outcome", "reason"} {
			if line[key] == nil {
				t.Errorf("log line without %s: %v", key, line)
			}
		}
	}
	if refused := lines[5]; refused["outcome"] != "registration_refused" || refused["kind"] != "origin" || refused["level"] != "WARN" {
		t.Errorf("the refused registration is logged as %v, want its kind, origin, as a warning", refused)
	}
}
