package session_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

// Rounds as Cognito records them.
var (
	wrong    = session.Round{ChallengeName: session.CustomChallenge, Correct: false, Metadata: "v1.seal"}
	right    = session.Round{ChallengeName: session.CustomChallenge, Correct: true, Metadata: "v1.seal"}
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
	noSeal   = session.Round{ChallengeName: session.CustomChallenge, Correct: true}
	lower    = session.Round{ChallengeName: "custom_challenge", Correct: true, Metadata: "x"}
	null     = session.Round{}
)

// mfaOK are the native MFA answers that may follow the password.
var mfaOK = []session.Round{totpOK, smsMFA, emailOTP}

func rounds(r ...session.Round) []session.Round { return r }

// Policies of the table: the flows with the default MAX_ATTEMPTS.
var (
	code       = session.Policy{Flow: session.FlowCode, MaxAttempts: 3}
	password   = session.Policy{Flow: session.FlowPasswordAndCode, MaxAttempts: 3}
	passwordRC = session.Policy{Flow: session.FlowPasswordAndCode, MaxAttempts: 3, RequireCodeAfterMFA: true}
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
		{"right first time", rounds(right), false, code, tokens, session.ReasonCorrect},
		{"one wrong", rounds(wrong), false, code, challenge, session.ReasonRetry},
		{"wrong then right", rounds(wrong, right), false, code, tokens, session.ReasonCorrect},
		{"two wrong", rounds(wrong, wrong), false, code, challenge, session.ReasonRetry},
		{"two wrong then right", rounds(wrong, wrong, right), false, code, tokens, session.ReasonCorrect},
		{"three wrong", rounds(wrong, wrong, wrong), false, code, fail, session.ReasonExhausted},
		{"one attempt, wrong", rounds(wrong), false, attempts(code, 1), fail, session.ReasonExhausted},
		{"one attempt, right", rounds(right), false, attempts(code, 1), tokens, session.ReasonCorrect},
		{"more rounds than attempts, last right", rounds(wrong, wrong, wrong, right), false, code, fail, session.ReasonExhausted},
		{"right before the last round", rounds(right, wrong), false, code, fail, session.ReasonEarlierCorrect},
		{"right twice", rounds(right, right), false, code, fail, session.ReasonEarlierCorrect},
		{"lower-case name", rounds(lower), false, code, fail, session.ReasonUnexpectedRound},
		{"missing name", rounds(session.Round{Correct: true, Metadata: "x"}), false, code, fail, session.ReasonUnexpectedRound},
		{"missing metadata", rounds(noSeal), false, code, fail, session.ReasonUnexpectedRound},
		{"null entry", rounds(null), false, code, fail, session.ReasonUnexpectedRound},
		{"foreign round after a wrong one", rounds(wrong, smsMFA), false, code, fail, session.ReasonUnexpectedRound},
		{"unknown user, first round", nil, true, code, challenge, session.ReasonFirstRound},
		{"unknown user, one wrong", rounds(wrong), true, code, challenge, session.ReasonRetry},
		{"unknown user, three wrong", rounds(wrong, wrong, wrong), true, code, fail, session.ReasonExhausted},
		{"unknown user, marked right", rounds(right), true, code, fail, session.ReasonUnknownUser},
		{"unknown user, wrong then marked right", rounds(wrong, right), true, code, fail, session.ReasonUnknownUser},
		{"zero max attempts", rounds(right), false, attempts(code, 0), fail, session.ReasonBadMaxAttempts},
		{"negative max attempts", nil, false, attempts(code, -1), fail, session.ReasonBadMaxAttempts},
		{"unknown flow", rounds(right), false, session.Policy{Flow: "sms", MaxAttempts: 3}, fail, session.ReasonBadFlow},
		{"zero policy", rounds(right), false, session.Policy{}, fail, session.ReasonBadMaxAttempts},

		// The code flow refuses every password step: such a client gets no SMS.
		{"code flow: SRP start", rounds(srpA), false, code, fail, session.ReasonPasswordInCode},
		{"code flow: password verified", rounds(srpA, pvOK), false, code, fail, session.ReasonPasswordInCode},
		{"code flow: password step alone", rounds(pvOK), false, code, fail, session.ReasonPasswordInCode},
		{"code flow: SRP step before ours", rounds(srpA, right), false, code, fail, session.ReasonPasswordInCode},
		{"code flow: MFA answered", rounds(srpA, pvOK, totpOK), false, code, fail, session.ReasonPasswordInCode},
		{"code flow: unknown user's SRP start", rounds(srpA), true, code, fail, session.ReasonPasswordInCode},

		// The password flow: SRP_A, PASSWORD_VERIFIER, then the code.
		{"password: empty session", nil, false, password, fail, session.ReasonPasswordFirst},
		{"password: code without password", rounds(right), false, password, fail, session.ReasonPasswordFirst},
		{"password: SRP start", rounds(srpA), false, password, verifyPassword, session.ReasonPasswordNext},
		{"password: SRP_A marked false", rounds(srpAFail), false, password, fail, session.ReasonUnexpectedRound},
		{"password: wrong password", rounds(srpA, pvBad), false, password, fail, session.ReasonWrongPassword},
		{"password: verified", rounds(srpA, pvOK), false, password, challenge, session.ReasonFirstRound},
		{"password: right code", rounds(srpA, pvOK, right), false, password, tokens, session.ReasonCorrect},
		{"password: wrong code", rounds(srpA, pvOK, wrong), false, password, challenge, session.ReasonRetry},
		{"password: two wrong then right", rounds(srpA, pvOK, wrong, wrong, right), false, password, tokens, session.ReasonCorrect},
		{"password: three wrong codes", rounds(srpA, pvOK, wrong, wrong, wrong), false, password, fail, session.ReasonExhausted},
		{"password: attempts count codes only", rounds(srpA, pvOK, wrong), false, attempts(password, 2), challenge, session.ReasonRetry},
		{"password: one attempt, right", rounds(srpA, pvOK, right), false, attempts(password, 1), tokens, session.ReasonCorrect},
		{"password: one attempt, wrong", rounds(srpA, pvOK, wrong), false, attempts(password, 1), fail, session.ReasonExhausted},
		{"password: code before password", rounds(srpA, wrong), false, password, fail, session.ReasonUnexpectedRound},
		{"password: verifier first", rounds(pvOK), false, password, fail, session.ReasonUnexpectedRound},
		{"password: SRP twice", rounds(srpA, srpA), false, password, fail, session.ReasonUnexpectedRound},
		{"password: verifier twice", rounds(srpA, pvBad, pvOK), false, password, fail, session.ReasonUnexpectedRound},
		{"password: verified twice", rounds(srpA, pvOK, pvOK), false, password, fail, session.ReasonUnexpectedRound},
		{"password: code then SRP", rounds(wrong, srpA, pvOK), false, password, fail, session.ReasonPasswordFirst},
		{"password: right code after a failed verifier", rounds(srpA, pvBad, right), false, password, fail, session.ReasonWrongPassword},
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
		{"password: code after MFA, not asked for", rounds(srpA, pvOK, totpOK, right), false, password, fail, session.ReasonUnexpectedRound},
		{"password: MFA after the code", rounds(srpA, pvOK, wrong, totpOK), false, password, fail, session.ReasonUnexpectedRound},
		{"require code: TOTP answered", rounds(srpA, pvOK, totpOK), false, passwordRC, challenge, session.ReasonFirstRound},
		{"require code: right code after TOTP", rounds(srpA, pvOK, totpOK, right), false, passwordRC, tokens, session.ReasonCorrect},
		{"require code: three wrong after TOTP", rounds(srpA, pvOK, totpOK, wrong, wrong, wrong), false, passwordRC, fail, session.ReasonExhausted},
		{"require code: TOTP failed", rounds(srpA, pvOK, totpBad), false, passwordRC, fail, session.ReasonMFAFailed},
		{"require code: no MFA", rounds(srpA, pvOK, right), false, passwordRC, tokens, session.ReasonCorrect},

		// Names no flow accepts.
		{"password: admin password step", rounds(adminPW), false, password, fail, session.ReasonPasswordFirst},
		{"password: admin password after SRP", rounds(srpA, adminPW), false, password, fail, session.ReasonUnexpectedRound},
		{"password: device SRP after the password", rounds(srpA, pvOK, devSRP), false, password, fail, session.ReasonUnexpectedRound},
		{"password: device verifier after the password", rounds(srpA, pvOK, devSRP, devPV), false, password, fail, session.ReasonUnexpectedRound},
		{"password: device steps then code", rounds(srpA, pvOK, devSRP, devPV, right), false, passwordRC, fail, session.ReasonUnexpectedRound},
		{"code flow: admin password step", rounds(adminPW), false, code, fail, session.ReasonUnexpectedRound},
		{"code flow: device SRP", rounds(devSRP), false, code, fail, session.ReasonUnexpectedRound},

		// An unknown user: the same shapes, never tokens.
		{"password, unknown user: SRP start", rounds(srpA), true, password, verifyPassword, session.ReasonPasswordNext},
		{"password, unknown user: verifier answered false", rounds(srpA, pvBad), true, password, fail, session.ReasonWrongPassword},
		{"password, unknown user: verifier marked true", rounds(srpA, pvOK), true, password, challenge, session.ReasonFirstRound},
		{"password, unknown user: code marked right", rounds(srpA, pvOK, right), true, password, fail, session.ReasonUnknownUser},
		{"password, unknown user: MFA marked right", rounds(srpA, pvOK, totpOK), true, password, fail, session.ReasonUnknownUser},
		{"require code, unknown user: MFA marked right", rounds(srpA, pvOK, totpOK), true, passwordRC, challenge, session.ReasonFirstRound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := session.Decide(tt.rounds, tt.userNotFound, tt.policy)
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
		{"code rounds", rounds(wrong, right), 0, 2},
		{"SRP start", rounds(srpA), 1, 0},
		{"password verified", rounds(srpA, pvOK), 2, 0},
		{"after the password", rounds(srpA, pvOK, wrong, wrong), 2, 2},
		{"after MFA", rounds(srpA, pvOK, totpOK, wrong), 3, 1},
		{"every MFA name", rounds(srpA, pvOK, totpOK, smsMFA, emailOTP), 5, 0},
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
// with and without the code after MFA, max attempts 1 to 4.
func policies() []session.Policy {
	var out []session.Policy
	for _, flow := range session.Flows {
		for _, requireCode := range []bool{false, true} {
			for maxAttempts := 1; maxAttempts <= 4; maxAttempts++ {
				out = append(out, session.Policy{Flow: flow, MaxAttempts: maxAttempts, RequireCodeAfterMFA: requireCode})
			}
		}
	}
	return out
}

// TestDecideExhaustively enumerates every history over a set of round
// kinds, for every policy of policies() and both values of userNotFound,
// and checks each decision against the specification: every kind Cognito
// may write (each name right and wrong where it matters, broken code
// rounds, a null entry) up to four rounds, and the kinds of successful
// steps and code answers up to seven rounds, enough for the password steps,
// an MFA answer and more code rounds than the largest max attempts.
func TestDecideExhaustively(t *testing.T) {
	all := []session.Round{wrong, right, srpA, srpAFail, pvOK, pvBad, totpOK, totpBad, smsMFA, emailOTP, adminPW, devSRP, devPV, noSeal, lower, null}
	wellFormed := []session.Round{wrong, right, srpA, pvOK, totpOK}
	ps := policies()
	histories, checked := 0, 0
	check := func(history []session.Round) {
		histories++
		for _, p := range ps {
			for _, userNotFound := range []bool{false, true} {
				got := session.Decide(history, userNotFound, p)
				want := specification(history, userNotFound, p)
				if got.Challenge != want.Challenge || got.IssueTokens != want.IssueTokens || got.Fail != want.Fail {
					t.Fatalf("history %v, userNotFound %v, policy %+v: got %+v, want %+v", describe(history), userNotFound, p, got, want)
				}
				set := 0
				for _, b := range []bool{got.Challenge != "", got.IssueTokens, got.Fail} {
					if b {
						set++
					}
				}
				if set != 1 || got.Reason == "" {
					t.Fatalf("history %v: decision %+v sets %d outcomes, want exactly 1 and a reason", describe(history), got, set)
				}
				checked++
			}
		}
	}
	var walk func(history []session.Round, kinds []session.Round, depth int)
	walk = func(history []session.Round, kinds []session.Round, depth int) {
		check(history)
		if len(history) == depth {
			return
		}
		for _, k := range kinds {
			walk(append(history[:len(history):len(history)], k), kinds, depth)
		}
	}
	walk(nil, all, 4)
	walk(nil, wellFormed, 7)
	t.Logf("checked %d decisions over %d histories", checked, histories)
}

// specification restates the rules in the most direct form, independently
// of Decide: the literal histories of the password steps, then the flow's
// accepted prefixes followed by wrong answers and at most one right one.
func specification(history []session.Round, userNotFound bool, p session.Policy) session.Decision {
	fail := session.Decision{Fail: true}
	if p.Flow == session.FlowPasswordAndCode {
		switch {
		case len(history) == 0:
			return fail
		case slices.Equal(history, rounds(srpA)):
			return session.Decision{Challenge: session.PasswordVerifier}
		}
		for _, mfa := range mfaOK {
			if slices.Equal(history, rounds(srpA, pvOK, mfa)) && !p.RequireCodeAfterMFA {
				if userNotFound {
					return fail
				}
				return session.Decision{IssueTokens: true}
			}
		}
	}
	prefixes := [][]session.Round{{}}
	if p.Flow == session.FlowPasswordAndCode {
		prefixes = [][]session.Round{{srpA, pvOK}}
		if p.RequireCodeAfterMFA {
			for _, mfa := range mfaOK {
				prefixes = append(prefixes, rounds(srpA, pvOK, mfa))
			}
		}
	}
	for _, prefix := range prefixes {
		if len(history) >= len(prefix) && slices.Equal(history[:len(prefix)], prefix) {
			if d, ok := codeSpecification(history[len(prefix):], userNotFound, p.MaxAttempts); ok {
				return d
			}
		}
	}
	return fail
}

// codeSpecification decides code rounds; ok is false when they are not
// all this flow's code rounds.
func codeSpecification(codes []session.Round, userNotFound bool, maxAttempts int) (session.Decision, bool) {
	for _, r := range codes {
		if r != wrong && r != right {
			return session.Decision{}, false
		}
	}
	wrongs := 0
	for i, r := range codes {
		if r == right && i != len(codes)-1 {
			return session.Decision{Fail: true}, true
		}
		if r == wrong {
			wrongs++
		}
	}
	if len(codes) > 0 && codes[len(codes)-1] == right {
		if userNotFound || len(codes) > maxAttempts {
			return session.Decision{Fail: true}, true
		}
		return session.Decision{IssueTokens: true}, true
	}
	if wrongs >= maxAttempts {
		return session.Decision{Fail: true}, true
	}
	return session.Decision{Challenge: session.CustomChallenge}, true
}

func describe(history []session.Round) string {
	s := ""
	for _, r := range history {
		s += fmt.Sprintf("[%s %v %q]", r.ChallengeName, r.Correct, r.Metadata)
	}
	return s
}

// FuzzDecide checks the safety rules on arbitrary histories and policies:
// tokens only for a known user who, in the code flow, gave wrong answers
// then one right answer within max attempts, and in the password flow
// first passed SRP_A and PASSWORD_VERIFIER, then either one native MFA
// answer (unless the code is required after it) or those code rounds;
// PASSWORD_VERIFIER asked only right after SRP_A; never more than one
// outcome.
func FuzzDecide(f *testing.F) {
	f.Add([]byte{}, false, 3, byte(0), false)
	f.Add([]byte{0, 1}, false, 3, byte(0), false)
	f.Add([]byte{0, 0, 0}, true, 3, byte(0), false)
	f.Add([]byte{1, 1}, false, 3, byte(0), false)
	f.Add([]byte{2, 1}, false, 1, byte(0), false)
	f.Add([]byte{5, 9, 1}, false, 3, byte(1), false)
	f.Add([]byte{5, 9, 13}, false, 3, byte(1), false)
	f.Add([]byte{5, 9, 13, 1}, false, 3, byte(1), true)
	f.Add([]byte{5, 8}, true, 3, byte(1), false)
	f.Add([]byte{5, 9, 25, 29}, false, 3, byte(1), true)
	names := []string{session.CustomChallenge, session.SRPA, session.PasswordVerifier, session.SoftwareTokenMFA,
		session.SMSMFA, session.EmailOTP, session.AdminNoSRPAuth, session.DeviceSRPAuth, session.DevicePasswordVerifier,
		"custom_challenge", ""}
	flows := append(slices.Clone(session.Flows), "code-or-password-and-code")
	f.Fuzz(func(t *testing.T, encoded []byte, userNotFound bool, maxAttempts int, flow byte, requireCode bool) {
		history := make([]session.Round, len(encoded))
		for i, b := range encoded {
			history[i] = session.Round{ChallengeName: names[int(b>>2)%len(names)], Correct: b&1 == 1}
			if b&2 == 0 {
				history[i].Metadata = "v1.seal"
			}
		}
		p := session.Policy{Flow: flows[int(flow)%len(flows)], MaxAttempts: maxAttempts, RequireCodeAfterMFA: requireCode}
		got := session.Decide(history, userNotFound, p)
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
	if userNotFound || p.MaxAttempts < 1 {
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
		if len(codes) > 0 && slices.Contains(session.MFAChallenges, codes[0].ChallengeName) {
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
	if len(codes) == 0 || len(codes) > p.MaxAttempts {
		return false
	}
	for i, r := range codes {
		if r.ChallengeName != session.CustomChallenge || r.Metadata == "" || r.Correct != (i == len(codes)-1) {
			return false
		}
	}
	return true
}

func BenchmarkDecide(b *testing.B) {
	for name, tc := range map[string]struct {
		history []session.Round
		policy  session.Policy
	}{
		"code":              {rounds(wrong, wrong, right), code},
		"password-and-code": {rounds(srpA, pvOK, wrong, right), password},
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				session.Decide(tc.history, false, tc.policy)
			}
		})
	}
}
