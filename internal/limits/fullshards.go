package limits

import (
	"sync"
	"time"
)

// fullShards remembers, in one process, the shards of shared budgets it
// found full, until their window ends: a full shard stays full, so a
// request need not write to it again, and a spent budget then refuses
// with no write. A shard handed a count back by a refund after it was seen
// full (a country's budget, refunded when the pool then refuses) is not
// seen again here: the process may refuse that many codes early, never
// let one more through. It is safe for concurrent use.
type fullShards struct {
	mu    sync.Mutex
	byKey map[string]*fullSet
}

// fullSet is the shards of one counter key found full.
type fullSet struct {
	shards  []bool
	expires time.Time
}

// known returns which of the n shards of key were found full, a copy.
func (f *fullShards) known(key string, n int, now time.Time) []bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]bool, n)
	if set, ok := f.byKey[key]; ok && now.Before(set.expires) {
		copy(out, set.shards)
	}
	return out
}

// mark records that shard of key's n shards was full; the record lasts
// until expires, the end of the counter's window. Records of windows that
// have ended are dropped meanwhile.
func (f *fullShards) mark(key string, shard, n int, expires, now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for k, set := range f.byKey {
		if !now.Before(set.expires) {
			delete(f.byKey, k)
		}
	}
	set, ok := f.byKey[key]
	if !ok || len(set.shards) != n {
		set = &fullSet{shards: make([]bool, n), expires: expires}
		f.byKey[key] = set
	}
	set.shards[shard] = true
}
