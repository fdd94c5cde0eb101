package trigger

import (
	"context"
	"log/slog"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

// Keys of a passkey round's parameters.
const (
	// PublicPasskeyOptions holds, in a passkey round, the WebAuthn request
	// options (JSON, the publicKey member of navigator.credentials.get's
	// argument) that the client passes to the browser.
	PublicPasskeyOptions = "passkeyOptions"
	// privatePasskeyKey holds the round's passkey challenge, for verify.
	privatePasskeyKey = "passkey"
	// subAttribute is the user attribute passkeys are kept under: the
	// Cognito sub, stable and opaque.
	subAttribute = "sub"
)

// PasskeyRounds makes and checks passkey rounds. *passkeyround.Rounds is
// one; the interface keeps package trigger, which pre sign-up and define
// link too, free of the WebAuthn libraries.
type PasskeyRounds interface {
	// Start reads the passkeys of owner ("" for an unknown user) and makes
	// a round (a decoy of the same shape, from decoySeed, for a user
	// without passkeys): how many passkeys owner holds, the challenge to
	// keep and the options for the client. An error means the passkeys
	// could not be read.
	Start(ctx context.Context, owner string, decoySeed []byte) (held int, challenge, options string, err error)
	// Check checks answer to the round of challenge for owner, and stores
	// the passkey's new counter when it is right. An error means the
	// passkeys could not be read or written.
	Check(ctx context.Context, log *slog.Logger, owner, challenge, answer string) (correct bool, reason string, err error)
}

// passkeyStart is a passkey round Create may make.
type passkeyStart struct {
	held               int
	challenge, options string
}

// owner returns whose passkeys a round concerns: the user's sub, or ""
// for an unknown user or one without a sub.
func owner(userNotFound bool, attributes map[string]string) string {
	if userNotFound {
		return ""
	}
	return attributes[subAttribute]
}

// startPasskeys reads the user's passkeys and makes the passkey round the
// sign-in may use, for every name alike; nothing when passkeys are off.
// The decoy of a user without passkeys lists credentials derived from the
// name under the key, the same on every try.
func (h Create) startPasskeys(ctx context.Context, ev events.CognitoEventUserPoolsCreateAuthChallenge, log *slog.Logger) (passkeyStart, error) {
	if h.Passkeys == nil {
		return passkeyStart{}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, LimitsTimeout)
	defer cancel()
	seed := h.Config.Sealer.Digest("passkey decoy:" + strings.ToLower(ev.UserName))
	held, challenge, options, err := h.Passkeys.Start(ctx, owner(ev.Request.UserNotFound, ev.Request.UserAttributes), seed)
	if err != nil {
		log.ErrorContext(ctx, "challenge refused", "reason", "passkeys unavailable", "error", failureReason(err))
		return passkeyStart{}, ErrUnavailable
	}
	return passkeyStart{held: held, challenge: challenge, options: options}, nil
}

// passkeyRound makes a passkey round of cause from start. A user name
// locked out by wrong answers still gets it: the lockout stops guessing,
// and a passkey's signature cannot be guessed, so it only keeps codes
// from a locked name (and passkey answers still count as wrong ones).
// Known and unknown names alike.
func (h Create) passkeyRound(ctx context.Context, cause session.Cause, start passkeyStart, log *slog.Logger) (session.Metadata, error) {
	log.InfoContext(ctx, "passkey challenge made", "cause", string(cause))
	return session.Metadata{Cause: cause, Channel: session.ChannelPasskey, Seal: start.challenge}, nil
}

// checkPasskey checks a passkey answer with h.Passkeys, for an unknown
// user too (owner ""), whose answer Check refuses after the same reads. A
// store it cannot reach fails the sign-in (the error).
func (h Verify) checkPasskey(ctx context.Context, ev events.CognitoEventUserPoolsVerifyAuthChallenge, answer string, log *slog.Logger) (bool, string, error) {
	if h.Passkeys == nil {
		return false, "passkeys off", nil
	}
	sub := owner(ev.Request.UserNotFound, ev.Request.UserAttributes)
	ctx, cancel := context.WithTimeout(ctx, LimitsTimeout)
	defer cancel()
	correct, reason, err := h.Passkeys.Check(ctx, log, sub, ev.Request.PrivateChallengeParameters[privatePasskeyKey], answer)
	if err != nil {
		log.ErrorContext(ctx, "answer not checked", "reason", "passkeys unavailable", "error", failureReason(err))
		return false, "", ErrUnavailable
	}
	return correct, reason, nil
}
