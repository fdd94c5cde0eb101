package snsoutbox

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/outbox"
)

// snsNamespace is the XML namespace of SNS's Query API answers.
const snsNamespace = "https://sns.amazonaws.com/doc/2010-03-31/"

// Message is one SMS sent to the outbox.
type Message struct {
	PhoneNumber string    `json:"phoneNumber"`
	Text        string    `json:"message"`
	SentAt      time.Time `json:"sentAt"`
}

// Outbox keeps and prints each message it is sent instead of sending it.
// Its URL is the endpoint to give the SNS client (AWS_ENDPOINT_URL_SNS).
type Outbox = outbox.Box[Message]

// Start serves an outbox on a free loopback port, printing each message on
// out (nil discards them).
func Start(out io.Writer) (*Outbox, error) {
	return outbox.Start("snsoutbox", out, func(o *Outbox) http.Handler { return handler{o} })
}

// handler serves the outbox's one operation.
type handler struct{ outbox *Outbox }

// ServeHTTP answers Publish to a phone number; anything else is an SNS
// error, so that a misconfigured trigger fails the way it would on AWS.
func (h handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, outbox.MaxRequestBody)
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
	h.outbox.Keep(m, fmt.Sprintf("SMS to %s: %s\n", m.PhoneNumber, m.Text))

	writeXML(w, http.StatusOK, struct {
		XMLName   xml.Name `xml:"PublishResponse"`
		Namespace string   `xml:"xmlns,attr"`
		MessageID string   `xml:"PublishResult>MessageId"`
		RequestID string   `xml:"ResponseMetadata>RequestId"`
	}{Namespace: snsNamespace, MessageID: outbox.RandomID(), RequestID: outbox.RandomID()})
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
	}{Namespace: snsNamespace, Type: "Sender", Code: code, Message: message, RequestID: outbox.RandomID()})
}

func writeXML(w http.ResponseWriter, status int, v any) {
	body, _ := xml.Marshal(v) // only fixed structs of strings: cannot fail
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	w.Write(append([]byte(xml.Header), body...))
}
