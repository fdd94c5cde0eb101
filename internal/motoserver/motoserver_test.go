package motoserver

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
)

// TestSerializeDynamoDB: DynamoDB calls reach the backend one at a time,
// other calls side by side.
func TestSerializeDynamoDB(t *testing.T) {
	var inFlight, most atomic.Int32
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
	}))
	defer backend.Close()
	proxy := httptest.NewServer(serializeDynamoDB(backend.URL))
	defer proxy.Close()

	for _, tc := range []struct {
		target string
		want   func(int32) bool
	}{
		{"DynamoDB_20120810.UpdateItem", func(n int32) bool { return n == 1 }},
		{"", func(n int32) bool { return n > 1 }},
	} {
		most.Store(0)
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				req, _ := http.NewRequest(http.MethodPost, proxy.URL, nil)
				req.Header.Set("X-Amz-Target", tc.target)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
			})
		}
		wg.Wait()
		if n := most.Load(); !tc.want(n) {
			t.Errorf("X-Amz-Target %q: at most %d requests at once at the backend", tc.target, n)
		}
	}
}

// TestStart starts moto_server and points SNS, SES v2 and DynamoDB at it.
func TestStart(t *testing.T) {
	s, err := Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sent, err := s.SentSMS(context.Background())
	if err != nil || len(sent) != 0 {
		t.Errorf("SentSMS: %v, %v; want none", sent, err)
	}
	emails, err := s.SentEmail(context.Background())
	if err != nil || len(emails) != 0 {
		t.Errorf("SentEmail: %v, %v; want none", emails, err)
	}
	env := s.Env()
	for _, want := range []string{"AWS_ENDPOINT_URL_SNS=" + s.URL, "AWS_ENDPOINT_URL_SESV2=" + s.URL, "AWS_ENDPOINT_URL_DYNAMODB=" + s.URL, "AWS_REGION=us-east-1"} {
		if !slices.Contains(env, want) {
			t.Errorf("Env() = %q, want %s in it", env, want)
		}
	}
}

// TestCreateEmailIdentity: after CreateEmailIdentity (twice, the second a
// no-op), SES v2 SendEmail through Config's client is recorded and read
// back by SentEmail.
func TestCreateEmailIdentity(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const from, to = "codes@example.com", "jane.doe@example.org"
	for range 2 {
		if err := s.CreateEmailIdentity(ctx, from); err != nil {
			t.Fatal(err)
		}
	}
	_, err = sesv2.NewFromConfig(s.Config()).SendEmail(ctx, &sesv2.SendEmailInput{
		FromEmailAddress: aws.String(from),
		Destination:      &types.Destination{ToAddresses: []string{to}},
		Content: &types.EmailContent{Simple: &types.Message{
			Subject: &types.Content{Data: aws.String("subject")},
			Body:    &types.Body{Text: &types.Content{Data: aws.String("body")}},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	sent, err := s.SentEmail(ctx)
	if err != nil || len(sent) != 1 || sent[0].From != from || !slices.Equal(sent[0].Destination.To, []string{to}) || sent[0].Subject != "subject" || sent[0].Body != "body" {
		t.Fatalf("SentEmail: %+v, %v; want the one email sent", sent, err)
	}
}
