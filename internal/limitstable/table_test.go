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
	"github.com/cognito-passwordless/passwordless-go/internal/limits/storetest"
	"github.com/cognito-passwordless/passwordless-go/internal/limitstable"
)

func start(t *testing.T) (*limitstable.Table, *dynamodb.Client) {
	t.Helper()
	table, err := limitstable.Start("limits", "")
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

// TestStoreOverTheStandIn holds dynamolimits.Store, through the real
// DynamoDB client, against the stand-in to the contract of every
// limits.Store.
func TestStoreOverTheStandIn(t *testing.T) {
	_, client := start(t)
	storetest.Run(t, dynamolimits.New(client, "limits"), "k", nil)
	_, err := dynamolimits.New(client, "other").Add(context.Background(), "k", 1, 2, time.Now())
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
