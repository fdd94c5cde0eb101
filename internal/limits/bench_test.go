package limits_test

import (
	"context"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/limits"
)

// BenchmarkAllowSMS is the default policy's check of one code on a
// MemoryStore, each code to another number; the pool budget is raised so
// that all are allowed.
func BenchmarkAllowSMS(b *testing.B) {
	policy := limits.DefaultPolicy()
	policy.Pool.Limit = limits.MaxLimit
	c := newClock(time.Now())
	l, err := limits.New(limits.Options{Policy: policy, Store: limits.NewMemoryStore(c.Now), Key: testKey, Now: c.Now})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		if d, err := l.AllowSMS(ctx, number(i), "+1"); err != nil || !d.Allowed {
			b.Fatal(d, err)
		}
	}
}

// BenchmarkAllowSignInLocked is a sign-in refused by the lockout: one
// check, nothing counted.
func BenchmarkAllowSignInLocked(b *testing.B) {
	c := newClock(time.Now())
	l, err := limits.New(limits.Options{Policy: limits.DefaultPolicy(), Store: limits.NewMemoryStore(c.Now), Key: testKey, Now: c.Now})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for range limits.DefaultWrongAnswers {
		l.RecordWrongAnswer(ctx, "mallory")
	}
	for b.Loop() {
		if d, _ := l.AllowSignIn(ctx, "mallory", number(1), "+1", limits.Real); d.Allowed {
			b.Fatal("allowed")
		}
	}
}

// BenchmarkAllowEmail is the default policy's check of one email code on a
// MemoryStore, each code to another address; the email budget is raised so
// that all are allowed.
func BenchmarkAllowEmail(b *testing.B) {
	policy := limits.DefaultPolicy()
	policy.EmailPool.Limit = limits.MaxLimit
	c := newClock(time.Now())
	l, err := limits.New(limits.Options{Policy: policy, Store: limits.NewMemoryStore(c.Now), Key: testKey, Now: c.Now})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		if d, err := l.AllowEmail(ctx, address(i)); err != nil || !d.Allowed {
			b.Fatal(d, err)
		}
	}
}
