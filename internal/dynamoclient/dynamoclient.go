// Package dynamoclient makes the DynamoDB client of a function that must
// answer within a trigger's deadline: the abuse limits' counters
// (dynamolimits) and the passkeys (passkeydb) use it alike.
package dynamoclient

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// Retries of the client New makes: up to MaxAttempts tries of one call,
// at most MaxBackoff apart, so that a retry fits in a trigger's deadline
// (Cognito waits 5 seconds for a trigger).
const (
	MaxAttempts = 3
	MaxBackoff  = 100 * time.Millisecond
)

// New returns a DynamoDB client on cfg, the process's AWS configuration
// (the standard environment: AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB,
// credentials, ...), with those retries. It does no network I/O.
func New(cfg aws.Config) *dynamodb.Client {
	return dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		o.Retryer = retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = MaxAttempts
			o.MaxBackoff = MaxBackoff
		})
	})
}
