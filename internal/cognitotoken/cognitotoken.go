// Package cognitotoken asks the user pool itself whether an access token
// still holds: Cognito's GetUser, which the token alone authorizes (no
// IAM permission, no signature), and which Cognito refuses once the token
// is revoked (RevokeToken of its refresh token), its user signed out
// everywhere (GlobalSignOut, AdminUserGlobalSignOut), disabled or
// deleted, or the token expired. API Gateway's JWT authorizer checks the
// signature and expiry only, so a stolen token outlives a sign-out there.
//
// It is on a request's path: each check has Timeout in all, retries
// included.
package cognitotoken

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognito-passwordless/passwordless-go/internal/awserr"
)

// Bounds of one check: at most MaxAttempts calls, at most MaxBackoff
// apart, all within Timeout, so that an unreachable Cognito costs a user
// a couple of seconds and an answer of 503, not the API's whole timeout.
const (
	Timeout     = 2 * time.Second
	MaxAttempts = 3
	MaxBackoff  = 100 * time.Millisecond
)

// ErrRefused is what Check's error wraps when the user pool refuses the
// token: revoked, signed out, expired, its user gone, disabled or not
// allowed to sign in. Signing in again is the only way on. Any other
// error means the user pool could not be asked.
var ErrRefused = errors.New("cognitotoken: the user pool refuses the access token")

// refusals are the error codes of GetUser that are about the token or its
// user, not about Cognito's health: NotAuthorizedException (revoked,
// signed out, expired, user disabled), UserNotFoundException (deleted),
// UserNotConfirmedException, PasswordResetRequiredException, and
// InvalidParameterException (no token of Cognito's form).
var refusals = map[string]bool{
	"NotAuthorizedException":         true,
	"UserNotFoundException":          true,
	"UserNotConfirmedException":      true,
	"PasswordResetRequiredException": true,
	"InvalidParameterException":      true,
}

// Owner is the user a token belongs to, as the user pool says.
type Owner struct {
	// Username is the user's username: the access token's username claim.
	Username string
	// Sub is the user's sub attribute: the access token's sub claim.
	Sub string
}

// GetUserAPI is the one call of Cognito's client that Checker makes.
type GetUserAPI interface {
	GetUser(ctx context.Context, in *cip.GetUserInput, optFns ...func(*cip.Options)) (*cip.GetUserOutput, error)
}

// Checker checks access tokens with the user pool.
type Checker struct {
	client  GetUserAPI
	timeout time.Duration
}

// New returns a Checker calling client, each check within Timeout.
func New(client GetUserAPI) *Checker {
	return &Checker{client: client, timeout: Timeout}
}

// NewFromConfig returns a Checker on a Cognito client of cfg, the
// process's AWS configuration (AWS_REGION, and
// AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER for a local user pool), with
// MaxAttempts tries at most MaxBackoff apart. It does no network I/O.
func NewFromConfig(cfg aws.Config) *Checker {
	return New(cip.NewFromConfig(cfg, func(o *cip.Options) {
		o.Retryer = retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = MaxAttempts
			o.MaxBackoff = MaxBackoff
		})
	}))
}

// Check asks the user pool whose accessToken is, and whether it still
// holds. A refusal wraps ErrRefused (and Cognito's error, whose code
// awserr.Reason names); any other error is the user pool's failure or
// silence. The token is never part of an error.
func (c *Checker) Check(ctx context.Context, accessToken string) (Owner, error) {
	if accessToken == "" {
		return Owner{}, fmt.Errorf("%w: no token", ErrRefused)
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	out, err := c.client.GetUser(ctx, &cip.GetUserInput{AccessToken: aws.String(accessToken)})
	if err != nil {
		if refusals[awserr.Reason(err)] {
			return Owner{}, fmt.Errorf("%w: %w", ErrRefused, err)
		}
		return Owner{}, fmt.Errorf("cognitotoken: GetUser: %w", err)
	}
	owner := Owner{Username: aws.ToString(out.Username)}
	for _, a := range out.UserAttributes {
		if aws.ToString(a.Name) == "sub" {
			owner.Sub = aws.ToString(a.Value)
		}
	}
	return owner, nil
}
