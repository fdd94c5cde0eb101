package localpool

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"strings"
)

// targetPrefix starts the X-Amz-Target header of every Cognito Identity
// Provider operation; the rest is the operation's name.
const targetPrefix = "AWSCognitoIdentityProviderService."

// jsonContentType is the JSON 1.1 protocol's media type, for answers.
const jsonContentType = "application/x-amz-json-1.1"

// maxRequestBody bounds what one request may make the server read.
const maxRequestBody = 1 << 20

// Exception names, as Cognito sends them in __type.
const (
	errInvalidParameter      = "InvalidParameterException"
	errNotAuthorized         = "NotAuthorizedException"
	errResourceNotFound      = "ResourceNotFoundException"
	errUserNotFound          = "UserNotFoundException"
	errUserNotConfirmed      = "UserNotConfirmedException"
	errUsernameExists        = "UsernameExistsException"
	errUserLambdaValidation  = "UserLambdaValidationException"
	errUnexpectedLambda      = "UnexpectedLambdaException"
	errInvalidLambdaResponse = "InvalidLambdaResponseException"
	errUnknownOperation      = "UnknownOperationException"
	errUnsupportedTokenType  = "UnsupportedTokenTypeException"
	errLimitExceeded         = "LimitExceededException"
	errSerialization         = "SerializationException"
	errInternal              = "InternalErrorException"
)

// Exception names of TOTP (authenticator app) codes.
const (
	errCodeMismatch             = "CodeMismatchException"
	errExpiredCode              = "ExpiredCodeException"
	errEnableSoftwareTokenMFA   = "EnableSoftwareTokenMFAException"
	errSoftwareTokenMFANotFound = "SoftwareTokenMFANotFoundException"
)

// apiError is an error in Cognito's wire shape: HTTP 400 (500 for
// InternalErrorException), the exception name in __type and in the
// x-amzn-ErrorType header, and a message.
type apiError struct {
	Type    string `json:"__type"`
	Message string `json:"message,omitempty"`
}

func (e *apiError) Error() string { return e.Type + ": " + e.Message }

func newError(typ, format string, args ...any) *apiError {
	return &apiError{Type: typ, Message: fmt.Sprintf(format, args...)}
}

// missingMember is Cognito's validation error for a required member that is
// absent; member is its name as the error spells it (lower camel case).
func missingMember(member string) *apiError {
	return newError(errInvalidParameter,
		"1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must not be null", member)
}

// validationErrors is Cognito's error for a member that fails its
// constraints, one problem per constraint, quoting the value as Cognito
// does; nil when there are none.
func validationErrors(member, value string, problems []string) error {
	if len(problems) == 0 {
		return nil
	}
	parts := make([]string, len(problems))
	for i, p := range problems {
		parts[i] = fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: %s", value, member, p)
	}
	noun := "error"
	if len(problems) > 1 {
		noun = "errors"
	}
	return newError(errInvalidParameter, "%d validation %s detected: %s", len(problems), noun, strings.Join(parts, "; "))
}

// missingParameter is Cognito's error for a required key absent from
// AuthParameters or ChallengeResponses.
func missingParameter(name string) *apiError {
	return newError(errInvalidParameter, "Missing required parameter %s", name)
}

// call is what an operation knows of the request besides its body.
type call struct {
	// ctx outlives the client's connection: Cognito does not stop a
	// trigger because its caller went away.
	ctx context.Context
	// sdk is the callerContext.awsSdkVersion Cognito derives from the
	// client's User-Agent.
	sdk string
}

// operation handles one X-Amz-Target operation. Its result is marshalled
// as the response body; an *apiError is sent as is, any other error as an
// InternalErrorException.
type operation func(c call, body []byte) (any, error)

// handle adapts a typed handler to an operation: it decodes the JSON body
// into In first, and refuses a body that is not a JSON object as Cognito
// does, with a SerializationException.
func handle[In any](fn func(c call, in *In) (any, error)) operation {
	return func(c call, body []byte) (any, error) {
		in := new(In)
		if len(bytes.TrimSpace(body)) > 0 {
			if err := json.Unmarshal(body, in); err != nil {
				return nil, newError(errSerialization, "The request body could not be read as a JSON object of the operation's input: %s", serializationReason(err))
			}
		}
		return fn(c, in)
	}
}

// serializationReason says what was wrong with a body without quoting it:
// a body may hold a code or a token.
func serializationReason(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return fmt.Sprintf("member %s must be of type %s", typeErr.Field, typeErr.Type)
	}
	return "malformed JSON"
}

// serveAPI is POST / of the Cognito endpoint: it dispatches on X-Amz-Target.
// It never lets a panic escape: that becomes an InternalErrorException and
// the server goes on.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("x-amzn-RequestId", newUUID())
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(s.logs, "localpool: panic serving %s: %v\n%s", r.Header.Get("X-Amz-Target"), p, debug.Stack())
			writeError(w, http.StatusInternalServerError, newError(errInternal, "Internal server error."))
		}
	}()
	if r.Method != http.MethodPost {
		writeError(w, http.StatusMethodNotAllowed, newError(errUnknownOperation, "Operations are sent as POST /."))
		return
	}
	name, _ := strings.CutPrefix(r.Header.Get("X-Amz-Target"), targetPrefix)
	op, ok := s.operations[name]
	if !ok {
		// Cognito answers an unknown or missing target with no message.
		writeError(w, http.StatusBadRequest, &apiError{Type: errUnknownOperation})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	if err != nil {
		writeError(w, http.StatusBadRequest, newError(errSerialization, "The request body could not be read."))
		return
	}
	out, err := op(call{ctx: context.WithoutCancel(r.Context()), sdk: sdkVersion(r.UserAgent())}, body)
	if err != nil {
		var apiErr *apiError
		if !errors.As(err, &apiErr) {
			fmt.Fprintf(s.logs, "localpool: %s: %v\n", name, err)
			writeError(w, http.StatusInternalServerError, newError(errInternal, "Internal server error."))
			return
		}
		writeError(w, http.StatusBadRequest, apiErr)
		return
	}
	writeJSON(w, http.StatusOK, jsonContentType, out)
}

func writeError(w http.ResponseWriter, status int, e *apiError) {
	w.Header().Set("x-amzn-ErrorType", e.Type)
	if e.Message != "" {
		w.Header().Set("x-amzn-ErrorMessage", e.Message)
	}
	writeJSON(w, status, jsonContentType, e)
}

func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"__type":"InternalErrorException","message":"Internal server error."}`)
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	w.Write(body)
}

// sdkVersion turns a User-Agent such as "aws-sdk-go-v2/1.47.7 os/linux"
// into Cognito's awsSdkVersion "aws-sdk-go-v2-1.47.7", and anything
// without an aws-sdk product into "aws-sdk-unknown-unknown", as Cognito does.
func sdkVersion(userAgent string) string {
	for _, product := range strings.Fields(userAgent) {
		name, version, ok := strings.Cut(product, "/")
		if ok && strings.HasPrefix(strings.ToLower(name), "aws-sdk-") {
			return name + "-" + version
		}
	}
	return "aws-sdk-unknown-unknown"
}
