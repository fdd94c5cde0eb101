package config

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/emailaddr"
	"github.com/cognito-passwordless/passwordless-go/internal/limits"
	"github.com/cognito-passwordless/passwordless-go/internal/otp"
	"github.com/cognito-passwordless/passwordless-go/internal/phone"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

// Environment variables the triggers read.
const (
	EnvMaxAttempts = "MAX_ATTEMPTS"
	EnvCodeLength  = "CODE_LENGTH"
	EnvCodeTTL     = "CODE_TTL"
	EnvCodeHashKey = "CODE_HASH_KEY"
	// EnvCodeHashKeyID names the KMS HMAC key the code-hash key is derived
	// from (package hashkey): the deployed form, which keeps the key in no
	// configuration. CODE_HASH_KEY gives the key itself, for local mode,
	// sam local invoke and tests.
	EnvCodeHashKeyID = "CODE_HASH_KEY_ID"
	EnvSMSMessage    = "SMS_MESSAGE"
	EnvSMSSenderID   = "SMS_SENDER_ID"
	// EnvMaxResends is how many new codes a sign-in may ask for.
	EnvMaxResends = "MAX_RESENDS"

	// Channels: CHANNELS lists sms and email in order of preference; the
	// EMAIL_ variables configure email codes (SES).
	EnvChannels              = "CHANNELS"
	EnvEmailFrom             = "EMAIL_FROM"
	EnvEmailSubject          = "EMAIL_SUBJECT"
	EnvEmailMessage          = "EMAIL_MESSAGE"
	EnvEmailConfigurationSet = "EMAIL_CONFIGURATION_SET"
	EnvAllowedEmailDomains   = "ALLOWED_EMAIL_DOMAINS"

	// Sign-in flow: SIGN_IN_FLOW is one of session.Flows;
	// REQUIRE_CODE_AFTER_MFA ("true" or "false") asks for the SMS code
	// after a native MFA answer too.
	EnvSignInFlow          = "SIGN_IN_FLOW"
	EnvRequireCodeAfterMFA = "REQUIRE_CODE_AFTER_MFA"
	// AUTHENTICATOR_APP is the pool's MFA: optional (the default) or
	// required (MFA ON, the template's AuthenticatorApp parameter).
	EnvAuthenticatorApp = "AUTHENTICATOR_APP"

	// Abuse protection. LIMITS_TABLE names the DynamoDB table of the
	// counters; empty turns the counters off.
	EnvAllowedCountryCodes      = "ALLOWED_COUNTRY_CODES"
	EnvLimitsTable              = "LIMITS_TABLE"
	EnvSMSPerNumberPer15Minutes = "SMS_PER_NUMBER_PER_15_MINUTES"
	EnvSMSPerNumberPerDay       = "SMS_PER_NUMBER_PER_DAY"
	EnvSMSPerCountryPerHour     = "SMS_PER_COUNTRY_PER_HOUR"
	EnvSMSPerPoolPerHour        = "SMS_PER_POOL_PER_HOUR"
	EnvLockoutAfterWrongAnswers = "LOCKOUT_AFTER_WRONG_ANSWERS"
	EnvLockoutWindow            = "LOCKOUT_WINDOW"
	EnvEmailPerAddressPer15Min  = "EMAIL_PER_ADDRESS_PER_15_MINUTES"
	EnvEmailPerAddressPerDay    = "EMAIL_PER_ADDRESS_PER_DAY"
	EnvEmailPerPoolPerHour      = "EMAIL_PER_POOL_PER_HOUR"
	// EnvBudgetShards is how many counters each shared budget is spread
	// over (limits.Policy.BudgetShards).
	EnvBudgetShards = "BUDGET_SHARDS"
)

// Triggers names the four trigger commands, as under cmd/, in the order
// Cognito first calls them.
var Triggers = []string{"pre-signup", "define-auth-challenge", "create-auth-challenge", "verify-auth-challenge"}

// Variables lists, for each function's command (the triggers and
// PasskeysAPI), the environment variables it reads.
var Variables = map[string][]string{
	"pre-signup":            {EnvChannels, EnvAllowedCountryCodes, EnvAllowedEmailDomains},
	"define-auth-challenge": {EnvMaxAttempts, EnvMaxResends, EnvSignInFlow, EnvRequireCodeAfterMFA, EnvAuthenticatorApp, EnvRequireCodeAfterPasskey},
	"create-auth-challenge": {EnvMaxAttempts, EnvMaxResends, EnvCodeLength, EnvCodeTTL, EnvCodeHashKey, EnvCodeHashKeyID, EnvChannels,
		EnvSMSMessage, EnvSMSSenderID, EnvEmailFrom, EnvEmailSubject, EnvEmailMessage, EnvEmailConfigurationSet,
		EnvAllowedCountryCodes, EnvAllowedEmailDomains, EnvLimitsTable, EnvSMSPerNumberPer15Minutes, EnvSMSPerNumberPerDay,
		EnvSMSPerCountryPerHour, EnvSMSPerPoolPerHour, EnvEmailPerAddressPer15Min, EnvEmailPerAddressPerDay,
		EnvEmailPerPoolPerHour, EnvBudgetShards, EnvLockoutAfterWrongAnswers, EnvLockoutWindow,
		EnvCredentialsTable, EnvPasskeyRPID, EnvPasskeyOrigins, EnvPasskeyUserVerification, EnvPasskeyTimeout},
	"verify-auth-challenge": {EnvCodeHashKey, EnvCodeHashKeyID, EnvLimitsTable, EnvLockoutAfterWrongAnswers, EnvLockoutWindow,
		EnvCredentialsTable, EnvPasskeyRPID, EnvPasskeyOrigins, EnvPasskeyUserVerification, EnvPasskeyTimeout},
	PasskeysAPI: {EnvCredentialsTable, EnvPasskeyRPID, EnvPasskeyOrigins, EnvPasskeyUserVerification, EnvPasskeyTimeout,
		EnvPasskeyRPName, EnvPasskeyAllowedAAGUIDs, EnvPasskeyFreshSignIn, EnvPasskeyMaxPerUser},
}

// Defaults and limits of the settings.
const (
	DefaultMaxAttempts = 3
	MaxMaxAttempts     = 10
	DefaultMaxResends  = 2
	MaxMaxResends      = 5
	// DefaultChannels is CHANNELS' default: SMS only, as before email.
	DefaultChannels = "sms"
	// DefaultEmailSubject and DefaultEmailMessage are the email's subject
	// and plain-text body; CodePlaceholder marks the code in the body.
	DefaultEmailSubject = "Your sign-in code"
	DefaultEmailMessage = "Your sign-in code is {code}\n\nIf you did not try to sign in, ignore this email."
	DefaultCodeTTL      = 3 * time.Minute
	MinCodeTTL          = 30 * time.Second
	MaxCodeTTL          = 15 * time.Minute
	DefaultSMSMessage   = "Your sign-in code is {code}"
	// DefaultSignInFlow is SIGN_IN_FLOW's default: passwordless.
	DefaultSignInFlow = string(session.FlowCode)
	// CodePlaceholder is replaced by the code in SMS_MESSAGE.
	CodePlaceholder = "{code}"
	// maxSMSMessage is SNS's limit for one SMS Publish.
	maxSMSMessage = 1600
	// maxEmailSubject and maxEmailMessage bound the email's text, far
	// below SES's 10 MB message limit: a code needs a few lines.
	maxEmailSubject = 200
	maxEmailMessage = 10_000
	// maxLimit bounds every abuse limit: far above any sensible setting.
	maxLimit = 1_000_000
	// MinLockoutWindow and MaxLockoutWindow bound LOCKOUT_WINDOW. A
	// lockout lasts one to two windows.
	MinLockoutWindow = time.Second
	MaxLockoutWindow = 24 * time.Hour
)

// senderID follows SNS's rule: 1 to 11 letters, digits and hyphens, at least one letter.
var senderID = regexp.MustCompile(`^[A-Za-z0-9-]{1,11}$`)

// Lookup reads one environment variable; os.LookupEnv is one.
type Lookup func(name string) (string, bool)

// PreSignUp is the pre sign-up trigger's configuration.
type PreSignUp struct {
	// Channels are the channels codes go by (CHANNELS): a new user needs
	// an address of at least one.
	Channels []session.Channel
	// AllowedCountries are the phone number prefixes that may sign up
	// (ALLOWED_COUNTRY_CODES such as "+1,+44"; empty allows all).
	AllowedCountries phone.AllowList
	// AllowedEmailDomains are the email domains that may sign up
	// (ALLOWED_EMAIL_DOMAINS such as "example.com"; empty allows all).
	AllowedEmailDomains emailaddr.DomainAllowList
}

// Limits is the abuse protection that create and verify share: counters
// in a DynamoDB table, off when Table is empty.
type Limits struct {
	// Table is the DynamoDB table of the counters (LIMITS_TABLE).
	Table string
	// Policy is the limits, each off at 0: SMS_PER_NUMBER_PER_15_MINUTES
	// (default 3), SMS_PER_NUMBER_PER_DAY (10), SMS_PER_COUNTRY_PER_HOUR
	// (0), SMS_PER_POOL_PER_HOUR (100), EMAIL_PER_ADDRESS_PER_15_MINUTES
	// (3), EMAIL_PER_ADDRESS_PER_DAY (10), EMAIL_PER_POOL_PER_HOUR (1000),
	// and LOCKOUT_AFTER_WRONG_ANSWERS (10) per LOCKOUT_WINDOW (a Go
	// duration, default 1h, 1s to 24h). Create reads them all, verify only
	// the lockout.
	Policy limits.Policy
}

// On reports whether the counters are kept.
func (l Limits) On() bool { return l.Table != "" && l.Policy.On() }

// Define is the define auth challenge trigger's configuration.
type Define struct {
	// MaxAttempts is how many code answers a user may give (MAX_ATTEMPTS,
	// default 3, 1 to 10); password and MFA steps do not count.
	MaxAttempts int
	// MaxResends is how many new codes a sign-in may ask for, on either
	// channel (MAX_RESENDS, default 2, 0 to 5); a resend is no attempt.
	MaxResends int
	// Flow is the sequence of steps before tokens (SIGN_IN_FLOW: code, the
	// default, or password-and-code).
	Flow session.Flow
	// RequireCodeAfterMFA asks for the SMS code after a native MFA answer
	// too (REQUIRE_CODE_AFTER_MFA, default false); only password-and-code
	// has MFA answers.
	RequireCodeAfterMFA bool
	// AppRequired is true when the pool requires an authenticator app
	// (AUTHENTICATOR_APP=required): then the code follows every app
	// answer, whatever RequireCodeAfterMFA says (session.Policy.AppRequired).
	AppRequired bool
	// RequireCodeAfterPasskey asks for a code after a right passkey answer
	// too (REQUIRE_CODE_AFTER_PASSKEY, default false).
	RequireCodeAfterPasskey bool
}

// Policy is the session.Policy that define decides with.
func (d Define) Policy() session.Policy {
	return session.Policy{Flow: d.Flow, MaxAttempts: d.MaxAttempts, MaxResends: d.MaxResends,
		RequireCodeAfterMFA: d.RequireCodeAfterMFA, AppRequired: d.AppRequired, RequireCodeAfterPasskey: d.RequireCodeAfterPasskey}
}

// Create is the create auth challenge trigger's configuration.
type Create struct {
	// MaxAttempts and MaxResends are as in Define; create shows what is left.
	MaxAttempts, MaxResends int
	// Channels are the channels codes go by, in order of preference
	// (CHANNELS: "sms", the default, "email", "sms,email" or "email,sms").
	// The first code goes by the first one the user has an address for.
	Channels []session.Channel
	// CodeLength is the number of digits (CODE_LENGTH, default 6, 4 to 10).
	CodeLength int
	// CodeTTL is how long a code is valid (CODE_TTL, Go duration, default 3m, 30s to 15m).
	CodeTTL time.Duration
	// Sealer hashes codes under CODE_HASH_KEY (at least 32 bytes); the
	// key itself is kept nowhere else. Nil when HashKeyID is set, until the
	// trigger derives the key at start.
	Sealer *otp.Sealer
	// HashKeyID is the KMS key the code-hash key is derived from
	// (CODE_HASH_KEY_ID). Exactly one of CODE_HASH_KEY and CODE_HASH_KEY_ID
	// is required.
	HashKeyID string
	// SMSMessage is the SMS text; CodePlaceholder marks the code (SMS_MESSAGE).
	SMSMessage string
	// SMSSenderID is the optional alphanumeric sender id (SMS_SENDER_ID).
	SMSSenderID string
	// Email is how email codes are sent; only when Channels has email.
	Email Email
	// AllowedCountries and AllowedEmailDomains are as in PreSignUp: no
	// code is sent elsewhere.
	AllowedCountries    phone.AllowList
	AllowedEmailDomains emailaddr.DomainAllowList
	// Limits is the abuse protection.
	Limits Limits
	// Passkeys are the passkey settings; off unless CREDENTIALS_TABLE is set.
	Passkeys Passkeys
}

// Email is the email channel's settings.
type Email struct {
	// From is the sender address, an identity verified in SES
	// (EMAIL_FROM; required when CHANNELS has email).
	From string
	// Subject is the subject line (EMAIL_SUBJECT, default
	// DefaultEmailSubject).
	Subject string
	// Message is the plain-text body; CodePlaceholder marks the code
	// (EMAIL_MESSAGE, default DefaultEmailMessage).
	Message string
	// ConfigurationSet is the optional SES configuration set
	// (EMAIL_CONFIGURATION_SET).
	ConfigurationSet string
}

// HasChannel reports whether codes may go by c.
func (c Create) HasChannel(ch session.Channel) bool { return slices.Contains(c.Channels, ch) }

// Verify is the verify auth challenge response trigger's configuration.
type Verify struct {
	// Sealer and HashKeyID are as in Create.
	Sealer    *otp.Sealer
	HashKeyID string
	// Limits counts wrong answers (its Policy holds WrongAnswers only).
	Limits Limits
	// Passkeys are as in Create.
	Passkeys Passkeys
}

// LoadPreSignUp reads the pre sign-up trigger's configuration.
func LoadPreSignUp(lookup Lookup) (PreSignUp, error) {
	channels, errChannels := channelsVar(lookup)
	countries, errCountries := countriesVar(lookup)
	domains, errDomains := domainsVar(lookup)
	cfg := PreSignUp{Channels: channels, AllowedCountries: countries, AllowedEmailDomains: domains}
	return cfg, errors.Join(errChannels, errCountries, errDomains)
}

// LoadDefine reads the define trigger's configuration.
func LoadDefine(lookup Lookup) (Define, error) {
	attempts, errAttempts := intVar(lookup, EnvMaxAttempts, DefaultMaxAttempts, 1, MaxMaxAttempts)
	resends, errResends := intVar(lookup, EnvMaxResends, DefaultMaxResends, 0, MaxMaxResends)
	flow, errFlow := flowVar(lookup)
	requireCode, errRequire := boolVar(lookup, EnvRequireCodeAfterMFA)
	appRequired, errApp := authenticatorAppVar(lookup)
	codeAfterPasskey, errPasskey := boolVar(lookup, EnvRequireCodeAfterPasskey)
	if appRequired && flow == session.FlowCode {
		errApp = fmt.Errorf("%s=%s needs %s=%s: the code flow has no password, so Cognito asks for no app", EnvAuthenticatorApp, AuthenticatorAppRequired, EnvSignInFlow, session.FlowPasswordAndCode)
	}
	cfg := Define{MaxAttempts: attempts, MaxResends: resends, Flow: flow, RequireCodeAfterMFA: requireCode, AppRequired: appRequired,
		RequireCodeAfterPasskey: codeAfterPasskey}
	return cfg, errors.Join(errAttempts, errResends, errFlow, errRequire, errApp, errPasskey)
}

// LoadCreate reads the create trigger's configuration.
func LoadCreate(lookup Lookup) (Create, error) {
	attempts, errAttempts := intVar(lookup, EnvMaxAttempts, DefaultMaxAttempts, 1, MaxMaxAttempts)
	resends, errResends := intVar(lookup, EnvMaxResends, DefaultMaxResends, 0, MaxMaxResends)
	length, errLength := intVar(lookup, EnvCodeLength, otp.DefaultLength, otp.MinLength, otp.MaxLength)
	ttl, errTTL := boundedDuration(lookup, EnvCodeTTL, DefaultCodeTTL, MinCodeTTL, MaxCodeTTL)
	sealer, keyID, errKey := hashKeyVars(lookup)
	channels, errChannels := channelsVar(lookup)
	message, errMessage := textVar(lookup, EnvSMSMessage, DefaultSMSMessage, maxSMSMessage, true)
	sender, errSender := senderIDVar(lookup)
	mail, errEmail := emailVars(lookup, slices.Contains(channels, session.ChannelEmail))
	countries, errCountries := countriesVar(lookup)
	domains, errDomains := domainsVar(lookup)
	abuse, errLimits := limitsVars(lookup, true)
	passkeys, errPasskeys := passkeyVars(lookup)
	cfg := Create{
		MaxAttempts: attempts, MaxResends: resends, CodeLength: length, CodeTTL: ttl, Sealer: sealer, HashKeyID: keyID, Channels: channels,
		SMSMessage: message, SMSSenderID: sender, Email: mail,
		AllowedCountries: countries, AllowedEmailDomains: domains, Limits: abuse, Passkeys: passkeys,
	}
	return cfg, errors.Join(errAttempts, errResends, errLength, errTTL, errKey, errChannels, errMessage, errSender,
		errEmail, errCountries, errDomains, errLimits, errPasskeys)
}

// LoadVerify reads the verify trigger's configuration.
func LoadVerify(lookup Lookup) (Verify, error) {
	sealer, keyID, errKey := hashKeyVars(lookup)
	abuse, errLimits := limitsVars(lookup, false)
	passkeys, errPasskeys := passkeyVars(lookup)
	return Verify{Sealer: sealer, HashKeyID: keyID, Limits: abuse, Passkeys: passkeys}, errors.Join(errKey, errLimits, errPasskeys)
}

// channelsVar reads CHANNELS; unset is DefaultChannels.
func channelsVar(lookup Lookup) ([]session.Channel, error) {
	raw := value(lookup, EnvChannels)
	if raw == "" {
		raw = DefaultChannels
	}
	channels, err := session.ParseChannels(raw)
	if err != nil {
		return []session.Channel{session.ChannelSMS}, fmt.Errorf("%s must be sms, email, sms,email or email,sms: %w", EnvChannels, err)
	}
	return channels, nil
}

// emailVars reads the EMAIL_ settings; EMAIL_FROM is required when on.
func emailVars(lookup Lookup, on bool) (Email, error) {
	subject, errSubject := textVar(lookup, EnvEmailSubject, DefaultEmailSubject, maxEmailSubject, false)
	message, errMessage := textVar(lookup, EnvEmailMessage, DefaultEmailMessage, maxEmailMessage, true)
	e := Email{From: value(lookup, EnvEmailFrom), Subject: subject, Message: message, ConfigurationSet: value(lookup, EnvEmailConfigurationSet)}
	var errFrom error
	switch {
	case e.From == "" && on:
		errFrom = fmt.Errorf("%s is required when %s has email: an address or domain verified in SES", EnvEmailFrom, EnvChannels)
	case e.From != "" && !emailaddr.Valid(e.From):
		errFrom = fmt.Errorf("%s must be an email address such as no-reply@example.com, got %q", EnvEmailFrom, e.From)
	}
	if strings.ContainsAny(subject, "\r\n") {
		errSubject = fmt.Errorf("%s must be one line", EnvEmailSubject)
	}
	return e, errors.Join(errFrom, errSubject, errMessage)
}

func domainsVar(lookup Lookup) (emailaddr.DomainAllowList, error) {
	list, err := emailaddr.ParseDomainAllowList(value(lookup, EnvAllowedEmailDomains))
	if err != nil {
		return list, fmt.Errorf("%s: %w", EnvAllowedEmailDomains, err)
	}
	return list, nil
}

func countriesVar(lookup Lookup) (phone.AllowList, error) {
	list, err := phone.ParseAllowList(value(lookup, EnvAllowedCountryCodes))
	if err != nil {
		return list, fmt.Errorf("%s: %w", EnvAllowedCountryCodes, err)
	}
	return list, nil
}

// limitsVars reads the abuse limits: all of them for create (sms), the
// wrong-answer limit only for verify.
func limitsVars(lookup Lookup, sms bool) (Limits, error) {
	var errs [9]error
	l := Limits{Table: value(lookup, EnvLimitsTable)}
	l.Policy.WrongAnswers, errs[0] = lockoutVars(lookup)
	if sms {
		var short, long limits.Window
		short, errs[1] = windowVar(lookup, EnvSMSPerNumberPer15Minutes, limits.DefaultNumberShort, limits.DefaultNumberShortLength)
		long, errs[2] = windowVar(lookup, EnvSMSPerNumberPerDay, limits.DefaultNumberLong, limits.DefaultNumberLongLength)
		l.Policy.PerNumber = []limits.Window{short, long}
		l.Policy.PerCountry, errs[3] = windowVar(lookup, EnvSMSPerCountryPerHour, 0, time.Hour)
		l.Policy.Pool, errs[4] = windowVar(lookup, EnvSMSPerPoolPerHour, limits.DefaultPoolPerHour, time.Hour)
		short, errs[5] = windowVar(lookup, EnvEmailPerAddressPer15Min, limits.DefaultAddressShort, limits.DefaultAddressShortLength)
		long, errs[6] = windowVar(lookup, EnvEmailPerAddressPerDay, limits.DefaultAddressLong, limits.DefaultAddressLongLength)
		l.Policy.PerAddress = []limits.Window{short, long}
		l.Policy.EmailPool, errs[7] = windowVar(lookup, EnvEmailPerPoolPerHour, limits.DefaultEmailPoolPerHour, time.Hour)
		l.Policy.BudgetShards, errs[8] = intVar(lookup, EnvBudgetShards, limits.DefaultBudgetShards, 1, limits.MaxBudgetShards)
	}
	return l, errors.Join(errs[:]...)
}

// lockoutVars reads LOCKOUT_AFTER_WRONG_ANSWERS per LOCKOUT_WINDOW.
func lockoutVars(lookup Lookup) (limits.Window, error) {
	w, errLimit := windowVar(lookup, EnvLockoutAfterWrongAnswers, limits.DefaultWrongAnswers, limits.DefaultWrongAnswersLength)
	raw := value(lookup, EnvLockoutWindow)
	if raw == "" {
		return w, errLimit
	}
	length, err := time.ParseDuration(raw)
	if err != nil || length < MinLockoutWindow || length > MaxLockoutWindow || length%time.Second != 0 {
		return w, errors.Join(errLimit, fmt.Errorf("%s must be a whole number of seconds from %v to %v such as 1h, got %q",
			EnvLockoutWindow, MinLockoutWindow, MaxLockoutWindow, raw))
	}
	w.Length = length
	return w, errLimit
}

// windowVar reads a limit per length: a whole number from 0 (off) up.
func windowVar(lookup Lookup, name string, def int, length time.Duration) (limits.Window, error) {
	n, err := intVar(lookup, name, def, 0, maxLimit)
	return limits.Window{Limit: n, Length: length}, err
}

// value returns the variable's value, trimmed; unset and empty are the same.
func value(lookup Lookup, name string) string {
	v, _ := lookup(name)
	return strings.TrimSpace(v)
}

func intVar(lookup Lookup, name string, def, min, max int) (int, error) {
	raw := value(lookup, name)
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < min || n > max {
		return def, fmt.Errorf("%s must be a whole number from %d to %d, got %q", name, min, max, raw)
	}
	return n, nil
}

// flowVar reads SIGN_IN_FLOW; unset is the default flow.
func flowVar(lookup Lookup) (session.Flow, error) {
	flow, err := session.ParseFlow(value(lookup, EnvSignInFlow))
	if err != nil {
		return flow, fmt.Errorf("%s: %w", EnvSignInFlow, err)
	}
	return flow, nil
}

// The values of AUTHENTICATOR_APP.
const (
	AuthenticatorAppOptional = "optional"
	AuthenticatorAppRequired = "required"
)

// authenticatorAppVar reads AUTHENTICATOR_APP: optional (or unset) or
// required.
func authenticatorAppVar(lookup Lookup) (required bool, err error) {
	switch raw := value(lookup, EnvAuthenticatorApp); raw {
	case "", AuthenticatorAppOptional:
		return false, nil
	case AuthenticatorAppRequired:
		return true, nil
	default:
		return false, fmt.Errorf("%s must be %s or %s, got %q", EnvAuthenticatorApp, AuthenticatorAppOptional, AuthenticatorAppRequired, raw)
	}
}

// boolVar reads "true" or "false"; unset is false. Nothing else is
// accepted, so that a typo such as "ture" stops the trigger at start
// rather than quietly meaning false.
func boolVar(lookup Lookup, name string) (bool, error) {
	switch raw := value(lookup, name); raw {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	default:
		return false, fmt.Errorf("%s must be true or false, got %q", name, raw)
	}
}

// hashKeyVars reads the code-hash key: CODE_HASH_KEY, the key itself,
// or CODE_HASH_KEY_ID, the KMS key it is derived from; exactly one.
func hashKeyVars(lookup Lookup) (*otp.Sealer, string, error) {
	raw, _ := lookup(EnvCodeHashKey)
	keyID := value(lookup, EnvCodeHashKeyID)
	switch {
	case raw != "" && keyID != "":
		return nil, "", fmt.Errorf("%s and %s are both set: give the key (local mode, tests) or the KMS key it is derived from (deployed pools), not both", EnvCodeHashKey, EnvCodeHashKeyID)
	case keyID != "":
		return nil, keyID, nil
	}
	sealer, err := sealerVar(raw)
	return sealer, "", err
}

// sealerVar never puts the key's value in an error.
func sealerVar(raw string) (*otp.Sealer, error) {
	if raw == "" {
		return nil, fmt.Errorf("%s or %s is required: a secret of at least %d bytes, or the KMS HMAC key to derive it from", EnvCodeHashKey, EnvCodeHashKeyID, otp.MinKeyLength)
	}
	if len(raw) < otp.MinKeyLength {
		return nil, fmt.Errorf("%s must be at least %d bytes long, it has %d", EnvCodeHashKey, otp.MinKeyLength, len(raw))
	}
	return otp.NewSealer([]byte(raw))
}

// textVar reads a message text: def when unset or blank, at most max
// bytes, with CodePlaceholder where the code goes when needsCode.
func textVar(lookup Lookup, name, def string, max int, needsCode bool) (string, error) {
	raw, _ := lookup(name)
	switch {
	case strings.TrimSpace(raw) == "":
		return def, nil
	case needsCode && !strings.Contains(raw, CodePlaceholder):
		return def, fmt.Errorf("%s must contain %s where the code goes", name, CodePlaceholder)
	case len(raw) > max:
		return def, fmt.Errorf("%s must be at most %d bytes, it has %d", name, max, len(raw))
	}
	return raw, nil
}

func senderIDVar(lookup Lookup) (string, error) {
	raw := value(lookup, EnvSMSSenderID)
	if raw == "" {
		return "", nil
	}
	if !senderID.MatchString(raw) || !strings.ContainsAny(strings.ToLower(raw), "abcdefghijklmnopqrstuvwxyz") {
		return "", fmt.Errorf("%s must be 1 to 11 letters, digits or hyphens with at least one letter, got %q", EnvSMSSenderID, raw)
	}
	return raw, nil
}
