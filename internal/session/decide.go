package session

// Round is one answered challenge of the session history.
type Round struct {
	// ChallengeName is the challenge Cognito presented: CustomChallenge
	// for this flow's code, one of the other names for Cognito's own steps.
	ChallengeName string
	// Correct is what the verify trigger, or Cognito for its own steps,
	// answered.
	Correct bool
	// Metadata is what the create trigger returned as challenge metadata:
	// on a code round, a Metadata's String; anything else means the round
	// was not made by this flow.
	Metadata string
}

// Request is what define knows when it decides: the session history, and
// what Cognito says of this call.
type Request struct {
	History      []Round
	UserNotFound bool
	// Resend is the client's request, in this call's ClientMetadata, for a
	// new code instead of an answer to the last round.
	Resend Resend
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
	ReasonFirstRound       = "first round"
	ReasonCorrect          = "answer correct"
	ReasonRetry            = "wrong answer, attempts left"
	ReasonExhausted        = "no attempts left"
	ReasonUnexpectedRound  = "session holds a round this flow did not make"
	ReasonEarlierCorrect   = "correct answer before the last round"
	ReasonUnknownUser      = "unknown user"
	ReasonBadMaxAttempts   = "max attempts below 1"
	ReasonBadFlow          = "unknown sign-in flow"
	ReasonPasswordInCode   = "password step, but the sign-in flow is code only"
	ReasonPasswordFirst    = "the sign-in flow starts with the password (SRP_A)"
	ReasonPasswordNext     = "SRP started, password next"
	ReasonWrongPassword    = "password not verified"
	ReasonMFAFailed        = "MFA not answered"
	ReasonSecondFactor     = "password and MFA answered"
	ReasonResend           = "new code asked for, resends left"
	ReasonTooManyResends   = "new code asked for, no resends left"
	ReasonBadMaxResends    = "max resends below 0"
	ReasonPasskey          = "passkey answer correct"
	ReasonCodeAfterPasskey = "passkey answer correct, code next"
)

// Decide returns the next step for r under policy p.
//
// In FlowCode the history must be challenge rounds only. In
// FlowPasswordAndCode it must start SRPA, PasswordVerifier (both answered
// true), then either challenge rounds as in FlowCode, or one native MFA
// answer, which issues tokens by itself unless p.RequireCodeAfterMFA or
// p.AppRequired asks for challenge rounds after it, or MFASetup followed
// by challenge rounds.
//
// Challenge rounds are codes and passkey challenges (create chooses which;
// the client may switch with a resend request): wrong answers and resend
// requests, within p.MaxAttempts and p.MaxResends as Tally counts them,
// then one right answer. A right passkey answer is a factor of its own,
// which issues tokens, unless p.RequireCodeAfterPasskey asks for code
// rounds after it. Anything else fails.
//
// An unknown user (UserNotFound) is treated exactly like a real user who
// keeps answering wrong: challenged in the same shapes until the attempts
// run out, never given tokens.
func Decide(r Request, p Policy) Decision {
	switch {
	case p.MaxAttempts < 1:
		return fail(ReasonBadMaxAttempts)
	case p.MaxResends < 0:
		return fail(ReasonBadMaxResends)
	}
	steps, rounds := Split(r.History)
	switch p.Flow {
	case FlowCode:
		if len(steps) > 0 {
			return fail(ReasonPasswordInCode)
		}
	case FlowPasswordAndCode:
		if d, done := passwordSteps(steps, rounds, r.UserNotFound, p.codeAfterMFA()); done {
			return d
		}
	default:
		return fail(ReasonBadFlow)
	}
	return challengeRounds(rounds, r, p)
}

// passwordSteps decides a FlowPasswordAndCode history until its password
// steps are complete; done is false when they are and the code rounds
// decide.
func passwordSteps(steps, codes []Round, userNotFound, requireCode bool) (d Decision, done bool) {
	// Exactly SRP_A, PASSWORD_VERIFIER and at most one MFA answer or MFA
	// setup, in this order: AWS asks define to check each name, not only
	// the results.
	for i, s := range steps {
		third := isMFA(s.ChallengeName) || s.ChallengeName == MFASetup
		if !(i == 0 && s.ChallengeName == SRPA || i == 1 && s.ChallengeName == PasswordVerifier || i == 2 && third) {
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
	case requireCode || steps[2].ChallengeName == MFASetup:
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

// challengeRounds decides on the rounds this flow makes, codes and
// passkey challenges: wrong answers and resend requests within the
// policy's limits (Tally), then one right answer, or a right passkey
// answer followed by such code rounds when the policy asks for them.
func challengeRounds(rounds []Round, r Request, p Policy) Decision {
	if len(rounds) == 0 {
		return challenge(ReasonFirstRound)
	}
	used, reason := tally(rounds, r.Resend)
	last := rounds[len(rounds)-1]
	passkeyNow := last.Correct && used.Last.Channel == ChannelPasskey
	switch {
	case reason != "":
		return fail(reason)
	case used.WrongAnswers >= p.MaxAttempts:
		// With a right last answer: more wrong ones came before it than
		// define ever allows.
		return fail(ReasonExhausted)
	case used.Resends > p.MaxResends:
		return fail(ReasonTooManyResends)
	case used.PasskeyProven && !passkeyNow && !p.RequireCodeAfterPasskey:
		// Rounds after a passkey answer that was enough on its own.
		return fail(ReasonEarlierCorrect)
	case (last.Correct || used.PasskeyProven) && r.UserNotFound:
		return fail(ReasonUnknownUser)
	case passkeyNow && p.RequireCodeAfterPasskey:
		return challenge(ReasonCodeAfterPasskey)
	case passkeyNow:
		return Decision{IssueTokens: true, Reason: ReasonPasskey}
	case last.Correct:
		return Decision{IssueTokens: true, Reason: ReasonCorrect}
	case r.Resend.Requested:
		return challenge(ReasonResend)
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
