package cli

import (
	"errors"
	"fmt"
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
	tests := []struct {
		ch   challenge
		want string
	}{
		{challenge{Round: 1, Destination: "+1******0123", CodeLength: 6, AttemptsLeft: "3"}, "A sign-in code was sent to +1******0123: 6 digits, 3 attempts left.\n"},
		{challenge{Round: 2, Destination: "+1******0123", CodeLength: 6, AttemptsLeft: "2"}, "Wrong code: 2 attempts left.\n"},
		{challenge{Round: 3, AttemptsLeft: "1"}, "Wrong code: 1 attempt left.\n"},
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
