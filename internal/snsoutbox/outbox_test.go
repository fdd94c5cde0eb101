package snsoutbox_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/smithy-go"

	"github.com/cognito-passwordless/passwordless-go/internal/snsoutbox"
)

// client is the real SNS client, pointed at the outbox.
func client(o *snsoutbox.Outbox) *sns.Client {
	return sns.New(sns.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(o.URL()),
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
	})
}

func start(t *testing.T, out *bytes.Buffer) *snsoutbox.Outbox {
	o, err := snsoutbox.Start(out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { o.Close() })
	return o
}

func TestPublishToPhoneNumberIsKeptAndPrinted(t *testing.T) {
	var out bytes.Buffer
	o := start(t, &out)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := client(o).Publish(ctx, &sns.PublishInput{PhoneNumber: aws.String("+15555550123"), Message: aws.String("Your sign-in code is 042917")})
	if err != nil || aws.ToString(res.MessageId) == "" {
		t.Fatalf("Publish: %+v, %v", res, err)
	}
	got := o.Messages()
	if len(got) != 1 || got[0].PhoneNumber != "+15555550123" || got[0].Text != "Your sign-in code is 042917" || got[0].SentAt.IsZero() {
		t.Fatalf("kept %+v", got)
	}
	if out.String() != "SMS to +15555550123: Your sign-in code is 042917\n" {
		t.Fatalf("printed %q", out.String())
	}
}

// TestRefusesWhatSNSWouldNotSendAsSMS checks that a trigger that is
// misconfigured fails here as it would on AWS, with SNS's error shape.
func TestRefusesWhatSNSWouldNotSendAsSMS(t *testing.T) {
	var out bytes.Buffer
	o := start(t, &out)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for name, in := range map[string]*sns.PublishInput{
		"to a topic":    {TopicArn: aws.String("arn:aws:sns:us-east-1:000000000000:t"), Message: aws.String("x")},
		"empty message": {PhoneNumber: aws.String("+15555550123"), Message: aws.String("")},
	} {
		_, err := client(o).Publish(ctx, in)
		var apiErr smithy.APIError
		if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "InvalidParameter" {
			t.Errorf("%s: error %v, want InvalidParameter", name, err)
		}
	}
	if _, err := client(o).ListTopics(ctx, &sns.ListTopicsInput{}); err == nil {
		t.Error("ListTopics answered: the outbox serves Publish only")
	}
	resp, err := http.Get(o.URL())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("GET: %s, want 400", resp.Status)
	}
	if len(o.Messages()) != 0 || out.Len() != 0 {
		t.Errorf("refused requests were kept: %v %q", o.Messages(), out.String())
	}
}

// TestRefusesAnotherHost is DNS rebinding: a page whose name now resolves
// to 127.0.0.1 posts a Publish to the outbox, naming its own host in Host.
// It gets 421 and nothing is kept or printed; the same request to
// localhost is served.
func TestRefusesAnotherHost(t *testing.T) {
	var out bytes.Buffer
	o := start(t, &out)
	port := o.URL()[strings.LastIndex(o.URL(), ":")+1:]
	form := url.Values{"Action": {"Publish"}, "PhoneNumber": {"+15555550123"}, "Message": {"Your sign-in code is 042917"}}.Encode()
	for _, c := range []struct {
		host   string
		status int
		kept   int
	}{
		{"rebind.attacker.example:" + port, http.StatusMisdirectedRequest, 0},
		{"rebind.attacker.example", http.StatusMisdirectedRequest, 0},
		{"localhost:" + port, http.StatusOK, 1},
	} {
		req, err := http.NewRequest(http.MethodPost, o.URL(), strings.NewReader(form))
		if err != nil {
			t.Fatal(err)
		}
		req.Host = c.host
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.status || len(o.Messages()) != c.kept {
			t.Errorf("Host %s: %s, %d kept; want %d, %d kept", c.host, resp.Status, len(o.Messages()), c.status, c.kept)
		}
	}
	if strings.Count(out.String(), "SMS to") != 1 {
		t.Errorf("printed %q, want the one served", out.String())
	}
}

// TestRefusesBrowsersAndEscapes is the attack of a web page on the
// developer's machine: it posts a simple (form) request, which a browser
// sends cross-site without asking first, to plant a message and terminal
// escape sequences. A request with an Origin is refused and nothing is
// kept; a message the triggers send prints with its control characters
// replaced, so it cannot drive the terminal.
func TestRefusesBrowsersAndEscapes(t *testing.T) {
	var out bytes.Buffer
	o := start(t, &out)
	escapes := "hi\x1b[31mRED\x1b]0;owned\x07"
	form := url.Values{"Action": {"Publish"}, "PhoneNumber": {"+15555550123"}, "Message": {escapes}}.Encode()
	post := func(origin string) int {
		req, err := http.NewRequest(http.MethodPost, o.URL(), strings.NewReader(form))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if status := post("http://evil.example"); status != http.StatusForbidden || len(o.Messages()) != 0 {
		t.Fatalf("a cross-site post: %d, %d kept; want 403 and nothing kept", status, len(o.Messages()))
	}
	if status := post(""); status != http.StatusOK || len(o.Messages()) != 1 {
		t.Fatalf("the trigger's post: %d, %d kept; want 200 and one kept", status, len(o.Messages()))
	}
	if strings.ContainsAny(out.String(), "\x1b\x07") || !strings.Contains(out.String(), "hi\uFFFD[31mRED") {
		t.Errorf("printed %q: want the control characters replaced", out.String())
	}
}
