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
	"sync"
	"time"
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
// name prefixes its errors.
func Start[M any](name string, out io.Writer, handler func(*Box[M]) http.Handler) (*Box[M], error) {
	if out == nil {
		out = io.Discard
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	b := &Box[M]{listener: listener, out: out}
	b.server = &http.Server{Handler: handler(b), ReadHeaderTimeout: 5 * time.Second}
	go b.server.Serve(listener)
	return b, nil
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
func (b *Box[M]) Keep(m M, text string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.messages = append(b.messages, m)
	fmt.Fprint(b.out, text)
}

// Close stops serving.
func (b *Box[M]) Close() error { return b.server.Close() }

// RandomID is a random hexadecimal id, for message and request ids.
func RandomID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
