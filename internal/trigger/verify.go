package trigger

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/otp"
)

// Verify checks the user's answer against the sealed code.
type Verify struct {
	Sealer *otp.Sealer
	Now    func() time.Time
	Log    *slog.Logger
}

// NewVerify returns the verify trigger for cfg, using the wall clock.
func NewVerify(cfg config.Verify, log *slog.Logger) Verify {
	return Verify{Sealer: cfg.Sealer, Now: time.Now, Log: log}
}

// Handle sets answerCorrect only for the right code before it expires. Any
// other answer, an unknown user, or missing or garbled private parameters
// give answerCorrect false.
func (h Verify) Handle(ctx context.Context, ev events.CognitoEventUserPoolsVerifyAuthChallenge) (events.CognitoEventUserPoolsVerifyAuthChallenge, error) {
	correct, reason := h.check(ev)
	ev.Response.AnswerCorrect = correct
	h.Log.InfoContext(ctx, "answer checked", "trigger", ev.TriggerSource, "correct", correct, "reason", reason)
	return ev, nil
}

func (h Verify) check(ev events.CognitoEventUserPoolsVerifyAuthChallenge) (bool, string) {
	if ev.Request.UserNotFound {
		return false, "unknown user"
	}
	answer, ok := ev.Request.ChallengeAnswer.(string)
	if !ok {
		return false, "answer is not a string"
	}
	seal, err := otp.ParseSeal(ev.Request.PrivateChallengeParameters[privateSealKey])
	if err != nil {
		return false, "private challenge parameters unreadable"
	}
	if !h.Now().Before(seal.ExpiresAt) {
		return false, "code expired"
	}
	if !h.Sealer.Check(seal, ev.UserName, strings.TrimSpace(answer), h.Now()) {
		return false, "wrong code"
	}
	return true, "right code"
}
