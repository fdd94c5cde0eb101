// Package loopback hardens the HTTP servers local mode runs on loopback (the
// user pool, the SNS and SES outboxes, the Lambda Runtime API host) against
// what a web page or a careless client can do to them.
//
// Binding to 127.0.0.1 keeps other machines out, but not a page open in the
// developer's browser: by DNS rebinding, a page of rebind.attacker.example
// makes its name resolve to 127.0.0.1 and then reads the server's answers
// as same-origin requests, with no Origin header for CORS to refuse. Such a
// request still names the attacker's host in its Host header, so Guard
// answers only requests addressed to a loopback host (localhost, 127.0.0.0/8,
// [::1]) or to a host the server was told to allow, and refuses every other
// one with 421 Misdirected Request before any handler runs.
//
// Serve also bounds how long a connection may take to send its request,
// receive its answer and sit idle, and how many connections a server keeps
// open at once, so that slow or stalled clients cannot hold it.
package loopback
