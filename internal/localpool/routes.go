package localpool

import (
	"net/http"
	"slices"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/session"
	"github.com/cognito-passwordless/passwordless-go/internal/signinpage"
)

// outboxPath serves the outboxes as JSON, for scripts and the demo.
const outboxPath = "/_local/outbox"

// jwksPath is where Cognito serves a pool's JWKS, under its issuer.
func jwksPath(userPoolID string) string { return "/" + userPoolID + "/.well-known/jwks.json" }

// routes serves the Cognito API at POST /, the pool's JWKS and OpenID
// configuration under its issuer, the outbox, the sign-in page at GET /
// and, with passkeys on, the passkeys API, all to browsers too.
// Start serves them behind loopback.Guard: requests addressed to another
// host than loopback or Options.AllowedHosts never reach them.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/", s.serveAPI)
	mux.HandleFunc("GET "+jwksPath(s.userPoolID), s.serveJWKS)
	mux.HandleFunc("GET /"+s.userPoolID+"/.well-known/openid-configuration", s.serveOpenIDConfiguration)
	mux.HandleFunc("GET "+outboxPath, s.serveOutbox)
	// The sign-in page, its assets and its configuration.
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		// A GET that names an operation is a client's mistake, answered
		// as Cognito answers it; any other is a browser's.
		if r.Header.Get("X-Amz-Target") != "" {
			s.serveAPI(w, r)
			return
		}
		s.page.ServeHTTP(w, r)
	})
	mux.Handle("GET "+signinpage.AssetPrefix, s.page)
	mux.Handle("GET "+signinpage.ConfigPath, s.page)
	if s.passkeys {
		s.passkeysAPIRoutes(mux)
	}
	// The outbox holds every code: by default only the pool's own pages
	// may read it from a browser (scripts send no Origin).
	return s.origins.withCORS(mux, map[string]originPolicy{outboxPath: s.origins.ownPagesOnly(s.port())})
}

func (s *Server) serveJWKS(w http.ResponseWriter, r *http.Request) {
	body, err := s.tokens.jwks()
	if err != nil {
		http.Error(w, "cannot encode the JWKS", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}

// serveOpenIDConfiguration gives what OIDC libraries read to find the JWKS.
func (s *Server) serveOpenIDConfiguration(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, "application/json", map[string]any{
		"issuer":                                s.tokens.issuer,
		"jwks_uri":                              s.URL() + jwksPath(s.userPoolID),
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"subject_types_supported":               []string{"public"},
		"response_types_supported":              []string{"code", "token"},
	})
}

// Message is one message local mode's outboxes kept: an SMS or an email,
// as GET /_local/outbox lists them.
type Message struct {
	// Channel is "sms" or "email".
	Channel session.Channel `json:"channel"`
	// To is the phone number or the email address.
	To string `json:"to"`
	// PhoneNumber is To again for an SMS, as the outbox listed SMS before
	// it had email.
	PhoneNumber string `json:"phoneNumber,omitempty"`
	// From and Subject are an email's.
	From    string `json:"from,omitempty"`
	Subject string `json:"subject,omitempty"`
	// Text is the SMS's text or the email's body.
	Text   string    `json:"message"`
	SentAt time.Time `json:"sentAt"`
}

// Messages returns every SMS and email the outboxes kept so far, oldest
// first; none of those AWS_ENDPOINT_URL_SNS or AWS_ENDPOINT_URL_SESV2 sent
// elsewhere.
func (s *Server) Messages() []Message {
	out := []Message{}
	for _, m := range s.Outbox() {
		out = append(out, Message{Channel: session.ChannelSMS, To: m.PhoneNumber, PhoneNumber: m.PhoneNumber, Text: m.Text, SentAt: m.SentAt})
	}
	for _, m := range s.EmailOutbox() {
		out = append(out, Message{Channel: session.ChannelEmail, To: m.To, From: m.From, Subject: m.Subject, Text: m.Body, SentAt: m.SentAt})
	}
	slices.SortStableFunc(out, func(a, b Message) int { return a.SentAt.Compare(b.SentAt) })
	return out
}

func (s *Server) serveOutbox(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, "application/json", map[string][]Message{"messages": s.Messages()})
}
