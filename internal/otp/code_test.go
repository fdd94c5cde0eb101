package otp_test

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/otp"
)

// seeded returns a deterministic randomness source for repeatable tests.
func seeded(seed byte) *rand.ChaCha8 {
	var s [32]byte
	s[0] = seed
	return rand.NewChaCha8(s)
}

func TestGenerateLength(t *testing.T) {
	for length := otp.MinLength; length <= otp.MaxLength; length++ {
		code, err := otp.Generate(otp.GenerateOptions{Length: length, Rand: seeded(1)})
		if err != nil {
			t.Fatalf("length %d: %v", length, err)
		}
		if len(code) != length || strings.Trim(code, "0123456789") != "" {
			t.Errorf("length %d: got %q, want %d digits", length, code, length)
		}
	}
	code, err := otp.Generate(otp.GenerateOptions{})
	if err != nil || len(code) != otp.DefaultLength {
		t.Errorf("default: got %q, %v; want %d digits", code, err, otp.DefaultLength)
	}
}

func TestGenerateRefusesBadLength(t *testing.T) {
	for _, length := range []int{-1, 1, 3, 11, 20} {
		if code, err := otp.Generate(otp.GenerateOptions{Length: length}); err == nil {
			t.Errorf("length %d: got %q, want an error", length, code)
		}
	}
}

func TestGenerateFailsWithoutRandomness(t *testing.T) {
	if code, err := otp.Generate(otp.GenerateOptions{Rand: bytes.NewReader(nil)}); err == nil {
		t.Errorf("empty reader: got %q, want an error", code)
	}
}

// TestGenerateDistribution checks that every digit appears at every
// position with the same frequency (chi-square, 9 degrees of freedom) and
// that leading zeros occur as often as they should.
func TestGenerateDistribution(t *testing.T) {
	const samples = 100_000
	const length = 6
	var counts [length][10]int
	leadingZeros := 0
	source := seeded(7)
	for range samples {
		code, err := otp.Generate(otp.GenerateOptions{Length: length, Rand: source})
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range code {
			counts[i][c-'0']++
		}
		if code[0] == '0' {
			leadingZeros++
		}
	}
	expected := float64(samples) / 10
	for pos, digits := range counts {
		chi2 := 0.0
		for digit, n := range digits {
			if n == 0 {
				t.Errorf("position %d: digit %d never appears", pos, digit)
			}
			chi2 += math.Pow(float64(n)-expected, 2) / expected
		}
		// 27.88 is the 0.999 quantile of chi-square with 9 degrees of freedom.
		if chi2 > 27.88 {
			t.Errorf("position %d: chi-square %.1f > 27.88, digits %v", pos, chi2, digits)
		}
	}
	if math.Abs(float64(leadingZeros)-expected) > 5*math.Sqrt(expected) {
		t.Errorf("leading zeros in %d of %d codes, want about %.0f", leadingZeros, samples, expected)
	}
}

// TestGenerateVectors pins the mapping from randomness to code: a zero
// source gives all zeros (padded), and known bytes give known codes.
func TestGenerateVectors(t *testing.T) {
	tests := []struct {
		name   string
		source []byte
		length int
		want   string
	}{
		{"zero bytes keep leading zeros", []byte{0, 0, 0}, 6, "000000"},
		{"value 42", []byte{0, 0, 42}, 6, "000042"},
		{"largest value", []byte{0x0f, 0x42, 0x3f}, 6, "999999"},
		// 0x0f4240 = 1,000,000 is out of range and rejected, not folded: the next sample is used.
		{"out of range is rejected", []byte{0x0f, 0x42, 0x40, 0, 0, 7}, 6, "000007"},
		{"four digits", []byte{0x27, 0x0f}, 4, "9999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := otp.Generate(otp.GenerateOptions{Length: tt.length, Rand: bytes.NewReader(tt.source)})
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		if _, err := otp.Generate(otp.GenerateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
