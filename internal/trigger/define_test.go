package trigger_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

func TestDefineNullSessionEntry(t *testing.T) {
	h := newHandlers(t)
	ev := events.CognitoEventUserPoolsDefineAuthChallenge{}
	ev.Request.Session = []*events.CognitoEventUserPoolsChallengeResult{nil}
	out, err := h.define.Handle(context.Background(), ev)
	if err != nil || out.Response.IssueTokens || !out.Response.FailAuthentication {
		t.Fatalf("got %+v, %v; want failAuthentication", out.Response, err)
	}
}

// TestDefineFollowsTheFlow: the same SRP start is refused in the code flow
// and answered with PASSWORD_VERIFIER in the password flow, and the logs
// say which flow decided.
func TestDefineFollowsTheFlow(t *testing.T) {
	ev := events.CognitoEventUserPoolsDefineAuthChallenge{}
	ev.Request.Session = []*events.CognitoEventUserPoolsChallengeResult{srpStart}
	for _, tt := range []struct {
		flow session.Flow
		want events.CognitoEventUserPoolsDefineAuthChallengeResponse
	}{
		{session.FlowCode, events.CognitoEventUserPoolsDefineAuthChallengeResponse{FailAuthentication: true}},
		{session.FlowPasswordAndCode, events.CognitoEventUserPoolsDefineAuthChallengeResponse{ChallengeName: "PASSWORD_VERIFIER"}},
	} {
		logs := &strings.Builder{}
		h := trigger.NewDefine(config.Define{MaxAttempts: 3, Flow: tt.flow}, slog.New(slog.NewJSONHandler(logs, nil)))
		out, err := h.Handle(context.Background(), ev)
		if err != nil || out.Response != tt.want {
			t.Errorf("%s: %+v, %v; want %+v", tt.flow, out.Response, err, tt.want)
		}
		if !strings.Contains(logs.String(), `"flow":"`+string(tt.flow)+`"`) {
			t.Errorf("%s: logs %s name no flow", tt.flow, logs)
		}
	}
}

func BenchmarkDefine(b *testing.B) {
	h := newHandlersLoggingTo(b, io.Discard)
	ev := events.CognitoEventUserPoolsDefineAuthChallenge{}
	ev.Request.Session = []*events.CognitoEventUserPoolsChallengeResult{
		{ChallengeName: "CUSTOM_CHALLENGE", ChallengeMetadata: "first:sms:" + sampleSeal},
		{ChallengeName: "CUSTOM_CHALLENGE", ChallengeResult: true, ChallengeMetadata: "retry:sms:" + sampleSeal},
	}
	b.ReportAllocs()
	for b.Loop() {
		h.define.Handle(context.Background(), ev)
	}
}
