package passkeyapi

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/awserr"
	"github.com/cognito-passwordless/passwordless-go/internal/cognitotoken"
)

// TokenChecker asks the user pool whether an access token still holds,
// and whose it is: cognitotoken.Checker, Cognito's GetUser. Its error
// wraps cognitotoken.ErrRefused when the user pool refuses the token
// (revoked, signed out, expired, its user gone); any other error means
// the user pool could not be asked.
type TokenChecker interface {
	Check(ctx context.Context, accessToken string) (cognitotoken.Owner, error)
}

// TokenCheckFunc is a TokenChecker of a function.
type TokenCheckFunc func(ctx context.Context, accessToken string) (cognitotoken.Owner, error)

// Check calls f.
func (f TokenCheckFunc) Check(ctx context.Context, accessToken string) (cognitotoken.Owner, error) {
	return f(ctx, accessToken)
}

// bearerToken is the token of req's Authorization header (payload 2.0
// names headers in lower case), the one the JWT authorizer read the
// claims of: after the Bearer scheme, or alone, as the authorizer takes
// it either way.
func bearerToken(req events.APIGatewayV2HTTPRequest) string {
	value := strings.TrimSpace(req.Headers["authorization"])
	if scheme, token, ok := strings.Cut(value, " "); ok && strings.EqualFold(scheme, "Bearer") {
		value = strings.TrimSpace(token)
	}
	return value
}

// confirm asks the user pool whether the access token of req, which
// the claims of c come from, still holds: API Gateway's authorizer
// checks its signature and expiry, but not whether it was revoked or its
// user signed out everywhere, after which a thief's copy would still
// change the passkeys. Every route that changes anything calls it after
// its own checks of the request, before the store. It returns nil, or
// the refusal: 401 when the user pool refuses the token or says it is
// another user's, 503 when the user pool could not be asked.
func (h Handler) confirm(ctx context.Context, c caller, req events.APIGatewayV2HTTPRequest) *result {
	if h.Tokens == nil {
		r := unavailable(errors.New("passkeyapi: no TokenChecker"), "no token checker")
		return &r
	}
	owner, err := h.Tokens.Check(ctx, bearerToken(req))
	var r result
	switch {
	case errors.Is(err, cognitotoken.ErrRefused):
		// Cognito's error code says why: NotAuthorizedException for a
		// revoked or expired token, a signed-out or disabled user.
		r = signInAgain("token refused by the user pool", "cognito", awserr.Reason(err))
	case err != nil:
		r = unavailable(err, "checking the token")
	case owner.Sub != c.sub || owner.Username != c.username:
		// The claims and the token the user pool was asked about differ:
		// no request through the authorizer does this.
		r = signInAgain("token of another user")
	default:
		return nil
	}
	return &r
}

// signInAgain refuses a token the user pool no longer honours.
func signInAgain(reason string, attrs ...any) result {
	return refuse(http.StatusUnauthorized, codeUnauthorized, "Your sign-in has ended: sign in again.", reason, attrs...)
}
