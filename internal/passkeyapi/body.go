package passkeyapi

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
)

// MaxBodySize bounds a request's body, in bytes, once decoded: a
// passkey's answer takes a few kilobytes at most (package passkey refuses
// more than passkey.MaxResponseSize).
const MaxBodySize = 16 << 10

// readBody returns req's body, base64-decoded if API Gateway encoded it,
// and refuses one too large or not UTF-8 (JSON is UTF-8, and a name must
// read the same everywhere it is shown).
func readBody(req events.APIGatewayV2HTTPRequest) ([]byte, *result) {
	raw := req.Body
	if req.IsBase64Encoded {
		// Checked before decoding, so that a huge body costs nothing.
		if len(raw) > base64.StdEncoding.EncodedLen(MaxBodySize) {
			return nil, tooLarge()
		}
		decoded, err := base64.StdEncoding.DecodeString(raw)
		if err != nil {
			return nil, badRequest("The body is not valid base64.", "body not base64")
		}
		raw = string(decoded)
	}
	if len(raw) > MaxBodySize {
		return nil, tooLarge()
	}
	if !utf8.ValidString(raw) {
		return nil, badRequest("The body is not UTF-8.", "body not UTF-8")
	}
	return []byte(raw), nil
}

// decodeBody reads req's body into v, a pointer to a struct: one JSON
// object, with only v's members, each named exactly (encoding/json
// would take "UserName" for "userName") and at most once (it would keep
// the last of two), of their types, and nothing after it. An empty body
// leaves v as it is when optional, and is refused otherwise.
func decodeBody(req events.APIGatewayV2HTTPRequest, v any, optional bool) *result {
	body, r := readBody(req)
	if r != nil {
		return r
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		if optional {
			return nil
		}
		return badRequest("The body must be a JSON object.", "no body")
	}
	if r := checkMembers(body, memberNames(v)); r != nil {
		return r
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			// The member's name is one of ours, so it may be repeated.
			return badRequest("The member "+typeErr.Field+" has the wrong type.", "wrong type")
		}
		return badRequest("The body is not the JSON object this route takes.", "body not understood")
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest("The body has more after its JSON object.", "trailing data")
	}
	return nil
}

// checkMembers reads body, a JSON object, and refuses it unless each of
// its members is one of names, spelled the same, and none is repeated.
// It refuses malformed JSON too; the values' types are decodeBody's.
func checkMembers(body []byte, names []string) *result {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return badRequest("The body must be a JSON object.", "body not an object")
	}
	seen := make(map[string]bool, len(names))
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return badRequest("The body is not the JSON object this route takes.", "body not understood")
		}
		name, _ := tok.(string) // a member's name is a string, or Token fails
		if !slices.Contains(names, name) {
			// Not quoted: it is the caller's.
			return badRequest("The body has a member this route does not take; names are case-sensitive.", "unknown member")
		}
		if seen[name] {
			return badRequest("The member "+name+" appears more than once.", "repeated member")
		}
		seen[name] = true
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return badRequest("The body is not the JSON object this route takes.", "body not understood")
		}
	}
	return nil
}

// memberNames are the JSON names of the fields of *v, a struct.
func memberNames(v any) []string {
	t := reflect.TypeOf(v).Elem()
	names := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "" {
			name = t.Field(i).Name
		}
		names = append(names, name)
	}
	return names
}

// badRequest refuses a body, with a message that quotes none of it.
func badRequest(message, reason string) *result {
	r := refuse(http.StatusBadRequest, codeBadRequest, message, reason)
	return &r
}

// tooLarge refuses a body larger than MaxBodySize.
func tooLarge() *result {
	r := refuse(http.StatusRequestEntityTooLarge, codeTooLarge, "The body is too large.", "body too large")
	return &r
}
