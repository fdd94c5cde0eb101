package session

import (
	"fmt"
	"slices"
	"strings"
)

// Challenge names that Cognito writes into the session history. Only
// CustomChallenge is this flow's own; Cognito itself answers the others.
const (
	// CustomChallenge is the SMS code, made by create and checked by verify.
	CustomChallenge = "CUSTOM_CHALLENGE"
	// SRPA is the start of a password sign-in: the client sent CUSTOM_AUTH
	// with CHALLENGE_NAME=SRP_A. Cognito records it answered true.
	SRPA = "SRP_A"
	// PasswordVerifier is the client's SRP proof of the password. Cognito
	// answers it false for a wrong password and for an unknown user alike.
	PasswordVerifier = "PASSWORD_VERIFIER"
	// SoftwareTokenMFA, SMSMFA and EmailOTP are the native MFA challenges
	// that Cognito inserts after PasswordVerifier for a user with MFA.
	SoftwareTokenMFA = "SOFTWARE_TOKEN_MFA"
	SMSMFA           = "SMS_MFA"
	EmailOTP         = "EMAIL_OTP"
	// MFASetup is the enrolment of an authenticator app that Cognito asks
	// for after PasswordVerifier when the pool requires MFA and the user
	// has none. It proves nothing about who signs in (whoever knows the
	// password can enrol an app of their own), so the code still follows.
	MFASetup = "MFA_SETUP"
	// AdminNoSRPAuth, DeviceSRPAuth and DevicePasswordVerifier are the
	// remaining names the define trigger documentation lists. No flow
	// accepts them: the app client enables no admin password flow, and the
	// pool tracks no devices.
	AdminNoSRPAuth         = "ADMIN_NO_SRP_AUTH"
	DeviceSRPAuth          = "DEVICE_SRP_AUTH"
	DevicePasswordVerifier = "DEVICE_PASSWORD_VERIFIER"
)

// MFAChallenges are the native MFA challenges, any one of which counts as
// the second factor right after PasswordVerifier.
var MFAChallenges = []string{SoftwareTokenMFA, SMSMFA, EmailOTP}

// Flow is the sequence of steps a sign-in must complete before tokens.
type Flow string

// The flows. FlowCode is the default.
const (
	// FlowCode is passwordless: SMS code rounds only. Any password step
	// fails the sign-in.
	FlowCode Flow = "code"
	// FlowPasswordAndCode is two factors: SRP_A, PASSWORD_VERIFIER, then
	// the SMS code rounds, or a native MFA answer instead of the code.
	FlowPasswordAndCode Flow = "password-and-code"
)

// Flows lists every Flow, the default first.
var Flows = []Flow{FlowCode, FlowPasswordAndCode}

// ParseFlow returns the Flow named s; "" is FlowCode.
func ParseFlow(s string) (Flow, error) {
	if s == "" {
		return FlowCode, nil
	}
	for _, f := range Flows {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, len(Flows))
	for i, f := range Flows {
		names[i] = string(f)
	}
	return FlowCode, fmt.Errorf("unknown sign-in flow %q, want one of %s", s, strings.Join(names, ", "))
}

// Policy is what a sign-in must prove: the define trigger's settings.
type Policy struct {
	// Flow is the sequence of steps.
	Flow Flow
	// MaxAttempts is the number of code answers a user may give. Password
	// and MFA steps do not count: Cognito itself limits those, and neither
	// do resend requests.
	MaxAttempts int
	// MaxResends is the number of new codes a user may ask for within one
	// sign-in, on either channel; 0 allows none.
	MaxResends int
	// RequireCodeAfterMFA asks for the SMS code after a native MFA answer
	// too. Without it the MFA answer is the second factor and no SMS is
	// sent. Only FlowPasswordAndCode has MFA answers.
	RequireCodeAfterMFA bool
	// AppRequired says that the pool requires an authenticator app (MFA
	// ON), so that users without one enrol it during a sign-in, right after
	// the password (MFASetup). Whoever knows the password can do that, and
	// Cognito may keep an app enrolled in a sign-in that was abandoned
	// before the code (AWS does not document what it keeps), so no app
	// answer stands in for the code in such a pool: the code follows every
	// MFA answer, as with RequireCodeAfterMFA. In a pool where the app is
	// optional, an app is enrolled only with an access token, that is by a
	// user who signed in with the password and the code.
	AppRequired bool
	// RequireCodeAfterPasskey asks for code rounds after a right passkey
	// answer too. Without it a passkey answer is a factor of its own: in
	// FlowCode it issues tokens, in FlowPasswordAndCode it is the second
	// factor after the password.
	RequireCodeAfterPasskey bool
}

// codeAfterMFA reports whether code rounds follow a native MFA answer.
func (p Policy) codeAfterMFA() bool { return p.RequireCodeAfterMFA || p.AppRequired }

// Split divides a session history into its password steps, the leading
// rounds that Cognito answers itself (SRPA, PasswordVerifier, the MFA
// challenges and MFASetup), and its code rounds, everything after them. Define and
// create both count with it, so that the first code round is the one
// after the password steps and MAX_ATTEMPTS and attemptsLeft count code
// answers only. Split does not judge the history: Decide does.
func Split(history []Round) (steps, codes []Round) {
	n := 0
	for n < len(history) && passwordStep(history[n].ChallengeName) {
		n++
	}
	return history[:n], history[n:]
}

// passwordStep reports whether name is one of the steps before the code.
func passwordStep(name string) bool {
	return name == SRPA || name == PasswordVerifier || name == MFASetup || isMFA(name)
}

func isMFA(name string) bool { return slices.Contains(MFAChallenges, name) }
