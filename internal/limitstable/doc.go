// Package limitstable is local mode's limits table when no DynamoDB
// endpoint is given: it serves, on loopback, the one DynamoDB operation the
// triggers' abuse limits use (UpdateItem, exactly as package dynamolimits
// sends it) over a limits.MemoryStore. The triggers run unchanged, with
// AWS_ENDPOINT_URL_DYNAMODB pointing here, and the counts live in memory
// until Close. Anything else is refused with a DynamoDB error, so that a
// trigger that strays fails as it would on AWS.
package limitstable
