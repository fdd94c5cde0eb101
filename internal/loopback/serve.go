package loopback

import (
	"net"
	"net/http"
	"time"

	"golang.org/x/net/netutil"
)

// The limits of every local mode server. Its clients are on this machine:
// the AWS CLI and SDKs, a browser, the trigger processes.
const (
	// ReadHeaderTimeout bounds reading a request's headers, which a local
	// client sends at once; it also closes a connection that sends nothing.
	ReadHeaderTimeout = 5 * time.Second
	// ReadTimeout bounds reading a whole request: the largest body (1 MB to
	// the pool, 6 MB from a trigger to the Runtime API) comes over loopback
	// in milliseconds, and a client that trickles one is cut after 10 s.
	ReadTimeout = 10 * time.Second
	// WriteTimeout bounds handling a request and writing the answer. The
	// slowest is a sign-in step: three trigger invocations of up to 5 s
	// each (Cognito's limit), which may also wait for other requests' at
	// the same trigger, one process each; a minute leaves room for that.
	// The Runtime API's long poll for the next event lifts it while it
	// waits (lambdahost).
	WriteTimeout = time.Minute
	// IdleTimeout closes a kept-alive connection after 2 minutes without
	// a request: longer than the 90 s after which Go's HTTP client (and
	// so the AWS SDK for Go) drops an idle connection itself, so that the
	// server never closes one just as a client sends a POST on it, which
	// the client would not retry.
	IdleTimeout = 2 * time.Minute
	// MaxConns caps a server's open connections: far more than local
	// clients keep (an SDK client keeps a few, a browser six per host),
	// far fewer than the 1024 file descriptors a process may usually
	// open. Connections beyond it wait in the kernel's accept queue until
	// one closes.
	MaxConns = 128
)

// Limits bound a server's connections. A zero field takes the constant of
// the same name: tests shorten some, nothing lifts one.
type Limits struct {
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	MaxConns                                                  int
}

// withDefaults fills the zero fields of l.
func (l Limits) withDefaults() Limits {
	or := func(d, def time.Duration) time.Duration {
		if d > 0 {
			return d
		}
		return def
	}
	l.ReadHeaderTimeout = or(l.ReadHeaderTimeout, ReadHeaderTimeout)
	l.ReadTimeout = or(l.ReadTimeout, ReadTimeout)
	l.WriteTimeout = or(l.WriteTimeout, WriteTimeout)
	l.IdleTimeout = or(l.IdleTimeout, IdleTimeout)
	if l.MaxConns <= 0 {
		l.MaxConns = MaxConns
	}
	return l
}

// Serve serves handler behind Guard(allowedHosts, ...) on listener, at
// most limits.MaxConns connections at a time, until the returned server
// is closed (which closes listener).
func Serve(listener net.Listener, handler http.Handler, allowedHosts []string, limits Limits) *http.Server {
	limits = limits.withDefaults()
	srv := &http.Server{
		Handler:           Guard(allowedHosts, handler),
		ReadHeaderTimeout: limits.ReadHeaderTimeout,
		ReadTimeout:       limits.ReadTimeout,
		WriteTimeout:      limits.WriteTimeout,
		IdleTimeout:       limits.IdleTimeout,
	}
	go srv.Serve(netutil.LimitListener(listener, limits.MaxConns))
	return srv
}
