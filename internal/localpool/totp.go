package localpool

import (
	"encoding/base32"
	"regexp"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// softwareTokenMFAChallenge is the challenge Cognito itself presents, after
// a proven password, to a user with an authenticator app (TOTP).
const softwareTokenMFAChallenge = "SOFTWARE_TOKEN_MFA"

// TOTP as Cognito and every authenticator app run it (RFC 6238 with its
// defaults): HMAC-SHA1, 6 digits, a 30-second step, and the steps just
// before and after the current one accepted for clock drift.
const (
	totpPeriod = 30 * time.Second
	totpSkew   = 1
	// totpSecretBytes is the randomness of a SecretCode: 32 bytes, 52
	// base32 characters, as Cognito's.
	totpSecretBytes = 32
)

var totpOptions = totp.ValidateOpts{
	Period: uint(totpPeriod / time.Second), Skew: 0, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
}

// maxSoftwareTokenFailures is how many wrong codes one SOFTWARE_TOKEN_MFA
// challenge takes before the sign-in fails. Cognito starts its lockout
// after five; local mode ends that sign-in instead.
const maxSoftwareTokenFailures = 5

// userCodePattern is what Cognito's UserCode must be: six digits.
var userCodePattern = regexp.MustCompile(`^[0-9]+$`)

// softwareToken is a user's TOTP authenticator, as Cognito keeps it.
type softwareToken struct {
	// pending is the secret of the last AssociateSoftwareToken, until
	// VerifySoftwareToken proves the app has it.
	pending string
	// secret is the verified secret, and deviceName the name given
	// with it; "" when the user has none.
	secret, deviceName string
	// enabled and preferred are the user's SoftwareTokenMfaSettings:
	// only an enabled token makes sign-ins ask for a code.
	enabled, preferred bool
	// lastStep is the time step of the last code the secret was used
	// with, at verification or sign-in: a code of that step or an
	// earlier one is refused, so that each code is used once (RFC 6238
	// section 5.2).
	lastStep int64
}

// active reports whether a sign-in must answer SOFTWARE_TOKEN_MFA. TOTP is
// the only MFA this pool offers, so an enabled token is the preferred one.
func (t softwareToken) active() bool { return t.enabled && t.secret != "" }

// Cognito's answers about TOTP codes.
var (
	codeMismatch     = newError(errCodeMismatch, "Invalid code received for user")
	codeReused       = newError(errExpiredCode, "Your software token has already been used once.")
	enableTOTPFailed = newError(errEnableSoftwareTokenMFA, "Code mismatch and fail enable Software Token MFA")
	noSoftwareToken  = newError(errSoftwareTokenMFANotFound, "Software Token MFA does not exist for the user.")
	totpNotSetUp     = newError(errInvalidParameter, "User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA")
)

// newTOTPSecret is a new SecretCode: random bytes in base32 without padding.
func newTOTPSecret() string {
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(randomBytes(totpSecretBytes))
}

// totpStep is the RFC 6238 time step of t.
func totpStep(t time.Time) int64 { return t.Unix() / int64(totpPeriod/time.Second) }

// matchTOTP checks code against secret at now, within totpSkew steps.
// It returns the latest step after notAfter whose code is code; reused
// reports a code that matches only steps at or before notAfter.
func matchTOTP(secret, code string, now time.Time, notAfter int64) (step int64, ok, reused bool) {
	if len(code) != otp.DigitsSix.Length() || !userCodePattern.MatchString(code) {
		return 0, false, false
	}
	current := totpStep(now)
	for s := current + totpSkew; s >= current-totpSkew; s-- {
		valid, err := totp.ValidateCustom(code, secret, time.Unix(s*int64(totpPeriod/time.Second), 0), totpOptions)
		switch {
		case err != nil || !valid:
		case s > notAfter:
			return s, true, false
		default:
			reused = true
		}
	}
	return 0, false, reused
}

// useSoftwareToken checks a SOFTWARE_TOKEN_MFA_CODE for the user named
// username and, if it is right, records its step so that it is never
// accepted again. It answers nil, codeMismatch or codeReused.
func (s *Server) useSoftwareToken(username, code string) error {
	_, err := s.users.update(username, func(u *user) error {
		t := &u.softwareToken
		if t.secret == "" {
			return codeMismatch
		}
		step, ok, reused := matchTOTP(t.secret, code, s.now(), t.lastStep)
		switch {
		case reused:
			return codeReused
		case !ok:
			return codeMismatch
		}
		t.lastStep = step
		return nil
	})
	return err
}

// softwareTokenChallenge is SOFTWARE_TOKEN_MFA's ChallengeParameters, as
// Cognito sends them: USER_ID_FOR_SRP (the username) and, when the user
// named the app, FRIENDLY_DEVICE_NAME.
func softwareTokenChallenge(sess *authSession, token softwareToken) map[string]string {
	params := map[string]string{"USER_ID_FOR_SRP": sess.names[0]}
	if token.deviceName != "" {
		params["FRIENDLY_DEVICE_NAME"] = token.deviceName
	}
	return params
}

type associateSoftwareTokenInput struct {
	AccessToken string
	Session     string
}

type associateSoftwareTokenOutput struct {
	SecretCode string `json:"SecretCode"`
	Session    string `json:"Session,omitempty"`
}

// associateSoftwareToken is AssociateSoftwareToken by access token: a new
// secret for the user's authenticator app, which replaces a previous one
// only once VerifySoftwareToken proves the app has it.
func (s *Server) associateSoftwareToken(c call, in *associateSoftwareTokenInput) (any, error) {
	username, err := s.softwareTokenUser(in.AccessToken, in.Session)
	if err != nil {
		return nil, err
	}
	secret := newTOTPSecret()
	if _, err := s.users.update(username, func(u *user) error {
		u.softwareToken.pending = secret
		return nil
	}); err != nil {
		return nil, err
	}
	return associateSoftwareTokenOutput{SecretCode: secret}, nil
}

type verifySoftwareTokenInput struct {
	AccessToken        string
	Session            string
	UserCode           string
	FriendlyDeviceName string
}

type verifySoftwareTokenOutput struct {
	Status  string `json:"Status"`
	Session string `json:"Session,omitempty"`
}

// verifySoftwareToken is VerifySoftwareToken by access token: a code of
// the associated secret makes it the user's verified token (replacing any
// previous one), named FriendlyDeviceName. The code counts as used.
// Turning TOTP on for sign-ins is SetUserMFAPreference's job.
func (s *Server) verifySoftwareToken(c call, in *verifySoftwareTokenInput) (any, error) {
	if err := checkUserCode(in.UserCode); err != nil {
		return nil, err
	}
	username, err := s.softwareTokenUser(in.AccessToken, in.Session)
	if err != nil {
		return nil, err
	}
	if _, err := s.users.update(username, func(u *user) error {
		t := &u.softwareToken
		if t.pending == "" {
			return noSoftwareToken
		}
		step, ok, _ := matchTOTP(t.pending, in.UserCode, s.now(), 0)
		if !ok {
			return enableTOTPFailed
		}
		t.secret, t.pending, t.deviceName, t.lastStep = t.pending, "", in.FriendlyDeviceName, step
		return nil
	}); err != nil {
		return nil, err
	}
	return verifySoftwareTokenOutput{Status: "SUCCESS"}, nil
}

// checkUserCode applies Cognito's constraints on UserCode, with its
// validation messages: six digits.
func checkUserCode(code string) error {
	if code == "" {
		return missingMember("userCode")
	}
	var problems []string
	if !userCodePattern.MatchString(code) {
		problems = append(problems, "Member must satisfy regular expression pattern: [0-9]+")
	}
	switch n := len(code); {
	case n < 6:
		problems = append(problems, "Member must have length greater than or equal to 6")
	case n > 6:
		problems = append(problems, "Member must have length less than or equal to 6")
	}
	return validationErrors("userCode", code, problems)
}

// softwareTokenUser is the user AssociateSoftwareToken and
// VerifySoftwareToken act for: the access token's. They take a Session
// instead only in an MFA_SETUP challenge, which this pool never presents
// (its MFA is OPTIONAL), so any Session is refused.
func (s *Server) softwareTokenUser(accessToken, session string) (string, error) {
	switch {
	case accessToken != "" && session != "":
		return "", newError(errInvalidParameter, "Only one of AccessToken and Session may be given.")
	case session != "":
		return "", newError(errNotAuthorized, "Invalid session for the user.")
	case accessToken == "":
		return "", newError(errInvalidParameter, "AccessToken is required: this pool presents no MFA_SETUP challenge whose Session could be used instead.")
	}
	u, err := s.tokenUser(accessToken)
	return u.username, err
}

// mfaSettings is Cognito's SMSMfaSettingsType, SoftwareTokenMfaSettingsType
// and EmailMfaSettingsType. SDKs leave a false member out, so an absent
// one is false.
type mfaSettings struct {
	Enabled      bool
	PreferredMfa bool
}

type setUserMFAPreferenceInput struct {
	AccessToken              string
	SMSMfaSettings           *mfaSettings
	SoftwareTokenMfaSettings *mfaSettings
	EmailMfaSettings         *mfaSettings
}

type adminSetUserMFAPreferenceInput struct {
	UserPoolId               string
	Username                 string
	SMSMfaSettings           *mfaSettings
	SoftwareTokenMfaSettings *mfaSettings
	EmailMfaSettings         *mfaSettings
}

// setUserMFAPreference is SetUserMFAPreference: the access token's user
// turns TOTP on or off.
func (s *Server) setUserMFAPreference(c call, in *setUserMFAPreferenceInput) (any, error) {
	u, err := s.tokenUser(in.AccessToken)
	if err != nil {
		return nil, err
	}
	return s.setMFAPreference(u.username, in.SMSMfaSettings, in.SoftwareTokenMfaSettings, in.EmailMfaSettings)
}

// adminSetUserMFAPreference is AdminSetUserMFAPreference: the same for a
// user named by username or phone number, for the pool's owner.
func (s *Server) adminSetUserMFAPreference(c call, in *adminSetUserMFAPreferenceInput) (any, error) {
	u, err := s.adminUser(&adminUserInput{UserPoolId: in.UserPoolId, Username: in.Username})
	if err != nil {
		return nil, err
	}
	return s.setMFAPreference(u.username, in.SMSMfaSettings, in.SoftwareTokenMfaSettings, in.EmailMfaSettings)
}

// setMFAPreference applies MFA settings to a user. Settings left out
// change nothing. Turning TOTP on needs a verified token, as in Cognito;
// SMS and email MFA are not enabled in this pool (the template enables
// SOFTWARE_TOKEN_MFA only), so they can only be turned off, which they are.
func (s *Server) setMFAPreference(username string, sms, softwareToken, email *mfaSettings) (any, error) {
	for _, other := range []struct {
		name     string
		settings *mfaSettings
	}{{"SMS_MFA", sms}, {"EMAIL_OTP", email}} {
		if other.settings != nil && (other.settings.Enabled || other.settings.PreferredMfa) {
			return nil, newError(errInvalidParameter, "%s is not enabled in this user pool: it offers SOFTWARE_TOKEN_MFA only.", other.name)
		}
	}
	if softwareToken == nil {
		return struct{}{}, nil
	}
	_, err := s.users.update(username, func(u *user) error {
		t := &u.softwareToken
		if (softwareToken.Enabled || softwareToken.PreferredMfa) && t.secret == "" {
			return totpNotSetUp
		}
		t.enabled = softwareToken.Enabled
		t.preferred = softwareToken.Enabled && softwareToken.PreferredMfa
		return nil
	})
	if err != nil {
		return nil, err
	}
	return struct{}{}, nil
}
