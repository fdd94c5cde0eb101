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
	Policy session.Policy
	Log    *slog.Logger
}

// NewDefine returns the define trigger for cfg.
func NewDefine(cfg config.Define, log *slog.Logger) Define {
	return Define{Policy: cfg.Policy(), Log: log}
}

// Handle answers with session.Decide's decision, on the session history
// and the resend request in the ClientMetadata.
func (h Define) Handle(ctx context.Context, ev events.CognitoEventUserPoolsDefineAuthChallenge) (events.CognitoEventUserPoolsDefineAuthChallenge, error) {
	resend := session.ResendRequest(ev.Request.ClientMetadata)
	d := session.Decide(session.Request{History: rounds(ev.Request.Session), UserNotFound: ev.Request.UserNotFound, Resend: resend}, h.Policy)
	ev.Response = events.CognitoEventUserPoolsDefineAuthChallengeResponse{
		ChallengeName: d.Challenge, IssueTokens: d.IssueTokens, FailAuthentication: d.Fail,
	}
	h.Log.InfoContext(ctx, "challenge defined", "trigger", ev.TriggerSource, "flow", string(h.Policy.Flow),
		"round", len(ev.Request.Session)+1, "resend", resend.Requested, "challenge", d.Challenge, "issueTokens", d.IssueTokens, "fail", d.Fail, "reason", d.Reason)
	return ev, nil
}

// rounds converts Cognito's session for session.Decide and session.Split;
// a null entry becomes a Round that neither takes for a step of the flow.
func rounds(entries []*events.CognitoEventUserPoolsChallengeResult) []session.Round {
	out := make([]session.Round, len(entries))
	for i, e := range entries {
		if e != nil {
			out[i] = session.Round{ChallengeName: e.ChallengeName, Correct: e.ChallengeResult, Metadata: e.ChallengeMetadata}
		}
	}
	return out
}
