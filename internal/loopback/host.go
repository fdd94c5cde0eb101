package loopback

import (
	"errors"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
)

// maxHostLen bounds a Host header ParseHost reads: a DNS name has at most
// 253 characters, with room for brackets and a port.
const maxHostLen = 253 + len("[]:65535")

// refusal is the whole body of a refused request: fixed, so that it never
// echoes anything, and free of digits, so that it cannot be mistaken for
// (or hold) a sign-in code.
const refusal = "Misdirected Request: this local server answers only requests addressed to a loopback host such as localhost.\n"

// AllowedHost reads h, an entry of Guard's allowedHosts: a host name or
// an IP address alone, which it returns as ParseHost normalizes it, or why
// it is not one.
func AllowedHost(h string) (string, error) {
	name, port, err := ParseHost(h)
	if err == nil && port != "" {
		err = errors.New("give it without a port: every port is allowed")
	}
	return name, err
}

// Guard returns a handler that passes to next only the requests whose Host
// is a loopback host (localhost, an address of 127.0.0.0/8, [::1]) or one
// of allowedHosts, with any port or none, compared as ParseHost normalizes
// them. Every other request, an unreadable Host included, gets 421
// Misdirected Request with a fixed body, and its connection is closed. An
// entry of allowedHosts that AllowedHost refuses allows nothing: callers
// check them with AllowedHost first to report them.
func Guard(allowedHosts []string, next http.Handler) http.Handler {
	allowed := map[string]bool{}
	for _, h := range allowedHosts {
		if name, err := AllowedHost(h); err == nil {
			allowed[name] = true
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, _, err := ParseHost(r.Host)
		if err != nil || !isLoopback(name) && !allowed[name] {
			refuse(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// refuse answers a request addressed to another host. It closes the
// connection: its sender has no business with this server.
func refuse(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Connection", "close")
	w.WriteHeader(http.StatusMisdirectedRequest)
	w.Write([]byte(refusal))
}

// isLoopback reports whether name, as ParseHost returns it, always means
// this machine. localhost is the only name: "localhost." and names under
// localhost are left to the resolver, which may ask DNS.
func isLoopback(name string) bool {
	if name == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(name)
	return err == nil && ip.IsLoopback()
}

// ParseHost splits hostport, a Host header's host[:port], into a host name
// that compares equal however it was written, and the port ("" when there is
// none). The name is lower-case; an IP address is in its canonical form, an
// IPv6 one without its brackets. ParseHost refuses what no client sends for
// a server it reaches directly, with an error that says why: an empty
// host, user info, a path, an IPv6 address without brackets or with a
// zone, a port that is not a number, a name with a trailing dot, empty
// labels or characters no host name has, and a number that only
// resembles an IPv4 address (127.1, 0x7f.0.0.1).
func ParseHost(hostport string) (name, port string, err error) {
	if len(hostport) > maxHostLen {
		return "", "", errors.New("host is too long")
	}
	if strings.ContainsAny(hostport, "@/\\?#") {
		return "", "", errors.New("a host has no user info, path, query or fragment")
	}
	host, port, err := splitPort(hostport)
	if err != nil {
		return "", "", err
	}
	if strings.HasPrefix(host, "[") {
		name, err = parseIPv6(host)
	} else {
		name, err = parseName(strings.ToLower(host))
	}
	if err != nil {
		return "", "", err
	}
	return name, port, nil
}

// splitPort splits host[:port]; an IPv6 host keeps its brackets.
func splitPort(hostport string) (host, port string, err error) {
	host, rest := hostport, ""
	if strings.HasPrefix(hostport, "[") {
		end := strings.IndexByte(hostport, ']')
		if end < 0 {
			return "", "", errors.New("an IPv6 address lacks its closing bracket")
		}
		host, rest = hostport[:end+1], hostport[end+1:]
		if rest != "" && rest[0] != ':' {
			return "", "", errors.New("only a port may follow an IPv6 address")
		}
	} else if i := strings.IndexByte(hostport, ':'); i >= 0 {
		host, rest = hostport[:i], hostport[i:]
	}
	if rest == "" {
		return host, "", nil
	}
	port = rest[1:]
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return "", "", errors.New("a port must be a number from 0 to 65535 (an IPv6 address must be in brackets)")
	}
	return host, port, nil
}

// parseIPv6 returns the canonical form of a bracketed IPv6 address.
func parseIPv6(bracketed string) (string, error) {
	ip, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(bracketed, "["), "]"))
	switch {
	case err != nil || !ip.Is6():
		return "", errors.New("only an IPv6 address may be in brackets")
	case ip.Zone() != "":
		return "", errors.New("an IPv6 address with a zone is not a host")
	}
	return ip.String(), nil
}

// parseName checks a lower-case host name, or returns the canonical form
// of an IPv4 address in dotted decimal.
func parseName(host string) (string, error) {
	if ip, err := netip.ParseAddr(host); err == nil && ip.Is4() {
		return ip.String(), nil
	}
	switch {
	case host == "":
		return "", errors.New("the host is empty")
	case strings.HasSuffix(host, "."):
		return "", errors.New("a host name must not end with a dot")
	}
	labels := strings.Split(host, ".")
	for _, label := range labels {
		if err := checkLabel(label); err != nil {
			return "", err
		}
	}
	// Browsers read a name whose last label is a number as an IPv4
	// address (127.1 is 127.0.0.1), so no client sends one as a name.
	if last := labels[len(labels)-1]; isNumber(last) {
		return "", errors.New("an IPv4 address must be four decimal numbers, such as 127.0.0.1")
	}
	return host, nil
}

// checkLabel checks one label of a host name: 1 to 63 letters, digits,
// hyphens or underscores.
func checkLabel(label string) error {
	if label == "" || len(label) > 63 {
		return errors.New("each label of a host name must have 1 to 63 characters")
	}
	for _, c := range []byte(label) {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return errors.New("a host name has only letters, digits, hyphens, underscores and dots")
		}
	}
	return nil
}

// isNumber reports whether label is a decimal or 0x-hexadecimal number,
// as the URL standard reads IPv4 address parts.
func isNumber(label string) bool {
	digits, base := label, 10
	if rest, ok := strings.CutPrefix(label, "0x"); ok {
		digits, base = rest, 16
	}
	if digits == "" {
		return base == 16 // "0x" alone is zero
	}
	for _, c := range digits {
		if !('0' <= c && c <= '9' || base == 16 && 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
