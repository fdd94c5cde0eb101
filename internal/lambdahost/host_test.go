package lambdahost

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/loopback"
)

// runtimeEnv makes the test binary a Lambda runtime (runRuntime) instead
// of running the tests.
const runtimeEnv = "LAMBDAHOST_TEST_RUNTIME"

func TestMain(m *testing.M) {
	if os.Getenv(runtimeEnv) != "" {
		runRuntime()
		return
	}
	os.Exit(m.Run())
}

// runRuntime is a minimal Lambda runtime: it long-polls the next
// invocation and answers its process id, until a call fails; then it
// exits, as aws-lambda-go's runtime does.
func runRuntime() {
	api := "http://" + os.Getenv("AWS_LAMBDA_RUNTIME_API") + apiPrefix
	for {
		resp, err := http.Get(api + "invocation/next")
		if err != nil {
			os.Exit(1)
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		id := resp.Header.Get("Lambda-Runtime-Aws-Request-Id")
		if err != nil || resp.StatusCode != http.StatusOK || id == "" {
			os.Exit(1)
		}
		answer := fmt.Sprintf(`{"pid": %d}`, os.Getpid())
		resp, err = http.Post(api+"invocation/"+id+"/response", "application/json", strings.NewReader(answer))
		if err != nil {
			os.Exit(1)
		}
		resp.Body.Close()
	}
}

// startRuntime starts the test binary as a function, with limits; the
// test's cleanup stops it.
func startRuntime(t *testing.T, limits loopback.Limits) *Function {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	f, err := Start(Options{Name: "runtime", Path: exe, Env: []string{runtimeEnv + "=1"}, limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// pidOf invokes f and returns the process id its runtime answers.
func pidOf(t *testing.T, f *Function) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	body, err := f.Invoke(ctx, []byte(`{}`))
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	var answer struct{ PID int }
	if err := json.Unmarshal(body, &answer); err != nil || answer.PID == 0 {
		t.Fatalf("answer %q: %v", body, err)
	}
	return answer.PID
}

// TestRuntimeAPIRefusesAnotherHost is DNS rebinding against the Runtime
// API: a page whose name now resolves to 127.0.0.1 asks for the next
// invocation (a trigger's event) or posts an answer, naming its own host
// in Host. It gets 421 at once, and the function still works.
func TestRuntimeAPIRefusesAnotherHost(t *testing.T) {
	f := startRuntime(t, loopback.Limits{})
	port := f.RuntimeAPI()[strings.LastIndex(f.RuntimeAPI(), ":")+1:]
	client := &http.Client{Timeout: 10 * time.Second} // an unguarded /next would wait for an event
	for _, c := range []struct{ method, path string }{
		{http.MethodGet, "invocation/next"},
		{http.MethodPost, "invocation/0123456789abcdef/response"},
		{http.MethodPost, "init/error"},
	} {
		req, err := http.NewRequest(c.method, "http://"+f.RuntimeAPI()+apiPrefix+c.path, strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Host = "rebind.attacker.example:" + port
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", c.method, c.path, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMisdirectedRequest {
			t.Errorf("%s %s with another host: %s, want 421", c.method, c.path, resp.Status)
		}
	}
	pidOf(t, f)
}

// TestRuntimeAPILongPollOutlivesWriteTimeout checks that a warm function
// waiting for its next event far longer than the Runtime API's timeouts
// (shortened here) still gets it, from the same process: past a write
// deadline, the event would be lost and the invocation would time out.
func TestRuntimeAPILongPollOutlivesWriteTimeout(t *testing.T) {
	const timeout = 100 * time.Millisecond
	f := startRuntime(t, loopback.Limits{ReadHeaderTimeout: timeout, ReadTimeout: timeout, WriteTimeout: timeout, IdleTimeout: timeout})
	first := pidOf(t, f)
	time.Sleep(10 * timeout) // the runtime waits in /next meanwhile
	if again := pidOf(t, f); again != first {
		t.Errorf("the process changed from %d to %d: its long poll was cut", first, again)
	}
}
