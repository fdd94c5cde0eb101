package trigger_test

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"
)

// sampleSeal is the seal of code 042917 for sampleUser in events/.
const (
	sampleSeal = "v1.4102444800.Au_5vYUGKgvjD13AEauC-RlYfkReThRIk2zb1vQj_Go"
	sampleUser = "d6f3c2a1-7b4e-4c8f-9a21-5e0b7c3d9f10"
	sampleCode = "042917"
)

func TestVerifyAnswers(t *testing.T) {
	tests := []struct {
		name   string
		seal   string
		answer any
		want   bool
	}{
		{"right code", sampleSeal, sampleCode, true},
		{"right code with spaces around", sampleSeal, " 042917\n", true},
		{"wrong code", sampleSeal, "042918", false},
		{"empty", sampleSeal, "", false},
		{"null", sampleSeal, nil, false},
		{"number", sampleSeal, 42917.0, false},
		{"boolean", sampleSeal, true, false},
		{"map", sampleSeal, map[string]any{"code": sampleCode}, false},
		{"list", sampleSeal, []any{sampleCode}, false},
		{"100 KB", sampleSeal, strings.Repeat("4", 100_000), false},
		{"code inside text", sampleSeal, "my code is 042917", false},
		{"unicode digits", sampleSeal, "٠٤٢٩١٧", false},
		{"missing seal", "", sampleCode, false},
		{"garbled seal", "v1.garbage", sampleCode, false},
		{"seal from another version", "v2" + sampleSeal[2:], sampleCode, false},
	}
	h := newHandlers(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := h.verify.Handle(context.Background(), verifyEvent(sampleUser, tt.seal, tt.answer))
			if err != nil {
				t.Fatal(err)
			}
			if out.Response.AnswerCorrect != tt.want {
				t.Errorf("answerCorrect %v, want %v", out.Response.AnswerCorrect, tt.want)
			}
		})
	}
}

func TestVerifyWithoutPrivateParameters(t *testing.T) {
	h := newHandlers(t)
	ev := verifyEvent(sampleUser, "", sampleCode)
	ev.Request.PrivateChallengeParameters = nil
	if out, _ := h.verify.Handle(context.Background(), ev); out.Response.AnswerCorrect {
		t.Fatal("accepted without private parameters")
	}
}

func TestVerifyExpiry(t *testing.T) {
	h := newHandlers(t)
	h.verify.Now = func() time.Time { return time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC) }
	if out, _ := h.verify.Handle(context.Background(), verifyEvent(sampleUser, sampleSeal, sampleCode)); out.Response.AnswerCorrect {
		t.Fatal("accepted an expired code")
	}
}

// FuzzVerify feeds arbitrary answers and seals, as JSON values of any type,
// through the verify handler: it must never panic or error, and must accept
// only the sample code with the sample seal.
func FuzzVerify(f *testing.F) {
	for _, seed := range []struct{ answer, seal string }{
		{`"042917"`, sampleSeal}, {`"042918"`, sampleSeal}, {`42917`, sampleSeal}, {`{"a":1}`, sampleSeal},
		{`null`, ""}, {`"042917"`, "v1.1.AAAA"}, {`[]`, "garbage"}, {`" 042917 "`, sampleSeal},
	} {
		f.Add(seed.answer, seed.seal)
	}
	h := newHandlers(f)
	f.Fuzz(func(t *testing.T, answerJSON, seal string) {
		var answer any
		if json.Unmarshal([]byte(answerJSON), &answer) != nil {
			answer = answerJSON
		}
		out, err := h.verify.Handle(context.Background(), verifyEvent(sampleUser, seal, answer))
		if err != nil {
			t.Fatal(err)
		}
		s, isString := answer.(string)
		want := isString && strings.TrimSpace(s) == sampleCode && seal == sampleSeal
		if out.Response.AnswerCorrect != want {
			t.Fatalf("answer %q, seal %q: answerCorrect %v, want %v", answerJSON, seal, out.Response.AnswerCorrect, want)
		}
	})
}

func BenchmarkVerify(b *testing.B) {
	h := newHandlersLoggingTo(b, io.Discard)
	ev := verifyEvent(sampleUser, sampleSeal, sampleCode)
	b.ReportAllocs()
	for b.Loop() {
		h.verify.Handle(context.Background(), ev)
	}
}
