package trigger

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/limits"
	"github.com/cognito-passwordless/passwordless-go/internal/otp"
	"github.com/cognito-passwordless/passwordless-go/internal/phone"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

// Keys of the challenge parameters that Create returns.
const (
	// privateSealKey holds the seal in privateChallengeParameters, for verify.
	privateSealKey = "seal"
	// PublicDestination is the masked phone number the code went to.
	PublicDestination = "destination"
	// PublicCodeLength is the number of digits to ask for.
	PublicCodeLength = "codeLength"
	// PublicAttemptsLeft is how many answers the user may still give.
	PublicAttemptsLeft = "attemptsLeft"
)

// ErrCodeNotSent is returned when the SMS could not be sent. Cognito shows
// it to the client, so it names no number and no cause.
var ErrCodeNotSent = errors.New("the sign-in code could not be sent, try again later")

// ErrBadSession is returned when the session carries no seal this flow made.
var ErrBadSession = errors.New("the sign-in session is not valid, start again")

// Sender delivers a text message to a phone number. *sms.SNS is one.
type Sender interface {
	Send(ctx context.Context, to, text string) error
}

// Create makes the code, sends it and returns only its seal.
type Create struct {
	Config config.Create
	Sender Sender
	// Limiter applies the abuse limits; nil applies none.
	Limiter *limits.Limiter
	Rand    io.Reader // nil means crypto/rand
	Now     func() time.Time
	Log     *slog.Logger
}

// NewCreate returns the create trigger for cfg, sending with sender,
// limited by limiter (nil for none) and using crypto/rand and the wall clock.
func NewCreate(cfg config.Create, sender Sender, limiter *limits.Limiter, log *slog.Logger) Create {
	return Create{Config: cfg, Sender: sender, Limiter: limiter, Now: time.Now, Log: log}
}

// Handle makes and sends a new code in the first code round and carries the
// same code, unsent, into later code rounds. The code rounds are those
// after the password steps (session.Split), so that in the password flow
// the first code round is the one after PASSWORD_VERIFIER and attemptsLeft
// counts code answers only. For an unknown user it sends nothing and
// answers in the same shape. Every round first checks that the user name
// is not locked out; the first also that the number's country is allowed
// and that the SMS limits allow one more code, counting an unknown user's
// decoy number exactly like a real one, so that no refusal tells them apart.
func (h Create) Handle(ctx context.Context, ev events.CognitoEventUserPoolsCreateAuthChallenge) (events.CognitoEventUserPoolsCreateAuthChallenge, error) {
	req := ev.Request
	_, codes := session.Split(rounds(req.Session))
	round := len(codes) + 1
	destination := req.UserAttributes["phone_number"]
	if req.UserNotFound {
		destination = h.decoyNumber(ev.UserName)
	}
	log := h.Log.With("trigger", ev.TriggerSource, "round", round, "phone", phone.Mask(destination))

	var seal string
	var err error
	if len(codes) == 0 {
		seal, err = h.newCode(ctx, ev, destination, log)
	} else if err = h.checkLockout(ctx, ev, log); err == nil {
		seal, err = previousSeal(codes)
		log.InfoContext(ctx, "code kept", "reason", "retry after a wrong answer", "valid", err == nil)
	}
	if err != nil {
		return ev, err
	}
	ev.Response = events.CognitoEventUserPoolsCreateAuthChallengeResponse{
		PublicChallengeParameters: map[string]string{
			PublicDestination:  phone.Mask(destination),
			PublicCodeLength:   strconv.Itoa(h.Config.CodeLength),
			PublicAttemptsLeft: strconv.Itoa(max(h.Config.MaxAttempts-len(codes), 0)),
		},
		PrivateChallengeParameters: map[string]string{privateSealKey: seal},
		ChallengeMetadata:          seal,
	}
	return ev, nil
}

// newCode makes a code, sends it unless the user is unknown or a limit
// refuses, and returns its seal.
func (h Create) newCode(ctx context.Context, ev events.CognitoEventUserPoolsCreateAuthChallenge, destination string, log *slog.Logger) (string, error) {
	username, userNotFound := ev.UserName, ev.Request.UserNotFound
	if !userNotFound && !phone.Valid(destination) {
		log.WarnContext(ctx, "code not sent", "reason", "user has no valid phone_number")
		return "", errors.New("the user has no phone number to send a code to")
	}
	if !h.Config.AllowedCountries.Allows(destination) {
		log.InfoContext(ctx, "code not sent", "reason", "country not allowed")
		return "", ErrCountryNotAllowed
	}
	if err := h.allowSMS(ctx, ev, destination, log); err != nil {
		return "", err
	}
	code, err := otp.Generate(otp.GenerateOptions{Length: h.Config.CodeLength, Rand: h.Rand})
	if err != nil {
		return "", err
	}
	// An unknown user's seal is of a code nobody knows, bound to the name tried.
	seal := h.Config.Sealer.Seal(username, code, h.Now().Add(h.Config.CodeTTL)).String()
	if userNotFound {
		log.InfoContext(ctx, "code not sent", "reason", "unknown user")
		return seal, nil
	}
	text := strings.ReplaceAll(h.Config.SMSMessage, config.CodePlaceholder, code)
	if err := h.Sender.Send(ctx, destination, text); err != nil {
		log.ErrorContext(ctx, "code not sent", "reason", "sms failed", "error", failureReason(err))
		return "", ErrCodeNotSent
	}
	log.InfoContext(ctx, "code sent")
	return seal, nil
}

// allowSMS asks the limiter whether a new sign-in of the event's user name
// may send a code to destination.
func (h Create) allowSMS(ctx context.Context, ev events.CognitoEventUserPoolsCreateAuthChallenge, destination string, log *slog.Logger) error {
	ctx, cancel := context.WithTimeout(ctx, LimitsTimeout)
	defer cancel()
	country, _ := phone.CountryCode(destination)
	decision, err := h.Limiter.AllowSignIn(ctx, ev.UserName, destination, country)
	switch {
	case err != nil:
		log.ErrorContext(ctx, "code not sent", "reason", "limits unavailable", "limit", string(decision.RefusedBy), "error", failureReason(err))
		return ErrUnavailable
	case !decision.Allowed:
		logRefusal(ctx, log, ev.UserPoolID, decision.RefusedBy, "code not sent", "reason", decision.String())
		return refusal(decision)
	}
	return nil
}

// checkLockout refuses a later round of a user name locked out meanwhile,
// by wrong answers in this sign-in or in others running alongside.
func (h Create) checkLockout(ctx context.Context, ev events.CognitoEventUserPoolsCreateAuthChallenge, log *slog.Logger) error {
	ctx, cancel := context.WithTimeout(ctx, LimitsTimeout)
	defer cancel()
	locked, err := h.Limiter.Locked(ctx, ev.UserName)
	switch {
	case err != nil:
		log.ErrorContext(ctx, "challenge refused", "reason", "limits unavailable", "error", failureReason(err))
		return ErrUnavailable
	case locked:
		logRefusal(ctx, log, ev.UserPoolID, limits.KindLockout, "challenge refused", "reason", "locked out")
		return ErrTooManyAttempts
	}
	return nil
}

// previousSeal returns the seal of the last code round; a null entry has
// none.
func previousSeal(codes []session.Round) (string, error) {
	last := codes[len(codes)-1]
	if _, err := otp.ParseSeal(last.Metadata); err != nil {
		return "", ErrBadSession
	}
	return last.Metadata, nil
}

// decoyNumber returns, for an unknown user, the number a real user of that
// name would most likely have: the name itself when it is a phone number,
// otherwise a number derived from the name under the key, stable across tries.
func (h Create) decoyNumber(username string) string {
	if phone.Valid(username) {
		return username
	}
	digest := h.Config.Sealer.Digest(username)
	return fmt.Sprintf("+1%010d", binary.BigEndian.Uint64(digest)%1e10)
}

// failureReason describes a send failure for logs. A Sender's error may
// offer a Reason (as *sms.PublishError does) that is safe to log; nothing
// else of it is logged, since it may quote the number.
func failureReason(err error) string {
	var described interface{ Reason() string }
	if errors.As(err, &described) {
		return described.Reason()
	}
	return "unknown"
}
