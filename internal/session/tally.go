package session

import "errors"

// Tally is what the challenge rounds of a sign-in have used up.
type Tally struct {
	// WrongAnswers counts the answers verify found wrong: codes and
	// passkey assertions alike.
	WrongAnswers int
	// Resends counts the new challenges asked for: every new code but the
	// first of the sign-in, and every new passkey challenge. The first
	// code is free even when it follows passkey rounds, so that a user who
	// has no passkey on this device (or none at all) can always ask for
	// the code at the cost of one round.
	Resends int
	// PasskeyProven says a passkey round was answered right.
	PasskeyProven bool
	// CodeSent says a round of a code channel came before: the next new
	// code is a resend.
	CodeSent bool
	// Last is the last round's metadata, parsed; zero when there is none.
	Last Metadata
}

// Count tallies challenge rounds (the second result of Split). Each round
// but the last ended in a wrong answer or a resend request, as the cause
// recorded in the round after it says; the last one, when answered false,
// ended in resend (this call's ClientMetadata) if it was requested and in
// a wrong answer otherwise. Count fails for rounds this flow did not make:
// a first round that is not CauseFirst, a retry on another channel, a
// passkey round after a right passkey answer, and any round after a right
// answer except the code that may follow a right passkey answer.
func Count(rounds []Round, resend Resend) (Tally, error) {
	t, reason := tally(rounds, resend)
	if reason != "" {
		return t, errors.New("session: " + reason)
	}
	return t, nil
}

// tally is Count, with the reason to fail instead of an error.
func tally(rounds []Round, resend Resend) (Tally, string) {
	var t Tally
	if len(rounds) == 0 {
		return t, ""
	}
	var previous Metadata
	for i, r := range rounds {
		m, err := ParseMetadata(r.Metadata)
		if r.ChallengeName != CustomChallenge || err != nil {
			return t, ReasonUnexpectedRound
		}
		switch {
		case i == 0:
			if m.Cause != CauseFirst {
				return t, ReasonUnexpectedRound
			}
		case rounds[i-1].Correct:
			// Only a right passkey answer is followed: by the first code
			// of the rounds a policy may ask for after it.
			if previous.Channel != ChannelPasskey || m.Cause != CauseFirst || !m.Channel.IsCode() {
				return t, ReasonEarlierCorrect
			}
		case m.Cause == CauseFirst, m.Channel == ChannelPasskey && t.PasskeyProven:
			return t, ReasonUnexpectedRound
		case m.Cause == CauseRetry:
			if m.Channel != previous.Channel {
				return t, ReasonUnexpectedRound
			}
			t.WrongAnswers++
		case m.Cause == CauseResend:
			t.Resends += t.costOf(m.Channel)
		}
		if r.Correct && m.Channel == ChannelPasskey {
			t.PasskeyProven = true
		}
		t.CodeSent = t.CodeSent || m.Channel.IsCode()
		previous = m
	}
	t.Last = previous
	switch last := rounds[len(rounds)-1]; {
	case last.Correct:
	case resend.Requested:
		// A request without a channel, or for one that is not a passkey,
		// is for a code: create sends it by the first channel it can.
		t.Resends += t.costOf(resend.Channel)
	default:
		t.WrongAnswers++
	}
	return t, ""
}

// costOf is what a new challenge by channel costs of the resends: one,
// except the first code of the sign-in.
func (t Tally) costOf(channel Channel) int {
	if channel != ChannelPasskey && !t.CodeSent {
		return 0
	}
	return 1
}
