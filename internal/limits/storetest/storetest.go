// Package storetest is the contract of limits.Store as test vectors, so
// that every store (limits.MemoryStore, dynamolimits.Store on moto_server,
// the limitstable stand-in) is held to the same answers.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/limits"
)

// Step is one Add to a counter, and the answer it must get.
type Step struct {
	Delta, Limit int
	Want         bool
	Why          string
}

// Steps walk one counter from absent under, at and over its limits, with
// checks (delta 0) and refunds (negative deltas).
var Steps = []Step{
	{0, 0, true, "an absent counter is 0, at most 0"},
	{-1, 5, false, "not below 0"},
	{6, 5, false, "a delta over the limit"},
	{4, 5, true, "under the limit"},
	{1, 5, true, "at the limit"},
	{1, 5, false, "over the limit"},
	{0, 5, true, "5 is at most 5"},
	{0, 4, false, "5 is over 4"},
	{-5, 5, true, "back to 0"},
	{-1, 5, false, "not below 0"},
	{2, 3, true, "2"},
	{2, 3, false, "4 is over 3"},
	{1, 3, true, "3"},
	{-1, 1, false, "a refund that leaves 2, over limit 1"},
	{-1, 3, true, "a refund to 2"},
}

// Run applies Steps to the counter key of store, which must not exist
// yet, and fails t at the first wrong answer. after, if not nil, is
// called after each step with the count the counter must then hold.
func Run(t testing.TB, store limits.Store, key string, after func(step, count int)) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	expires := time.Now().Add(time.Hour)
	count := 0
	for i, s := range Steps {
		got, err := store.Add(ctx, key, s.Delta, s.Limit, expires)
		if err != nil || got != s.Want {
			t.Fatalf("step %d (%s): Add(%d, limit %d) = %v, %v; want %v", i+1, s.Why, s.Delta, s.Limit, got, err, s.Want)
		}
		if got {
			count += s.Delta
		}
		if after != nil {
			after(i+1, count)
		}
	}
}
