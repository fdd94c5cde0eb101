package cli

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/golang-jwt/jwt/v5"
)

// printSignedIn prints the ID token's claims and, with withTokens, the raw
// tokens of a successful sign-in.
func printSignedIn(out io.Writer, res *types.AuthenticationResultType, withTokens bool) error {
	claims, err := unverifiedClaims(aws.ToString(res.IdToken))
	if err != nil {
		return fmt.Errorf("signed in, but the ID token cannot be read: %w", err)
	}
	text, err := json.MarshalIndent(claims, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Signed in. ID token claims (decoded for display; the signature is NOT verified here):\n%s\n", text)
	if withTokens {
		fmt.Fprintf(out, "ID token:      %s\nAccess token:  %s\nRefresh token: %s\nExpires in:    %ds\n",
			aws.ToString(res.IdToken), aws.ToString(res.AccessToken), aws.ToString(res.RefreshToken), res.ExpiresIn)
	}
	return nil
}

// unverifiedClaims decodes a JWT's payload without checking its signature:
// the command only shows the claims, and an application that trusts them
// must verify the token against the pool's JWKS instead.
func unverifiedClaims(token string) (jwt.MapClaims, error) {
	claims := jwt.MapClaims{}
	// WithJSONNumber keeps exp and iat as written rather than as floats.
	if _, _, err := jwt.NewParser(jwt.WithJSONNumber()).ParseUnverified(token, claims); err != nil {
		return nil, err
	}
	return claims, nil
}
