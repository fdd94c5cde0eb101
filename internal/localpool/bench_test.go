package localpool

import (
	"math"
	"slices"
	"testing"
	"time"
)

// BenchmarkSignIn measures a whole sign-in of a signed-up user through the
// SDK client with warm trigger processes: InitiateAuth (define, create and
// its SMS to the outbox) and RespondToAuthChallenge (verify, define,
// tokens) with the code read from the outbox. It reports the p50 and p99
// of the sign-ins' durations.
//
//	go test -run '^$' -bench BenchmarkSignIn -benchtime 200x ./internal/localpool
func BenchmarkSignIn(b *testing.B) {
	p := startPool(b, Options{})
	number := newPhone()
	p.signUp(number)
	p.signIn(number) // every trigger process has answered once: warm

	durations := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		p.signIn(number)
		durations = append(durations, time.Since(start))
	}
	b.StopTimer()
	b.ReportMetric(percentile(durations, 0.50).Seconds()*1000, "p50-ms")
	b.ReportMetric(percentile(durations, 0.99).Seconds()*1000, "p99-ms")
}

// percentile returns the nearest-rank q-quantile of ds.
func percentile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sorted := slices.Clone(ds)
	slices.Sort(sorted)
	rank := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(rank, 0)]
}
