package limitstable_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/cognito-passwordless/passwordless-go/internal/dynamolimits"
	"github.com/cognito-passwordless/passwordless-go/internal/limitstable"
)

func start(t *testing.T) (*limitstable.Table, *dynamodb.Client) {
	t.Helper()
	table, err := limitstable.Start("limits")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { table.Close() })
	client := dynamodb.New(dynamodb.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(table.URL()),
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", ""),
		Retryer:     aws.NopRetryer{}, HTTPClient: &http.Client{Timeout: 5 * time.Second},
	})
	return table, client
}

// TestStoreOverTheStandIn runs dynamolimits.Store, through the real
// DynamoDB client, against the stand-in: the conditional adds and refunds
// the limits rely on.
func TestStoreOverTheStandIn(t *testing.T) {
	_, client := start(t)
	store := dynamolimits.New(client, "limits")
	ctx := context.Background()
	expires := time.Now().Add(time.Hour)
	steps := []struct {
		key          string
		delta, limit int
		want         bool
	}{
		{"a", 1, 2, true},
		{"a", 1, 2, true},
		{"a", 1, 2, false}, // at the limit
		{"a", 0, 1, false}, // a check: the count 2 is above 1
		{"a", 0, 2, true},
		{"a", -1, 2, true}, // a refund
		{"a", 1, 2, true},
		{"a", -3, 2, false}, // no count below 0
		{"b", 3, 3, true},
		{"b", 4, 3, false},
	}
	for i, s := range steps {
		got, err := store.Add(ctx, s.key, s.delta, s.limit, expires)
		if err != nil || got != s.want {
			t.Errorf("step %d: Add(%q, %d, %d) = %v, %v; want %v", i, s.key, s.delta, s.limit, got, err, s.want)
		}
	}

	_, err := dynamolimits.New(client, "other").Add(ctx, "a", 1, 2, expires)
	if err == nil || !strings.Contains(err.Error(), "ResourceNotFoundException") {
		t.Errorf("another table: %v, want ResourceNotFoundException", err)
	}
}

// TestStandInRefusesOtherCalls: anything but dynamolimits' UpdateItem is a
// DynamoDB error, so a trigger that strays fails as on AWS.
func TestStandInRefusesOtherCalls(t *testing.T) {
	_, client := start(t)
	ctx := context.Background()
	if _, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("limits"),
		Key: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "a"}}}); err == nil || !strings.Contains(err.Error(), "UnknownOperationException") {
		t.Errorf("GetItem: %v, want UnknownOperationException", err)
	}
	in := dynamolimits.UpdateInput("limits", "a", 1, 2, time.Now())
	in.UpdateExpression = aws.String("SET #count = :delta")
	if _, err := client.UpdateItem(ctx, in); err == nil || !strings.Contains(err.Error(), "ValidationException") {
		t.Errorf("another UpdateItem: %v, want ValidationException", err)
	}
}
