package lambdahost

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/loopback"
)

// DefaultTimeout is the invocation timeout when Options.Timeout is zero:
// Cognito waits 5 seconds for a trigger.
const DefaultTimeout = 5 * time.Second

// apiPrefix is the Runtime API's path prefix.
const apiPrefix = "/2018-06-01/runtime/"

// Options describes one function.
type Options struct {
	// Name is the function name, AWS_LAMBDA_FUNCTION_NAME.
	Name string
	// Path is the bootstrap executable.
	Path string
	// Env is the function's environment ("KEY=value"). The process gets
	// this and the Lambda variables only, not the host's environment.
	Env []string
	// Logs receives the process's stdout and stderr; nil discards them.
	Logs io.Writer
	// Timeout bounds one invocation. Default DefaultTimeout.
	Timeout time.Duration

	// limits, when set (by this package's tests), shortens the Runtime
	// API's timeouts; its zero fields take loopback's.
	limits loopback.Limits
}

// FunctionError is an error the function reported for an invocation, or the
// host's own for a crash or timeout, in Lambda's shape.
type FunctionError struct {
	Type    string `json:"errorType"`
	Message string `json:"errorMessage"`
}

func (e *FunctionError) Error() string { return e.Type + ": " + e.Message }

// Function is a running function: one process, one invocation at a time.
// A process that exits or times out is replaced at the next Invoke.
type Function struct {
	opts     Options
	listener net.Listener
	server   *http.Server
	next     chan *invocation // invocations waiting for the runtime's /next

	mu     sync.Mutex // serializes Invoke and guards proc and closed
	proc   *process
	closed bool

	// stateMu guards what the Runtime API handlers touch while Invoke waits.
	stateMu  sync.Mutex
	inflight map[string]*invocation // handed out by /next, not answered yet
	initErr  *FunctionError         // the current process's /init/error
}

type invocation struct {
	id       string
	payload  []byte
	deadline time.Time
	done     chan result // buffered: the answer is never blocked
}

type result struct {
	body []byte
	err  error
}

type process struct {
	cmd    *exec.Cmd
	exited chan struct{}
}

// Start serves the Runtime API on a loopback port and starts the process.
// The process calls it by 127.0.0.1, so it answers loopback hosts only
// (loopback.Guard).
func Start(opts Options) (*Function, error) {
	if opts.Timeout == 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Logs == nil {
		opts.Logs = io.Discard
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	f := &Function{opts: opts, listener: listener, next: make(chan *invocation), inflight: map[string]*invocation{}}
	f.server = loopback.Serve(listener, http.HandlerFunc(f.serveRuntimeAPI), nil, opts.limits)
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.startProcess(); err != nil {
		f.server.Close()
		return nil, err
	}
	return f, nil
}

// RuntimeAPI returns the host:port the function's AWS_LAMBDA_RUNTIME_API names.
func (f *Function) RuntimeAPI() string { return f.listener.Addr().String() }

func (f *Function) startProcess() error {
	cmd := exec.Command(f.opts.Path)
	cmd.Env = append([]string{
		"AWS_LAMBDA_RUNTIME_API=" + f.RuntimeAPI(),
		"AWS_LAMBDA_FUNCTION_NAME=" + f.opts.Name,
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128",
		"_HANDLER=bootstrap",
	}, f.opts.Env...)
	cmd.Stdout, cmd.Stderr = f.opts.Logs, f.opts.Logs
	f.stateMu.Lock()
	f.initErr = nil
	f.stateMu.Unlock()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("lambdahost: starting %s: %w", f.opts.Name, err)
	}
	p := &process{cmd: cmd, exited: make(chan struct{})}
	go func() {
		cmd.Wait()
		close(p.exited)
	}()
	f.proc = p
	return nil
}

// Invoke sends payload to the function and returns its answer. A function
// error, crash or timeout is a *FunctionError.
func (f *Function) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil, ErrClosed
	}
	if f.proc == nil || f.proc.hasExited() {
		if err := f.startProcess(); err != nil {
			return nil, err
		}
	}
	inv := &invocation{id: newRequestID(), payload: payload, deadline: time.Now().Add(f.opts.Timeout), done: make(chan result, 1)}
	timer := time.NewTimer(f.opts.Timeout)
	defer timer.Stop()

	p := f.proc
	select {
	case f.next <- inv:
	case <-p.exited:
		return nil, f.exitError(p)
	case <-timer.C:
		f.killLocked()
		return nil, &FunctionError{Type: "Sandbox.Timedout", Message: "the function did not ask for its invocation in time"}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case r := <-inv.done:
		return r.body, r.err
	case <-p.exited:
		return nil, f.exitError(p)
	case <-timer.C:
		f.killLocked()
		return nil, &FunctionError{Type: "Sandbox.Timedout", Message: fmt.Sprintf("Task timed out after %v", f.opts.Timeout)}
	case <-ctx.Done():
		f.killLocked()
		return nil, ctx.Err()
	}
}

// Close stops the process and the Runtime API.
func (f *Function) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	f.killLocked()
	return f.server.Close()
}

// killLocked stops the process and waits for it; f.mu is held.
func (f *Function) killLocked() {
	if f.proc == nil {
		return
	}
	f.proc.cmd.Process.Kill()
	<-f.proc.exited
	f.proc = nil
}

func (p *process) hasExited() bool {
	select {
	case <-p.exited:
		return true
	default:
		return false
	}
}

func (f *Function) exitError(p *process) error {
	f.stateMu.Lock()
	defer f.stateMu.Unlock()
	if f.initErr != nil {
		return f.initErr
	}
	return &FunctionError{Type: "Runtime.ExitError", Message: "the function exited: " + p.cmd.ProcessState.String()}
}

// serveRuntimeAPI implements the endpoints a Lambda runtime client calls.
func (f *Function) serveRuntimeAPI(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, apiPrefix)
	switch {
	case r.Method == http.MethodGet && path == "invocation/next":
		f.serveNext(w, r)
	case r.Method == http.MethodPost && path == "init/error":
		fe := readFunctionError(r)
		f.stateMu.Lock()
		f.initErr = fe
		f.stateMu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	case r.Method == http.MethodPost && strings.HasPrefix(path, "invocation/"):
		f.serveAnswer(w, r, strings.TrimPrefix(path, "invocation/"))
	default:
		http.Error(w, `{"errorType":"InvalidRequest"}`, http.StatusNotFound)
	}
}

// serveNext is the runtime's long poll: it answers with the next
// invocation whenever one comes. A warm function waits here for as long as
// nobody signs in, far past the server's WriteTimeout, which runs from the
// request: an event written after it would be lost and its invocation time
// out. So the wait lifts the write deadline, and writing the event gets a
// WriteTimeout of its own.
func (f *Function) serveNext(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{})
	var inv *invocation
	select {
	case inv = <-f.next:
	case <-r.Context().Done():
		return
	}
	rc.SetWriteDeadline(time.Now().Add(f.server.WriteTimeout))
	f.stateMu.Lock()
	f.inflight[inv.id] = inv
	f.stateMu.Unlock()
	h := w.Header()
	h.Set("Lambda-Runtime-Aws-Request-Id", inv.id)
	h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(inv.deadline.UnixMilli(), 10))
	h.Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:local:000000000000:function:"+f.opts.Name)
	h.Set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0")
	h.Set("Content-Type", "application/json")
	w.Write(inv.payload)
}

// serveAnswer handles "<id>/response" and "<id>/error".
func (f *Function) serveAnswer(w http.ResponseWriter, r *http.Request, rest string) {
	id, kind, _ := strings.Cut(rest, "/")
	f.stateMu.Lock()
	inv, ok := f.inflight[id]
	delete(f.inflight, id)
	f.stateMu.Unlock()
	if !ok {
		http.Error(w, `{"errorType":"InvalidRequestID"}`, http.StatusBadRequest)
		return
	}
	switch kind {
	case "response":
		body, err := io.ReadAll(io.LimitReader(r.Body, 6<<20)) // Lambda's 6 MB payload limit
		inv.done <- result{body: body, err: err}
	case "error":
		inv.done <- result{err: readFunctionError(r)}
	default:
		http.Error(w, `{"errorType":"InvalidRequest"}`, http.StatusNotFound)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func readFunctionError(r *http.Request) *FunctionError {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	fe := &FunctionError{}
	if err := json.Unmarshal(bytes.TrimSpace(body), fe); err != nil || fe.Type == "" {
		fe.Type = r.Header.Get("Lambda-Runtime-Function-Error-Type")
		if fe.Type == "" {
			fe.Type = "Unhandled"
		}
	}
	return fe
}

func newRequestID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ErrClosed is returned by Invoke after Close.
var ErrClosed = errors.New("lambdahost: function closed")
