package passkeyapi_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeyapi"
)

// TestHostileBodies sends bodies a client would not, to the routes that
// read one: each is refused with a 4xx that quotes none of it, and
// changes nothing.
func TestHostileBodies(t *testing.T) {
	huge := `{"name":"` + strings.Repeat("a", passkeyapi.MaxBodySize) + `"}`
	tests := []struct {
		name   string
		route  string
		body   string
		base64 bool
		status int
		code   string
	}{
		{"huge body", passkeyapi.RouteRename, huge, false, 413, "too_large"},
		{"huge body, base64", passkeyapi.RouteRename, base64.StdEncoding.EncodeToString([]byte(huge)), true, 413, "too_large"},
		{"huge finish", passkeyapi.RouteFinishRegistration, `{"credential":{"id":"` + strings.Repeat("A", 20<<10) + `"}}`, false, 413, "too_large"},
		{"body not base64", passkeyapi.RouteRename, "{not base64}", true, 400, "bad_request"},
		{"not JSON", passkeyapi.RouteRename, "name=laptop", false, 400, "bad_request"},
		{"cut short", passkeyapi.RouteRename, `{"name":"lap`, false, 400, "bad_request"},
		{"trailing data", passkeyapi.RouteRename, `{"name":"laptop"}{"name":"again"}`, false, 400, "bad_request"},
		{"trailing garbage", passkeyapi.RouteRename, `{"name":"laptop"}x`, false, 400, "bad_request"},
		{"array", passkeyapi.RouteRename, `[{"name":"laptop"}]`, false, 400, "bad_request"},
		{"string", passkeyapi.RouteRename, `"laptop"`, false, 400, "bad_request"},
		{"null", passkeyapi.RouteRename, `null`, false, 400, "bad_request"},
		{"empty", passkeyapi.RouteRename, ``, false, 400, "bad_request"},
		{"unknown member", passkeyapi.RouteRename, `{"name":"laptop","publicKey":"AAAA"}`, false, 400, "bad_request"},
		{"member name in other case", passkeyapi.RouteRename, `{"Name":"laptop"}`, false, 400, "bad_request"},
		{"member name in capitals", passkeyapi.RouteRename, `{"NAME":"laptop"}`, false, 400, "bad_request"},
		{"member repeated", passkeyapi.RouteRename, `{"name":"laptop","name":"stolen"}`, false, 400, "bad_request"},
		{"member repeated, once escaped", passkeyapi.RouteRename, `{"name":"laptop","n\u0061me":"stolen"}`, false, 400, "bad_request"},
		{"member repeated in other case", passkeyapi.RouteRename, `{"name":"laptop","Name":"stolen"}`, false, 400, "bad_request"},
		{"member repeated, null first", passkeyapi.RouteRename, `{"name":null,"name":"stolen"}`, false, 400, "bad_request"},
		{"no name", passkeyapi.RouteRename, `{}`, false, 400, "bad_request"},
		{"name null", passkeyapi.RouteRename, `{"name":null}`, false, 400, "bad_request"},
		{"name a number", passkeyapi.RouteRename, `{"name":5}`, false, 400, "bad_request"},
		{"name an object", passkeyapi.RouteRename, `{"name":{"$ne":""}}`, false, 400, "bad_request"},
		{"name empty", passkeyapi.RouteRename, `{"name":""}`, false, 400, "bad_request"},
		{"name of spaces", passkeyapi.RouteRename, `{"name":"   "}`, false, 400, "bad_request"},
		{"name too long", passkeyapi.RouteRename, `{"name":"` + strings.Repeat("é", 65) + `"}`, false, 400, "bad_request"},
		{"name not UTF-8", passkeyapi.RouteRename, "{\"name\":\"lap\xfftop\"}", false, 400, "bad_request"},
		{"name not UTF-8, base64", passkeyapi.RouteRename, base64.StdEncoding.EncodeToString([]byte("{\"name\":\"\xc0\xafetc\"}")), true, 400, "bad_request"},
		{"name with a lone surrogate", passkeyapi.RouteRename, `{"name":"lap\ud800top"}`, false, 400, "bad_request"},
		{"name with NUL", passkeyapi.RouteRename, `{"name":"lap\u0000top"}`, false, 400, "bad_request"},
		{"name with a line break, to forge a second line", passkeyapi.RouteRename, `{"name":"laptop\nAdmin key"}`, false, 400, "bad_request"},
		{"name with an escape sequence for terminals", passkeyapi.RouteRename, `{"name":"\u001b[31mlaptop"}`, false, 400, "bad_request"},
		{"name with a right-to-left override", passkeyapi.RouteRename, `{"name":"\u202Epotpal"}`, false, 400, "bad_request"},
		{"name with a zero-width space", passkeyapi.RouteRename, `{"name":"lap\u200Btop"}`, false, 400, "bad_request"},
		{"name with a line separator", passkeyapi.RouteRename, `{"name":"lap\u2028top"}`, false, 400, "bad_request"},
		{"name of private-use characters", passkeyapi.RouteRename, `{"name":"\uE000"}`, false, 400, "bad_request"},
		{"finish without a credential", passkeyapi.RouteFinishRegistration, `{"name":"laptop"}`, false, 400, "bad_request"},
		{"finish with a null credential", passkeyapi.RouteFinishRegistration, `{"credential":null}`, false, 400, "bad_request"},
		{"finish with a credential string", passkeyapi.RouteFinishRegistration, `{"credential":"eyJpZCI6IkFBIn0"}`, false, 400, "bad_request"},
		{"finish with a credential array", passkeyapi.RouteFinishRegistration, `{"credential":[]}`, false, 400, "bad_request"},
		{"finish with a bad name", passkeyapi.RouteFinishRegistration, `{"credential":{},"name":"\u0007"}`, false, 400, "bad_request"},
		{"finish with a name that is a number", passkeyapi.RouteFinishRegistration, `{"credential":{},"name":1}`, false, 400, "bad_request"},
		{"start with a user name that is a number", passkeyapi.RouteStartRegistration, `{"userName":1}`, false, 400, "bad_request"},
		{"start with a user name with a line break", passkeyapi.RouteStartRegistration, `{"userName":"alice\r\nbob"}`, false, 400, "bad_request"},
		{"start with a user name too long", passkeyapi.RouteStartRegistration, `{"userName":"` + strings.Repeat("a", 65) + `"}`, false, 400, "bad_request"},
		{"start with a user name in other case", passkeyapi.RouteStartRegistration, `{"UserName":"alice"}`, false, 400, "bad_request"},
		{"start with a user name of a long s, which Unicode folds to s", passkeyapi.RouteStartRegistration, `{"u\u017fername":"alice"}`, false, 400, "bad_request"},
		{"start with a user name repeated", passkeyapi.RouteStartRegistration, `{"userName":"a","userName":"b"}`, false, 400, "bad_request"},
		{"finish with the credential repeated", passkeyapi.RouteFinishRegistration, `{"credential":{},"credential":{}}`, false, 400, "bad_request"},
		{"finish with the name repeated", passkeyapi.RouteFinishRegistration, `{"credential":{},"name":"a","name":"b"}`, false, 400, "bad_request"},
		{"finish with Credential", passkeyapi.RouteFinishRegistration, `{"Credential":{}}`, false, 400, "bad_request"},
		{"start with an array", passkeyapi.RouteStartRegistration, `[]`, false, 400, "bad_request"},
		{"start with deep nesting", passkeyapi.RouteStartRegistration, `{"userName":` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}`, false, 400, "bad_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv()
			id := e.register(t, alice, passkeytest.New(20), "laptop")
			e.startRegistration(t, alice)
			req := alice.request(tt.route, tt.body, id)
			req.IsBase64Encoded = tt.base64
			r := e.call(t, req)
			r.want(t, tt.status, tt.code)
			if len(r.raw) > 200 {
				t.Errorf("the refusal quotes the body: %s", r.raw)
			}
			if list := e.list(t, alice); len(list) != 1 || list[0]["name"] != "laptop" {
				t.Errorf("alice's passkeys changed: %v", list)
			}
			// A refused body leaves the registration under way to its finish.
			if _, err := e.store.TakeRegistration(context.Background(), alice.sub); err != nil {
				t.Errorf("the registration was used up: %v", err)
			}
		})
	}
}

// TestBodiesAccepted are bodies a client may send, and names that are
// fine however unusual.
func TestBodiesAccepted(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		base64 bool
		want   string
	}{
		{"plain", `{"name":"laptop"}`, false, "laptop"},
		{"base64, as API Gateway passes some bodies", base64.StdEncoding.EncodeToString([]byte(`{"name":"phone"}`)), true, "phone"},
		{"spaces around", " \n{ \"name\" : \" laptop \" }\n", false, "laptop"},
		{"64 characters of several bytes", `{"name":"` + strings.Repeat("鍵", 64) + `"}`, false, strings.Repeat("鍵", 64)},
		{"emoji and accents", `{"name":"Clé USB 🔑"}`, false, "Clé USB 🔑"},
		{"markup, kept as text", `{"name":"<b>laptop</b>"}`, false, "<b>laptop</b>"},
		{"escaped letters", `{"name":"\u006c\u0061ptop"}`, false, "laptop"},
		{"member name escaped, the same name", `{"n\u0061me":"laptop"}`, false, "laptop"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv()
			id := e.register(t, alice, passkeytest.New(20), "")
			req := alice.request(passkeyapi.RouteRename, tt.body, id)
			req.IsBase64Encoded = tt.base64
			r := e.call(t, req)
			r.want(t, 200, "")
			if r.body["name"] != tt.want {
				t.Errorf("name %q, want %q", r.body["name"], tt.want)
			}
			if strings.ContainsAny(r.raw, "<>") {
				t.Errorf("the answer has raw markup: %s", r.raw)
			}
		})
	}
}
