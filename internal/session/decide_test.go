package session_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

// Code rounds as Cognito records them: the first round of a sign-in, a
// round after a wrong answer (same code) and one after a resend request
// (new code), each answered wrong or right.
var (
	wrongFirst       = codeRound(session.CauseFirst, false)
	rightFirst       = codeRound(session.CauseFirst, true)
	wrong            = codeRound(session.CauseRetry, false)
	right            = codeRound(session.CauseRetry, true)
	wrongAfterResend = codeRound(session.CauseResend, false)
	rightAfterResend = codeRound(session.CauseResend, true)
	// The same first round, its code sent by email.
	wrongFirstEmail = session.Round{ChallengeName: session.CustomChallenge, Metadata: session.Metadata{Cause: session.CauseFirst, Channel: session.ChannelEmail, Seal: "v1.seal"}.String()}
	// A round of this flow's earlier versions, whose metadata was the seal alone.
	oldSeal = session.Round{ChallengeName: session.CustomChallenge, Correct: true, Metadata: "v1.seal"}
)

// Passkey rounds, made like code rounds: the first, after a wrong
// assertion (a new challenge) and after a request for a new challenge.
var (
	pkWrongFirst       = passkeyRound(session.CauseFirst, false)
	pkRightFirst       = passkeyRound(session.CauseFirst, true)
	pkWrong            = passkeyRound(session.CauseRetry, false)
	pkRight            = passkeyRound(session.CauseRetry, true)
	pkWrongAfterResend = passkeyRound(session.CauseResend, false)
	pkRightAfterResend = passkeyRound(session.CauseResend, true)
	// A code retried by email.
	rightEmail = session.Round{ChallengeName: session.CustomChallenge, Correct: true, Metadata: session.Metadata{Cause: session.CauseRetry, Channel: session.ChannelEmail, Seal: "v1.seal"}.String()}
)

func passkeyRound(cause session.Cause, correct bool) session.Round {
	m := session.Metadata{Cause: cause, Channel: session.ChannelPasskey, Seal: "v1.1767225600.challenge"}
	return session.Round{ChallengeName: session.CustomChallenge, Correct: correct, Metadata: m.String()}
}

func codeRound(cause session.Cause, correct bool) session.Round {
	m := session.Metadata{Cause: cause, Channel: session.ChannelSMS, Seal: "v1.seal"}
	return session.Round{ChallengeName: session.CustomChallenge, Correct: correct, Metadata: m.String()}
}

// Cognito's own steps, and rounds no flow makes.
var (
	srpA     = session.Round{ChallengeName: session.SRPA, Correct: true}
	srpAFail = session.Round{ChallengeName: session.SRPA, Correct: false}
	pvOK     = session.Round{ChallengeName: session.PasswordVerifier, Correct: true}
	pvBad    = session.Round{ChallengeName: session.PasswordVerifier, Correct: false}
	totpOK   = session.Round{ChallengeName: session.SoftwareTokenMFA, Correct: true}
	totpBad  = session.Round{ChallengeName: session.SoftwareTokenMFA, Correct: false}
	smsMFA   = session.Round{ChallengeName: session.SMSMFA, Correct: true}
	emailOTP = session.Round{ChallengeName: session.EmailOTP, Correct: true}
	adminPW  = session.Round{ChallengeName: session.AdminNoSRPAuth, Correct: true}
	devSRP   = session.Round{ChallengeName: session.DeviceSRPAuth, Correct: true}
	devPV    = session.Round{ChallengeName: session.DevicePasswordVerifier, Correct: true}
	setupOK  = session.Round{ChallengeName: session.MFASetup, Correct: true}
	setupBad = session.Round{ChallengeName: session.MFASetup, Correct: false}
	noSeal   = session.Round{ChallengeName: session.CustomChallenge, Correct: true}
	lower    = session.Round{ChallengeName: "custom_challenge", Correct: true, Metadata: rightFirst.Metadata}
	null     = session.Round{}
)

// mfaOK are the native MFA answers that may follow the password.
var mfaOK = []session.Round{totpOK, smsMFA, emailOTP}

func rounds(r ...session.Round) []session.Round { return r }

// Policies of the table: the flows with the default MAX_ATTEMPTS.
var (
	code        = session.Policy{Flow: session.FlowCode, MaxAttempts: 3, MaxResends: 2}
	password    = session.Policy{Flow: session.FlowPasswordAndCode, MaxAttempts: 3, MaxResends: 2}
	passwordRC  = session.Policy{Flow: session.FlowPasswordAndCode, MaxAttempts: 3, MaxResends: 2, RequireCodeAfterMFA: true}
	appRequired = session.Policy{Flow: session.FlowPasswordAndCode, MaxAttempts: 3, MaxResends: 2, AppRequired: true}
)

func attempts(p session.Policy, n int) session.Policy { p.MaxAttempts = n; return p }

func TestDecide(t *testing.T) {
	challenge := session.Decision{Challenge: session.CustomChallenge}
	verifyPassword := session.Decision{Challenge: session.PasswordVerifier}
	tokens := session.Decision{IssueTokens: true}
	fail := session.Decision{Fail: true}
	tests := []struct {
		name         string
		rounds       []session.Round
		userNotFound bool
		policy       session.Policy
		want         session.Decision
		reason       string
	}{
		// The code flow, as before password flows existed.
		{"empty session", nil, false, code, challenge, session.ReasonFirstRound},
		{"empty, not nil", rounds(), false, code, challenge, session.ReasonFirstRound},
		{"right first time", rounds(rightFirst), false, code, tokens, session.ReasonCorrect},
		{"one wrong", rounds(wrongFirst), false, code, challenge, session.ReasonRetry},
		{"wrong then right", rounds(wrongFirst, right), false, code, tokens, session.ReasonCorrect},
		{"two wrong", rounds(wrongFirst, wrong), false, code, challenge, session.ReasonRetry},
		{"two wrong then right", rounds(wrongFirst, wrong, right), false, code, tokens, session.ReasonCorrect},
		{"three wrong", rounds(wrongFirst, wrong, wrong), false, code, fail, session.ReasonExhausted},
		{"one attempt, wrong", rounds(wrongFirst), false, attempts(code, 1), fail, session.ReasonExhausted},
		{"one attempt, right", rounds(rightFirst), false, attempts(code, 1), tokens, session.ReasonCorrect},
		{"more rounds than attempts, last right", rounds(wrongFirst, wrong, wrong, right), false, code, fail, session.ReasonExhausted},
		{"right before the last round", rounds(rightFirst, wrong), false, code, fail, session.ReasonEarlierCorrect},
		{"right twice", rounds(rightFirst, right), false, code, fail, session.ReasonEarlierCorrect},
		{"lower-case name", rounds(lower), false, code, fail, session.ReasonUnexpectedRound},
		{"missing name", rounds(session.Round{Correct: true, Metadata: "x"}), false, code, fail, session.ReasonUnexpectedRound},
		{"missing metadata", rounds(noSeal), false, code, fail, session.ReasonUnexpectedRound},
		{"null entry", rounds(null), false, code, fail, session.ReasonUnexpectedRound},
		{"foreign round after a wrong one", rounds(wrongFirst, smsMFA), false, code, fail, session.ReasonUnexpectedRound},
		{"unknown user, first round", nil, true, code, challenge, session.ReasonFirstRound},
		{"unknown user, one wrong", rounds(wrongFirst), true, code, challenge, session.ReasonRetry},
		{"unknown user, three wrong", rounds(wrongFirst, wrong, wrong), true, code, fail, session.ReasonExhausted},
		{"unknown user, marked right", rounds(rightFirst), true, code, fail, session.ReasonUnknownUser},
		{"unknown user, wrong then marked right", rounds(wrongFirst, right), true, code, fail, session.ReasonUnknownUser},
		{"zero max attempts", rounds(rightFirst), false, attempts(code, 0), fail, session.ReasonBadMaxAttempts},
		{"negative max attempts", nil, false, attempts(code, -1), fail, session.ReasonBadMaxAttempts},
		{"unknown flow", rounds(rightFirst), false, session.Policy{Flow: "sms", MaxAttempts: 3}, fail, session.ReasonBadFlow},
		{"zero policy", rounds(rightFirst), false, session.Policy{}, fail, session.ReasonBadMaxAttempts},
		{"negative max resends", nil, false, session.Policy{Flow: session.FlowCode, MaxAttempts: 3, MaxResends: -1}, fail, session.ReasonBadMaxResends},
		{"metadata of an earlier version", rounds(oldSeal), false, code, fail, session.ReasonUnexpectedRound},
		{"first round not marked first", rounds(right), false, code, fail, session.ReasonUnexpectedRound},
		{"later round marked first", rounds(wrongFirst, rightFirst), false, code, fail, session.ReasonUnexpectedRound},
		{"first round by email", rounds(wrongFirstEmail, rightEmail), false, code, tokens, session.ReasonCorrect},
		{"retry by another channel", rounds(wrongFirstEmail, right), false, code, fail, session.ReasonUnexpectedRound},

		// The code flow refuses every password step: such a client gets no SMS.
		{"code flow: SRP start", rounds(srpA), false, code, fail, session.ReasonPasswordInCode},
		{"code flow: password verified", rounds(srpA, pvOK), false, code, fail, session.ReasonPasswordInCode},
		{"code flow: password step alone", rounds(pvOK), false, code, fail, session.ReasonPasswordInCode},
		{"code flow: SRP step before ours", rounds(srpA, rightFirst), false, code, fail, session.ReasonPasswordInCode},
		{"code flow: MFA answered", rounds(srpA, pvOK, totpOK), false, code, fail, session.ReasonPasswordInCode},
		{"code flow: unknown user's SRP start", rounds(srpA), true, code, fail, session.ReasonPasswordInCode},

		// The password flow: SRP_A, PASSWORD_VERIFIER, then the code.
		{"password: empty session", nil, false, password, fail, session.ReasonPasswordFirst},
		{"password: code without password", rounds(rightFirst), false, password, fail, session.ReasonPasswordFirst},
		{"password: SRP start", rounds(srpA), false, password, verifyPassword, session.ReasonPasswordNext},
		{"password: SRP_A marked false", rounds(srpAFail), false, password, fail, session.ReasonUnexpectedRound},
		{"password: wrong password", rounds(srpA, pvBad), false, password, fail, session.ReasonWrongPassword},
		{"password: verified", rounds(srpA, pvOK), false, password, challenge, session.ReasonFirstRound},
		{"password: right code", rounds(srpA, pvOK, rightFirst), false, password, tokens, session.ReasonCorrect},
		{"password: wrong code", rounds(srpA, pvOK, wrongFirst), false, password, challenge, session.ReasonRetry},
		{"password: two wrong then right", rounds(srpA, pvOK, wrongFirst, wrong, right), false, password, tokens, session.ReasonCorrect},
		{"password: three wrong codes", rounds(srpA, pvOK, wrongFirst, wrong, wrong), false, password, fail, session.ReasonExhausted},
		{"password: attempts count codes only", rounds(srpA, pvOK, wrongFirst), false, attempts(password, 2), challenge, session.ReasonRetry},
		{"password: one attempt, right", rounds(srpA, pvOK, rightFirst), false, attempts(password, 1), tokens, session.ReasonCorrect},
		{"password: one attempt, wrong", rounds(srpA, pvOK, wrongFirst), false, attempts(password, 1), fail, session.ReasonExhausted},
		{"password: code before password", rounds(srpA, wrongFirst), false, password, fail, session.ReasonUnexpectedRound},
		{"password: verifier first", rounds(pvOK), false, password, fail, session.ReasonUnexpectedRound},
		{"password: SRP twice", rounds(srpA, srpA), false, password, fail, session.ReasonUnexpectedRound},
		{"password: verifier twice", rounds(srpA, pvBad, pvOK), false, password, fail, session.ReasonUnexpectedRound},
		{"password: verified twice", rounds(srpA, pvOK, pvOK), false, password, fail, session.ReasonUnexpectedRound},
		{"password: code then SRP", rounds(wrongFirst, srpA, pvOK), false, password, fail, session.ReasonPasswordFirst},
		{"password: right code after a failed verifier", rounds(srpA, pvBad, rightFirst), false, password, fail, session.ReasonWrongPassword},
		{"password: code round not ours", rounds(srpA, pvOK, noSeal), false, password, fail, session.ReasonUnexpectedRound},
		{"password: null entry", rounds(srpA, pvOK, null), false, password, fail, session.ReasonUnexpectedRound},

		// A native MFA answer right after the password is the second factor.
		{"password: TOTP answered", rounds(srpA, pvOK, totpOK), false, password, tokens, session.ReasonSecondFactor},
		{"password: SMS MFA answered", rounds(srpA, pvOK, smsMFA), false, password, tokens, session.ReasonSecondFactor},
		{"password: email OTP answered", rounds(srpA, pvOK, emailOTP), false, password, tokens, session.ReasonSecondFactor},
		{"password: TOTP failed", rounds(srpA, pvOK, totpBad), false, password, fail, session.ReasonMFAFailed},
		{"password: MFA before the password", rounds(srpA, totpOK), false, password, fail, session.ReasonUnexpectedRound},
		{"password: MFA after a wrong password", rounds(srpA, pvBad, totpOK), false, password, fail, session.ReasonWrongPassword},
		{"password: MFA twice", rounds(srpA, pvOK, totpOK, smsMFA), false, password, fail, session.ReasonUnexpectedRound},
		{"password: code after MFA, not asked for", rounds(srpA, pvOK, totpOK, rightFirst), false, password, fail, session.ReasonUnexpectedRound},
		{"password: MFA after the code", rounds(srpA, pvOK, wrongFirst, totpOK), false, password, fail, session.ReasonUnexpectedRound},
		{"require code: TOTP answered", rounds(srpA, pvOK, totpOK), false, passwordRC, challenge, session.ReasonFirstRound},
		{"require code: right code after TOTP", rounds(srpA, pvOK, totpOK, rightFirst), false, passwordRC, tokens, session.ReasonCorrect},
		{"require code: three wrong after TOTP", rounds(srpA, pvOK, totpOK, wrongFirst, wrong, wrong), false, passwordRC, fail, session.ReasonExhausted},
		{"require code: TOTP failed", rounds(srpA, pvOK, totpBad), false, passwordRC, fail, session.ReasonMFAFailed},
		{"require code: no MFA", rounds(srpA, pvOK, rightFirst), false, passwordRC, tokens, session.ReasonCorrect},

		// Names no flow accepts.
		{"password: admin password step", rounds(adminPW), false, password, fail, session.ReasonPasswordFirst},
		{"password: admin password after SRP", rounds(srpA, adminPW), false, password, fail, session.ReasonUnexpectedRound},
		{"password: device SRP after the password", rounds(srpA, pvOK, devSRP), false, password, fail, session.ReasonUnexpectedRound},
		{"password: device verifier after the password", rounds(srpA, pvOK, devSRP, devPV), false, password, fail, session.ReasonUnexpectedRound},
		{"password: device steps then code", rounds(srpA, pvOK, devSRP, devPV, rightFirst), false, passwordRC, fail, session.ReasonUnexpectedRound},
		{"code flow: admin password step", rounds(adminPW), false, code, fail, session.ReasonUnexpectedRound},
		{"code flow: device SRP", rounds(devSRP), false, code, fail, session.ReasonUnexpectedRound},

		// An unknown user: the same shapes, never tokens.
		{"password, unknown user: SRP start", rounds(srpA), true, password, verifyPassword, session.ReasonPasswordNext},
		{"password, unknown user: verifier answered false", rounds(srpA, pvBad), true, password, fail, session.ReasonWrongPassword},
		{"password, unknown user: verifier marked true", rounds(srpA, pvOK), true, password, challenge, session.ReasonFirstRound},
		{"password, unknown user: code marked right", rounds(srpA, pvOK, rightFirst), true, password, fail, session.ReasonUnknownUser},
		{"password, unknown user: MFA marked right", rounds(srpA, pvOK, totpOK), true, password, fail, session.ReasonUnknownUser},
		{"require code, unknown user: MFA marked right", rounds(srpA, pvOK, totpOK), true, passwordRC, challenge, session.ReasonFirstRound},

		// An authenticator set up after the password is no second factor.
		{"password: MFA set up", rounds(srpA, pvOK, setupOK), false, password, challenge, session.ReasonFirstRound},
		{"password: right code after MFA setup", rounds(srpA, pvOK, setupOK, rightFirst), false, password, tokens, session.ReasonCorrect},
		{"require code: right code after MFA setup", rounds(srpA, pvOK, setupOK, rightFirst), false, passwordRC, tokens, session.ReasonCorrect},
		{"password: MFA setup failed", rounds(srpA, pvOK, setupBad), false, password, fail, session.ReasonMFAFailed},
		{"password: MFA setup then MFA", rounds(srpA, pvOK, setupOK, totpOK), false, password, fail, session.ReasonUnexpectedRound},
		{"password: MFA setup before the password", rounds(srpA, setupOK), false, password, fail, session.ReasonUnexpectedRound},
		{"code flow: MFA setup", rounds(srpA, pvOK, setupOK, rightFirst), false, code, fail, session.ReasonPasswordInCode},
		{"password, unknown user: code after MFA setup", rounds(srpA, pvOK, setupOK, rightFirst), true, password, fail, session.ReasonUnknownUser},

		// The attack of an abandoned MFA_SETUP: sign-in 1 proved the password
		// and enrolled the attacker's app, and was abandoned before the code;
		// sign-in 2 answers with that app. Where the app is required, the
		// code still follows, so the password and the app are not enough.
		{"app required: app answer after the password", rounds(srpA, pvOK, totpOK), false, appRequired, challenge, session.ReasonFirstRound},
		{"app required: right code after the app", rounds(srpA, pvOK, totpOK, rightFirst), false, appRequired, tokens, session.ReasonCorrect},
		{"app required: wrong code after the app", rounds(srpA, pvOK, totpOK, wrongFirst), false, appRequired, challenge, session.ReasonRetry},
		{"app required: right code after MFA setup", rounds(srpA, pvOK, setupOK, rightFirst), false, appRequired, tokens, session.ReasonCorrect},
		{"app optional: the app is the second factor", rounds(srpA, pvOK, totpOK), false, password, tokens, session.ReasonSecondFactor},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := session.Decide(session.Request{History: tt.rounds, UserNotFound: tt.userNotFound}, tt.policy)
			if got.Reason != tt.reason {
				t.Errorf("reason %q, want %q", got.Reason, tt.reason)
			}
			got.Reason = ""
			if got != tt.want {
				t.Errorf("Decide = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestDecideResend: a resend request (this call's ClientMetadata) after a
// round is no wrong answer, and the round after it, marked as a resend by
// create, tells later calls so.
func TestDecideResend(t *testing.T) {
	challenge := session.Decision{Challenge: session.CustomChallenge}
	tokens := session.Decision{IssueTokens: true}
	fail := session.Decision{Fail: true}
	resends := func(p session.Policy, n int) session.Policy { p.MaxResends = n; return p }
	tests := []struct {
		name         string
		rounds       []session.Round
		resend       bool
		userNotFound bool
		policy       session.Policy
		want         session.Decision
		reason       string
	}{
		{"resend after the first round", rounds(wrongFirst), true, false, code, challenge, session.ReasonResend},
		{"right code after a resend", rounds(wrongFirst, rightAfterResend), false, false, code, tokens, session.ReasonCorrect},
		{"second resend", rounds(wrongFirst, wrongAfterResend), true, false, code, challenge, session.ReasonResend},
		{"third resend", rounds(wrongFirst, wrongAfterResend, wrongAfterResend), true, false, code, fail, session.ReasonTooManyResends},
		{"right after two resends", rounds(wrongFirst, wrongAfterResend, rightAfterResend), false, false, code, tokens, session.ReasonCorrect},
		{"resends use no attempts", rounds(wrongFirst, wrongAfterResend, wrong), false, false, code, challenge, session.ReasonRetry},
		{"three wrong answers around resends", rounds(wrongFirst, wrong, wrongAfterResend, wrong), false, false, code, fail, session.ReasonExhausted},
		{"right after three wrong and a resend", rounds(wrongFirst, wrong, wrong, wrongAfterResend, right), false, false, code, fail, session.ReasonExhausted},
		{"right after three resends", rounds(wrongFirst, wrongAfterResend, wrongAfterResend, rightAfterResend), false, false, code, fail, session.ReasonTooManyResends},
		{"resends off", rounds(wrongFirst), true, false, resends(code, 0), fail, session.ReasonTooManyResends},
		{"one attempt, resend then right", rounds(wrongFirst, rightAfterResend), false, false, attempts(code, 1), tokens, session.ReasonCorrect},
		{"one attempt, resend", rounds(wrongFirst), true, false, attempts(code, 1), challenge, session.ReasonResend},
		{"resend request with a right answer", rounds(rightFirst), true, false, code, tokens, session.ReasonCorrect},
		{"resend after a right answer", rounds(rightFirst, wrongAfterResend), false, false, code, fail, session.ReasonEarlierCorrect},
		{"resend asked on the first call", nil, true, false, code, challenge, session.ReasonFirstRound},
		{"password: resend", rounds(srpA, pvOK, wrongFirst), true, false, password, challenge, session.ReasonResend},
		{"password: resend asked at the password", rounds(srpA, pvOK), true, false, password, challenge, session.ReasonFirstRound},
		{"password: resend asked at SRP", rounds(srpA), true, false, password, session.Decision{Challenge: session.PasswordVerifier}, session.ReasonPasswordNext},
		{"password: resend at a wrong password", rounds(srpA, pvBad), true, false, password, fail, session.ReasonWrongPassword},
		{"unknown user: resend", rounds(wrongFirst), true, true, code, challenge, session.ReasonResend},
		{"unknown user: third resend", rounds(wrongFirst, wrongAfterResend, wrongAfterResend), true, true, code, fail, session.ReasonTooManyResends},
		{"unknown user: marked right after a resend", rounds(wrongFirst, rightAfterResend), false, true, code, fail, session.ReasonUnknownUser},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := session.Request{History: tt.rounds, UserNotFound: tt.userNotFound, Resend: session.Resend{Requested: tt.resend}}
			got := session.Decide(r, tt.policy)
			if got.Reason != tt.reason {
				t.Errorf("reason %q, want %q", got.Reason, tt.reason)
			}
			got.Reason = ""
			if got != tt.want {
				t.Errorf("Decide = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name          string
		history       []session.Round
		steps, counts int
	}{
		{"empty", nil, 0, 0},
		{"code rounds", rounds(wrongFirst, right), 0, 2},
		{"SRP start", rounds(srpA), 1, 0},
		{"password verified", rounds(srpA, pvOK), 2, 0},
		{"after the password", rounds(srpA, pvOK, wrong, wrong), 2, 2},
		{"after MFA", rounds(srpA, pvOK, totpOK, wrong), 3, 1},
		{"every MFA name", rounds(srpA, pvOK, totpOK, smsMFA, emailOTP, setupOK), 6, 0},
		// A null entry, an admin or a device step ends the steps: create
		// then finds no seal in it, and define fails it.
		{"null entry", rounds(null), 0, 1},
		{"admin step", rounds(adminPW, right), 0, 2},
		{"device step", rounds(srpA, pvOK, devSRP, right), 2, 2},
		{"steps after a code", rounds(wrong, srpA, pvOK), 0, 3},
	}
	for _, tt := range tests {
		steps, codes := session.Split(tt.history)
		if len(steps) != tt.steps || len(codes) != tt.counts || !slices.Equal(append(slices.Clone(steps), codes...), tt.history) {
			t.Errorf("%s: Split = %v, %v; want %d steps then %d code rounds, in order", tt.name, describe(steps), describe(codes), tt.steps, tt.counts)
		}
	}
}

func TestParseFlow(t *testing.T) {
	for in, want := range map[string]session.Flow{"": session.FlowCode, "code": session.FlowCode, "password-and-code": session.FlowPasswordAndCode} {
		if got, err := session.ParseFlow(in); got != want || err != nil {
			t.Errorf("ParseFlow(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"Code", "password", "password_and_code", " code", "code-or-password-and-code"} {
		if _, err := session.ParseFlow(in); err == nil {
			t.Errorf("ParseFlow(%q) accepted", in)
		}
	}
	if session.Flows[0] != session.FlowCode {
		t.Errorf("Flows = %v, want the default %q first", session.Flows, session.FlowCode)
	}
}

// policies are every combination the exhaustive walks check: both flows,
// with and without the code after MFA, with the app optional and
// required, max attempts 1 to 3, max resends 0 to 2.
func policies() []session.Policy {
	var out []session.Policy
	for _, flow := range session.Flows {
		for _, requireCode := range []bool{false, true} {
			for _, appRequired := range []bool{false, true} {
				if flow == session.FlowCode && (requireCode || appRequired) {
					// Without a password there is no MFA answer: nothing changes.
					continue
				}
				for _, codeAfterPasskey := range []bool{false, true} {
					for maxAttempts := 1; maxAttempts <= 3; maxAttempts++ {
						for maxResends := 0; maxResends <= 2; maxResends++ {
							out = append(out, session.Policy{Flow: flow, MaxAttempts: maxAttempts, MaxResends: maxResends,
								RequireCodeAfterMFA: requireCode, AppRequired: appRequired, RequireCodeAfterPasskey: codeAfterPasskey})
						}
					}
				}
			}
		}
	}
	return out
}

// call is one call of define: a history and the resend request of its
// ClientMetadata, if any.
type call struct {
	history []session.Round
	resend  session.Resend
}

func (c call) String() string {
	return fmt.Sprintf("%s resend=%v channel=%q", describe(c.history), c.resend.Requested, c.resend.Channel)
}

// requests are the ClientMetadata a client may send with an answer: none,
// or a resend request for a code (by the channel kept, or SMS) or for a
// new passkey challenge.
var requests = []session.Resend{{}, {Requested: true}, {Requested: true, Channel: session.ChannelSMS}, {Requested: true, Channel: session.ChannelPasskey}}

// expectations restates the rules independently of Decide, by playing
// every sign-in a client can make under p: the flow's password steps,
// then a code or a passkey round, and at each round a right answer, a
// wrong one or a resend request for a code or a passkey. It returns each
// call define sees on the way with the decision it must take; every other
// call must fail.
func expectations(p session.Policy, userNotFound bool) map[string]session.Decision {
	want := map[string]session.Decision{}
	expect := func(history []session.Round, d session.Decision) {
		for _, r := range requests {
			want[call{history, r}.String()] = d
		}
	}
	challenge := session.Decision{Challenge: session.CustomChallenge}
	fail := session.Decision{Fail: true}
	tokens := session.Decision{IssueTokens: true}
	if userNotFound {
		tokens = fail
	}
	round := func(m session.Metadata, correct bool) session.Round {
		if m.Channel == session.ChannelPasskey {
			return passkeyRound(m.Cause, correct)
		}
		return codeRound(m.Cause, correct)
	}
	// play follows the round next, after wrongs wrong answers and resends
	// counted resend requests; codeSent says a code round came before,
	// proven a right passkey answer.
	var play func(history []session.Round, next session.Metadata, wrongs, resends int, codeSent, proven bool)
	play = func(history []session.Round, next session.Metadata, wrongs, resends int, codeSent, proven bool) {
		right := append(slices.Clone(history), round(next, true))
		switch {
		case next.Channel == session.ChannelPasskey && p.RequireCodeAfterPasskey && !userNotFound:
			expect(right, challenge)
			play(right, session.Metadata{Cause: session.CauseFirst, Channel: session.ChannelSMS}, wrongs, resends, codeSent, true)
		default:
			expect(right, tokens)
		}
		answered := append(slices.Clone(history), round(next, false))
		codeSent = codeSent || next.Channel != session.ChannelPasskey
		if wrongs+1 >= p.MaxAttempts {
			want[call{answered, session.Resend{}}.String()] = fail
		} else {
			want[call{answered, session.Resend{}}.String()] = challenge
			play(answered, session.Metadata{Cause: session.CauseRetry, Channel: next.Channel}, wrongs+1, resends, codeSent, proven)
		}
		for _, r := range requests[1:] {
			channel := r.Channel
			if channel == "" {
				channel = next.Channel
			}
			if channel == session.ChannelPasskey && r.Channel == "" {
				channel = session.ChannelSMS
			}
			cost := 1
			if channel != session.ChannelPasskey && !codeSent {
				cost = 0
			}
			if resends+cost > p.MaxResends {
				want[call{answered, r}.String()] = fail
				continue
			}
			want[call{answered, r}.String()] = challenge
			// After a right passkey, create makes no passkey round.
			if !(proven && channel == session.ChannelPasskey) {
				play(answered, session.Metadata{Cause: session.CauseResend, Channel: channel}, wrongs, resends+cost, codeSent, proven)
			}
		}
	}
	codeFrom := func(prefix []session.Round) {
		expect(prefix, challenge)
		play(prefix, session.Metadata{Cause: session.CauseFirst, Channel: session.ChannelSMS}, 0, 0, false, false)
		play(prefix, session.Metadata{Cause: session.CauseFirst, Channel: session.ChannelPasskey}, 0, 0, false, false)
	}
	if p.Flow == session.FlowCode {
		codeFrom(nil)
		return want
	}
	expect(rounds(srpA), session.Decision{Challenge: session.PasswordVerifier})
	codeFrom(rounds(srpA, pvOK))
	codeFrom(rounds(srpA, pvOK, setupOK))
	for _, mfa := range mfaOK {
		// Where the app is required, an app may have been enrolled in a
		// sign-in abandoned before its code: no app answer stands in for it.
		if p.RequireCodeAfterMFA || p.AppRequired {
			codeFrom(rounds(srpA, pvOK, mfa))
		} else {
			expect(rounds(srpA, pvOK, mfa), tokens)
		}
	}
	return want
}

// TestDecideExhaustively checks Decide against expectations: every call a
// client can cause under each policy of policies(), for known and unknown
// users; then every history over every kind of round Cognito may write
// (each name right and wrong where it matters, code rounds of each cause,
// broken ones, a null entry) up to three rounds, and over the well-formed
// kinds up to five, each with and without a resend request: all that
// expectations does not list must fail.
func TestDecideExhaustively(t *testing.T) {
	codes := []session.Round{wrongFirst, rightFirst, wrong, right, wrongAfterResend, rightAfterResend}
	passkeys := []session.Round{pkWrongFirst, pkRightFirst, pkWrong, pkRight, pkWrongAfterResend, pkRightAfterResend}
	steps := []session.Round{srpA, pvOK, totpOK, setupOK}
	broken := []session.Round{srpAFail, pvBad, totpBad, smsMFA, emailOTP, setupBad, adminPW, devSRP, devPV, noSeal, oldSeal, lower, null}
	wellFormed := slices.Concat(codes, passkeys, steps)
	all := slices.Concat(wellFormed, broken)

	type expected struct {
		policy       session.Policy
		userNotFound bool
		want         map[string]session.Decision
	}
	var cases []expected
	for _, p := range policies() {
		for _, userNotFound := range []bool{false, true} {
			cases = append(cases, expected{p, userNotFound, expectations(p, userNotFound)})
		}
	}
	// merged holds, for each listed call, the decision of every case, so
	// that each call is looked up once; an unlisted call must fail.
	merged := map[string][]session.Decision{}
	for i, e := range cases {
		for key, d := range e.want {
			if merged[key] == nil {
				merged[key] = slices.Repeat([]session.Decision{{Fail: true}}, len(cases))
			}
			merged[key][i] = d
		}
	}
	failAll := slices.Repeat([]session.Decision{{Fail: true}}, len(cases))
	checked := 0
	check := func(c call, key string) {
		wants, listed := merged[key]
		if !listed {
			wants = failAll
		}
		for i, e := range cases {
			r := session.Request{History: c.history, UserNotFound: e.userNotFound, Resend: c.resend}
			got, want := session.Decide(r, e.policy), wants[i]
			if got.Challenge != want.Challenge || got.IssueTokens != want.IssueTokens || got.Fail != want.Fail {
				t.Fatalf("%s, userNotFound %v, policy %+v: got %+v, want %+v", key, e.userNotFound, e.policy, got, want)
			}
			if got.Reason == "" {
				t.Fatalf("%s: decision %+v gives no reason", key, got)
			}
		}
		checked += len(cases)
	}
	// Every listed call, however long.
	for key := range merged {
		check(parseCall(t, key, all), key)
	}
	// Every history up to a depth, listed or not.
	histories := 0
	var walk func(history []session.Round, kinds []session.Round, depth int)
	walk = func(history []session.Round, kinds []session.Round, depth int) {
		histories++
		for _, resend := range requests {
			c := call{history, resend}
			check(c, c.String())
		}
		if len(history) == depth {
			return
		}
		for _, k := range kinds {
			walk(append(history[:len(history):len(history)], k), kinds, depth)
		}
	}
	walk(nil, all, 3)
	walk(nil, wellFormed, 4)
	t.Logf("checked %d decisions over %d histories and every expected call", checked, histories)
}

// parseCall turns a key of expectations back into its call; each round of
// it is one of kinds.
func parseCall(t *testing.T, key string, kinds []session.Round) call {
	t.Helper()
	for _, resend := range requests {
		rest, ok := strings.CutSuffix(key, call{resend: resend}.String())
		if !ok {
			continue
		}
		c := call{resend: resend}
	next:
		for rest != "" {
			for _, k := range kinds {
				if r, ok := strings.CutPrefix(rest, describe([]session.Round{k})); ok {
					c.history, rest = append(c.history, k), r
					continue next
				}
			}
			t.Fatalf("call %q: unknown round at %q", key, rest)
		}
		return c
	}
	t.Fatalf("call %q: no resend request", key)
	return call{}
}

func describe(history []session.Round) string {
	s := ""
	for _, r := range history {
		s += fmt.Sprintf("[%s %v %q]", r.ChallengeName, r.Correct, r.Metadata)
	}
	return s
}

// FuzzDecide checks the safety rules on arbitrary histories, requests and
// policies: tokens only for a known user who, in the code flow, gave at
// most MaxAttempts-1 wrong answers and MaxResends resend requests, then
// one right answer, and in the password flow first passed SRP_A and
// PASSWORD_VERIFIER, then either one native MFA answer (unless the code is
// required after it) or those code rounds; PASSWORD_VERIFIER asked only
// right after SRP_A; never more than one outcome.
func FuzzDecide(f *testing.F) {
	f.Add([]byte{}, false, false, 3, 2, byte(0), false, "", false)
	f.Add([]byte{0x10, 0x21}, false, false, 3, 2, byte(0), false, "", false)
	f.Add([]byte{0x10, 0x30, 0x20}, true, true, 3, 2, byte(0), false, "", false)
	f.Add([]byte{0x11, 0x21}, false, false, 3, 2, byte(0), false, "", false)
	f.Add([]byte{0x10, 0x31}, false, false, 1, 0, byte(0), false, "", false)
	f.Add([]byte{0x05, 0x09, 0x11}, false, false, 3, 2, byte(1), false, "", false)
	f.Add([]byte{0x05, 0x09, 0x0d}, false, false, 3, 2, byte(1), false, "", false)
	f.Add([]byte{0x05, 0x09, 0x0d, 0x11}, false, false, 3, 2, byte(1), true, "", false)
	f.Add([]byte{0x05, 0x09, 0x25, 0x10}, false, true, 3, 2, byte(1), false, "", false)
	names := []string{session.CustomChallenge, session.SRPA, session.PasswordVerifier, session.SoftwareTokenMFA,
		session.SMSMFA, session.EmailOTP, session.MFASetup, session.AdminNoSRPAuth, session.DeviceSRPAuth,
		session.DevicePasswordVerifier, "custom_challenge", ""}
	metadata := []string{"", "v1.seal", wrongFirst.Metadata, wrong.Metadata, wrongAfterResend.Metadata, wrongFirstEmail.Metadata, "first:fax:v1.seal",
		pkWrongFirst.Metadata, pkWrong.Metadata, pkWrongAfterResend.Metadata, rightEmail.Metadata}
	flows := append(slices.Clone(session.Flows), "code-or-password-and-code")
	f.Fuzz(func(t *testing.T, encoded []byte, userNotFound, resend bool, maxAttempts, maxResends int, flow byte, requireCode bool, channel string, codeAfterPasskey bool) {
		history := make([]session.Round, len(encoded))
		for i, b := range encoded {
			// Bit 0: the result; bits 1 to 3: the name; bits 4 to 7: the metadata.
			history[i] = session.Round{ChallengeName: names[int(b>>1&7)%len(names)], Correct: b&1 == 1, Metadata: metadata[int(b>>4)%len(metadata)]}
		}
		p := session.Policy{Flow: flows[int(flow)%len(flows)], MaxAttempts: maxAttempts, MaxResends: maxResends, RequireCodeAfterMFA: requireCode,
			RequireCodeAfterPasskey: codeAfterPasskey}
		got := session.Decide(session.Request{History: history, UserNotFound: userNotFound, Resend: session.Resend{Requested: resend, Channel: session.Channel(channel)}}, p)
		if got.IssueTokens && !earnedTokens(history, userNotFound, p) {
			t.Fatalf("tokens for %v (userNotFound %v, policy %+v)", describe(history), userNotFound, p)
		}
		if got.Challenge == session.PasswordVerifier &&
			(p.Flow != session.FlowPasswordAndCode || len(history) != 1 || history[0].ChallengeName != session.SRPA || !history[0].Correct) {
			t.Fatalf("PASSWORD_VERIFIER asked after %v (policy %+v)", describe(history), p)
		}
		if got.Challenge != "" && got.Challenge != session.CustomChallenge && got.Challenge != session.PasswordVerifier {
			t.Fatalf("challenge %q", got.Challenge)
		}
		if got.IssueTokens && (got.Fail || got.Challenge != "") || got.Fail && got.Challenge != "" || !got.IssueTokens && !got.Fail && got.Challenge == "" {
			t.Fatalf("not exactly one outcome: %+v", got)
		}
	})
}

// earnedTokens reports whether history deserves tokens under p.
func earnedTokens(history []session.Round, userNotFound bool, p session.Policy) bool {
	if userNotFound || p.MaxAttempts < 1 || p.MaxResends < 0 {
		return false
	}
	codes := history
	switch p.Flow {
	case session.FlowCode:
	case session.FlowPasswordAndCode:
		if len(history) < 2 || history[0].ChallengeName != session.SRPA || !history[0].Correct ||
			history[1].ChallengeName != session.PasswordVerifier || !history[1].Correct {
			return false
		}
		codes = history[2:]
		if len(codes) > 0 && codes[0].ChallengeName == session.MFASetup {
			if !codes[0].Correct {
				return false
			}
			codes = codes[1:]
		} else if len(codes) > 0 && slices.Contains(session.MFAChallenges, codes[0].ChallengeName) {
			if !codes[0].Correct {
				return false
			}
			if !p.RequireCodeAfterMFA {
				return len(codes) == 1
			}
			codes = codes[1:]
		}
	default:
		return false
	}
	if len(codes) == 0 {
		return false
	}
	// Each round well formed; only the last right, or a right passkey
	// followed by codes where the policy asks for them; wrong answers and
	// resends (every new challenge but the first code) within the limits.
	wrongs, resends, codeSent, proven := 0, 0, false, false
	var previous session.Metadata
	for i, r := range codes {
		m, err := session.ParseMetadata(r.Metadata)
		if r.ChallengeName != session.CustomChallenge || err != nil {
			return false
		}
		last := i == len(codes)-1
		switch {
		case r.Correct && m.Channel == session.ChannelPasskey && !last && (proven || !p.RequireCodeAfterPasskey):
			return false
		case r.Correct && m.Channel == session.ChannelPasskey:
		case r.Correct != last:
			return false
		}
		afterPasskey := i > 0 && codes[i-1].Correct
		switch {
		case i == 0 || afterPasskey:
			if m.Cause != session.CauseFirst || afterPasskey && m.Channel == session.ChannelPasskey {
				return false
			}
		case m.Cause == session.CauseFirst, m.Channel == session.ChannelPasskey && proven:
			return false
		case m.Cause == session.CauseRetry:
			if m.Channel != previous.Channel {
				return false
			}
			wrongs++
		case m.Cause == session.CauseResend && (m.Channel == session.ChannelPasskey || codeSent):
			resends++
		}
		codeSent = codeSent || m.Channel != session.ChannelPasskey
		proven = proven || r.Correct && m.Channel == session.ChannelPasskey
		previous = m
	}
	if proven && p.RequireCodeAfterPasskey && previous.Channel == session.ChannelPasskey {
		return false
	}
	return wrongs < p.MaxAttempts && resends <= p.MaxResends
}

func BenchmarkDecide(b *testing.B) {
	for name, tc := range map[string]struct {
		history []session.Round
		policy  session.Policy
	}{
		"code":              {rounds(wrongFirst, wrong, right), code},
		"password-and-code": {rounds(srpA, pvOK, wrongFirst, right), password},
		"resend":            {rounds(wrongFirst, wrongAfterResend, right), code},
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				session.Decide(session.Request{History: tc.history}, tc.policy)
			}
		})
	}
}

// TestDecidePasskey: passkey rounds, alone, with the fallback to a code,
// and with a code after them, each case the sign-in a client (or an
// attacker) plays.
func TestDecidePasskey(t *testing.T) {
	challenge := session.Decision{Challenge: session.CustomChallenge}
	tokens := session.Decision{IssueTokens: true}
	fail := session.Decision{Fail: true}
	noResends := code
	noResends.MaxResends = 0
	codeToo := code
	codeToo.RequireCodeAfterPasskey = true
	toCode := session.Resend{Requested: true}
	toPasskey := session.Resend{Requested: true, Channel: session.ChannelPasskey}
	tests := []struct {
		name         string
		rounds       []session.Round
		resend       session.Resend
		userNotFound bool
		policy       session.Policy
		want         session.Decision
		reason       string
	}{
		{"right passkey: a factor of its own", rounds(pkRightFirst), session.Resend{}, false, code, tokens, session.ReasonPasskey},
		{"wrong passkey: a new challenge", rounds(pkWrongFirst), session.Resend{}, false, code, challenge, session.ReasonRetry},
		{"wrong then right passkey", rounds(pkWrongFirst, pkRight), session.Resend{}, false, code, tokens, session.ReasonPasskey},
		{"three wrong passkeys", rounds(pkWrongFirst, pkWrong, pkWrong), session.Resend{}, false, code, fail, session.ReasonExhausted},
		{"wrong passkeys and codes add up", rounds(pkWrongFirst, pkWrong, wrongAfterResend, wrong), session.Resend{}, false, code, fail, session.ReasonExhausted},
		{"fallback to a code costs no resend", rounds(pkWrongFirst), toCode, false, noResends, challenge, session.ReasonResend},
		{"right code after the fallback", rounds(pkWrongFirst, rightAfterResend), session.Resend{}, false, noResends, tokens, session.ReasonCorrect},
		{"a second code costs one", rounds(pkWrongFirst, wrongAfterResend), toCode, false, noResends, fail, session.ReasonTooManyResends},
		{"a new passkey challenge costs one", rounds(pkWrongFirst), toPasskey, false, noResends, fail, session.ReasonTooManyResends},
		{"back to the passkey after a code", rounds(pkWrongFirst, wrongAfterResend), toPasskey, false, code, challenge, session.ReasonResend},
		{"right passkey after a code", rounds(pkWrongFirst, wrongAfterResend, pkRightAfterResend), session.Resend{}, false, code, tokens, session.ReasonPasskey},
		{"passkey after a code, no resends left", rounds(wrongFirst, pkRightAfterResend), session.Resend{}, false, noResends, fail, session.ReasonTooManyResends},
		{"retry of a passkey by code", rounds(pkWrongFirst, wrong), session.Resend{}, false, code, fail, session.ReasonUnexpectedRound},
		{"a later round marked first", rounds(wrongFirst, pkWrongFirst), session.Resend{}, false, code, fail, session.ReasonUnexpectedRound},
		{"a code after a passkey that was enough", rounds(pkRightFirst, rightFirst), session.Resend{}, false, code, fail, session.ReasonEarlierCorrect},
		{"a passkey after a right passkey", rounds(pkRightFirst, pkRightAfterResend), session.Resend{}, false, codeToo, fail, session.ReasonEarlierCorrect},
		{"code required after the passkey", rounds(pkRightFirst), session.Resend{}, false, codeToo, challenge, session.ReasonCodeAfterPasskey},
		{"right code after the passkey", rounds(pkRightFirst, rightFirst), session.Resend{}, false, codeToo, tokens, session.ReasonCorrect},
		{"wrong code after the passkey", rounds(pkRightFirst, wrongFirst), session.Resend{}, false, codeToo, challenge, session.ReasonRetry},
		{"second code after the passkey costs one", rounds(pkRightFirst, wrongFirst), toCode, false, noResendsToo(codeToo), fail, session.ReasonTooManyResends},
		{"the code alone still signs in", rounds(pkWrongFirst, rightAfterResend), session.Resend{}, false, codeToo, tokens, session.ReasonCorrect},
		{"unknown user: decoy answered wrong", rounds(pkWrongFirst), session.Resend{}, true, code, challenge, session.ReasonRetry},
		{"unknown user: marked right", rounds(pkRightFirst), session.Resend{}, true, code, fail, session.ReasonUnknownUser},
		{"unknown user: marked right, code required", rounds(pkRightFirst), session.Resend{}, true, codeToo, fail, session.ReasonUnknownUser},
		{"password, then the passkey", rounds(srpA, pvOK, pkRightFirst), session.Resend{}, false, password, tokens, session.ReasonPasskey},
		{"password, app required, passkey", rounds(srpA, pvOK, setupOK, pkRightFirst), session.Resend{}, false, appRequired, tokens, session.ReasonPasskey},
		{"password, then a code after the passkey", rounds(srpA, pvOK, pkRightFirst), session.Resend{}, false, withCodeToo(password), challenge, session.ReasonCodeAfterPasskey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := session.Decide(session.Request{History: tt.rounds, UserNotFound: tt.userNotFound, Resend: tt.resend}, tt.policy)
			if got.Reason != tt.reason {
				t.Errorf("reason %q, want %q", got.Reason, tt.reason)
			}
			got.Reason = ""
			if got != tt.want {
				t.Errorf("Decide = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func noResendsToo(p session.Policy) session.Policy { p.MaxResends = 0; return p }
func withCodeToo(p session.Policy) session.Policy  { p.RequireCodeAfterPasskey = true; return p }
