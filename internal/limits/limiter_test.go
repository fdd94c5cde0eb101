package limits_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/limits"
)

// TestSMSThresholds sends under, at and over each SMS limit within one
// window: every request up to the limit is allowed, the one over it is
// refused by that limit.
func TestSMSThresholds(t *testing.T) {
	same := func(int) string { return number(1) }
	distinct := func(i int) string { return number(i) }
	uk := func(int) string { return "+44" }
	byIndex := func(i int) string { return fmt.Sprintf("+%d", 30+i) }
	defaults := limits.DefaultPolicy()
	defaults.Pool = win(1000, time.Hour)
	cases := []struct {
		name    string
		policy  limits.Policy
		number  func(i int) string
		country func(i int) string
		limit   int
		want    limits.Kind
		window  limits.Window
	}{
		{"number, one short window", limits.Policy{PerNumber: []limits.Window{win(3, 15*time.Minute)}}, same, uk, 3, limits.KindNumber, win(3, 15*time.Minute)},
		{"number, one long window", limits.Policy{PerNumber: []limits.Window{win(10, 24*time.Hour)}}, same, uk, 10, limits.KindNumber, win(10, 24*time.Hour)},
		{"number, defaults", defaults, same, uk, 3, limits.KindNumber, win(3, 15*time.Minute)},
		{"number, long window listed first", limits.Policy{PerNumber: []limits.Window{win(5, time.Hour), win(2, time.Minute)}}, same, uk, 2, limits.KindNumber, win(2, time.Minute)},
		{"country", limits.Policy{PerCountry: win(5, time.Hour)}, distinct, uk, 5, limits.KindCountry, win(5, time.Hour)},
		{"country, other countries apart", limits.Policy{PerCountry: win(1, time.Hour), Pool: win(4, time.Hour)}, distinct, byIndex, 4, limits.KindPool, win(4, time.Hour)},
		{"pool", limits.Policy{Pool: win(7, time.Hour)}, distinct, uk, 7, limits.KindPool, win(7, time.Hour)},
		{"pool, default", limits.DefaultPolicy(), distinct, uk, limits.DefaultPoolPerHour, limits.KindPool, win(limits.DefaultPoolPerHour, time.Hour)},
		{"country before pool", limits.Policy{PerCountry: win(3, time.Hour), Pool: win(3, time.Hour)}, distinct, uk, 3, limits.KindCountry, win(3, time.Hour)},
	}
	for _, tc := range cases {
		for _, over := range []int{-1, 0, 1} {
			t.Run(fmt.Sprintf("%s/%+d", tc.name, over), func(t *testing.T) {
				l, _ := newLimiter(t, tc.policy, newClock(start.Add(time.Second)))
				for i := range tc.limit + over {
					d := mustAllowSMS(t, l, tc.number(i), tc.country(i))
					if i < tc.limit && !d.Allowed {
						t.Fatalf("request %d of %d: %v, want allowed", i+1, tc.limit, d)
					}
					if i == tc.limit && (d.Allowed || d.RefusedBy != tc.want || d.Window != tc.window) {
						t.Fatalf("request %d: %v, want refused by %s (%v)", i+1, d, tc.want, tc.window)
					}
				}
			})
		}
	}
}

// TestLockoutThresholds gives under, at and over the limit of wrong answers.
func TestLockoutThresholds(t *testing.T) {
	for _, k := range []int{1, 3, limits.DefaultWrongAnswers} {
		for _, over := range []int{-1, 0, 1} {
			if k+over < 0 {
				continue
			}
			t.Run(fmt.Sprintf("%d%+d", k, over), func(t *testing.T) {
				l, _ := newLimiter(t, limits.Policy{WrongAnswers: win(k, time.Hour)}, newClock(start))
				for range k + over {
					if err := l.RecordWrongAnswer(context.Background(), "alice"); err != nil {
						t.Fatal(err)
					}
				}
				locked, err := l.Locked(context.Background(), "alice")
				if err != nil || locked != (over >= 0) {
					t.Errorf("after %d wrong answers: locked %v, %v; want %v", k+over, locked, err, over >= 0)
				}
				d, err := l.AllowSignIn(context.Background(), "alice", number(1), "+1", limits.Real)
				if err != nil || d.Allowed != (over < 0) || (!d.Allowed && d.RefusedBy != limits.KindLockout) {
					t.Errorf("AllowSignIn: %v, %v", d, err)
				}
			})
		}
	}
}

// TestNumberWindowsRollOver moves the clock across window boundaries.
func TestNumberWindowsRollOver(t *testing.T) {
	c := newClock(start)
	l, _ := newLimiter(t, limits.Policy{PerNumber: []limits.Window{win(3, 15*time.Minute), win(10, 24*time.Hour)}}, c)
	n := number(1)
	expect := func(want bool, kind limits.Kind, length time.Duration) {
		t.Helper()
		d := mustAllowSMS(t, l, n, "+1")
		if d.Allowed != want || (!want && (d.RefusedBy != kind || d.Window.Length != length)) {
			t.Fatalf("at %v: %v, want allowed %v (refused by %s per %v)", c.Now().Format(time.TimeOnly), d, want, kind, length)
		}
	}
	for range 3 {
		expect(true, "", 0)
	}
	expect(false, limits.KindNumber, 15*time.Minute)
	c.Set(start.Add(15*time.Minute - time.Second))
	expect(false, limits.KindNumber, 15*time.Minute)
	c.Set(start.Add(15 * time.Minute)) // a new 15-minute window
	for range 3 {
		expect(true, "", 0)
	}
	expect(false, limits.KindNumber, 15*time.Minute)
	// 6 so far today; 4 more in the next two windows, then the day is full.
	c.Set(start.Add(30 * time.Minute))
	for range 3 {
		expect(true, "", 0)
	}
	c.Set(start.Add(45 * time.Minute))
	expect(true, "", 0)
	expect(false, limits.KindNumber, 24*time.Hour)
	c.Set(start.Add(23*time.Hour + 59*time.Minute))
	expect(false, limits.KindNumber, 24*time.Hour)
	c.Set(start.Add(24 * time.Hour))
	expect(true, "", 0)
}

// TestFixedWindowBoundary shows the documented cost of fixed windows: a
// burst on each side of a boundary lets 2×Limit through within seconds.
func TestFixedWindowBoundary(t *testing.T) {
	c := newClock(start.Add(15*time.Minute - time.Second))
	l, _ := newLimiter(t, limits.Policy{PerNumber: []limits.Window{win(3, 15*time.Minute)}}, c)
	sent := 0
	for range 2 {
		for range 4 {
			if mustAllowSMS(t, l, number(1), "+1").Allowed {
				sent++
			}
		}
		c.Advance(time.Second)
	}
	if sent != 6 {
		t.Errorf("%d codes across the boundary, want 6 (2×3)", sent)
	}
}

// TestLockoutLastsIntoNextWindow: the answer that locks a name out at the
// end of a window keeps it locked through the next one, and no longer.
func TestLockoutLastsIntoNextWindow(t *testing.T) {
	ctx := context.Background()
	c := newClock(start.Add(59 * time.Minute))
	l, _ := newLimiter(t, limits.Policy{WrongAnswers: win(3, time.Hour)}, c)
	locked := func(name string) bool {
		t.Helper()
		got, err := l.Locked(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	for range 3 {
		if err := l.RecordWrongAnswer(ctx, "alice"); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		at   time.Duration
		want bool
	}{
		{59 * time.Minute, true},
		{60 * time.Minute, true}, // a new window, carried
		{119*time.Minute + 59*time.Second, true},
		{120 * time.Minute, false},
	}
	for _, s := range steps {
		c.Set(start.Add(s.at))
		if got := locked("alice"); got != s.want {
			t.Errorf("at %v: locked %v, want %v", s.at, got, s.want)
		}
	}

	// Two answers in one window and two in the next lock nobody out.
	c.Set(start.Add(3*time.Hour - time.Minute))
	for range 2 {
		l.RecordWrongAnswer(ctx, "bob")
	}
	c.Set(start.Add(3 * time.Hour))
	for range 2 {
		l.RecordWrongAnswer(ctx, "bob")
	}
	if locked("bob") {
		t.Error("bob locked out by 2 + 2 wrong answers across a boundary, limit 3")
	}
}

// TestLockoutNames: names that differ in case share a count; other names,
// real or not, are counted apart and alike.
func TestLockoutNames(t *testing.T) {
	ctx := context.Background()
	l, _ := newLimiter(t, limits.Policy{WrongAnswers: win(4, time.Hour)}, newClock(start))
	for _, name := range []string{"Alice", "alice", "ALICE", "aLiCe"} {
		if err := l.RecordWrongAnswer(ctx, name); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"alice", "Alice", "ALICE"} {
		if locked, err := l.Locked(ctx, name); err != nil || !locked {
			t.Errorf("%s: locked %v, %v; want true", name, locked, err)
		}
	}
	for _, name := range []string{"alice2", "bob", "+15550000001", ""} {
		if locked, err := l.Locked(ctx, name); err != nil || locked {
			t.Errorf("%q: locked %v, %v; want false", name, locked, err)
		}
	}
}

// TestRefusalSpendsNothing: a request refused by one limit leaves every
// other counter as it was.
func TestRefusalSpendsNothing(t *testing.T) {
	t.Run("number refusal spends no pool or country", func(t *testing.T) {
		l, store := newLimiter(t, limits.Policy{
			PerNumber:  []limits.Window{win(1, 15*time.Minute), win(5, 24*time.Hour)},
			PerCountry: win(10, time.Hour),
			Pool:       win(2, time.Hour),
		}, newClock(start))
		mustAllowSMS(t, l, number(1), "+1")
		for range 20 {
			if d := mustAllowSMS(t, l, number(1), "+1"); d.RefusedBy != limits.KindNumber {
				t.Fatalf("repeat: %v, want refused by number", d)
			}
		}
		if n, c, p := store.netOf("n"), store.netOf("c"), store.netOf("p"); n != 2 || c != 1 || p != 1 {
			t.Errorf("net counts: number %d (want 2: one per window), country %d (want 1), pool %d (want 1)", n, c, p)
		}
		if d := mustAllowSMS(t, l, number(2), "+1"); !d.Allowed {
			t.Errorf("another number: %v, want allowed: the pool has room for 2", d)
		}
	})
	t.Run("pool refusal hands back the number's and country's counts", func(t *testing.T) {
		c := newClock(start)
		l, store := newLimiter(t, limits.Policy{
			PerNumber:  []limits.Window{win(1, 24*time.Hour)},
			PerCountry: win(10, 24*time.Hour),
			Pool:       win(1, time.Hour),
		}, c)
		mustAllowSMS(t, l, number(1), "+1")
		if d := mustAllowSMS(t, l, number(2), "+1"); d.RefusedBy != limits.KindPool {
			t.Fatalf("second number: %v, want refused by pool", d)
		}
		if n, cc := store.netOf("n"), store.netOf("c"); n != 1 || cc != 1 {
			t.Errorf("net counts after the pool refused: number %d, country %d; want 1, 1", n, cc)
		}
		c.Advance(time.Hour) // the pool refills; number 2's day was not spent
		if d := mustAllowSMS(t, l, number(2), "+1"); !d.Allowed {
			t.Errorf("number 2 an hour later: %v, want allowed", d)
		}
	})
	t.Run("long window refusal hands back the short one", func(t *testing.T) {
		c := newClock(start)
		l, store := newLimiter(t, limits.Policy{PerNumber: []limits.Window{win(2, time.Minute), win(2, time.Hour)}}, c)
		mustAllowSMS(t, l, number(1), "+1")
		c.Advance(time.Minute)
		mustAllowSMS(t, l, number(1), "+1")
		c.Advance(time.Minute)
		if d := mustAllowSMS(t, l, number(1), "+1"); d.Window.Length != time.Hour {
			t.Fatalf("third in the hour: %v, want refused by the hour", d)
		}
		if n := store.netOf("n"); n != 4 {
			t.Errorf("net number counts %d, want 4 (2 per window)", n)
		}
	})
	t.Run("a locked name spends no SMS", func(t *testing.T) {
		l, store := newLimiter(t, limits.DefaultPolicy(), newClock(start))
		for range limits.DefaultWrongAnswers {
			l.RecordWrongAnswer(context.Background(), "mallory")
		}
		for range 5 {
			d, err := l.AllowSignIn(context.Background(), "mallory", number(1), "+1", limits.Real)
			if err != nil || d.Allowed || d.RefusedBy != limits.KindLockout || d.Window != win(limits.DefaultWrongAnswers, time.Hour) {
				t.Fatalf("AllowSignIn of a locked name: %v, %v", d, err)
			}
		}
		if n, p := store.netOf("n"), store.netOf("p"); n != 0 || p != 0 {
			t.Errorf("net counts number %d, pool %d; want 0, 0", n, p)
		}
	})
}

// TestFailClosed: whichever call fails, nothing is allowed, the error comes
// back, and the counts taken before are handed back.
func TestFailClosed(t *testing.T) {
	policy := limits.Policy{
		PerNumber:    []limits.Window{win(3, 15*time.Minute), win(10, 24*time.Hour)},
		PerCountry:   win(10, time.Hour),
		Pool:         win(10, time.Hour),
		WrongAnswers: win(2, time.Hour),
	}
	kinds := []limits.Kind{limits.KindNumber, limits.KindNumber, limits.KindCountry, limits.KindPool}
	for i, kind := range kinds {
		t.Run(fmt.Sprintf("AllowSMS call %d", i+1), func(t *testing.T) {
			c := newClock(start)
			store := &failing{ledger: newLedger(c.Now), failAt: i + 1}
			l, err := limits.New(limits.Options{Policy: policy, Store: store, Key: testKey, Now: c.Now})
			if err != nil {
				t.Fatal(err)
			}
			d, err := l.AllowSMS(context.Background(), number(1), "+1")
			if !errors.Is(err, errStore) || d.Allowed || d.RefusedBy != kind {
				t.Errorf("got %v, %v; want refused by %s with the store's error", d, err, kind)
			}
			if err != nil && strings.Contains(err.Error(), "555") {
				t.Errorf("error names the number: %v", err)
			}
			// The refunds failed too (the store is down), so nothing is
			// handed back; what was taken stays taken, which only refuses more.
			d, err = l.AllowSignIn(context.Background(), "alice", number(1), "+1", limits.Real)
			if err == nil || d.Allowed {
				t.Errorf("AllowSignIn: %v, %v; want refused with an error", d, err)
			}
		})
	}
	t.Run("refund after a failure", func(t *testing.T) {
		c := newClock(start)
		store := &flaky{ledger: newLedger(c.Now), failKey: "p#"}
		l, _ := limits.New(limits.Options{Policy: policy, Store: store, Key: testKey, Now: c.Now})
		d, err := l.AllowSMS(context.Background(), number(1), "+1")
		if err == nil || d.Allowed || d.RefusedBy != limits.KindPool {
			t.Fatalf("got %v, %v; want refused by pool with an error", d, err)
		}
		if n, cc := store.netOf("n"), store.netOf("c"); n != 0 || cc != 0 {
			t.Errorf("net counts number %d, country %d; want 0 after the refunds", n, cc)
		}
	})
	t.Run("Locked", func(t *testing.T) {
		l, _ := limits.New(limits.Options{Policy: policy, Store: &failing{ledger: newLedger(nil), failAt: 1}, Key: testKey})
		if locked, err := l.Locked(context.Background(), "alice"); !locked || !errors.Is(err, errStore) {
			t.Errorf("got %v, %v; want locked with the store's error", locked, err)
		}
	})
	for failAt := 1; failAt <= 3; failAt++ {
		t.Run(fmt.Sprintf("RecordWrongAnswer call %d", failAt), func(t *testing.T) {
			store := &failing{ledger: newLedger(nil), failAt: failAt + 1} // the first answer goes through
			l, _ := limits.New(limits.Options{Policy: policy, Store: store, Key: testKey})
			if err := l.RecordWrongAnswer(context.Background(), "alice"); err != nil {
				t.Fatal(err)
			}
			store.failAt = store.calls + failAt
			var err error
			for range 3 {
				if err = l.RecordWrongAnswer(context.Background(), "alice"); err != nil {
					break
				}
			}
			if !errors.Is(err, errStore) {
				t.Errorf("got %v, want the store's error", err)
			}
		})
	}
	t.Run("context done", func(t *testing.T) {
		l, _ := newLimiter(t, policy, newClock(start))
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		d, err := l.AllowSMS(ctx, number(1), "+1")
		if !errors.Is(err, context.Canceled) || d.Allowed {
			t.Errorf("got %v, %v; want refused with context.Canceled", d, err)
		}
	})
}

// flaky fails every call on keys that start with failKey.
type flaky struct {
	*ledger
	failKey string
}

func (f *flaky) Add(ctx context.Context, key string, delta, limit int, expires time.Time) (bool, error) {
	if strings.HasPrefix(key, f.failKey) {
		return false, errStore
	}
	return f.ledger.Add(ctx, key, delta, limit, expires)
}

// keyFormat is "<kind>#<id>#<seconds>#<window start>".
var keyFormat = regexp.MustCompile(`^([nal]#[A-Za-z0-9_-]{1,22}#[1-9][0-9]*#-?[0-9]+|[cpe]#[A-Za-z0-9_-]{1,22}#[1-9][0-9]*#-?[0-9]+#[0-9]+)$`)

// shardSuffix is the shard a shared budget's key ends with.
var shardSuffix = regexp.MustCompile(`^([cpe]#.*)#[0-9]+$`)

// unsharded returns keys with the shards of shared budgets cut off: the
// shard is chosen at random, the rest of the key is not.
func unsharded(keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = shardSuffix.ReplaceAllString(k, "$1")
	}
	return out
}

// TestKeys: keys hold no number and no name, are shared by spellings of
// one number or one name, and differ under another hash key.
func TestKeys(t *testing.T) {
	keysOf := func(key []byte, username, number string) []string {
		c := newClock(start)
		store := newLedger(c.Now)
		policy := limits.DefaultPolicy()
		policy.PerCountry = win(5, time.Hour)
		l, err := limits.New(limits.Options{Policy: policy, Store: store, Key: key, Now: c.Now})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if _, err := l.AllowSignIn(ctx, username, number, "+44", limits.Real); err != nil {
			t.Fatal(err)
		}
		for range limits.DefaultWrongAnswers {
			if err := l.RecordWrongAnswer(ctx, username); err != nil {
				t.Fatal(err)
			}
		}
		return unsharded(store.keys())
	}
	keys := keysOf(testKey, "Alice.Smith", "+447700900123")
	wantPrefixes := map[string]bool{"n": false, "c": false, "p": false, "l": false}
	for _, key := range keys {
		if !keyFormat.MatchString(key) && !keyFormat.MatchString(key+"#0") {
			t.Errorf("key %q is not <kind>#<id>#<seconds>#<start>[#<shard>]", key)
		}
		lower := strings.ToLower(key)
		if strings.Contains(key, "7700900123") || strings.Contains(lower, "alice") || strings.Contains(lower, "smith") {
			t.Errorf("key %q holds the number or the name", key)
		}
		wantPrefixes[key[:1]] = true
	}
	for prefix, seen := range wantPrefixes {
		if !seen {
			t.Errorf("no key of kind %s among %q", prefix, keys)
		}
	}
	if !contains(keys, "c#44#3600#"+fmt.Sprint(start.Unix())) {
		t.Errorf("no country key c#44#3600#<start> among %q", keys)
	}
	if !contains(keys, "p#all#3600#"+fmt.Sprint(start.Unix())) {
		t.Errorf("no pool key among %q", keys)
	}
	if same := keysOf(testKey, "alice.SMITH", "+44 7700 900-123"); strings.Join(same, ",") != strings.Join(keys, ",") {
		t.Errorf("another spelling of the number and the name:\n%q\nwant\n%q", same, keys)
	}
	other := keysOf([]byte(strings.Repeat("k", limits.MinKeyLength)), "Alice.Smith", "+447700900123")
	for _, key := range other {
		if (key[0] == 'n' || key[0] == 'l') && contains(keys, key) {
			t.Errorf("key %q is the same under another hash key", key)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestConcurrentLimiter: many goroutines at once get exactly a limit through: one
// number's, then the pool's. The two run apart: where one request meets
// both limits, one that holds the number's last count and is then refused
// by the pool hands it back after others were refused, which is right but
// makes the count for the number depend on timing.
func TestConcurrentLimiter(t *testing.T) {
	concurrently := func(l *limits.Limiter, id func(i int) string) int32 {
		var allowed atomic.Int32
		var wg sync.WaitGroup
		for i := range 400 {
			wg.Go(func() {
				if d, err := l.AllowSMS(context.Background(), id(i), "+1"); err == nil && d.Allowed {
					allowed.Add(1)
				}
			})
		}
		wg.Wait()
		return allowed.Load()
	}
	one, _ := newLimiter(t, limits.Policy{PerNumber: []limits.Window{win(3, 15*time.Minute)}, Pool: win(1000, time.Hour)}, newClock(start))
	if got := concurrently(one, func(int) string { return number(0) }); got != 3 {
		t.Errorf("one number: %d allowed, want 3", got)
	}
	pool, _ := newLimiter(t, limits.Policy{PerNumber: []limits.Window{win(3, 15*time.Minute)}, Pool: win(50, time.Hour)}, newClock(start))
	if got := concurrently(pool, func(i int) string { return number(i + 1) }); got != 50 {
		t.Errorf("whole pool: %d allowed, want 50", got)
	}
}

// TestOffTouchesNoStore: a zero policy or a nil Limiter allows everything
// without a store.
func TestOffTouchesNoStore(t *testing.T) {
	off, err := limits.New(limits.Options{Key: testKey})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []*limits.Limiter{off, nil} {
		ctx := context.Background()
		if d, err := l.AllowSignIn(ctx, "alice", number(1), "+1", limits.Real); err != nil || !d.Allowed {
			t.Errorf("AllowSignIn: %v, %v", d, err)
		}
		if err := l.RecordWrongAnswer(ctx, "alice"); err != nil {
			t.Error(err)
		}
		if locked, err := l.Locked(ctx, "alice"); err != nil || locked {
			t.Errorf("Locked: %v, %v", locked, err)
		}
		if d, err := l.AllowEmail(ctx, "alice@example.com"); err != nil || !d.Allowed {
			t.Errorf("AllowEmail: %v, %v", d, err)
		}
		if d, err := l.AllowEmailSignIn(ctx, "alice", "alice@example.com", limits.Real); err != nil || !d.Allowed {
			t.Errorf("AllowEmailSignIn: %v, %v", d, err)
		}
	}
}

func TestNewRefuses(t *testing.T) {
	cases := map[string]limits.Options{
		"short key":            {Policy: limits.DefaultPolicy(), Store: &limits.MemoryStore{}, Key: testKey[:31]},
		"no store":             {Policy: limits.DefaultPolicy(), Key: testKey},
		"no store, email only": {Policy: limits.Policy{EmailPool: win(1, time.Hour)}, Key: testKey},
		"bad email policy":     {Policy: limits.Policy{PerAddress: []limits.Window{win(1, time.Hour), win(1, time.Hour)}}, Store: &limits.MemoryStore{}, Key: testKey},
		"bad policy":           {Policy: limits.Policy{Pool: win(-1, time.Hour)}, Store: &limits.MemoryStore{}, Key: testKey},
		"no key at all":        {},
	}
	for name, o := range cases {
		if l, err := limits.New(o); err == nil {
			t.Errorf("%s: got %v, want an error", name, l)
		}
	}
}

func TestPolicyValidate(t *testing.T) {
	valid := []limits.Policy{
		{},
		limits.DefaultPolicy(),
		{PerNumber: []limits.Window{win(0, 0), win(0, 0)}, Pool: win(0, -time.Hour)},
		{PerNumber: []limits.Window{win(1, limits.MinLength), win(limits.MaxLimit, limits.MaxLength)}},
		{PerAddress: []limits.Window{win(0, 0), win(0, 0)}, EmailPool: win(0, -time.Hour)},
		{PerAddress: []limits.Window{win(1, limits.MinLength), win(limits.MaxLimit, limits.MaxLength)}},
		// The same length for a number and an address: different kinds.
		{PerNumber: []limits.Window{win(3, time.Hour)}, PerAddress: []limits.Window{win(3, time.Hour)}},
	}
	for _, p := range valid {
		if err := p.Validate(); err != nil {
			t.Errorf("%+v: %v", p, err)
		}
	}
	invalid := map[string]limits.Policy{
		"negative limit":              {PerCountry: win(-1, time.Hour)},
		"limit too high":              {Pool: win(limits.MaxLimit+1, time.Hour)},
		"no length":                   {Pool: win(1, 0)},
		"negative length":             {WrongAnswers: win(1, -time.Hour)},
		"under a second":              {Pool: win(1, time.Millisecond)},
		"fraction of a sec":           {Pool: win(1, 1500*time.Millisecond)},
		"over a year":                 {Pool: win(1, limits.MaxLength+time.Second)},
		"same length twice":           {PerNumber: []limits.Window{win(1, time.Hour), win(2, time.Hour)}},
		"address, same length twice":  {PerAddress: []limits.Window{win(1, time.Hour), win(2, time.Hour)}},
		"address, negative limit":     {PerAddress: []limits.Window{win(-1, time.Hour)}},
		"address, under a second":     {PerAddress: []limits.Window{win(3, 15*time.Minute), win(1, time.Millisecond)}},
		"address, over a year":        {PerAddress: []limits.Window{win(1, limits.MaxLength+time.Second)}},
		"email pool, negative limit":  {EmailPool: win(-1, time.Hour)},
		"email pool, limit too high":  {EmailPool: win(limits.MaxLimit+1, time.Hour)},
		"email pool, fraction of sec": {EmailPool: win(1, 2500*time.Millisecond)},
	}
	for name, p := range invalid {
		if err := p.Validate(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if err := (limits.Policy{Pool: win(-1, time.Hour), WrongAnswers: win(1, 0)}).Validate(); err == nil || !strings.Contains(err.Error(), "pool") || !strings.Contains(err.Error(), "wrong-answer") {
		t.Errorf("two bad windows: %v, want both named", err)
	}
	err := limits.Policy{
		PerAddress: []limits.Window{win(1, time.Hour), win(2, time.Hour), win(1, 0)},
		EmailPool:  win(-1, time.Hour),
	}.Validate()
	for _, want := range []string{"limits: two per-address windows of 1h0m0s", "per-address window 3: length 0s", "email pool window: limit -1 is negative"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("bad email windows: %v, want %q", err, want)
		}
	}
}

func TestDecisionString(t *testing.T) {
	if s := (limits.Decision{Allowed: true}).String(); s != "allowed" {
		t.Errorf("got %q", s)
	}
	if s := (limits.Decision{RefusedBy: limits.KindNumber, Window: win(3, 15*time.Minute)}).String(); s != "refused by number (3 per 15m0s)" {
		t.Errorf("got %q", s)
	}
	if s := (limits.Decision{RefusedBy: limits.KindEmailPool, Window: win(1000, time.Hour)}).String(); s != "refused by email-pool (1000 per 1h0m0s)" {
		t.Errorf("got %q", s)
	}
}

// TestPolicyIsCopied: changing the policy after New changes nothing.
func TestPolicyIsCopied(t *testing.T) {
	p := limits.DefaultPolicy()
	l, _ := limits.New(limits.Options{Policy: p, Store: &limits.MemoryStore{}, Key: testKey})
	p.PerNumber[0].Limit = 1000
	p.PerAddress[0].Limit = 1000
	if got := l.Policy().PerNumber[0].Limit; got != limits.DefaultNumberShort {
		t.Errorf("limit changed to %d through the caller's slice", got)
	}
	if got := l.Policy().PerAddress[0].Limit; got != limits.DefaultAddressShort {
		t.Errorf("address limit changed to %d through the caller's slice", got)
	}
	l.Policy().PerAddress[0].Limit = 1000
	if got := l.Policy().PerAddress[0].Limit; got != limits.DefaultAddressShort {
		t.Errorf("address limit changed to %d through Policy's slice", got)
	}
}
