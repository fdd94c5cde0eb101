package localpool

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

// Token lifetimes: the defaults of a Cognito app client.
const (
	tokenValidity   = time.Hour
	refreshValidity = 30 * 24 * time.Hour
)

// refreshTokenBytes is the randomness of a refresh token.
const refreshTokenBytes = 96

// authResult is Cognito's AuthenticationResultType.
type authResult struct {
	AccessToken  string `json:"AccessToken"`
	IdToken      string `json:"IdToken"`
	RefreshToken string `json:"RefreshToken,omitempty"`
	ExpiresIn    int    `json:"ExpiresIn"`
	TokenType    string `json:"TokenType"`
}

// refreshGrant is what a refresh token stands for.
type refreshGrant struct {
	username string
	// originJTI and authTime carry over from the sign-in to every token
	// the refresh token gives, as in Cognito.
	originJTI string
	authTime  time.Time
	expires   time.Time
}

// tokenIssuer signs the pool's JWTs with one RSA key made at start, serves
// its JWKS, and keeps the refresh tokens it gave and which sign-ins were
// revoked (the template turns EnableTokenRevocation on).
type tokenIssuer struct {
	key      *rsa.PrivateKey
	kid      string
	issuer   string
	clientID string
	now      func() time.Time

	mu      sync.Mutex
	refresh map[string]refreshGrant
	// revoked holds the originJTI of every revoked sign-in: its refresh
	// token and every ID and access token issued under it.
	revoked map[string]bool
}

func newTokenIssuer(issuer, clientID string) (*tokenIssuer, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("localpool: signing key: %w", err)
	}
	jwk := jose.JSONWebKey{Key: &key.PublicKey}
	thumbprint, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("localpool: signing key: %w", err)
	}
	return &tokenIssuer{
		key: key, kid: base64.StdEncoding.EncodeToString(thumbprint), issuer: issuer, clientID: clientID,
		now: time.Now, refresh: map[string]refreshGrant{}, revoked: map[string]bool{},
	}, nil
}

// jwks returns the JSON Web Key Set that verifies the tokens.
func (t *tokenIssuer) jwks() ([]byte, error) {
	return json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: &t.key.PublicKey, KeyID: t.kid, Algorithm: string(jose.RS256), Use: "sig"},
	}})
}

// signIn issues the tokens of a completed sign-in, a refresh token included.
func (t *tokenIssuer) signIn(u user) (authResult, error) {
	grant := refreshGrant{username: u.username, originJTI: newUUID(), authTime: t.now()}
	result, err := t.issue(u, grant)
	if err != nil {
		return result, err
	}
	grant.expires = grant.authTime.Add(refreshValidity)
	result.RefreshToken = randomToken(refreshTokenBytes)
	t.mu.Lock()
	t.refresh[result.RefreshToken] = grant
	t.mu.Unlock()
	return result, nil
}

// redeem returns the grant of a valid refresh token.
func (t *tokenIssuer) redeem(token string) (refreshGrant, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	grant, ok := t.refresh[token]
	switch {
	case !ok || !t.now().Before(grant.expires):
		return refreshGrant{}, newError(errNotAuthorized, "Invalid Refresh Token")
	case t.revoked[grant.originJTI]:
		return refreshGrant{}, newError(errNotAuthorized, "Refresh Token has been revoked")
	}
	return grant, nil
}

// revokeRefreshToken revokes a refresh token and the tokens issued under
// it. It reports whether the token is one this pool issued.
func (t *tokenIssuer) revokeRefreshToken(token string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	grant, ok := t.refresh[token]
	if ok {
		t.revoked[grant.originJTI] = true
	}
	return ok
}

// revokeUser revokes every token issued so far to username: global sign-out.
func (t *tokenIssuer) revokeUser(username string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, grant := range t.refresh {
		if grant.username == username {
			t.revoked[grant.originJTI] = true
		}
	}
}

// issue signs a new ID and access token for u under grant.
func (t *tokenIssuer) issue(u user, grant refreshGrant) (authResult, error) {
	now := t.now()
	common := jwt.MapClaims{
		"sub":        u.username,
		"iss":        t.issuer,
		"auth_time":  grant.authTime.Unix(),
		"iat":        now.Unix(),
		"exp":        now.Add(tokenValidity).Unix(),
		"origin_jti": grant.originJTI,
		"event_id":   newUUID(),
	}
	id := with(common, jwt.MapClaims{
		"token_use":        "id",
		"aud":              t.clientID,
		"cognito:username": u.username,
		"jti":              newUUID(),
	})
	// The contact attributes the user has, as Cognito's ID token.
	if u.phone() != "" {
		id["phone_number"] = u.phone()
		id["phone_number_verified"] = u.attributes[attrPhoneNumberVerified] == "true"
	}
	if u.email() != "" {
		id["email"] = u.email()
		id["email_verified"] = u.attributes[attrEmailVerified] == "true"
	}
	access := with(common, jwt.MapClaims{
		"token_use": "access",
		"scope":     "aws.cognito.signin.user.admin",
		"client_id": t.clientID,
		"username":  u.username,
		"jti":       newUUID(),
	})
	idToken, errID := t.sign(id)
	accessToken, errAccess := t.sign(access)
	if err := errors.Join(errID, errAccess); err != nil {
		return authResult{}, err
	}
	return authResult{AccessToken: accessToken, IdToken: idToken, ExpiresIn: int(tokenValidity / time.Second), TokenType: "Bearer"}, nil
}

// sign signs claims with a header of kid and alg only, as Cognito's.
func (t *tokenIssuer) sign(claims jwt.MapClaims) (string, error) {
	token := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	delete(token.Header, "typ")
	token.Header["kid"] = t.kid
	return token.SignedString(t.key)
}

// parse checks that token is one this issuer signed (RS256), for its
// issuer, and not expired, and returns its claims.
func (t *tokenIssuer) parse(token string) (jwt.MapClaims, error) {
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return &t.key.PublicKey, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodRS256.Alg()}), jwt.WithIssuer(t.issuer),
		jwt.WithExpirationRequired(), jwt.WithTimeFunc(t.now))
	return claims, err
}

// accessTokenUser checks an access token as Cognito does for GetUser and
// returns its username.
func (t *tokenIssuer) accessTokenUser(token string) (string, error) {
	claims, err := t.parse(token)
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return "", newError(errNotAuthorized, "Access Token has expired")
	case err != nil || claims["token_use"] != "access" || claims["client_id"] != t.clientID:
		return "", newError(errNotAuthorized, "Invalid Access Token")
	}
	originJTI, _ := claims["origin_jti"].(string)
	t.mu.Lock()
	revoked := t.revoked[originJTI]
	t.mu.Unlock()
	if revoked {
		return "", newError(errNotAuthorized, "Access Token has been revoked")
	}
	username, _ := claims["username"].(string)
	return username, nil
}

// isJWT reports whether token is an ID or access token this issuer signed,
// expired or not.
func (t *tokenIssuer) isJWT(token string) bool {
	_, err := jwt.NewParser(jwt.WithValidMethods([]string{jwt.SigningMethodRS256.Alg()}), jwt.WithoutClaimsValidation()).
		Parse(token, func(*jwt.Token) (any, error) { return &t.key.PublicKey, nil })
	return err == nil
}

// with returns a copy of base with extra's claims added.
func with(base, extra jwt.MapClaims) jwt.MapClaims {
	out := make(jwt.MapClaims, len(base)+len(extra))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}
