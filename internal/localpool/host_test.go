package localpool

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/loopback"
)

// hostRequest sends method path to the pool as a page of host would, by
// DNS rebinding: to the pool's address, with Host naming the page's host,
// and no Origin header (the request is same-origin for the browser). It
// returns the status and the body.
func (p *testPool) hostRequest(method, path, host, target, body string) (int, string) {
	p.t.Helper()
	req, err := http.NewRequestWithContext(testContext(p.t), method, p.srv.URL()+path, strings.NewReader(body))
	if err != nil {
		p.t.Fatal(err)
	}
	req.Host = host
	if target != "" {
		req.Header.Set("Content-Type", jsonContentType)
		req.Header.Set("X-Amz-Target", target)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s with Host %s: %v", method, path, host, err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		p.t.Fatalf("%s %s with Host %s: reading the body: %v", method, path, host, err)
	}
	return resp.StatusCode, string(got)
}

// listenPort is the pool's port, as a Host header ends.
func (p *testPool) listenPort() string {
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(p.srv.URL(), "http://"))
	return port
}

// TestDNSRebindingRefused is the attack: a page of rebind.attacker.example
// whose name now resolves to 127.0.0.1 reads the outbox, where a user's
// sign-in code waits, and drives the API. Every endpoint refuses a request
// addressed to another host than loopback or one allowed, with 421 and a
// body that holds no digit, before any handler runs: no SMS is sent. The
// same requests to 127.0.0.1, localhost, [::1] and the allowed host work.
func TestDNSRebindingRefused(t *testing.T) {
	p := startPool(t, Options{AllowedHosts: []string{"Dev.Example.test"}})
	victim := newPhone()
	p.signUp(victim)
	p.mustInitiate(victim)
	code := p.lastCode(victim)
	port := p.listenPort()
	initiate := func(name string) string {
		return `{"ClientId": "` + p.srv.ClientID() + `", "AuthFlow": "CUSTOM_AUTH", "AuthParameters": {"USERNAME": "` + name + `"}}`
	}

	refused := []string{
		"rebind.attacker.example:" + port,
		"rebind.attacker.example",
		"REBIND.attacker.example:" + port,
		"localhost.:" + port,
		"localhost.rebind.attacker.example:" + port,
		"127.0.0.1.rebind.attacker.example:" + port,
		"127.1:" + port,
		"0.0.0.0:" + port,
	}
	for _, host := range refused {
		requests := []struct{ name, method, path, target, body string }{
			{"outbox", http.MethodGet, outboxPath, "", ""},
			{"InitiateAuth", http.MethodPost, "/", targetPrefix + "InitiateAuth", initiate(victim)},
			{"JWKS", http.MethodGet, jwksPath(p.srv.UserPoolID()), "", ""},
			{"OpenID configuration", http.MethodGet, "/" + p.srv.UserPoolID() + "/.well-known/openid-configuration", "", ""},
		}
		for _, r := range requests {
			status, body := p.hostRequest(r.method, r.path, host, r.target, r.body)
			if status != http.StatusMisdirectedRequest || strings.ContainsAny(body, "0123456789") {
				t.Errorf("%s with Host %s: %d %q, want 421 and a body without digits", r.name, host, status, body)
			}
			if strings.Contains(body, code) {
				t.Errorf("%s with Host %s: the code %s leaked", r.name, host, code)
			}
		}
	}
	if n := p.smsTo(victim); n != 1 {
		t.Errorf("refused InitiateAuths sent SMS: %d to the victim, want the 1 of the sign-in", n)
	}

	served := []string{
		"127.0.0.1:" + port,
		"127.0.0.1",
		"localhost:" + port,
		"[::1]:" + port,
		"dev.example.test:" + port,
		"DEV.EXAMPLE.TEST",
	}
	for _, host := range served {
		if status, body := p.hostRequest(http.MethodGet, outboxPath, host, "", ""); status != http.StatusOK || !strings.Contains(body, code) {
			t.Errorf("outbox with Host %s: %d %q, want 200 with the code", host, status, body)
		}
		// An unknown name: a challenge, and no SMS that counts against the victim.
		status, body := p.hostRequest(http.MethodPost, "/", host, targetPrefix+"InitiateAuth", initiate(newPhone()))
		if status != http.StatusOK || !strings.Contains(body, "CUSTOM_CHALLENGE") {
			t.Errorf("InitiateAuth with Host %s: %d %q, want 200 and a challenge", host, status, body)
		}
	}

	// Without AllowedHosts, the named host is refused too.
	other := startPool(t, Options{})
	if status, _ := other.hostRequest(http.MethodGet, outboxPath, "dev.example.test:"+other.listenPort(), "", ""); status != http.StatusMisdirectedRequest {
		t.Errorf("a host not allowed: %d, want 421", status)
	}
}

// stallRequest opens a connection to the pool and sends what a slowloris
// client sends: a SignUp's headers, announcing a body of 100 bytes, and
// the body's first byte only.
func (p *testPool) stallRequest() net.Conn {
	p.t.Helper()
	conn, err := net.DialTimeout("tcp", strings.TrimPrefix(p.srv.URL(), "http://"), callTimeout)
	if err != nil {
		p.t.Fatal(err)
	}
	p.t.Cleanup(func() { conn.Close() })
	_, err = fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nX-Amz-Target: %sSignUp\r\nContent-Type: %s\r\nContent-Length: 100\r\n\r\n{",
		p.listenPort(), targetPrefix, jsonContentType)
	if err != nil {
		p.t.Fatal(err)
	}
	return conn
}

// closedBy reads conn until the server closes it, or until deadline.
func closedBy(conn net.Conn, deadline time.Time) error {
	conn.SetReadDeadline(deadline)
	_, err := io.Copy(io.Discard, conn)
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return errors.New("still open")
	}
	return nil // closed: at the end of its answer, or reset
}

// TestSlowClientsAreCut is slowloris: 50 connections send a request's
// headers and one byte of its body, then stall. The server closes each
// once its ReadTimeout (shortened here) has passed, well before a
// generous bound, instead of keeping them open for ever.
func TestSlowClientsAreCut(t *testing.T) {
	const (
		readTimeout = 500 * time.Millisecond
		margin      = 10 * time.Second // generous: only a server that never cuts them fails
		clients     = 50
	)
	p := startPool(t, Options{limits: loopback.Limits{ReadTimeout: readTimeout}})
	conns := make([]net.Conn, clients)
	for i := range conns {
		conns[i] = p.stallRequest()
	}
	deadline := time.Now().Add(readTimeout + margin)
	var wg sync.WaitGroup
	open := make(chan int, clients)
	for i, conn := range conns {
		wg.Go(func() {
			if closedBy(conn, deadline) != nil {
				open <- i
			}
		})
	}
	wg.Wait()
	close(open)
	if n := len(open); n > 0 {
		t.Errorf("%d of %d stalled connections still open %v after the ReadTimeout of %v", n, clients, margin, readTimeout)
	}
	// The pool still serves.
	if status, _ := p.hostRequest(http.MethodGet, outboxPath, "127.0.0.1:"+p.listenPort(), "", ""); status != http.StatusOK {
		t.Errorf("outbox after the attack: %d", status)
	}
}

// TestConnectionCapQueuesTheRest holds as many connections as the cap
// (shortened here) allows, kept alive after a request each, and checks
// that one more is not served while they stay open, and is as soon as
// one closes: connections beyond the cap wait in the accept queue.
func TestConnectionCapQueuesTheRest(t *testing.T) {
	const (
		maxConns = 4
		wait     = 500 * time.Millisecond // long enough for an uncapped server to answer
	)
	p := startPool(t, Options{limits: loopback.Limits{MaxConns: maxConns}})
	request := fmt.Sprintf("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\n\r\n", outboxPath, p.listenPort())
	send := func() (net.Conn, *bufio.Reader) {
		conn, err := net.DialTimeout("tcp", strings.TrimPrefix(p.srv.URL(), "http://"), callTimeout)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		if _, err := io.WriteString(conn, request); err != nil {
			t.Fatal(err)
		}
		return conn, bufio.NewReader(conn)
	}
	answered := func(conn net.Conn, r *bufio.Reader, within time.Duration) bool {
		conn.SetReadDeadline(time.Now().Add(within))
		resp, err := http.ReadResponse(r, nil)
		if err != nil {
			return false
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}
	held := make([]net.Conn, maxConns)
	for i := range held {
		conn, r := send()
		if !answered(conn, r, callTimeout) {
			t.Fatalf("connection %d of %d was not served", i+1, maxConns)
		}
		held[i] = conn // kept alive: it holds its place
	}
	extra, r := send()
	if answered(extra, r, wait) {
		t.Fatalf("connection %d was served while %d were open", maxConns+1, maxConns)
	}
	held[0].Close()
	if !answered(extra, r, callTimeout) {
		t.Errorf("connection %d was not served after one of the %d closed", maxConns+1, maxConns)
	}
}
