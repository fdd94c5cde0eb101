package signinpage

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

var testConfig = Config{
	ClientID: "passwordlesslocalclient001", Region: "us-east-1", UserPoolID: "us-east-1_LocalPool1",
	UsernameAttributes: []string{"phone_number", "email"}, PasskeysAPI: "http://localhost:9230/",
}

func get(t *testing.T, h http.Handler, method, path string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, path, nil))
	return w
}

func TestPageAndAssets(t *testing.T) {
	h := Handler(testConfig)
	index := get(t, h, "GET", "/")
	if index.Code != 200 || index.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("GET /: %d %q", index.Code, index.Header().Get("Content-Type"))
	}
	// Every file the page and its modules refer to is served, as the type
	// a browser with nosniff runs or applies.
	refs := regexp.MustCompile(`(?:src|href)="(/_local/signin/[^"]+)"`).FindAllStringSubmatch(index.Body.String(), -1)
	imports := regexp.MustCompile(`from "\./([a-z]+\.js)"`)
	seen := map[string]bool{}
	var paths []string
	for _, r := range refs {
		paths = append(paths, r[1])
	}
	for len(paths) > 0 {
		p := paths[0]
		paths = paths[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		w := get(t, h, "GET", p)
		want := contentTypes[filepath.Ext(p)]
		if w.Code != 200 || w.Header().Get("Content-Type") != want {
			t.Errorf("GET %s: %d %q, want 200 %q", p, w.Code, w.Header().Get("Content-Type"), want)
		}
		for _, m := range imports.FindAllStringSubmatch(w.Body.String(), -1) {
			paths = append(paths, AssetPrefix+m[1])
		}
	}
	for _, want := range []string{"app.js", "cognito.js", "srp.js", "passkeys.js", "ui.js", "memory.js", "style.css", "icon.svg"} {
		if !seen[AssetPrefix+want] {
			t.Errorf("%s is not reached from index.html", want)
		}
	}
}

// TestNoInlineCode keeps the page working under its own policy: no inline
// script, event handler attribute or style attribute anywhere.
func TestNoInlineCode(t *testing.T) {
	body := get(t, Handler(testConfig), "GET", "/").Body.String()
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]`),
		regexp.MustCompile(`\son[a-z]+=`),
		regexp.MustCompile(`\sstyle=`),
		regexp.MustCompile(`<style`),
	} {
		if m := bad.FindString(body); m != "" {
			t.Errorf("index.html has inline code: %q", m)
		}
	}
	for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(body, -1) {
		if !strings.Contains(tag, ` src="`) {
			t.Errorf("index.html has an inline script: %q", tag)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	cfg := testConfig
	cfg.Endpoint = "http://127.0.0.1:9229"
	h := Handler(cfg)
	for _, path := range []string{"/", AssetPrefix + "app.js", ConfigPath, "/missing"} {
		w := get(t, h, "GET", path)
		csp := w.Header().Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
			"connect-src 'self' http://127.0.0.1:9229 http://localhost:9230;", "require-trusted-types-for 'script'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe") {
			t.Errorf("GET %s: CSP %q allows something unsafe", path, csp)
		}
		for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"} {
			if got := w.Header().Get(k); got != want {
				t.Errorf("GET %s: %s %q, want %q", path, k, got, want)
			}
		}
	}
}

// TestSameOriginPasskeysAPI: "/" is the page's own origin, which 'self'
// already allows.
func TestSameOriginPasskeysAPI(t *testing.T) {
	cfg := testConfig
	cfg.PasskeysAPI = "/"
	csp := get(t, Handler(cfg), "GET", "/").Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "connect-src 'self';") {
		t.Errorf("CSP %q, want connect-src 'self' alone", csp)
	}
}

func TestConfigJSON(t *testing.T) {
	w := get(t, Handler(testConfig), "GET", ConfigPath)
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/json" || w.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("GET %s: %d, type %q, cache %q", ConfigPath, w.Code, w.Header().Get("Content-Type"), w.Header().Get("Cache-Control"))
	}
	var got map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"clientId": "passwordlesslocalclient001", "region": "us-east-1", "userPoolId": "us-east-1_LocalPool1",
		"usernameAttributes": []any{"phone_number", "email"}, "signInFlow": string(session.FlowCode), "passkeysApi": "http://localhost:9230/",
	}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("config %s, want %s", gotJSON, wantJSON)
	}
}

func TestOtherRequests(t *testing.T) {
	h := Handler(testConfig)
	for _, c := range []struct {
		method, path string
		status       int
	}{
		{"HEAD", "/", 200},
		{"POST", "/", 405},
		{"GET", "/index.html", 404},
		{"GET", AssetPrefix + "index.html", 404},
		{"GET", AssetPrefix, 404},
		{"GET", AssetPrefix + "../page.go", 404},
		{"GET", "/_local/outbox", 404},
	} {
		if w := get(t, h, c.method, c.path); w.Code != c.status {
			t.Errorf("%s %s: %d, want %d", c.method, c.path, w.Code, c.status)
		}
	}
	if allow := get(t, h, "DELETE", ConfigPath).Header().Get("Allow"); allow != "GET, HEAD" {
		t.Errorf("Allow %q", allow)
	}
}

func TestCheck(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*Config)
	}{
		{"no client", func(c *Config) { c.ClientID = "" }},
		{"pool id", func(c *Config) { c.UserPoolID = "pool" }},
		{"no attributes", func(c *Config) { c.UsernameAttributes = nil }},
		{"attribute", func(c *Config) { c.UsernameAttributes = []string{"username"} }},
		{"flow", func(c *Config) { c.SignInFlow = "password" }},
		{"endpoint", func(c *Config) { c.Endpoint = "javascript:alert(1)" }},
		{"passkeys API", func(c *Config) { c.PasskeysAPI = "localhost:9230" }},
	} {
		cfg := testConfig
		c.edit(&cfg)
		if cfg.Check() == nil {
			t.Errorf("%s: Check accepted %+v", c.name, cfg)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: Handler did not panic", c.name)
				}
			}()
			Handler(cfg)
		}()
	}
}

// TestSRPVectors runs static/srp.js in Node against exchanges computed by
// amazon-cognito-identity-js (testdata/srp_test.mjs): the browser test
// proves a password against local mode once, this proves the corners.
func TestSRPVectors(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatal("node not found: install Node.js 20 or later (apt-get install -y nodejs)")
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join("testdata", "srp_test.mjs"))
	cmd.WaitDelay = 5 * time.Second
	cmd.Env = append(os.Environ(), "NODE_NO_WARNINGS=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node testdata/srp_test.mjs: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "ok "); n != 10 {
		t.Errorf("%d vectors passed, want 10:\n%s", n, out)
	}
}
