package passkeyapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cognito-passwordless/passwordless-go/internal/cognitotoken"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeyapi"
)

func TestRegisterListRenameDelete(t *testing.T) {
	e := newEnv()
	laptop, phone := passkeytest.New(20), passkeytest.New(passkeyapi.MaxCredentialIDLength)

	options := e.startRegistration(t, alice)
	var parsed struct {
		RP      struct{ ID, Name string }
		User    struct{ ID, Name, DisplayName string }
		Exclude []struct{ ID string } `json:"excludeCredentials"`
	}
	if err := json.Unmarshal(options, &parsed); err != nil {
		t.Fatal(err)
	}
	if parsed.RP.ID != "example.com" || parsed.User.Name != alice.username || parsed.User.ID != "NGYxYzJiOWUtN2QzYS00YzU1LTlhMGUtMWIyYzNkNGU1ZjYw" {
		t.Errorf("options for %+v, want example.com and alice's sub as handle and username as name: %s", parsed, options)
	}
	r := e.call(t, alice.request(passkeyapi.RouteFinishRegistration, finishBody(laptop.Register(options), "  laptop "), ""))
	r.want(t, 201, "")
	want := map[string]any{
		"id": r.body["id"], "name": "laptop", "createdAt": "2026-05-01T12:00:00Z", "aaguid": laptop.AAGUID.String(),
		"backupEligible": false, "backedUp": false, "transports": []any{"hybrid", "internal"},
	}
	if got, wanted := must(json.Marshal(r.body)), must(json.Marshal(want)); string(got) != string(wanted) {
		t.Errorf("summary\n got %s\nwant %s", got, wanted)
	}
	if strings.Contains(r.raw, "publicKey") {
		t.Errorf("the summary gives the public key: %s", r.raw)
	}
	laptopID := r.body["id"].(string)

	// The second registration excludes the first passkey, and gets the default name.
	e.now = start.Add(time.Minute)
	options = e.startRegistration(t, alice)
	if !strings.Contains(string(options), `"excludeCredentials":[{"type":"public-key","id":"`+laptopID+`"`) {
		t.Errorf("options do not exclude the registered passkey: %s", options)
	}
	r = e.call(t, alice.request(passkeyapi.RouteFinishRegistration, finishBody(phone.Register(options), ""), ""))
	r.want(t, 201, "")
	phoneID := r.body["id"].(string)
	if r.body["name"] != passkeyapi.DefaultName {
		t.Errorf("unnamed passkey is named %v, want %q", r.body["name"], passkeyapi.DefaultName)
	}

	// Signing in sets lastUsedAt, which the list then gives.
	stored := must(e.store.Credentials(context.Background(), alice.sub))
	used := stored[0]
	used.SignCount, used.LastUsedAt = 5, start.Add(90*time.Second)
	if err := e.store.SignedIn(context.Background(), alice.sub, used, stored[0].SignCount); err != nil {
		t.Fatal(err)
	}
	list := e.list(t, alice)
	if len(list) != 2 || list[0]["id"] != laptopID || list[1]["id"] != phoneID {
		t.Fatalf("list %v, want the laptop then the phone", list)
	}
	if list[0]["lastUsedAt"] != "2026-05-01T12:01:30Z" || list[1]["lastUsedAt"] != nil {
		t.Errorf("lastUsedAt %v and %v, want the sign-in's time and none", list[0]["lastUsedAt"], list[1]["lastUsedAt"])
	}

	r = e.call(t, alice.request(passkeyapi.RouteRename, `{"name":"work laptop 💻"}`, laptopID))
	r.want(t, 200, "")
	if r.body["name"] != "work laptop 💻" || r.body["id"] != laptopID {
		t.Errorf("renamed summary %s", r.raw)
	}

	e.call(t, alice.request(passkeyapi.RouteDelete, "", laptopID)).want(t, 204, "")
	e.call(t, alice.request(passkeyapi.RouteDelete, "", laptopID)).want(t, 404, "not_found")
	e.call(t, alice.request(passkeyapi.RouteRename, `{"name":"gone"}`, laptopID)).want(t, 404, "not_found")
	if list := e.list(t, alice); len(list) != 1 || list[0]["id"] != phoneID {
		t.Errorf("after deleting the laptop: %v", list)
	}
}

// TestRegistrationAttacks tries to add a passkey to an account as an
// attacker would, one way each, and checks that no passkey was added.
func TestRegistrationAttacks(t *testing.T) {
	stale := alice
	stale.signedIn = start.Add(-10 * time.Minute)
	future := alice
	future.signedIn = start.Add(10 * time.Minute)

	tests := []struct {
		name string
		// attack runs the attack on a fresh env and returns the answer refusing it.
		attack     func(t *testing.T, e *env) response
		status     int
		code       string
		aliceAfter int // how many passkeys alice has at the end
	}{
		{"stolen token, refreshed 10 minutes after sign-in, starts a registration", func(t *testing.T, e *env) response {
			return e.call(t, stale.request(passkeyapi.RouteStartRegistration, "", ""))
		}, 403, "stale_sign_in", 0},
		{"stolen token, refreshed 10 minutes after sign-in, finishes the user's registration", func(t *testing.T, e *env) response {
			options := e.startRegistration(t, alice)
			return e.call(t, stale.request(passkeyapi.RouteFinishRegistration, finishBody(passkeytest.New(20).Register(options), ""), ""))
		}, 403, "stale_sign_in", 0},
		{"token whose auth_time is in the future", func(t *testing.T, e *env) response {
			return e.call(t, future.request(passkeyapi.RouteStartRegistration, "", ""))
		}, 403, "stale_sign_in", 0},
		{"attacker finishes the victim's registration with the attacker's passkey", func(t *testing.T, e *env) response {
			options := e.startRegistration(t, alice)
			return e.call(t, mallory.request(passkeyapi.RouteFinishRegistration, finishBody(passkeytest.New(20).Register(options), ""), ""))
		}, 400, "no_registration", 0},
		{"attacker with a registration of their own sends an answer to the victim's options", func(t *testing.T, e *env) response {
			options := e.startRegistration(t, alice)
			e.startRegistration(t, mallory)
			return e.call(t, mallory.request(passkeyapi.RouteFinishRegistration, finishBody(passkeytest.New(20).Register(options), ""), ""))
		}, 400, "registration_refused", 0},
		{"finish replayed", func(t *testing.T, e *env) response {
			options := e.startRegistration(t, alice)
			body := finishBody(passkeytest.New(20).Register(options), "")
			e.call(t, alice.request(passkeyapi.RouteFinishRegistration, body, "")).want(t, 201, "")
			return e.call(t, alice.request(passkeyapi.RouteFinishRegistration, body, ""))
		}, 400, "no_registration", 1},
		{"finish replayed against a newer registration", func(t *testing.T, e *env) response {
			options := e.startRegistration(t, alice)
			body := finishBody(passkeytest.New(20).Register(options), "")
			e.call(t, alice.request(passkeyapi.RouteFinishRegistration, body, "")).want(t, 201, "")
			e.startRegistration(t, alice)
			return e.call(t, alice.request(passkeyapi.RouteFinishRegistration, body, ""))
		}, 400, "registration_refused", 1},
		{"answer captured from a phishing page", func(t *testing.T, e *env) response {
			options := e.startRegistration(t, alice)
			answer := passkeytest.New(20).Register(options, passkeytest.FromOrigin("https://examp1e.com"))
			return e.call(t, alice.request(passkeyapi.RouteFinishRegistration, finishBody(answer, ""), ""))
		}, 400, "registration_refused", 0},
		{"passkey made for another relying party", func(t *testing.T, e *env) response {
			options := e.startRegistration(t, alice)
			answer := passkeytest.New(20).Register(options, passkeytest.ForRPID("evil.example"))
			return e.call(t, alice.request(passkeyapi.RouteFinishRegistration, finishBody(answer, ""), ""))
		}, 400, "registration_refused", 0},
		{"answer after the challenge expired", func(t *testing.T, e *env) response {
			options := e.startRegistration(t, alice)
			e.now = start.Add(2*time.Minute + 30*time.Second) // the timeout and its grace
			return e.call(t, alice.request(passkeyapi.RouteFinishRegistration, finishBody(passkeytest.New(20).Register(options), ""), ""))
		}, 400, "no_registration", 0},
		{"answer that is no WebAuthn answer uses the registration up", func(t *testing.T, e *env) response {
			options := e.startRegistration(t, alice)
			e.call(t, alice.request(passkeyapi.RouteFinishRegistration, `{"credential":{"id":"AA"}}`, "")).want(t, 400, "registration_refused")
			return e.call(t, alice.request(passkeyapi.RouteFinishRegistration, finishBody(passkeytest.New(20).Register(options), ""), ""))
		}, 400, "no_registration", 0},
		{"authenticator model not allowed", func(t *testing.T, e *env) response {
			e.api.Options.AllowedAAGUIDs = []uuid.UUID{uuid.MustParse("08987058-cadc-4b81-b6e1-30de50dcbe96")}
			options := e.startRegistration(t, alice)
			return e.call(t, alice.request(passkeyapi.RouteFinishRegistration, finishBody(passkeytest.New(20).Register(options), ""), ""))
		}, 400, "registration_refused", 0},
		{"one passkey more than MaxPerUser", func(t *testing.T, e *env) response {
			for range 3 {
				e.register(t, alice, passkeytest.New(20), "")
			}
			return e.call(t, alice.request(passkeyapi.RouteStartRegistration, "", ""))
		}, 409, "too_many_passkeys", 3},
		{"registration racing another past MaxPerUser", func(t *testing.T, e *env) response {
			for range 2 {
				e.register(t, alice, passkeytest.New(20), "")
			}
			options := e.startRegistration(t, alice)
			// The third arrives between this registration's start and finish.
			if err := e.store.AddCredential(context.Background(), alice.sub, passkey.Credential{ID: []byte("raced"), CreatedAt: start}); err != nil {
				t.Fatal(err)
			}
			return e.call(t, alice.request(passkeyapi.RouteFinishRegistration, finishBody(passkeytest.New(20).Register(options), ""), ""))
		}, 409, "too_many_passkeys", 3},
		{"authenticator registered twice, ignoring excludeCredentials", func(t *testing.T, e *env) response {
			a := passkeytest.New(20)
			e.register(t, alice, a, "")
			options := e.startRegistration(t, alice)
			return e.call(t, alice.request(passkeyapi.RouteFinishRegistration, finishBody(a.Register(options), ""), ""))
		}, 409, "exists", 1},
		{"credential id longer than real passkeys', which a store may not hold", func(t *testing.T, e *env) response {
			options := e.startRegistration(t, alice)
			answer := passkeytest.New(passkeyapi.MaxCredentialIDLength + 1).Register(options)
			return e.call(t, alice.request(passkeyapi.RouteFinishRegistration, finishBody(answer, ""), ""))
		}, 400, "registration_refused", 0},
		{"finish without a registration", func(t *testing.T, e *env) response {
			return e.call(t, alice.request(passkeyapi.RouteFinishRegistration, finishBody(passkeytest.New(20).Register(must(json.Marshal(map[string]any{
				"challenge": "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc", "rp": map[string]string{"id": "example.com"},
			}))), ""), ""))
		}, 400, "no_registration", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv()
			r := tt.attack(t, e)
			r.want(t, tt.status, tt.code)
			if n := len(must(e.store.Credentials(context.Background(), alice.sub))); n != tt.aliceAfter {
				t.Errorf("alice has %d passkeys, want %d", n, tt.aliceAfter)
			}
			if n := len(must(e.store.Credentials(context.Background(), mallory.sub))); n != 0 {
				t.Errorf("mallory has %d passkeys", n)
			}
			if strings.Contains(e.log.String(), alice.username) || strings.Contains(e.log.String(), "BwcHBwcH") {
				t.Errorf("the log has the user name or a challenge:\n%s", e.log)
			}
		})
	}
}

// TestVictimRegistrationSurvivesAttacks: an attacker's tries touch only
// the attacker's registration, and a request refused before the answer
// is read leaves the user's own registration to be finished.
func TestVictimRegistrationSurvivesAttacks(t *testing.T) {
	e := newEnv()
	a := passkeytest.New(20)
	options := e.startRegistration(t, alice)
	answer := a.Register(options)
	stale := alice
	stale.signedIn = start.Add(-10 * time.Minute)
	for _, r := range []response{
		e.call(t, mallory.request(passkeyapi.RouteFinishRegistration, finishBody(answer, ""), "")),
		e.call(t, stale.request(passkeyapi.RouteFinishRegistration, finishBody(answer, ""), "")),
		e.call(t, alice.request(passkeyapi.RouteFinishRegistration, finishBody(answer, "bad\u202ename"), "")),
		e.call(t, alice.request(passkeyapi.RouteFinishRegistration, `{"credential":"not an object"}`, "")),
	} {
		if r.status < 400 {
			t.Fatalf("attack accepted: %d %s", r.status, r.raw)
		}
	}
	e.call(t, alice.request(passkeyapi.RouteFinishRegistration, finishBody(answer, ""), "")).want(t, 201, "")
	if _, err := e.store.TakeRegistration(context.Background(), alice.sub); !errors.Is(err, passkey.ErrNotFound) {
		t.Errorf("the registration is still there after its finish: %v", err)
	}
}

// TestStartStoresNothingWhenRefused: a refused start leaves no
// registration for a later finish to answer.
func TestStartStoresNothingWhenRefused(t *testing.T) {
	stale := alice
	stale.signedIn = start.Add(-10 * time.Minute)
	e := newEnv()
	e.call(t, stale.request(passkeyapi.RouteStartRegistration, "", "")).want(t, 403, "stale_sign_in")
	e.call(t, alice.request(passkeyapi.RouteStartRegistration, `{"userName":"a\u0000b"}`, "")).want(t, 400, "bad_request")
	if _, err := e.store.TakeRegistration(context.Background(), alice.sub); !errors.Is(err, passkey.ErrNotFound) {
		t.Errorf("a refused start kept a registration: %v", err)
	}
}

func TestStartUserName(t *testing.T) {
	long := user{sub: alice.sub, username: strings.Repeat("a", 65), signedIn: alice.signedIn}
	noName := user{sub: alice.sub, signedIn: alice.signedIn}
	tests := []struct {
		name string
		u    user
		body string
		want string // the user name of the options; "" for a refusal
	}{
		{"the username claim by default", alice, "", alice.username},
		{"the username claim with an empty object", alice, "{}", alice.username},
		{"the one given", alice, `{"userName":"+15555550123"}`, "+15555550123"},
		{"the one given, trimmed", alice, `{"userName":"  Alice  "}`, "Alice"},
		{"a username claim too long to show, and none given", long, "", ""},
		{"no username claim, and none given", noName, "", ""},
		{"a username claim too long, another given", long, `{"userName":"alice"}`, "alice"},
		{"an empty one given", alice, `{"userName":""}`, ""},
		{"null given", alice, `{"userName":null}`, alice.username},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv()
			// The user pool knows the user by these claims.
			e.pool.owners[tt.u.token()] = cognitotoken.Owner{Username: tt.u.username, Sub: tt.u.sub}
			r := e.call(t, tt.u.request(passkeyapi.RouteStartRegistration, tt.body, ""))
			if tt.want == "" {
				r.want(t, 400, "bad_request")
				return
			}
			r.want(t, 200, "")
			if got := r.body["options"].(map[string]any)["user"].(map[string]any)["name"]; got != tt.want {
				t.Errorf("user name %q, want %q", got, tt.want)
			}
		})
	}
}
