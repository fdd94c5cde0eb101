package limits_test

import (
	"context"
	"fmt"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/limits"
)

func Example() {
	now := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	limiter, err := limits.New(limits.Options{
		Policy: limits.DefaultPolicy(), // 3 codes per number per 15 minutes, ...
		Store:  limits.NewMemoryStore(func() time.Time { return now }),
		Key:    []byte("a secret of at least 32 bytes...."),
		Now:    func() time.Time { return now },
	})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	for range 4 {
		d, err := limiter.AllowSignIn(ctx, "alice", "+447700900123", "+44", limits.Real)
		fmt.Println(d, err)
	}
	for range limits.DefaultWrongAnswers {
		limiter.RecordWrongAnswer(ctx, "mallory")
	}
	d, _ := limiter.AllowSignIn(ctx, "Mallory", "+447700900999", "+44", limits.Real)
	fmt.Println(d)
	// Output:
	// allowed <nil>
	// allowed <nil>
	// allowed <nil>
	// refused by number (3 per 15m0s) <nil>
	// refused by lockout (10 per 1h0m0s)
}

// Email codes count apart from SMS codes: per address, whatever its case,
// and against the pool's email budget; the lockout is the user name's,
// whichever channel its codes go by.
func ExampleLimiter_AllowEmailSignIn() {
	now := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	limiter, err := limits.New(limits.Options{
		Policy: limits.DefaultPolicy(), // 3 codes per address per 15 minutes, ...
		Store:  limits.NewMemoryStore(func() time.Time { return now }),
		Key:    []byte("a secret of at least 32 bytes...."),
		Now:    func() time.Time { return now },
	})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	for _, address := range []string{"jane@example.com", "Jane@Example.com", "JANE@EXAMPLE.COM", "jane@example.com"} {
		d, err := limiter.AllowEmailSignIn(ctx, "jane", address, limits.Real)
		fmt.Println(d, err)
	}
	d, _ := limiter.AllowSignIn(ctx, "jane", "+447700900123", "+44", limits.Real) // SMS: its own counters
	fmt.Println(d)
	for range limits.DefaultWrongAnswers {
		limiter.RecordWrongAnswer(ctx, "mallory")
	}
	d, _ = limiter.AllowEmailSignIn(ctx, "Mallory", "mallory@example.com", limits.Real)
	fmt.Println(d)
	// Output:
	// allowed <nil>
	// allowed <nil>
	// allowed <nil>
	// refused by address (3 per 15m0s) <nil>
	// allowed
	// refused by lockout (10 per 1h0m0s)
}
