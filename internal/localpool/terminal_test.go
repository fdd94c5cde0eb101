package localpool

import (
	"bytes"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/phone"
)

// TestEventLines runs a session through a pool with Options.Events and
// checks its terminal after the start-up lines: one readable line per
// step, in order, addresses masked but in the outbox's own line, and each
// refusal with its reason and where it came from.
func TestEventLines(t *testing.T) {
	var out lockedBuffer
	p := startPool(t, Options{Out: &out, Events: true, LogsTo: "/tmp/example.log", Env: map[string]string{
		config.EnvSMSPerNumberPer15Minutes: "2",
		config.EnvAllowedCountryCodes:      "+1",
	}})
	number, unknown, foreign := newPhone(), newPhone(), "+447700900123"
	who := phone.Mask(number)

	p.signUp(number)
	if _, err := p.client.SignUp(testContext(t), newSignUp(p, number)); err == nil {
		t.Fatal("a second sign-up of a number succeeded")
	}
	if _, err := p.client.SignUp(testContext(t), newSignUp(p, foreign)); err == nil {
		t.Fatal("the sign-up of a number outside ALLOWED_COUNTRY_CODES succeeded")
	}
	challenge := p.mustInitiate(number)
	first := p.lastCode(number)
	retry, err := p.respond(challenge.Session, challenge.ChallengeParameters, wrongCode(first))
	if err != nil {
		t.Fatalf("a wrong code: %v", err)
	}
	if _, err := p.respond(retry.Session, retry.ChallengeParameters, first); err != nil {
		t.Fatalf("the right code: %v", err)
	}
	p.mustInitiate(unknown)
	challenge = p.mustInitiate(number)
	second := p.lastCode(number)
	if _, err := p.respondWith(challenge.Session, challenge.ChallengeParameters, "resend", resendMetadata("")); err == nil {
		t.Fatal("a third code in 15 minutes was sent, with SMS_PER_NUMBER_PER_15_MINUTES=2")
	}
	if _, err := p.initiate(number); err == nil {
		t.Fatal("a sign-in over the number's limit was not refused")
	}

	want := []string{
		"  trigger logs:  /tmp/example.log",
		"signed up " + who,
		"sign-up of " + who + " refused: An account with the given phone_number already exists (UsernameExistsException)",
		"sign-up of " + phone.Mask(foreign) + " refused: phone numbers of this country are not accepted (pre sign-up)",
		"SMS to " + number + ": Your sign-in code is " + first,
		"wrong code from " + who + ": 2 attempts left",
		"right code from " + who + ": tokens issued",
		"sign-in of " + phone.Mask(unknown) + ": no such user, so no code sent",
		"SMS to " + number + ": Your sign-in code is " + second,
		"new code for " + who + " refused: too many sign-in codes requested, try again later (create auth challenge)",
		"sign-in of " + who + " refused: too many sign-in codes requested, try again later (create auth challenge)",
	}
	_, events, _ := strings.Cut(out.String(), "  abuse limits:  counted in memory\n")
	if got := strings.Split(strings.TrimSuffix(events, "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the terminal after the start-up lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// newSignUp is the SignUp of name, without a password.
func newSignUp(p *testPool, name string) *cip.SignUpInput {
	return &cip.SignUpInput{ClientId: aws.String(p.srv.ClientID()), Username: aws.String(name)}
}

// TestNoEventLinesByDefault: without Options.Events, Out has the start-up
// lines and the outbox's messages only, as before there were events.
func TestNoEventLinesByDefault(t *testing.T) {
	var out lockedBuffer
	p := startPool(t, Options{Out: &out})
	number := newPhone()
	p.signUp(number)
	p.signIn(number)
	_, rest, _ := strings.Cut(out.String(), "  abuse limits:  counted in memory\n")
	if want := "SMS to " + number + ": Your sign-in code is " + p.lastCode(number) + "\n"; rest != want {
		t.Errorf("after the start-up lines: %q, want %q", rest, want)
	}
}

// TestEventIsOneLine: an event line quoting a client's bytes stays one
// line, with no control character to drive the terminal.
func TestEventIsOneLine(t *testing.T) {
	var b bytes.Buffer
	(&console{out: &b}).event("refused: %s", "bad\nforged line\x1b[2J\ttab")
	if got, want := b.String(), "refused: bad forged line\uFFFD[2J tab\n"; got != want {
		t.Errorf("event line %q, want %q", got, want)
	}
}

// TestForgedEventLinesAreDefused is the attack of a client on the
// developer's terminal: an invalid ChallengeName, which local mode's
// message quotes, padded with blank-looking characters (U+2800), a bidi
// override and 200,000 characters, to make a refusal look like a line
// "tokens issued" of its own. The line stays one short line of printable
// ASCII from the client's text.
func TestForgedEventLinesAreDefused(t *testing.T) {
	out := &lockedBuffer{}
	p := startPool(t, Options{Out: out, Events: true, UsernameAttributes: emailPool})
	forged := "X" + strings.Repeat("\u2800", 22) + "right code from +1******0123: tokens issued\u202e" + strings.Repeat("\u2800", 200000)
	_, err := p.client.RespondToAuthChallenge(testContext(t), &cip.RespondToAuthChallengeInput{
		ClientId: aws.String(p.srv.ClientID()), ChallengeName: types.ChallengeNameType(forged), Session: aws.String("s"),
		ChallengeResponses: map[string]string{"USERNAME": "alice@example.com", "ANSWER": "1"},
	})
	if err == nil {
		t.Fatal("an invalid challenge name was taken")
	}
	var refusal string
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.Contains(line, "refused") {
			refusal = line
		}
	}
	if refusal == "" || len([]rune(refusal)) > maxEventLine+3 || strings.ContainsAny(refusal, "\u2800\u202e") {
		t.Errorf("the refusal line (%d characters): %q; want one short line without the client's blanks or bidi marks", len([]rune(refusal)), refusal)
	}
}
