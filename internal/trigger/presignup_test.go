package trigger_test

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/emailaddr"
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
				if err != nil || !out.Response.AutoConfirmUser || out.Response.AutoVerifyPhone || out.Response.AutoVerifyEmail {
					t.Fatalf("got %+v, %v; want confirmed, nothing verified", out.Response, err)
				}
				return
			}
			if !errors.Is(err, trigger.ErrInvalidPhone) || out.Response.AutoConfirmUser || out.Response.AutoVerifyPhone {
				t.Fatalf("got %+v, %v; want ErrInvalidPhone and nothing confirmed", out.Response, err)
			}
		})
	}
}

// TestPreSignUpWithEmail: in a pool of both channels a user needs exactly
// one valid address, and nothing is auto-verified.
func TestPreSignUpWithEmail(t *testing.T) {
	tests := []struct {
		name       string
		attributes map[string]string
		want       error
	}{
		{"email only", map[string]string{"email": "jane@example.com"}, nil},
		{"phone only", map[string]string{"phone_number": "+15555550123"}, nil},
		// The squatter's sign-up: their own email and somebody else's number.
		{"both", map[string]string{"phone_number": "+15555550123", "email": "jane@example.com"}, trigger.ErrTwoAddresses},
		{"invalid email", map[string]string{"email": "jane@"}, trigger.ErrInvalidEmail},
		{"invalid email, valid phone", map[string]string{"phone_number": "+15555550123", "email": "jane"}, trigger.ErrInvalidEmail},
		{"invalid phone, valid email", map[string]string{"phone_number": "555-0123", "email": "jane@example.com"}, trigger.ErrInvalidPhone},
		{"domain not allowed", map[string]string{"email": "jane@example.org"}, trigger.ErrEmailDomainNotAllowed},
		{"no address", map[string]string{"name": "Jane"}, trigger.ErrNoAddress},
	}
	h := newHandlersFor(t, bothChannels)
	domains, err := emailaddr.ParseDomainAllowList("example.com")
	if err != nil {
		t.Fatal(err)
	}
	h.preSignUp.Config.AllowedEmailDomains = domains
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := events.CognitoEventUserPoolsPreSignup{}
			ev.Request.UserAttributes = tt.attributes
			out, err := h.preSignUp.Handle(context.Background(), ev)
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			want := events.CognitoEventUserPoolsPreSignupResponse{AutoConfirmUser: err == nil}
			if out.Response != want {
				t.Fatalf("response %+v, want %+v", out.Response, want)
			}
		})
	}
	// The pool's owner may create a user with both addresses.
	owner := events.CognitoEventUserPoolsPreSignup{}
	owner.TriggerSource = "PreSignUp_AdminCreateUser"
	owner.Request.UserAttributes = map[string]string{"phone_number": "+15555550123", "email": "jane@example.com"}
	if out, err := h.preSignUp.Handle(context.Background(), owner); err != nil || !out.Response.AutoConfirmUser || out.Response.AutoVerifyPhone {
		t.Errorf("AdminCreateUser with both addresses: %+v, %v; want confirmed, nothing verified", out.Response, err)
	}
	// An email-only pool accepts no phone-only user.
	h.preSignUp.Config.Channels = channels(t, "email")
	ev := events.CognitoEventUserPoolsPreSignup{}
	ev.Request.UserAttributes = map[string]string{"phone_number": "+15555550123"}
	if _, err := h.preSignUp.Handle(context.Background(), ev); !errors.Is(err, trigger.ErrNoAddress) {
		t.Errorf("phone only in an email pool: %v, want %v", err, trigger.ErrNoAddress)
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
