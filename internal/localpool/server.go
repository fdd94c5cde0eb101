package localpool

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/build"
	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/limitstable"
	"github.com/cognito-passwordless/passwordless-go/internal/loopback"
	"github.com/cognito-passwordless/passwordless-go/internal/otp"
	"github.com/cognito-passwordless/passwordless-go/internal/sesoutbox"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
	"github.com/cognito-passwordless/passwordless-go/internal/signinpage"
	"github.com/cognito-passwordless/passwordless-go/internal/snsoutbox"
)

// Defaults of Options.
const (
	DefaultAddr   = "127.0.0.1:9229"
	DefaultRegion = "us-east-1"
	// DefaultClientID is a fixed app client id, 26 lowercase letters and
	// digits like Cognito's, so that scripts can rely on it.
	DefaultClientID = "passwordlesslocalclient001"
	// DefaultPoolSuffix follows the region in the default user pool id.
	DefaultPoolSuffix = "_LocalPool1"
)

// Cognito's patterns for ids.
var (
	userPoolIDPattern = regexp.MustCompile(`^[\w-]+_[0-9a-zA-Z]+$`)
	clientIDPattern   = regexp.MustCompile(`^[\w+]{1,128}$`)
)

// Options configures local mode. The zero value is usable.
type Options struct {
	// Addr is the Cognito endpoint's listen address. Default DefaultAddr;
	// "127.0.0.1:0" picks a free port.
	Addr string
	// UserPoolID is the pool's id. Default Region + "_LocalPool1".
	UserPoolID string
	// ClientID is the app client's id. Default DefaultClientID.
	ClientID string
	// Region is the pool's region, in events and in the triggers'
	// AWS_REGION. Default DefaultRegion.
	Region string
	// BinDir holds BinDir/<name>/bootstrap for each trigger, built for
	// this machine. Empty builds them from the module checkout.
	BinDir string
	// SessionValidity is how long a sign-in session lasts. Default
	// DefaultSessionValidity.
	SessionValidity time.Duration
	// UsernameAttributes are what users sign up and sign in with, as a
	// Cognito pool's UsernameAttributes: "phone_number", "email", or both,
	// in the order the triggers' CHANNELS prefers sms and email for the
	// first code (which Env may override). Default [phone_number].
	UsernameAttributes []string
	// AllowedOrigins are the web origins (scheme://host[:port]) whose pages
	// may call the pool from a browser; AnyOrigin allows every origin, as
	// Cognito does. Empty allows loopback origins only (localhost,
	// 127.0.0.1, [::1], any port and scheme).
	AllowedOrigins []string
	// AllowedHosts are host names or IP addresses, without a port, that
	// requests may be addressed to (their Host header) besides loopback
	// hosts: localhost, 127.0.0.0/8 and [::1], with any port. A request to
	// any other host gets 421 Misdirected Request, so that a page that
	// reaches the pool by DNS rebinding gets nothing. Empty allows
	// loopback hosts only.
	AllowedHosts []string
	// Env overrides the triggers' environment variables (those of
	// config.Variables, such as MAX_ATTEMPTS, and CHANNELS, which
	// UsernameAttributes sets otherwise).
	Env map[string]string
	// MFARequired makes the pool's MFA required (MfaConfiguration ON, the
	// template's AuthenticatorApp=required) instead of optional: after the
	// password, a user without an authenticator app gets Cognito's
	// MFA_SETUP challenge. Only the password-and-code sign-in flow
	// (Env's SIGN_IN_FLOW) has a password to ask it after; Start refuses
	// it with the code flow.
	MFARequired bool
	// Passkeys turns passkeys on, as the template's Passkeys parameter
	// does: the create and verify triggers get a credentials table (in
	// memory, or at AWS_ENDPOINT_URL_DYNAMODB), the relying party
	// localhost and the pool's origin by that name (open the sign-in page
	// at http://localhost:PORT/, not 127.0.0.1), and the pool serves the
	// passkeys API at /passkeys, running the real passkeys-api function.
	Passkeys bool
	// Out is the terminal: start-up lines and the outboxes' messages.
	// Nil discards them.
	Out io.Writer
	// Events adds to Out one readable line per step of a sign-up or a
	// sign-in: a sign-up, a right or wrong answer, tokens issued, a
	// refusal and its reason. Addresses in them are masked.
	Events bool
	// Logs receives the trigger processes' logs. Nil discards them.
	Logs io.Writer
	// LogsTo, when set, says in the start-up lines where Logs goes, such
	// as a file's path.
	LogsTo string

	// observe, when set (by this package's tests), sees every event
	// payload exactly as it is sent to a trigger process.
	observe func(command string, payload []byte)
	// clock, when set (by this package's tests), is the time TOTP codes
	// are checked at; time.Now otherwise.
	clock func() time.Time
	// limits, when set (by this package's tests), shortens the pool's
	// timeouts and connection cap; its zero fields take loopback's.
	limits loopback.Limits
}

// Server is a running local user pool.
type Server struct {
	userPoolID, clientID string
	logs                 io.Writer
	// console is the terminal, Options.Out.
	console *console

	listener net.Listener
	http     *http.Server
	outbox   *snsoutbox.Outbox // nil when AWS_ENDPOINT_URL_SNS sends SMS elsewhere
	// emailOutbox keeps the email; nil when AWS_ENDPOINT_URL_SESV2 sends
	// it elsewhere.
	emailOutbox *sesoutbox.Outbox
	// channels are the triggers' CHANNELS, for the start-up lines.
	channels []session.Channel
	// limitsTable keeps the abuse counters in memory; nil when
	// AWS_ENDPOINT_URL_DYNAMODB holds them, or they are off.
	limitsTable *limitstable.Table
	// signInFlow is the define trigger's SIGN_IN_FLOW, for the start-up lines.
	signInFlow string
	// passkeys is Options.Passkeys.
	passkeys bool
	// page serves the sign-in page.
	page http.Handler
	// passwordFlow is set when the flow starts with the password, after
	// which Cognito asks for MFA: MfaConfiguration OPTIONAL, or ON when
	// mfaRequired (Options.MFARequired) is set; OFF otherwise.
	passwordFlow, mfaRequired bool
	// limitsEndpoint and limitsTableName are where the counters are;
	// empty when they are off.
	limitsEndpoint, limitsTableName string
	triggers                        *triggers
	users                           *userStore
	sessions                        *sessionStore
	tokens                          *tokenIssuer
	origins                         originPolicy
	// decoyKey derives the USERNAME an unknown user's challenge names.
	decoyKey []byte
	// codeSealer seals the attribute verification codes, kept by user and
	// attribute in attributeCodes until used, voided or expired.
	codeSealer          *otp.Sealer
	attributeCodesMu    sync.Mutex
	attributeCodes      map[string]*attributeCode
	verificationBudgets map[string]*verificationBudget
	// now is the time TOTP codes are checked at.
	now func() time.Time
	// passwordLockout is Cognito's own limit on wrong passwords.
	passwordLockout *passwordLockout
	// buildDir is the temporary directory of built triggers, if any.
	buildDir string

	operations map[string]operation
	closeOnce  sync.Once
	closeErr   error
}

// Start builds or finds the triggers, starts them, and serves the pool. ctx
// bounds the start only (building the triggers can take a while); the
// server runs until Close.
func Start(ctx context.Context, opts Options) (*Server, error) {
	opts, err := withDefaults(opts)
	if err != nil {
		return nil, err
	}
	values, err := triggerVariables(opts.Env, opts.UsernameAttributes, opts.MFARequired)
	if err != nil {
		return nil, err
	}
	origins, err := newOriginPolicy(opts.AllowedOrigins)
	if err != nil {
		return nil, err
	}
	// triggerVariables has checked the flow as define does, and that MFA is
	// required only where there is a password.
	flow, _ := session.ParseFlow(values[config.EnvSignInFlow])
	s := &Server{userPoolID: opts.UserPoolID, clientID: opts.ClientID, logs: opts.Logs, users: newUserStore(opts.UsernameAttributes),
		sessions: newSessionStore(opts.SessionValidity), origins: origins, decoyKey: randomBytes(32), now: opts.clock,
		passwordFlow: flow != session.FlowCode, mfaRequired: opts.MFARequired, console: &console{out: opts.Out}}
	if s.now == nil {
		s.now = time.Now
	}
	s.passwordLockout = newPasswordLockout(s.now)
	if s.codeSealer, err = otp.NewSealer(randomBytes(32)); err != nil {
		return nil, err
	}
	s.attributeCodes, s.verificationBudgets = map[string]*attributeCode{}, map[string]*verificationBudget{}
	ok := false
	defer func() {
		if !ok {
			s.Close()
		}
	}()

	if s.listener, err = net.Listen("tcp", opts.Addr); err != nil {
		return nil, fmt.Errorf("localpool: %w", err)
	}
	commands := config.Triggers
	if s.passkeys = opts.Passkeys; s.passkeys {
		if err := passkeySettings(values, opts.Env, s.port()); err != nil {
			return nil, err
		}
		commands = build.Functions
	}
	snsEndpoint := os.Getenv("AWS_ENDPOINT_URL_SNS")
	if snsEndpoint == "" {
		if s.outbox, err = snsoutbox.Start(s.console); err != nil {
			return nil, err
		}
		snsEndpoint = s.outbox.URL()
	}
	s.channels, _ = session.ParseChannels(values[config.EnvChannels]) // checked by triggerVariables
	sesEndpoint, err := s.startEmail(ctx, s.console, values[config.EnvEmailFrom], opts.Region)
	if err != nil {
		return nil, err
	}
	s.limitsTableName, s.signInFlow = values[config.EnvLimitsTable], values[config.EnvSignInFlow]
	if s.limitsEndpoint, err = s.startLimits(ctx, s.limitsTableName, values[config.EnvCredentialsTable], opts.Region); err != nil {
		return nil, err
	}
	binDir := opts.BinDir
	if binDir == "" {
		binDir, err = s.buildTriggers(ctx, commands)
	} else {
		binDir, err = filepath.Abs(binDir) // exec would look a bare name up in PATH
	}
	if err != nil {
		return nil, err
	}
	ep := endpoints{sns: snsEndpoint, sesv2: sesEndpoint, dynamodb: s.limitsEndpoint, cognito: s.URL()}
	envFor := func(command string) []string { return triggerEnv(command, values, opts.Region, ep) }
	s.triggers = &triggers{region: opts.Region, userPoolID: opts.UserPoolID, clientID: opts.ClientID, observe: opts.observe}
	if err := s.triggers.start(binDir, commands, envFor, opts.Logs); err != nil {
		return nil, err
	}
	if s.tokens, err = newTokenIssuer(s.URL()+"/"+opts.UserPoolID, opts.ClientID); err != nil {
		return nil, err
	}
	s.operations = map[string]operation{
		"SignUp":                 handle(reported(opts.Events, s.signUp, s.reportSignUp)),
		"InitiateAuth":           handle(reported(opts.Events, s.initiateAuth, s.reportInitiateAuth)),
		"RespondToAuthChallenge": handle(reported(opts.Events, s.respondToAuthChallenge, s.reportAnswer)),
		"GetUser":                handle(s.getUser),
		"AdminGetUser":           handle(s.adminGetUser),
		"ListUsers":              handle(s.listUsers),

		"GetTokensFromRefreshToken": handle(s.getTokensFromRefreshToken),
		"RevokeToken":               handle(s.revokeToken),
		"GlobalSignOut":             handle(s.globalSignOut),
		"ChangePassword":            handle(s.changePassword),
		"AdminUserGlobalSignOut":    handle(s.adminUserGlobalSignOut),

		"UpdateUserAttributes":             handle(s.updateUserAttributes),
		"AdminUpdateUserAttributes":        handle(s.adminUpdateUserAttributes),
		"GetUserAttributeVerificationCode": handle(s.getUserAttributeVerificationCode),
		"VerifyUserAttribute":              handle(s.verifyUserAttribute),

		"AssociateSoftwareToken":    handle(s.associateSoftwareToken),
		"VerifySoftwareToken":       handle(s.verifySoftwareToken),
		"SetUserMFAPreference":      handle(s.setUserMFAPreference),
		"AdminSetUserMFAPreference": handle(s.adminSetUserMFAPreference),
	}
	pageConfig := signinpage.Config{ClientID: s.clientID, Region: opts.Region, UserPoolID: s.userPoolID,
		UsernameAttributes: opts.UsernameAttributes, SignInFlow: s.signInFlow}
	if s.passkeys {
		pageConfig.PasskeysAPI = "/" // served here, by passkeysAPIRoutes
	}
	s.page = signinpage.Handler(pageConfig)
	s.http = loopback.Serve(s.listener, s.routes(), opts.AllowedHosts, opts.limits)
	ok = true
	s.printStart(s.console, snsEndpoint, sesEndpoint, opts.UsernameAttributes, opts.LogsTo)
	return s, nil
}

func withDefaults(opts Options) (Options, error) {
	if opts.Addr == "" {
		opts.Addr = DefaultAddr
	}
	if opts.Region == "" {
		opts.Region = DefaultRegion
	}
	if opts.UserPoolID == "" {
		opts.UserPoolID = opts.Region + DefaultPoolSuffix
	}
	if opts.ClientID == "" {
		opts.ClientID = DefaultClientID
	}
	if opts.SessionValidity == 0 {
		opts.SessionValidity = DefaultSessionValidity
	}
	if len(opts.UsernameAttributes) == 0 {
		opts.UsernameAttributes = []string{attrPhoneNumber}
	}
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	if opts.Logs == nil {
		opts.Logs = io.Discard
	}
	switch {
	case !userPoolIDPattern.MatchString(opts.UserPoolID) || len(opts.UserPoolID) > 55:
		return opts, fmt.Errorf("localpool: user pool id %q is not of Cognito's form <region>_<letters and digits>", opts.UserPoolID)
	case !clientIDPattern.MatchString(opts.ClientID):
		return opts, fmt.Errorf("localpool: client id %q must be 1 to 128 letters, digits, _ or +", opts.ClientID)
	case opts.SessionValidity < 0:
		return opts, fmt.Errorf("localpool: session validity %v is negative", opts.SessionValidity)
	}
	if _, err := ParseUsernameAttributes(strings.Join(opts.UsernameAttributes, ",")); err != nil {
		return opts, err
	}
	return opts, checkAllowedHosts(opts.AllowedHosts)
}

// checkAllowedHosts refuses an entry of Options.AllowedHosts that is not a
// host name or an IP address alone, which loopback.Guard would ignore.
func checkAllowedHosts(hosts []string) error {
	for _, h := range hosts {
		if _, err := loopback.AllowedHost(h); err != nil {
			return fmt.Errorf("localpool: allowed host %q: %w", h, err)
		}
	}
	return nil
}

// buildTriggers builds the functions of commands for this machine from
// the module checkout into a temporary directory that Close removes.
func (s *Server) buildTriggers(ctx context.Context, commands []string) (string, error) {
	dir, err := os.MkdirTemp("", "passwordless-local-")
	if err != nil {
		return "", err
	}
	s.buildDir = dir
	if err := build.ModuleCommands(ctx, dir, build.Host, commands...); err != nil {
		return "", fmt.Errorf("localpool: building the triggers: %w", err)
	}
	return dir, nil
}

func (s *Server) printStart(out io.Writer, snsEndpoint, sesEndpoint string, usernameAttributes []string, logsTo string) {
	sms := "printed here (outbox at " + snsEndpoint + ")"
	if s.outbox == nil {
		sms = "sent to AWS_ENDPOINT_URL_SNS=" + snsEndpoint
	}
	mail := "printed here (outbox at " + sesEndpoint + ")"
	if s.emailOutbox == nil {
		mail = "sent to AWS_ENDPOINT_URL_SESV2=" + sesEndpoint
	}
	channels := make([]string, len(s.channels))
	for i, c := range s.channels {
		channels[i] = string(c)
	}
	fmt.Fprintf(out, "Local Cognito user pool at %s\n", s.URL())
	fmt.Fprintf(out, "  sign-in page:  %s\n", s.pageURL())
	fmt.Fprintf(out, "  user pool id:  %s\n", s.userPoolID)
	fmt.Fprintf(out, "  app client id: %s\n", s.clientID)
	fmt.Fprintf(out, "  issuer:        %s\n", s.tokens.issuer)
	fmt.Fprintf(out, "  JWKS:          %s%s\n", s.URL(), jwksPath(s.userPoolID))
	fmt.Fprintf(out, "  sign-in flow:  %s\n", s.signInFlow)
	fmt.Fprintf(out, "  MFA:           %s\n", s.mfaSetting())
	if s.passkeys {
		fmt.Fprintf(out, "  passkeys:      on (relying party localhost, API at %s/passkeys)\n", s.URL())
	} else {
		fmt.Fprintf(out, "  passkeys:      off (--passkeys turns them on)\n")
	}
	fmt.Fprintf(out, "  usernames:     %s (codes by %s)\n", strings.Join(usernameAttributes, ", "), strings.Join(channels, ", "))
	fmt.Fprintf(out, "  SMS:           %s\n", sms)
	if slices.Contains(s.channels, session.ChannelEmail) {
		fmt.Fprintf(out, "  email:         %s\n", mail)
	}
	switch {
	case s.limitsEndpoint == "":
		fmt.Fprintf(out, "  abuse limits:  off\n")
	case s.limitsTable != nil:
		fmt.Fprintf(out, "  abuse limits:  counted in memory\n")
	default:
		fmt.Fprintf(out, "  abuse limits:  counted in table %s at AWS_ENDPOINT_URL_DYNAMODB=%s\n", s.limitsTableName, s.limitsEndpoint)
	}
	if logsTo != "" {
		fmt.Fprintf(out, "  trigger logs:  %s\n", logsTo)
	}
}

// mfaSetting is the pool's MFA as the start-up lines say it: off in the
// code flow, as the template deploys it, and otherwise optional or
// required, with TOTP the only factor.
func (s *Server) mfaSetting() string {
	switch {
	case !s.passwordFlow:
		return "off"
	case s.mfaRequired:
		return "required (authenticator app)"
	default:
		return "optional (authenticator app)"
	}
}

// pageURL is where a browser opens the sign-in page: by the name
// localhost, the only one passkeys accept on plain http.
func (s *Server) pageURL() string { return "http://localhost:" + s.port() + "/" }

// port is the port the pool listens on.
func (s *Server) port() string {
	_, port, _ := net.SplitHostPort(s.listener.Addr().String())
	return port
}

// URL is the Cognito endpoint, http://host:port: the clients' endpoint URL.
func (s *Server) URL() string { return "http://" + s.listener.Addr().String() }

// UserPoolID is the pool's id.
func (s *Server) UserPoolID() string { return s.userPoolID }

// ClientID is the app client's id.
func (s *Server) ClientID() string { return s.clientID }

// Outbox returns every SMS sent so far, oldest first; none when
// AWS_ENDPOINT_URL_SNS sent them elsewhere.
func (s *Server) Outbox() []snsoutbox.Message {
	if s.outbox == nil {
		return nil
	}
	return s.outbox.Messages()
}

// EmailOutbox returns every email sent so far, oldest first; none when
// AWS_ENDPOINT_URL_SESV2 sent them elsewhere.
func (s *Server) EmailOutbox() []sesoutbox.Message {
	if s.emailOutbox == nil {
		return nil
	}
	return s.emailOutbox.Messages()
}

// Close stops serving and stops every trigger process.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		var errs []error
		if s.http != nil {
			errs = append(errs, s.shutdownHTTP())
		} else if s.listener != nil {
			errs = append(errs, s.listener.Close())
		}
		if s.outbox != nil {
			errs = append(errs, s.outbox.Close())
		}
		if s.emailOutbox != nil {
			errs = append(errs, s.emailOutbox.Close())
		}
		if s.limitsTable != nil {
			errs = append(errs, s.limitsTable.Close())
		}
		if s.triggers != nil {
			errs = append(errs, s.triggers.Close())
		}
		if s.buildDir != "" {
			errs = append(errs, os.RemoveAll(s.buildDir))
		}
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

// shutdownGrace bounds how long Close lets requests in flight finish: a
// sign-in step is at most a few trigger invocations.
const shutdownGrace = 5 * time.Second

// shutdownHTTP stops accepting requests, lets those in flight finish within
// shutdownGrace (before the triggers they need stop), then drops the rest.
func (s *Server) shutdownHTTP() error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := s.http.Shutdown(ctx); err != nil {
		return s.http.Close()
	}
	return nil
}

// checkClient refuses a request for another app client than the pool's.
func (s *Server) checkClient(clientID string) error {
	switch clientID {
	case "":
		return missingMember("clientId")
	case s.clientID:
		return nil
	default:
		return newError(errResourceNotFound, "User pool client %s does not exist.", clientID)
	}
}

// checkPool refuses a request for another user pool than this one.
func (s *Server) checkPool(userPoolID string) error {
	switch userPoolID {
	case "":
		return missingMember("userPoolId")
	case s.userPoolID:
		return nil
	default:
		return newError(errResourceNotFound, "User pool %s does not exist.", userPoolID)
	}
}
