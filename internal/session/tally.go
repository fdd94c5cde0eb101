package session

import "errors"

// Tally is what the code rounds of a sign-in have used up.
type Tally struct {
	// WrongAnswers counts the answers verify found wrong.
	WrongAnswers int
	// Resends counts the new codes asked for.
	Resends int
}

// Count tallies code rounds (the second result of Split). Each round but
// the last ended in a wrong answer or a resend request, as the cause
// recorded in the round after it says; the last one, when answered false,
// ended in a resend request if resend is true (this call's
// ClientMetadata) and in a wrong answer otherwise. Count fails for rounds
// this flow did not make, and for a right answer before the last round.
func Count(codes []Round, resend bool) (Tally, error) {
	t, reason := tally(codes, resend)
	if reason != "" {
		return t, errors.New("session: " + reason)
	}
	return t, nil
}

// tally is Count, with the reason to fail instead of an error.
func tally(codes []Round, resend bool) (Tally, string) {
	var t Tally
	if len(codes) == 0 {
		return t, ""
	}
	for i, r := range codes {
		m, err := ParseMetadata(r.Metadata)
		if r.ChallengeName != CustomChallenge || err != nil || (i == 0) != (m.Cause == CauseFirst) {
			return t, ReasonUnexpectedRound
		}
		if i == 0 {
			continue
		}
		if codes[i-1].Correct {
			return t, ReasonEarlierCorrect
		}
		if m.Cause == CauseResend {
			t.Resends++
		} else {
			t.WrongAnswers++
		}
	}
	switch last := codes[len(codes)-1]; {
	case last.Correct:
	case resend:
		t.Resends++
	default:
		t.WrongAnswers++
	}
	return t, ""
}
