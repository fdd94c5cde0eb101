// Package dynamoclient makes the DynamoDB client of a function that must
// answer within a trigger's deadline, and the tables of tests and local
// mode: the abuse limits' counters (dynamolimits) and the passkeys
// (passkeydb) use it alike.
package dynamoclient

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Retries of the client New makes: up to maxAttempts tries of one call,
// at most maxBackoff apart, so that a retry fits in a trigger's deadline
// (Cognito waits 5 seconds for a trigger).
const (
	maxAttempts = 3
	maxBackoff  = 100 * time.Millisecond
)

// New returns a DynamoDB client on cfg, the process's AWS configuration
// (the standard environment: AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB,
// credentials, ...), with those retries. It does no network I/O.
func New(cfg aws.Config) *dynamodb.Client {
	return dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		o.Retryer = retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = maxAttempts
			o.MaxBackoff = maxBackoff
		})
	})
}

// CreateTable creates the table in (on-demand, or as in says), waits until
// it is active and turns TTL on for ttlAttribute: for tests and local mode,
// where a deployment's tables come from template.yaml. A table that exists
// already is left as it is. Errors name the step, not the package: callers
// prefix their own.
func CreateTable(ctx context.Context, client *dynamodb.Client, in *dynamodb.CreateTableInput, ttlAttribute string) error {
	table := aws.ToString(in.TableName)
	_, err := client.CreateTable(ctx, in)
	var exists *types.ResourceInUseException
	if errors.As(err, &exists) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("creating table %s: %w", table, err)
	}
	waiter := dynamodb.NewTableExistsWaiter(client, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 200*time.Millisecond, 2*time.Second
	})
	if err := waiter.Wait(ctx, &dynamodb.DescribeTableInput{TableName: in.TableName}, time.Minute); err != nil {
		return fmt.Errorf("waiting for table %s: %w", table, err)
	}
	_, err = client.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName:               in.TableName,
		TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String(ttlAttribute), Enabled: aws.Bool(true)},
	})
	if err != nil {
		return fmt.Errorf("enabling TTL on table %s: %w", table, err)
	}
	return nil
}
