package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/localpool"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeyapi"
)

// passkeysGroup is "passwordless passkeys".
var passkeysGroup = group{
	name: "passkeys",
	about: `A signed-in user's passkeys, through the passkeys API with the user's access
token (read from stdin: sign-in --tokens prints it). Registering a passkey
takes an authenticator, so it is done in a browser (local mode's sign-in
page, or the app's), not here.`,
	examples: `  passwordless sign-in +15555550123 --tokens --endpoint-url http://127.0.0.1:9229 > signin.txt
  passwordless passkeys list --access-token-stdin < signin.txt
  passwordless passkeys delete ID --access-token-stdin < signin.txt
  passwordless passkeys list --access-token-stdin --api https://API_ID.execute-api.REGION.amazonaws.com < signin.txt
`,
	commands: []command{
		{"list", "list the signed-in user's passkeys: id, name, when created and last used, whether synced", runPasskeysList, nil},
		{"rename", "rename one of the user's passkeys: rename ID NAME", runPasskeysRename, nil},
		{"delete", "delete one of the user's passkeys: delete ID", runPasskeysDelete, nil},
	},
}

// defaultPasskeysAPI is local mode's endpoint, which serves the passkeys
// API too (passwordless local --passkeys).
const defaultPasskeysAPI = "http://" + localpool.DefaultAddr

// passkeysAboutToken is what every passkeys command's help says of the
// token and the API.
const passkeysAboutToken = `The access token is read from stdin (--access-token-stdin): the "Access token:"
line of what sign-in --tokens prints, or else the first line; on a
terminal it is asked for without echo. It is never taken from the command
line, and never printed. An ID token is refused: the API takes the access
token. The API is local mode's, at ` + defaultPasskeysAPI + ` (started with
--passkeys), unless --api names another, such as a deployed stack's
PasskeysApiUrl output.`

// passkeysFlags are the flags every passkeys command takes.
type passkeysFlags struct {
	api        string
	tokenStdin bool
}

func (p *passkeysFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&p.api, "api", defaultPasskeysAPI, "base `URL` of the passkeys API: local mode's endpoint (started with --passkeys), or a deployed stack's PasskeysApiUrl output")
	fs.BoolVar(&p.tokenStdin, "access-token-stdin", false, `read the signed-in user's access token from stdin (required): the "Access token:" line of sign-in --tokens' output, or else the first line (asked without echo on a terminal); it is never taken from the command line`)
}

// passkeysAPI is the passkeys API, called with a user's access token.
type passkeysAPI struct {
	base  string // without a trailing slash
	token string
	http  *http.Client
}

// connect checks the flags, reads the access token from stdin, and
// returns the API to call.
func (p *passkeysFlags) connect(ctx context.Context, fs *flag.FlagSet, s streams) (*passkeysAPI, error) {
	u, err := url.Parse(p.api)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, usageError(fs, "--api must be an http:// or https:// URL, such as %s, got %q", defaultPasskeysAPI, p.api)
	}
	if !p.tokenStdin {
		return nil, usageError(fs, "--access-token-stdin is required: the access token (sign-in --tokens prints it) is read from stdin, never from the command line")
	}
	token, err := readAccessToken(ctx, fs, s.stdin, s.stderr)
	if err != nil {
		return nil, err
	}
	return &passkeysAPI{base: strings.TrimRight(p.api, "/"), token: token, http: &http.Client{Timeout: 30 * time.Second}}, nil
}

// accessTokenPrefix starts the line of sign-in --tokens that holds the
// access token.
const accessTokenPrefix = "Access token:"

// maxTokenInput bounds what is read of stdin for the token: sign-in
// --tokens' output is a few kilobytes.
const maxTokenInput = 1 << 20

// readAccessToken reads the access token of --access-token-stdin from in:
// asked without echo on a terminal; otherwise the "Access token:" line of
// sign-in --tokens' output, or else the first non-empty line. None is a
// usage error on fs; an ID token an error. The token never goes into an
// error.
func readAccessToken(ctx context.Context, fs *flag.FlagSet, in io.Reader, prompt io.Writer) (string, error) {
	var token string
	if f, ok := in.(*os.File); ok && isTerminal(in) {
		var err error
		if token, err = askPassword(ctx, f, prompt, "Access token: "); err != nil {
			return "", err
		}
		token = strings.TrimSpace(token)
	} else {
		data, err := io.ReadAll(io.LimitReader(in, maxTokenInput))
		if err != nil {
			return "", fmt.Errorf("read the access token from stdin: %w", err)
		}
		first := ""
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, maxTokenInput)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if rest, ok := strings.CutPrefix(line, accessTokenPrefix); ok {
				token = strings.TrimSpace(rest)
				break
			}
			if first == "" {
				first = line
			}
		}
		if token == "" {
			token = first
		}
	}
	if token == "" {
		return "", usageError(fs, "--access-token-stdin: stdin has no access token; give the access token as its first line, or the output of sign-in --tokens")
	}
	if strings.ContainsAny(token, " \t") || strings.Count(token, ".") != 2 {
		return "", errors.New("the access token read from stdin is not a token (a JWT: three parts separated by dots)")
	}
	if claims, err := unverifiedClaims(token); err == nil && claims["token_use"] == "id" {
		return "", errors.New(`the token read from stdin is an ID token: the passkeys API takes the access token (sign-in --tokens prints it as "Access token:")`)
	}
	return token, nil
}

// apiError is the passkeys API's refusal: its code and message, or, from
// API Gateway itself (such as its authorizer's 401), a message only.
type apiError struct {
	status        int
	code, message string
}

func (e *apiError) Error() string {
	text := e.message
	if text == "" {
		text = http.StatusText(e.status)
	}
	if e.code != "" {
		text = e.code + ": " + text
	} else {
		text = fmt.Sprintf("%d %s", e.status, text)
	}
	if e.status == http.StatusUnauthorized {
		text += " (the access token was refused: it may have expired; sign in again with sign-in --tokens)"
	}
	return text
}

// call sends method path with body (nil: none) as JSON and the access
// token, and decodes a 2xx answer's body into out (nil: ignored). A
// refusal is an *apiError.
func (a *passkeysAPI) call(ctx context.Context, method, path string, body, out any) error {
	var reader io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return err
		}
		reader = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, reader)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := a.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// Not wrapped: describe would call it the user pool.
		return fmt.Errorf("cannot reach the passkeys API at %s: %v", a.base, errors.Unwrap(err))
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, maxTokenInput))
	if err != nil {
		return fmt.Errorf("read the passkeys API's answer: %w", err)
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		var refusal passkeyapi.ErrorBody
		_ = json.Unmarshal(data, &refusal) // an answer not of the API leaves both empty
		if refusal.Error == "" && (res.StatusCode == http.StatusNotFound || res.StatusCode == http.StatusMethodNotAllowed) {
			// Not the API's own refusal: local mode without --passkeys,
			// or a URL that is not the API's.
			return fmt.Errorf("no passkeys API at %s (%s): start local mode with --passkeys, or give --api the stack's PasskeysApiUrl output", a.base, res.Status)
		}
		return &apiError{status: res.StatusCode, code: refusal.Error, message: refusal.Message}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("the passkeys API's answer is not what it should be: %w", err)
	}
	return nil
}

// passkeyPath is the path of the passkey id.
func passkeyPath(id string) string {
	return "/passkeys/" + url.PathEscape(id)
}

const passkeysListAbout = `Lists the signed-in user's passkeys, oldest first, as a table on stdout: the
id (whole, as rename and delete take it), the name, when it was registered
and last used (UTC), and whether it is synced (backed up, such as by a
password manager or a platform's keychain). --json prints the API's own
answer instead, with every detail.

` + passkeysAboutToken + `

Local mode:    passwordless passkeys list --access-token-stdin < signin.txt
Deployed API:  passwordless passkeys list --access-token-stdin --api URL < signin.txt`

func runPasskeysList(ctx context.Context, s streams, args []string) error {
	fs := newFlagSet("passkeys list", "", passkeysListAbout, s.stderr)
	var pf passkeysFlags
	pf.register(fs)
	asJSON := fs.Bool("json", false, "print the API's answer, {\"passkeys\": [...]}, as JSON instead of a table")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	api, err := pf.connect(ctx, fs, s)
	if err != nil {
		return err
	}
	var list passkeyapi.ListResponse
	if err := api.call(ctx, http.MethodGet, "/passkeys", nil, &list); err != nil {
		return err
	}
	if list.Passkeys == nil {
		list.Passkeys = []passkeyapi.Summary{}
	}
	if *asJSON {
		text, err := json.MarshalIndent(list, "", "  ")
		if err != nil {
			return err
		}
		fmt.Fprintf(s.stdout, "%s\n", text)
		return nil
	}
	if len(list.Passkeys) == 0 {
		fmt.Fprintln(s.stderr, "No passkeys.")
		return nil
	}
	printPasskeys(s.stdout, list.Passkeys)
	return nil
}

// printPasskeys writes passkeys as a table.
func printPasskeys(w io.Writer, passkeys []passkeyapi.Summary) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tCREATED\tLAST USED\tSYNCED")
	for _, p := range passkeys {
		lastUsed := p.LastUsedAt
		if lastUsed == "" {
			lastUsed = "never"
		}
		synced := "no"
		if p.BackedUp {
			synced = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.ID, p.Name, p.CreatedAt, lastUsed, synced)
	}
	tw.Flush()
}

const passkeysDeleteAbout = `Deletes the signed-in user's passkey ID (as passkeys list prints it): it
can no longer sign in. The authenticator keeps its key; remove it there too.
An id that is not one of the user's passkeys fails with the API's
not_found.

` + passkeysAboutToken + `

Example:  passwordless passkeys delete ID --access-token-stdin < signin.txt`

func runPasskeysDelete(ctx context.Context, s streams, args []string) error {
	fs := newFlagSet("passkeys delete", "ID", passkeysDeleteAbout, s.stderr)
	var pf passkeysFlags
	pf.register(fs)
	positional, err := parseArgs(fs, args, "ID")
	if err != nil {
		return err
	}
	id := positional[0]
	if id == "" {
		return usageError(fs, "ID is empty")
	}
	api, err := pf.connect(ctx, fs, s)
	if err != nil {
		return err
	}
	if err := api.call(ctx, http.MethodDelete, passkeyPath(id), nil, nil); err != nil {
		return err
	}
	fmt.Fprintf(s.stdout, "Deleted passkey %s.\n", id)
	return nil
}

var passkeysRenameAbout = `Renames the signed-in user's passkey ID (as passkeys list prints it) to
NAME: 1 to ` + strconv.Itoa(passkeyapi.MaxNameLength) + ` characters after trimming spaces, quoted if it has spaces.

` + passkeysAboutToken + `

Example:  passwordless passkeys rename ID "Work laptop" --access-token-stdin < signin.txt`

func runPasskeysRename(ctx context.Context, s streams, args []string) error {
	fs := newFlagSet("passkeys rename", "ID NAME", passkeysRenameAbout, s.stderr)
	var pf passkeysFlags
	pf.register(fs)
	positional, err := parseArgs(fs, args, "ID", "NAME")
	if err != nil {
		return err
	}
	id, name := positional[0], positional[1]
	switch {
	case id == "":
		return usageError(fs, "ID is empty")
	case strings.TrimSpace(name) == "":
		return usageError(fs, "NAME is empty")
	}
	api, err := pf.connect(ctx, fs, s)
	if err != nil {
		return err
	}
	var renamed passkeyapi.Summary
	if err := api.call(ctx, http.MethodPatch, passkeyPath(id), map[string]string{"name": name}, &renamed); err != nil {
		return err
	}
	fmt.Fprintf(s.stdout, "Renamed passkey %s to %q.\n", renamed.ID, renamed.Name)
	return nil
}
