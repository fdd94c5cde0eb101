package localpool

import (
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestStartRefusesBadOptions(t *testing.T) {
	cases := []struct {
		name string
		opts Options
		want string
	}{
		{"missing binaries", Options{BinDir: t.TempDir()}, "no trigger binary"},
		{"bad user pool id", Options{BinDir: binDir, UserPoolID: "no-underscore"}, "user pool id"},
		{"bad client id", Options{BinDir: binDir, ClientID: "has space"}, "client id"},
		{"negative session validity", Options{BinDir: binDir, SessionValidity: -time.Second}, "session validity"},
		{"unknown variable", Options{BinDir: binDir, Env: map[string]string{"MAX_ATEMPTS": "3"}}, "MAX_ATEMPTS"},
		{"bad variable", Options{BinDir: binDir, Env: map[string]string{"MAX_ATTEMPTS": "0"}}, "MAX_ATTEMPTS"},
		{"origin with a path", Options{BinDir: binDir, AllowedOrigins: []string{"https://app.example.com/login"}}, "https://app.example.com/login"},
		{"origin without scheme", Options{BinDir: binDir, AllowedOrigins: []string{"app.example.com"}}, "http:// or https://"},
		{"MFA required in the code flow", Options{BinDir: binDir, MFARequired: true}, "AUTHENTICATOR_APP=required needs SIGN_IN_FLOW=password-and-code"},
		{"unknown username attribute", Options{BinDir: binDir, UsernameAttributes: []string{"preferred_username"}}, "preferred_username"},
		{"username attribute twice", Options{BinDir: binDir, UsernameAttributes: []string{"email", "email"}}, "email listed twice"},
		{"bad email variable", Options{BinDir: binDir, Env: map[string]string{"EMAIL_FROM": "not-an-address"}}, "EMAIL_FROM"},
		{"allowed host with a port", Options{BinDir: binDir, AllowedHosts: []string{"dev.example.test:8080"}}, "without a port"},
		{"allowed host wildcard", Options{BinDir: binDir, AllowedHosts: []string{"*"}}, `allowed host "*"`},
		{"allowed host with a trailing dot", Options{BinDir: binDir, AllowedHosts: []string{"localhost."}}, "dot"},
		{"allowed host with user info", Options{BinDir: binDir, AllowedHosts: []string{"user@dev.example.test"}}, "user info"},
		{"allowed IPv6 address without brackets", Options{BinDir: binDir, AllowedHosts: []string{"fe80::1"}}, "brackets"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			addr := "127.0.0.1:" + strconv.Itoa(freePort(t))
			c.opts.Addr = addr
			srv, err := Start(testContext(t), c.opts)
			if err == nil {
				srv.Close()
				t.Fatalf("Start succeeded, want an error about %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not mention %q", err, c.want)
			}
			// A failed start leaves nothing listening.
			l, err := net.Listen("tcp", addr)
			if err != nil {
				t.Fatalf("a failed Start keeps %s: %v", addr, err)
			}
			l.Close()
		})
	}
}

func TestDefaults(t *testing.T) {
	p := startPool(t, Options{})
	if p.srv.UserPoolID() != "us-east-1_LocalPool1" || p.srv.ClientID() != DefaultClientID {
		t.Errorf("ids %s, %s", p.srv.UserPoolID(), p.srv.ClientID())
	}
	if len(DefaultClientID) != 26 || strings.ToLower(DefaultClientID) != DefaultClientID {
		t.Errorf("DefaultClientID %q is not 26 lowercase letters and digits like Cognito's", DefaultClientID)
	}
	eu := startPool(t, Options{Region: "eu-west-1"})
	if eu.srv.UserPoolID() != "eu-west-1_LocalPool1" {
		t.Errorf("user pool id in eu-west-1: %s", eu.srv.UserPoolID())
	}
	if !strings.HasPrefix(p.srv.URL(), "http://127.0.0.1:") {
		t.Errorf("URL %s", p.srv.URL())
	}
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
