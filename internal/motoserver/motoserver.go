package motoserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/cognito-passwordless/passwordless-go/internal/email"
)

// ErrNotInstalled says how to get moto_server; tests fail with it, never skip.
var ErrNotInstalled = errors.New(`moto_server not found: pip install "moto[server]"`)

// startTimeout bounds how long moto_server may take to answer: Python
// starts slowly on a busy machine.
const startTimeout = 60 * time.Second

// Server is a running moto_server, behind a proxy that serializes the
// DynamoDB calls.
//
// moto checks a DynamoDB condition and applies the update in two steps with
// no lock between them, so two concurrent conditional updates of one item
// can both pass the condition; DynamoDB applies each atomically. The proxy
// lets one DynamoDB call at a time through, which restores DynamoDB's
// per-item atomicity (and more), so that a test of concurrent conditional
// updates means what it would on DynamoDB. Other services pass concurrently.
type Server struct {
	// URL is the endpoint, such as http://127.0.0.1:5123.
	URL    string
	cmd    *exec.Cmd
	exited chan struct{}
	output bytes.Buffer // moto_server's output, read only after exit
	proxy  *http.Server
}

// SMS is one message SNS Publish sent to a phone number.
type SMS struct {
	PhoneNumber string `json:"phone_number"`
	Message     string `json:"message"`
}

// Email is one message SES SendEmail sent. moto sends only from an
// identity created first with SES v2 CreateEmailIdentity (which moto
// verifies at once); otherwise SendEmail fails with MessageRejected and
// nothing is recorded.
type Email struct {
	ID          string      `json:"id"`
	From        string      `json:"source"`
	Destination Destination `json:"destinations"`
	Subject     string      `json:"subject"`
	// Body is the text body (or the HTML body when there is no text one).
	Body string `json:"body"`
}

// Destination is the recipients of one Email.
type Destination struct {
	To  []string `json:"ToAddresses"`
	Cc  []string `json:"CcAddresses"`
	Bcc []string `json:"BccAddresses"`
}

// Start runs moto_server on a free 127.0.0.1 port, and the proxy in front
// of it on another, and waits until it answers.
func Start(ctx context.Context) (*Server, error) {
	path, err := exec.LookPath("moto_server")
	if err != nil {
		return nil, ErrNotInstalled
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("motoserver: %w", err)
	}
	motoURL := "http://127.0.0.1:" + strconv.Itoa(port)
	s := &Server{URL: "http://" + listener.Addr().String(), exited: make(chan struct{})}
	s.cmd = exec.Command(path, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	s.cmd.Stdout, s.cmd.Stderr = &s.output, &s.output
	if err := s.cmd.Start(); err != nil {
		listener.Close()
		return nil, fmt.Errorf("motoserver: %w", err)
	}
	go func() {
		s.cmd.Wait()
		close(s.exited)
	}()
	s.proxy = &http.Server{Handler: serializeDynamoDB(motoURL), ReadHeaderTimeout: time.Minute}
	go s.proxy.Serve(listener)
	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	for {
		if _, err := s.SentSMS(ctx); err == nil {
			return s, nil
		}
		select {
		case <-s.exited:
			s.proxy.Close()
			return nil, fmt.Errorf("motoserver: moto_server exited: %s", s.output.String())
		case <-ctx.Done():
			s.Close()
			return nil, fmt.Errorf("motoserver: no answer on %s within %v: %s", motoURL, startTimeout, s.output.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// serializeDynamoDB proxies to target, one DynamoDB call at a time.
func serializeDynamoDB(target string) http.Handler {
	u, _ := url.Parse(target)
	proxy := httputil.NewSingleHostReverseProxy(u)
	proxy.ErrorHandler = func(w http.ResponseWriter, _ *http.Request, err error) {
		http.Error(w, "motoserver proxy: "+err.Error(), http.StatusBadGateway)
	}
	var dynamoDB sync.Mutex
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.Header.Get("X-Amz-Target"), "DynamoDB_") {
			dynamoDB.Lock()
			defer dynamoDB.Unlock()
		}
		proxy.ServeHTTP(w, r)
	})
}

// SentSMS returns every SMS recorded so far, oldest first.
func (s *Server) SentSMS(ctx context.Context) ([]SMS, error) {
	var data struct {
		SNS struct {
			SMS []SMS `json:"SMS"`
		} `json:"sns"`
	}
	if err := s.data(ctx, &data); err != nil {
		return nil, err
	}
	return data.SNS.SMS, nil
}

// SentEmail returns every email SES SendEmail recorded so far, oldest
// first: moto keeps them under data.json's "ses" "Message".
func (s *Server) SentEmail(ctx context.Context) ([]Email, error) {
	var data struct {
		SES struct {
			Message []Email `json:"Message"`
		} `json:"ses"`
	}
	if err := s.data(ctx, &data); err != nil {
		return nil, err
	}
	return data.SES.Message, nil
}

// data decodes moto's record of its state, /moto-api/data.json, into v.
func (s *Server) data(ctx context.Context, v any) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/moto-api/data.json", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("motoserver: reading data.json: %w", err)
	}
	return nil
}

// Env returns the environment that points an AWS SDK client's SNS, SES v2,
// DynamoDB and KMS at s, with static fake credentials.
func (s *Server) Env() []string {
	return []string{
		"AWS_ENDPOINT_URL_SNS=" + s.URL, "AWS_ENDPOINT_URL_SESV2=" + s.URL, "AWS_ENDPOINT_URL_DYNAMODB=" + s.URL,
		"AWS_ENDPOINT_URL_KMS=" + s.URL, "AWS_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing",
	}
}

// Config returns an AWS SDK configuration that points every service at s,
// with Env's region and fake credentials, for a test's own calls to moto
// (creating a table or an email identity) without touching the process's
// environment.
func (s *Server) Config() aws.Config {
	return aws.Config{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(s.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("testing", "testing", ""),
	}
}

// CreateEmailIdentity creates the SES identity (an email address or a
// domain) with SES v2 CreateEmailIdentity; moto verifies it at once, so
// that SendEmail from it is recorded rather than rejected with
// MessageRejected. An identity that exists already is left as it is.
func (s *Server) CreateEmailIdentity(ctx context.Context, identity string) error {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	return email.CreateIdentity(ctx, sesv2.NewFromConfig(s.Config()), identity)
}

// Setenv sets Env in this process's environment, for a TestMain whose
// tests all load the standard SDK environment (testing.M has no Setenv).
func (s *Server) Setenv() {
	for _, kv := range s.Env() {
		name, value, _ := strings.Cut(kv, "=")
		os.Setenv(name, value)
	}
}

// RunTests is the body of a TestMain whose tests share one moto_server: it
// starts the server, stores it in *shared, points this process's standard
// AWS SDK environment at it (Setenv), runs the tests, stops the server and
// returns the exit code for os.Exit.
func RunTests(m *testing.M, shared **Server) int {
	s, err := Start(context.Background()) // bounded by Start itself
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer s.Close()
	s.Setenv()
	*shared = s
	return m.Run()
}

// Close stops the proxy and moto_server, and waits for moto_server to exit.
func (s *Server) Close() {
	s.proxy.Close()
	s.cmd.Process.Kill()
	<-s.exited
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
