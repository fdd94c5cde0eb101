package cli

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/aws/smithy-go"
)

func TestFindCode(t *testing.T) {
	tests := []struct {
		text   string
		length int
		want   string
		ok     bool
	}{
		{"Your sign-in code is 123456", 6, "123456", true},
		{"Code 0042 for account 12345678", 4, "0042", true},
		{"Call 555 0100, then enter 98765432", 8, "98765432", true},
		{"Your sign-in code is 1234567", 6, "", false},
		{"no digits", 6, "", false},
	}
	for _, tt := range tests {
		got, ok := findCode(tt.text, tt.length)
		if got != tt.want || ok != tt.ok {
			t.Errorf("findCode(%q, %d) = %q, %v; want %q, %v", tt.text, tt.length, got, ok, tt.want, tt.ok)
		}
	}
}

func TestThrowawayPasswordMeetsCognitosDefaultPolicy(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		p := throwawayPassword()
		classes := []func(rune) bool{unicode.IsUpper, unicode.IsLower, unicode.IsDigit, func(r rune) bool { return strings.ContainsRune("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-", r) }}
		for i, in := range classes {
			if !strings.ContainsFunc(p, in) {
				t.Fatalf("%q lacks character class %d", p, i)
			}
		}
		if len(p) < 8 || seen[p] {
			t.Fatalf("%q is too short or repeated", p)
		}
		seen[p] = true
	}
}

func TestDescribe(t *testing.T) {
	apiErr := &smithy.GenericAPIError{Code: "NotAuthorizedException", Message: "Incorrect username or password."}
	wrapped := fmt.Errorf("operation error Cognito Identity Provider: RespondToAuthChallenge, https response error StatusCode: 400, RequestID: x, %w", apiErr)
	if got, want := describe(wrapped), "NotAuthorizedException: Incorrect username or password."; got != want {
		t.Errorf("describe(Cognito error) = %q, want %q", got, want)
	}
	if got, want := describe(errors.New("plain")), "plain"; got != want {
		t.Errorf("describe(other error) = %q, want %q", got, want)
	}
}

func TestUnverifiedClaims(t *testing.T) {
	// header {"alg":"RS256"}, payload {"exp":1763776512,"phone_number":"+15555550123"}, a bogus signature.
	const token = "eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjE3NjM3NzY1MTIsInBob25lX251bWJlciI6IisxNTU1NTU1MDEyMyJ9.c2ln"
	claims, err := unverifiedClaims(token)
	if err != nil {
		t.Fatal(err)
	}
	if claims["phone_number"] != "+15555550123" || fmt.Sprint(claims["exp"]) != "1763776512" {
		t.Errorf("claims = %v", claims)
	}
	if _, err := unverifiedClaims("not-a-jwt"); err == nil {
		t.Error("a malformed token was decoded")
	}
}

func TestChallengeReport(t *testing.T) {
	both := []string{"sms", "email"}
	tests := []struct {
		ch   challenge
		want string
	}{
		{challenge{Round: 1, Destination: "+1******0123", CodeLength: 6, AttemptsLeft: "3"}, "A sign-in code was sent to +1******0123: 6 digits, 3 attempts left.\n"},
		{challenge{Round: 1, Channel: "sms", Destination: "+1******0123", CodeLength: 6, AttemptsLeft: "3"}, "A sign-in code was sent to +1******0123: 6 digits, 3 attempts left.\n"},
		{challenge{Round: 1, Channel: "email", Destination: "j***@e***.com", CodeLength: 6, AttemptsLeft: "3", Channels: both}, "A sign-in code was sent to j***@e***.com: 6 digits, 3 attempts left.\n"},
		{challenge{Round: 2, After: newCode, Channel: "email", Destination: "j***@e***.com", CodeLength: 6, AttemptsLeft: "3"}, "A new code was sent to j***@e***.com: 3 attempts left.\n"},
		{challenge{Round: 2, After: sameCode, Channel: "sms", Destination: "+1******0123", CodeLength: 6, AttemptsLeft: "2"}, "Wrong code: 2 attempts left.\n"},
		{challenge{Round: 3, After: sameCode, AttemptsLeft: "1"}, "Wrong code: 1 attempt left.\n"},
		{challenge{Round: 1}, "A sign-in code was sent.\n"},
		{challenge{Round: 1, Authenticator: true}, "The pool asks for the 6-digit code of your authenticator app.\n"},
		{challenge{Round: 1, Authenticator: true, Device: "Pixel 8"}, "The pool asks for the 6-digit code of your authenticator app (Pixel 8).\n"},
		{challenge{Round: 2, Authenticator: true, Device: "Pixel 8", Retry: wrongAuthenticatorCode}, "Wrong code.\n"},
	}
	for _, tt := range tests {
		var b strings.Builder
		tt.ch.report(&b)
		if b.String() != tt.want {
			t.Errorf("report of %+v = %q, want %q", tt.ch, b.String(), tt.want)
		}
	}
}

func TestNewChallengeReadsTheChannels(t *testing.T) {
	ch := newChallenge(1, "typed", map[string]string{
		"USERNAME": "uuid", "destination": "+1******0123", "channel": "sms", "channels": "sms,email",
		"codeLength": "6", "attemptsLeft": "3", "resendsLeft": "2",
	})
	if ch.Username != "uuid" || ch.Channel != "sms" || !slices.Equal(ch.Channels, []string{"sms", "email"}) ||
		ch.Destination != "+1******0123" || ch.ResendsLeft != "2" || ch.CodeLength != 6 {
		t.Errorf("newChallenge = %+v", ch)
	}
}

func TestResendRequest(t *testing.T) {
	for line, want := range map[string]string{"r": "", "R": "", " e \n": "email", "s": "sms", "E": "email"} {
		if channel, ok := resendRequest(line); !ok || channel != want {
			t.Errorf("resendRequest(%q) = %q, %v; want %q, true", line, channel, ok, want)
		}
	}
	for _, line := range []string{"123456", "", "resend", "x", "re"} {
		if _, ok := resendRequest(line); ok {
			t.Errorf("resendRequest(%q) asks for a new code", line)
		}
	}
}

func TestCannotResendAndHint(t *testing.T) {
	smsOnly := challenge{Channel: "sms", Channels: []string{"sms"}, Destination: "+1******0123", ResendsLeft: "2"}
	both := challenge{Channel: "sms", Channels: []string{"sms", "email"}, Destination: "+1******0123", ResendsLeft: "1"}
	none := both
	none.ResendsLeft = "0"
	old := challenge{Destination: "+1******0123"} // a pool that says nothing of resends
	tests := []struct {
		ch      challenge
		channel string
		want    string
	}{
		{smsOnly, "", ""},
		{smsOnly, "sms", ""},
		{smsOnly, "email", "the pool sends no codes by email"},
		{both, "email", ""},
		{none, "", "no new code can be sent in this sign-in"},
		{old, "", "the pool does not send new codes"},
	}
	for _, tt := range tests {
		if got := tt.ch.cannotResend(tt.channel); got != tt.want {
			t.Errorf("cannotResend(%q) of %+v = %q, want %q", tt.channel, tt.ch, got, tt.want)
		}
	}
	hints := map[string]challenge{
		"Not received? Type r for a new code (2 new codes left).":                       smsOnly,
		"Not received? Type r for a new code, or e for one by email (1 new code left).": both,
		"": none,
	}
	for want, ch := range hints {
		if got := ch.hint(); got != want {
			t.Errorf("hint of %+v = %q, want %q", ch, got, want)
		}
	}
	if got := old.hint(); got != "" {
		t.Errorf("hint of a pool that sends no new codes: %q", got)
	}
}
