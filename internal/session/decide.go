package session

// CustomChallenge is the only challenge this flow presents.
const CustomChallenge = "CUSTOM_CHALLENGE"

// Round is one answered challenge of the session history.
type Round struct {
	// ChallengeName is the challenge Cognito presented; anything but
	// CustomChallenge means the session is not this flow's.
	ChallengeName string
	// Correct is what the verify trigger answered.
	Correct bool
	// Metadata is what the create trigger returned as challenge metadata;
	// empty means the round was not made by this flow.
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
	ReasonFirstRound      = "first round"
	ReasonCorrect         = "answer correct"
	ReasonRetry           = "wrong answer, attempts left"
	ReasonExhausted       = "no attempts left"
	ReasonUnexpectedRound = "session holds a round this flow did not make"
	ReasonEarlierCorrect  = "correct answer before the last round"
	ReasonUnknownUser     = "unknown user"
	ReasonBadMaxAttempts  = "max attempts below 1"
)

// Decide returns the next step for a session history. maxAttempts is the
// number of answers a user may give. An unknown user (userNotFound) is
// treated exactly like a real user who keeps answering wrong: challenged
// until the attempts run out, never given tokens.
func Decide(rounds []Round, userNotFound bool, maxAttempts int) Decision {
	if maxAttempts < 1 {
		return fail(ReasonBadMaxAttempts)
	}
	if len(rounds) == 0 {
		return challenge(ReasonFirstRound)
	}
	if len(rounds) > maxAttempts {
		return fail(ReasonExhausted)
	}
	last := len(rounds) - 1
	for i, r := range rounds {
		if r.ChallengeName != CustomChallenge || r.Metadata == "" {
			return fail(ReasonUnexpectedRound)
		}
		if r.Correct && i != last {
			return fail(ReasonEarlierCorrect)
		}
	}
	switch {
	case rounds[last].Correct && userNotFound:
		return fail(ReasonUnknownUser)
	case rounds[last].Correct:
		return Decision{IssueTokens: true, Reason: ReasonCorrect}
	case len(rounds) >= maxAttempts:
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
