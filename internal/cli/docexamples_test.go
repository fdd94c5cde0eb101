package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/localpool"
	"github.com/cognito-passwordless/passwordless-go/internal/otp"
)

// docExampleFiles are the docs whose examples TestDocExamples runs, in this
// order, in one pool.
var docExampleFiles = []string{"../../docs/cli.md", "../../docs/local-mode.md"}

// docEndpoint is the local mode endpoint the docs' examples name.
const docEndpoint = "http://127.0.0.1:9229"

// skipRule skips the ```sh blocks whose first command starts with prefix.
type skipRule struct{ prefix, why string }

// notRunnable are the ```sh blocks of the docs that TestDocExamples does
// not run, and why. Every other ```sh block is run. Each rule must match a
// block, so that none outlives the examples it was written for.
var notRunnable = []skipRule{
	{"make demo", "starts a pool of its own (TestDemo runs the demo)"},
	{"go install ", "installs the command; the test runs it in process"},
	{"go run ./cmd/passwordless local", "starts local mode; the test's pool stands in for it"},
	{"passwordless local", "starts local mode; the test's pool stands in for it"},
	{"pip install ", "installs moto and starts local mode with it (internal/localpool's moto tests)"},
	{"moto_server ", "starts moto and local mode with it (internal/localpool's moto tests)"},
	{"POOL_ID=$(aws cloudformation ", "needs a deployed pool"},
	{"CLIENT_ID=$(aws cloudformation ", "needs a deployed pool"},
}

// TestDocExamples runs the ```sh blocks of docs/cli.md and then
// docs/local-mode.md, in the order they appear, against one local pool of
// phone numbers and email addresses, as a reader who tries each example in
// turn does: every example must work after the ones before it, without
// taking a name an earlier one took or going past a number's codes.
//
//   - A block runs unless notRunnable skips it. Its commands run one by one,
//     with the docs' endpoint replaced by the test pool's.
//   - passwordless (or go run ./cmd/passwordless) runs in process; a sign-in
//     reads the newest code the pool has sent (newestCodes), and
//     "< FILE" reads testdata/docexamples/FILE.
//   - Any other command runs in one bash for all the blocks, so that the
//     variables of one block reach the next, with fake AWS credentials and
//     $POOL and $CLIENT set as docs/local-mode.md's "With the AWS CLI"
//     sets them. A 6-digit ANSWER= is the code the reader copies from local
//     mode's terminal: the test puts the newest code there.
//   - Each command must exit 0, and a shell command must print nothing on
//     stderr (where the AWS CLI reports errors), except that a block
//     followed at once by a ```text block starting "An error occurred"
//     shows that error: its last command must fail with exactly that text.
func TestDocExamples(t *testing.T) {
	srv := bothPool(t)
	codes := &newestCodes{srv: srv}
	sh := startShell(t, "POOL=--endpoint-url "+srv.URL()+" --region us-east-1", "CLIENT="+srv.ClientID())
	used := make([]bool, len(notRunnable))
	for _, file := range docExampleFiles {
		for _, b := range shBlocks(t, file) {
			name := fmt.Sprintf("%s:%d", filepath.Base(file), b.line)
			commands := shCommands(strings.ReplaceAll(b.text, docEndpoint, srv.URL()))
			if i := slices.IndexFunc(notRunnable, func(r skipRule) bool {
				return len(commands) > 0 && strings.HasPrefix(commands[0], r.prefix)
			}); i >= 0 {
				used[i] = true
				t.Logf("%s: not run: %s", name, notRunnable[i].why)
				continue
			}
			t.Run(name, func(t *testing.T) { runDocBlock(t, commands, b.wantErr, codes, sh) })
		}
	}
	for i, r := range notRunnable {
		if !used[i] {
			t.Errorf("no block starts with %q: remove it from notRunnable", r.prefix)
		}
	}
}

// runDocBlock runs a block's commands in order and stops at the first that
// fails, or, when the docs show the block ending with wantErr, at its last
// if that does not fail so.
func runDocBlock(t *testing.T, commands []string, wantErr string, codes *newestCodes, sh *shell) {
	for i, command := range commands {
		args, file, inProcess := cliCommand(t, command)
		var got ran
		if inProcess {
			got = run(t, cliStdin(t, file, codes), args...)
		} else {
			got = sh.run(t, answerWith(t, command, codes))
		}
		switch {
		case i == len(commands)-1 && wantErr != "":
			if got.code == 0 || strings.TrimSpace(got.stderr) != wantErr {
				t.Fatalf("%s\nexit code %d, want the error the docs show:\n%s\nstderr:\n%s", command, got.code, wantErr, got.stderr)
			}
		// passwordless reports its progress on stderr; the AWS CLI, errors only.
		case got.code != 0, !inProcess && got.stderr != "":
			t.Fatalf("%s\nexit code %d\nstdout:\n%s\nstderr:\n%s", command, got.code, got.stdout, got.stderr)
		}
	}
}

// shBlock is a ```sh block of a doc.
type shBlock struct {
	line int    // of its first line, 1-based
	text string // without the fences and the fences' indentation
	// wantErr is the ```text block that follows it at once, when that shows
	// an AWS CLI error ("An error occurred ...").
	wantErr string
}

// shBlocks returns the ```sh blocks of the doc at path, in order.
func shBlocks(t *testing.T, path string) []shBlock {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	fenced := fencedBlocks(lines)
	var blocks []shBlock
	for i, b := range fenced {
		if b.lang != "sh" {
			continue
		}
		block := shBlock{line: b.start + 2, text: b.text}
		if i+1 < len(fenced) {
			next := fenced[i+1]
			between := strings.Join(lines[b.end+1:next.start], "")
			if next.lang == "text" && strings.TrimSpace(between) == "" && strings.HasPrefix(next.text, "An error occurred") {
				block.wantErr = strings.TrimSpace(next.text)
			}
		}
		blocks = append(blocks, block)
	}
	return blocks
}

// fencedBlock is a fenced code block of a Markdown file.
type fencedBlock struct {
	lang       string // what follows the opening fence: "sh", "text", or ""
	start, end int    // the lines of its fences, 0-based
	text       string // its lines, without the fences' indentation
}

// fencedBlocks returns the fenced code blocks of a Markdown file's lines,
// list items' indented ones included.
func fencedBlocks(lines []string) []fencedBlock {
	var blocks []fencedBlock
	var cur *fencedBlock
	var indent string
	for i, line := range lines {
		fence := strings.TrimSpace(line)
		switch {
		case cur == nil && strings.HasPrefix(fence, "```"):
			cur = &fencedBlock{lang: strings.TrimPrefix(fence, "```"), start: i}
			indent = line[:strings.Index(line, "`")]
		case cur != nil && fence == "```":
			cur.end = i
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.text += strings.TrimPrefix(line, indent) + "\n"
		}
	}
	return blocks
}

// shCommands splits a block into its commands: a line, with the lines its
// trailing backslashes continue, or a loop up to its done. Comment lines
// and blank lines between commands are left out.
func shCommands(text string) []string {
	var commands []string
	var cur strings.Builder
	loops := 0
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if cur.Len() == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		cur.WriteString(line + "\n")
		if strings.HasPrefix(trimmed, "for ") || strings.HasPrefix(trimmed, "while ") {
			loops++
		}
		if trimmed == "done" || strings.HasSuffix(trimmed, "; done") {
			loops--
		}
		if loops == 0 && !strings.HasSuffix(trimmed, `\`) {
			commands = append(commands, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	return commands
}

// cliPrefixes are how the docs' commands start passwordless.
var cliPrefixes = []string{"passwordless ", "go run ./cmd/passwordless "}

// cliCommand returns the arguments of a passwordless command and the file
// its "< FILE" names, if any, and whether command is one. No shell stands
// in front of the in-process CLI, so a quote, a variable or a pipe in the
// command stops the test rather than being passed on as it is.
func cliCommand(t *testing.T, command string) (args []string, stdinFile string, ok bool) {
	t.Helper()
	for _, prefix := range cliPrefixes {
		rest, ok := strings.CutPrefix(command, prefix)
		if !ok {
			continue
		}
		rest, _, _ = strings.Cut(strings.ReplaceAll(rest, "\\\n", " "), " #")
		if strings.ContainsAny(rest, "'\"$|;&>\\") {
			t.Fatalf("%s: the test runs passwordless commands without a shell: no quotes, variables or pipes", command)
		}
		args = strings.Fields(rest)
		if i := slices.Index(args, "<"); i >= 0 && i == len(args)-2 {
			args, stdinFile = args[:i], args[i+1]
		}
		return args, stdinFile, true
	}
	return nil, "", false
}

// cliStdin is the stdin of a passwordless command: the file under
// testdata/docexamples its "< FILE" names, or else the codes it asks for.
func cliStdin(t *testing.T, file string, codes *newestCodes) io.Reader {
	t.Helper()
	if file == "" {
		return &codeLines{codes: codes}
	}
	data, err := os.ReadFile(filepath.Join("testdata", "docexamples", file))
	if err != nil {
		t.Fatal(err)
	}
	return strings.NewReader(string(data))
}

// newestCodes types codes as the reader of the docs does, from local mode's
// terminal: the code of the newest SMS or email the pool has sent, which
// must have come after the last code typed.
type newestCodes struct {
	srv  *localpool.Server
	mu   sync.Mutex // a sign-in that failed may leave a read of its stdin behind
	seen int        // the messages sent when the last code was typed
}

// next waits briefly for a message newer than the last code typed, and
// returns the code of the newest one.
func (c *newestCodes) next() (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	deadline := time.Now().Add(outboxWait)
	for {
		if messages := c.srv.Messages(); len(messages) > c.seen {
			c.seen = len(messages)
			newest := messages[len(messages)-1].Text
			if code, ok := findCode(newest, otp.DefaultLength); ok {
				return code, nil
			}
			return "", fmt.Errorf("no code in the newest message, %q", newest)
		}
		if time.Now().After(deadline) {
			return "", errors.New("no new message in the outbox")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// codeLines is a sign-in's stdin: each line is a code of codes, typed when
// the sign-in reads it. Typed earlier, before the pool sent (or sent again)
// the code the sign-in waits for, it would be an older one.
type codeLines struct {
	codes *newestCodes
	rest  string // of the line being read
}

func (l *codeLines) Read(p []byte) (int, error) {
	if l.rest == "" {
		code, err := l.codes.next()
		if err != nil {
			return 0, err
		}
		l.rest = code + "\n"
	}
	n := copy(p, l.rest)
	l.rest = l.rest[n:]
	return n, nil
}

// docAnswer is a code in a shell command, which the reader copies from
// local mode's terminal.
var docAnswer = regexp.MustCompile(`\bANSWER=[0-9]{6}\b`)

// answerWith returns command with the newest code in its 6-digit ANSWER.
func answerWith(t *testing.T, command string, codes *newestCodes) string {
	t.Helper()
	if !docAnswer.MatchString(command) {
		return command
	}
	code, err := codes.next()
	if err != nil {
		t.Fatalf("%s: %v", command, err)
	}
	return docAnswer.ReplaceAllString(command, "ANSWER="+code)
}

// docShellTimeout bounds the shell of TestDocExamples, all its commands
// together; each aws command takes about a second.
const docShellTimeout = 3 * time.Minute

// shell is one bash that runs the docs' shell commands one at a time, so
// that a variable one sets ($SESSION) is there for the next, as in the
// reader's terminal.
type shell struct {
	in  io.Writer
	out *bufio.Reader // bash's own stdout: the line that ends each command
	dir string        // where each command's stdout and stderr, and bash's, go
}

// shellDone starts the line the shell prints after each command, with the
// command's exit status.
const shellDone = "docexamples-done"

// startShell starts bash with the environment, less the machine's AWS
// settings, plus fake credentials, as the AWS CLI tests of
// internal/localpool run aws, and env.
func startShell(t *testing.T, env ...string) *shell {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), docShellTimeout)
	dir := t.TempDir()
	cmd := exec.CommandContext(ctx, "bash", "--noprofile", "--norc")
	cmd.Dir = dir
	cmd.Env = append(slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "AWS_") }),
		"HOME="+dir, "AWS_CONFIG_FILE="+dir+"/config", "AWS_SHARED_CREDENTIALS_FILE="+dir+"/credentials",
		"AWS_ACCESS_KEY_ID=local", "AWS_SECRET_ACCESS_KEY=local", "AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=")
	cmd.Env = append(cmd.Env, env...)
	stderr, err := os.Create(filepath.Join(dir, "bash.stderr"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		in.Close()
		cmd.Wait()
		stderr.Close()
		cancel()
	})
	return &shell{in: in, out: bufio.NewReader(out), dir: dir}
}

// run runs command in the shell and returns its exit status and what it
// printed.
func (sh *shell) run(t *testing.T, command string) ran {
	t.Helper()
	stdout, stderr := filepath.Join(sh.dir, "stdout"), filepath.Join(sh.dir, "stderr")
	fmt.Fprintf(sh.in, "{\n%s\n} >'%s' 2>'%s'\necho %s $?\n", command, stdout, stderr, shellDone)
	line, err := sh.out.ReadString('\n')
	status, ok := strings.CutPrefix(strings.TrimSpace(line), shellDone+" ")
	code, convErr := strconv.Atoi(status)
	if err != nil || !ok || convErr != nil {
		bashErr, _ := os.ReadFile(filepath.Join(sh.dir, "bash.stderr"))
		t.Fatalf("%s\nthe shell ended (%v):\n%s", command, err, bashErr)
	}
	out, _ := os.ReadFile(stdout)
	errOut, _ := os.ReadFile(stderr)
	return ran{code: code, stdout: string(out), stderr: string(errOut)}
}
