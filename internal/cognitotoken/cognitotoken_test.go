package cognitotoken

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/cognito-passwordless/passwordless-go/internal/awserr"
)

// token is an access token as the tests send it.
const token = "eyJraWQiOiJ0ZXN0In0.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"

// fakePool answers GetUser as Cognito's JSON protocol does, with
// answer(call number) as status and body, and counts the calls.
type fakePool struct {
	calls atomic.Int32
	srv   *httptest.Server
}

func newFakePool(t *testing.T, answer func(n int, r *http.Request) (int, string)) *fakePool {
	t.Helper()
	p := &fakePool{}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(p.calls.Add(1))
		if got := r.Header.Get("X-Amz-Target"); got != "AWSCognitoIdentityProviderService.GetUser" {
			t.Errorf("call %s, want GetUser", got)
		}
		// GetUser is authorized by the token alone: nothing is signed.
		if r.Header.Get("Authorization") != "" {
			t.Errorf("GetUser signed with the function's credentials: %s", r.Header.Get("Authorization"))
		}
		var in struct{ AccessToken string }
		raw, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(raw, &in); err != nil || in.AccessToken != token {
			t.Errorf("GetUser body %s, want the token", raw)
		}
		status, body := answer(n, r)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(p.srv.Close)
	return p
}

// checker is a Checker as the function makes it, aimed at p.
func (p *fakePool) checker() *Checker {
	return NewFromConfig(aws.Config{
		Region: "eu-west-1", BaseEndpoint: aws.String(p.srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
	})
}

// apiError is Cognito's answer of an error of code.
func apiError(code, message string) string {
	return `{"__type":"` + code + `","message":"` + message + `"}`
}

const aliceUser = `{"Username":"alice-username","UserAttributes":[{"Name":"email","Value":"alice@example.com"},{"Name":"sub","Value":"4f1c2b9e-7d3a-4c55-9a0e-1b2c3d4e5f60"}]}`

func TestCheckGivesTheOwner(t *testing.T) {
	p := newFakePool(t, func(int, *http.Request) (int, string) { return 200, aliceUser })
	owner, err := p.checker().Check(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	if owner != (Owner{Username: "alice-username", Sub: "4f1c2b9e-7d3a-4c55-9a0e-1b2c3d4e5f60"}) {
		t.Errorf("owner %+v", owner)
	}
	if n := p.calls.Load(); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

// TestCheckRefusals: what Cognito says of a token or its user is a
// refusal, at once, never retried; the error names the code and not the
// token.
func TestCheckRefusals(t *testing.T) {
	for _, code := range []string{"NotAuthorizedException", "UserNotFoundException", "UserNotConfirmedException",
		"PasswordResetRequiredException", "InvalidParameterException"} {
		t.Run(code, func(t *testing.T) {
			p := newFakePool(t, func(int, *http.Request) (int, string) { return 400, apiError(code, "Access Token has been revoked") })
			_, err := p.checker().Check(context.Background(), token)
			if !errors.Is(err, ErrRefused) || awserr.Reason(err) != code {
				t.Errorf("got %v (reason %s), want a refusal of %s", err, awserr.Reason(err), code)
			}
			if strings.Contains(err.Error(), token) {
				t.Errorf("the error quotes the token: %v", err)
			}
			if n := p.calls.Load(); n != 1 {
				t.Errorf("%d calls, want 1: a refusal is not retried", n)
			}
		})
	}
}

// TestCheckRetries: Cognito's failures are retried, up to MaxAttempts;
// one that lasts is an error that is no refusal.
func TestCheckRetries(t *testing.T) {
	for _, tt := range []struct {
		name   string
		status int
		body   string
	}{
		{"internal error", 500, apiError("InternalErrorException", "oops")},
		{"throttled", 400, apiError("TooManyRequestsException", "slow down")},
		{"not JSON", 503, "<html>Service Unavailable</html>"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := newFakePool(t, func(int, *http.Request) (int, string) { return tt.status, tt.body })
			_, err := p.checker().Check(context.Background(), token)
			if err == nil || errors.Is(err, ErrRefused) {
				t.Errorf("got %v, want a failure that is no refusal", err)
			}
			if n := p.calls.Load(); n != MaxAttempts {
				t.Errorf("%d calls, want %d", n, MaxAttempts)
			}
			// Then it recovers.
			q := newFakePool(t, func(n int, _ *http.Request) (int, string) {
				if n == 1 {
					return tt.status, tt.body
				}
				return 200, aliceUser
			})
			if owner, err := q.checker().Check(context.Background(), token); err != nil || owner.Username != "alice-username" {
				t.Errorf("after one failure: %+v, %v; want the owner", owner, err)
			}
		})
	}
}

// TestCheckIsBounded: a user pool that does not answer costs the request
// the checker's timeout, not the function's.
func TestCheckIsBounded(t *testing.T) {
	release := make(chan struct{})
	p := newFakePool(t, func(int, *http.Request) (int, string) { <-release; return 200, aliceUser })
	defer close(release)
	c := p.checker()
	c.timeout = 300 * time.Millisecond
	begin := time.Now()
	_, err := c.Check(context.Background(), token)
	if took := time.Since(begin); took > 2*time.Second {
		t.Errorf("took %v, want about %v", took, c.timeout)
	}
	if err == nil || errors.Is(err, ErrRefused) || awserr.Reason(err) != "timeout" {
		t.Errorf("got %v (reason %s), want a timeout", err, awserr.Reason(err))
	}
	if New(nil).timeout != Timeout || Timeout > 3*time.Second {
		t.Errorf("the default timeout is %v", Timeout)
	}
}

func TestCheckWithoutToken(t *testing.T) {
	p := newFakePool(t, func(int, *http.Request) (int, string) { return 200, aliceUser })
	if _, err := p.checker().Check(context.Background(), ""); !errors.Is(err, ErrRefused) {
		t.Errorf("no token: %v, want a refusal", err)
	}
	if n := p.calls.Load(); n != 0 {
		t.Errorf("%d calls for no token", n)
	}
}
