package snsoutbox

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// snsNamespace is the XML namespace of SNS's Query API answers.
const snsNamespace = "https://sns.amazonaws.com/doc/2010-03-31/"

// maxRequestBody bounds what one request may make the outbox read.
const maxRequestBody = 1 << 20

// Message is one SMS sent to the outbox.
type Message struct {
	PhoneNumber string    `json:"phoneNumber"`
	Text        string    `json:"message"`
	SentAt      time.Time `json:"sentAt"`
}

// Outbox serves SNS's Publish action (a form-encoded POST with
// Action=Publish, PhoneNumber and Message, answered in XML) and prints and
// keeps each message. It is the local user's phone, so it shows the code;
// nothing else in local mode does.
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
		return nil, fmt.Errorf("snsoutbox: %w", err)
	}
	o := &Outbox{listener: listener, out: out}
	o.server = &http.Server{Handler: o, ReadHeaderTimeout: 5 * time.Second}
	go o.server.Serve(listener)
	return o, nil
}

// URL is the endpoint to give the SNS client (AWS_ENDPOINT_URL_SNS).
func (o *Outbox) URL() string { return "http://" + o.listener.Addr().String() }

// Messages returns a copy of every message kept, oldest first.
func (o *Outbox) Messages() []Message {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]Message(nil), o.messages...)
}

// Close stops serving.
func (o *Outbox) Close() error { return o.server.Close() }

// ServeHTTP answers Publish to a phone number; anything else is an SNS
// error, so that a misconfigured trigger fails the way it would on AWS.
func (o *Outbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxRequestBody)
	if r.Method != http.MethodPost || r.ParseForm() != nil {
		writeSNSError(w, http.StatusBadRequest, "InvalidAction", "The outbox accepts only SNS Query API requests (form-encoded POST).")
		return
	}
	if action := r.PostForm.Get("Action"); action != "Publish" {
		writeSNSError(w, http.StatusBadRequest, "InvalidAction", fmt.Sprintf("The outbox does not serve the action %q, only Publish.", action))
		return
	}
	number, text := r.PostForm.Get("PhoneNumber"), r.PostForm.Get("Message")
	switch {
	case number == "":
		writeSNSError(w, http.StatusBadRequest, "InvalidParameter", "Invalid parameter: the outbox sends SMS only, to PhoneNumber.")
		return
	case text == "":
		writeSNSError(w, http.StatusBadRequest, "InvalidParameter", "Invalid parameter: Empty message")
		return
	}
	m := Message{PhoneNumber: number, Text: text, SentAt: time.Now().UTC()}
	o.mu.Lock()
	o.messages = append(o.messages, m)
	// Under the lock: the terminal writer need not be safe for concurrent use.
	fmt.Fprintf(o.out, "SMS to %s: %s\n", m.PhoneNumber, m.Text)
	o.mu.Unlock()

	writeXML(w, http.StatusOK, struct {
		XMLName   xml.Name `xml:"PublishResponse"`
		Namespace string   `xml:"xmlns,attr"`
		MessageID string   `xml:"PublishResult>MessageId"`
		RequestID string   `xml:"ResponseMetadata>RequestId"`
	}{Namespace: snsNamespace, MessageID: requestID(), RequestID: requestID()})
}

// writeSNSError writes an error as SNS's Query API does.
func writeSNSError(w http.ResponseWriter, status int, code, message string) {
	writeXML(w, status, struct {
		XMLName   xml.Name `xml:"ErrorResponse"`
		Namespace string   `xml:"xmlns,attr"`
		Type      string   `xml:"Error>Type"`
		Code      string   `xml:"Error>Code"`
		Message   string   `xml:"Error>Message"`
		RequestID string   `xml:"RequestId"`
	}{Namespace: snsNamespace, Type: "Sender", Code: code, Message: message, RequestID: requestID()})
}

func writeXML(w http.ResponseWriter, status int, v any) {
	body, _ := xml.Marshal(v) // only fixed structs of strings: cannot fail
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	w.Write(append([]byte(xml.Header), body...))
}

// requestID returns a random id for SNS's MessageId and RequestId.
func requestID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
