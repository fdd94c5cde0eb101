package otp

import (
	"crypto/rand"
	"fmt"
	"io"
	"math/big"
)

// Code lengths accepted by Generate.
const (
	DefaultLength = 6
	MinLength     = 4
	MaxLength     = 10
)

// GenerateOptions says how to make a code.
type GenerateOptions struct {
	// Length is the number of decimal digits. Default DefaultLength; allowed MinLength to MaxLength.
	Length int
	// Rand is the source of randomness. Default crypto/rand.Reader; tests inject their own.
	Rand io.Reader
}

// Generate returns a code of opts.Length decimal digits, uniform over all
// 10^Length values: leading zeros included, no modulo bias (crypto/rand.Int
// rejects out-of-range samples instead of folding them).
func Generate(opts GenerateOptions) (string, error) {
	length := opts.Length
	if length == 0 {
		length = DefaultLength
	}
	if length < MinLength || length > MaxLength {
		return "", fmt.Errorf("otp: code length %d is outside %d to %d", length, MinLength, MaxLength)
	}
	source := opts.Rand
	if source == nil {
		source = rand.Reader
	}
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(length)), nil)
	n, err := rand.Int(source, limit)
	if err != nil {
		return "", fmt.Errorf("otp: reading randomness: %w", err)
	}
	return fmt.Sprintf("%0*d", length, n), nil
}
