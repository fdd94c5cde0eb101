package localpool

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"regexp"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/srp"
)

// The challenges of a password sign-in inside CUSTOM_AUTH: the client
// starts with CHALLENGE_NAME=SRP_A and its public value SRP_A, and proves
// the password in PASSWORD_VERIFIER when define asks for it.
const (
	srpAChallenge             = "SRP_A"
	passwordVerifierChallenge = "PASSWORD_VERIFIER"
)

// passwordClaimParameters are the ChallengeResponses of PASSWORD_VERIFIER
// besides USERNAME.
var passwordClaimParameters = []string{"PASSWORD_CLAIM_SECRET_BLOCK", "PASSWORD_CLAIM_SIGNATURE", "TIMESTAMP"}

// secretBlockBytes is the randomness of a SECRET_BLOCK.
const secretBlockBytes = 64

// hexNumber is what SRP_A must be: a number in hexadecimal, as every SRP
// client sends it.
var hexNumber = regexp.MustCompile(`^[0-9a-fA-F]+$`)

// startPasswordExchange checks SRP_A, starts the SRP exchange with the
// user's password verifier, and records the round SRP_A answered true, as
// Cognito does before it calls define. An unknown user, or one without a
// password, gets an exchange with a decoy verifier that no password opens,
// with a salt stable for the name, so that the answers look alike.
func (s *Server) startPasswordExchange(sess *authSession, srpA string) error {
	switch {
	case srpA == "":
		return missingParameter("SRP_A")
	case !hexNumber.MatchString(srpA):
		return newError(errInvalidParameter, "SRP_A must be a hexadecimal number.")
	}
	verifier := sess.user.password
	if sess.userNotFound || verifier == nil {
		v, err := s.decoyVerifier(sess.names[0])
		if err != nil {
			return err
		}
		verifier = &v
	}
	server, err := srp.NewServer(*verifier, srpA, nil)
	if errors.Is(err, srp.ErrPublicValue) {
		return newError(errInvalidParameter, "SRP_A is not a valid SRP public value.")
	}
	if err != nil {
		return err
	}
	sess.password, sess.secretBlock = server, base64.StdEncoding.EncodeToString(randomBytes(secretBlockBytes))
	sess.rounds = append(sess.rounds, &events.CognitoEventUserPoolsChallengeResult{ChallengeName: srpAChallenge, ChallengeResult: true})
	return nil
}

// decoyVerifier is the verifier of a password nobody knows, its salt
// derived from userIDForSRP under the decoy key: the same SALT for the
// same name every time, as a real user's.
func (s *Server) decoyVerifier(userIDForSRP string) (srp.Verifier, error) {
	mac := hmac.New(sha256.New, s.decoyKey)
	mac.Write([]byte("srp salt\x00" + userIDForSRP))
	salt := mac.Sum(nil)
	return srp.NewVerifier(srp.PoolName(s.userPoolID), userIDForSRP, randomToken(32), bytes.NewReader(salt))
}

// awaitsPassword reports whether the session's last round is SRP_A, so
// that define may ask for PASSWORD_VERIFIER.
func (sess *authSession) awaitsPassword() bool {
	n := len(sess.rounds)
	return sess.password != nil && n > 0 && sess.rounds[n-1].ChallengeName == srpAChallenge
}

// passwordChallenge is PASSWORD_VERIFIER's ChallengeParameters.
func (sess *authSession) passwordChallenge() map[string]string {
	ch := sess.password.Challenge(sess.names[0], sess.secretBlock)
	return map[string]string{
		"USERNAME":        sess.names[0],
		"USER_ID_FOR_SRP": ch.UserIDForSRP,
		"SALT":            ch.Salt,
		"SRP_B":           ch.SRPB,
		"SECRET_BLOCK":    ch.SecretBlock,
	}
}

// checkPasswordClaim is Cognito's verdict on PASSWORD_VERIFIER: true only
// for a real user with a password whose claim signs this exchange's secret
// block. A wrong password, an unknown user and a forged claim are all
// false, and end the sign-in through define. A TIMESTAMP that is not a
// time at all is refused as Cognito refuses it.
func (s *Server) checkPasswordClaim(sess *authSession, responses map[string]string) (bool, error) {
	if s.passwordLockout.locked(sess.names[0]) {
		return false, errPasswordAttempts
	}
	claim := srp.Claim{
		SecretBlock: responses["PASSWORD_CLAIM_SECRET_BLOCK"],
		Signature:   responses["PASSWORD_CLAIM_SIGNATURE"],
		Timestamp:   responses["TIMESTAMP"],
	}
	err := sess.password.Verify(srp.PoolName(s.userPoolID), sess.names[0], claim)
	if errors.Is(err, srp.ErrTimestamp) {
		return false, newError(errInvalidParameter, "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.")
	}
	right := err == nil && !sess.userNotFound && sess.user.password != nil &&
		hmac.Equal([]byte(claim.SecretBlock), []byte(sess.secretBlock))
	s.passwordLockout.record(sess.names[0], right)
	return right, nil
}
