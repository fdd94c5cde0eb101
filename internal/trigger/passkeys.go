package trigger

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

// Keys of a passkey round's parameters.
const (
	// PublicPasskeyOptions holds, in a passkey round, the WebAuthn request
	// options (JSON, the publicKey member of navigator.credentials.get's
	// argument) that the client passes to the browser.
	PublicPasskeyOptions = "passkeyOptions"
	// privatePasskeyKey holds the round's passkey.Challenge, for verify.
	privatePasskeyKey = "passkey"
	// subAttribute is the user attribute passkeys are kept under: the
	// Cognito sub, stable and opaque.
	subAttribute = "sub"
)

// PasskeyLister reads a user's passkeys. *passkeydb.Store is one.
type PasskeyLister interface {
	Credentials(ctx context.Context, owner string) ([]passkey.Credential, error)
}

// PasskeyStore reads a user's passkeys and stores what a sign-in changed.
// *passkeydb.Store is one.
type PasskeyStore interface {
	PasskeyLister
	SignedIn(ctx context.Context, owner string, c passkey.Credential, previousCount uint32) error
}

// decoyOwner is the owner queried for an unknown user, so that create
// reads the credentials table for every name alike.
const decoyOwner = "unknown-user"

// owner returns whose passkeys a round of ev concerns: the user's sub, or
// decoyOwner for an unknown user or one without a sub.
func owner(userNotFound bool, attributes map[string]string) string {
	if sub := attributes[subAttribute]; !userNotFound && sub != "" {
		return sub
	}
	return decoyOwner
}

// passkeyRound makes a passkey round of cause: a fresh challenge for the
// user's passkeys, or, for an unknown user or one without passkeys, a
// decoy challenge of the same shape listing credentials derived from the
// name under the key (the same on every try), so that the round tells no
// name from another.
func (h Create) passkeyRound(ctx context.Context, ev events.CognitoEventUserPoolsCreateAuthChallenge, cause session.Cause, held []passkey.Credential, log *slog.Logger) (session.Metadata, string, error) {
	round := session.Metadata{Cause: cause, Channel: session.ChannelPasskey}
	if err := h.checkLockout(ctx, ev, log); err != nil {
		return round, "", err
	}
	var challenge passkey.Challenge
	var options []byte
	var err error
	if ev.Request.UserNotFound || len(held) == 0 {
		seed := h.Config.Sealer.Digest("passkey decoy:" + strings.ToLower(ev.UserName))
		challenge, options, err = passkey.NewDecoyAssertion(h.PasskeyOptions, seed, h.Rand, h.Now())
	} else {
		challenge, options, err = passkey.NewAssertion(h.PasskeyOptions, held, h.Rand, h.Now())
	}
	if err != nil {
		log.ErrorContext(ctx, "passkey challenge not made", "error", err.Error())
		return round, "", ErrBadSession
	}
	round.Seal = challenge.String()
	log.InfoContext(ctx, "passkey challenge made", "cause", string(cause))
	return round, string(options), nil
}

// heldPasskeys reads the user's passkeys, for every name alike; nil when
// passkeys are off.
func (h Create) heldPasskeys(ctx context.Context, ev events.CognitoEventUserPoolsCreateAuthChallenge, log *slog.Logger) ([]passkey.Credential, error) {
	if h.Passkeys == nil {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(ctx, LimitsTimeout)
	defer cancel()
	held, err := h.Passkeys.Credentials(ctx, owner(ev.Request.UserNotFound, ev.Request.UserAttributes))
	if err != nil {
		log.ErrorContext(ctx, "challenge refused", "reason", "passkeys unavailable", "error", failureReason(err))
		return nil, ErrUnavailable
	}
	if ev.Request.UserNotFound {
		return nil, nil
	}
	return held, nil
}

// checkPasskey checks a passkey answer: an assertion, by one of the user's
// passkeys, over the round's challenge, from an allowed origin, whose
// signature counter moved on; and stores the counter before it says so,
// so that two sign-ins with the same answer cannot both pass. A store it
// cannot reach fails the sign-in (the error).
func (h Verify) checkPasskey(ctx context.Context, ev events.CognitoEventUserPoolsVerifyAuthChallenge, answer string, log *slog.Logger) (bool, string, error) {
	if ev.Request.UserNotFound || h.Passkeys == nil {
		return false, "unknown user or passkeys off", nil
	}
	challenge, err := passkey.ParseChallenge(ev.Request.PrivateChallengeParameters[privatePasskeyKey])
	if err != nil {
		return false, "private challenge parameters unreadable", nil
	}
	sub := owner(false, ev.Request.UserAttributes)
	ctx, cancel := context.WithTimeout(ctx, LimitsTimeout)
	defer cancel()
	held, err := h.Passkeys.Credentials(ctx, sub)
	if err != nil {
		log.ErrorContext(ctx, "answer not checked", "reason", "passkeys unavailable", "error", failureReason(err))
		return false, "", ErrUnavailable
	}
	used, err := passkey.VerifyAssertion(h.PasskeyOptions, challenge, held, []byte(answer), h.Now())
	switch {
	case errors.Is(err, passkey.ErrPossibleClone):
		// Apart from ordinary failures: the passkey may have been copied.
		log.WarnContext(ctx, "possible cloned passkey", "reason", err.Error())
		return false, "possible clone", nil
	case err != nil:
		return false, "passkey refused: " + err.Error(), nil
	}
	var previous uint32
	for _, c := range held {
		if string(c.ID) == string(used.ID) {
			previous = c.SignCount
		}
	}
	switch err := h.Passkeys.SignedIn(ctx, sub, used, previous); {
	case errors.Is(err, passkey.ErrCounterChanged), errors.Is(err, passkey.ErrNotFound):
		return false, "passkey changed during the sign-in", nil
	case err != nil:
		log.ErrorContext(ctx, "answer not checked", "reason", "passkeys unavailable", "error", failureReason(err))
		return false, "", ErrUnavailable
	}
	return true, "right passkey", nil
}
