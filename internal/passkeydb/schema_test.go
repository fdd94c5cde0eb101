package passkeydb_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/cognito-passwordless/passwordless-go/internal/passkeydb"
)

// TestCreateTable: the table has the documented keys, on-demand billing
// and TTL on expiresAt, and creating it again leaves it as it is.
func TestCreateTable(t *testing.T) {
	ctx := testContext(t)
	table, client := newTable(t)
	if err := passkeydb.CreateTable(ctx, client, table); err != nil {
		t.Fatalf("CreateTable again: %v", err)
	}
	out, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(table)})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]types.KeyType{}
	for _, k := range out.Table.KeySchema {
		keys[aws.ToString(k.AttributeName)] = k.KeyType
	}
	types_ := map[string]types.ScalarAttributeType{}
	for _, a := range out.Table.AttributeDefinitions {
		types_[aws.ToString(a.AttributeName)] = a.AttributeType
	}
	for _, tc := range []struct {
		name string
		key  types.KeyType
	}{
		{"sub", types.KeyTypeHash},
		{"item", types.KeyTypeRange},
	} {
		if keys[tc.name] != tc.key || types_[tc.name] != types.ScalarAttributeTypeS {
			t.Errorf("%s: key %q of type %q, want %q of type S", tc.name, keys[tc.name], types_[tc.name], tc.key)
		}
	}
	if len(keys) != 2 || len(types_) != 2 {
		t.Errorf("keys %v, attributes %v; want sub and item only", keys, types_)
	}
	if out.Table.BillingModeSummary == nil || out.Table.BillingModeSummary.BillingMode != types.BillingModePayPerRequest {
		t.Errorf("billing %+v, want PAY_PER_REQUEST", out.Table.BillingModeSummary)
	}
	ttl, err := client.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(table)})
	if err != nil {
		t.Fatal(err)
	}
	if d := ttl.TimeToLiveDescription; d == nil || d.TimeToLiveStatus != types.TimeToLiveStatusEnabled || aws.ToString(d.AttributeName) != "expiresAt" {
		t.Errorf("TTL %+v, want enabled on expiresAt", d)
	}
}
