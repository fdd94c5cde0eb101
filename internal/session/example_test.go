package session_test

import (
	"fmt"

	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

func ExampleDecide() {
	history := []session.Round{
		{ChallengeName: session.CustomChallenge, Correct: false, Metadata: "v1.seal"},
		{ChallengeName: session.CustomChallenge, Correct: true, Metadata: "v1.seal"},
	}
	d := session.Decide(history, false, session.Policy{Flow: session.FlowCode, MaxAttempts: 3})
	fmt.Println(d.IssueTokens, d.Reason)
	// Output: true answer correct
}

// A password sign-in: SRP_A and PASSWORD_VERIFIER, which Cognito answers,
// then the code. MaxAttempts counts the code answers only.
func ExampleDecide_passwordAndCode() {
	policy := session.Policy{Flow: session.FlowPasswordAndCode, MaxAttempts: 1}
	history := []session.Round{{ChallengeName: session.SRPA, Correct: true}}
	fmt.Println(session.Decide(history, false, policy).Challenge)
	history = append(history, session.Round{ChallengeName: session.PasswordVerifier, Correct: true})
	fmt.Println(session.Decide(history, false, policy).Challenge)
	history = append(history, session.Round{ChallengeName: session.CustomChallenge, Correct: true, Metadata: "v1.seal"})
	fmt.Println(session.Decide(history, false, policy).IssueTokens)
	// Output:
	// PASSWORD_VERIFIER
	// CUSTOM_CHALLENGE
	// true
}

func ExampleSplit() {
	history := []session.Round{
		{ChallengeName: session.SRPA, Correct: true},
		{ChallengeName: session.PasswordVerifier, Correct: true},
		{ChallengeName: session.CustomChallenge, Correct: false, Metadata: "v1.seal"},
	}
	steps, codes := session.Split(history)
	fmt.Println(len(steps), "password steps,", len(codes), "code round")
	// Output: 2 password steps, 1 code round
}
