// Package snsoutbox stands in for Amazon SNS on loopback: it serves the
// Publish action in the AWS Query protocol that aws-sdk-go-v2's SNS client
// speaks, and instead of sending each SMS it keeps it and prints it.
//
// Local mode points the create trigger's AWS_ENDPOINT_URL_SNS at it, and the
// cold-start test uses it as a fast SNS.
package snsoutbox
