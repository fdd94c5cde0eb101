package localpool

import (
	"net/http"
	"strings"
	"testing"
)

// corsRequest sends what a browser sends for a page of origin: a
// preflight OPTIONS, or the request itself with body.
func (p *testPool) corsRequest(method, path, origin, target, body string) *http.Response {
	p.t.Helper()
	req, err := http.NewRequestWithContext(testContext(p.t), method, p.srv.URL()+path, strings.NewReader(body))
	if err != nil {
		p.t.Fatal(err)
	}
	req.Header.Set("Origin", origin)
	if method == http.MethodOptions {
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "content-type,x-amz-target,x-amz-user-agent,cache-control,amz-sdk-invocation-id,amz-sdk-request")
	} else if target != "" {
		req.Header.Set("Content-Type", jsonContentType)
		req.Header.Set("X-Amz-Target", target)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v", method, path, err)
	}
	resp.Body.Close()
	return resp
}

// TestCORS answers a page on another origin as Cognito does: the
// preflight names the methods and the SDKs' headers, and every answer,
// errors included, carries Access-Control-Allow-Origin.
func TestCORS(t *testing.T) {
	const app = "http://localhost:5173"
	p := startPool(t, Options{})

	pre := p.corsRequest(http.MethodOptions, "/", app, "", "")
	if pre.StatusCode != http.StatusOK {
		t.Fatalf("preflight: %d", pre.StatusCode)
	}
	for header, want := range map[string][]string{
		"Access-Control-Allow-Origin":  {app},
		"Access-Control-Allow-Methods": {"POST", "OPTIONS"},
		"Access-Control-Allow-Headers": {"content-type", "x-amz-target", "x-amz-user-agent", "cache-control", "amz-sdk-invocation-id", "amz-sdk-request"},
		"Access-Control-Max-Age":       {"600"},
		"Vary":                         {"Origin"},
	} {
		for _, w := range want {
			if got := pre.Header.Get(header); !strings.Contains(got, w) {
				t.Errorf("preflight %s = %q, want it to hold %q", header, got, w)
			}
		}
	}

	listUsers := `{"UserPoolId": "` + p.srv.UserPoolID() + `"}`
	answers := []struct {
		name, method, path, target, body string
		status                           int
	}{
		{"success", http.MethodPost, "/", targetPrefix + "ListUsers", listUsers, http.StatusOK},
		{"Cognito error", http.MethodPost, "/", targetPrefix + "ListUsers", `{}`, http.StatusBadRequest},
		{"unknown operation", http.MethodPost, "/", targetPrefix + "NoSuchOperation", `{}`, http.StatusBadRequest},
		{"JWKS", http.MethodGet, jwksPath(p.srv.UserPoolID()), "", "", http.StatusOK},
	}
	for _, a := range answers {
		resp := p.corsRequest(a.method, a.path, app, a.target, a.body)
		if resp.StatusCode != a.status || resp.Header.Get("Access-Control-Allow-Origin") != app {
			t.Errorf("%s: %d with Access-Control-Allow-Origin %q, want %d and %q",
				a.name, resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"), a.status, app)
		}
		if !strings.Contains(resp.Header.Get("Access-Control-Expose-Headers"), "x-amzn-ErrorType") {
			t.Errorf("%s: the page cannot read x-amzn-ErrorType", a.name)
		}
	}
}

// TestCORSOriginPolicy checks who may call the pool from a browser: by
// default pages from this machine only, else exactly the origins given,
// or any with AnyOrigin. A page from elsewhere gets 403 and no CORS
// header, on the preflight and on the request itself (DNS rebinding
// skips the preflight).
func TestCORSOriginPolicy(t *testing.T) {
	cases := []struct {
		name    string
		allowed []string
		origin  string
		want    string // Access-Control-Allow-Origin; "" means refused
	}{
		{"default, localhost", nil, "http://localhost:3000", "http://localhost:3000"},
		{"default, 127.0.0.1 https", nil, "https://127.0.0.1:8443", "https://127.0.0.1:8443"},
		{"default, IPv6 loopback", nil, "http://[::1]:8080", "http://[::1]:8080"},
		{"default, the internet", nil, "https://evil.example", ""},
		{"default, a name that starts like localhost", nil, "http://localhost.evil.example", ""},
		{"default, file page", nil, "null", ""},
		{"list, listed", []string{"https://app.example.com"}, "https://app.example.com", "https://app.example.com"},
		{"list, case and slash", []string{"HTTPS://App.Example.com/"}, "https://app.example.com", "https://app.example.com"},
		{"list, other port", []string{"https://app.example.com"}, "https://app.example.com:8443", ""},
		{"list, localhost no longer", []string{"https://app.example.com"}, "http://localhost:3000", ""},
		{"any", []string{AnyOrigin}, "https://anything.example", "*"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			policy, err := newOriginPolicy(c.allowed)
			if err != nil {
				t.Fatal(err)
			}
			if got := policy.allows(c.origin); got != (c.want != "") {
				t.Errorf("allows(%q) = %v", c.origin, got)
			}
		})
	}

	p := startPool(t, Options{AllowedOrigins: []string{"https://app.example.com"}})
	for _, method := range []string{http.MethodOptions, http.MethodPost} {
		resp := p.corsRequest(method, "/", "https://evil.example", targetPrefix+"ListUsers", `{}`)
		if resp.StatusCode != http.StatusForbidden || resp.Header.Get("Access-Control-Allow-Origin") != "" ||
			resp.Header.Get("x-amzn-ErrorType") != errForbidden {
			t.Errorf("%s from a refused origin: %d, %s, Access-Control-Allow-Origin %q", method, resp.StatusCode,
				resp.Header.Get("x-amzn-ErrorType"), resp.Header.Get("Access-Control-Allow-Origin"))
		}
	}
	if resp := p.corsRequest(http.MethodOptions, "/", "https://app.example.com", "", ""); resp.Header.Get("Access-Control-Allow-Origin") != "https://app.example.com" {
		t.Errorf("listed origin: Access-Control-Allow-Origin %q", resp.Header.Get("Access-Control-Allow-Origin"))
	}
	openPool := startPool(t, Options{AllowedOrigins: []string{AnyOrigin}})
	if resp := openPool.corsRequest(http.MethodPost, "/", "https://anything.example", targetPrefix+"NoSuchOperation", `{}`); resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("AnyOrigin: Access-Control-Allow-Origin %q", resp.Header.Get("Access-Control-Allow-Origin"))
	}
}
