package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-passwordless/passwordless-go/internal/session"
	"github.com/cognito-passwordless/passwordless-go/internal/srp"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

const signInAbout = `Signs in PHONE or EMAIL with the custom auth flow: the pool sends a code
by SMS or email, this command says where and asks for it (or reads --code,
or one code per line of stdin), and prints the ID token's claims. A wrong
code may be retried while attempts are left. Instead of a code, type r to
get a new code, e to get it by email, or s by SMS, while the pool allows
(2 new codes a sign-in by default); the old code then stops working.
--channel and --resend ask for them in scripts.

With --password-stdin (a pool whose SIGN_IN_FLOW is password-and-code), the
password comes first: the first line of stdin, or asked without echo on a
terminal. The command proves it with SRP, as Cognito's own clients do, so
the password never leaves this machine; only then is the code sent, and
the codes are read as above (from the lines of stdin after the password).
The proof signs the user pool's id: give --user-pool-id for a deployed pool.
A user with an authenticator app (see "passwordless totp setup") is then
asked for the app's code instead of an SMS code (or before it, if the pool
requires both), read the same way. In a pool that requires MFA, a user
without an app is asked to set one up first (Cognito's MFA_SETUP): the
command prints its otpauth:// URI on stdout and its QR code on stderr, as
totp setup does, asks for the app's first code, and then for the SMS code.

Local mode:     passwordless sign-in PHONE|EMAIL --endpoint-url http://127.0.0.1:9229
Deployed pool:  passwordless sign-in PHONE|EMAIL --region REGION --client-id ID
By email:       passwordless sign-in PHONE --channel email --endpoint-url http://127.0.0.1:9229
With password:  passwordless sign-in PHONE|EMAIL --password-stdin --user-pool-id POOL_ID --client-id ID`

func runSignIn(ctx context.Context, s streams, args []string) error {
	fs := newFlagSet("sign-in", usernameArgs, signInAbout, s.stderr)
	var pf poolFlags
	pf.register(fs)
	pf.registerUserPoolID(fs)
	code := fs.String("code", "", "the code for the first attempt, for scripts: the SMS code, or the authenticator app's when the pool asks for it first (default: ask on the terminal, or read a line of stdin)")
	tokens := fs.Bool("tokens", false, "also print the raw ID, access and refresh tokens")
	withPassword := fs.Bool("password-stdin", false, passwordStdinUsage)
	channel := fs.String("channel", "", "get the code by `CHANNEL`, sms or email: if the pool sends the first code by the other one, ask at once for a new code by this one (as typing e or s does; it uses one of the sign-in's new codes)")
	resends := fs.Int("resend", 0, "ask for a new code `N` times before answering, as typing r N times does, for scripts (default 0)")
	app := appSetup{uri: s.stdout, status: s.stderr, result: s.stderr}
	app.register(fs, ", when the pool asks to set up an authenticator app (MFA_SETUP)")
	number, pool, err := pf.parseUsername(ctx, fs, args)
	if err != nil {
		return err
	}
	if err := app.check(fs); err != nil {
		return err
	}
	switch *channel {
	case "", string(session.ChannelSMS), string(session.ChannelEmail):
	default:
		return usageError(fs, "--channel must be sms or email, got %q", *channel)
	}
	if *resends < 0 {
		return usageError(fs, "--resend must be 0 or more, got %d", *resends)
	}
	in, password := s.stdin, ""
	if *withPassword {
		if pool.userPoolID == "" {
			return usageError(fs, "--user-pool-id is required with --password-stdin for a deployed pool: the password proof signs the pool's id (in the stack's outputs)")
		}
		if password, in, err = readPassword(ctx, fs, s.stdin, s.stderr, false); err != nil {
			return err
		}
	}
	var codes codeSource = newLineCodes(*code, in, s.stderr)
	if *channel != "" || *resends > 0 {
		codes = &requestedCodes{channel: *channel, resends: *resends, next: codes}
	}
	res, err := signIn(ctx, pool, number, password, codes, s.stderr, &app)
	if err != nil {
		return err
	}
	return printSignedIn(s.stdout, res, *tokens)
}

// step is what Cognito answers InitiateAuth or RespondToAuthChallenge
// with: tokens, or the next challenge and its session.
type step struct {
	result  *types.AuthenticationResultType
	name    types.ChallengeNameType
	params  map[string]string
	session *string
}

func initiated(out *cip.InitiateAuthOutput) step {
	return step{out.AuthenticationResult, out.ChallengeName, out.ChallengeParameters, out.Session}
}

func responded(out *cip.RespondToAuthChallengeOutput) step {
	return step{out.AuthenticationResult, out.ChallengeName, out.ChallengeParameters, out.Session}
}

// respondCustom answers the CUSTOM_CHALLENGE of session for username with
// answer and metadata (ClientMetadata, nil for none), and returns what
// follows.
func (p *pool) respondCustom(ctx context.Context, session *string, username, answer string, metadata map[string]string) (step, error) {
	out, err := p.client.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ClientId:           aws.String(p.clientID),
		ChallengeName:      types.ChallengeNameTypeCustomChallenge,
		Session:            session,
		ChallengeResponses: map[string]string{"USERNAME": username, "ANSWER": answer},
		ClientMetadata:     metadata,
	})
	if err != nil {
		return step{}, err
	}
	return responded(out), nil
}

// signIn runs the custom auth flow for username, answering each round with
// a code from codes and reporting the rounds on status, until Cognito issues
// tokens or refuses (NotAuthorizedException once the attempts run out).
// With a non-empty password the flow starts by proving it (provePassword),
// and a user with an authenticator app then answers its code
// (answerAuthenticator); a user without one, where the pool requires one,
// sets one up with app (appSetup.duringSignIn), unless app is nil.
func signIn(ctx context.Context, pool *pool, username, password string, codes codeSource, status io.Writer, app *appSetup) (*types.AuthenticationResultType, error) {
	var next step
	if password != "" {
		var err error
		if next, err = provePassword(ctx, pool, username, password); err != nil {
			return nil, err
		}
	} else {
		out, err := pool.client.InitiateAuth(ctx, &cip.InitiateAuthInput{
			AuthFlow:       types.AuthFlowTypeCustomAuth,
			ClientId:       aws.String(pool.clientID),
			AuthParameters: map[string]string{"USERNAME": username},
		})
		if err != nil {
			return nil, err
		}
		next = initiated(out)
	}
	var rounds codeRounds // of the code sent by SMS or email
	skipped := false      // a passkey round was answered with a request for a code
	for next.result == nil {
		switch next.name {
		case types.ChallengeNameTypeCustomChallenge:
			if next.params[trigger.PublicChannel] == string(session.ChannelPasskey) {
				// With passkeys on, the pool offers a passkey first; this
				// command has no authenticator, so it asks for the code.
				if skipped {
					return nil, errors.New("the pool asks for a passkey again after a request for a code; this command cannot answer with a passkey")
				}
				skipped = true
				var err error
				if next, err = skipPasskey(ctx, pool, username, next, status); err != nil {
					return nil, err
				}
				continue
			}
		case types.ChallengeNameTypeSoftwareTokenMfa:
			// A user with an authenticator app, after the password:
			// its code stands for the SMS code, or comes before it.
			var err error
			if next, err = answerAuthenticator(ctx, pool, username, next, codes, status); err != nil {
				return nil, err
			}
			continue
		case types.ChallengeNameTypeMfaSetup:
			// The pool requires MFA, and the user has no app yet.
			if app == nil {
				return nil, errors.New("the pool asks to set up an authenticator app (MFA_SETUP) first: sign in with passwordless sign-in --password-stdin")
			}
			var err error
			if next, err = app.duringSignIn(ctx, pool, username, next, codes); err != nil {
				return nil, err
			}
			continue
		default:
			return nil, fmt.Errorf("the pool asks for a %s challenge; this command answers only CUSTOM_CHALLENGE, SOFTWARE_TOKEN_MFA and MFA_SETUP", next.name)
		}
		var err error
		if next, err = rounds.answer(ctx, pool, username, next, codes, status); err != nil {
			return nil, err
		}
	}
	return next.result, nil
}

// skipPasskey answers a passkey round (the public parameter channel is
// passkey), which a pool with passkeys on starts a sign-in with, by asking
// for a code instead, as a client without a passkey does: a resend
// request, RespondToAuthChallenge with the ANSWER "resend" and the
// ClientMetadata {"resend": "true"}. The pool then sends the first code,
// by its first channel, without spending one of the sign-in's new codes.
// It returns what follows: the code's round.
func skipPasskey(ctx context.Context, pool *pool, username string, next step, status io.Writer) (step, error) {
	if u := next.params["USERNAME"]; u != "" {
		username = u
	}
	fmt.Fprintln(status, "The pool offers to sign in with a passkey, which this command cannot use: asking for a code instead.")
	return pool.respondCustom(ctx, next.session, username, resendAnswer, map[string]string{session.ClientMetadataResend: "true"})
}

// provePassword starts the custom auth flow with SRP (CHALLENGE_NAME=SRP_A,
// as amazon-cognito-identity-js's authenticateUser and Amplify's
// CUSTOM_WITH_SRP do), answers PASSWORD_VERIFIER with the proof of
// password, and returns what follows: the code challenge, or tokens. The
// password itself is never sent. A wrong password, and a pool whose define
// takes no password (SIGN_IN_FLOW=code), end in Cognito's
// NotAuthorizedException.
func provePassword(ctx context.Context, pool *pool, username, password string) (step, error) {
	client, err := srp.NewClient(nil)
	if err != nil {
		return step{}, err
	}
	out, err := pool.client.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow:       types.AuthFlowTypeCustomAuth,
		ClientId:       aws.String(pool.clientID),
		AuthParameters: map[string]string{"USERNAME": username, "CHALLENGE_NAME": "SRP_A", "SRP_A": client.A()},
	})
	switch {
	case err != nil:
		return step{}, err
	case out.ChallengeName != types.ChallengeNameTypePasswordVerifier:
		// A define that skips the password step: nothing to prove.
		return initiated(out), nil
	}
	params := out.ChallengeParameters
	// The user's internal name, which the proof signs and the answer
	// names, as identity-js answers.
	userID := params["USER_ID_FOR_SRP"]
	if userID == "" {
		return step{}, errors.New("the pool's PASSWORD_VERIFIER challenge has no USER_ID_FOR_SRP")
	}
	claim, err := client.Claim(srp.PoolName(pool.userPoolID), password, srp.Challenge{
		UserIDForSRP: userID,
		Salt:         params["SALT"],
		SRPB:         params["SRP_B"],
		SecretBlock:  params["SECRET_BLOCK"],
	}, time.Now())
	if err != nil {
		return step{}, fmt.Errorf("the pool's PASSWORD_VERIFIER challenge cannot be answered: %w", err)
	}
	answer, err := pool.client.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ClientId:      aws.String(pool.clientID),
		ChallengeName: types.ChallengeNameTypePasswordVerifier,
		Session:       out.Session,
		ChallengeResponses: map[string]string{
			"USERNAME":                    userID,
			"PASSWORD_CLAIM_SECRET_BLOCK": claim.SecretBlock,
			"PASSWORD_CLAIM_SIGNATURE":    claim.Signature,
			"TIMESTAMP":                   claim.Timestamp,
		},
	})
	if err != nil {
		return step{}, err
	}
	return responded(answer), nil
}

// answerAuthenticator answers Cognito's SOFTWARE_TOKEN_MFA challenge, at
// next, with codes of the user's authenticator app from codes, and returns
// what follows: tokens, or the SMS code's challenge when the pool wants
// both. A wrong or already used code is asked again, on the same session,
// until Cognito gives up on the sign-in (NotAuthorizedException); a line
// that is not 6 digits is asked again without being sent.
func answerAuthenticator(ctx context.Context, pool *pool, username string, next step, codes codeSource, status io.Writer) (step, error) {
	// Cognito names the user by USER_ID_FOR_SRP here, as after the
	// password; identity-js answers with it.
	for _, key := range []string{"USER_ID_FOR_SRP", "USERNAME"} {
		if name := next.params[key]; name != "" {
			username = name
			break
		}
	}
	ch := challenge{Round: 1, Username: username, CodeLength: authenticatorCodeLength, Authenticator: true, Device: next.params["FRIENDLY_DEVICE_NAME"]}
	for ; ; ch.Round++ {
		ch.report(status)
		code, err := codes.Code(ctx, ch)
		if err != nil {
			return step{}, err
		}
		if !isAuthenticatorCode(code) {
			ch.Retry = notAnAuthenticatorCode
			continue
		}
		out, err := pool.client.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
			ClientId:           aws.String(pool.clientID),
			ChallengeName:      types.ChallengeNameTypeSoftwareTokenMfa,
			Session:            next.session,
			ChallengeResponses: map[string]string{"USERNAME": username, "SOFTWARE_TOKEN_MFA_CODE": code},
		})
		if ch.Retry = authenticatorRetry(err); ch.Retry == "" {
			if err != nil {
				return step{}, err
			}
			return responded(out), nil
		}
	}
}

// The messages of an authenticator code asked again.
const (
	notAnAuthenticatorCode = "An authenticator code is 6 digits."
	wrongAuthenticatorCode = "Wrong code."
	usedAuthenticatorCode  = "That code was already used: wait for the app's next one."
)

// authenticatorRetry returns why an authenticator code is to be asked
// again after Cognito answered err, or "" when it is not: success, or an
// error that ends the command.
func authenticatorRetry(err error) string {
	var (
		mismatch *types.CodeMismatchException
		failed   *types.EnableSoftwareTokenMFAException
		expired  *types.ExpiredCodeException
	)
	switch {
	case err == nil:
		return ""
	case errors.As(err, &mismatch), errors.As(err, &failed):
		return wrongAuthenticatorCode
	case errors.As(err, &expired):
		return usedAuthenticatorCode
	}
	return ""
}

// isAuthenticatorCode reports whether code has the form of a TOTP code:
// six ASCII digits.
func isAuthenticatorCode(code string) bool {
	if len(code) != authenticatorCodeLength {
		return false
	}
	for _, c := range code {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
