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
	"github.com/cognito-passwordless/passwordless-go/internal/emailaddr"
	"github.com/cognito-passwordless/passwordless-go/internal/limits"
	"github.com/cognito-passwordless/passwordless-go/internal/otp"
	"github.com/cognito-passwordless/passwordless-go/internal/phone"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

// Keys of the challenge parameters that Create returns. None is secret:
// the client shows them to the user.
const (
	// privateSealKey holds the seal in privateChallengeParameters, for verify.
	privateSealKey = "seal"
	// PublicDestination is the masked address the code went to.
	PublicDestination = "destination"
	// PublicChannel is the channel the code went by: sms or email.
	PublicChannel = "channel"
	// PublicChannels lists, comma-separated, the pool's channels, which a
	// user may ask for the next code by: the same for every user, so that
	// it tells nobody which addresses an account has.
	PublicChannels = "channels"
	// PublicCodeLength is the number of digits to ask for.
	PublicCodeLength = "codeLength"
	// PublicAttemptsLeft is how many answers the user may still give.
	PublicAttemptsLeft = "attemptsLeft"
	// PublicResendsLeft is how many new codes the user may still ask for.
	PublicResendsLeft = "resendsLeft"
)

// ErrCodeNotSent is returned when the code could not be sent. Cognito
// shows it to the client, so it names no address and no cause.
var ErrCodeNotSent = errors.New("the sign-in code could not be sent, try again later")

// ErrBadSession is returned when the session carries no seal this flow made.
var ErrBadSession = errors.New("the sign-in session is not valid, start again")

// ErrChannelNotAvailable refuses a new code by a channel that the pool
// does not use or the user has no proven address for.
var ErrChannelNotAvailable = errors.New("no code can be sent by that channel")

// Sender delivers a text message to a phone number. *sms.SNS is one.
type Sender interface {
	Send(ctx context.Context, to, text string) error
}

// Mailer delivers a plain-text email. *email.SES is one.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// Create makes the code, sends it and returns only its seal.
type Create struct {
	Config config.Create
	// SMS sends codes by text message; Email by email, and may be nil
	// when Config.Channels has no email.
	SMS   Sender
	Email Mailer
	// Limiter applies the abuse limits; nil applies none.
	Limiter *limits.Limiter
	// Passkeys makes passkey rounds; nil turns passkeys off.
	Passkeys PasskeyRounds
	Rand     io.Reader // nil means crypto/rand
	Now      func() time.Time
	Log      *slog.Logger
}

// NewCreate returns the create trigger for cfg, sending by sms and mail
// (nil when email is off), limited by limiter (nil for none) and using
// crypto/rand and the wall clock.
func NewCreate(cfg config.Create, sms Sender, mail Mailer, limiter *limits.Limiter, log *slog.Logger) Create {
	return Create{Config: cfg, SMS: sms, Email: mail, Limiter: limiter, Now: time.Now, Log: log}
}

// destination is an address a code can go to.
type destination struct {
	channel session.Channel
	address string
}

// masked is the address as the user may see it.
func (d destination) masked() string {
	if d.channel == session.ChannelEmail {
		return emailaddr.Mask(d.address)
	}
	return phone.Mask(d.address)
}

// Handle makes the code round define asked for. The code rounds are those
// after the password steps (session.Split), so that in the password flow
// the first code round is the one after PASSWORD_VERIFIER.
//
//   - The first round sends a new code by the first channel of
//     config.Create.Channels the user has a proven address for
//     (destinations).
//   - After a wrong answer it carries the same code, unsent, into the
//     round.
//   - After a resend request (session.ResendRequest of the ClientMetadata)
//     it sends a new code, by the channel asked for or the last one; the
//     old code is gone with the old round.
//
// Each round records in its challenge metadata why it was made (the
// session.Cause), the channel and the seal, for define and later rounds.
// Every round checks that the user name is not locked out; a new code
// also that the address's country or domain is allowed and that the
// channel's limits allow one more. For an unknown user it sends nothing
// and answers in the same shapes, counting the decoy address like a real
// one (but spending no shared budget), so that no refusal tells them apart.
func (h Create) Handle(ctx context.Context, ev events.CognitoEventUserPoolsCreateAuthChallenge) (events.CognitoEventUserPoolsCreateAuthChallenge, error) {
	req := ev.Request
	steps, codes := session.Split(rounds(req.Session))
	resend := session.ResendRequest(req.ClientMetadata)
	used, err := session.Count(codes, resend)
	if err != nil {
		return ev, ErrBadSession
	}
	available := h.destinations(ev)
	log := h.Log.With("trigger", ev.TriggerSource, "round", len(codes)+1)
	var passkeys passkeyStart
	if h.mayMakePasskeyRound(codes, used, resend) {
		if passkeys, err = h.startPasskeys(ctx, ev, log); err != nil {
			return ev, err
		}
	}

	var round session.Metadata
	var options string
	switch next := h.nextChannel(len(steps) > 0, codes, used, resend, passkeys.held, available[0].channel); {
	case next == session.ChannelPasskey:
		cause := session.CauseFirst
		switch {
		case len(codes) > 0 && resend.Requested:
			cause = session.CauseResend
		case len(codes) > 0:
			cause = session.CauseRetry
		}
		round, err = h.passkeyRound(ctx, cause, passkeys, log)
		options = passkeys.options
	case next == "":
		log.InfoContext(ctx, "challenge refused", "reason", "channel not available", "channel", string(resend.Channel))
		return ev, ErrChannelNotAvailable
	case len(codes) == 0 || codes[len(codes)-1].Correct:
		// The first code, or the code asked for after a right passkey.
		round, err = h.newCode(ctx, ev, session.CauseFirst, available[0], log)
	case resend.Requested:
		round, err = h.resendCode(ctx, ev, next, available, log)
	default:
		round, err = h.sameCode(ctx, ev, used.Last, log)
	}
	if err != nil {
		return ev, err
	}
	params := map[string]string{
		PublicCodeLength:   strconv.Itoa(h.Config.CodeLength),
		PublicAttemptsLeft: strconv.Itoa(max(h.Config.MaxAttempts-used.WrongAnswers, 0)),
		PublicResendsLeft:  strconv.Itoa(max(h.Config.MaxResends-used.Resends, 0)),
		PublicChannel:      string(round.Channel),
	}
	var channels []string
	for _, ch := range h.Config.Channels {
		channels = append(channels, string(ch))
	}
	params[PublicChannels] = strings.Join(channels, ",")
	private := map[string]string{privateSealKey: round.Seal}
	if round.Channel == session.ChannelPasskey {
		params[PublicPasskeyOptions] = options
		private = map[string]string{privatePasskeyKey: round.Seal}
	}
	// Only the address this round's code went to: the account's other
	// address, if any, is shown to nobody before they sign in.
	for _, d := range available {
		if d.channel == round.Channel {
			params[PublicDestination] = d.masked()
		}
	}
	ev.Response = events.CognitoEventUserPoolsCreateAuthChallengeResponse{
		PublicChallengeParameters:  params,
		PrivateChallengeParameters: private,
		ChallengeMetadata:          round.String(),
	}
	return ev, nil
}

// mayMakePasskeyRound reports whether the next round may be a passkey
// round, and so needs the user's passkeys read: the first round, a retry
// after a wrong assertion, or a request for a passkey round. Code retries
// and code resends read nothing.
func (h Create) mayMakePasskeyRound(codes []session.Round, used session.Tally, resend session.Resend) bool {
	switch {
	case h.Passkeys == nil:
		return false
	case len(codes) == 0:
		return true
	case codes[len(codes)-1].Correct:
		return false
	case resend.Requested:
		return resend.Channel == session.ChannelPasskey
	}
	return used.Last.Channel == session.ChannelPasskey
}

// nextChannel returns the channel of the round to make, or "" when the
// client asked for one it cannot have.
//
// With passkeys on, a sign-in starts with a passkey round: in the code
// flow for every name (real passkeys, or a decoy for a user with none and
// for an unknown name, so that the round tells no name from another); after
// the password only for a user with passkeys. A client asks for a code by
// a resend request. After a right passkey answer only a code follows;
// after a wrong passkey answer a new passkey challenge; a resend request
// for ChannelPasskey gets one where the first round would have been one.
//
// firstCode is the channel of the user's first code: that of their first
// proven address (destinations), or an unknown name's decoy.
func (h Create) nextChannel(afterPassword bool, codes []session.Round, used session.Tally, resend session.Resend, held int, firstCode session.Channel) session.Channel {
	passkeysOffered := h.Passkeys != nil && (!afterPassword || held > 0) && !used.PasskeyProven
	if len(codes) == 0 {
		if passkeysOffered {
			return session.ChannelPasskey
		}
		return firstCode
	}
	last := used.Last
	switch {
	case codes[len(codes)-1].Correct:
		return firstCode
	case !resend.Requested:
		return last.Channel
	case resend.Channel == session.ChannelPasskey && passkeysOffered:
		return session.ChannelPasskey
	case resend.Channel == session.ChannelPasskey:
		return ""
	case resend.Channel != "":
		return resend.Channel
	case last.Channel == session.ChannelPasskey:
		return firstCode
	}
	return last.Channel
}

// attributeOf names each channel's address attribute; its verified flag
// is the name followed by "_verified".
var attributeOf = map[session.Channel]string{
	session.ChannelSMS:   "phone_number",
	session.ChannelEmail: "email",
}

// destinations returns the addresses codes may go to, for the pool's
// channels, in the pool's order of preference, never none. An unknown
// user has the decoy address of the name tried (decoyDestination).
//
// A code goes only to an address that is proven: one whose *_verified
// attribute is true, or the account's only address for the pool's
// channels, which is the username the account was signed up with (pre
// sign-up takes one address) and which this very code proves, since only
// whoever holds that address can answer it. An unverified second address
// gets nothing: whoever signed up could have typed anyone's.
func (h Create) destinations(ev events.CognitoEventUserPoolsCreateAuthChallenge) []destination {
	if ev.Request.UserNotFound {
		return []destination{h.decoyDestination(ev.UserName)}
	}
	var held, proven []destination
	for _, ch := range h.Config.Channels {
		attribute := attributeOf[ch]
		d := destination{channel: ch, address: ev.Request.UserAttributes[attribute]}
		if !d.valid() {
			continue
		}
		held = append(held, d)
		if ev.Request.UserAttributes[attribute+"_verified"] == "true" {
			proven = append(proven, d)
		}
	}
	switch {
	case len(proven) > 0:
		return proven
	case len(held) == 1:
		return held
	}
	// newCode refuses it: the user has nowhere to get a code.
	return []destination{{channel: h.Config.Channels[0]}}
}

// valid reports whether d's address is one its channel can deliver to.
func (d destination) valid() bool {
	if d.channel == session.ChannelEmail {
		return emailaddr.Valid(d.address)
	}
	return phone.Valid(d.address)
}

// newCode makes a code for a round of cause, sends it to d unless the user
// is unknown or a limit refuses, and returns the round's metadata.
func (h Create) newCode(ctx context.Context, ev events.CognitoEventUserPoolsCreateAuthChallenge, cause session.Cause, d destination, log *slog.Logger) (session.Metadata, error) {
	round := session.Metadata{Cause: cause, Channel: d.channel}
	username, userNotFound := ev.UserName, ev.Request.UserNotFound
	log = log.With("channel", string(d.channel), "to", d.masked(), "cause", string(cause))
	if d.address == "" {
		log.WarnContext(ctx, "code not sent", "reason", "user has no proven address for the pool's channels (verified, or the only one)")
		return round, errors.New("the user has no proven phone number or email address to send a code to")
	}
	if err := h.allowed(ctx, ev, d, log); err != nil {
		return round, err
	}
	code, err := otp.Generate(otp.GenerateOptions{Length: h.Config.CodeLength, Rand: h.Rand})
	if err != nil {
		return round, err
	}
	// An unknown user's seal is of a code nobody knows, bound to the name tried.
	round.Seal = h.Config.Sealer.Seal(username, code, h.Now().Add(h.Config.CodeTTL)).String()
	if userNotFound {
		log.InfoContext(ctx, "code not sent", "reason", "unknown user")
		return round, nil
	}
	if err := h.send(ctx, d, code); err != nil {
		log.ErrorContext(ctx, "code not sent", "reason", string(d.channel)+" failed", "error", failureReason(err))
		return round, ErrCodeNotSent
	}
	log.InfoContext(ctx, "code sent")
	return round, nil
}

// send delivers code to d by d's channel.
func (h Create) send(ctx context.Context, d destination, code string) error {
	if d.channel == session.ChannelEmail {
		if h.Email == nil {
			return errors.New("no email sender")
		}
		body := strings.ReplaceAll(h.Config.Email.Message, config.CodePlaceholder, code)
		return h.Email.Send(ctx, d.address, h.Config.Email.Subject, body)
	}
	return h.SMS.Send(ctx, d.address, strings.ReplaceAll(h.Config.SMSMessage, config.CodePlaceholder, code))
}

// resendCode makes the round after a resend request: a new code by the
// channel asked for (nextChannel), if the user has an address for it.
func (h Create) resendCode(ctx context.Context, ev events.CognitoEventUserPoolsCreateAuthChallenge, asked session.Channel, available []destination, log *slog.Logger) (session.Metadata, error) {
	for _, d := range available {
		if d.channel == asked && d.address != "" {
			return h.newCode(ctx, ev, session.CauseResend, d, log)
		}
	}
	log.InfoContext(ctx, "code not sent", "reason", "channel not available", "channel", string(asked))
	return session.Metadata{}, ErrChannelNotAvailable
}

// sameCode makes the round after a wrong answer: the last round's code
// and channel, unsent, unless its seal is not one this flow made or the
// user name was locked out meanwhile.
func (h Create) sameCode(ctx context.Context, ev events.CognitoEventUserPoolsCreateAuthChallenge, last session.Metadata, log *slog.Logger) (session.Metadata, error) {
	if _, err := otp.ParseSeal(last.Seal); err != nil {
		return last, ErrBadSession
	}
	if err := h.checkLockout(ctx, ev, log); err != nil {
		return last, err
	}
	log.InfoContext(ctx, "code kept", "reason", "retry after a wrong answer")
	return session.Metadata{Cause: session.CauseRetry, Channel: last.Channel, Seal: last.Seal}, nil
}

// allowed checks that a new code may go to d: its country or domain is
// allowed, and the limits of its channel allow one more for a new code of
// the event's user name. An unknown user's decoy counts against its own
// address like a real one, and meets the pool's and the country's budgets
// like a real one, but spends none of them (limits.Decoy): it sends
// nothing.
func (h Create) allowed(ctx context.Context, ev events.CognitoEventUserPoolsCreateAuthChallenge, d destination, log *slog.Logger) error {
	if d.channel == session.ChannelEmail && !h.Config.AllowedEmailDomains.Allows(d.address) {
		log.InfoContext(ctx, "code not sent", "reason", "email domain not allowed")
		return ErrEmailDomainNotAllowed
	}
	if d.channel == session.ChannelSMS && !h.Config.AllowedCountries.Allows(d.address) {
		log.InfoContext(ctx, "code not sent", "reason", "country not allowed")
		return ErrCountryNotAllowed
	}
	ctx, cancel := context.WithTimeout(ctx, LimitsTimeout)
	defer cancel()
	var decision limits.Decision
	var err error
	to := limits.Real
	if ev.Request.UserNotFound {
		to = limits.Decoy
	}
	if d.channel == session.ChannelEmail {
		decision, err = h.Limiter.AllowEmailSignIn(ctx, ev.UserName, d.address, to)
	} else {
		country, _ := phone.CountryCode(d.address)
		decision, err = h.Limiter.AllowSignIn(ctx, ev.UserName, d.address, country, to)
	}
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

// decoyDestination returns, for an unknown user, the address a real user
// of that name would most likely have: the name itself when it is an
// email address (and the pool sends email) or a phone number (and the pool
// sends SMS), otherwise an address derived from the name under the key,
// stable across tries, by the pool's first channel.
func (h Create) decoyDestination(username string) destination {
	switch {
	case h.Config.HasChannel(session.ChannelEmail) && emailaddr.Valid(username):
		return destination{channel: session.ChannelEmail, address: username}
	case h.Config.HasChannel(session.ChannelSMS) && phone.Valid(username):
		return destination{channel: session.ChannelSMS, address: username}
	}
	digest := binary.BigEndian.Uint64(h.Config.Sealer.Digest(username))
	if h.Config.Channels[0] == session.ChannelEmail {
		letters := "abcdefghijklmnopqrstuvwxyz"
		return destination{channel: session.ChannelEmail,
			address: fmt.Sprintf("%c%d@%c%d.com", letters[digest%26], digest%1000, letters[digest/26%26], digest/676%1000)}
	}
	return destination{channel: session.ChannelSMS, address: fmt.Sprintf("+1%010d", digest%1e10)}
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
