package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/build"
	"github.com/cognito-passwordless/passwordless-go/internal/localpool"
)

// Shared by every test: building the four triggers takes a while, so
// TestMain builds them once, for the host, and starts one local pool.
var (
	// binDir holds the triggers, DIR/<name>/bootstrap, for the demo's own pool.
	binDir string
	// shared is a local pool the sign-up and sign-in tests use; each test
	// signs up a phone number of its own.
	shared *localpool.Server
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	// The build and the start are bounded; the pool then runs until Close.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir, remove, err := build.TempHost(ctx, "passwordless-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer remove()
	binDir = dir
	shared, err = localpool.Start(ctx, localpool.Options{Addr: "127.0.0.1:0", BinDir: binDir, Out: io.Discard, Logs: io.Discard})
	if err != nil {
		fmt.Fprintln(os.Stderr, "start the local pool:", err)
		return 1
	}
	defer shared.Close()
	return m.Run()
}
