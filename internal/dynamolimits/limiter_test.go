package dynamolimits_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/dynamolimits"
	"github.com/cognito-passwordless/passwordless-go/internal/limits"
	"github.com/cognito-passwordless/passwordless-go/internal/testnet"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

// start is on a boundary of every window the tests use.
var start = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

func win(limit int, length time.Duration) limits.Window {
	return limits.Window{Limit: limit, Length: length}
}

func number(i int) string { return fmt.Sprintf("+1555%07d", i) }

// newLimiter returns a Limiter over store on the clock *now.
func newLimiter(t testing.TB, policy limits.Policy, store limits.Store, now *time.Time) *limits.Limiter {
	t.Helper()
	l, err := limits.New(limits.Options{Policy: policy, Store: store, Key: testKey, Now: func() time.Time { return *now }})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestLimiterOverDynamoDB runs every limit to its threshold and past it,
// and across a window boundary, with the counters in DynamoDB.
func TestLimiterOverDynamoDB(t *testing.T) {
	policy := limits.Policy{
		PerNumber:    []limits.Window{win(3, 15*time.Minute), win(5, 24*time.Hour)},
		PerCountry:   win(8, time.Hour),
		Pool:         win(10, time.Hour),
		WrongAnswers: win(3, time.Hour),
	}
	f := newFixture(t)
	ctx := testContext(t)
	now := start
	l := newLimiter(t, policy, f.store, &now)
	expect := func(number, country string, want limits.Kind) {
		t.Helper()
		d, err := l.AllowSMS(ctx, number, country)
		if err != nil || d.Allowed != (want == "") || d.RefusedBy != want {
			t.Fatalf("at %v, %s: %v, %v; want refused by %q", now.Format(time.TimeOnly), number, d, err, want)
		}
	}

	// Number: 3 in 15 minutes, the 4th refused; 5 in a day.
	for range 3 {
		expect(number(0), "+1", "")
	}
	expect(number(0), "+1", limits.KindNumber)
	now = start.Add(15 * time.Minute)
	expect(number(0), "+1", "")
	expect(number(0), "+1", "")
	expect(number(0), "+1", limits.KindNumber) // the day's 5 are spent
	// Country: 5 of +1's 8 are spent; 3 more, then refused. +44 is apart.
	for i := range 3 {
		expect(number(i+1), "+1", "")
	}
	expect(number(9), "+1", limits.KindCountry)
	// Pool: 8 of 10 spent; 2 more from +44, then refused.
	expect("+447700900001", "+44", "")
	expect("+447700900002", "+44", "")
	expect("+447700900003", "+44", limits.KindPool)
	// The pool's refusal handed back the number's counts: its day still
	// has all 5.
	now = start.Add(time.Hour)
	for range 3 {
		expect("+447700900003", "+44", "")
	}
	now = start.Add(75 * time.Minute)
	expect("+447700900003", "+44", "")
	expect("+447700900003", "+44", "")
	expect("+447700900003", "+44", limits.KindNumber)

	// Lockout: 3 wrong answers, across case, lock the name until the end
	// of the next window.
	now = start.Add(90 * time.Minute)
	for _, name := range []string{"Alice", "alice", "ALICE"} {
		if err := l.RecordWrongAnswer(ctx, name); err != nil {
			t.Fatal(err)
		}
	}
	for _, step := range []struct {
		at   time.Duration
		want bool
	}{{90 * time.Minute, true}, {2 * time.Hour, true}, {3*time.Hour - time.Second, true}, {3 * time.Hour, false}} {
		now = start.Add(step.at)
		d, err := l.AllowSignIn(ctx, "alice", number(50), "+1", limits.Real)
		if err != nil || (d.RefusedBy == limits.KindLockout) != step.want {
			t.Errorf("at %v: %v, %v; want locked %v", step.at, d, err, step.want)
		}
	}
}

// TestLimiterConcurrentOverDynamoDB: 50 sign-ins at once for one number
// get exactly the number's limit, and 50 at once for other numbers exactly
// the pool's. The two run apart: where one request meets both limits, a
// request that holds the number's last count and is then refused by the
// pool hands it back after others were refused, which is right, but makes
// the count for the number depend on timing.
func TestLimiterConcurrentOverDynamoDB(t *testing.T) {
	f := newFixture(t)
	ctx := testContext(t)
	now := start
	concurrently := func(l *limits.Limiter, number func(i int) string) int32 {
		var allowed atomic.Int32
		var wg sync.WaitGroup
		for i := range 50 {
			wg.Go(func() {
				if d, err := l.AllowSMS(ctx, number(i), "+1"); err != nil {
					t.Error(err)
				} else if d.Allowed {
					allowed.Add(1)
				}
			})
		}
		wg.Wait()
		return allowed.Load()
	}
	perNumber := newLimiter(t, limits.Policy{PerNumber: []limits.Window{win(3, 15*time.Minute)}, Pool: win(1000, time.Hour)}, f.store, &now)
	if n := concurrently(perNumber, func(int) string { return number(0) }); n != 3 {
		t.Errorf("%d of 50 allowed to one number, want its limit, 3", n)
	}
	now = start.Add(time.Hour) // a new hour: the pool's budget starts again
	pool := newLimiter(t, limits.Policy{PerNumber: []limits.Window{win(3, 15*time.Minute)}, Pool: win(20, time.Hour)}, f.store, &now)
	if n := concurrently(pool, func(i int) string { return number(i + 1) }); n != 20 {
		t.Errorf("%d of 50 allowed to 50 numbers, want the pool's budget, 20", n)
	}
}

// TestLimiterFailsClosedOverDynamoDB: DynamoDB down or hanging refuses
// every check, with an error, by the caller's deadline.
func TestLimiterFailsClosedOverDynamoDB(t *testing.T) {
	for _, tc := range []struct {
		name     string
		endpoint func(testing.TB) string
		within   time.Duration
	}{
		{"down", testnet.Refused, time.Second},
		{"hanging", testnet.Silent, 1500 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := start
			l := newLimiter(t, limits.DefaultPolicy(), storeAt(t, "http://"+tc.endpoint(t)), &now)
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			began := time.Now()
			d, err := l.AllowSignIn(ctx, "alice", number(1), "+1", limits.Real)
			var dynErr *dynamolimits.Error
			if d.Allowed || d.RefusedBy != limits.KindLockout || !errors.As(err, &dynErr) {
				t.Errorf("AllowSignIn: %v, %v; want refused by the lockout check with its error", d, err)
			}
			if elapsed := time.Since(began); elapsed > tc.within {
				t.Errorf("took %v, want under %v", elapsed, tc.within)
			}
			ctx, cancel = context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			if d, err := l.AllowSMS(ctx, number(1), "+1"); d.Allowed || err == nil {
				t.Errorf("AllowSMS: %v, %v; want refused with an error", d, err)
			}
		})
	}
}

// TestPoolBudgetShardsOverDynamoDB: 50 concurrent sign-ins of different
// numbers against a pool budget of 40 spread over 16 items: exactly 40 are
// allowed, and the 16 items hold their shares, 40 in all.
func TestPoolBudgetShardsOverDynamoDB(t *testing.T) {
	f := newFixture(t)
	ctx := testContext(t)
	now := start
	l := newLimiter(t, limits.Policy{Pool: win(40, time.Hour), BudgetShards: 16}, f.store, &now)
	var allowed atomic.Int32
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			d, err := l.AllowSMS(ctx, number(100+i), "+1")
			if err != nil {
				t.Error(err)
			} else if d.Allowed {
				allowed.Add(1)
			}
		})
	}
	wg.Wait()
	if n := allowed.Load(); n != 40 {
		t.Errorf("%d of 50 allowed, want the budget, 40", n)
	}
	var total int64
	for shard := range 16 {
		item := f.item(t, fmt.Sprintf("p#all#3600#%d#%d", start.Unix(), shard))
		n := numberAttr(t, item, dynamolimits.AttrCount)
		if n < 2 || n > 3 {
			t.Errorf("shard %d holds %d, want its share, 2 or 3", shard, n)
		}
		total += n
	}
	if total != 40 {
		t.Errorf("the shards hold %d, want 40", total)
	}
}
