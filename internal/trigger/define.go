package trigger

import (
	"context"
	"log/slog"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

// Define decides each step of the sign-in from the session history.
type Define struct {
	MaxAttempts int
	Log         *slog.Logger
}

// NewDefine returns the define trigger for cfg.
func NewDefine(cfg config.Define, log *slog.Logger) Define {
	return Define{MaxAttempts: cfg.MaxAttempts, Log: log}
}

// Handle answers with session.Decide's decision.
func (h Define) Handle(ctx context.Context, ev events.CognitoEventUserPoolsDefineAuthChallenge) (events.CognitoEventUserPoolsDefineAuthChallenge, error) {
	d := session.Decide(rounds(ev.Request.Session), ev.Request.UserNotFound, h.MaxAttempts)
	ev.Response = events.CognitoEventUserPoolsDefineAuthChallengeResponse{
		ChallengeName: d.Challenge, IssueTokens: d.IssueTokens, FailAuthentication: d.Fail,
	}
	h.Log.InfoContext(ctx, "challenge defined", "trigger", ev.TriggerSource,
		"round", len(ev.Request.Session)+1, "issueTokens", d.IssueTokens, "fail", d.Fail, "reason", d.Reason)
	return ev, nil
}

// rounds converts Cognito's session; a null entry becomes a Round that
// session.Decide refuses.
func rounds(entries []*events.CognitoEventUserPoolsChallengeResult) []session.Round {
	out := make([]session.Round, len(entries))
	for i, e := range entries {
		if e != nil {
			out[i] = session.Round{ChallengeName: e.ChallengeName, Correct: e.ChallengeResult, Metadata: e.ChallengeMetadata}
		}
	}
	return out
}
