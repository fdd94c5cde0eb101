package config

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Environment variables of the passkey settings. Create and verify read
// CREDENTIALS_TABLE and the relying party's settings; the passkeys API
// reads them all; define reads only REQUIRE_CODE_AFTER_PASSKEY.
const (
	// EnvCredentialsTable is the DynamoDB table of the users' passkeys;
	// empty turns passkeys off.
	EnvCredentialsTable = "CREDENTIALS_TABLE"
	// EnvPasskeyRPID is the relying party id, the domain passkeys are bound to.
	EnvPasskeyRPID = "PASSKEY_RP_ID"
	// EnvPasskeyRPName is the name an authenticator shows at registration.
	EnvPasskeyRPName = "PASSKEY_RP_NAME"
	// EnvPasskeyOrigins lists, comma-separated, the origins answers may come from.
	EnvPasskeyOrigins = "PASSKEY_ORIGINS"
	// EnvPasskeyUserVerification is required, preferred or discouraged.
	EnvPasskeyUserVerification = "PASSKEY_USER_VERIFICATION"
	// EnvPasskeyTimeout is how long a ceremony's challenge is valid.
	EnvPasskeyTimeout = "PASSKEY_TIMEOUT"
	// EnvPasskeyAllowedAAGUIDs lists, comma-separated, the authenticator
	// models a new passkey may come from; empty allows any.
	EnvPasskeyAllowedAAGUIDs = "PASSKEY_ALLOWED_AAGUIDS"
	// EnvPasskeyFreshSignIn is how recent a sign-in must be to register a passkey.
	EnvPasskeyFreshSignIn = "PASSKEY_FRESH_SIGN_IN"
	// EnvPasskeyMaxPerUser bounds the passkeys one user may register.
	EnvPasskeyMaxPerUser = "PASSKEY_MAX_PER_USER"
	// EnvRequireCodeAfterPasskey asks for a code after a passkey answer too.
	EnvRequireCodeAfterPasskey = "REQUIRE_CODE_AFTER_PASSKEY"
)

// PasskeysAPI is the command of the passkeys API function, which
// registers, lists, renames and deletes a signed-in user's passkeys.
const PasskeysAPI = "passkeys-api"

// Defaults and bounds of the passkey settings.
const (
	DefaultPasskeyUserVerification = "preferred"
	DefaultPasskeyTimeout          = 2 * time.Minute
	MinPasskeyTimeout              = 10 * time.Second
	MaxPasskeyTimeout              = 10 * time.Minute
	DefaultPasskeyFreshSignIn      = 5 * time.Minute
	MinPasskeyFreshSignIn          = time.Minute
	MaxPasskeyFreshSignIn          = time.Hour
	DefaultPasskeyMaxPerUser       = 10
	MaxPasskeyMaxPerUser           = 50
)

// Passkeys is the relying party's settings, as create, verify and the
// passkeys API read them. They are checked here only for form; package
// passkey's Options.Validate checks the relying party id and origins
// when the function starts (startup.PasskeyOptions), so that this package
// links no WebAuthn code into the triggers that have no passkeys.
type Passkeys struct {
	// Table is the credentials table (CREDENTIALS_TABLE); empty turns
	// passkeys off and the other settings are not read.
	Table string
	// RPID is the relying party id (PASSKEY_RP_ID), required with Table.
	RPID string
	// RPName is what authenticators show at registration
	// (PASSKEY_RP_NAME, default RPID); only the passkeys API reads it.
	RPName string
	// Origins are the origins answers may come from (PASSKEY_ORIGINS,
	// comma-separated, at least one with Table).
	Origins []string
	// UserVerification is required, preferred (the default) or
	// discouraged (PASSKEY_USER_VERIFICATION).
	UserVerification string
	// Timeout is how long a ceremony's challenge is valid (PASSKEY_TIMEOUT,
	// a Go duration, default 2m, 10s to 10m).
	Timeout time.Duration
	// AllowedAAGUIDs are the authenticator models a new passkey may come
	// from (PASSKEY_ALLOWED_AAGUIDS, comma-separated UUIDs, empty for
	// any); only the passkeys API reads it.
	AllowedAAGUIDs []string
	// FreshSignIn is how recent the sign-in of a user registering a
	// passkey must be, by the access token's auth_time
	// (PASSKEY_FRESH_SIGN_IN, default 5m, 1m to 1h); only the API reads it.
	FreshSignIn time.Duration
	// MaxPerUser is how many passkeys a user may have
	// (PASSKEY_MAX_PER_USER, default 10, 1 to 50); only the API reads it.
	MaxPerUser int
}

// On reports whether passkeys are on.
func (p Passkeys) On() bool { return p.Table != "" }

// LoadPasskeysAPI reads the passkeys API's configuration: the passkey
// settings, with a credentials table required.
func LoadPasskeysAPI(lookup Lookup) (Passkeys, error) {
	p, err := passkeyVars(lookup)
	var errs []error
	if !p.On() {
		errs = append(errs, fmt.Errorf("%s is required: the passkeys API keeps passkeys there", EnvCredentialsTable))
	}
	p.RPName = value(lookup, EnvPasskeyRPName)
	if p.RPName == "" {
		p.RPName = p.RPID
	}
	if len(p.RPName) > 100 {
		errs = append(errs, fmt.Errorf("%s must be at most 100 bytes", EnvPasskeyRPName))
	}
	if raw := value(lookup, EnvPasskeyAllowedAAGUIDs); raw != "" {
		p.AllowedAAGUIDs = splitList(raw)
	}
	var errFresh, errMax error
	p.FreshSignIn, errFresh = boundedDuration(lookup, EnvPasskeyFreshSignIn, DefaultPasskeyFreshSignIn, MinPasskeyFreshSignIn, MaxPasskeyFreshSignIn)
	p.MaxPerUser, errMax = intVar(lookup, EnvPasskeyMaxPerUser, DefaultPasskeyMaxPerUser, 1, MaxPasskeyMaxPerUser)
	return p, errors.Join(append(errs, err, errFresh, errMax)...)
}

// passkeyVars reads what create and verify read of the passkey settings:
// nothing but CREDENTIALS_TABLE when that is empty.
func passkeyVars(lookup Lookup) (Passkeys, error) {
	p := Passkeys{Table: value(lookup, EnvCredentialsTable)}
	if !p.On() {
		return p, nil
	}
	var errs []error
	p.RPID = value(lookup, EnvPasskeyRPID)
	if p.RPID == "" {
		errs = append(errs, fmt.Errorf("%s is required with %s: the domain passkeys are bound to, such as example.com", EnvPasskeyRPID, EnvCredentialsTable))
	}
	p.Origins = splitList(value(lookup, EnvPasskeyOrigins))
	if len(p.Origins) == 0 {
		errs = append(errs, fmt.Errorf("%s is required with %s: the origins of the sign-in pages, such as https://app.example.com", EnvPasskeyOrigins, EnvCredentialsTable))
	}
	switch p.UserVerification = value(lookup, EnvPasskeyUserVerification); p.UserVerification {
	case "":
		p.UserVerification = DefaultPasskeyUserVerification
	case "required", "preferred", "discouraged":
	default:
		errs = append(errs, fmt.Errorf("%s must be required, preferred or discouraged, got %q", EnvPasskeyUserVerification, p.UserVerification))
	}
	var errTimeout error
	p.Timeout, errTimeout = boundedDuration(lookup, EnvPasskeyTimeout, DefaultPasskeyTimeout, MinPasskeyTimeout, MaxPasskeyTimeout)
	return p, errors.Join(append(errs, errTimeout)...)
}

// splitList splits a comma-separated list, trimming each entry and
// dropping empty ones.
func splitList(raw string) []string {
	var out []string
	for _, s := range strings.Split(raw, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// boundedDuration reads a Go duration from min to max; unset is def.
func boundedDuration(lookup Lookup, name string, def, min, max time.Duration) (time.Duration, error) {
	raw := value(lookup, name)
	if raw == "" {
		return def, nil
	}
	d, err := time.ParseDuration(raw)
	if err != nil || d < min || d > max {
		return def, fmt.Errorf("%s must be a duration from %v to %v such as %v, got %q", name, min, max, def, raw)
	}
	return d, nil
}
