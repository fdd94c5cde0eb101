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

func startFlow(t *testing.T, snsEnv []string) *flow {
	logs := &logBuffer{}
	return &flow{
		define: start(t, "define-auth-challenge", logs, triggerEnv("define-auth-challenge")...),
		create: start(t, "create-auth-challenge", logs, triggerEnv("create-auth-challenge", snsEnv...)...),
		verify: start(t, "verify-auth-challenge", logs, triggerEnv("verify-auth-challenge")...),
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

func header(source string) events.CognitoEventUserPoolsHeader {
	return events.CognitoEventUserPoolsHeader{Version: "1", TriggerSource: source, Region: "us-east-1", UserPoolID: "us-east-1_EXAMPLE1", UserName: user}
}

var attributes = map[string]string{"sub": user, "phone_number": number, "phone_number_verified": "true"}

// round runs define, then create if define asks for a challenge, for the
// session so far; it returns define's answer and create's.
func (fl *flow) round(t *testing.T, session []*events.CognitoEventUserPoolsChallengeResult) (events.CognitoEventUserPoolsDefineAuthChallengeResponse, events.CognitoEventUserPoolsCreateAuthChallengeResponse) {
	t.Helper()
	var define events.CognitoEventUserPoolsDefineAuthChallenge
	in := events.CognitoEventUserPoolsDefineAuthChallenge{CognitoEventUserPoolsHeader: header("DefineAuthChallenge_Authentication")}
	in.Request.UserAttributes, in.Request.Session = attributes, session
	if err := call(t, fl.define, in, &define); err != nil {
		t.Fatalf("define: %v", err)
	}
	var create events.CognitoEventUserPoolsCreateAuthChallenge
	if define.Response.ChallengeName == "CUSTOM_CHALLENGE" {
		in := events.CognitoEventUserPoolsCreateAuthChallenge{CognitoEventUserPoolsHeader: header("CreateAuthChallenge_Authentication")}
		in.Request.UserAttributes, in.Request.Session, in.Request.ChallengeName = attributes, session, "CUSTOM_CHALLENGE"
		if err := call(t, fl.create, in, &create); err != nil {
			t.Fatalf("create: %v", err)
		}
	}
	return define.Response, create.Response
}

// answer runs verify and returns the session entry Cognito would record.
func (fl *flow) answer(t *testing.T, created events.CognitoEventUserPoolsCreateAuthChallengeResponse, code string) *events.CognitoEventUserPoolsChallengeResult {
	t.Helper()
	in := events.CognitoEventUserPoolsVerifyAuthChallenge{CognitoEventUserPoolsHeader: header("VerifyAuthChallengeResponse_Authentication")}
	in.Request.UserAttributes, in.Request.PrivateChallengeParameters, in.Request.ChallengeAnswer = attributes, created.PrivateChallengeParameters, code
	var out events.CognitoEventUserPoolsVerifyAuthChallenge
	if err := call(t, fl.verify, in, &out); err != nil {
		t.Fatalf("verify: %v", err)
	}
	return &events.CognitoEventUserPoolsChallengeResult{ChallengeName: "CUSTOM_CHALLENGE", ChallengeResult: out.Response.AnswerCorrect, ChallengeMetadata: created.ChallengeMetadata}
}

var codePattern = regexp.MustCompile(`[0-9]{6}`)

// TestSignInThroughSNS runs a whole sign-in with a wrong answer first: the
// code goes through the real SNS client to moto_server, is read back from
// moto's record, and verified. No log line holds the code or the key.
func TestSignInThroughSNS(t *testing.T) {
	moto, err := motoserver.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(moto.Close)
	fl := startFlow(t, moto.Env())

	define, created := fl.round(t, nil)
	if define.ChallengeName != "CUSTOM_CHALLENGE" || created.PublicChallengeParameters["destination"] != "+1******0123" {
		t.Fatalf("first round: define %+v, create %+v", define, created)
	}
	sent, err := moto.SentSMS(context.Background())
	if err != nil || len(sent) != 1 || sent[0].PhoneNumber != number {
		t.Fatalf("moto recorded %v, %v; want one SMS to %s", sent, err, number)
	}
	code := codePattern.FindString(sent[0].Message)
	wrongCode := "000000"
	if code == wrongCode {
		wrongCode = "000001"
	}

	session := []*events.CognitoEventUserPoolsChallengeResult{fl.answer(t, created, wrongCode)}
	define, again := fl.round(t, session)
	if session[0].ChallengeResult || define.ChallengeName != "CUSTOM_CHALLENGE" || again.ChallengeMetadata != created.ChallengeMetadata || again.PublicChallengeParameters["attemptsLeft"] != "2" {
		t.Fatalf("after a wrong answer: define %+v, create %+v", define, again)
	}
	if sent, _ := moto.SentSMS(context.Background()); len(sent) != 1 {
		t.Fatalf("%d SMS after a wrong answer, want still 1", len(sent))
	}

	session = append(session, fl.answer(t, again, code))
	define, _ = fl.round(t, session)
	if !define.IssueTokens || define.FailAuthentication {
		t.Fatalf("after the right code: %+v, want tokens", define)
	}

	lines := fl.stoppedLogs()
	if len(lines) < 7 {
		t.Fatalf("only %d log lines: %q", len(lines), lines)
	}
	for _, line := range lines {
		var record map[string]any
		if err := json.Unmarshal([]byte(line), &record); err != nil {
			t.Errorf("log line is not JSON: %q", line)
		}
		for _, secret := range []string{code, sampleKey, number} {
			if strings.Contains(line, secret) {
				t.Errorf("log line holds a secret or a full number: %q", line)
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
			fl := startFlow(t, []string{"AWS_ENDPOINT_URL_SNS=http://" + endpoint, "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing"})
			in := events.CognitoEventUserPoolsCreateAuthChallenge{CognitoEventUserPoolsHeader: header("CreateAuthChallenge_Authentication")}
			in.Request.UserAttributes, in.Request.ChallengeName = attributes, "CUSTOM_CHALLENGE"
			began := time.Now()
			err := call(t, fl.create, in, &events.CognitoEventUserPoolsCreateAuthChallenge{})
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
