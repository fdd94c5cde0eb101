package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-passwordless/passwordless-go/internal/emailaddr"
)

const signUpAbout = `Signs up PHONE (E.164, such as +15555550123) or EMAIL (such as
jane@example.com) as a user of the pool: the user name, and the
phone_number or email attribute. The pool's username attributes say which
it takes (the template's: phone numbers; local mode's: --username-attributes).
A user signs up with one address: the pool proves it at the first sign-in,
and a second one is added by the pool's owner (AdminUpdateUserAttributes),
verified. The password
Cognito requires is random and thrown away: users sign in with codes. With
--password-stdin, for a pool whose SIGN_IN_FLOW is password-and-code, the
password is instead the first line of stdin (asked twice without echo on a
terminal), and the pool's password policy applies to it.

Local mode:     passwordless sign-up PHONE|EMAIL --endpoint-url http://127.0.0.1:9229
Deployed pool:  passwordless sign-up PHONE|EMAIL --region REGION --client-id ID
With password:  passwordless sign-up PHONE|EMAIL --password-stdin --user-pool-id POOL_ID --client-id ID`

func runSignUp(ctx context.Context, s streams, args []string) error {
	fs := newFlagSet("sign-up", usernameArgs, signUpAbout, s.stderr)
	var pf poolFlags
	pf.register(fs)
	pf.registerUserPoolID(fs)
	withPassword := fs.Bool("password-stdin", false, passwordStdinUsage)
	name, pool, err := pf.parseUsername(ctx, fs, args)
	if err != nil {
		return err
	}
	password := ""
	if *withPassword {
		if password, _, err = readPassword(ctx, fs, s.stdin, s.stderr, true); err != nil {
			return err
		}
	}
	return signUp(ctx, pool, name, password, s.stdout)
}

// The attributes a user signs up with.
const (
	attrPhoneNumber = "phone_number"
	attrEmail       = "email"
)

// signUp signs up name, a phone number or an email address, with
// password, or with a throwaway password when it is empty, and reports
// the new user on out.
func signUp(ctx context.Context, pool *pool, name, password string, out io.Writer) error {
	if password == "" {
		password = throwawayPassword()
	}
	// The name is also its attribute, as Cognito makes it in a pool with
	// username attributes, and as a pool without them needs it.
	attribute := attrPhoneNumber
	if emailaddr.Valid(name) {
		attribute = attrEmail
	}
	list := []types.AttributeType{{Name: aws.String(attribute), Value: aws.String(name)}}
	res, err := pool.client.SignUp(ctx, &cip.SignUpInput{
		ClientId:       aws.String(pool.clientID),
		Username:       aws.String(name),
		Password:       aws.String(password),
		UserAttributes: list,
	})
	if err != nil {
		return err
	}
	if res.UserConfirmed {
		fmt.Fprintf(out, "Signed up %s: confirmed, ready to sign in (user sub %s).\n", name, aws.ToString(res.UserSub))
		return nil
	}
	// The project's pre-sign-up trigger confirms every valid address, so
	// an unconfirmed user means the pool runs other triggers than ours.
	fmt.Fprintf(out, "Signed up %s: NOT confirmed (user sub %s); the pool's pre-sign-up trigger did not confirm the user, so sign-in will fail until an administrator confirms it.\n",
		name, aws.ToString(res.UserSub))
	return nil
}
