package otp_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/otp"
)

var (
	testKey = []byte("0123456789abcdef0123456789abcdef")
	t0      = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
)

func newSealer(t testing.TB) *otp.Sealer {
	s, err := otp.NewSealer(testKey)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNewSealerRefusesShortKey(t *testing.T) {
	if _, err := otp.NewSealer(testKey[:31]); err == nil {
		t.Fatal("31-byte key accepted")
	}
}

func TestCheck(t *testing.T) {
	s := newSealer(t)
	seal := s.Seal("alice", "042917", t0.Add(3*time.Minute))
	other, _ := otp.NewSealer([]byte(strings.Repeat("k", 32)))
	tests := []struct {
		name    string
		sealer  *otp.Sealer
		subject string
		answer  string
		now     time.Time
		want    bool
	}{
		{"right code", s, "alice", "042917", t0, true},
		{"right code just before expiry", s, "alice", "042917", t0.Add(3*time.Minute - time.Second), true},
		{"right code at expiry", s, "alice", "042917", t0.Add(3 * time.Minute), false},
		{"wrong code", s, "alice", "042918", t0, false},
		{"without leading zero", s, "alice", "42917", t0, false},
		{"other user", s, "bob", "042917", t0, false},
		{"other key", other, "alice", "042917", t0, false},
		{"empty answer", s, "alice", "", t0, false},
		{"code with suffix", s, "alice", "0429170", t0, false},
		{"very long answer", s, "alice", strings.Repeat("0", 100_000), t0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.sealer.Check(seal, tt.subject, tt.answer, tt.now); got != tt.want {
				t.Errorf("Check = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSealExpiryCannotBeMoved(t *testing.T) {
	s := newSealer(t)
	seal := s.Seal("alice", "042917", t0)
	seal.ExpiresAt = t0.Add(time.Hour) // an attacker extends the expiry
	if s.Check(seal, "alice", "042917", t0.Add(time.Minute)) {
		t.Fatal("a seal with a moved expiry was accepted")
	}
}

func TestSealRoundTrip(t *testing.T) {
	s := newSealer(t)
	seal := s.Seal("alice", "042917", t0)
	encoded := seal.String()
	if strings.Contains(encoded, "042917") {
		t.Fatalf("encoded seal %q holds the code", encoded)
	}
	parsed, err := otp.ParseSeal(encoded)
	if err != nil {
		t.Fatal(err)
	}
	if !parsed.ExpiresAt.Equal(seal.ExpiresAt) || parsed.String() != encoded {
		t.Fatalf("round trip: got %v, want %v", parsed, seal)
	}
	if !s.Check(parsed, "alice", "042917", t0.Add(-time.Second)) {
		t.Fatal("parsed seal does not check")
	}
}

func TestParseSealRefusesGarbage(t *testing.T) {
	valid := newSealer(t).Seal("alice", "042917", t0).String()
	for _, encoded := range []string{
		"", "v1", "v1..", "v2" + valid[2:], valid + ".x", "v1.notanumber." + strings.Split(valid, ".")[2],
		"v1.1767268800.!!!", "v1.0" + valid[3:], "v1.+" + valid[3:], valid[:len(valid)-1] + "p", "v1.1767268800.AAAA", "042917", strings.Repeat("v1.", 1000),
	} {
		if _, err := otp.ParseSeal(encoded); err == nil {
			t.Errorf("ParseSeal(%q) accepted", encoded)
		}
	}
}

func TestDigestIsStableAndKeyed(t *testing.T) {
	s := newSealer(t)
	other, _ := otp.NewSealer([]byte(strings.Repeat("k", 32)))
	if string(s.Digest("x")) != string(s.Digest("x")) {
		t.Error("Digest is not stable")
	}
	if string(s.Digest("x")) == string(s.Digest("y")) || string(s.Digest("x")) == string(other.Digest("x")) {
		t.Error("Digest does not depend on its input and key")
	}
}

func BenchmarkCheck(b *testing.B) {
	s := newSealer(b)
	seal := s.Seal("alice", "042917", t0.Add(time.Minute))
	for b.Loop() {
		s.Check(seal, "alice", "042917", t0)
	}
}
