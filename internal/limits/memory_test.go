package limits_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/limits"
	"github.com/cognito-passwordless/passwordless-go/internal/limits/storetest"
)

func TestMemoryStoreAdd(t *testing.T) {
	storetest.Run(t, limits.NewMemoryStore(nil), "k", nil)
}

func TestMemoryStoreExpiry(t *testing.T) {
	ctx := context.Background()
	c := newClock(start)
	s := limits.NewMemoryStore(c.Now)
	s.Add(ctx, "a", 1, 1, start.Add(10*time.Second))
	// A later add to a live counter does not move its expiry.
	c.Advance(5 * time.Second)
	if ok, _ := s.Add(ctx, "a", 0, 0, start.Add(time.Hour)); ok {
		t.Fatal("the counter is 1, want refused at limit 0")
	}
	c.Set(start.Add(10 * time.Second))
	if ok, _ := s.Add(ctx, "a", 1, 1, start.Add(20*time.Second)); !ok {
		t.Fatal("an expired counter counts 0, want allowed")
	}
	c.Set(start.Add(20 * time.Second))
	if ok, _ := s.Add(ctx, "a", 1, 1, start.Add(time.Hour)); !ok {
		t.Fatal("the re-created counter expired at its own expiry, want allowed")
	}

	// Expired counters are dropped once a minute.
	for i := range 100 {
		s.Add(ctx, number(i), 1, 1, c.Now().Add(time.Second))
	}
	if n := s.Len(); n != 101 {
		t.Fatalf("%d counters kept, want 101", n)
	}
	c.Advance(2 * time.Minute)
	s.Add(ctx, "b", 0, 1, c.Now())
	if n := s.Len(); n != 1 {
		t.Errorf("%d counters kept after a sweep, want 1 (a)", n)
	}
}

func TestMemoryStoreZeroValue(t *testing.T) {
	var s limits.MemoryStore
	if ok, err := s.Add(context.Background(), "k", 1, 1, time.Now().Add(time.Minute)); !ok || err != nil {
		t.Fatalf("got %v, %v", ok, err)
	}
	if ok, _ := s.Add(context.Background(), "k", 1, 1, time.Now().Add(time.Minute)); ok {
		t.Fatal("second add over the limit allowed")
	}
}

// TestMemoryStoreConcurrent: concurrent adds to one key never pass the limit.
func TestMemoryStoreConcurrent(t *testing.T) {
	s := limits.NewMemoryStore(nil)
	const limit = 10
	var allowed atomic.Int32
	var wg sync.WaitGroup
	for range 1000 {
		wg.Go(func() {
			if ok, err := s.Add(context.Background(), "k", 1, limit, time.Now().Add(time.Minute)); ok && err == nil {
				allowed.Add(1)
			}
		})
	}
	wg.Wait()
	if got := allowed.Load(); got != limit {
		t.Errorf("%d adds allowed, want %d", got, limit)
	}
}
