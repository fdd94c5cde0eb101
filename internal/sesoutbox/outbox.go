package sesoutbox

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/outbox"
)

// sendEmailPath is SendEmail's path in SES v2's REST API.
const sendEmailPath = "/v2/email/outbound-emails"

// Message is one email sent to the outbox.
type Message struct {
	From    string    `json:"from"`
	To      string    `json:"to"`
	Subject string    `json:"subject"`
	Body    string    `json:"body"`
	SentAt  time.Time `json:"sentAt"`
}

// Outbox keeps and prints each message it is sent instead of sending it.
// Its URL is the endpoint to give the SES v2 client (AWS_ENDPOINT_URL_SESV2).
type Outbox = outbox.Box[Message]

// Start serves an outbox on a free loopback port, printing each message on
// out (nil discards them).
func Start(out io.Writer) (*Outbox, error) {
	return outbox.Start("sesoutbox", out, func(o *Outbox) http.Handler { return handler{o} })
}

// handler serves the outbox's one operation.
type handler struct{ outbox *Outbox }

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
func (h handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != sendEmailPath {
		writeSESError(w, http.StatusNotFound, "UnknownOperationException",
			fmt.Sprintf("The outbox serves only SES v2 SendEmail (POST %s), not %s %s.", sendEmailPath, r.Method, r.URL.Path))
		return
	}
	var in sendEmailInput
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, outbox.MaxRequestBody)).Decode(&in); err != nil {
		writeSESError(w, http.StatusBadRequest, "BadRequestException", "The request body is not SendEmail's JSON.")
		return
	}
	m, problem := in.message()
	if problem != "" {
		writeSESError(w, http.StatusBadRequest, "BadRequestException", problem)
		return
	}
	Send(h.outbox, m)

	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-RequestId", outbox.RandomID())
	json.NewEncoder(w).Encode(map[string]string{"MessageId": outbox.RandomID()})
}

// Send keeps m in o, sent now, and prints it, as SendEmail does: for
// local mode's own messages (Cognito's attribute verification).
func Send(o *Outbox, m Message) {
	m.SentAt = time.Now().UTC()
	o.Keep(m, fmt.Sprintf("Email to %s, subject %q:\n%s\n", m.To, m.Subject, indent(m.Body)))
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
	w.Header().Set("x-amzn-RequestId", outbox.RandomID())
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"message": message})
}
