package limitstable

import (
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/dynamolimits"
	"github.com/cognito-passwordless/passwordless-go/internal/limits"
)

// DynamoDB's JSON 1.0 protocol: the target prefix of UpdateItem, the
// media type, and the exception names the SDK reads from __type.
const (
	updateItemTarget  = "DynamoDB_20120810.UpdateItem"
	jsonContentType   = "application/x-amz-json-1.0"
	errConditional    = "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"
	errValidation     = "com.amazonaws.dynamodb.v20120810#ValidationException"
	errUnknownOp      = "com.amazonaws.dynamodb.v20120810#UnknownOperationException"
	errNoSuchTable    = "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"
	maxRequestBody    = 64 << 10
	readHeaderTimeout = 5 * time.Second
)

// Table is a running stand-in for one limits table.
type Table struct {
	name     string
	store    *limits.MemoryStore
	listener net.Listener
	server   *http.Server
}

// Start serves the table called name on a free loopback port.
func Start(name string) (*Table, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("limitstable: %w", err)
	}
	t := &Table{name: name, store: limits.NewMemoryStore(nil), listener: listener}
	t.server = &http.Server{Handler: t, ReadHeaderTimeout: readHeaderTimeout}
	go t.server.Serve(listener)
	return t, nil
}

// URL is the endpoint to give the DynamoDB client (AWS_ENDPOINT_URL_DYNAMODB).
func (t *Table) URL() string { return "http://" + t.listener.Addr().String() }

// Close stops serving; the counts are gone.
func (t *Table) Close() error { return t.server.Close() }

// updateItem is the part of UpdateItem's input that dynamolimits sends.
type updateItem struct {
	TableName                 string
	Key                       map[string]attributeValue
	UpdateExpression          string
	ConditionExpression       string
	ExpressionAttributeValues map[string]attributeValue
}

type attributeValue struct {
	S string `json:",omitempty"`
	N string `json:",omitempty"`
}

// ServeHTTP answers UpdateItem as dynamolimits.Store.Add sends it: the
// request holds the counter's key, the delta, the largest count before the
// add (:max) and the expiry, from which limits.MemoryStore.Add does the
// same conditional add.
func (t *Table) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.Header.Get("X-Amz-Target") != updateItemTarget {
		writeError(w, errUnknownOp, "The limits table stand-in serves UpdateItem only.")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	var in updateItem
	if err == nil {
		err = json.Unmarshal(body, &in)
	}
	if err != nil {
		writeError(w, errValidation, "The request body is not UpdateItem's JSON input.")
		return
	}
	if in.TableName != t.name {
		writeError(w, errNoSuchTable, "Requested resource not found")
		return
	}
	add, err := parseAdd(in)
	if err != nil {
		writeError(w, errValidation, err.Error())
		return
	}
	ok, err := t.store.Add(r.Context(), add.key, add.delta, add.limit, add.expires)
	switch {
	case err != nil:
		writeError(w, errValidation, err.Error())
	case !ok:
		writeError(w, errConditional, "The conditional request failed")
	default:
		writeJSON(w, http.StatusOK, []byte("{}"))
	}
}

// add is one limits.Store.Add call.
type add struct {
	key          string
	delta, limit int
	expires      time.Time
}

// parseAdd reads the Add call back from an UpdateItem that
// dynamolimits.UpdateInput made, and refuses anything else.
func parseAdd(in updateItem) (add, error) {
	delta, errDelta := strconv.Atoi(in.ExpressionAttributeValues[":delta"].N)
	max, errMax := strconv.Atoi(in.ExpressionAttributeValues[":max"].N)
	expires, errExpires := strconv.ParseInt(in.ExpressionAttributeValues[":expires"].N, 10, 64)
	a := add{key: in.Key[dynamolimits.AttrKey].S, delta: delta, limit: max + delta, expires: time.Unix(expires, 0)}
	want := dynamolimits.UpdateInput(in.TableName, a.key, a.delta, a.limit, a.expires)
	switch {
	case a.key == "" || errDelta != nil || errMax != nil || errExpires != nil:
		return a, fmt.Errorf("UpdateItem lacks the key or a value of the limits table's conditional add")
	case in.UpdateExpression != *want.UpdateExpression || in.ConditionExpression != *want.ConditionExpression:
		return a, fmt.Errorf("the limits table stand-in serves only dynamolimits' conditional add")
	}
	return a, nil
}

// writeError writes a DynamoDB error: HTTP 400 and the exception in __type.
func writeError(w http.ResponseWriter, typ, message string) {
	body, _ := json.Marshal(map[string]string{"__type": typ, "message": message})
	writeJSON(w, http.StatusBadRequest, body)
}

// writeJSON writes a DynamoDB answer with the CRC32 of its body in
// X-Amz-Crc32, as DynamoDB does: the SDK checks it.
func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", jsonContentType)
	w.Header().Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10))
	w.WriteHeader(status)
	w.Write(body)
}
