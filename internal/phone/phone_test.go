package phone_test

import (
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/phone"
)

func TestValidAndMask(t *testing.T) {
	tests := []struct {
		number string
		valid  bool
		mask   string
	}{
		{"+15555550123", true, "+1******0123"},
		{"+447700900123", true, "+4*******0123"},
		{"+4930123456", true, "+4*****3456"},
		{"+1234567", true, "+1**4567"},
		{"+123456789012345", true, "+1**********2345"},
		{"+1234567890123456", false, "***"}, // 16 digits
		{"+123456", false, "***"},           // too short
		{"15555550123", false, "***"},       // no plus
		{"+05555550123", false, "***"},      // country code 0
		{"+1 555 555 0123", false, "***"},
		{"+1-555-555-0123", false, "***"},
		{"+1555555012a", false, "***"},
		{"", false, "***"},
		{"+", false, "***"},
		{"+15555550123\n", false, "***"},
		{"＋15555550123", false, "***"}, // full-width plus
	}
	for _, tt := range tests {
		if got := phone.Valid(tt.number); got != tt.valid {
			t.Errorf("Valid(%q) = %v, want %v", tt.number, got, tt.valid)
		}
		if got := phone.Mask(tt.number); got != tt.mask {
			t.Errorf("Mask(%q) = %q, want %q", tt.number, got, tt.mask)
		}
	}
}
