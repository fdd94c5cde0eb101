package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cognito-passwordless/passwordless-go/internal/build"
	"github.com/cognito-passwordless/passwordless-go/internal/localpool"
	"github.com/cognito-passwordless/passwordless-go/internal/signinpage"
)

const (
	// chromiumPath is Debian's chromium package.
	chromiumPath = "/usr/bin/chromium"
	// testTimeout bounds one test: the browser, the pool and every step.
	testTimeout = 3 * time.Minute
	// stepTimeout bounds one step: a click and what the page shows for it.
	stepTimeout = 20 * time.Second
)

// binDir holds the functions (the triggers and the passkeys API) built
// for the host once by TestMain.
var binDir string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	dir, remove, err := build.TempHost(ctx, "browsertest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer remove()
	binDir = dir
	return m.Run()
}

// startPool starts local mode on a free loopback port with the prebuilt
// triggers; the test's cleanup stops it.
func startPool(t *testing.T, opts localpool.Options) *localpool.Server {
	t.Helper()
	opts.Addr, opts.BinDir = "127.0.0.1:0", binDir
	ctx, cancel := context.WithTimeout(context.Background(), stepTimeout)
	defer cancel()
	srv, err := localpool.Start(ctx, opts)
	if err != nil {
		t.Fatalf("localpool.Start: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return srv
}

// localPage returns the URL of the sign-in page that srv serves itself,
// on localhost (srv.URL() names 127.0.0.1; WebAuthn takes no IP address as
// its relying party id, and localhost is the only host name it takes on
// plain http), and the page's configuration as srv serves it.
func localPage(t *testing.T, srv *localpool.Server) (string, signinpage.Config) {
	t.Helper()
	u, err := url.Parse(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://localhost:" + u.Port()
	client := &http.Client{Timeout: stepTimeout}
	resp, err := client.Get(origin + signinpage.ConfigPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", signinpage.ConfigPath, resp.Status)
	}
	var cfg signinpage.Config
	if err := json.NewDecoder(resp.Body).Decode(&cfg); err != nil {
		t.Fatalf("%s: %v", signinpage.ConfigPath, err)
	}
	if cfg.ClientID != srv.ClientID() || cfg.UserPoolID != srv.UserPoolID() {
		t.Fatalf("the page's configuration names client %q of pool %q, want %q of %q", cfg.ClientID, cfg.UserPoolID, srv.ClientID(), srv.UserPoolID())
	}
	return origin + "/", cfg
}

// browser is one headless Chromium tab on the page, with the page's
// console watched.
type browser struct {
	t   *testing.T
	ctx context.Context
	// shots is where each step's screenshot goes; n numbers them.
	shots string
	n     int

	mu sync.Mutex
	// problems are what the page must never log: an uncaught exception,
	// or anything the Content-Security-Policy blocked.
	problems []string
}

// openPage starts Chromium, opens url and waits for the page to have
// read its configuration. It fails, never skips, without Chromium.
func openPage(t *testing.T, url string) *browser {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("%s not found (%v): install Debian's Chromium with apt-get install -y chromium", chromiumPath, err)
	}
	parent, cancelParent := context.WithTimeout(context.Background(), testTimeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(parent, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath), chromedp.NoSandbox, chromedp.WindowSize(800, 1000))...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancelParent()
	})
	b := &browser{t: t, ctx: ctx, shots: t.TempDir()}
	if dir := os.Getenv("SCREENSHOTS"); dir != "" {
		// Kept after the test, to look at.
		b.shots = filepath.Join(dir, t.Name())
		if err := os.MkdirAll(b.shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleException || strings.Contains(m.Text, "Content Security Policy") || strings.Contains(m.Text, "TrustedHTML") {
				b.mu.Lock()
				b.problems = append(b.problems, fmt.Sprintf("%s: %s", m.Type, m.Text))
				b.mu.Unlock()
			}
		}
	}()
	t.Cleanup(b.checkConsole)
	b.do(chromedp.Navigate(url))
	b.waitText("pool", "User pool ")
	return b
}

func (b *browser) checkConsole() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		b.t.Errorf("the page logged %s", p)
	}
}

// do runs actions within stepTimeout; on failure it saves a screenshot of
// what the page showed and fails the test.
func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%v (the page: %s; alert: %q)", err, b.screenshot("failure"), b.alert())
	}
}

// alert is the page's alert text, "" when it shows none.
func (b *browser) alert() string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const a = document.getElementById("alert"); return a && !a.hidden ? a.textContent : ""; })()`))
	return text
}

func (b *browser) click(id string) {
	b.t.Helper()
	b.do(chromedp.WaitEnabled(chromedp.ID(id)), chromedp.Click(chromedp.ID(id)))
}

// fill replaces a field's text by typing, as a person would.
func (b *browser) fill(id, text string) {
	b.t.Helper()
	b.do(chromedp.WaitVisible(chromedp.ID(id)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById(%q).value = ""`, id)),
		chromedp.SendKeys(chromedp.ID(id), text))
}

// waitText waits until the element is shown and its text contains want.
func (b *browser) waitText(id, want string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	expr := fmt.Sprintf(`(() => { const e = document.getElementById(%q); return !!e && e.checkVisibility() && e.textContent.includes(%q); })()`, id, want)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr)); err != nil {
		got, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.getElementById(%q)?.textContent ?? "(none)"`, id)))
		b.t.Fatalf("#%s never showed %q: %v; it shows %q (the page: %s; alert: %q)", id, want, err, got, b.screenshot("failure"), b.alert())
	}
}

// waitJS waits until expr, a JavaScript expression, is true; what says
// what it waits for.
func (b *browser) waitJS(what, expr string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr)); err != nil {
		b.t.Fatalf("the page never showed %s: %v (the page: %s; alert: %q)", what, err, b.screenshot("failure"), b.alert())
	}
}

// waitAlert waits for the alert area to show want.
func (b *browser) waitAlert(want string) {
	b.t.Helper()
	b.waitText("alert", want)
}

// text returns an element's text.
func (b *browser) text(id string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID(id)))
	if err != nil {
		b.t.Fatalf("text of #%s: %v", id, err)
	}
	return s
}

// screenshot saves the whole page as NN-name.png in the test's temporary
// directory (or under $SCREENSHOTS/<test name>, which outlives the test),
// logs and returns its path.
func (b *browser) screenshot(name string) string {
	b.n++
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return fmt.Sprintf("(no screenshot: %v)", err)
	}
	path := filepath.Join(b.shots, fmt.Sprintf("%02d-%s.png", b.n, name))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		return fmt.Sprintf("(no screenshot: %v)", err)
	}
	b.t.Logf("screenshot: %s", path)
	return path
}

// updateScreenshot copies the screenshot at path to the README's image
// when UPDATE_SCREENSHOT is set.
func updateScreenshot(t *testing.T, path string) {
	if os.Getenv("UPDATE_SCREENSHOT") == "" {
		return
	}
	png, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join("..", "..", "docs", "images", "sign-in-page.png")
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", dst)
}

// phoneCounter makes each test's phone numbers distinct.
var phoneCounter atomic.Int32

// newPhone returns a fresh fictional number (555-01xx are reserved for fiction).
func newPhone() string {
	return fmt.Sprintf("+1555555%04d", 100+phoneCounter.Add(1))
}

var codePattern = regexp.MustCompile(`\b[0-9]{6}\b`)

// codeSent waits for the sent'th message to to and returns its code:
// the page shows the code view before the test reads the outbox, but the
// message is what proves the pool sent one.
func codeSent(t *testing.T, srv *localpool.Server, to string, sent int) string {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for {
		var texts []string
		for _, m := range srv.Messages() {
			if m.To == to {
				texts = append(texts, m.Text)
			}
		}
		if len(texts) >= sent {
			code := codePattern.FindString(texts[sent-1])
			if code == "" {
				t.Fatalf("no code in the message %q", texts[sent-1])
			}
			return code
		}
		if time.Now().After(deadline) {
			t.Fatal(errors.New("message " + fmt.Sprint(sent) + " to " + to + " never came"))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// wrongCode returns a code of the right shape that is not code.
func wrongCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}
