package localpool

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeyapi"
	"github.com/cognito-passwordless/passwordless-go/internal/startup"
)

// CredentialsTable is the name of local mode's table of passkeys.
const CredentialsTable = "passwordless-local-credentials"

// passkeysRP is local mode's relying party id: browsers refuse an IP
// address as one, so the sign-in page is opened at http://localhost:PORT.
const passkeysRP = "localhost"

// maxAPIBody bounds a request to the passkeys API; the function itself
// refuses more than 16 KiB.
const maxAPIBody = 64 << 10

// passkeySettings turns passkeys on in values: the credentials table,
// localhost as the relying party and the pool's own origin (by the name
// localhost) as the origin of answers, unless Options.Env set them, with
// the API's other settings at their defaults. It checks them as the
// functions will at start.
func passkeySettings(values, overrides map[string]string, port string) error {
	defaults := map[string]string{
		config.EnvCredentialsTable: CredentialsTable,
		config.EnvPasskeyRPID:      passkeysRP,
		config.EnvPasskeyOrigins:   "http://" + passkeysRP + ":" + port,
	}
	for name, value := range defaults {
		if _, set := overrides[name]; !set {
			values[name] = value
		}
	}
	_, _, err := startup.PasskeysAPISettings(func(name string) (string, bool) { v, ok := values[name]; return v, ok })
	if err != nil {
		return fmt.Errorf("localpool: passkey settings: %w", err)
	}
	return nil
}

// passkeysAPIRoutes serves the passkeys API as API Gateway would in front
// of the passkeys-api function: each route checked against a bearer token
// as its JWT authorizer does (authorizerClaims), then sent to the real
// function as an HTTP API event (payload format 2.0).
func (s *Server) passkeysAPIRoutes(mux *http.ServeMux) {
	for _, route := range passkeyapi.Routes {
		mux.HandleFunc(route, func(w http.ResponseWriter, r *http.Request) { s.servePasskeysAPI(w, r, route) })
	}
}

// servePasskeysAPI answers one request to route.
func (s *Server) servePasskeysAPI(w http.ResponseWriter, r *http.Request, route string) {
	bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	claims, err := s.tokens.authorizerClaims(bearer)
	if !ok || err != nil {
		// API Gateway's own answer, before the function runs.
		w.Header().Set("WWW-Authenticate", "Bearer")
		gatewayError(w, http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxAPIBody))
	if err != nil {
		gatewayError(w, http.StatusRequestEntityTooLarge)
		return
	}
	ev := events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: route, RawPath: r.URL.Path, RawQueryString: r.URL.RawQuery,
		Headers: map[string]string{},
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			Stage: "$default", RouteKey: route,
			HTTP:       events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: r.Method, Path: r.URL.Path, Protocol: r.Proto, UserAgent: r.UserAgent()},
			Authorizer: &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: claims}},
		},
	}
	if ip, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		ev.RequestContext.HTTP.SourceIP = ip
	}
	for name := range r.Header {
		ev.Headers[strings.ToLower(name)] = r.Header.Get(name)
	}
	if id := r.PathValue("id"); id != "" {
		ev.PathParameters = map[string]string{"id": id}
	}
	if len(body) > 0 {
		ev.Body = string(body)
		if !utf8.Valid(body) {
			ev.Body, ev.IsBase64Encoded = base64.StdEncoding.EncodeToString(body), true
		}
	}
	payload, err := json.Marshal(ev)
	if err != nil {
		gatewayError(w, http.StatusInternalServerError)
		return
	}
	answer, err := s.triggers.functions[config.PasskeysAPI].Invoke(r.Context(), payload)
	var out events.APIGatewayV2HTTPResponse
	if err == nil {
		err = json.Unmarshal(answer, &out)
	}
	if err != nil || out.StatusCode < 100 || out.StatusCode > 599 {
		// API Gateway's answer to a function that failed.
		gatewayError(w, http.StatusInternalServerError)
		return
	}
	for name, value := range out.Headers {
		w.Header().Set(name, value)
	}
	reply := []byte(out.Body)
	if out.IsBase64Encoded {
		if reply, err = base64.StdEncoding.DecodeString(out.Body); err != nil {
			reply = nil
		}
	}
	w.WriteHeader(out.StatusCode)
	w.Write(reply)
}

// gatewayError answers as API Gateway does for status, before or
// instead of the function: {"message": "<the status text>"}.
func gatewayError(w http.ResponseWriter, status int) {
	writeJSON(w, status, "application/json", map[string]string{"message": http.StatusText(status)})
}

// authorizerClaims checks a bearer token as API Gateway's JWT authorizer
// does: signed by the pool's key, its issuer, not expired, and for the
// app client (an ID token's aud or an access token's client_id). It does
// not check revocation, as API Gateway does not, nor the token's use,
// which the function checks. It returns the claims as API Gateway passes
// them: every value a string.
func (t *tokenIssuer) authorizerClaims(token string) (map[string]string, error) {
	claims, err := t.parse(token)
	if err != nil {
		return nil, err
	}
	if claims["aud"] != t.clientID && claims["client_id"] != t.clientID {
		return nil, fmt.Errorf("localpool: token for another client")
	}
	out := map[string]string{}
	for name, value := range claims {
		switch v := value.(type) {
		case string:
			out[name] = v
		case float64:
			out[name] = strconv.FormatFloat(v, 'f', -1, 64)
		default:
			out[name] = fmt.Sprint(v)
		}
	}
	return out, nil
}
