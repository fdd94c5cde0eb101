package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/lambdahost"
	"github.com/cognito-passwordless/passwordless-go/internal/motoserver"
	"github.com/cognito-passwordless/passwordless-go/internal/testnet"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

const (
	user   = "d6f3c2a1-7b4e-4c8f-9a21-5e0b7c3d9f10"
	number = "+15555550123"
)

// flow is the three custom-auth triggers running as processes, as Cognito
// drives them, with every log line they write.
type flow struct {
	define, create, verify *lambdahost.Function
	logs                   *logBuffer
}

// startFlow starts the three triggers, each with env on top of its
// configuration (each reads only its own variables).
func startFlow(t *testing.T, env ...string) *flow {
	logs := &logBuffer{}
	return &flow{
		define: start(t, "define-auth-challenge", logs, triggerEnv("define-auth-challenge", env...)...),
		create: start(t, "create-auth-challenge", logs, triggerEnv("create-auth-challenge", env...)...),
		verify: start(t, "verify-auth-challenge", logs, triggerEnv("verify-auth-challenge", env...)...),
		logs:   logs,
	}
}

// stoppedLogs stops the three processes and returns every line they
// logged: stopping waits until their output has been copied.
func (fl *flow) stoppedLogs() []string {
	fl.define.Close()
	fl.create.Close()
	fl.verify.Close()
	return fl.logs.Lines()
}

// call invokes f with in and decodes its answer into out.
func call(t *testing.T, f *lambdahost.Function, in, out any) error {
	t.Helper()
	payload, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	answer, err := f.Invoke(context.Background(), payload)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(answer, out); err != nil {
		t.Fatalf("answer %s: %v", answer, err)
	}
	return nil
}

func header(source, userName string) events.CognitoEventUserPoolsHeader {
	return events.CognitoEventUserPoolsHeader{Version: "1", TriggerSource: source, Region: "us-east-1", UserPoolID: "us-east-1_EXAMPLE1", UserName: userName}
}

var attributes = map[string]string{"sub": user, "phone_number": number, "phone_number_verified": "true"}

// person is who signs in, as Cognito names them to the triggers: the
// event's userName (the pool's UUID for a user, the name typed for an
// unknown one), the user's attributes, and userNotFound.
type person struct {
	name       string
	attributes map[string]string
	notFound   bool
}

// smsUser has a phone number only.
var smsUser = person{name: user, attributes: attributes}

// defineEvent is the define event of p's sign-in after session, with the
// ClientMetadata of the RespondToAuthChallenge that led to it.
func (p person) defineEvent(session []*events.CognitoEventUserPoolsChallengeResult, clientMetadata map[string]string) events.CognitoEventUserPoolsDefineAuthChallenge {
	in := events.CognitoEventUserPoolsDefineAuthChallenge{CognitoEventUserPoolsHeader: header("DefineAuthChallenge_Authentication", p.name)}
	in.Request.UserAttributes, in.Request.Session, in.Request.ClientMetadata, in.Request.UserNotFound = p.attributes, session, clientMetadata, p.notFound
	return in
}

// createEvent is the create event of p's sign-in after session.
func (p person) createEvent(session []*events.CognitoEventUserPoolsChallengeResult, clientMetadata map[string]string) events.CognitoEventUserPoolsCreateAuthChallenge {
	in := events.CognitoEventUserPoolsCreateAuthChallenge{CognitoEventUserPoolsHeader: header("CreateAuthChallenge_Authentication", p.name)}
	in.Request.UserAttributes, in.Request.Session, in.Request.ChallengeName = p.attributes, session, "CUSTOM_CHALLENGE"
	in.Request.ClientMetadata, in.Request.UserNotFound = clientMetadata, p.notFound
	return in
}

// verifyEvent is the verify event of p's answer to the round created.
func (p person) verifyEvent(created events.CognitoEventUserPoolsCreateAuthChallengeResponse, answer string, clientMetadata map[string]string) events.CognitoEventUserPoolsVerifyAuthChallenge {
	in := events.CognitoEventUserPoolsVerifyAuthChallenge{CognitoEventUserPoolsHeader: header("VerifyAuthChallengeResponse_Authentication", p.name)}
	in.Request.UserAttributes, in.Request.PrivateChallengeParameters, in.Request.ChallengeAnswer = p.attributes, created.PrivateChallengeParameters, answer
	in.Request.ClientMetadata, in.Request.UserNotFound = clientMetadata, p.notFound
	return in
}

// verifyEntry runs verify on who's answer to the round created and returns
// the session entry Cognito records for it.
func (fl *flow) verifyEntry(t *testing.T, who person, created events.CognitoEventUserPoolsCreateAuthChallengeResponse, answer string, clientMetadata map[string]string) *events.CognitoEventUserPoolsChallengeResult {
	t.Helper()
	var out events.CognitoEventUserPoolsVerifyAuthChallenge
	if err := call(t, fl.verify, who.verifyEvent(created, answer, clientMetadata), &out); err != nil {
		t.Fatalf("verify: %v", err)
	}
	return &events.CognitoEventUserPoolsChallengeResult{ChallengeName: "CUSTOM_CHALLENGE", ChallengeResult: out.Response.AnswerCorrect, ChallengeMetadata: created.ChallengeMetadata}
}

// signIn is one sign-in, driven as Cognito drives the triggers: who signs
// in, the session so far, define's last answer and the round (create's
// last answer) that the next answer goes to.
type signIn struct {
	fl      *flow
	who     person
	session []*events.CognitoEventUserPoolsChallengeResult
	defined events.CognitoEventUserPoolsDefineAuthChallengeResponse
	created events.CognitoEventUserPoolsCreateAuthChallengeResponse
}

// begin starts who's sign-in, as InitiateAuth does: define, then create.
func (fl *flow) begin(t *testing.T, who person) *signIn {
	t.Helper()
	s := &signIn{fl: fl, who: who}
	if err := s.next(t, nil); err != nil {
		t.Fatalf("create: %v", err)
	}
	if s.defined.ChallengeName != "CUSTOM_CHALLENGE" {
		t.Fatalf("first define: %+v, want CUSTOM_CHALLENGE", s.defined)
	}
	return s
}

// next runs define, then create if define asks for a challenge, both with
// clientMetadata; it returns create's error (a function error is what
// Cognito reports to the client). After an error, s.created is unchanged.
func (s *signIn) next(t *testing.T, clientMetadata map[string]string) error {
	t.Helper()
	var define events.CognitoEventUserPoolsDefineAuthChallenge
	if err := call(t, s.fl.define, s.who.defineEvent(s.session, clientMetadata), &define); err != nil {
		t.Fatalf("define: %v", err)
	}
	s.defined = define.Response
	if define.Response.ChallengeName != "CUSTOM_CHALLENGE" {
		return nil
	}
	var create events.CognitoEventUserPoolsCreateAuthChallenge
	if err := call(t, s.fl.create, s.who.createEvent(s.session, clientMetadata), &create); err != nil {
		return err
	}
	s.created = create.Response
	return nil
}

// respond answers the waiting round as RespondToAuthChallenge does:
// verify gets the answer and clientMetadata, Cognito records its verdict
// in the session, and define and create (next) get the same
// clientMetadata. It returns verify's verdict and create's error.
func (s *signIn) respond(t *testing.T, answer string, clientMetadata map[string]string) (bool, error) {
	t.Helper()
	entry := s.fl.verifyEntry(t, s.who, s.created, answer, clientMetadata)
	s.session = append(s.session, entry)
	return entry.ChallengeResult, s.next(t, clientMetadata)
}

// resend asks for a new code by channel ("" for the same one) as a client
// does: the ANSWER "resend" with ClientMetadata {"resend": "true"} (and
// "channel"). Verify must answer false; it returns create's error.
func (s *signIn) resend(t *testing.T, channel string) error {
	t.Helper()
	clientMetadata := map[string]string{"resend": "true"}
	if channel != "" {
		clientMetadata["channel"] = channel
	}
	correct, err := s.respond(t, "resend", clientMetadata)
	if correct {
		t.Fatal("verify answered a resend request true")
	}
	return err
}

var codePattern = regexp.MustCompile(`[0-9]{6}`)

// startMoto starts a moto_server and stops it when the test ends.
func startMoto(t *testing.T) *motoserver.Server {
	t.Helper()
	moto, err := motoserver.Start(context.Background()) // bounded by motoserver itself
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(moto.Close)
	return moto
}

// otherCode returns a code of the same length that is not code.
func otherCode(code string) string {
	if code == "000000" {
		return "000001"
	}
	return "000000"
}

// TestSignInThroughSNS runs a whole sign-in with a wrong answer first: the
// code goes through the real SNS client to moto_server, is read back from
// moto's record, and verified. No log line holds the code or the key.
func TestSignInThroughSNS(t *testing.T) {
	moto := startMoto(t)
	fl := startFlow(t, moto.Env()...)

	s := fl.begin(t, smsUser)
	created := s.created
	if created.PublicChallengeParameters["destination"] != "+1******0123" {
		t.Fatalf("first round: create %+v", created)
	}
	sent, err := moto.SentSMS(context.Background())
	if err != nil || len(sent) != 1 || sent[0].PhoneNumber != number {
		t.Fatalf("moto recorded %v, %v; want one SMS to %s", sent, err, number)
	}
	code := codePattern.FindString(sent[0].Message)

	if correct, err := s.respond(t, otherCode(code), nil); correct || err != nil || s.defined.ChallengeName != "CUSTOM_CHALLENGE" ||
		s.created.PrivateChallengeParameters["seal"] != created.PrivateChallengeParameters["seal"] ||
		s.created.ChallengeMetadata != "retry:sms:"+created.PrivateChallengeParameters["seal"] || s.created.PublicChallengeParameters["attemptsLeft"] != "2" {
		t.Fatalf("after a wrong answer (%v, %v): define %+v, create %+v", correct, err, s.defined, s.created)
	}
	if sent, _ := moto.SentSMS(context.Background()); len(sent) != 1 {
		t.Fatalf("%d SMS after a wrong answer, want still 1", len(sent))
	}

	if correct, err := s.respond(t, code, nil); !correct || err != nil || !s.defined.IssueTokens || s.defined.FailAuthentication {
		t.Fatalf("after the right code (%v, %v): %+v, want tokens", correct, err, s.defined)
	}
	requireCleanLogs(t, fl.stoppedLogs(), 7, code, sampleKey, number)
}

// runtimeErrorLine is the line aws-lambda-go writes, with the standard
// log package, for a function error: the error Cognito shows the client.
var runtimeErrorLine = regexp.MustCompile(`^[0-9]{4}/[0-9]{2}/[0-9]{2} [0-9:]{8} \{"errorMessage":`)

// requireCleanLogs requires at least least lines, each a JSON record (or
// aws-lambda-go's report of a function error), none holding any of
// secrets (codes, the key, full addresses).
func requireCleanLogs(t *testing.T, lines []string, least int, secrets ...string) {
	t.Helper()
	if len(lines) < least {
		t.Fatalf("only %d log lines: %q", len(lines), lines)
	}
	for _, line := range lines {
		var record map[string]any
		if err := json.Unmarshal([]byte(line), &record); err != nil && !runtimeErrorLine.MatchString(line) {
			t.Errorf("log line is not JSON: %q", line)
		}
		for _, secret := range secrets {
			if strings.Contains(line, secret) {
				t.Errorf("log line holds a secret or a full address: %q", line)
			}
		}
	}
}

// TestSNSFailureLeaksNothing points create at an endpoint that refuses
// connections and at one that never answers: each fails in time, with a
// message that names no number and no code.
func TestSNSFailureLeaksNothing(t *testing.T) {
	for name, endpoint := range testnet.Unreachable(t) {
		t.Run(name, func(t *testing.T) {
			fl := startFlow(t, "AWS_ENDPOINT_URL_SNS=http://"+endpoint, "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing")
			began := time.Now()
			err := call(t, fl.create, smsUser.createEvent(nil, nil), &events.CognitoEventUserPoolsCreateAuthChallenge{})
			var fe *lambdahost.FunctionError
			if !errors.As(err, &fe) || fe.Message != trigger.ErrCodeNotSent.Error() {
				t.Fatalf("error %v, want %q", err, trigger.ErrCodeNotSent)
			}
			if elapsed := time.Since(began); elapsed > 4500*time.Millisecond {
				t.Fatalf("took %v, want inside Cognito's 5 s", elapsed)
			}
			if strings.Contains(strings.Join(fl.stoppedLogs(), "\n"), "5555550123") {
				t.Fatal("logs hold the number")
			}
		})
	}
}
