package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/localpool"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeyapi"
)

// passkeysPool starts a pool of its own with passkeys on, and returns it
// with the origin the passkeys of its users answer from.
func passkeysPool(t *testing.T) (*localpool.Server, string) {
	t.Helper()
	srv := startPool(t, localpool.Options{Passkeys: true})
	u, err := url.Parse(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	return srv, "http://localhost:" + u.Port()
}

// signInWithTokens signs up and signs in number with the CLI, in a pool
// with passkeys on, and returns what sign-in --tokens printed.
func signInWithTokens(t *testing.T, srv *localpool.Server, number string) string {
	t.Helper()
	mustSignUp(t, srv, number)
	in := codesFromOutboxOf(t, srv, number, func(code string) []string { return []string{code} })
	got := run(t, in, against(srv, "sign-in", number, "--tokens")...)
	if got.code != ExitOK {
		t.Fatalf("sign-in: exit code %d\n%s", got.code, got.stderr)
	}
	mustContain(t, "sign-in's stderr", got.stderr,
		"The pool offers to sign in with a passkey, which this command cannot use: asking for a code instead.",
		"A sign-in code was sent to +1******",
		"3 attempts left")
	mustContain(t, "sign-in's stdout", got.stdout, "Access token:")
	return got.stdout
}

// accessTokenOf returns the access token of sign-in --tokens' output.
func accessTokenOf(t *testing.T, signedIn string) string {
	t.Helper()
	for line := range strings.Lines(signedIn) {
		if token, ok := strings.CutPrefix(line, accessTokenPrefix); ok {
			return strings.TrimSpace(token)
		}
	}
	t.Fatalf("no access token in\n%s", signedIn)
	return ""
}

// callAPI calls the passkeys API of srv with the access token and returns
// the status and the decoded answer.
func callAPI(t *testing.T, srv *localpool.Server, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	raw, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL()+path, bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	var out map[string]any
	json.Unmarshal(data, &out)
	return res.StatusCode, out
}

// registerPasskey registers a's passkey, named name, through the API, as
// a browser does, and returns its id.
func registerPasskey(t *testing.T, srv *localpool.Server, a *passkeytest.Authenticator, token, name string) string {
	t.Helper()
	status, started := callAPI(t, srv, "POST", "/passkeys/registration", token, map[string]string{})
	if status != http.StatusOK {
		t.Fatalf("start registration: %d %v", status, started)
	}
	options, _ := json.Marshal(started["options"])
	var credential any
	if err := json.Unmarshal(a.Register(options), &credential); err != nil {
		t.Fatal(err)
	}
	status, stored := callAPI(t, srv, "POST", "/passkeys", token, map[string]any{"credential": credential, "name": name})
	id, _ := stored["id"].(string)
	if status != http.StatusCreated || id == "" {
		t.Fatalf("finish registration: %d %v", status, stored)
	}
	return id
}

// TestPasskeysCommands: a user of a pool with passkeys on signs in by code
// with the CLI (its first round, a passkey round, answered by asking for
// the code), and lists, renames and deletes a passkey registered through
// the API, with the access token of sign-in --tokens on stdin.
func TestPasskeysCommands(t *testing.T) {
	srv, origin := passkeysPool(t)
	number := newNumber()
	signedIn := signInWithTokens(t, srv, number)
	passkeys := func(stdin string, args ...string) ran {
		t.Helper()
		return run(t, strings.NewReader(stdin), append(append([]string{"passkeys"}, args...), "--access-token-stdin", "--api", srv.URL())...)
	}

	got := passkeys(signedIn, "list")
	if got.code != ExitOK || got.stdout != "" || !strings.Contains(got.stderr, "No passkeys.") {
		t.Fatalf("list with none: exit code %d\nstdout:\n%s\nstderr:\n%s", got.code, got.stdout, got.stderr)
	}

	token := accessTokenOf(t, signedIn)
	a := passkeytest.New(32)
	a.Origin = origin
	id := registerPasskey(t, srv, a, token, "Test laptop")

	// The token alone, as the first line, works as well as sign-in's output.
	got = passkeys(token+"\n", "list")
	if got.code != ExitOK {
		t.Fatalf("list: exit code %d\n%s", got.code, got.stderr)
	}
	lines := strings.Split(strings.TrimSpace(got.stdout), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "ID ") || !strings.HasPrefix(lines[1], id+"  ") {
		t.Fatalf("list: want a header and the passkey %s, got\n%s", id, got.stdout)
	}
	mustContain(t, "the list", lines[1], "Test laptop", "never", time.Now().UTC().Format("2006-01-02"))
	mustContain(t, "the header", lines[0], "NAME", "CREATED", "LAST USED", "SYNCED")

	got = passkeys(signedIn, "list", "--json")
	var listed passkeyapi.ListResponse
	if err := json.Unmarshal([]byte(got.stdout), &listed); got.code != ExitOK || err != nil || len(listed.Passkeys) != 1 || listed.Passkeys[0].ID != id || listed.Passkeys[0].AAGUID == "" {
		t.Fatalf("list --json: exit code %d, %v\n%s%s", got.code, err, got.stdout, got.stderr)
	}

	got = passkeys(signedIn, "rename", id, "Work laptop")
	if got.code != ExitOK || got.stdout != "Renamed passkey "+id+" to \"Work laptop\".\n" {
		t.Fatalf("rename: exit code %d\nstdout:\n%s\nstderr:\n%s", got.code, got.stdout, got.stderr)
	}
	if got = passkeys(signedIn, "list"); !strings.Contains(got.stdout, "Work laptop") {
		t.Errorf("list after rename:\n%s", got.stdout)
	}

	got = passkeys(signedIn, "delete", id)
	if got.code != ExitOK || got.stdout != "Deleted passkey "+id+".\n" {
		t.Fatalf("delete: exit code %d\nstdout:\n%s\nstderr:\n%s", got.code, got.stdout, got.stderr)
	}
	if got = passkeys(signedIn, "list"); got.code != ExitOK || got.stdout != "" {
		t.Errorf("list after delete: exit code %d\n%s%s", got.code, got.stdout, got.stderr)
	}

	// Deleted, or never there: the API's not_found and its message.
	for _, unknown := range []string{id, "bm90LWEtcGFzc2tleQ"} {
		got = passkeys(signedIn, "delete", unknown)
		if got.code != ExitFailure || got.stdout != "" || got.stderr != "passwordless passkeys delete: not_found: There is no such passkey.\n" {
			t.Errorf("delete %s: exit code %d\nstdout:\n%s\nstderr:\n%s", unknown, got.code, got.stdout, got.stderr)
		}
	}
	got = passkeys(signedIn, "rename", id, "Old laptop")
	if got.code != ExitFailure || !strings.Contains(got.stderr, "not_found: There is no such passkey.") {
		t.Errorf("rename of a deleted passkey: exit code %d\n%s", got.code, got.stderr)
	}
}

// TestPasskeysTokenProblems: every way of giving no usable token fails
// clearly, and never prints the token.
func TestPasskeysTokenProblems(t *testing.T) {
	srv, _ := passkeysPool(t)
	signedIn := signInWithTokens(t, srv, newNumber())
	token := accessTokenOf(t, signedIn)
	var idToken string
	for line := range strings.Lines(signedIn) {
		if v, ok := strings.CutPrefix(line, "ID token:"); ok {
			idToken = strings.TrimSpace(v)
		}
	}
	api := []string{"--api", srv.URL()}
	for _, tt := range []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"no flag", signedIn, append([]string{"passkeys", "list"}, api...), ExitUsage,
			"passwordless passkeys list: --access-token-stdin is required"},
		{"empty stdin", "", append([]string{"passkeys", "list", "--access-token-stdin"}, api...), ExitUsage,
			"passwordless passkeys list: --access-token-stdin: stdin has no access token"},
		{"blank lines", "\n \n", append([]string{"passkeys", "delete", "X", "--access-token-stdin"}, api...), ExitUsage,
			"stdin has no access token"},
		{"an ID token", idToken + "\n", append([]string{"passkeys", "list", "--access-token-stdin"}, api...), ExitFailure,
			"passwordless passkeys list: the token read from stdin is an ID token: the passkeys API takes the access token"},
		{"not a JWT", "hello\n", append([]string{"passkeys", "list", "--access-token-stdin"}, api...), ExitFailure,
			"is not a token"},
		{"a forged token", "eyJhbGciOiJSUzI1NiJ9.eyJ0b2tlbl91c2UiOiJhY2Nlc3MifQ.c2lnbmF0dXJl\n", append([]string{"passkeys", "list", "--access-token-stdin"}, api...), ExitFailure,
			"passwordless passkeys list: 401 Unauthorized (the access token was refused"},
		{"no API there", signedIn, []string{"passkeys", "list", "--access-token-stdin", "--api", shared.URL()}, ExitFailure,
			"no passkeys API at " + shared.URL()},
		{"nothing there", signedIn, []string{"passkeys", "list", "--access-token-stdin", "--api", "http://127.0.0.1:1"}, ExitFailure,
			"cannot reach the passkeys API at http://127.0.0.1:1"},
		{"a bad API URL", signedIn, []string{"passkeys", "list", "--access-token-stdin", "--api", "127.0.0.1:9229"}, ExitUsage,
			"--api must be an http:// or https:// URL"},
		{"no ID", signedIn, append([]string{"passkeys", "delete", "--access-token-stdin"}, api...), ExitUsage,
			"missing ID"},
		{"no command", "", []string{"passkeys"}, ExitUsage, "Usage: passwordless passkeys <command>"},
		{"an unknown command", "", []string{"passkeys", "add"}, ExitUsage, `passwordless passkeys: unknown command "add"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := run(t, strings.NewReader(tt.stdin), tt.args...)
			if got.code != tt.code || !strings.Contains(got.stderr, tt.want) {
				t.Errorf("exit code %d, want %d; stderr does not say %q:\n%s", got.code, tt.code, tt.want, got.stderr)
			}
			for _, secret := range []string{token, idToken} {
				if strings.Contains(got.stdout+got.stderr, secret) {
					t.Errorf("the output shows a token")
				}
			}
		})
	}
}
