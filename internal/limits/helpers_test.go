package limits_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/limits"
)

// testKey is a hash key of the minimum length.
var testKey = []byte("0123456789abcdef0123456789abcdef")

// start is 00:00:00 UTC, on a boundary of every window the tests use.
var start = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// clock is a settable clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock(t time.Time) *clock { return &clock{now: t} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// ledger is a MemoryStore that remembers every call and the net delta
// applied to each key.
type ledger struct {
	*limits.MemoryStore
	mu    sync.Mutex
	calls []string
	net   map[string]int
}

func newLedger(now func() time.Time) *ledger {
	return &ledger{MemoryStore: limits.NewMemoryStore(now), net: map[string]int{}}
}

func (l *ledger) Add(ctx context.Context, key string, delta, limit int, expires time.Time) (bool, error) {
	ok, err := l.MemoryStore.Add(ctx, key, delta, limit, expires)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, key)
	if ok {
		l.net[key] += delta
	}
	return ok, err
}

// netOf sums the net deltas of the keys of one kind prefix ("n", "c", "p", "l").
func (l *ledger) netOf(prefix string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	sum := 0
	for key, n := range l.net {
		if strings.HasPrefix(key, prefix+"#") {
			sum += n
		}
	}
	return sum
}

// countOf is the net delta applied to key.
func (l *ledger) countOf(key string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.net[key]
}

func (l *ledger) keys() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.calls...)
}

var errStore = errors.New("store down")

// failing is a Store whose calls from the failAt-th on (counting from 1)
// fail; the earlier ones go to a ledger.
type failing struct {
	*ledger
	mu     sync.Mutex
	calls  int
	failAt int
}

func (f *failing) Add(ctx context.Context, key string, delta, limit int, expires time.Time) (bool, error) {
	f.mu.Lock()
	f.calls++
	fail := f.calls >= f.failAt
	f.mu.Unlock()
	if fail {
		return true, errStore // a store that errs must not be believed
	}
	return f.ledger.Add(ctx, key, delta, limit, expires)
}

// newLimiter returns a Limiter for policy over a ledger, both on c.
func newLimiter(t testing.TB, policy limits.Policy, c *clock) (*limits.Limiter, *ledger) {
	t.Helper()
	store := newLedger(c.Now)
	l, err := limits.New(limits.Options{Policy: policy, Store: store, Key: testKey, Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	return l, store
}

// mustAllowSMS calls AllowSMS and fails the test on an error.
func mustAllowSMS(t testing.TB, l *limits.Limiter, number, country string) limits.Decision {
	t.Helper()
	d, err := l.AllowSMS(context.Background(), number, country)
	if err != nil {
		t.Fatalf("AllowSMS: %v", err)
	}
	if d.Allowed != (d.RefusedBy == "") {
		t.Fatalf("AllowSMS: inconsistent decision %+v", d)
	}
	return d
}

// number returns the i-th test phone number, under +1.
func number(i int) string {
	return fmt.Sprintf("+1555%07d", i)
}

func win(limit int, length time.Duration) limits.Window {
	return limits.Window{Limit: limit, Length: length}
}

// mustAllowEmail calls AllowEmail and fails the test on an error.
func mustAllowEmail(t testing.TB, l *limits.Limiter, address string) limits.Decision {
	t.Helper()
	d, err := l.AllowEmail(context.Background(), address)
	if err != nil {
		t.Fatalf("AllowEmail: %v", err)
	}
	if d.Allowed != (d.RefusedBy == "") {
		t.Fatalf("AllowEmail: inconsistent decision %+v", d)
	}
	return d
}

// address returns the i-th test email address.
func address(i int) string {
	return fmt.Sprintf("user%d@example.com", i)
}
