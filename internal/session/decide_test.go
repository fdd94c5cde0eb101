package session_test

import (
	"fmt"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

var (
	wrong = session.Round{ChallengeName: session.CustomChallenge, Correct: false, Metadata: "v1.seal"}
	right = session.Round{ChallengeName: session.CustomChallenge, Correct: true, Metadata: "v1.seal"}
)

func rounds(r ...session.Round) []session.Round { return r }

func TestDecide(t *testing.T) {
	challenge := session.Decision{Challenge: session.CustomChallenge}
	tokens := session.Decision{IssueTokens: true}
	fail := session.Decision{Fail: true}
	tests := []struct {
		name         string
		rounds       []session.Round
		userNotFound bool
		maxAttempts  int
		want         session.Decision
		reason       string
	}{
		{"empty session", nil, false, 3, challenge, session.ReasonFirstRound},
		{"empty, not nil", rounds(), false, 3, challenge, session.ReasonFirstRound},
		{"right first time", rounds(right), false, 3, tokens, session.ReasonCorrect},
		{"one wrong", rounds(wrong), false, 3, challenge, session.ReasonRetry},
		{"wrong then right", rounds(wrong, right), false, 3, tokens, session.ReasonCorrect},
		{"two wrong", rounds(wrong, wrong), false, 3, challenge, session.ReasonRetry},
		{"two wrong then right", rounds(wrong, wrong, right), false, 3, tokens, session.ReasonCorrect},
		{"three wrong", rounds(wrong, wrong, wrong), false, 3, fail, session.ReasonExhausted},
		{"one attempt, wrong", rounds(wrong), false, 1, fail, session.ReasonExhausted},
		{"one attempt, right", rounds(right), false, 1, tokens, session.ReasonCorrect},
		{"more rounds than attempts, last right", rounds(wrong, wrong, wrong, right), false, 3, fail, session.ReasonExhausted},
		{"right before the last round", rounds(right, wrong), false, 3, fail, session.ReasonEarlierCorrect},
		{"right twice", rounds(right, right), false, 3, fail, session.ReasonEarlierCorrect},
		{"password step", rounds(session.Round{ChallengeName: "PASSWORD_VERIFIER", Correct: true, Metadata: "x"}), false, 3, fail, session.ReasonUnexpectedRound},
		{"SRP step before ours", rounds(session.Round{ChallengeName: "SRP_A", Correct: true, Metadata: "x"}, right), false, 3, fail, session.ReasonUnexpectedRound},
		{"lower-case name", rounds(session.Round{ChallengeName: "custom_challenge", Correct: true, Metadata: "x"}), false, 3, fail, session.ReasonUnexpectedRound},
		{"missing name", rounds(session.Round{Correct: true, Metadata: "x"}), false, 3, fail, session.ReasonUnexpectedRound},
		{"missing metadata", rounds(session.Round{ChallengeName: session.CustomChallenge, Correct: true}), false, 3, fail, session.ReasonUnexpectedRound},
		{"null entry", rounds(session.Round{}), false, 3, fail, session.ReasonUnexpectedRound},
		{"foreign round after a wrong one", rounds(wrong, session.Round{ChallengeName: "SMS_MFA", Correct: true, Metadata: "x"}), false, 3, fail, session.ReasonUnexpectedRound},
		{"unknown user, first round", nil, true, 3, challenge, session.ReasonFirstRound},
		{"unknown user, one wrong", rounds(wrong), true, 3, challenge, session.ReasonRetry},
		{"unknown user, three wrong", rounds(wrong, wrong, wrong), true, 3, fail, session.ReasonExhausted},
		{"unknown user, marked right", rounds(right), true, 3, fail, session.ReasonUnknownUser},
		{"unknown user, wrong then marked right", rounds(wrong, right), true, 3, fail, session.ReasonUnknownUser},
		{"zero max attempts", rounds(right), false, 0, fail, session.ReasonBadMaxAttempts},
		{"negative max attempts", nil, false, -1, fail, session.ReasonBadMaxAttempts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := session.Decide(tt.rounds, tt.userNotFound, tt.maxAttempts)
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

// TestDecideExhaustively enumerates every history of up to six rounds over
// a set of round kinds, for every max attempts from 1 to 5 and both values
// of userNotFound, and checks the decision against the specification.
func TestDecideExhaustively(t *testing.T) {
	kinds := []session.Round{
		wrong, right,
		{ChallengeName: "PASSWORD_VERIFIER", Correct: true, Metadata: "x"},
		{ChallengeName: session.CustomChallenge, Correct: true},
		{},
	}
	checked := 0
	var walk func(history []session.Round)
	walk = func(history []session.Round) {
		for maxAttempts := 1; maxAttempts <= 5; maxAttempts++ {
			for _, userNotFound := range []bool{false, true} {
				got := session.Decide(history, userNotFound, maxAttempts)
				if want := specification(history, userNotFound, maxAttempts); got.Challenge != want.Challenge || got.IssueTokens != want.IssueTokens || got.Fail != want.Fail {
					t.Fatalf("history %v, userNotFound %v, max %d: got %+v, want %+v", describe(history), userNotFound, maxAttempts, got, want)
				}
				set := 0
				for _, b := range []bool{got.Challenge != "", got.IssueTokens, got.Fail} {
					if b {
						set++
					}
				}
				if set != 1 {
					t.Fatalf("history %v: decision %+v sets %d outcomes, want exactly 1", describe(history), got, set)
				}
				checked++
			}
		}
		if len(history) == 6 {
			return
		}
		for _, k := range kinds {
			walk(append(history[:len(history):len(history)], k))
		}
	}
	walk(nil)
	t.Logf("checked %d cases", checked)
}

// specification restates the rules in the most direct form, independently of Decide.
func specification(history []session.Round, userNotFound bool, maxAttempts int) session.Decision {
	for _, r := range history {
		if r != wrong && r != right {
			return session.Decision{Fail: true}
		}
	}
	wrongs := 0
	for i, r := range history {
		if r == right && i != len(history)-1 {
			return session.Decision{Fail: true}
		}
		if r == wrong {
			wrongs++
		}
	}
	if len(history) > 0 && history[len(history)-1] == right {
		if userNotFound || len(history) > maxAttempts {
			return session.Decision{Fail: true}
		}
		return session.Decision{IssueTokens: true}
	}
	if wrongs >= maxAttempts {
		return session.Decision{Fail: true}
	}
	return session.Decision{Challenge: session.CustomChallenge}
}

func describe(history []session.Round) string {
	s := ""
	for _, r := range history {
		s += fmt.Sprintf("[%s %v %q]", r.ChallengeName, r.Correct, r.Metadata)
	}
	return s
}

// FuzzDecide checks the safety rules on arbitrary histories: tokens only for
// a known user whose history is wrong answers then one right answer, within
// max attempts; never more than one outcome.
func FuzzDecide(f *testing.F) {
	f.Add([]byte{}, false, 3)
	f.Add([]byte{0, 1}, false, 3)
	f.Add([]byte{0, 0, 0}, true, 3)
	f.Add([]byte{1, 1}, false, 3)
	f.Add([]byte{2, 1}, false, 1)
	f.Fuzz(func(t *testing.T, encoded []byte, userNotFound bool, maxAttempts int) {
		names := []string{session.CustomChallenge, "PASSWORD_VERIFIER", "custom_challenge", ""}
		history := make([]session.Round, len(encoded))
		for i, b := range encoded {
			history[i] = session.Round{ChallengeName: names[int(b>>2)%len(names)], Correct: b&1 == 1}
			if b&2 == 0 {
				history[i].Metadata = "v1.seal"
			}
		}
		got := session.Decide(history, userNotFound, maxAttempts)
		if got.IssueTokens {
			last := len(history) - 1
			if userNotFound || last < 0 || len(history) > maxAttempts || !history[last].Correct {
				t.Fatalf("tokens for %v (userNotFound %v, max %d)", describe(history), userNotFound, maxAttempts)
			}
			for i, r := range history {
				if r.ChallengeName != session.CustomChallenge || r.Metadata == "" || (r.Correct && i != last) {
					t.Fatalf("tokens for %v", describe(history))
				}
			}
		}
		if got.IssueTokens && (got.Fail || got.Challenge != "") || got.Fail && got.Challenge != "" {
			t.Fatalf("several outcomes: %+v", got)
		}
	})
}

func BenchmarkDecide(b *testing.B) {
	history := rounds(wrong, wrong, right)
	for b.Loop() {
		session.Decide(history, false, 3)
	}
}
