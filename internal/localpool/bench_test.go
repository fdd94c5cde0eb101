package localpool

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/motoserver"
)

// BenchmarkSignIn measures a whole sign-in of a signed-up user through the
// SDK client with warm trigger processes: InitiateAuth (define, create and
// its SMS to the outbox) and RespondToAuthChallenge (verify, define,
// tokens) with the code read from the outbox. It reports the p50 and p99
// of the sign-ins' durations: with the abuse counters off, in memory
// (local mode's default), and in DynamoDB on moto_server (whose Python
// emulator is far slower than DynamoDB: an upper bound).
//
//	go test -run '^$' -bench BenchmarkSignIn -benchtime 200x ./internal/localpool
func BenchmarkSignIn(b *testing.B) {
	// One number signs in again and again: limits above the runs, so that
	// every counter is still counted but none refuses.
	high := map[string]string{
		config.EnvSMSPerNumberPer15Minutes: "1000000", config.EnvSMSPerNumberPerDay: "1000000", config.EnvSMSPerPoolPerHour: "1000000",
	}
	b.Run("limits=off", func(b *testing.B) {
		benchmarkSignIn(b, Options{Env: map[string]string{config.EnvLimitsTable: ""}})
	})
	b.Run("limits=memory", func(b *testing.B) {
		b.Setenv("AWS_ENDPOINT_URL_DYNAMODB", "")
		benchmarkSignIn(b, Options{Env: high})
	})
	b.Run("limits=moto", func(b *testing.B) {
		moto, err := motoserver.Start(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(moto.Close)
		b.Setenv("AWS_ENDPOINT_URL_DYNAMODB", moto.URL)
		benchmarkSignIn(b, Options{Env: high})
	})
}

func benchmarkSignIn(b *testing.B, opts Options) {
	p := startPool(b, opts)
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
