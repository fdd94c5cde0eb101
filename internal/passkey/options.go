package passkey

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/google/uuid"
)

// User verification settings: whether the authenticator must check who
// holds it (a PIN, a fingerprint, a face) before it signs.
const (
	UserVerificationRequired    = string(protocol.VerificationRequired)
	UserVerificationPreferred   = string(protocol.VerificationPreferred)
	UserVerificationDiscouraged = string(protocol.VerificationDiscouraged)
)

// Bounds of Options.Timeout.
const (
	DefaultTimeout = 2 * time.Minute
	// MaxTimeout is what browsers clamp a longer timeout to; Cognito's
	// sign-in session lasts at most 15 minutes anyway.
	MaxTimeout = 10 * time.Minute
)

// Options says which relying party the passkeys belong to and how strict
// each ceremony is. The zero value of each optional field is its default.
type Options struct {
	// RPID is the relying party id, the domain every passkey is bound to:
	// "example.com" lets sign-in pages on example.com and its subdomains
	// use them; "localhost" in local mode. Lower case, required.
	RPID string
	// RPName is the name an authenticator may show when it creates a
	// passkey. Default RPID.
	RPName string
	// Origins are the origins an answer may come from, compared exactly
	// with what the browser reports, so each is given as browsers
	// serialize it: "https://app.example.com" or "https://example.com:8443",
	// lower case, no path, no default port. Each is https, or
	// http://localhost with any port for local mode, and its host is RPID
	// or a subdomain of it. At least one is required.
	Origins []string
	// UserVerification is UserVerificationRequired, UserVerificationPreferred
	// or UserVerificationDiscouraged. Default UserVerificationPreferred:
	// the authenticator checks the user if it can, and an answer without
	// that check is still accepted. Only required refuses such answers.
	UserVerification string
	// Timeout is how long the browser prompts for a passkey, and so how
	// long a challenge is valid (plus a short grace, see Challenge).
	// Default DefaultTimeout, at most MaxTimeout.
	Timeout time.Duration
	// AllowedAAGUIDs are the authenticator models (AAGUIDs) a new passkey
	// may come from. Empty allows any. With attestation "none", which is
	// what the options ask for, the AAGUID is the authenticator's own
	// claim: the list filters honest authenticators, it proves nothing.
	AllowedAAGUIDs []uuid.UUID
}

// Validate reports the first setting of o that is missing or wrong, so
// that a trigger can refuse a bad configuration when it starts rather than
// at its first sign-in. Every function of the package validates its
// Options too.
func (o Options) Validate() error {
	_, err := o.resolve()
	return err
}

// resolve returns o with its defaults filled in, or why it is unusable.
func (o Options) resolve() (Options, error) {
	if err := protocol.ValidateRPID(o.RPID); err != nil {
		return o, fmt.Errorf("passkey: relying party id %q: %w", o.RPID, err)
	}
	// Browsers hash the RP ID in lower case: another spelling would match
	// no authenticator data.
	if o.RPID != strings.ToLower(o.RPID) {
		return o, fmt.Errorf("passkey: relying party id %q is not in lower case", o.RPID)
	}
	if o.RPName == "" {
		o.RPName = o.RPID
	}
	if len(o.Origins) == 0 {
		return o, fmt.Errorf("passkey: no origin is allowed")
	}
	for _, origin := range o.Origins {
		if err := checkOrigin(origin, o.RPID); err != nil {
			return o, err
		}
	}
	switch o.UserVerification {
	case "":
		o.UserVerification = UserVerificationPreferred
	case UserVerificationRequired, UserVerificationPreferred, UserVerificationDiscouraged:
	default:
		return o, fmt.Errorf("passkey: user verification %q is not %s, %s or %s", o.UserVerification,
			UserVerificationRequired, UserVerificationPreferred, UserVerificationDiscouraged)
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Timeout < time.Second || o.Timeout > MaxTimeout {
		return o, fmt.Errorf("passkey: timeout %v is outside 1s to %v", o.Timeout, MaxTimeout)
	}
	return o, nil
}

// checkOrigin refuses an origin that no browser would report in that
// spelling, that a page could use without TLS, or that cannot use
// passkeys of rpID.
func checkOrigin(origin, rpID string) error {
	u, err := url.Parse(origin)
	if err != nil || u.Scheme+"://"+u.Host != origin || origin != strings.ToLower(origin) {
		return fmt.Errorf("passkey: origin %q is not of the form https://host[:port] in lower case", origin)
	}
	host, port := u.Hostname(), u.Port()
	if n, err := strconv.Atoi(port); strings.HasSuffix(u.Host, ":") || port != "" && (err != nil || strconv.Itoa(n) != port || n < 1 || n > 65535) {
		return fmt.Errorf("passkey: origin %q has a port no browser would report", origin)
	}
	switch {
	case u.Scheme == "https" && port != "443":
	case u.Scheme == "http" && host == "localhost" && port != "80":
	default:
		return fmt.Errorf("passkey: origin %q is not https (or http://localhost) without its default port", origin)
	}
	if host != rpID && !strings.HasSuffix(host, "."+rpID) {
		return fmt.Errorf("passkey: origin %q is not within the relying party id %q", origin, rpID)
	}
	return nil
}

// uvRequired says whether an answer without user verification is refused.
func (o Options) uvRequired() bool {
	return o.UserVerification == UserVerificationRequired
}

// allowsAAGUID says whether a new passkey may come from the model aaguid.
func (o Options) allowsAAGUID(aaguid uuid.UUID) bool {
	return len(o.AllowedAAGUIDs) == 0 || slices.Contains(o.AllowedAAGUIDs, aaguid)
}
