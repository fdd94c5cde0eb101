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
	d := session.Decide(history, false, 3)
	fmt.Println(d.IssueTokens, d.Reason)
	// Output: true answer correct
}
