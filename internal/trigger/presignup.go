package trigger

import (
	"context"
	"errors"
	"log/slog"
	"slices"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/emailaddr"
	"github.com/cognito-passwordless/passwordless-go/internal/phone"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

// Errors of pre sign-up. Cognito shows their messages to the client.
var (
	// ErrInvalidPhone is returned for a sign-up whose phone number is not
	// valid.
	ErrInvalidPhone = errors.New("phone_number must be an E.164 number such as +14155550123")
	// ErrInvalidEmail is returned for a sign-up whose email address is not
	// valid.
	ErrInvalidEmail = errors.New("email must be an address such as jane@example.com")
	// ErrNoAddress is returned for a sign-up with no address for any of
	// the pool's channels.
	ErrNoAddress = errors.New("a phone_number or an email is required to send sign-in codes to")
	// ErrTwoAddresses is returned, in a pool with both channels, for a
	// sign-up with both a phone number and an email address.
	ErrTwoAddresses = errors.New("sign up with a phone_number or an email, not both")
)

// adminCreateUser is the trigger source of a user the pool's owner makes
// (AdminCreateUser), who may give both addresses, having checked them.
const adminCreateUser = "PreSignUp_AdminCreateUser"

// PreSignUp confirms new users who have an address for one of the pool's
// channels, valid and allowed, so that the address is all they need.
type PreSignUp struct {
	Config config.PreSignUp
	Log    *slog.Logger
}

// Handle auto-confirms the user, or refuses the sign-up. The sign-up must
// give exactly one address of a channel the pool uses, valid and in an
// allowed country or domain: that address is the account's username, and
// the account's first sign-in proves it, since its code goes there and
// nowhere else.
//
// Handle verifies nothing: nobody has proven an address at sign-up, and
// whoever signs up can type anyone's. So phone_number_verified and
// email_verified stay false until the user verifies the address with
// Cognito (VerifyUserAttribute). With two addresses, one typed by the
// person signing up and one of somebody else's, the account would squat
// the other person's address: they could not sign up with it, and signing
// in with it would land them in an account that its creator also enters
// by the first address. In a pool with both channels a self sign-up
// therefore gives one address; the other is added later, proven. The
// pool's owner (AdminCreateUser) may give both: the owner vouches for
// them, and sets their *_verified flags.
func (h PreSignUp) Handle(ctx context.Context, ev events.CognitoEventUserPoolsPreSignup) (events.CognitoEventUserPoolsPreSignup, error) {
	log := h.Log.With("trigger", ev.TriggerSource)
	number, address := ev.Request.UserAttributes["phone_number"], ev.Request.UserAttributes["email"]
	channels := h.Config.Channels
	if len(channels) == 0 {
		channels = []session.Channel{session.ChannelSMS}
	}
	sms, mail := slices.Contains(channels, session.ChannelSMS), slices.Contains(channels, session.ChannelEmail)
	switch {
	case sms && number != "" && !phone.Valid(number):
		log.InfoContext(ctx, "sign-up refused", "reason", "invalid phone_number")
		return ev, ErrInvalidPhone
	case sms && number != "" && !h.Config.AllowedCountries.Allows(number):
		log.InfoContext(ctx, "sign-up refused", "reason", "country not allowed", "phone", phone.Mask(number))
		return ev, ErrCountryNotAllowed
	case mail && address != "" && !emailaddr.Valid(address):
		log.InfoContext(ctx, "sign-up refused", "reason", "invalid email")
		return ev, ErrInvalidEmail
	case mail && address != "" && !h.Config.AllowedEmailDomains.Allows(address):
		log.InfoContext(ctx, "sign-up refused", "reason", "email domain not allowed", "email", emailaddr.Mask(address))
		return ev, ErrEmailDomainNotAllowed
	case sms && number != "" && mail && address != "" && ev.TriggerSource != adminCreateUser:
		log.InfoContext(ctx, "sign-up refused", "reason", "both a phone_number and an email")
		return ev, ErrTwoAddresses
	case !(sms && number != "" || mail && address != ""):
		log.InfoContext(ctx, "sign-up refused", "reason", "no address for the pool's channels")
		if !mail {
			return ev, ErrInvalidPhone
		}
		return ev, ErrNoAddress
	}
	ev.Response = events.CognitoEventUserPoolsPreSignupResponse{AutoConfirmUser: true}
	if sms && number != "" {
		log.InfoContext(ctx, "sign-up confirmed", "phone", phone.Mask(number))
	} else {
		log.InfoContext(ctx, "sign-up confirmed", "email", emailaddr.Mask(address))
	}
	return ev, nil
}
