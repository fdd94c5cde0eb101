package dynamolimits_test

import (
	"context"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/limits"
)

// BenchmarkAdd is one conditional UpdateItem against moto_server.
func BenchmarkAdd(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	expires := time.Now().Add(time.Hour)
	for b.Loop() {
		if _, err := f.store.Add(ctx, "k", 1, limits.MaxLimit, expires); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAllowSMS is the default policy's check of one code (two number
// windows and the pool: three UpdateItems) against moto_server, each code
// to another number; the pool budget is raised so that all are allowed.
func BenchmarkAllowSMS(b *testing.B) {
	f := newFixture(b)
	policy := limits.DefaultPolicy()
	policy.Pool.Limit = limits.MaxLimit
	now := time.Now()
	l := newLimiter(b, policy, f.store, &now)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		if d, err := l.AllowSMS(ctx, number(i), "+1"); err != nil || !d.Allowed {
			b.Fatal(d, err)
		}
	}
}
