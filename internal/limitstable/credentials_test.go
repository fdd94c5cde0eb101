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
	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeydb"
)

// startBoth serves both tables on one endpoint.
func startBoth(t *testing.T) *dynamodb.Client {
	t.Helper()
	table, err := limitstable.Start("limits", "passkeys")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { table.Close() })
	return newClient(table)
}

func newClient(table *limitstable.Table) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(table.URL()),
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", ""),
		Retryer:     aws.NopRetryer{}, HTTPClient: &http.Client{Timeout: 5 * time.Second},
	})
}

// TestCredentialsOverTheStandIn holds passkeydb.Store, through the real
// DynamoDB client, against the stand-in to the contract of every
// passkey.Store: the suite that passkeydb passes on moto_server.
func TestCredentialsOverTheStandIn(t *testing.T) {
	store := passkeydb.New(startBoth(t), "passkeys")
	passkeytest.TestStore(t, func(*testing.T) passkey.Store { return store })
}

// TestBothTables: one endpoint serves both tables, each only its own
// calls; a table not named at Start is not served.
func TestBothTables(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	client := startBoth(t)
	storetest.Run(t, dynamolimits.New(client, "limits"), "k", nil)
	owner := "7b1e4c2a-0000-4000-8000-000000000001"
	passkeys := passkeydb.New(client, "passkeys")
	if err := passkeys.AddCredential(ctx, owner, passkey.Credential{ID: []byte("0123456789abcdef"), CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "limits UpdateItem on the credentials table", func() error {
		_, err := dynamolimits.New(client, "passkeys").Add(ctx, "k", 1, 2, time.Now())
		return err
	}(), "ValidationException")
	wantCode(t, "Query on the limits table", func() error {
		_, err := passkeydb.New(client, "limits").Credentials(ctx, owner)
		return err
	}(), "UnknownOperationException")

	limitsOnly, err := limitstable.Start("limits", "")
	if err != nil {
		t.Fatal(err)
	}
	defer limitsOnly.Close()
	for _, name := range []string{"passkeys", ""} {
		_, err := passkeydb.New(newClient(limitsOnly), name).Credentials(ctx, owner)
		want := "ResourceNotFoundException"
		if name == "" {
			want = "ValidationException"
		}
		wantCode(t, "Query on a table not served: "+name, err, want)
	}
	if _, err := limitstable.Start("same", "same"); err == nil {
		t.Error("Start with one name for both tables: no error")
	}
}

// TestCredentialsRefusesOtherCalls: a call on the credentials table that
// passkeydb does not make, or makes otherwise, is a DynamoDB error.
func TestCredentialsRefusesOtherCalls(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	client := startBoth(t)
	const owner = "7b1e4c2a-0000-4000-8000-000000000002"
	c := passkey.Credential{ID: []byte("0123456789abcdef"), PublicKey: []byte{1}, CreatedAt: time.Now()}
	if err := passkeydb.New(client, "passkeys").AddCredential(ctx, owner, c); err != nil {
		t.Fatal(err)
	}
	key := passkeydb.DeleteCredentialInput("passkeys", owner, c.ID).Key

	query := passkeydb.QueryInput("passkeys", owner, nil)
	query.ConsistentRead = aws.Bool(false)
	strongQuery := passkeydb.QueryInput("passkeys", owner, nil)
	strongQuery.KeyConditionExpression = aws.String("#sub = :sub")
	add := passkeydb.AddCredentialInput("passkeys", owner, c)
	add.ConditionExpression = nil
	add.ExpressionAttributeNames = nil
	overwrite := passkeydb.AddCredentialInput("passkeys", owner, c)
	overwrite.Item["extra"] = &types.AttributeValueMemberS{Value: "x"}
	unconditional := passkeydb.SignedInInput("passkeys", owner, c, 0)
	unconditional.ConditionExpression = aws.String("attribute_exists(#item)")
	rename := passkeydb.RenameCredentialInput("passkeys", owner, c.ID, "x")
	rename.UpdateExpression = aws.String("SET #name = :name, #signCount = :name")
	remove := passkeydb.DeleteCredentialInput("passkeys", owner, c.ID)
	remove.ConditionExpression = nil
	remove.ExpressionAttributeNames = nil
	take := passkeydb.TakeRegistrationInput("passkeys", owner)
	take.ReturnValues = types.ReturnValueNone

	for _, tc := range []struct {
		name string
		call func() error
		want string
	}{
		{"GetItem", func() error {
			_, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("passkeys"), Key: key})
			return err
		}, "UnknownOperationException"},
		{"Scan", func() error {
			_, err := client.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("passkeys")})
			return err
		}, "UnknownOperationException"},
		{"an eventually consistent Query", func() error { _, err := client.Query(ctx, query); return err }, "ValidationException"},
		{"a Query of the registration too", func() error { _, err := client.Query(ctx, strongQuery); return err }, "ValidationException"},
		{"an unconditional PutItem", func() error { _, err := client.PutItem(ctx, add); return err }, "ValidationException"},
		{"a PutItem of other data", func() error { _, err := client.PutItem(ctx, overwrite); return err }, "ValidationException"},
		{"a SignedIn not on the counter", func() error { _, err := client.UpdateItem(ctx, unconditional); return err }, "ValidationException"},
		{"a rename of more", func() error { _, err := client.UpdateItem(ctx, rename); return err }, "ValidationException"},
		{"an unconditional DeleteItem", func() error { _, err := client.DeleteItem(ctx, remove); return err }, "ValidationException"},
		{"a TakeRegistration that reads nothing", func() error { _, err := client.DeleteItem(ctx, take); return err }, "ValidationException"},
	} {
		wantCode(t, tc.name, tc.call(), tc.want)
	}
	// And the passkey is still there, untouched.
	list, err := passkeydb.New(client, "passkeys").Credentials(ctx, owner)
	if err != nil || len(list) != 1 || list[0].SignCount != 0 || list[0].Name != "" {
		t.Errorf("Credentials = %+v, %v; want the passkey as added", list, err)
	}
}

func wantCode(t *testing.T, call string, err error, code string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), code) {
		t.Errorf("%s: %v, want %s", call, err, code)
	}
}
