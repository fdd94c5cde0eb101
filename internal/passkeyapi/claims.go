package passkeyapi

import (
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// clockSkew is how far in the future an auth_time may be and still count
// as fresh: Cognito's clock and Lambda's may differ a little.
const clockSkew = time.Minute

// caller is the signed-in user, as the authorizer's claims say.
type caller struct {
	// sub is the user's Cognito sub: the owner of the passkeys and their
	// user handle.
	sub string
	// username is the username claim, possibly empty or unfit to show.
	username string
	// authTime is when the user signed in; refreshing tokens keeps it.
	authTime time.Time
}

// callerOf reads the claims of req's access token, which the JWT
// authorizer has verified, or says why they are unusable. An ID token is
// refused: it is meant for the client, not for APIs, and its holder may
// be any party the client passed it to.
func callerOf(req events.APIGatewayV2HTTPRequest) (caller, string) {
	auth := req.RequestContext.Authorizer
	if auth == nil || auth.JWT == nil {
		return caller{}, "no JWT claims"
	}
	claims := auth.JWT.Claims
	if claims["token_use"] != "access" {
		return caller{}, "not an access token"
	}
	sub := claims["sub"]
	if !validSub(sub) {
		return caller{}, "no usable sub"
	}
	authTime, ok := unixSeconds(claims["auth_time"])
	if !ok {
		return caller{}, "no usable auth_time"
	}
	return caller{sub: sub, username: claims["username"], authTime: authTime}, ""
}

// validSub accepts 1 to 64 visible ASCII characters: a user handle must
// be 1 to 64 bytes, and Cognito's subs are UUIDs.
func validSub(sub string) bool {
	if len(sub) == 0 || len(sub) > 64 {
		return false
	}
	for i := 0; i < len(sub); i++ {
		if sub[i] <= ' ' || sub[i] > '~' {
			return false
		}
	}
	return true
}

// unixSeconds reads a positive count of seconds as the authorizer passes
// numbers on: in decimal, in one spelling only.
func unixSeconds(s string) (time.Time, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || strconv.FormatInt(n, 10) != s {
		return time.Time{}, false
	}
	return time.Unix(n, 0), true
}

// fresh says whether c signed in recently enough, at now, to register a
// passkey: a thief with a refresh token gets new access tokens, but
// never a new auth_time.
func (h Handler) fresh(c caller, now time.Time) bool {
	age := now.Sub(c.authTime)
	return age <= h.FreshSignIn && age >= -clockSkew
}
