// Package outbox holds what local mode's stand-ins for SNS and SES share
// (packages snsoutbox and sesoutbox): an HTTP handler served on a free
// loopback port, and the messages it accepted, kept and printed in the
// order they came.
package outbox

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"unicode"

	"github.com/cognito-passwordless/passwordless-go/internal/loopback"
)

// MaxRequestBody bounds what one request may make an outbox read.
const MaxRequestBody = 1 << 20

// Box serves one handler on loopback and keeps the messages of type M
// that the handler accepts. It is safe for concurrent use.
type Box[M any] struct {
	listener net.Listener
	server   *http.Server
	out      io.Writer

	mu       sync.Mutex
	messages []M
}

// Start serves the handler that handler builds for the new Box on a free
// loopback port, printing what Keep is given on out (nil discards it).
// name prefixes its errors. Only the triggers call it, by 127.0.0.1, so it
// answers loopback hosts only (loopback.Guard).
func Start[M any](name string, out io.Writer, handler func(*Box[M]) http.Handler) (*Box[M], error) {
	if out == nil {
		out = io.Discard
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	b := &Box[M]{listener: listener, out: out}
	b.server = loopback.Serve(listener, noBrowsers(handler(b)), nil, loopback.Limits{})
	return b, nil
}

// noBrowsers refuses every request that a browser sent: one with an
// Origin header, which browsers add to every cross-origin POST. Only the
// triggers' AWS SDK clients call an outbox, and they send none; without
// this, a web page could post a simple (form or text/plain) request and
// plant a message, or terminal escapes, in the outbox.
func noBrowsers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Origin") != "" || r.Header.Get("Sec-Fetch-Mode") != "" {
			http.Error(w, "browsers may not call this outbox", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// URL is the endpoint to give the AWS SDK client.
func (b *Box[M]) URL() string { return "http://" + b.listener.Addr().String() }

// Messages returns a copy of every message kept, oldest first.
func (b *Box[M]) Messages() []M {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]M(nil), b.messages...)
}

// Keep keeps m and prints text, under one lock: the terminal writer need
// not be safe for concurrent use, and the printed order is the kept order.
// Control characters of text but new lines and tabs print as U+FFFD, so
// that a message cannot drive the terminal (escape sequences).
func (b *Box[M]) Keep(m M, text string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.messages = append(b.messages, m)
	fmt.Fprint(b.out, Printable(text))
}

// Printable returns s with each control character but new line and tab,
// each format character (bidi overrides, zero-width characters) and each
// line or paragraph separator replaced by U+FFFD: none can then move the
// cursor or reorder what the terminal shows.
func Printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && (unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)) {
			return unicode.ReplacementChar
		}
		return r
	}, s)
}

// Close stops serving.
func (b *Box[M]) Close() error { return b.server.Close() }

// RandomID is a random hexadecimal id, for message and request ids.
func RandomID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
