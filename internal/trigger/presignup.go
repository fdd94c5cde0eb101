package trigger

import (
	"context"
	"errors"
	"log/slog"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/phone"
)

// ErrInvalidPhone is returned for a sign-up without a valid phone number;
// Cognito shows its message to the client.
var ErrInvalidPhone = errors.New("phone_number must be an E.164 number such as +14155550123")

// PreSignUp confirms new users whose phone number is valid, and in an
// allowed country, so that the number is all they need.
type PreSignUp struct {
	Config config.PreSignUp
	Log    *slog.Logger
}

// Handle auto-confirms the user and auto-verifies phone_number, or refuses
// the sign-up. It never auto-verifies an email address.
func (h PreSignUp) Handle(ctx context.Context, ev events.CognitoEventUserPoolsPreSignup) (events.CognitoEventUserPoolsPreSignup, error) {
	number := ev.Request.UserAttributes["phone_number"]
	if !phone.Valid(number) {
		h.Log.InfoContext(ctx, "sign-up refused", "trigger", ev.TriggerSource, "reason", "invalid phone_number")
		return ev, ErrInvalidPhone
	}
	if !h.Config.AllowedCountries.Allows(number) {
		h.Log.InfoContext(ctx, "sign-up refused", "trigger", ev.TriggerSource, "reason", "country not allowed", "phone", phone.Mask(number))
		return ev, ErrCountryNotAllowed
	}
	ev.Response = events.CognitoEventUserPoolsPreSignupResponse{AutoConfirmUser: true, AutoVerifyPhone: true}
	h.Log.InfoContext(ctx, "sign-up confirmed", "trigger", ev.TriggerSource, "phone", phone.Mask(number))
	return ev, nil
}
