package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

const signUpAbout = `Signs up PHONE (E.164, such as +15555550123) as a user of the pool, with
PHONE as both the user name and the phone_number attribute. The password
Cognito requires is random and thrown away: users sign in with SMS codes.
With --password-stdin, for a pool whose SIGN_IN_FLOW is password-and-code,
the password is instead the first line of stdin (asked twice without echo
on a terminal), and the pool's password policy applies to it.

Local mode:     passwordless sign-up PHONE --endpoint-url http://127.0.0.1:9229
Deployed pool:  passwordless sign-up PHONE --region REGION --client-id ID
With password:  passwordless sign-up PHONE --password-stdin --user-pool-id POOL_ID --client-id ID`

func runSignUp(ctx context.Context, s streams, args []string) error {
	fs := newFlagSet("sign-up", "PHONE", signUpAbout, s.stderr)
	var pf poolFlags
	pf.register(fs)
	pf.registerUserPoolID(fs)
	withPassword := fs.Bool("password-stdin", false, passwordStdinUsage)
	number, pool, err := pf.parsePhone(ctx, fs, args)
	if err != nil {
		return err
	}
	password := ""
	if *withPassword {
		if password, _, err = readPassword(ctx, fs, s.stdin, s.stderr, true); err != nil {
			return err
		}
	}
	return signUp(ctx, pool, number, password, s.stdout)
}

// signUp signs up number with password, or with a throwaway password when
// it is empty, and reports the new user on out.
func signUp(ctx context.Context, pool *pool, number, password string, out io.Writer) error {
	if password == "" {
		password = throwawayPassword()
	}
	res, err := pool.client.SignUp(ctx, &cip.SignUpInput{
		ClientId:       aws.String(pool.clientID),
		Username:       aws.String(number),
		Password:       aws.String(password),
		UserAttributes: []types.AttributeType{{Name: aws.String("phone_number"), Value: aws.String(number)}},
	})
	if err != nil {
		return err
	}
	if res.UserConfirmed {
		fmt.Fprintf(out, "Signed up %s: confirmed, ready to sign in (user sub %s).\n", number, aws.ToString(res.UserSub))
		return nil
	}
	// The project's pre-sign-up trigger confirms every valid number, so an
	// unconfirmed user means the pool runs other triggers than ours.
	fmt.Fprintf(out, "Signed up %s: NOT confirmed (user sub %s); the pool's pre-sign-up trigger did not confirm the user, so sign-in will fail until an administrator confirms it.\n",
		number, aws.ToString(res.UserSub))
	return nil
}
