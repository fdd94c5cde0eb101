package localpool

import "regexp"

// refreshTokenPattern is Cognito's pattern for a token given to RevokeToken.
var refreshTokenPattern = regexp.MustCompile(`^[A-Za-z0-9-_=.]+$`)

// refresh is REFRESH_TOKEN_AUTH: new ID and access tokens, no new refresh
// token.
func (s *Server) refresh(token string) (any, error) {
	if token == "" {
		return nil, missingParameter("REFRESH_TOKEN")
	}
	result, err := s.reissue(token)
	if err != nil {
		return nil, err
	}
	return authOutput{ChallengeParameters: map[string]string{}, AuthenticationResult: &result}, nil
}

type getTokensFromRefreshTokenInput struct {
	ClientId       string
	ClientSecret   string
	RefreshToken   string
	DeviceKey      string
	ClientMetadata map[string]string
}

type getTokensFromRefreshTokenOutput struct {
	AuthenticationResult authResult `json:"AuthenticationResult"`
}

// getTokensFromRefreshToken is GetTokensFromRefreshToken, which Amplify 6
// uses to refresh. With refresh token rotation off, as the template
// deploys the app client, Cognito answers new ID and access tokens and no
// RefreshToken: clients keep the one they have.
func (s *Server) getTokensFromRefreshToken(c call, in *getTokensFromRefreshTokenInput) (any, error) {
	switch {
	case in.RefreshToken == "":
		return nil, missingMember("refreshToken")
	case in.ClientId == "":
		return nil, missingMember("clientId")
	}
	if err := s.checkClient(in.ClientId); err != nil {
		return nil, err
	}
	result, err := s.reissue(in.RefreshToken)
	if err != nil {
		return nil, err
	}
	return getTokensFromRefreshTokenOutput{AuthenticationResult: result}, nil
}

// reissue gives new ID and access tokens for a valid refresh token.
func (s *Server) reissue(token string) (authResult, error) {
	grant, err := s.tokens.redeem(token)
	if err != nil {
		return authResult{}, err
	}
	u, ok := s.users.lookup(grant.username)
	if !ok {
		return authResult{}, newError(errNotAuthorized, "Invalid Refresh Token")
	}
	return s.tokens.issue(u, grant)
}

type revokeTokenInput struct {
	ClientId     string
	ClientSecret string
	Token        string
}

// revokeToken is RevokeToken: the refresh token, and every ID and access
// token issued under it, stop working. A well-formed token this pool does
// not know is answered like a known one, as OAuth's token revocation
// (RFC 7009) asks: the client can do nothing about it. An ID or access
// token is refused, since only refresh tokens can be revoked.
func (s *Server) revokeToken(c call, in *revokeTokenInput) (any, error) {
	switch {
	case in.Token == "":
		return nil, missingMember("token")
	case in.ClientId == "":
		return nil, missingMember("clientId")
	case !refreshTokenPattern.MatchString(in.Token):
		return nil, newError(errInvalidParameter,
			"1 validation error detected: Value at 'token' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9-_=.]+")
	}
	if err := s.checkClient(in.ClientId); err != nil {
		return nil, err
	}
	if !s.tokens.revokeRefreshToken(in.Token) && s.tokens.isJWT(in.Token) {
		return nil, newError(errUnsupportedTokenType, "Only refresh tokens can be revoked.")
	}
	return struct{}{}, nil
}

type globalSignOutInput struct{ AccessToken string }

// globalSignOut is GlobalSignOut: every token issued so far to the user
// the access token belongs to stops working, that access token included.
func (s *Server) globalSignOut(c call, in *globalSignOutInput) (any, error) {
	if in.AccessToken == "" {
		return nil, missingMember("accessToken")
	}
	username, err := s.tokens.accessTokenUser(in.AccessToken)
	if err != nil {
		return nil, err
	}
	s.tokens.revokeUser(username)
	return struct{}{}, nil
}

// adminUserGlobalSignOut is AdminUserGlobalSignOut: GlobalSignOut by user
// name or alias, for the pool's owner.
func (s *Server) adminUserGlobalSignOut(c call, in *adminUserInput) (any, error) {
	u, err := s.adminUser(in)
	if err != nil {
		return nil, err
	}
	s.tokens.revokeUser(u.username)
	return struct{}{}, nil
}
