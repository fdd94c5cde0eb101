package signinpage

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

// Where Handler serves what. The page itself is at "/"; its assets live
// under a prefix of local mode's own ("/_local/") so that none of them can
// shadow a path of the Cognito API or of the pool's issuer.
const (
	// ConfigPath serves the Config as JSON, read by the page at start.
	ConfigPath = "/_local/page-config.json"
	// AssetPrefix is the folder of the page's scripts, style and icon.
	AssetPrefix = "/_local/signin/"
)

// Config is what the page needs to know about the pool, served at
// ConfigPath.
type Config struct {
	// ClientID is the app client the page signs in with.
	ClientID string `json:"clientId"`
	// Region and UserPoolID are the pool's; the pool name in the user
	// pool id is part of what the password proof hashes.
	Region     string `json:"region"`
	UserPoolID string `json:"userPoolId"`
	// UsernameAttributes are "phone_number", "email" or both: what the
	// page asks a user to sign up and sign in with.
	UsernameAttributes []string `json:"usernameAttributes"`
	// SignInFlow is the define trigger's SIGN_IN_FLOW: session.FlowCode,
	// or session.FlowPasswordAndCode (then the page asks for a password
	// and proves it by SRP before the code). Empty is session.FlowCode.
	SignInFlow string `json:"signInFlow"`
	// Endpoint is the Cognito endpoint's URL when it is not the page's own
	// origin; empty when the pool serves the page, as local mode does.
	Endpoint string `json:"endpoint,omitempty"`
	// PasskeysAPI is the passkeys API's base URL (the page calls
	// {PasskeysAPI}/passkeys...), or "/" for the page's own origin; empty
	// hides everything about passkeys but signing in with one when a
	// challenge offers it.
	PasskeysAPI string `json:"passkeysApi,omitempty"`
}

// validFlow reports whether flow is one session.ParseFlow takes ("" too).
func validFlow(flow string) bool {
	_, err := session.ParseFlow(flow)
	return err == nil
}

// Check reports what is wrong with c, as Handler would panic with it.
func (c Config) Check() error {
	switch {
	case c.ClientID == "":
		return fmt.Errorf("signinpage: no client id")
	case c.UserPoolID == "" || !strings.Contains(c.UserPoolID, "_"):
		return fmt.Errorf("signinpage: user pool id %q is not <region>_<name>", c.UserPoolID)
	case len(c.UsernameAttributes) == 0:
		return fmt.Errorf("signinpage: no username attributes")
	case !validFlow(c.SignInFlow):
		return fmt.Errorf("signinpage: unknown sign-in flow %q", c.SignInFlow)
	}
	for _, a := range c.UsernameAttributes {
		if a != "phone_number" && a != "email" {
			return fmt.Errorf("signinpage: username attribute %q is neither phone_number nor email", a)
		}
	}
	for _, u := range []string{c.Endpoint, c.PasskeysAPI} {
		if _, err := origin(u); err != nil {
			return err
		}
	}
	return nil
}

// origin returns the scheme://host[:port] of an http(s) URL, "" for "" and
// for "/", the page's own origin.
// The Content-Security-Policy names origins, not URLs.
func origin(raw string) (string, error) {
	if raw == "" || raw == "/" {
		return "", nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return "", fmt.Errorf("signinpage: %q is not an http(s) URL", raw)
	}
	return u.Scheme + "://" + u.Host, nil
}

//go:embed static
var static embed.FS

// asset is one embedded file with the type it is served as.
type asset struct {
	body        []byte
	contentType string
}

// contentTypes are set explicitly: with nosniff, a module script served
// with another type than JavaScript does not run, and mime.TypeByExtension
// depends on the machine's tables.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
}

// page is what Handler serves.
type page struct {
	index   asset
	assets  map[string]asset // by name under AssetPrefix
	config  []byte
	headers http.Header
}

// Handler serves the page at GET "/", its assets under AssetPrefix and
// cfg at ConfigPath; anything else is 404 and any method but GET and HEAD
// 405. It panics when cfg.Check fails, as the config comes from the
// program, not from users.
func Handler(cfg Config) http.Handler {
	if err := cfg.Check(); err != nil {
		panic(err)
	}
	if cfg.SignInFlow == "" {
		cfg.SignInFlow = string(session.FlowCode)
	}
	config, err := json.Marshal(cfg)
	if err != nil {
		panic(err) // a struct of strings always encodes
	}
	p := &page{assets: map[string]asset{}, config: config, headers: securityHeaders(cfg)}
	err = fs.WalkDir(static, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := static.ReadFile(name)
		if err != nil {
			return err
		}
		a := asset{body: body, contentType: contentTypes[path.Ext(name)]}
		if a.contentType == "" {
			return fmt.Errorf("signinpage: no content type for %s", name)
		}
		if base := path.Base(name); base == "index.html" {
			p.index = a
		} else {
			p.assets[base] = a
		}
		return nil
	})
	if err != nil {
		panic(err) // the embedded files are part of the build
	}
	return p
}

// securityHeaders go on every answer. The policy lets the page run its own
// scripts and styles only (no inline ones, no eval), build no HTML from
// strings (Trusted Types), be framed by no one, and call only its own
// origin, the Cognito endpoint and the passkeys API.
func securityHeaders(cfg Config) http.Header {
	connect := []string{"'self'"}
	for _, u := range []string{cfg.Endpoint, cfg.PasskeysAPI} {
		if o, _ := origin(u); o != "" && !slices.Contains(connect, o) {
			connect = append(connect, o)
		}
	}
	csp := strings.Join([]string{
		"default-src 'self'",
		"script-src 'self'",
		"style-src 'self'",
		"img-src 'self'",
		"connect-src " + strings.Join(connect, " "),
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'none'",
		"frame-ancestors 'none'",
		"require-trusted-types-for 'script'",
	}, "; ")
	return http.Header{
		"Content-Security-Policy": {csp},
		"X-Content-Type-Options":  {"nosniff"},
		"Referrer-Policy":         {"no-referrer"},
		// X-Frame-Options is frame-ancestors for browsers without CSP 2.
		"X-Frame-Options":            {"DENY"},
		"Cross-Origin-Opener-Policy": {"same-origin"},
	}
}

func (p *page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for k, v := range p.headers {
		w.Header()[k] = v
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	var a asset
	switch name, underPrefix := strings.CutPrefix(r.URL.Path, AssetPrefix); {
	case r.URL.Path == "/":
		a = p.index
	case r.URL.Path == ConfigPath:
		// The config names the pool the page talks to: never a stale one
		// from a previous run of local mode on the same port.
		w.Header().Set("Cache-Control", "no-store")
		a = asset{body: p.config, contentType: "application/json"}
	case underPrefix && p.assets[name].body != nil:
		a = p.assets[name]
	default:
		http.NotFound(w, r)
		return
	}
	if w.Header().Get("Cache-Control") == "" {
		// The files change with the binary; revalidating costs little on
		// loopback and never serves a page older than its config.
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Header().Set("Content-Type", a.contentType)
	w.Write(a.body)
}
