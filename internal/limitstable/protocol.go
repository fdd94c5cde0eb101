package limitstable

import (
	"encoding/json"
	"fmt"
	"hash/crc32"
	"net/http"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// DynamoDB's JSON 1.0 protocol: the target prefix of each operation, the
// media type, and the exception names the SDK reads from __type.
const (
	targetPrefix      = "DynamoDB_20120810."
	jsonContentType   = "application/x-amz-json-1.0"
	errConditional    = "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"
	errValidation     = "com.amazonaws.dynamodb.v20120810#ValidationException"
	errUnknownOp      = "com.amazonaws.dynamodb.v20120810#UnknownOperationException"
	errNoSuchTable    = "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"
	errInternal       = "com.amazonaws.dynamodb.v20120810#InternalServerError"
	maxRequestBody    = 64 << 10
	conditionFailed   = "The conditional request failed"
	requestNotAsSent  = "The credentials table stand-in serves only the requests of package passkeydb."
	notTheRequestBody = "The request body is not the operation's JSON input."
)

// request is every field of the inputs that dynamolimits and passkeydb
// send (UpdateItem, Query, PutItem, DeleteItem); a request with any other
// field is refused, as no caller of the stand-in sends one.
type request struct {
	TableName                           string
	Key                                 map[string]attr   `json:",omitempty"`
	Item                                map[string]attr   `json:",omitempty"`
	KeyConditionExpression              string            `json:",omitempty"`
	UpdateExpression                    string            `json:",omitempty"`
	ConditionExpression                 string            `json:",omitempty"`
	ExpressionAttributeNames            map[string]string `json:",omitempty"`
	ExpressionAttributeValues           map[string]attr   `json:",omitempty"`
	ExclusiveStartKey                   map[string]attr   `json:",omitempty"`
	ConsistentRead                      *bool             `json:",omitempty"`
	Limit                               *int32            `json:",omitempty"`
	ReturnValues                        string            `json:",omitempty"`
	ReturnValuesOnConditionCheckFailure string            `json:",omitempty"`
}

// attr is an AttributeValue as the wire spells it: exactly one field is
// set. Pointers tell an empty string, binary or list from an absent one.
type attr struct {
	S    *string         `json:",omitempty"`
	N    *string         `json:",omitempty"`
	B    *[]byte         `json:",omitempty"`
	BOOL *bool           `json:",omitempty"`
	NULL *bool           `json:",omitempty"`
	L    *[]attr         `json:",omitempty"`
	M    map[string]attr `json:",omitempty"`
	SS   []string        `json:",omitempty"`
	NS   []string        `json:",omitempty"`
	BS   [][]byte        `json:",omitempty"`
}

// str is a's string, "" if a is no string.
func (a attr) str() string {
	if a.S == nil {
		return ""
	}
	return *a.S
}

// num is a's number as the wire spells it, "" if a is no number.
func (a attr) num() string {
	if a.N == nil {
		return ""
	}
	return *a.N
}

// wireValue spells v as the wire does.
func wireValue(v types.AttributeValue) attr {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return attr{S: &v.Value}
	case *types.AttributeValueMemberN:
		return attr{N: &v.Value}
	case *types.AttributeValueMemberB:
		b := v.Value
		if b == nil {
			b = []byte{}
		}
		return attr{B: &b}
	case *types.AttributeValueMemberBOOL:
		return attr{BOOL: &v.Value}
	case *types.AttributeValueMemberNULL:
		return attr{NULL: &v.Value}
	case *types.AttributeValueMemberL:
		list := make([]attr, len(v.Value))
		for i, e := range v.Value {
			list[i] = wireValue(e)
		}
		return attr{L: &list}
	case *types.AttributeValueMemberM:
		return attr{M: wireMap(v.Value)}
	case *types.AttributeValueMemberSS:
		return attr{SS: v.Value}
	case *types.AttributeValueMemberNS:
		return attr{NS: v.Value}
	case *types.AttributeValueMemberBS:
		return attr{BS: v.Value}
	}
	return attr{}
}

// wireMap spells m as the wire does; nil if empty, as the SDK omits it.
func wireMap(m map[string]types.AttributeValue) map[string]attr {
	if len(m) == 0 {
		return nil
	}
	w := make(map[string]attr, len(m))
	for k, v := range m {
		w[k] = wireValue(v)
	}
	return w
}

// sdkValue reads a back into the SDK's type.
func sdkValue(a attr) (types.AttributeValue, error) {
	switch {
	case a.S != nil:
		return &types.AttributeValueMemberS{Value: *a.S}, nil
	case a.N != nil:
		return &types.AttributeValueMemberN{Value: *a.N}, nil
	case a.B != nil:
		return &types.AttributeValueMemberB{Value: *a.B}, nil
	case a.BOOL != nil:
		return &types.AttributeValueMemberBOOL{Value: *a.BOOL}, nil
	case a.NULL != nil:
		return &types.AttributeValueMemberNULL{Value: *a.NULL}, nil
	case a.L != nil:
		list := make([]types.AttributeValue, len(*a.L))
		for i, e := range *a.L {
			v, err := sdkValue(e)
			if err != nil {
				return nil, err
			}
			list[i] = v
		}
		return &types.AttributeValueMemberL{Value: list}, nil
	case a.M != nil:
		m, err := sdkMap(a.M)
		return &types.AttributeValueMemberM{Value: m}, err
	case a.SS != nil:
		return &types.AttributeValueMemberSS{Value: a.SS}, nil
	case a.NS != nil:
		return &types.AttributeValueMemberNS{Value: a.NS}, nil
	case a.BS != nil:
		return &types.AttributeValueMemberBS{Value: a.BS}, nil
	}
	return nil, fmt.Errorf("an attribute value has no type")
}

// sdkMap reads m back into the SDK's types.
func sdkMap(m map[string]attr) (map[string]types.AttributeValue, error) {
	if m == nil {
		return nil, nil
	}
	out := make(map[string]types.AttributeValue, len(m))
	for k, a := range m {
		v, err := sdkValue(a)
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}

// names is m, nil if empty, as the SDK omits an empty map.
func names(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return m
}

// writeError writes a DynamoDB error: HTTP 400 (500 for errInternal) and
// the exception in __type, with extra fields (a failed condition's Item).
func writeError(w http.ResponseWriter, typ, message string, extra ...map[string]any) {
	fields := map[string]any{"__type": typ, "message": message}
	for _, e := range extra {
		for k, v := range e {
			fields[k] = v
		}
	}
	body, _ := json.Marshal(fields)
	status := http.StatusBadRequest
	if typ == errInternal {
		status = http.StatusInternalServerError
	}
	writeJSON(w, status, body)
}

// writeOutput writes a DynamoDB answer of v, marshalled.
func writeOutput(w http.ResponseWriter, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		writeError(w, errInternal, "The stand-in could not encode its answer.")
		return
	}
	writeJSON(w, http.StatusOK, body)
}

// writeJSON writes a DynamoDB answer with the CRC32 of its body in
// X-Amz-Crc32, as DynamoDB does: the SDK checks it.
func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", jsonContentType)
	w.Header().Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10))
	w.WriteHeader(status)
	w.Write(body)
}
