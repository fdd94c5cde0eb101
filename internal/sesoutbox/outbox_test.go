package sesoutbox_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
	"github.com/aws/smithy-go"

	"github.com/cognito-passwordless/passwordless-go/internal/sesoutbox"
)

// client is the real SES v2 client, pointed at the outbox.
func client(o *sesoutbox.Outbox) *sesv2.Client {
	return sesv2.New(sesv2.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(o.URL()),
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
		Retryer:      aws.NopRetryer{},
	})
}

func start(t *testing.T, out *bytes.Buffer) *sesoutbox.Outbox {
	o, err := sesoutbox.Start(out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { o.Close() })
	return o
}

// plain is a SendEmail as the create trigger sends it (package email).
func plain(to, subject, body string) *sesv2.SendEmailInput {
	return &sesv2.SendEmailInput{
		FromEmailAddress: aws.String("no-reply@passwordless.local"),
		Destination:      &types.Destination{ToAddresses: []string{to}},
		Content: &types.EmailContent{Simple: &types.Message{
			Subject: &types.Content{Data: aws.String(subject), Charset: aws.String("UTF-8")},
			Body:    &types.Body{Text: &types.Content{Data: aws.String(body), Charset: aws.String("UTF-8")}},
		}},
	}
}

func TestSendEmailIsKeptAndPrinted(t *testing.T) {
	var out bytes.Buffer
	o := start(t, &out)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	body := "Your sign-in code is 042917\n\nIf you did not try to sign in, ignore this email."
	res, err := client(o).SendEmail(ctx, plain("jane.doe@example.com", "Your sign-in code", body))
	if err != nil || aws.ToString(res.MessageId) == "" {
		t.Fatalf("SendEmail: %+v, %v", res, err)
	}
	got := o.Messages()
	if len(got) != 1 || got[0].To != "jane.doe@example.com" || got[0].From != "no-reply@passwordless.local" ||
		got[0].Subject != "Your sign-in code" || got[0].Body != body || got[0].SentAt.IsZero() {
		t.Fatalf("kept %+v", got)
	}
	want := "Email to jane.doe@example.com, subject \"Your sign-in code\":\n  Your sign-in code is 042917\n\n  If you did not try to sign in, ignore this email.\n"
	if out.String() != want {
		t.Fatalf("printed %q, want %q", out.String(), want)
	}
}

// TestRefusesWhatTheOutboxCannotShow checks that a trigger that is
// misconfigured fails here with SES's error shape.
func TestRefusesWhatTheOutboxCannotShow(t *testing.T) {
	var out bytes.Buffer
	o := start(t, &out)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	noFrom := plain("a@example.com", "s", "b")
	noFrom.FromEmailAddress = nil
	two := plain("a@example.com", "s", "b")
	two.Destination.ToAddresses = append(two.Destination.ToAddresses, "b@example.com")
	cc := plain("a@example.com", "s", "b")
	cc.Destination.CcAddresses = []string{"c@example.com"}
	raw := &sesv2.SendEmailInput{FromEmailAddress: aws.String("x@example.com"), Destination: &types.Destination{ToAddresses: []string{"a@example.com"}},
		Content: &types.EmailContent{Raw: &types.RawMessage{Data: []byte("Subject: x\r\n\r\nbody")}}}
	noBody := plain("a@example.com", "s", "")
	for name, in := range map[string]*sesv2.SendEmailInput{
		"no sender": noFrom, "two recipients": two, "a copy": cc, "raw content": raw, "no body": noBody,
	} {
		_, err := client(o).SendEmail(ctx, in)
		var apiErr smithy.APIError
		if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "BadRequestException" {
			t.Errorf("%s: error %v, want BadRequestException", name, err)
		}
	}
	if _, err := client(o).ListEmailIdentities(ctx, &sesv2.ListEmailIdentitiesInput{}); err == nil {
		t.Error("ListEmailIdentities answered: the outbox serves SendEmail only")
	}
	resp, err := http.Post(o.URL()+"/v2/email/outbound-emails", "application/json", strings.NewReader("not json"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("x-amzn-ErrorType") != "BadRequestException" {
		t.Errorf("a body that is not JSON: %s %q", resp.Status, resp.Header.Get("x-amzn-ErrorType"))
	}
	if len(o.Messages()) != 0 || out.Len() != 0 {
		t.Errorf("refused requests were kept: %v %q", o.Messages(), out.String())
	}
}

// TestRefusesAnotherHost is DNS rebinding: a page whose name now resolves
// to 127.0.0.1 sends the outbox a SendEmail, naming its own host in Host.
// It gets 421 and nothing is kept or printed; the same request to
// 127.0.0.1 is served.
func TestRefusesAnotherHost(t *testing.T) {
	var out bytes.Buffer
	o := start(t, &out)
	port := o.URL()[strings.LastIndex(o.URL(), ":")+1:]
	body := `{"FromEmailAddress": "no-reply@passwordless.local", "Destination": {"ToAddresses": ["jane.doe@example.com"]},
		"Content": {"Simple": {"Subject": {"Data": "Your sign-in code"}, "Body": {"Text": {"Data": "Your sign-in code is 042917"}}}}}`
	for _, c := range []struct {
		host   string
		status int
		kept   int
	}{
		{"rebind.attacker.example:" + port, http.StatusMisdirectedRequest, 0},
		{"127.0.0.1.rebind.attacker.example", http.StatusMisdirectedRequest, 0},
		{"127.0.0.1:" + port, http.StatusOK, 1},
	} {
		req, err := http.NewRequest(http.MethodPost, o.URL()+"/v2/email/outbound-emails", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Host = c.host
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.status || len(o.Messages()) != c.kept {
			t.Errorf("Host %s: %s, %d kept; want %d, %d kept", c.host, resp.Status, len(o.Messages()), c.status, c.kept)
		}
	}
	if strings.Count(out.String(), "Email to") != 1 {
		t.Errorf("printed %q, want the one served", out.String())
	}
}
