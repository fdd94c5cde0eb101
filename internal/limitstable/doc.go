// Package limitstable is local mode's DynamoDB when no endpoint is given:
// one loopback endpoint that serves the limits table and the credentials
// table, each in memory until Close, so that the triggers run unchanged
// with AWS_ENDPOINT_URL_DYNAMODB pointing here.
//
// For the limits table it serves the one operation the abuse limits use
// (UpdateItem, exactly as package dynamolimits sends it) over a
// limits.MemoryStore. For the credentials table it serves the requests of
// package passkeydb (Query, PutItem, UpdateItem and DeleteItem, with
// passkeydb's expressions) over a passkey.MemoryStore: it reads the Store
// call back from each request, rebuilds the request with passkeydb's own
// builders and serves it only if it is the same, answering in DynamoDB's
// JSON 1.0 wire format, with its errors (a failed condition is a
// ConditionalCheckFailedException, with the item when asked), so that
// passkeydb's mapping to the contract's errors runs unchanged. Query
// answers page at a few passkeys, so that a caller that does not page
// fails here as it would on a big table.
//
// Anything else is refused with a DynamoDB error (UnknownOperationException,
// ValidationException, ResourceNotFoundException), so that a trigger that
// strays fails as it would on AWS.
//
// The files follow the concepts: table.go the endpoint and the routing,
// protocol.go the wire format, limits.go and credentials.go the tables.
package limitstable
