package trigger_test

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

func TestPreSignUp(t *testing.T) {
	tests := []struct {
		name       string
		attributes map[string]string
		confirm    bool
	}{
		{"valid phone", map[string]string{"phone_number": "+15555550123"}, true},
		{"valid phone and an email", map[string]string{"phone_number": "+15555550123", "email": "a@example.com"}, true},
		{"no attributes", nil, false},
		{"email only", map[string]string{"email": "a@example.com"}, false},
		{"national format", map[string]string{"phone_number": "(555) 555-0123"}, false},
		{"empty phone", map[string]string{"phone_number": ""}, false},
	}
	h := newHandlers(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := events.CognitoEventUserPoolsPreSignup{}
			ev.Request.UserAttributes = tt.attributes
			out, err := h.preSignUp.Handle(context.Background(), ev)
			if tt.confirm {
				if err != nil || !out.Response.AutoConfirmUser || !out.Response.AutoVerifyPhone || out.Response.AutoVerifyEmail {
					t.Fatalf("got %+v, %v; want confirmed, phone verified, email not verified", out.Response, err)
				}
				return
			}
			if !errors.Is(err, trigger.ErrInvalidPhone) || out.Response.AutoConfirmUser || out.Response.AutoVerifyPhone {
				t.Fatalf("got %+v, %v; want ErrInvalidPhone and nothing confirmed", out.Response, err)
			}
		})
	}
}

func BenchmarkPreSignUp(b *testing.B) {
	h := newHandlersLoggingTo(b, io.Discard)
	ev := events.CognitoEventUserPoolsPreSignup{}
	ev.Request.UserAttributes = map[string]string{"phone_number": "+15555550123"}
	b.ReportAllocs()
	for b.Loop() {
		h.preSignUp.Handle(context.Background(), ev)
	}
}
