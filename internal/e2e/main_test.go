package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/build"
	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/lambdahost"
)

// binDir holds the trigger binaries and the bare baseline, built for this
// machine by TestMain with the Lambda build flags.
var binDir string

// bare names the baseline binary in binDir.
const bare = "bare"

// sampleKey is events/env.json's CODE_HASH_KEY: the sample seals use it.
const sampleKey = "events-only-test-key-never-use-it-in-production"

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir, remove, err := build.TempHost(ctx, "passwordless-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer remove()
	binDir = dir
	root, err := build.ModuleRoot(ctx, "")
	if err == nil {
		err = build.Package(ctx, root, "./internal/e2e/testdata/bare", build.Bootstrap(dir, bare), build.Host)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

// logBuffer collects a process's output safely across goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) Lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Split(strings.TrimSpace(l.buf.String()), "\n")
}

// triggerEnv is the environment a trigger gets: its configuration (the
// sample key for create and verify), JSON logs, and extra.
func triggerEnv(name string, extra ...string) []string {
	env := []string{"AWS_LAMBDA_LOG_FORMAT=JSON", "AWS_REGION=us-east-1"}
	for _, v := range config.Variables[name] {
		if v == config.EnvCodeHashKey {
			env = append(env, v+"="+sampleKey)
		}
	}
	return append(env, extra...)
}

// start runs the named binary from binDir and stops it when the test ends.
func start(t testing.TB, name string, logs *logBuffer, env ...string) *lambdahost.Function {
	t.Helper()
	opts := lambdahost.Options{Name: name, Path: build.Bootstrap(binDir, name), Env: env}
	if logs != nil {
		opts.Logs = logs
	}
	f, err := lambdahost.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// eventsDir holds the sample events and their expected answers.
var eventsDir = filepath.Join("..", "..", "events")
