package localpool

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/cognito-passwordless/passwordless-go/internal/build"
	"github.com/cognito-passwordless/passwordless-go/internal/sesoutbox"
	"github.com/cognito-passwordless/passwordless-go/internal/snsoutbox"
)

// binDir holds the four triggers built for the host once by TestMain, in
// the layout of Options.BinDir.
var binDir string

// callTimeout bounds every call a test makes.
const callTimeout = 20 * time.Second

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	dir, remove, err := build.TempHost(ctx, "localpool-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer remove()
	binDir = dir
	return m.Run()
}

// testPool is a local pool started for one test, with an SDK client.
type testPool struct {
	t      testing.TB
	srv    *Server
	client *cip.Client
}

// startPool starts a pool on a free loopback port, with the prebuilt
// triggers unless opts names a bin dir; the test's cleanup stops it.
func startPool(t testing.TB, opts Options) *testPool {
	t.Helper()
	opts.Addr = "127.0.0.1:0"
	if opts.BinDir == "" {
		opts.BinDir = binDir
	}
	if opts.Logs == nil && os.Getenv("LOCALPOOL_TEST_LOGS") != "" {
		opts.Logs = os.Stderr
	}
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	srv, err := Start(ctx, opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return &testPool{t: t, srv: srv, client: newClient(srv.URL())}
}

// newClient is the real aws-sdk-go-v2 Cognito client aimed at endpoint,
// with fake static credentials and no retries, so that every error shows.
func newClient(endpoint string) *cip.Client {
	return cip.New(cip.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
		Retryer:      aws.NopRetryer{},
		HTTPClient:   &http.Client{Timeout: callTimeout},
	})
}

func testContext(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	t.Cleanup(cancel)
	return ctx
}

// phoneCounter makes each test's phone numbers distinct.
var phoneCounter atomic.Int32

// newPhone returns a fresh fictional number (555-01xx are reserved for fiction).
func newPhone() string {
	return fmt.Sprintf("+1555555%04d", phoneCounter.Add(1))
}

func (p *testPool) signUp(number string) string {
	p.t.Helper()
	out, err := p.client.SignUp(testContext(p.t), &cip.SignUpInput{
		ClientId: aws.String(p.srv.ClientID()), Username: aws.String(number), Password: aws.String("Unused-Passw0rd!"),
	})
	if err != nil {
		p.t.Fatalf("SignUp %s: %v", number, err)
	}
	if !out.UserConfirmed || !uuidPattern.MatchString(aws.ToString(out.UserSub)) {
		p.t.Fatalf("SignUp: UserConfirmed %v, UserSub %q", out.UserConfirmed, aws.ToString(out.UserSub))
	}
	return aws.ToString(out.UserSub)
}

func (p *testPool) initiate(name string) (*cip.InitiateAuthOutput, error) {
	return p.client.InitiateAuth(testContext(p.t), &cip.InitiateAuthInput{
		ClientId: aws.String(p.srv.ClientID()), AuthFlow: types.AuthFlowTypeCustomAuth,
		AuthParameters: map[string]string{"USERNAME": name},
	})
}

// mustInitiate starts a sign-in and checks it asks for the code.
func (p *testPool) mustInitiate(name string) *cip.InitiateAuthOutput {
	p.t.Helper()
	out, err := p.initiate(name)
	if err != nil {
		p.t.Fatalf("InitiateAuth %s: %v", name, err)
	}
	if out.ChallengeName != types.ChallengeNameTypeCustomChallenge || aws.ToString(out.Session) == "" {
		p.t.Fatalf("InitiateAuth: challenge %q, session %q", out.ChallengeName, aws.ToString(out.Session))
	}
	return out
}

// respond answers the challenge of a previous InitiateAuth or
// RespondToAuthChallenge output.
func (p *testPool) respond(session *string, params map[string]string, answer string) (*cip.RespondToAuthChallengeOutput, error) {
	return p.client.RespondToAuthChallenge(testContext(p.t), &cip.RespondToAuthChallengeInput{
		ClientId: aws.String(p.srv.ClientID()), ChallengeName: types.ChallengeNameTypeCustomChallenge, Session: session,
		ChallengeResponses: map[string]string{"USERNAME": params["USERNAME"], "ANSWER": answer},
	})
}

// signIn signs number in with the code from the outbox.
func (p *testPool) signIn(number string) *types.AuthenticationResultType {
	p.t.Helper()
	return p.signInAs(number, number)
}

// signInAs signs in with name as USERNAME, a phone number or a username,
// and the code sent to number.
func (p *testPool) signInAs(name, number string) *types.AuthenticationResultType {
	p.t.Helper()
	challenge := p.mustInitiate(name)
	out, err := p.respond(challenge.Session, challenge.ChallengeParameters, p.lastCode(number))
	if err != nil {
		p.t.Fatalf("RespondToAuthChallenge: %v", err)
	}
	if out.AuthenticationResult == nil {
		p.t.Fatalf("RespondToAuthChallenge gave no tokens: %+v", out)
	}
	return out.AuthenticationResult
}

// respondWith answers the challenge with ClientMetadata, such as a resend
// request.
func (p *testPool) respondWith(session *string, params map[string]string, answer string, metadata map[string]string) (*cip.RespondToAuthChallengeOutput, error) {
	return p.client.RespondToAuthChallenge(testContext(p.t), &cip.RespondToAuthChallengeInput{
		ClientId: aws.String(p.srv.ClientID()), ChallengeName: types.ChallengeNameTypeCustomChallenge, Session: session,
		ChallengeResponses: map[string]string{"USERNAME": params["USERNAME"], "ANSWER": answer},
		ClientMetadata:     metadata,
	})
}

// resend asks for a new code, by channel when it is not empty, and
// requires the new challenge.
func (p *testPool) resend(session *string, params map[string]string, channel string) *cip.RespondToAuthChallengeOutput {
	p.t.Helper()
	out, err := p.respondWith(session, params, "resend", resendMetadata(channel))
	if err != nil {
		p.t.Fatalf("resend (channel %q): %v", channel, err)
	}
	if out.ChallengeName != types.ChallengeNameTypeCustomChallenge || out.AuthenticationResult != nil {
		p.t.Fatalf("resend gave %+v, want a new challenge", out)
	}
	return out
}

// resendMetadata is the ClientMetadata that asks for a new code, by
// channel when it is not empty.
func resendMetadata(channel string) map[string]string {
	m := map[string]string{"resend": "true"}
	if channel != "" {
		m["channel"] = channel
	}
	return m
}

// emailCounter makes each test's email addresses distinct.
var emailCounter atomic.Int32

// newEmail returns a fresh address of a domain reserved for examples.
func newEmail() string {
	return fmt.Sprintf("user%04d@example.com", emailCounter.Add(1))
}

// signUpWith signs name up with extra attributes, such as an email
// address next to a phone number, and returns the user's sub.
func (p *testPool) signUpWith(name string, attrs map[string]string) string {
	p.t.Helper()
	var list []types.AttributeType
	for k, v := range attrs {
		list = append(list, types.AttributeType{Name: aws.String(k), Value: aws.String(v)})
	}
	out, err := p.client.SignUp(testContext(p.t), &cip.SignUpInput{
		ClientId: aws.String(p.srv.ClientID()), Username: aws.String(name), Password: aws.String("Unused-Passw0rd!"), UserAttributes: list,
	})
	if err != nil {
		p.t.Fatalf("SignUp %s: %v", name, err)
	}
	if !out.UserConfirmed || !uuidPattern.MatchString(aws.ToString(out.UserSub)) {
		p.t.Fatalf("SignUp: UserConfirmed %v, UserSub %q", out.UserConfirmed, aws.ToString(out.UserSub))
	}
	return aws.ToString(out.UserSub)
}

// lastEmailCode returns the code of the newest email to address.
func (p *testPool) lastEmailCode(address string) string {
	p.t.Helper()
	return codeOf(p.t, lastEmailTo(p.srv.EmailOutbox(), address))
}

func lastEmailTo(messages []sesoutbox.Message, address string) string {
	for i := len(messages) - 1; i >= 0; i-- {
		if messages[i].To == address {
			return messages[i].Body
		}
	}
	return ""
}

// emailTo counts the email outbox's messages to address.
func (p *testPool) emailTo(address string) int {
	n := 0
	for _, m := range p.srv.EmailOutbox() {
		if m.To == address {
			n++
		}
	}
	return n
}

// codePattern finds the code in the default SMS_MESSAGE and EMAIL_MESSAGE.
var codePattern = regexp.MustCompile(`\b[0-9]{6}\b`)

// lastCode returns the code of the newest SMS to number.
func (p *testPool) lastCode(number string) string {
	p.t.Helper()
	return codeOf(p.t, lastTo(p.srv.Outbox(), number))
}

func lastTo(messages []snsoutbox.Message, number string) string {
	for i := len(messages) - 1; i >= 0; i-- {
		if messages[i].PhoneNumber == number {
			return messages[i].Text
		}
	}
	return ""
}

func codeOf(t testing.TB, text string) string {
	t.Helper()
	code := codePattern.FindString(text)
	if code == "" {
		t.Fatalf("no code in the message %q", text)
	}
	return code
}

// wrongCode returns a code of the right shape that is not code.
func wrongCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

// smsTo counts the outbox's messages to number.
func (p *testPool) smsTo(number string) int {
	n := 0
	for _, m := range p.srv.Outbox() {
		if m.PhoneNumber == number {
			n++
		}
	}
	return n
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// requireAPIError checks that err is the Cognito exception code, with a
// message that contains message.
func requireAPIError(t testing.TB, err error, code, message string) {
	t.Helper()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("want %s (%q), got %v", code, message, err)
	}
	if apiErr.ErrorCode() != code || !strings.Contains(apiErr.ErrorMessage(), message) {
		t.Fatalf("want %s (%q), got %s (%q)", code, message, apiErr.ErrorCode(), apiErr.ErrorMessage())
	}
}
