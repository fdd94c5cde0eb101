package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"rsc.io/qr"
)

// totpGroup is "passwordless totp".
var totpGroup = group{
	name:  "totp",
	about: "An authenticator app (TOTP) as the second factor after a password.",
	examples: `  passwordless totp setup +15555550123 --password-stdin --endpoint-url http://127.0.0.1:9229
  passwordless totp code --secret-stdin < secret.txt
`,
	commands: []command{
		{"setup", "sign in, then add an authenticator app to the user: prints its otpauth:// URI and QR code, and checks its first code", runTOTPSetup, nil},
		{"code", "print the current code of a TOTP secret, as an authenticator app shows it (a test aid)", runTOTPCode, nil},
	},
}

const totpSetupAbout = `Adds an authenticator app (TOTP) to the user of PHONE or EMAIL, in a pool whose
SIGN_IN_FLOW is password-and-code, as an app does it for a signed-in user:
the command signs in as sign-in --password-stdin does (the password, the
first line of stdin or asked without echo, then the SMS code, or the current
authenticator app's code if the user has one), then calls
AssociateSoftwareToken and prints the new secret as an otpauth:// URI on
stdout and as a QR code on stderr. It then asks for the first code the app
shows (the next line of stdin), checks it with VerifySoftwareToken, and
turns the app on with SetUserMFAPreference. From then on a sign-in with the
password asks for the app's code instead of an SMS code (or before it, when
the pool's REQUIRE_CODE_AFTER_MFA asks for both). Running it again replaces
the app. The tokens of the sign-in are used for these calls only, and
never printed. In a pool that requires MFA, a user without an app is asked
to set one up by the sign-in itself (MFA_SETUP), as sign-in does: the
command then ends after the sign-in, with that app set up.

Local mode:     passwordless totp setup PHONE|EMAIL --password-stdin --endpoint-url http://127.0.0.1:9229
Deployed pool:  passwordless totp setup PHONE|EMAIL --password-stdin --user-pool-id POOL_ID --client-id ID`

func runTOTPSetup(ctx context.Context, s streams, args []string) error {
	fs := newFlagSet("totp setup", usernameArgs, totpSetupAbout, s.stderr)
	var pf poolFlags
	pf.register(fs)
	pf.registerUserPoolID(fs)
	withPassword := fs.Bool("password-stdin", false, passwordStdinUsage+" (required: the app is asked for after the password)")
	app := appSetup{uri: s.stdout, status: s.stderr, result: s.stdout}
	app.register(fs, "")
	number, pool, err := pf.parseUsername(ctx, fs, args)
	if err != nil {
		return err
	}
	if !*withPassword {
		return usageError(fs, "--password-stdin is required: the pool asks for an authenticator app's code after the password, so the app is set up by a sign-in with the password")
	}
	if err := app.check(fs); err != nil {
		return err
	}
	if pool.userPoolID == "" {
		return usageError(fs, "--user-pool-id is required with --password-stdin for a deployed pool: the password proof signs the pool's id (in the stack's outputs)")
	}
	password, in, err := readPassword(ctx, fs, s.stdin, s.stderr, false)
	if err != nil {
		return err
	}
	codes := newLineCodes("", in, s.stderr)
	res, err := signIn(ctx, pool, number, password, codes, s.stderr, &app)
	if err != nil {
		return err
	}
	fmt.Fprintln(s.stderr, "Signed in.")
	if app.done {
		// The pool requires an app, and the sign-in has just set one up.
		return nil
	}
	setup := totpSetup{pool: pool, accessToken: res.AccessToken, codes: codes, status: s.stderr}
	secret, err := setup.associate(ctx)
	if err != nil {
		return err
	}
	if err := app.show(number, secret); err != nil {
		return err
	}
	if err := setup.verify(ctx, app.device); err != nil {
		return err
	}
	if err := setup.enable(ctx); err != nil {
		return err
	}
	app.printDone(number)
	return nil
}

// appSetup is how a new authenticator app is shown and named: by totp
// setup, and by a sign-in that the pool asks to set one up (Cognito's
// MFA_SETUP challenge, where MFA is required).
type appSetup struct {
	// issuer is the name the app lists the account under, and device
	// the name given to the app (FriendlyDeviceName), if any.
	issuer, device string
	// uri gets the otpauth:// URI (stdout); status the QR code, the key
	// and the prompts (stderr); result the line that says it is done.
	uri, status, result io.Writer
	// done is set once a sign-in has set an app up.
	done bool
}

// register adds --issuer and --device-name to fs; when is what the help
// adds about when they apply ("" for always).
func (a *appSetup) register(fs *flag.FlagSet, when string) {
	fs.StringVar(&a.issuer, "issuer", "passwordless", "the name the authenticator app shows the account under, with PHONE or EMAIL (the otpauth:// URI's issuer)"+when)
	fs.StringVar(&a.device, "device-name", "", "a name for the app (VerifySoftwareToken's FriendlyDeviceName), which sign-in shows when it asks for a code"+when)
}

// check refuses an issuer the URI cannot carry.
func (a *appSetup) check(fs *flag.FlagSet) error {
	if a.issuer == "" || strings.Contains(a.issuer, ":") {
		return usageError(fs, "--issuer must be a non-empty name without ':', got %q", a.issuer)
	}
	return nil
}

// show prints secret, the new app's key for account: as a QR code and as
// a key to type, and as the otpauth:// URI.
func (a *appSetup) show(account, secret string) error {
	uri := keyURI(a.issuer, account, secret)
	fmt.Fprintln(a.status, "Add this account to your authenticator app: scan the QR code, or enter the key below.")
	if err := printQR(a.status, uri); err != nil {
		return err
	}
	fmt.Fprintf(a.status, "Key: %s\n", groupsOf4(secret))
	fmt.Fprintln(a.uri, uri)
	return nil
}

// printDone says the app is set up for account.
func (a *appSetup) printDone(account string) {
	fmt.Fprintf(a.result, "Authenticator app set up for %s: sign-in with the password now asks for its code.\n", account)
}

// duringSignIn answers Cognito's MFA_SETUP challenge, at next, for
// account: it associates a new secret with the challenge's Session, shows
// it, verifies the app's first code from codes with the Session that
// AssociateSoftwareToken returned, and answers MFA_SETUP with the Session
// that VerifySoftwareToken returned, which turns the app on. It returns
// what follows: the SMS code's challenge, since define asks for it after
// an app is set up.
func (a *appSetup) duringSignIn(ctx context.Context, pool *pool, account string, next step, codes codeSource) (step, error) {
	// A JSON array of MFA types, as Cognito's own clients parse it.
	var canSetUp []string
	if err := json.Unmarshal([]byte(next.params["MFAS_CAN_SETUP"]), &canSetUp); err != nil || !slices.Contains(canSetUp, string(types.ChallengeNameTypeSoftwareTokenMfa)) {
		return step{}, fmt.Errorf("the pool asks to set up MFA of the types %q; this command sets up an authenticator app (SOFTWARE_TOKEN_MFA) only", next.params["MFAS_CAN_SETUP"])
	}
	fmt.Fprintln(a.status, "The pool requires an authenticator app: set one up to sign in.")
	setup := totpSetup{pool: pool, session: next.session, codes: codes, status: a.status}
	secret, err := setup.associate(ctx)
	if err != nil {
		return step{}, err
	}
	if err := a.show(account, secret); err != nil {
		return step{}, err
	}
	if err := setup.verify(ctx, a.device); err != nil {
		return step{}, err
	}
	out, err := pool.client.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ClientId:           aws.String(pool.clientID),
		ChallengeName:      types.ChallengeNameTypeMfaSetup,
		Session:            setup.session,
		ChallengeResponses: map[string]string{"USERNAME": account},
	})
	if err != nil {
		return step{}, err
	}
	a.done = true
	a.printDone(account)
	return responded(out), nil
}

// totpSetup is the setup of a user's authenticator app: for a signed-in
// user, by the access token, which stays here; or during a sign-in, by the
// Session of Cognito's MFA_SETUP challenge, which each call moves on.
type totpSetup struct {
	pool        *pool
	accessToken *string
	session     *string
	codes       codeSource
	status      io.Writer
}

// associate returns a new secret for the user's authenticator app.
func (t *totpSetup) associate(ctx context.Context) (string, error) {
	out, err := t.pool.client.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{AccessToken: t.accessToken, Session: t.session})
	if err != nil {
		return "", err
	}
	secret := aws.ToString(out.SecretCode)
	if secret == "" {
		return "", errors.New("AssociateSoftwareToken returned no secret")
	}
	if t.session != nil {
		t.session = out.Session
	}
	return secret, nil
}

// verify asks for codes of the app until VerifySoftwareToken takes one;
// a wrong code is asked again.
func (t *totpSetup) verify(ctx context.Context, device string) error {
	ch := challenge{Round: 1, CodeLength: authenticatorCodeLength, Authenticator: true}
	fmt.Fprintf(t.status, "Enter the %d-digit code the app shows, to check it has the key.\n", authenticatorCodeLength)
	for ; ; ch.Round++ {
		code, err := t.codes.Code(ctx, ch)
		if err != nil {
			return err
		}
		if !isAuthenticatorCode(code) {
			ch.Retry = notAnAuthenticatorCode
			ch.report(t.status)
			continue
		}
		in := &cip.VerifySoftwareTokenInput{AccessToken: t.accessToken, Session: t.session, UserCode: aws.String(code)}
		if device != "" {
			in.FriendlyDeviceName = aws.String(device)
		}
		out, err := t.pool.client.VerifySoftwareToken(ctx, in)
		if ch.Retry = authenticatorRetry(err); ch.Retry != "" {
			ch.report(t.status)
			continue
		}
		switch {
		case err != nil:
			return err
		case out.Status != types.VerifySoftwareTokenResponseTypeSuccess:
			return fmt.Errorf("VerifySoftwareToken answered %s", out.Status)
		}
		if t.session != nil {
			t.session = out.Session
		}
		return nil
	}
}

// enable makes the app the user's preferred MFA, which sign-in then asks for.
func (t *totpSetup) enable(ctx context.Context) error {
	_, err := t.pool.client.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{
		AccessToken:              t.accessToken,
		SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: true, PreferredMfa: true},
	})
	return err
}

// keyURI is the otpauth:// URI of secret for account, in the Key URI
// Format that authenticator apps read: otpauth://totp/ISSUER:ACCOUNT
// ?secret=SECRET&issuer=ISSUER, with Cognito's parameters (SHA-1, 6 digits,
// 30 seconds), which are the format's defaults. The secret is passed as
// Cognito gave it. "+" is escaped (%2B), and a space is %20, as in the
// format's examples.
func keyURI(issuer, account, secret string) string {
	label := escapeKeyURI(issuer) + ":" + escapeKeyURI(account)
	return "otpauth://totp/" + label + "?secret=" + escapeKeyURI(secret) + "&issuer=" + escapeKeyURI(issuer)
}

// escapeKeyURI escapes a part of the URI: url.QueryEscape, whose "+" for a
// space would read as a plus in the label, so with %20 instead.
func escapeKeyURI(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// printQR writes text as a QR code of Unicode half blocks, two rows of
// modules a line, with the 4-module quiet zone scanners need. Light
// modules are full blocks, so that the code reads right on a terminal with
// light text on a dark background.
func printQR(w io.Writer, text string) error {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return fmt.Errorf("QR code: %w", err)
	}
	const quiet = 4
	black := func(x, y int) bool {
		x, y = x-quiet, y-quiet
		return x >= 0 && y >= 0 && x < code.Size && y < code.Size && code.Black(x, y)
	}
	size := code.Size + 2*quiet
	var b strings.Builder
	for y := 0; y < size; y += 2 {
		for x := 0; x < size; x++ {
			top, bottom := black(x, y), y+1 < size && black(x, y+1)
			switch {
			case top && bottom:
				b.WriteRune(' ')
			case top:
				b.WriteRune('▄')
			case bottom:
				b.WriteRune('▀')
			default:
				b.WriteRune('█')
			}
		}
		b.WriteByte('\n')
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// groupsOf4 writes a secret in groups of four characters, for typing it
// into an app (which ignores the spaces).
func groupsOf4(secret string) string {
	var groups []string
	for len(secret) > 4 {
		groups = append(groups, secret[:4])
		secret = secret[4:]
	}
	return strings.Join(append(groups, secret), " ")
}

const totpCodeAbout = `Prints the code an authenticator app shows now for a TOTP secret, with
Cognito's parameters (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps).
A test aid, for scripts and tests that sign in as a user with an
authenticator app: the secret is that user's second factor, so keep real
users' secrets out of scripts. The secret is base32 (spaces
ignored) or the otpauth:// URI totp setup prints, whose own parameters
then apply; --secret-stdin reads it from the first line of stdin, out of
the process list.

Example:  passwordless totp code --secret-stdin < secret.txt`

func runTOTPCode(_ context.Context, s streams, args []string) error {
	fs := newFlagSet("totp code", "", totpCodeAbout, s.stderr)
	secretFlag := fs.String("secret", "", "the TOTP secret (base32, or an otpauth:// URI); visible to other users of the machine in the process list, so prefer --secret-stdin")
	fromStdin := fs.Bool("secret-stdin", false, "read the secret from the first line of stdin")
	at := fs.String("time", "", "print the code of this time (RFC 3339, such as 2026-01-02T15:04:05Z) instead of now, to test clock skew")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	secret := *secretFlag
	switch {
	case secret != "" && *fromStdin:
		return usageError(fs, "give --secret or --secret-stdin, not both")
	case *fromStdin:
		line, err := bufio.NewReader(s.stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read the secret from stdin: %w", err)
		}
		if secret = strings.TrimSpace(line); secret == "" {
			return usageError(fs, "--secret-stdin: the first line of stdin, the secret, is empty")
		}
	case secret == "":
		return usageError(fs, "--secret or --secret-stdin is required")
	}
	now := time.Now()
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return usageError(fs, "--time must be RFC 3339, such as 2026-01-02T15:04:05Z, got %q", *at)
		}
		now = t
	}
	code, err := totpCode(secret, now)
	if err != nil {
		return usageError(fs, "%v", err)
	}
	fmt.Fprintln(s.stdout, code)
	return nil
}

// cognitoTOTP are Cognito's TOTP parameters, RFC 6238's defaults.
var cognitoTOTP = totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// totpCode returns the code of secret at t: a base32 secret with Cognito's
// parameters, or an otpauth://totp URI with its own. The error never
// quotes the secret.
func totpCode(secret string, t time.Time) (string, error) {
	opts := cognitoTOTP
	if strings.HasPrefix(strings.ToLower(secret), "otpauth://") {
		key, err := otp.NewKeyFromURL(secret)
		if err != nil || key.Type() != "totp" || key.Secret() == "" {
			return "", errors.New("the secret is not an otpauth://totp/ URI with a secret")
		}
		secret = key.Secret()
		opts = totp.ValidateOpts{Period: uint(key.Period()), Digits: key.Digits(), Algorithm: key.Algorithm()}
	}
	secret = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, secret)
	code, err := totp.GenerateCodeCustom(secret, t, opts)
	if err != nil {
		return "", errors.New("the secret is not base32 (the letters A to Z and the digits 2 to 7)")
	}
	return code, nil
}
