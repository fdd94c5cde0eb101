package localpool

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// outboxAs reads path as a page of origin would (no Origin: a script),
// and returns the status, the Access-Control-Allow-Origin and the body.
func (p *testPool) outboxAs(method, path, origin string) (int, string, string) {
	p.t.Helper()
	req, err := http.NewRequestWithContext(testContext(p.t), method, p.srv.URL()+path, nil)
	if err != nil {
		p.t.Fatal(err)
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	if method == http.MethodOptions {
		req.Header.Set("Access-Control-Request-Method", http.MethodGet)
	}
	client := &http.Client{Timeout: callTimeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"), string(body)
}

// TestOutboxOnlyForTheOwnOrigin is the attack: a page of another server on
// this machine (another port of localhost) reads the outbox, which holds
// every code, from the developer's browser. By default only the pool's own
// pages and scripts (no Origin) may read it; the Cognito API stays open to
// every loopback origin, for apps on other ports.
func TestOutboxOnlyForTheOwnOrigin(t *testing.T) {
	p := startPool(t, Options{})
	number := newPhone()
	p.signUp(number)
	p.mustInitiate(number)
	code := p.lastCode(number)
	port := p.listenPort()

	for _, origin := range []string{"http://localhost:3000", "http://127.0.0.1:5173", "http://[::1]:" + port, "https://localhost:" + port, "http://localhost"} {
		for _, path := range []string{outboxPath, "/_local/./outbox", "/_local//outbox"} {
			for _, method := range []string{http.MethodGet, http.MethodOptions} {
				status, allowed, body := p.outboxAs(method, path, origin)
				if status == http.StatusOK || allowed != "" || strings.Contains(body, code) {
					t.Errorf("%s %s from %s: %d, Access-Control-Allow-Origin %q, code shown %v; want it refused",
						method, path, origin, status, allowed, strings.Contains(body, code))
				}
			}
		}
	}
	// The Cognito API stays open to a page of another port.
	for _, origin := range []string{"http://localhost:3000", "http://127.0.0.1:5173"} {
		if resp := p.corsRequest(http.MethodPost, "/", origin, targetPrefix+"NoSuchOperation", `{}`); resp.Header.Get("Access-Control-Allow-Origin") != origin {
			t.Errorf("API from %s: %d, Access-Control-Allow-Origin %q", origin, resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
		}
	}

	for _, origin := range []string{"", "http://localhost:" + port, "http://127.0.0.1:" + port} {
		status, allowed, body := p.outboxAs(http.MethodGet, outboxPath, origin)
		if status != http.StatusOK || allowed != origin || !strings.Contains(body, code) {
			t.Errorf("outbox from %q: %d, Access-Control-Allow-Origin %q, code shown %v; want it served", origin, status, allowed, strings.Contains(body, code))
		}
	}
}

// TestOutboxOriginsGiven: --allow-origin keeps its meaning on the outbox:
// the origins named may read it, and only they.
func TestOutboxOriginsGiven(t *testing.T) {
	const app = "http://localhost:3000"
	p := startPool(t, Options{AllowedOrigins: []string{app}})
	if status, allowed, _ := p.outboxAs(http.MethodGet, outboxPath, app); status != http.StatusOK || allowed != app {
		t.Errorf("outbox from the listed %s: %d, Access-Control-Allow-Origin %q", app, status, allowed)
	}
	if status, allowed, _ := p.outboxAs(http.MethodGet, outboxPath, "http://localhost:3001"); status != http.StatusForbidden || allowed != "" {
		t.Errorf("outbox from an unlisted origin: %d, Access-Control-Allow-Origin %q", status, allowed)
	}
	open := startPool(t, Options{AllowedOrigins: []string{AnyOrigin}})
	if status, allowed, _ := open.outboxAs(http.MethodGet, outboxPath, "https://anything.example"); status != http.StatusOK || allowed != AnyOrigin {
		t.Errorf("outbox with AnyOrigin: %d, Access-Control-Allow-Origin %q", status, allowed)
	}
}
