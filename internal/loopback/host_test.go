package loopback

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestParseHost(t *testing.T) {
	cases := []struct {
		in, name, port string
	}{
		{"localhost", "localhost", ""},
		{"LocalHost:9229", "localhost", "9229"},
		{"127.0.0.1:9229", "127.0.0.1", "9229"},
		{"127.8.9.10", "127.8.9.10", ""},
		{"[::1]:9229", "::1", "9229"},
		{"[0:0:0:0:0:0:0:1]", "::1", ""},
		{"[::FFFF:127.0.0.1]:80", "::ffff:127.0.0.1", "80"},
		{"Dev.Example.TEST:8080", "dev.example.test", "8080"},
		{"my_host-1", "my_host-1", ""},
		{"host.example:0", "host.example", "0"},
		{"app.example:65535", "app.example", "65535"},
	}
	for _, c := range cases {
		name, port, err := ParseHost(c.in)
		if err != nil || name != c.name || port != c.port {
			t.Errorf("ParseHost(%q) = %q, %q, %v; want %q, %q", c.in, name, port, err, c.name, c.port)
		}
	}
}

func TestParseHostRefusesOddForms(t *testing.T) {
	cases := []struct {
		name, in, want string // want: a part of the error
	}{
		{"empty", "", "empty"},
		{"port alone", ":9229", "empty"},
		{"trailing dot", "localhost.", "dot"},
		{"trailing dot and port", "localhost.:9229", "dot"},
		{"user info", "user@localhost", "user info"},
		{"path", "localhost/_local/outbox", "path"},
		{"backslash", `localhost\x`, "path"},
		{"IPv6 without brackets", "::1", "brackets"},
		{"IPv6 without closing bracket", "[::1", "closing bracket"},
		{"something after brackets", "[::1]x", "only a port"},
		{"IPv4 in brackets", "[127.0.0.1]", "only an IPv6"},
		{"name in brackets", "[localhost]", "only an IPv6"},
		{"zone", "[fe80::1%25eth0]", "zone"},
		{"empty port", "localhost:", "port"},
		{"named port", "localhost:http", "port"},
		{"port too large", "localhost:65536", "port"},
		{"signed port", "localhost:+80", "port"},
		{"two ports", "localhost:80:80", "port"},
		{"short IPv4", "127.1", "IPv4"},
		{"hexadecimal IPv4", "0x7f.0.0.1", "IPv4"},
		{"IPv4 as one number", "2130706433", "IPv4"},
		{"IPv4 with leading zeros", "127.000.0.1", "IPv4"},
		{"empty label", "a..example", "1 to 63"},
		{"leading dot", ".example", "1 to 63"},
		{"long label", strings.Repeat("a", 64) + ".example", "1 to 63"},
		{"too long", strings.Repeat("a.", 130) + "example", "too long"},
		{"space", "exa mple", "only letters"},
		{"percent-encoding", "ex%41mple", "only letters"},
		{"non-ASCII", "bücher.example", "only letters"},
		{"wildcard", "*", "only letters"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			name, port, err := ParseHost(c.in)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("ParseHost(%q) = %q, %q, %v; want an error about %q", c.in, name, port, err, c.want)
			}
		})
	}
}

// TestGuard sends requests with each Host to a guarded handler: loopback
// hosts and the allowed ones reach it, with any port; any other gets 421
// and the fixed body, and the handler never runs.
func TestGuard(t *testing.T) {
	allowed := []string{"Dev.Example.test", "10.0.0.5", "not a host", "port.example:8080"}
	cases := []struct {
		host   string
		served bool
	}{
		{"localhost", true},
		{"LOCALHOST:9229", true},
		{"127.0.0.1:9229", true},
		{"127.255.0.2", true},
		{"[::1]:9229", true},
		{"[::1]", true},
		{"dev.example.test:8080", true},
		{"DEV.EXAMPLE.TEST", true},
		{"10.0.0.5:1", true},
		{"rebind.attacker.example:9229", false},
		{"rebind.attacker.example", false},
		{"localhost.:9229", false},
		{"localhost.rebind.attacker.example", false},
		{"127.0.0.1.rebind.attacker.example", false},
		{"app.localhost", false},
		{"0.0.0.0:9229", false},
		{"10.0.0.6", false},
		{"dev.example.test.", false},
		{"not a host", false},        // an invalid entry allows nothing
		{"port.example:8080", false}, // nor does one with a port
		{"", false},
		{"127.1:9229", false},
	}
	for _, c := range cases {
		served := false
		h := Guard(allowed, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			served = true
			w.Write([]byte("code 123456"))
		}))
		r := httptest.NewRequest(http.MethodGet, "/_local/outbox", nil)
		r.Host = c.host
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if served != c.served {
			t.Errorf("Host %q: served %v, want %v", c.host, served, c.served)
		}
		if c.served {
			continue
		}
		if w.Code != http.StatusMisdirectedRequest || w.Body.String() != refusal || w.Header().Get("Connection") != "close" {
			t.Errorf("Host %q: %d %q, Connection %q; want 421 with the fixed body, and the connection closed",
				c.host, w.Code, w.Body.String(), w.Header().Get("Connection"))
		}
	}
	if strings.ContainsAny(refusal, "0123456789") {
		t.Errorf("the refusal %q holds digits", refusal)
	}
}
