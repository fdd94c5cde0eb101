package sesoutbox

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// sendEmailPath is SendEmail's path in SES v2's REST API.
const sendEmailPath = "/v2/email/outbound-emails"

// maxRequestBody bounds what one request may make the outbox read.
const maxRequestBody = 1 << 20

// Message is one email sent to the outbox.
type Message struct {
	From    string    `json:"from"`
	To      string    `json:"to"`
	Subject string    `json:"subject"`
	Body    string    `json:"body"`
	SentAt  time.Time `json:"sentAt"`
}

// Outbox serves SES v2's SendEmail to one recipient, with Simple content,
// and prints and keeps each message. It is the local user's mailbox, so it
// shows the code; nothing else in local mode does.
type Outbox struct {
	listener net.Listener
	server   *http.Server
	out      io.Writer

	mu       sync.Mutex
	messages []Message
}

// Start serves an outbox on a free loopback port, printing each message on
// out (nil discards them).
func Start(out io.Writer) (*Outbox, error) {
	if out == nil {
		out = io.Discard
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("sesoutbox: %w", err)
	}
	o := &Outbox{listener: listener, out: out}
	o.server = &http.Server{Handler: o, ReadHeaderTimeout: 5 * time.Second}
	go o.server.Serve(listener)
	return o, nil
}

// URL is the endpoint to give the SES v2 client (AWS_ENDPOINT_URL_SESV2).
func (o *Outbox) URL() string { return "http://" + o.listener.Addr().String() }

// Messages returns a copy of every message kept, oldest first.
func (o *Outbox) Messages() []Message {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]Message(nil), o.messages...)
}

// Close stops serving.
func (o *Outbox) Close() error { return o.server.Close() }

// sendEmailInput is the part of SendEmail's request the outbox reads.
type sendEmailInput struct {
	FromEmailAddress string
	Destination      *struct {
		ToAddresses, CcAddresses, BccAddresses []string
	}
	Content *struct {
		Simple *struct {
			Subject *content
			Body    *struct{ Text, Html *content }
		}
		Raw, Template json.RawMessage
	}
}

type content struct{ Data string }

// ServeHTTP answers SendEmail of a plain email to one address; anything
// else is an SES error, so that a misconfigured trigger fails the way it
// would on AWS.
func (o *Outbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != sendEmailPath {
		writeSESError(w, http.StatusNotFound, "UnknownOperationException",
			fmt.Sprintf("The outbox serves only SES v2 SendEmail (POST %s), not %s %s.", sendEmailPath, r.Method, r.URL.Path))
		return
	}
	var in sendEmailInput
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRequestBody)).Decode(&in); err != nil {
		writeSESError(w, http.StatusBadRequest, "BadRequestException", "The request body is not SendEmail's JSON.")
		return
	}
	m, problem := in.message()
	if problem != "" {
		writeSESError(w, http.StatusBadRequest, "BadRequestException", problem)
		return
	}
	m.SentAt = time.Now().UTC()
	o.mu.Lock()
	o.messages = append(o.messages, m)
	// Under the lock: the terminal writer need not be safe for concurrent use.
	fmt.Fprintf(o.out, "Email to %s, subject %q:\n%s\n", m.To, m.Subject, indent(m.Body))
	o.mu.Unlock()

	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-RequestId", randomID())
	json.NewEncoder(w).Encode(map[string]string{"MessageId": randomID()})
}

// message checks the request as far as the outbox can send it, and
// returns the email or what is wrong with it.
func (in sendEmailInput) message() (Message, string) {
	switch {
	case in.FromEmailAddress == "":
		return Message{}, "FromEmailAddress is required."
	case in.Destination == nil || len(in.Destination.ToAddresses) != 1 ||
		len(in.Destination.CcAddresses)+len(in.Destination.BccAddresses) > 0:
		return Message{}, "The outbox sends to exactly one of Destination's ToAddresses, and no CcAddresses or BccAddresses."
	case in.Content == nil || in.Content.Simple == nil || in.Content.Raw != nil || in.Content.Template != nil:
		return Message{}, "The outbox takes Simple content only."
	case in.Content.Simple.Subject == nil || in.Content.Simple.Subject.Data == "":
		return Message{}, "Simple content needs a Subject."
	}
	m := Message{From: in.FromEmailAddress, To: in.Destination.ToAddresses[0], Subject: in.Content.Simple.Subject.Data}
	if body := in.Content.Simple.Body; body != nil {
		switch {
		case body.Text != nil && body.Text.Data != "":
			m.Body = body.Text.Data
		case body.Html != nil && body.Html.Data != "":
			m.Body = body.Html.Data
		}
	}
	if m.Body == "" {
		return Message{}, "Simple content needs a Text or Html body."
	}
	return m, ""
}

// indent indents every line of text by two spaces, for the terminal.
func indent(text string) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, line := range lines {
		if line != "" {
			lines[i] = "  " + line
		}
	}
	return strings.Join(lines, "\n")
}

// writeSESError writes an error as SES v2's REST-JSON API does: the
// exception's name in x-amzn-ErrorType, and a message.
func writeSESError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-ErrorType", code)
	w.Header().Set("x-amzn-RequestId", randomID())
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"message": message})
}

// randomID returns a random id for MessageId and the request id.
func randomID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
