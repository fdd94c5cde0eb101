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

// mfaSetupChallenge is the challenge Cognito itself presents, after a
// proven password, to a user without an authenticator app in a pool whose
// MFA is required (Options.MFARequired): the app is set up with the
// challenge's Session (AssociateSoftwareToken, VerifySoftwareToken), then
// MFA_SETUP is answered with the last Session.
const mfaSetupChallenge = "MFA_SETUP"

// mfaSetupParameters is MFA_SETUP's ChallengeParameters: MFAS_CAN_SETUP, a
// JSON array of the MFA types the user may set up, as Cognito sends it and
// as Amplify and identity-js parse it (JSON.parse). TOTP is this pool's
// only MFA.
func mfaSetupParameters() map[string]string {
	return map[string]string{"MFAS_CAN_SETUP": `["` + softwareTokenMFAChallenge + `"]`}
}

type associateSoftwareTokenInput struct {
	AccessToken string
	Session     string
}

type associateSoftwareTokenOutput struct {
	SecretCode string `json:"SecretCode"`
	Session    string `json:"Session,omitempty"`
}

// associateSoftwareToken is AssociateSoftwareToken: a new secret for the
// user's authenticator app. By access token, for a signed-in user, it
// replaces a previous app only once VerifySoftwareToken proves the app has
// it. By the Session of an MFA_SETUP challenge it belongs to that sign-in,
// and the answer carries the Session to verify it with.
func (s *Server) associateSoftwareToken(c call, in *associateSoftwareTokenInput) (any, error) {
	if err := checkTokenOrSession(in.AccessToken, in.Session); err != nil {
		return nil, err
	}
	secret := newTOTPSecret()
	if in.Session != "" {
		sess, err := s.sessions.takeFor(in.Session, mfaSetupChallenge)
		if err != nil {
			return nil, err
		}
		sess.setupSecret, sess.setupVerified = secret, false
		return associateSoftwareTokenOutput{SecretCode: secret, Session: s.sessions.put(sess)}, nil
	}
	u, err := s.tokenUser(in.AccessToken)
	if err != nil {
		return nil, err
	}
	if _, err := s.users.update(u.username, func(u *user) error {
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

// verifySoftwareToken is VerifySoftwareToken: a code of the associated
// secret makes it the user's verified token (replacing any previous one),
// named FriendlyDeviceName. The code counts as used. By access token,
// turning TOTP on for sign-ins is SetUserMFAPreference's job; by the
// Session of an MFA_SETUP challenge, the answer carries the Session that
// answers MFA_SETUP, which turns it on. A wrong code leaves the Session as
// it was, for another try.
func (s *Server) verifySoftwareToken(c call, in *verifySoftwareTokenInput) (any, error) {
	if err := checkUserCode(in.UserCode); err != nil {
		return nil, err
	}
	if err := checkTokenOrSession(in.AccessToken, in.Session); err != nil {
		return nil, err
	}
	if in.Session != "" {
		return s.verifySetupSoftwareToken(in)
	}
	u, err := s.tokenUser(in.AccessToken)
	if err != nil {
		return nil, err
	}
	if _, err := s.users.update(u.username, func(u *user) error {
		t := &u.softwareToken
		if t.pending == "" {
			return noSoftwareToken
		}
		if !t.verify(t.pending, in.UserCode, in.FriendlyDeviceName, s.now()) {
			return enableTOTPFailed
		}
		t.pending = ""
		return nil
	}); err != nil {
		return nil, err
	}
	return verifySoftwareTokenOutput{Status: "SUCCESS"}, nil
}

// verifySetupSoftwareToken is VerifySoftwareToken with the Session of an
// MFA_SETUP challenge, after AssociateSoftwareToken with it.
func (s *Server) verifySetupSoftwareToken(in *verifySoftwareTokenInput) (any, error) {
	sess, err := s.sessions.takeFor(in.Session, mfaSetupChallenge)
	if err != nil {
		return nil, err
	}
	if sess.setupSecret == "" {
		s.sessions.keep(in.Session, sess)
		return nil, noSoftwareToken
	}
	if _, err := s.users.update(sess.user.username, func(u *user) error {
		if !u.softwareToken.verify(sess.setupSecret, in.UserCode, in.FriendlyDeviceName, s.now()) {
			return enableTOTPFailed
		}
		return nil
	}); err != nil {
		s.sessions.keep(in.Session, sess)
		return nil, err
	}
	sess.setupSecret, sess.setupVerified = "", true
	return verifySoftwareTokenOutput{Status: "SUCCESS", Session: s.sessions.put(sess)}, nil
}

// verify makes secret the token's verified secret, named deviceName, if
// code is its code now; the code counts as used.
func (t *softwareToken) verify(secret, code, deviceName string, now time.Time) bool {
	step, ok, _ := matchTOTP(secret, code, now, 0)
	if ok {
		t.secret, t.deviceName, t.lastStep = secret, deviceName, step
	}
	return ok
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

// checkTokenOrSession refuses AssociateSoftwareToken and
// VerifySoftwareToken without exactly one of AccessToken (a signed-in
// user) and Session (an MFA_SETUP challenge), with local mode's own
// messages.
func checkTokenOrSession(accessToken, session string) error {
	switch {
	case accessToken != "" && session != "":
		return newError(errInvalidParameter, "Only one of AccessToken and Session may be given.")
	case accessToken == "" && session == "":
		return newError(errInvalidParameter, "AccessToken or Session is required: the access token of a signed-in user, or the Session of an MFA_SETUP challenge.")
	}
	return nil
}

// enableSetUpSoftwareToken is what answering MFA_SETUP does, after
// VerifySoftwareToken with the challenge's Session: the verified token
// becomes the user's enabled and preferred MFA.
func (s *Server) enableSetUpSoftwareToken(username string) error {
	_, err := s.users.update(username, func(u *user) error {
		if u.softwareToken.secret == "" {
			return noSoftwareToken
		}
		u.softwareToken.enabled, u.softwareToken.preferred = true, true
		return nil
	})
	return err
}

// mfaAfterPassword is the challenge Cognito presents itself after a proven
// password, before define hears of it, or "" for none. With MFA optional,
// a user whose TOTP is on answers SOFTWARE_TOKEN_MFA. With MFA required,
// so does every user with a verified app, and a user without one must set
// one up first (MFA_SETUP): as Cognito documents it, users who have no MFA
// set up get MFA_SETUP.
func (s *Server) mfaAfterPassword(t softwareToken) string {
	switch {
	case t.active(), s.mfaRequired && t.secret != "":
		return softwareTokenMFAChallenge
	case s.mfaRequired:
		return mfaSetupChallenge
	}
	return ""
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
