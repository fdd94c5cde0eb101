package limits

import (
	"context"
	"sync"
	"time"
)

// sweepInterval is how often a MemoryStore drops its expired counters.
const sweepInterval = time.Minute

// MemoryStore is a Store in one process's memory, for local mode and tests.
// Expired counters count 0 and are dropped once a minute. Its zero value is
// ready to use, on the wall clock.
type MemoryStore struct {
	mu        sync.Mutex
	now       func() time.Time
	counters  map[string]memoryCounter
	nextSweep time.Time
}

type memoryCounter struct {
	count   int
	expires time.Time
}

// NewMemoryStore returns an empty MemoryStore that tells expiry by now
// (nil: time.Now).
func NewMemoryStore(now func() time.Time) *MemoryStore {
	return &MemoryStore{now: now}
}

// Add implements Store. It fails only when ctx is done.
func (s *MemoryStore) Add(ctx context.Context, key string, delta, limit int, expires time.Time) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock()
	s.sweep(now)
	c, found := s.counters[key]
	if found && !now.Before(c.expires) {
		c, found = memoryCounter{}, false
	}
	if delta > limit || c.count+delta < 0 || c.count+delta > limit {
		return false, nil
	}
	if delta == 0 {
		return true, nil // nothing to keep
	}
	if !found {
		c.expires = expires
	}
	c.count += delta
	if s.counters == nil {
		s.counters = map[string]memoryCounter{}
	}
	s.counters[key] = c
	return true, nil
}

// Len returns the number of counters kept, expired ones not yet dropped
// included.
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.counters)
}

func (s *MemoryStore) clock() time.Time {
	if s.now == nil {
		return time.Now()
	}
	return s.now()
}

// sweep drops the expired counters, at most once per sweepInterval.
func (s *MemoryStore) sweep(now time.Time) {
	if now.Before(s.nextSweep) {
		return
	}
	for key, c := range s.counters {
		if !now.Before(c.expires) {
			delete(s.counters, key)
		}
	}
	s.nextSweep = now.Add(sweepInterval)
}
