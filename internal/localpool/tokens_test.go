package localpool

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

// TestTokensVerifyAgainstTheJWKS checks the tokens as a resource server
// would: with the JWKS fetched over HTTP, the issuer, the audience or
// client id, token_use and expiry.
func TestTokensVerifyAgainstTheJWKS(t *testing.T) {
	p := startPool(t, Options{})
	number := newPhone()
	sub := p.signUp(number)
	res := p.signIn(number)

	id := p.verifiedClaims(aws.ToString(res.IdToken), "id")
	wantID := map[string]any{
		"sub": sub, "cognito:username": sub, "phone_number": number, "phone_number_verified": false,
		"aud": p.srv.ClientID(), "token_use": "id",
	}
	for k, v := range wantID {
		if id[k] != v {
			t.Errorf("ID token claim %s = %v, want %v", k, id[k], v)
		}
	}
	access := p.verifiedClaims(aws.ToString(res.AccessToken), "access")
	wantAccess := map[string]any{
		"sub": sub, "username": sub, "client_id": p.srv.ClientID(), "token_use": "access",
		"scope": "aws.cognito.signin.user.admin",
	}
	for k, v := range wantAccess {
		if access[k] != v {
			t.Errorf("access token claim %s = %v, want %v", k, access[k], v)
		}
	}
	for _, claims := range []jwt.MapClaims{id, access} {
		for _, k := range []string{"iat", "exp", "auth_time", "jti", "origin_jti"} {
			if claims[k] == nil {
				t.Errorf("claim %s missing from %v", k, claims)
			}
		}
	}
	if id["origin_jti"] != access["origin_jti"] || id["jti"] == access["jti"] {
		t.Error("the two tokens of a sign-in must share origin_jti and not jti")
	}

	// The ID token is not an access token.
	if _, err := p.client.GetUser(testContext(t), &cip.GetUserInput{AccessToken: res.IdToken}); err == nil {
		t.Error("GetUser accepted an ID token")
	}
}

// verifiedClaims verifies token against the JWKS served over HTTP, as a
// resource server would, and returns its claims.
func (p *testPool) verifiedClaims(token, use string) jwt.MapClaims {
	p.t.Helper()
	var set jose.JSONWebKeySet
	getJSON(p.t, p.srv.URL()+jwksPath(p.srv.UserPoolID()), &set)
	issuer := p.srv.URL() + "/" + p.srv.UserPoolID()
	opts := []jwt.ParserOption{
		jwt.WithValidMethods([]string{"RS256"}), jwt.WithIssuer(issuer), jwt.WithExpirationRequired(), jwt.WithIssuedAt(),
	}
	if use == "id" {
		opts = append(opts, jwt.WithAudience(p.srv.ClientID()))
	}
	claims := jwt.MapClaims{}
	parsed, err := jwt.ParseWithClaims(token, claims, func(tok *jwt.Token) (any, error) {
		kid, _ := tok.Header["kid"].(string)
		keys := set.Key(kid)
		if len(keys) != 1 || keys[0].Use != "sig" || keys[0].Algorithm != "RS256" {
			return nil, jwt.ErrTokenUnverifiable
		}
		return keys[0].Key, nil
	}, opts...)
	if err != nil || !parsed.Valid {
		p.t.Fatalf("%s token does not verify against the JWKS: %v", use, err)
	}
	if claims["token_use"] != use {
		p.t.Fatalf("token_use = %v, want %s", claims["token_use"], use)
	}
	if use == "access" && claims["client_id"] != p.srv.ClientID() {
		p.t.Fatalf("client_id = %v, want %s", claims["client_id"], p.srv.ClientID())
	}
	exp, _ := claims.GetExpirationTime()
	if until := time.Until(exp.Time); until < 59*time.Minute || until > time.Hour {
		p.t.Fatalf("token expires in %v, want an hour", until)
	}
	return claims
}

func getJSON(t testing.TB, url string, v any) {
	t.Helper()
	client := &http.Client{Timeout: callTimeout}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}
