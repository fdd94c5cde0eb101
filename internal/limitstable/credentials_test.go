package limitstable_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
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
	key := passkeydb.DeleteCredentialInput("passkeys", owner, c.ID).TransactItems[0].Delete.Key

	query := passkeydb.QueryInput("passkeys", owner, nil)
	query.ConsistentRead = aws.Bool(false)
	strongQuery := passkeydb.QueryInput("passkeys", owner, nil)
	strongQuery.KeyConditionExpression = aws.String("#sub = :sub")
	other := passkey.Credential{ID: []byte("fedcba9876543210"), PublicKey: []byte{2}, CreatedAt: time.Now()}
	put := passkeydb.AddCredentialInput("passkeys", owner, other).TransactItems[0].Put
	putItem := &dynamodb.PutItemInput{TableName: put.TableName, Item: put.Item, ConditionExpression: put.ConditionExpression, ExpressionAttributeNames: put.ExpressionAttributeNames}
	passkeyOnly := passkeydb.AddCredentialInput("passkeys", owner, other)
	passkeyOnly.TransactItems = passkeyOnly.TransactItems[:1]
	unconditional := passkeydb.AddCredentialInput("passkeys", owner, other)
	unconditional.TransactItems[1].Put.ConditionExpression = nil
	unconditional.TransactItems[1].Put.ExpressionAttributeNames = nil
	overwrite := passkeydb.AddCredentialInput("passkeys", owner, other)
	overwrite.TransactItems[0].Put.Item["extra"] = &types.AttributeValueMemberS{Value: "x"}
	claim := passkeydb.AddCredentialInput("passkeys", owner, other)
	claim.TransactItems[1].Put.Item["owner"] = &types.AttributeValueMemberS{Value: "7b1e4c2a-0000-4000-8000-000000000003"}
	twoTables := passkeydb.AddCredentialInput("passkeys", owner, other)
	twoTables.TransactItems[1].Put.TableName = aws.String("limits")
	onLimits := passkeydb.AddCredentialInput("limits", owner, other)
	anyCounter := passkeydb.SignedInInput("passkeys", owner, c, 0)
	anyCounter.ConditionExpression = aws.String("attribute_exists(#item)")
	rename := passkeydb.RenameCredentialInput("passkeys", owner, c.ID, "x")
	rename.UpdateExpression = aws.String("SET #name = :name, #signCount = :name")
	del := passkeydb.DeleteCredentialInput("passkeys", owner, c.ID).TransactItems[0].Delete
	deleteItem := &dynamodb.DeleteItemInput{TableName: del.TableName, Key: del.Key, ConditionExpression: del.ConditionExpression, ExpressionAttributeNames: del.ExpressionAttributeNames}
	keepUnique := passkeydb.DeleteCredentialInput("passkeys", owner, c.ID)
	keepUnique.TransactItems = keepUnique.TransactItems[:1]
	releaseAny := passkeydb.DeleteCredentialInput("passkeys", owner, c.ID)
	releaseAny.TransactItems[1].Delete.ConditionExpression = nil
	releaseAny.TransactItems[1].Delete.ExpressionAttributeNames = nil
	releaseAny.TransactItems[1].Delete.ExpressionAttributeValues = nil
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
		{"a PutItem of a passkey", func() error { _, err := client.PutItem(ctx, putItem); return err }, "ValidationException"},
		{"a passkey without its uniqueness item", func() error { _, err := client.TransactWriteItems(ctx, passkeyOnly); return err }, "ValidationException"},
		{"an unconditional uniqueness item", func() error { _, err := client.TransactWriteItems(ctx, unconditional); return err }, "ValidationException"},
		{"a passkey of other data", func() error { _, err := client.TransactWriteItems(ctx, overwrite); return err }, "ValidationException"},
		{"a uniqueness item naming another owner", func() error { _, err := client.TransactWriteItems(ctx, claim); return err }, "ValidationException"},
		{"a transaction on two tables", func() error { _, err := client.TransactWriteItems(ctx, twoTables); return err }, "ValidationException"},
		{"a transaction on the limits table", func() error { _, err := client.TransactWriteItems(ctx, onLimits); return err }, "UnknownOperationException"},
		{"a SignedIn not on the counter", func() error { _, err := client.UpdateItem(ctx, anyCounter); return err }, "ValidationException"},
		{"a rename of more", func() error { _, err := client.UpdateItem(ctx, rename); return err }, "ValidationException"},
		{"a DeleteItem of a passkey", func() error { _, err := client.DeleteItem(ctx, deleteItem); return err }, "ValidationException"},
		{"a delete that keeps the uniqueness item", func() error { _, err := client.TransactWriteItems(ctx, keepUnique); return err }, "ValidationException"},
		{"a delete of anyone's uniqueness item", func() error { _, err := client.TransactWriteItems(ctx, releaseAny); return err }, "ValidationException"},
		{"a TakeRegistration that reads nothing", func() error { _, err := client.DeleteItem(ctx, take); return err }, "ValidationException"},
	} {
		wantCode(t, tc.name, tc.call(), tc.want)
	}
	// And the passkey is still there, untouched, and the other was not added.
	list, err := passkeydb.New(client, "passkeys").Credentials(ctx, owner)
	if err != nil || len(list) != 1 || list[0].SignCount != 0 || list[0].Name != "" {
		t.Errorf("Credentials = %+v, %v; want the passkey as added", list, err)
	}
}

// TestCredentialsCancelsTransactions: a transaction whose condition fails
// is a TransactionCanceledException with a reason for each action, as
// DynamoDB answers it.
func TestCredentialsCancelsTransactions(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	client := startBoth(t)
	const alice, bob = "7b1e4c2a-0000-4000-8000-000000000004", "7b1e4c2a-0000-4000-8000-000000000005"
	c := passkey.Credential{ID: []byte("0123456789abcdef"), PublicKey: []byte{1}, CreatedAt: time.Now()}
	if err := passkeydb.New(client, "passkeys").AddCredential(ctx, alice, c); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		in   *dynamodb.TransactWriteItemsInput
		want []string
	}{
		{"alice adds her id again", passkeydb.AddCredentialInput("passkeys", alice, c), []string{"ConditionalCheckFailed", "ConditionalCheckFailed"}},
		{"bob adds alice's id", passkeydb.AddCredentialInput("passkeys", bob, c), []string{"None", "ConditionalCheckFailed"}},
		{"bob deletes an id he does not have", passkeydb.DeleteCredentialInput("passkeys", bob, []byte("nobody's")), []string{"ConditionalCheckFailed", "None"}},
	} {
		_, err := client.TransactWriteItems(ctx, tc.in)
		var cancelled *types.TransactionCanceledException
		if !errors.As(err, &cancelled) {
			t.Errorf("%s: %v, want a TransactionCanceledException", tc.name, err)
			continue
		}
		var codes []string
		for _, r := range cancelled.CancellationReasons {
			codes = append(codes, aws.ToString(r.Code))
		}
		if !slices.Equal(codes, tc.want) || !strings.Contains(err.Error(), "["+strings.Join(tc.want, ", ")+"]") {
			t.Errorf("%s: reasons %q (%v), want %q", tc.name, codes, err, tc.want)
		}
	}
}

func wantCode(t *testing.T, call string, err error, code string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), code) {
		t.Errorf("%s: %v, want %s", call, err, code)
	}
}
