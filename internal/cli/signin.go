package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

const signInAbout = `Signs in PHONE with the custom auth flow: the pool sends a code by SMS,
this command asks for it (or reads --code, or one code per line of stdin),
and prints the ID token's claims. A wrong code may be retried while
attempts are left.

Local mode:     passwordless sign-in PHONE --endpoint-url http://127.0.0.1:9229
Deployed pool:  passwordless sign-in PHONE --region REGION --client-id ID`

func runSignIn(ctx context.Context, s streams, args []string) error {
	fs := newFlagSet("sign-in", "PHONE", signInAbout, s.stderr)
	var pf poolFlags
	pf.register(fs)
	code := fs.String("code", "", "the code for the first attempt, for scripts (default: ask on the terminal, or read a line of stdin)")
	tokens := fs.Bool("tokens", false, "also print the raw ID, access and refresh tokens")
	number, pool, err := pf.parsePhone(ctx, fs, args)
	if err != nil {
		return err
	}
	res, err := signIn(ctx, pool, number, newLineCodes(*code, s.stdin, s.stderr), s.stderr)
	if err != nil {
		return err
	}
	return printSignedIn(s.stdout, res, *tokens)
}

// signIn runs the custom auth flow for username, answering each round with
// a code from codes and reporting the rounds on status, until Cognito issues
// tokens or refuses (NotAuthorizedException once the attempts run out).
func signIn(ctx context.Context, pool *pool, username string, codes codeSource, status io.Writer) (*types.AuthenticationResultType, error) {
	out, err := pool.client.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow:       types.AuthFlowTypeCustomAuth,
		ClientId:       aws.String(pool.clientID),
		AuthParameters: map[string]string{"USERNAME": username},
	})
	if err != nil {
		return nil, err
	}
	result, name, params, session := out.AuthenticationResult, out.ChallengeName, out.ChallengeParameters, out.Session
	for round := 1; result == nil; round++ {
		if name != types.ChallengeNameTypeCustomChallenge {
			return nil, fmt.Errorf("the pool asks for a %s challenge; this command answers only CUSTOM_CHALLENGE", name)
		}
		ch := newChallenge(round, username, params)
		ch.report(status)
		code, err := codes.Code(ctx, ch)
		if err != nil {
			return nil, err
		}
		answer, err := pool.client.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
			ClientId:           aws.String(pool.clientID),
			ChallengeName:      types.ChallengeNameTypeCustomChallenge,
			Session:            session,
			ChallengeResponses: map[string]string{"USERNAME": ch.Username, "ANSWER": code},
		})
		if err != nil {
			return nil, err
		}
		result, name, params, session = answer.AuthenticationResult, answer.ChallengeName, answer.ChallengeParameters, answer.Session
	}
	return result, nil
}
