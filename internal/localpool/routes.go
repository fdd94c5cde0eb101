package localpool

import (
	"net/http"

	"github.com/cognito-passwordless/passwordless-go/internal/snsoutbox"
)

// outboxPath serves the outbox as JSON, for scripts and the demo.
const outboxPath = "/_local/outbox"

// jwksPath is where Cognito serves a pool's JWKS, under its issuer.
func jwksPath(userPoolID string) string { return "/" + userPoolID + "/.well-known/jwks.json" }

// routes serves the Cognito API at POST /, the pool's JWKS and OpenID
// configuration under its issuer, and the outbox, all to browsers too.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/", s.serveAPI)
	mux.HandleFunc("GET "+jwksPath(s.userPoolID), s.serveJWKS)
	mux.HandleFunc("GET /"+s.userPoolID+"/.well-known/openid-configuration", s.serveOpenIDConfiguration)
	mux.HandleFunc("GET "+outboxPath, s.serveOutbox)
	return s.origins.withCORS(mux)
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

func (s *Server) serveOutbox(w http.ResponseWriter, r *http.Request) {
	messages := s.Outbox()
	if messages == nil {
		messages = []snsoutbox.Message{}
	}
	writeJSON(w, http.StatusOK, "application/json", map[string][]snsoutbox.Message{"messages": messages})
}
