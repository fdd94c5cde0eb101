package localpool

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
)

// AnyOrigin in Options.AllowedOrigins lets pages from any origin call the
// pool, as the real Cognito endpoint does.
const AnyOrigin = "*"

// CORS headers. allowedHeaders are those AWS's JavaScript clients send
// (SDK v3, Amplify, identity-js); exposedHeaders are those Cognito lets a
// page read, request id and error type included.
const (
	allowedMethods = "GET, POST, OPTIONS"
	allowedHeaders = "content-type, x-amz-target, x-amz-user-agent, x-amz-date, x-amz-security-token, " +
		"x-amz-content-sha256, authorization, cache-control, amz-sdk-invocation-id, amz-sdk-request"
	exposedHeaders = "x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date"
	// preflightMaxAge lets a browser reuse a preflight for ten minutes:
	// short, so that a restart with other origins takes effect soon.
	preflightMaxAge = "600"
)

// errForbidden is Cognito's exception for a request it was told to refuse.
const errForbidden = "ForbiddenException"

// originPolicy decides which web origins may call the pool from a browser.
type originPolicy struct {
	any     bool
	origins []string // normalized: lower-case scheme://host[:port]
}

// newOriginPolicy checks allowed, as given to Options.AllowedOrigins.
// Empty allows loopback origins only.
func newOriginPolicy(allowed []string) (originPolicy, error) {
	var p originPolicy
	for _, origin := range allowed {
		if origin == AnyOrigin {
			p.any = true
			continue
		}
		normalized, err := normalizeOrigin(origin)
		if err != nil {
			return p, fmt.Errorf("localpool: allowed origin %q: %w", origin, err)
		}
		p.origins = append(p.origins, normalized)
	}
	return p, nil
}

// normalizeOrigin returns origin as browsers send it in the Origin header.
func normalizeOrigin(origin string) (string, error) {
	u, err := url.Parse(strings.TrimSuffix(origin, "/"))
	switch {
	case err != nil:
		return "", err
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("must start with http:// or https://")
	case u.Host == "" || u.User != nil || u.Path != "" || u.RawQuery != "" || u.Fragment != "":
		return "", fmt.Errorf("must be scheme://host[:port], with nothing after")
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

// allows reports whether a page from origin may call the pool. With no
// list, only pages served from this machine may: local mode binds to
// loopback, and a page from the internet open in the developer's browser
// should not drive it.
func (p originPolicy) allows(origin string) bool {
	if p.any {
		return true
	}
	normalized, err := normalizeOrigin(origin)
	if err != nil {
		return false
	}
	if p.origins != nil {
		return slices.Contains(p.origins, normalized)
	}
	u, _ := url.Parse(normalized)
	host := u.Hostname()
	ip := net.ParseIP(host)
	return host == "localhost" || ip != nil && ip.IsLoopback()
}

// ownPagesOnly is p for what only the pool's own pages may read from a
// browser (the outbox, which holds every code): with no list of origins,
// only the pool's own origins, http://localhost:port and
// http://127.0.0.1:port, rather than every loopback one, so that a page of
// another server on this machine cannot read it. A list, or AnyOrigin,
// keeps its meaning: whoever is named may.
func (p originPolicy) ownPagesOnly(port string) originPolicy {
	if p.any || p.origins != nil {
		return p
	}
	return originPolicy{origins: []string{"http://localhost:" + port, "http://127.0.0.1:" + port}}
}

// withCORS answers browsers as the Cognito endpoint does: a preflight
// OPTIONS gets 200 with the methods and headers allowed, and every answer
// to an allowed origin, errors included, carries Access-Control-Allow-Origin.
// A request from an origin not allowed is refused with 403, so that a page
// that reaches the pool by DNS rebinding gets nothing. Such a page's
// same-origin requests carry no Origin; they name the page's host, which
// loopback.Guard, in front of this handler, refuses. Requests for a path
// in private are held to the policy given for it instead of p.
func (p originPolicy) withCORS(next http.Handler, private map[string]originPolicy) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := p
		if own, ok := private[path.Clean("/"+r.URL.Path)]; ok {
			p = own
		}
		origin := r.Header.Get("Origin")
		if origin != "" && !p.allows(origin) {
			writeError(w, http.StatusForbidden, newError(errForbidden,
				"Origin %s may not call this local pool; start it with --allow-origin %s to allow it.", origin, origin))
			return
		}
		h := w.Header()
		switch {
		case p.any:
			h.Set("Access-Control-Allow-Origin", AnyOrigin)
		case origin != "":
			h.Set("Access-Control-Allow-Origin", origin)
			h.Add("Vary", "Origin")
		}
		h.Set("Access-Control-Expose-Headers", exposedHeaders)
		if r.Method == http.MethodOptions {
			h.Set("Access-Control-Allow-Methods", allowedMethods)
			h.Set("Access-Control-Allow-Headers", allowedHeaders)
			h.Set("Access-Control-Max-Age", preflightMaxAge)
			w.WriteHeader(http.StatusOK)
			return
		}
		next.ServeHTTP(w, r)
	})
}
