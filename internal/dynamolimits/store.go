package dynamolimits

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/cognito-passwordless/passwordless-go/internal/awserr"
	"github.com/cognito-passwordless/passwordless-go/internal/dynamoclient"
	"github.com/cognito-passwordless/passwordless-go/internal/limits"
)

// Attribute names of the table.
const (
	// AttrKey is the partition key, a string: the counter's key.
	AttrKey = "pk"
	// AttrCount is the counter, a number.
	AttrCount = "count"
	// AttrExpires is the TTL attribute, a number of epoch seconds.
	AttrExpires = "expires"
)

// The expressions of Add; see the package documentation.
const (
	updateExpression = "ADD #count :delta SET #expires = if_not_exists(#expires, :expires)"
	conditionAdd     = "attribute_not_exists(#count) OR #count <= :max"
	conditionRefund  = "#count BETWEEN :min AND :max"
)

var attributeNames = map[string]string{"#count": AttrCount, "#expires": AttrExpires}

// Store is a limits.Store on one DynamoDB table. It is safe for concurrent
// use.
type Store struct {
	client *dynamodb.Client
	table  string
}

var _ limits.Store = (*Store)(nil)

// New returns a Store on table through client.
func New(client *dynamodb.Client, table string) *Store {
	return &Store{client: client, table: table}
}

// NewFromConfig returns a Store on table with a client on the process's
// AWS configuration (the standard environment: AWS_REGION,
// AWS_ENDPOINT_URL_DYNAMODB, credentials, ...), with dynamoclient's
// retries. It does no network I/O.
func NewFromConfig(cfg aws.Config, table string) *Store {
	return New(dynamoclient.New(cfg), table)
}

// Add implements limits.Store with one conditional UpdateItem. A failed
// condition is (false, nil); any other failure is (false, *Error).
func (s *Store) Add(ctx context.Context, key string, delta, limit int, expires time.Time) (bool, error) {
	if delta > limit {
		return false, nil // no count is below 0, so nothing fits
	}
	_, err := s.client.UpdateItem(ctx, UpdateInput(s.table, key, delta, limit, expires))
	var failed *types.ConditionalCheckFailedException
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &failed):
		return false, nil
	default:
		return false, &Error{cause: err}
	}
}

// UpdateInput is the conditional UpdateItem of Add(key, delta, limit,
// expires) on table, as the package documentation describes it.
func UpdateInput(table, key string, delta, limit int, expires time.Time) *dynamodb.UpdateItemInput {
	values := map[string]types.AttributeValue{
		":delta":   number(int64(delta)),
		":expires": number(expires.Unix()),
		":max":     number(int64(limit) - int64(delta)),
	}
	condition := conditionAdd
	if delta < 0 {
		condition = conditionRefund
		values[":min"] = number(-int64(delta))
	}
	return &dynamodb.UpdateItemInput{
		TableName:                 aws.String(table),
		Key:                       map[string]types.AttributeValue{AttrKey: &types.AttributeValueMemberS{Value: key}},
		UpdateExpression:          aws.String(updateExpression),
		ConditionExpression:       aws.String(condition),
		ExpressionAttributeNames:  attributeNames,
		ExpressionAttributeValues: values,
	}
}

func number(n int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(n, 10)}
}

// Error is a failed UpdateItem other than a failed condition.
type Error struct{ cause error }

func (e *Error) Error() string {
	return "dynamolimits: UpdateItem failed: " + e.Reason() + ": " + e.cause.Error()
}
func (e *Error) Unwrap() error { return e.cause }

// Reason names the kind of failure, for logs and metrics: a DynamoDB error
// code (such as ProvisionedThroughputExceededException or
// ResourceNotFoundException), "timeout" or "transport".
func (e *Error) Reason() string { return awserr.Reason(e.cause) }

// CreateTable creates table with the schema Store uses (on-demand, TTL on
// AttrExpires) and waits until it is active. It is for tests and local
// mode; a deployment's table comes from template.yaml. A table that exists
// already is left as it is.
func CreateTable(ctx context.Context, client *dynamodb.Client, table string) error {
	err := dynamoclient.CreateTable(ctx, client, &dynamodb.CreateTableInput{
		TableName:            aws.String(table),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String(AttrKey), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String(AttrKey), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	}, AttrExpires)
	if err != nil {
		return fmt.Errorf("dynamolimits: %w", err)
	}
	return nil
}
