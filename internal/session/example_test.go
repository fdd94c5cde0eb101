package session_test

import (
	"fmt"

	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

func ExampleDecide() {
	first := session.Metadata{Cause: session.CauseFirst, Channel: session.ChannelSMS, Seal: "v1.seal"}
	retry := session.Metadata{Cause: session.CauseRetry, Channel: session.ChannelSMS, Seal: "v1.seal"}
	history := []session.Round{
		{ChallengeName: session.CustomChallenge, Correct: false, Metadata: first.String()},
		{ChallengeName: session.CustomChallenge, Correct: true, Metadata: retry.String()},
	}
	d := session.Decide(session.Request{History: history}, session.Policy{Flow: session.FlowCode, MaxAttempts: 3})
	fmt.Println(d.IssueTokens, d.Reason)
	// Output: true answer correct
}

// A password sign-in: SRP_A and PASSWORD_VERIFIER, which Cognito answers,
// then the code. MaxAttempts counts the code answers only.
func ExampleDecide_passwordAndCode() {
	policy := session.Policy{Flow: session.FlowPasswordAndCode, MaxAttempts: 1}
	history := []session.Round{{ChallengeName: session.SRPA, Correct: true}}
	fmt.Println(session.Decide(session.Request{History: history}, policy).Challenge)
	history = append(history, session.Round{ChallengeName: session.PasswordVerifier, Correct: true})
	fmt.Println(session.Decide(session.Request{History: history}, policy).Challenge)
	first := session.Metadata{Cause: session.CauseFirst, Channel: session.ChannelSMS, Seal: "v1.seal"}
	history = append(history, session.Round{ChallengeName: session.CustomChallenge, Correct: true, Metadata: first.String()})
	fmt.Println(session.Decide(session.Request{History: history}, policy).IssueTokens)
	// Output:
	// PASSWORD_VERIFIER
	// CUSTOM_CHALLENGE
	// true
}

func ExampleSplit() {
	history := []session.Round{
		{ChallengeName: session.SRPA, Correct: true},
		{ChallengeName: session.PasswordVerifier, Correct: true},
		{ChallengeName: session.CustomChallenge, Correct: false, Metadata: "first:sms:v1.seal"},
	}
	steps, codes := session.Split(history)
	fmt.Println(len(steps), "password steps,", len(codes), "code round")
	// Output: 2 password steps, 1 code round
}

// A resend: the client answers the first round with ClientMetadata
// {"resend": "true"}. Define asks for another round, create marks it as
// made for a resend, and the request used up no attempt.
func ExampleDecide_resend() {
	policy := session.Policy{Flow: session.FlowCode, MaxAttempts: 1, MaxResends: 2}
	first := session.Metadata{Cause: session.CauseFirst, Channel: session.ChannelSMS, Seal: "v1.seal"}
	history := []session.Round{{ChallengeName: session.CustomChallenge, Metadata: first.String()}}
	resend := session.ResendRequest(map[string]string{"resend": "true"})
	fmt.Println(session.Decide(session.Request{History: history, Resend: resend}, policy).Reason)

	resent := session.Metadata{Cause: session.CauseResend, Channel: session.ChannelEmail, Seal: "v1.seal"}
	history = append(history, session.Round{ChallengeName: session.CustomChallenge, Correct: true, Metadata: resent.String()})
	fmt.Println(session.Decide(session.Request{History: history}, policy).IssueTokens)
	tally, _ := session.Count(history, session.Resend{})
	fmt.Printf("%+v\n", tally)
	// Output:
	// new code asked for, resends left
	// true
	// {WrongAnswers:0 Resends:1 PasskeyProven:false CodeSent:true Last:resend:email:v1.seal}
}

// A user with a passkey is asked for it first. The browser cannot find it
// on this device, so the client asks for a code instead (ClientMetadata
// {"resend": "true"}): the first code of a sign-in costs no resend. The
// code is right, and define issues tokens.
func ExampleDecide_passkeyFallback() {
	policy := session.Policy{Flow: session.FlowCode, MaxAttempts: 3, MaxResends: 0}
	asked := session.Metadata{Cause: session.CauseFirst, Channel: session.ChannelPasskey, Seal: "v1.1767225600.challenge"}
	history := []session.Round{{ChallengeName: session.CustomChallenge, Metadata: asked.String()}}
	fallback := session.ResendRequest(map[string]string{"resend": "true"})
	fmt.Println(session.Decide(session.Request{History: history, Resend: fallback}, policy).Reason)

	code := session.Metadata{Cause: session.CauseResend, Channel: session.ChannelSMS, Seal: "v1.seal"}
	history = append(history, session.Round{ChallengeName: session.CustomChallenge, Correct: true, Metadata: code.String()})
	fmt.Println(session.Decide(session.Request{History: history}, policy).Reason)
	// Output:
	// new code asked for, resends left
	// answer correct
}
