package passkeyapi_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeyapi"
)

// TestOtherUsersPasskeys: a user who knows the id of another's passkey
// (ids are not secret: authenticators and browsers show them) can neither
// see, rename nor delete it, nor learn that it exists.
func TestOtherUsersPasskeys(t *testing.T) {
	e := newEnv()
	victimID := e.register(t, alice, passkeytest.New(20), "laptop")
	mallorysID := e.register(t, mallory, passkeytest.New(20), "mallory's")
	unknownID := base64.RawURLEncoding.EncodeToString([]byte("no such passkey"))

	tests := []struct {
		name, route, body, id string
	}{
		{"rename the victim's passkey", passkeyapi.RouteRename, `{"name":"pwned"}`, victimID},
		{"delete the victim's passkey", passkeyapi.RouteDelete, "", victimID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			victims := e.call(t, mallory.request(tt.route, tt.body, tt.id))
			victims.want(t, 404, "not_found")
			unknown := e.call(t, mallory.request(tt.route, tt.body, unknownID))
			if unknown.raw != victims.raw {
				t.Errorf("the victim's id answers %s, an unknown one %s: the answer tells them apart", victims.raw, unknown.raw)
			}
		})
	}
	if list := e.list(t, alice); len(list) != 1 || list[0]["id"] != victimID || list[0]["name"] != "laptop" {
		t.Errorf("alice's passkeys changed: %v", list)
	}
	if list := e.list(t, mallory); len(list) != 1 || list[0]["id"] != mallorysID {
		t.Errorf("mallory's list: %v", list)
	}
}

// TestPasskeyIDs refuses ids no summary gives, as not found.
func TestPasskeyIDs(t *testing.T) {
	e := newEnv()
	id := e.register(t, alice, passkeytest.New(20), "laptop")
	for _, tt := range []struct{ name, id string }{
		{"missing", ""},
		{"padded", base64.URLEncoding.EncodeToString(must(base64.RawURLEncoding.DecodeString(id)))},
		{"standard alphabet", strings.NewReplacer("-", "+", "_", "/").Replace(id) + "+/"},
		{"line break inside", id[:4] + "\n" + id[4:]},
		{"loose bits in the last character", id[:len(id)-1] + "B"},
		{"longer than any credential id", strings.Repeat("A", 1400)},
		{"path traversal", "../" + id},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e.call(t, alice.request(passkeyapi.RouteRename, `{"name":"x"}`, tt.id)).want(t, 404, "not_found")
			e.call(t, alice.request(passkeyapi.RouteDelete, "", tt.id)).want(t, 404, "not_found")
		})
	}
	if list := e.list(t, alice); len(list) != 1 || list[0]["name"] != "laptop" {
		t.Errorf("alice's passkeys changed: %v", list)
	}
}

func TestEmptyList(t *testing.T) {
	r := newEnv().call(t, alice.request(passkeyapi.RouteList, "", ""))
	r.want(t, 200, "")
	if r.raw != `{"passkeys":[]}` {
		t.Errorf("got %s, want an empty list, not null", r.raw)
	}
}

func TestUnknownRoutes(t *testing.T) {
	e := newEnv()
	for _, route := range []string{"", "$default", "PUT /passkeys", "GET /passkeys/{id}", "POST /passkeys/registration/", "get /passkeys", "OPTIONS /passkeys"} {
		e.call(t, alice.request(route, "", "")).want(t, 404, "not_found")
	}
}
