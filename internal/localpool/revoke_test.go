package localpool

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// refreshWith refreshes through REFRESH_TOKEN_AUTH, as identity-js does.
func (p *testPool) refreshWith(refreshToken *string) (*types.AuthenticationResultType, error) {
	out, err := p.client.InitiateAuth(testContext(p.t), &cip.InitiateAuthInput{
		ClientId: aws.String(p.srv.ClientID()), AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(refreshToken)},
	})
	if err != nil {
		return nil, err
	}
	return out.AuthenticationResult, nil
}

// getTokens refreshes through GetTokensFromRefreshToken, as Amplify 6 does.
func (p *testPool) getTokens(refreshToken *string) (*types.AuthenticationResultType, error) {
	out, err := p.client.GetTokensFromRefreshToken(testContext(p.t), &cip.GetTokensFromRefreshTokenInput{
		ClientId: aws.String(p.srv.ClientID()), RefreshToken: refreshToken,
	})
	if err != nil {
		return nil, err
	}
	return out.AuthenticationResult, nil
}

func (p *testPool) getUser(accessToken *string) error {
	_, err := p.client.GetUser(testContext(p.t), &cip.GetUserInput{AccessToken: accessToken})
	return err
}

func TestGetTokensFromRefreshToken(t *testing.T) {
	p := startPool(t, Options{})
	number := newPhone()
	sub := p.signUp(number)
	first := p.signIn(number)

	res, err := p.getTokens(first.RefreshToken)
	if err != nil {
		t.Fatalf("GetTokensFromRefreshToken: %v", err)
	}
	if aws.ToString(res.AccessToken) == aws.ToString(first.AccessToken) || res.ExpiresIn != 3600 || aws.ToString(res.TokenType) != "Bearer" {
		t.Errorf("GetTokensFromRefreshToken gave %+v", res)
	}
	// Rotation is off: no new refresh token; clients keep theirs.
	if res.RefreshToken != nil {
		t.Error("GetTokensFromRefreshToken gave a refresh token with rotation off")
	}
	claims := p.verifiedClaims(aws.ToString(res.IdToken), "id")
	if claims["sub"] != sub || claims["origin_jti"] != p.verifiedClaims(aws.ToString(first.IdToken), "id")["origin_jti"] {
		t.Errorf("refreshed ID token claims %v", claims)
	}
	if err := p.getUser(res.AccessToken); err != nil {
		t.Errorf("GetUser with the refreshed access token: %v", err)
	}

	_, err = p.getTokens(aws.String("not-a-refresh-token"))
	requireAPIError(t, err, "NotAuthorizedException", "Invalid Refresh Token")
	_, err = p.client.GetTokensFromRefreshToken(testContext(t), &cip.GetTokensFromRefreshTokenInput{
		ClientId: aws.String("otherclient"), RefreshToken: first.RefreshToken})
	requireAPIError(t, err, "ResourceNotFoundException", "User pool client otherclient does not exist.")
}

// TestRevokeToken signs in twice, revokes the first sign-in's refresh
// token, and requires that it and the tokens issued under it stop
// working, through both refresh operations and GetUser, while the second
// sign-in goes on.
func TestRevokeToken(t *testing.T) {
	p := startPool(t, Options{})
	number := newPhone()
	p.signUp(number)
	revoked, kept := p.signIn(number), p.signIn(number)
	refreshed, err := p.getTokens(revoked.RefreshToken)
	if err != nil {
		t.Fatalf("GetTokensFromRefreshToken: %v", err)
	}

	if _, err := p.client.RevokeToken(testContext(t), &cip.RevokeTokenInput{
		ClientId: aws.String(p.srv.ClientID()), Token: revoked.RefreshToken,
	}); err != nil {
		t.Fatalf("RevokeToken: %v", err)
	}

	_, err = p.refreshWith(revoked.RefreshToken)
	requireAPIError(t, err, "NotAuthorizedException", "Refresh Token has been revoked")
	_, err = p.getTokens(revoked.RefreshToken)
	requireAPIError(t, err, "NotAuthorizedException", "Refresh Token has been revoked")
	for _, access := range []*string{revoked.AccessToken, refreshed.AccessToken} {
		requireAPIError(t, p.getUser(access), "NotAuthorizedException", "Access Token has been revoked")
	}
	if err := p.getUser(kept.AccessToken); err != nil {
		t.Errorf("GetUser with another sign-in's access token: %v", err)
	}
	if _, err := p.refreshWith(kept.RefreshToken); err != nil {
		t.Errorf("refreshing another sign-in: %v", err)
	}
	// Revoking again, or a token this pool never gave, is not an error
	// (RFC 7009); an access token cannot be revoked.
	for _, token := range []*string{revoked.RefreshToken, aws.String("unknown-token")} {
		if _, err := p.client.RevokeToken(testContext(t), &cip.RevokeTokenInput{ClientId: aws.String(p.srv.ClientID()), Token: token}); err != nil {
			t.Errorf("RevokeToken %q: %v", aws.ToString(token), err)
		}
	}
	_, err = p.client.RevokeToken(testContext(t), &cip.RevokeTokenInput{ClientId: aws.String(p.srv.ClientID()), Token: kept.AccessToken})
	requireAPIError(t, err, "UnsupportedTokenTypeException", "Only refresh tokens can be revoked.")
	_, err = p.client.RevokeToken(testContext(t), &cip.RevokeTokenInput{ClientId: aws.String(p.srv.ClientID()), Token: aws.String("a b")})
	requireAPIError(t, err, "InvalidParameterException", "Member must satisfy regular expression pattern")
	if err := p.getUser(kept.AccessToken); err != nil {
		t.Errorf("GetUser after RevokeToken was given the access token: %v", err)
	}
}

// TestGlobalSignOut signs a user in twice and another user once; each of
// GlobalSignOut and AdminUserGlobalSignOut must revoke every token of the
// first user and none of the other's, and the user can sign in again.
func TestGlobalSignOut(t *testing.T) {
	signOuts := map[string]func(p *testPool, number string, access *string) error{
		"GlobalSignOut": func(p *testPool, _ string, access *string) error {
			_, err := p.client.GlobalSignOut(testContext(p.t), &cip.GlobalSignOutInput{AccessToken: access})
			return err
		},
		"AdminUserGlobalSignOut": func(p *testPool, number string, _ *string) error {
			_, err := p.client.AdminUserGlobalSignOut(testContext(p.t), &cip.AdminUserGlobalSignOutInput{
				UserPoolId: aws.String(p.srv.UserPoolID()), Username: aws.String(number)})
			return err
		},
	}
	for name, signOut := range signOuts {
		t.Run(name, func(t *testing.T) {
			p := startPool(t, Options{})
			number, other := newPhone(), newPhone()
			p.signUp(number)
			p.signUp(other)
			sessions := []*types.AuthenticationResultType{p.signIn(number), p.signIn(number)}
			others := p.signIn(other)

			if err := signOut(p, number, sessions[0].AccessToken); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for _, s := range sessions {
				requireAPIError(t, p.getUser(s.AccessToken), "NotAuthorizedException", "Access Token has been revoked")
				_, err := p.refreshWith(s.RefreshToken)
				requireAPIError(t, err, "NotAuthorizedException", "Refresh Token has been revoked")
			}
			if err := p.getUser(others.AccessToken); err != nil {
				t.Errorf("another user's access token: %v", err)
			}
			again := p.signIn(number)
			if err := p.getUser(again.AccessToken); err != nil {
				t.Errorf("signing in again after %s: %v", name, err)
			}
		})
	}
}

func TestSignOutErrors(t *testing.T) {
	p := startPool(t, Options{})
	ctx := testContext(t)
	_, err := p.client.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: aws.String("not.a.token")})
	requireAPIError(t, err, "NotAuthorizedException", "Invalid Access Token")
	_, err = p.client.AdminUserGlobalSignOut(ctx, &cip.AdminUserGlobalSignOutInput{
		UserPoolId: aws.String(p.srv.UserPoolID()), Username: aws.String(newPhone())})
	requireAPIError(t, err, "UserNotFoundException", "User does not exist.")
	_, err = p.client.AdminUserGlobalSignOut(ctx, &cip.AdminUserGlobalSignOutInput{
		UserPoolId: aws.String("us-east-1_Other"), Username: aws.String(newPhone())})
	requireAPIError(t, err, "ResourceNotFoundException", "User pool us-east-1_Other does not exist.")
}
