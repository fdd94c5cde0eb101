package limits_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/limits"
)

// TestBudgetSpreadsOverShards: the pool's budget is spread over
// BudgetShards counters, each with its share, so that no one item takes
// every sign-in's write; it still refuses exactly at its limit, and a
// budget smaller than the shards uses one counter per code.
func TestBudgetSpreadsOverShards(t *testing.T) {
	for _, tt := range []struct {
		limit, shards, wantKeys int
	}{
		{1000, 0, limits.DefaultBudgetShards}, // the default
		{1000, 10, 10},
		{5, 16, 5},
		{1, 16, 1},
		{7, 1, 1},
	} {
		l, ledger := newLimiter(t, limits.Policy{Pool: win(tt.limit, time.Hour), BudgetShards: tt.shards}, newClock(start))
		for i := range tt.limit + 1 {
			d := mustAllowSMS(t, l, number(i), "+1")
			if d.Allowed != (i < tt.limit) {
				t.Fatalf("limit %d over %d shards, code %d: %v, want allowed %v", tt.limit, tt.shards, i+1, d, i < tt.limit)
			}
		}
		counts := map[string]int{}
		for _, key := range ledger.keys() {
			if strings.HasPrefix(key, "p#") {
				counts[key] = ledger.countOf(key)
			}
		}
		if len(counts) != tt.wantKeys {
			t.Errorf("limit %d over %d shards: %d counters written, want %d", tt.limit, tt.shards, len(counts), tt.wantKeys)
		}
		total := 0
		for key, n := range counts {
			share := tt.limit / tt.wantKeys
			if n < share || n > share+1 {
				t.Errorf("limit %d: shard %s holds %d, want its share %d or %d", tt.limit, key, n, share, share+1)
			}
			total += n
		}
		if total != tt.limit {
			t.Errorf("limit %d: the shards hold %d codes in all", tt.limit, total)
		}
	}
}

// TestBudgetShardsBounds: BudgetShards is refused out of its bounds.
func TestBudgetShardsBounds(t *testing.T) {
	for _, n := range []int{-1, limits.MaxBudgetShards + 1} {
		if _, err := limits.New(limits.Options{Policy: limits.Policy{BudgetShards: n}, Key: testKey}); err == nil {
			t.Errorf("BudgetShards %d accepted", n)
		}
	}
}

// TestSpentBudgetCostsNoWrites: once a process has found every shard of a
// spent budget full, a request refused by it writes nothing to the budget,
// rather than trying each shard again for the rest of the window.
func TestSpentBudgetCostsNoWrites(t *testing.T) {
	l, ledger := newLimiter(t, limits.Policy{Pool: win(40, time.Hour), BudgetShards: 16}, newClock(start))
	for i := range 40 {
		mustAllowSMS(t, l, number(i), "+1")
	}
	poolWrites := func() int {
		n := 0
		for _, key := range ledger.keys() {
			if strings.HasPrefix(key, "p#") {
				n++
			}
		}
		return n
	}
	var before int // counted after the first refusal, which may write
	for i := range 20 {
		if d := mustAllowSMS(t, l, number(100+i), "+1"); d.Allowed || d.RefusedBy != limits.KindPool {
			t.Fatalf("over the budget: %v", d)
		}
		if i == 0 {
			before = poolWrites()
		}
	}
	if after := poolWrites(); after != before {
		t.Errorf("19 refusals after the first wrote %d times to the pool's shards, want none", after-before)
	}
}
