package trigger

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/limits"
	"github.com/cognito-passwordless/passwordless-go/internal/otp"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

// Verify checks the user's answer against the sealed code.
type Verify struct {
	Sealer *otp.Sealer
	// Limiter counts wrong answers and locks user names out; nil does not.
	Limiter *limits.Limiter
	// Passkeys checks passkey answers; nil turns passkeys off.
	Passkeys PasskeyRounds
	Now      func() time.Time
	Log      *slog.Logger
}

// NewVerify returns the verify trigger for cfg, counting wrong answers
// with limiter (nil for none), using the wall clock.
func NewVerify(cfg config.Verify, limiter *limits.Limiter, log *slog.Logger) Verify {
	return Verify{Sealer: cfg.Sealer, Limiter: limiter, Now: time.Now, Log: log}
}

// Handle sets answerCorrect only for the right code before it expires or,
// in a passkey round, for an assertion that checkPasskey accepts. Any
// other answer, an unknown user, or missing or garbled private parameters
// give answerCorrect false, and count as a wrong answer of the user name.
// A user name locked out by wrong answers (in any sign-in) gets
// answerCorrect false for a code without its answer being looked at or
// counted, so that sign-ins run side by side cannot go on guessing past
// the limit; a passkey answer, which cannot be guessed, is checked still. When the counts
// cannot be read or written, verify fails: the sign-in ends.
//
// A resend request (session.ResendRequest of the ClientMetadata) is no
// answer: it gets answerCorrect false, and its answer is neither looked at
// nor counted. Define and create, which see the same request, make the
// next round with a new code.
func (h Verify) Handle(ctx context.Context, ev events.CognitoEventUserPoolsVerifyAuthChallenge) (events.CognitoEventUserPoolsVerifyAuthChallenge, error) {
	log := h.Log.With("trigger", ev.TriggerSource)
	if session.ResendRequest(ev.Request.ClientMetadata).Requested {
		ev.Response.AnswerCorrect = false
		log.InfoContext(ctx, "answer not checked", "reason", "new code asked for")
		return ev, nil
	}
	limitsCtx, cancel := context.WithTimeout(ctx, LimitsTimeout)
	defer cancel()
	locked, err := h.Limiter.Locked(limitsCtx, ev.UserName)
	if err != nil {
		log.ErrorContext(ctx, "answer not checked", "reason", "limits unavailable", "error", failureReason(err))
		return ev, ErrUnavailable
	}
	// A passkey's signature cannot be guessed: its answers are checked
	// under a lockout too (create's passkeyRound), codes' are not.
	_, isPasskey := ev.Request.PrivateChallengeParameters[privatePasskeyKey]
	locked = locked && !isPasskey
	correct, reason := false, "locked out"
	if !locked {
		if correct, reason, err = h.check(ctx, ev, log); err != nil {
			return ev, err
		}
	}
	if !correct && !locked {
		if err := h.Limiter.RecordWrongAnswer(limitsCtx, ev.UserName); err != nil {
			log.ErrorContext(ctx, "answer not checked", "reason", "limits unavailable", "error", failureReason(err))
			return ev, ErrUnavailable
		}
	}
	ev.Response.AnswerCorrect = correct
	if locked {
		logRefusal(ctx, log, ev.UserPoolID, limits.KindLockout, "answer checked", "correct", false, "reason", reason)
	} else {
		log.InfoContext(ctx, "answer checked", "correct", correct, "reason", reason)
	}
	return ev, nil
}

// check checks the answer to a code round or, when the private
// parameters hold a passkey challenge, to a passkey round.
func (h Verify) check(ctx context.Context, ev events.CognitoEventUserPoolsVerifyAuthChallenge, log *slog.Logger) (bool, string, error) {
	answer, isString := ev.Request.ChallengeAnswer.(string)
	if _, isPasskey := ev.Request.PrivateChallengeParameters[privatePasskeyKey]; isPasskey {
		// Every name alike, unknown ones included: the same reads of the
		// credentials table, the same checks, so that neither the time
		// nor a failure of the table tells them apart.
		return h.checkPasskey(ctx, ev, answer, log)
	}
	if ev.Request.UserNotFound {
		return false, "unknown user", nil
	}
	if !isString {
		return false, "answer is not a string", nil
	}
	seal, err := otp.ParseSeal(ev.Request.PrivateChallengeParameters[privateSealKey])
	if err != nil {
		return false, "private challenge parameters unreadable", nil
	}
	if !h.Now().Before(seal.ExpiresAt) {
		return false, "code expired", nil
	}
	if !h.Sealer.Check(seal, ev.UserName, strings.TrimSpace(answer), h.Now()) {
		return false, "wrong code", nil
	}
	return true, "right code", nil
}
