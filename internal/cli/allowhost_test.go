package cli

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startLocal runs "passwordless local" with args on a free loopback port
// and returns its endpoint once it serves; the test's cleanup stops it.
func startLocal(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	r, w := io.Pipe()
	var err error
	var stderr strings.Builder
	done := make(chan struct{}) // closed when local has ended, with err
	go func() {
		err = Local(ctx, append([]string{"--addr", "127.0.0.1:0", "--bin-dir", binDir, "--logs", filepath.Join(t.TempDir(), "triggers.log")}, args...), w, &stderr)
		w.Close()
		close(done)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		if err != nil {
			t.Errorf("passwordless local: %v\n%s", err, stderr.String())
		}
	})
	urls := make(chan string, 1)
	go func() {
		scanner := bufio.NewScanner(r)
		for scanner.Scan() { // to the end: local goes on printing
			if url, ok := strings.CutPrefix(scanner.Text(), "Local Cognito user pool at "); ok {
				urls <- url
			}
		}
	}()
	select {
	case url := <-urls:
		return url
	case <-done:
		t.FailNow() // the cleanup reports why
	case <-time.After(time.Minute):
		t.Fatal("passwordless local did not start within a minute")
	}
	return ""
}

// TestLocalAllowHost runs "passwordless local --allow-host" and reads the
// outbox with each Host: loopback hosts and those named are served, any
// other, as a page reached by DNS rebinding names, gets 421.
func TestLocalAllowHost(t *testing.T) {
	endpoint := startLocal(t, "--allow-host", "dev.example.test", "--allow-host", "Other.Example.test, 10.1.2.3")
	_, port, err := net.SplitHostPort(strings.TrimPrefix(endpoint, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		host   string
		status int
	}{
		{"127.0.0.1:" + port, http.StatusOK},
		{"localhost:" + port, http.StatusOK},
		{"dev.example.test:" + port, http.StatusOK},
		{"other.example.test", http.StatusOK},
		{"10.1.2.3:" + port, http.StatusOK},
		{"rebind.attacker.example:" + port, http.StatusMisdirectedRequest},
		{"dev.example.test.rebind.attacker.example:" + port, http.StatusMisdirectedRequest},
	}
	for _, c := range cases {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, endpoint+"/_local/outbox", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = c.host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("Host %s: %v", c.host, err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.status {
			t.Errorf("Host %s: %s, want %d", c.host, resp.Status, c.status)
		}
	}
}

// TestLocalRefusesBadAllowHost checks that local does not start with an
// --allow-host that is not a host alone, and says why.
func TestLocalRefusesBadAllowHost(t *testing.T) {
	cases := []struct{ value, want string }{
		{"dev.example.test:8080", "without a port"},
		{"http://dev.example.test", "path"},
		{"*", `allowed host "*"`},
	}
	for _, c := range cases {
		got := run(t, nil, "local", "--addr", "127.0.0.1:0", "--bin-dir", binDir, "--allow-host", c.value)
		if got.code != ExitFailure || !strings.Contains(got.stderr, c.want) {
			t.Errorf("--allow-host %s: exit code %d, stderr %q; want %d and %q", c.value, got.code, got.stderr, ExitFailure, c.want)
		}
	}
}
