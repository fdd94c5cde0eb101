package passkeyapi

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
)

// The error codes of the answers' "error" member.
const (
	codeUnauthorized        = "unauthorized"
	codeStaleSignIn         = "stale_sign_in"
	codeBadRequest          = "bad_request"
	codeTooLarge            = "too_large"
	codeNotFound            = "not_found"
	codeTooMany             = "too_many_passkeys"
	codeExists              = "exists"
	codeNoRegistration      = "no_registration"
	codeRegistrationRefused = "registration_refused"
	codeUnavailable         = "unavailable"
)

// ErrorBody is every refusal's body.
type ErrorBody struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// Summary is what the API tells of a passkey: never its public key.
type Summary struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	CreatedAt      string   `json:"createdAt"`
	LastUsedAt     string   `json:"lastUsedAt,omitempty"`
	AAGUID         string   `json:"aaguid"`
	BackupEligible bool     `json:"backupEligible"`
	BackedUp       bool     `json:"backedUp"`
	Transports     []string `json:"transports"`
}

// summarize describes c; a passkey stored without a name is DefaultName.
func summarize(c passkey.Credential) Summary {
	s := Summary{
		ID:             base64.RawURLEncoding.EncodeToString(c.ID),
		Name:           c.Name,
		CreatedAt:      c.CreatedAt.UTC().Format(time.RFC3339),
		AAGUID:         c.AAGUID.String(),
		BackupEligible: c.BackupEligible,
		BackedUp:       c.BackupState,
		Transports:     append([]string{}, c.Transports...), // [] rather than null
	}
	if s.Name == "" {
		s.Name = DefaultName
	}
	if !c.LastUsedAt.IsZero() {
		s.LastUsedAt = c.LastUsedAt.UTC().Format(time.RFC3339)
	}
	return s
}

// result is a route's outcome: the answer, and what to log of it.
type result struct {
	status int
	// body is encoded as JSON; nil sends none.
	body any
	// reason says why, for the log: never a secret or the user's input.
	reason string
	// attrs are more for the log.
	attrs []any
	// storeErr is the store's failure, logged by its kind alone.
	storeErr error
}

// answer is a success with body.
func answer(status int, body any, reason string, attrs ...any) result {
	return result{status: status, body: body, reason: reason, attrs: attrs}
}

// refuse is a refusal with code and a message for people.
func refuse(status int, code, message, reason string, attrs ...any) result {
	return result{status: status, body: ErrorBody{code, message}, reason: reason, attrs: attrs}
}

// unavailable is the answer when the store (or the randomness, or the
// user pool) failed: 503, and nothing of err, which goes to the log by
// its kind.
func unavailable(err error, reason string) result {
	r := refuse(http.StatusServiceUnavailable, codeUnavailable, "The service is unavailable; try again later.", reason)
	r.storeErr = err
	return r
}

// outcome names r for the log: its error code, or "ok".
func (r result) outcome() string {
	if e, ok := r.body.(ErrorBody); ok {
		return e.Error
	}
	return "ok"
}

// headers are every answer's: JSON, and never cached, since each is one
// user's.
func headers() map[string]string {
	return map[string]string{"Content-Type": "application/json", "Cache-Control": "no-store"}
}

// response encodes r for API Gateway.
func (r result) response() events.APIGatewayV2HTTPResponse {
	resp := events.APIGatewayV2HTTPResponse{StatusCode: r.status, Headers: headers()}
	if r.body == nil {
		return resp
	}
	// json.Marshal escapes <, > and &, so no name reads as markup.
	body, err := json.Marshal(r.body)
	if err != nil { // no body of this package fails to encode
		resp.StatusCode = http.StatusInternalServerError
		body = []byte(`{"error":"internal","message":"Something went wrong."}`)
	}
	resp.Body = string(body)
	return resp
}
