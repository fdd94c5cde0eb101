package localpool

import (
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

// Message is one SMS the create trigger sent to the outbox.
type Message struct {
	PhoneNumber string    `json:"phoneNumber"`
	Text        string    `json:"message"`
	SentAt      time.Time `json:"sentAt"`
}

// outbox stands in for Amazon SNS: it serves SNS's Publish action, in the
// AWS Query protocol that aws-sdk-go-v2's SNS client speaks (a form-encoded
// POST with Action=Publish, PhoneNumber and Message, answered in XML), and
// instead of sending a message it prints and keeps it. It is the local
// user's phone, so it shows the code; nothing else in local mode does.
type outbox struct {
	listener net.Listener
	server   *http.Server
	out      io.Writer

	mu       sync.Mutex
	messages []Message
}

// startOutbox serves the outbox on a free loopback port.
func startOutbox(out io.Writer) (*outbox, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("localpool: outbox: %w", err)
	}
	o := &outbox{listener: listener, out: out}
	o.server = &http.Server{Handler: o, ReadHeaderTimeout: 5 * time.Second}
	go o.server.Serve(listener)
	return o, nil
}

// URL is the endpoint to give the SNS client (AWS_ENDPOINT_URL_SNS).
func (o *outbox) URL() string { return "http://" + o.listener.Addr().String() }

// Messages returns a copy of every message kept, oldest first.
func (o *outbox) Messages() []Message {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]Message(nil), o.messages...)
}

func (o *outbox) Close() error { return o.server.Close() }

// ServeHTTP answers Publish to a phone number; anything else is an SNS
// error, so that a misconfigured trigger fails the way it would on AWS.
func (o *outbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
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
	}{Namespace: snsNamespace, MessageID: newUUID(), RequestID: newUUID()})
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
	}{Namespace: snsNamespace, Type: "Sender", Code: code, Message: message, RequestID: newUUID()})
}

func writeXML(w http.ResponseWriter, status int, v any) {
	body, _ := xml.Marshal(v) // only fixed structs of strings: cannot fail
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	w.Write(append([]byte(xml.Header), body...))
}
