package session

// Round is one answered challenge of the session history.
type Round struct {
	// ChallengeName is the challenge Cognito presented: CustomChallenge
	// for this flow's code, one of the other names for Cognito's own steps.
	ChallengeName string
	// Correct is what the verify trigger, or Cognito for its own steps,
	// answered.
	Correct bool
	// Metadata is what the create trigger returned as challenge metadata;
	// empty on a code round means the round was not made by this flow.
	Metadata string
}

// Decision is what define auth challenge answers. Exactly one of
// IssueTokens, Fail and a non-empty Challenge is set.
type Decision struct {
	Challenge   string
	IssueTokens bool
	Fail        bool
	// Reason says why, for logs; it holds nothing secret.
	Reason string
}

// Reasons reported in Decision.Reason.
const (
	ReasonFirstRound      = "first code round"
	ReasonCorrect         = "answer correct"
	ReasonRetry           = "wrong answer, attempts left"
	ReasonExhausted       = "no attempts left"
	ReasonUnexpectedRound = "session holds a round this flow did not make"
	ReasonEarlierCorrect  = "correct answer before the last round"
	ReasonUnknownUser     = "unknown user"
	ReasonBadMaxAttempts  = "max attempts below 1"
	ReasonBadFlow         = "unknown sign-in flow"
	ReasonPasswordInCode  = "password step, but the sign-in flow is code only"
	ReasonPasswordFirst   = "the sign-in flow starts with the password (SRP_A)"
	ReasonPasswordNext    = "SRP started, password next"
	ReasonWrongPassword   = "password not verified"
	ReasonMFAFailed       = "MFA not answered"
	ReasonSecondFactor    = "password and MFA answered"
)

// Decide returns the next step for a session history under policy p.
//
// In FlowCode the history must be code rounds only: wrong answers, then at
// most one right one. In FlowPasswordAndCode it must start SRPA,
// PasswordVerifier (both answered true), then either code rounds as in
// FlowCode, or one native MFA answer, which issues tokens by itself
// unless p.RequireCodeAfterMFA asks for code rounds after it. Anything
// else fails.
//
// An unknown user (userNotFound) is treated exactly like a real user who
// keeps answering wrong: challenged in the same shapes until the attempts
// run out, never given tokens.
func Decide(history []Round, userNotFound bool, p Policy) Decision {
	if p.MaxAttempts < 1 {
		return fail(ReasonBadMaxAttempts)
	}
	steps, codes := Split(history)
	switch p.Flow {
	case FlowCode:
		if len(steps) > 0 {
			return fail(ReasonPasswordInCode)
		}
	case FlowPasswordAndCode:
		if d, done := passwordSteps(steps, codes, userNotFound, p.RequireCodeAfterMFA); done {
			return d
		}
	default:
		return fail(ReasonBadFlow)
	}
	return codeRounds(codes, userNotFound, p.MaxAttempts)
}

// passwordSteps decides a FlowPasswordAndCode history until its password
// steps are complete; done is false when they are and the code rounds
// decide.
func passwordSteps(steps, codes []Round, userNotFound, requireCode bool) (d Decision, done bool) {
	// Exactly SRP_A, PASSWORD_VERIFIER and at most one MFA answer, in this
	// order: AWS asks define to check each name, not only the results.
	for i, s := range steps {
		if !(i == 0 && s.ChallengeName == SRPA || i == 1 && s.ChallengeName == PasswordVerifier || i == 2 && isMFA(s.ChallengeName)) {
			return fail(ReasonUnexpectedRound), true
		}
	}
	switch {
	case len(steps) == 0:
		// Starting with the code would skip the password.
		return fail(ReasonPasswordFirst), true
	case !steps[0].Correct:
		// Cognito records SRP_A as answered true; anything else is not Cognito's.
		return fail(ReasonUnexpectedRound), true
	case len(steps) == 1 && len(codes) == 0:
		return Decision{Challenge: PasswordVerifier, Reason: ReasonPasswordNext}, true
	case len(steps) == 1:
		// Code rounds before the password was checked.
		return fail(ReasonUnexpectedRound), true
	case !steps[1].Correct:
		// A wrong password and an unknown user look the same here.
		return fail(ReasonWrongPassword), true
	case len(steps) == 2:
		return Decision{}, false
	case !steps[2].Correct:
		return fail(ReasonMFAFailed), true
	case requireCode:
		return Decision{}, false
	case len(codes) > 0:
		// Define never asks for a code after MFA unless required.
		return fail(ReasonUnexpectedRound), true
	case userNotFound:
		return fail(ReasonUnknownUser), true
	default:
		return Decision{IssueTokens: true, Reason: ReasonSecondFactor}, true
	}
}

// codeRounds decides on the code rounds: wrong answers, then at most one
// right one, within maxAttempts.
func codeRounds(codes []Round, userNotFound bool, maxAttempts int) Decision {
	if len(codes) == 0 {
		return challenge(ReasonFirstRound)
	}
	if len(codes) > maxAttempts {
		return fail(ReasonExhausted)
	}
	last := len(codes) - 1
	for i, r := range codes {
		if r.ChallengeName != CustomChallenge || r.Metadata == "" {
			return fail(ReasonUnexpectedRound)
		}
		if r.Correct && i != last {
			return fail(ReasonEarlierCorrect)
		}
	}
	switch {
	case codes[last].Correct && userNotFound:
		return fail(ReasonUnknownUser)
	case codes[last].Correct:
		return Decision{IssueTokens: true, Reason: ReasonCorrect}
	case len(codes) >= maxAttempts:
		return fail(ReasonExhausted)
	default:
		return challenge(ReasonRetry)
	}
}

func challenge(reason string) Decision {
	return Decision{Challenge: CustomChallenge, Reason: reason}
}

func fail(reason string) Decision {
	return Decision{Fail: true, Reason: reason}
}
