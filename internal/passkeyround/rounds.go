package passkeyround

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
)

// Store reads a user's passkeys and stores what a sign-in changed.
// *passkeydb.Store is one; Start needs only Credentials.
type Store interface {
	Credentials(ctx context.Context, owner string) ([]passkey.Credential, error)
	SignedIn(ctx context.Context, owner string, c passkey.Credential, previousCount uint32) error
}

// Rounds makes and checks passkey rounds for the relying party of Options.
type Rounds struct {
	Store   Store
	Options passkey.Options
	// Rand is where challenges come from; nil means crypto/rand.
	Rand io.Reader
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// DecoyOwner is whose passkeys Start reads for an unknown user, so that
// the credentials table is read for every name alike.
const DecoyOwner = "unknown-user"

// Reasons Check gives, besides a passkey error's text.
const (
	ReasonRight         = "right passkey"
	ReasonPossibleClone = "possible clone"
	ReasonRaced         = "passkey changed during the sign-in"
	ReasonBadChallenge  = "private challenge parameters unreadable"
	ReasonUnknownUser   = "unknown user"
)

// storedUnder is whose passkeys are read for owner: DecoyOwner for an
// unknown user ("").
func storedUnder(owner string) string {
	if owner == "" {
		return DecoyOwner
	}
	return owner
}

func (r Rounds) now() time.Time {
	if r.Now == nil {
		return time.Now()
	}
	return r.Now()
}

// Start reads the passkeys of owner ("" for an unknown user) and starts a
// round: a fresh challenge, kept as challenge (passkey.Challenge's
// String, for Cognito's private challenge parameters and the round's
// metadata), and the request options JSON for the client. A user with no
// passkeys, and an unknown one, get a decoy round of the same shape,
// listing credentials drawn from decoySeed, a keyed hash of the name
// tried (passkey.NewDecoyAssertion). held is how many passkeys owner has.
// An error is the store's (or, never in practice, the randomness's).
func (r Rounds) Start(ctx context.Context, owner string, decoySeed []byte) (held int, challenge, options string, err error) {
	credentials, err := r.Store.Credentials(ctx, storedUnder(owner))
	if err != nil {
		return 0, "", "", err
	}
	if owner == "" {
		credentials = nil
	}
	var c passkey.Challenge
	var raw []byte
	if len(credentials) == 0 {
		c, raw, err = passkey.NewDecoyAssertion(r.Options, decoySeed, r.Rand, r.now())
	} else {
		c, raw, err = passkey.NewAssertion(r.Options, credentials, r.Rand, r.now())
	}
	if err != nil {
		return 0, "", "", fmt.Errorf("passkeyround: %w", err)
	}
	return len(credentials), c.String(), string(raw), nil
}

// Check checks answer, the client's assertion JSON, to the round whose
// challenge Start made, for owner: by one of owner's passkeys, over that
// challenge, from an allowed origin, with a signature counter that moved
// on (passkey.VerifyAssertion). owner "" is an unknown user: its answer
// is read and checked as any other (against DecoyOwner's passkeys, which
// there are none of), then refused. It stores the new counter before it says
// the answer is right, conditionally on the counter it read, so that two
// sign-ins with the same answer cannot both pass. A possible clone is
// logged to log apart from ordinary refusals. An error is the store's:
// the sign-in cannot be decided.
func (r Rounds) Check(ctx context.Context, log *slog.Logger, owner, challenge, answer string) (correct bool, reason string, err error) {
	held, err := r.Store.Credentials(ctx, storedUnder(owner))
	if err != nil {
		return false, "", err
	}
	c, err := passkey.ParseChallenge(challenge)
	if err != nil {
		return false, ReasonBadChallenge, nil
	}
	used, err := passkey.VerifyAssertion(r.Options, c, held, []byte(answer), r.now())
	switch {
	case owner == "":
		// An unknown user: checked alike, refused whatever the answer.
		return false, ReasonUnknownUser, nil
	case errors.Is(err, passkey.ErrPossibleClone):
		log.WarnContext(ctx, "possible cloned passkey", "reason", err.Error())
		return false, ReasonPossibleClone, nil
	case err != nil:
		return false, "passkey refused: " + err.Error(), nil
	}
	var previous uint32
	for _, h := range held {
		if string(h.ID) == string(used.ID) {
			previous = h.SignCount
		}
	}
	switch err := r.Store.SignedIn(ctx, owner, used, previous); {
	case errors.Is(err, passkey.ErrCounterChanged), errors.Is(err, passkey.ErrNotFound):
		return false, ReasonRaced, nil
	case err != nil:
		return false, "", err
	}
	return true, ReasonRight, nil
}
