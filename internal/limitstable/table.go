package limitstable

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/limits"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
)

const readHeaderTimeout = 5 * time.Second

// Table is a running stand-in for the limits table and the credentials
// table, on one endpoint.
type Table struct {
	limitsTable, credentialsTable string
	limits                        *limits.MemoryStore
	credentials                   *passkey.MemoryStore
	listener                      net.Listener
	server                        *http.Server
}

// Start serves the limits table and the credentials table of those names
// on a free loopback port; a table whose name is empty is not served.
func Start(limitsTable, credentialsTable string) (*Table, error) {
	if limitsTable != "" && limitsTable == credentialsTable {
		return nil, errors.New("limitstable: the limits table and the credentials table need names of their own")
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("limitstable: %w", err)
	}
	t := &Table{
		limitsTable: limitsTable, credentialsTable: credentialsTable,
		limits: limits.NewMemoryStore(nil), credentials: passkey.NewMemoryStore(),
		listener: listener,
	}
	t.server = &http.Server{Handler: t, ReadHeaderTimeout: readHeaderTimeout}
	go t.server.Serve(listener)
	return t, nil
}

// URL is the endpoint to give the DynamoDB client (AWS_ENDPOINT_URL_DYNAMODB).
func (t *Table) URL() string { return "http://" + t.listener.Addr().String() }

// Close stops serving; the counts and the passkeys are gone.
func (t *Table) Close() error { return t.server.Close() }

// operations are those some table serves.
var operations = map[string]bool{"UpdateItem": true, "Query": true, "PutItem": true, "DeleteItem": true}

// ServeHTTP reads the operation and its input, and passes them to the
// table named, which answers them or refuses them as DynamoDB would.
func (t *Table) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), targetPrefix)
	if r.Method != http.MethodPost || !ok || !operations[op] {
		writeError(w, errUnknownOp, "The stand-in serves only the calls of packages dynamolimits and passkeydb.")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	var in request
	if err == nil {
		decoder := json.NewDecoder(bytes.NewReader(body))
		decoder.DisallowUnknownFields()
		err = decoder.Decode(&in)
	}
	if err != nil {
		writeError(w, errValidation, notTheRequestBody)
		return
	}
	switch {
	case in.TableName == "":
		writeError(w, errValidation, "The request names no table.")
	case in.TableName == t.limitsTable && op == "UpdateItem":
		t.serveLimits(w, r, in)
	case in.TableName == t.limitsTable:
		writeError(w, errUnknownOp, "The limits table stand-in serves UpdateItem only.")
	case in.TableName == t.credentialsTable:
		t.serveCredentials(w, r, op, in)
	default:
		writeError(w, errNoSuchTable, "Requested resource not found")
	}
}
