package trigger_test

import (
	"context"
	"io"
	"testing"

	"github.com/aws/aws-lambda-go/events"
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

func BenchmarkDefine(b *testing.B) {
	h := newHandlersLoggingTo(b, io.Discard)
	ev := events.CognitoEventUserPoolsDefineAuthChallenge{}
	ev.Request.Session = []*events.CognitoEventUserPoolsChallengeResult{
		{ChallengeName: "CUSTOM_CHALLENGE", ChallengeMetadata: sampleSeal},
		{ChallengeName: "CUSTOM_CHALLENGE", ChallengeResult: true, ChallengeMetadata: sampleSeal},
	}
	b.ReportAllocs()
	for b.Loop() {
		h.define.Handle(context.Background(), ev)
	}
}
