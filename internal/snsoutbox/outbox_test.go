package snsoutbox_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
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
