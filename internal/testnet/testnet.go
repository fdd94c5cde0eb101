// Package testnet gives tests the loopback endpoints of services that are
// down, to check that a client fails in time and says nothing it should not.
package testnet

import (
	"net"
	"sync"
	"testing"
)

// Refused returns a loopback address (host:port) that refuses connections.
func Refused(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// Silent returns a loopback address (host:port) that accepts connections
// and never answers; the test's cleanup closes them.
func Silent(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().String()
}

// Unreachable returns both, by name: "refused" and "silent".
func Unreachable(t testing.TB) map[string]string {
	t.Helper()
	return map[string]string{"refused": Refused(t), "silent": Silent(t)}
}
