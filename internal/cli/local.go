package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/localpool"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

// flowNames lists the sign-in flows, for --sign-in-flow's help.
func flowNames() string {
	names := make([]string, len(session.Flows))
	for i, f := range session.Flows {
		names[i] = string(f)
	}
	return strings.Join(names, " or ")
}

// The values of local's --mfa, as the template's AuthenticatorApp.
const (
	mfaOptional = "optional"
	mfaRequired = "required"
)

const localAbout = `Serves a local Amazon Cognito user pool that speaks the Cognito Identity
Provider API (SignUp, InitiateAuth with CUSTOM_AUTH or REFRESH_TOKEN_AUTH,
RespondToAuthChallenge, GetTokensFromRefreshToken, RevokeToken,
GlobalSignOut, AdminUserGlobalSignOut, GetUser, AdminGetUser, ListUsers)
and runs the four trigger binaries as Lambda does. Point the AWS CLI or an
AWS SDK at it with --endpoint-url, or Amplify with userPoolEndpoint.
Browser pages served from this machine (localhost, 127.0.0.1, [::1]) may
call it; --allow-origin names the origins allowed instead. It answers only
requests addressed to localhost, 127.0.0.1 or [::1] (any port) and to the
hosts --allow-host names: any other gets 421, so that no web page can read
the codes by DNS rebinding. Users sign up and in by phone number, or as
--username-attributes says by email address or either; codes go by SMS to
a phone number and by email to an address.
Each SMS and email is printed here, unless AWS_ENDPOINT_URL_SNS or
AWS_ENDPOINT_URL_SESV2 names an endpoint (such as moto_server) to send it
to, and each step of a sign-up or sign-in is a line: a sign-up, a right or
wrong code, tokens issued, a refusal and its reason. The triggers' JSON
logs go to a file, a new temporary one unless --logs names one, whose path
is printed at start; --verbose prints them here instead, on stderr. Stop
with Ctrl+C.`

// Local runs "passwordless local": it serves a local user pool until ctx
// is cancelled. The pool's ids, endpoint, SMS, email and a line per step
// of a sign-up or sign-in go to stdout, problems to stderr, and the
// triggers' logs to a file (or with --verbose to stderr).
func Local(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("local", "", localAbout, stderr)
	opts := localpool.Options{Out: stdout, Events: true}
	fs.StringVar(&opts.Addr, "addr", localpool.DefaultAddr, "listen address of the Cognito endpoint (host:port)")
	fs.StringVar(&opts.UserPoolID, "user-pool-id", "", "user pool id (default <region>_LocalPool1)")
	fs.StringVar(&opts.ClientID, "client-id", localpool.DefaultClientID, "app client id")
	fs.StringVar(&opts.Region, "region", localpool.DefaultRegion, "the pool's region, in trigger events and the triggers' AWS_REGION")
	fs.StringVar(&opts.BinDir, "bin-dir", "", "use prebuilt triggers DIR/<name>/bootstrap, built for this machine, instead of building them")
	fs.Func("allow-origin", "let only pages from `ORIGIN` (scheme://host[:port], or * for any) call the pool from a browser; repeat or separate with commas (default: pages served from this machine)",
		appendList(&opts.AllowedOrigins))
	fs.Func("allow-host", "also answer requests addressed to `NAME`, a host name or IP address without a port (any port), besides localhost, 127.0.0.1 and [::1]; repeat or separate with commas (requests to any other host get 421 Misdirected Request)",
		appendList(&opts.AllowedHosts))
	fs.DurationVar(&opts.SessionValidity, "session-validity", localpool.DefaultSessionValidity, "how long a sign-in session lasts")
	flow := fs.String("sign-in-flow", config.DefaultSignInFlow, "the define trigger's SIGN_IN_FLOW: "+flowNames()+" (password-and-code: sign-up and sign-in with --password-stdin)")
	usernames := fs.String("username-attributes", "phone_number", "what users sign up and sign in with, as a Cognito pool's UsernameAttributes: `ATTRIBUTES` phone_number, email, phone_number,email or email,phone_number; the triggers' CHANNELS follows (sms, email, in that order: the first code goes by the first one the user has)")
	mfa := fs.String("mfa", mfaOptional, "the pool's MFA in the password-and-code flow (the template's AuthenticatorApp): "+mfaOptional+" (users may add an authenticator app) or "+mfaRequired+" (after the password, a user without one must set one up: MFA_SETUP)")
	fs.BoolVar(&opts.Passkeys, "passkeys", false, "turn passkeys on (the template's Passkeys parameter): sign-ins start with a passkey round, the passkeys API is served at /passkeys, and the sign-in page (open it at http://localhost:PORT/) registers and uses passkeys")
	verbose := fs.Bool("verbose", false, "print the triggers' JSON logs here, on stderr, instead of writing them to a file")
	logsPath := fs.String("logs", "", "append the triggers' JSON logs to `FILE` (default: a new temporary file, named at start)")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	if *verbose && *logsPath != "" {
		return usageError(fs, "--verbose prints the triggers' logs and --logs writes them to a file: give one or the other")
	}
	if opts.SessionValidity <= 0 {
		return usageError(fs, "--session-validity must be positive, got %v", opts.SessionValidity)
	}
	if _, err := session.ParseFlow(*flow); err != nil {
		return usageError(fs, "--sign-in-flow: %v", err)
	}
	attrs, err := localpool.ParseUsernameAttributes(*usernames)
	if err != nil {
		return usageError(fs, "--username-attributes: %v", strings.TrimPrefix(err.Error(), "localpool: "))
	}
	opts.UsernameAttributes = attrs
	switch *mfa {
	case mfaOptional:
	case mfaRequired:
		if *flow == string(session.FlowCode) {
			return usageError(fs, "--mfa %s needs --sign-in-flow %s: Cognito asks for MFA only after a password, and the %s flow has none", mfaRequired, session.FlowPasswordAndCode, session.FlowCode)
		}
		opts.MFARequired = true
	default:
		return usageError(fs, "--mfa must be %s or %s, got %q", mfaOptional, mfaRequired, *mfa)
	}
	if *flow != config.DefaultSignInFlow {
		opts.Env = map[string]string{config.EnvSignInFlow: *flow}
	}
	var logs *os.File // the triggers' logs, unless --verbose prints them
	if *verbose {
		opts.Logs, opts.LogsTo = stderr, "printed here (stderr)"
	} else {
		if logs, err = openLogs(*logsPath); err != nil {
			return err
		}
		defer logs.Close()
		opts.Logs, opts.LogsTo = logs, logs.Name()
	}
	if opts.BinDir == "" {
		fmt.Fprintln(stderr, "Building the triggers for this machine...")
	}
	srv, err := localpool.Start(ctx, opts)
	if err != nil {
		if logs != nil && *logsPath == "" {
			os.Remove(logs.Name()) // a new file, empty: the pool did not start
		}
		return err
	}
	fmt.Fprintln(stdout, "Serving; press Ctrl+C to stop.")
	<-ctx.Done()
	if err := srv.Close(); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "Stopped.")
	return nil
}

// openLogs opens the file the triggers' logs go to, path or else a new
// temporary file, by its absolute path (which the start-up lines print).
// It appends: the four trigger processes write to it at once, and a file
// given again keeps the logs of earlier runs.
func openLogs(path string) (*os.File, error) {
	if path == "" {
		f, err := os.CreateTemp("", "passwordless-local-*.log")
		if err != nil {
			return nil, err
		}
		f.Close()
		path = f.Name()
	}
	path, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
}

// appendList is a flag that may repeat and takes comma-separated values:
// each, trimmed, goes to the end of *list.
func appendList(list *[]string) func(string) error {
	return func(v string) error {
		for _, item := range strings.Split(v, ",") {
			*list = append(*list, strings.TrimSpace(item))
		}
		return nil
	}
}
