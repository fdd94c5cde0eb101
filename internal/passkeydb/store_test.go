package passkeydb_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeydb"
)

// TestStore holds Store on moto_server to the contract of passkey.Store,
// on one table as a deployment has (each test has owners of its own), and
// with pages of one passkey, so that Credentials pages through them.
func TestStore(t *testing.T) {
	for _, tc := range []struct {
		name     string
		pageSize int32
	}{
		{"pages as DynamoDB makes them", 0},
		{"one passkey a page", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			table, client := newTable(t)
			store := passkeydb.New(client, table)
			passkeydb.SetPageSize(store, tc.pageSize)
			passkeytest.TestStore(t, func(*testing.T) passkey.Store { return store })
		})
	}
}

// TestNewFromConfig: a Store on the standard environment (which TestMain
// points at moto) reaches the table.
func TestNewFromConfig(t *testing.T) {
	ctx := testContext(t)
	table, _ := newTable(t)
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	store := passkeydb.NewFromConfig(cfg, table)
	c := passkey.Credential{ID: []byte("0123456789abcdef"), PublicKey: []byte{1}, CreatedAt: time.Now()}
	if err := store.AddCredential(ctx, "owner", c); err != nil {
		t.Fatal(err)
	}
	if list, err := store.Credentials(ctx, "owner"); err != nil || len(list) != 1 {
		t.Fatalf("Credentials = %d passkeys, %v; want 1", len(list), err)
	}
}

// TestLongestID: an id of MaxIDLength bytes is kept; a longer one, which
// no sort key holds, is refused by AddCredential and is no passkey to the
// other methods.
func TestLongestID(t *testing.T) {
	ctx := testContext(t)
	table, client := newTable(t)
	store := passkeydb.New(client, table)
	const owner = "7d4c5f0e-0000-4000-8000-000000000001"
	longest := passkey.Credential{ID: bytes.Repeat([]byte{0xfb}, passkeydb.MaxIDLength), PublicKey: []byte{1}, CreatedAt: time.Now()}
	if err := store.AddCredential(ctx, owner, longest); err != nil {
		t.Fatalf("AddCredential of %d bytes: %v", len(longest.ID), err)
	}
	list, err := store.Credentials(ctx, owner)
	if err != nil || len(list) != 1 || !bytes.Equal(list[0].ID, longest.ID) {
		t.Fatalf("Credentials = %d passkeys, %v; want the longest", len(list), err)
	}
	tooLong := longest
	tooLong.ID = append(tooLong.ID, 0xfb)
	err = store.AddCredential(ctx, owner, tooLong)
	if err == nil || errors.Is(err, passkey.ErrExists) || strings.Contains(err.Error(), "+") {
		t.Errorf("AddCredential of %d bytes: %v, want an error of its own", len(tooLong.ID), err)
	}
	for name, err := range map[string]error{
		"SignedIn":         store.SignedIn(ctx, owner, tooLong, 0),
		"RenameCredential": store.RenameCredential(ctx, owner, tooLong.ID, "x"),
		"DeleteCredential": store.DeleteCredential(ctx, owner, tooLong.ID),
	} {
		if !errors.Is(err, passkey.ErrNotFound) {
			t.Errorf("%s of %d bytes: %v, want ErrNotFound", name, len(tooLong.ID), err)
		}
	}
}

// TestErrors: a failed call names the method, the DynamoDB call and the
// error code, and quotes nothing sent; an item not as stored is
// ErrMalformedItem, naming the attribute and quoting nothing.
func TestErrors(t *testing.T) {
	ctx := testContext(t)
	table, client := newTable(t)
	const owner = "0b5d1c8e-0000-4000-8000-000000000002"
	missing := passkeydb.New(client, "no-such-table")
	c := passkey.Credential{ID: []byte("secret-looking-id"), PublicKey: []byte{1}, Name: "private name", CreatedAt: time.Now()}
	_, errList := missing.Credentials(ctx, owner)
	_, errTake := missing.TakeRegistration(ctx, owner)
	for _, tc := range []struct {
		err  error
		want string
	}{
		{errList, "passkeydb: Credentials: DynamoDB Query failed: ResourceNotFoundException"},
		{missing.SignedIn(ctx, owner, c, 0), "passkeydb: SignedIn: DynamoDB UpdateItem failed: ResourceNotFoundException"},
		{missing.AddCredential(ctx, owner, c), "passkeydb: AddCredential: DynamoDB TransactWriteItems failed: ResourceNotFoundException"},
		{missing.RenameCredential(ctx, owner, c.ID, c.Name), "passkeydb: RenameCredential: DynamoDB UpdateItem failed: ResourceNotFoundException"},
		{missing.DeleteCredential(ctx, owner, c.ID), "passkeydb: DeleteCredential: DynamoDB TransactWriteItems failed: ResourceNotFoundException"},
		{missing.StartRegistration(ctx, owner, passkey.Challenge{Value: make([]byte, 32)}), "passkeydb: StartRegistration: DynamoDB PutItem failed: ResourceNotFoundException"},
		{errTake, "passkeydb: TakeRegistration: DynamoDB DeleteItem failed: ResourceNotFoundException"},
	} {
		var dbErr *passkeydb.Error
		if moto := strings.Replace(tc.want, "ResourceNotFoundException", "TransactionCanceledException", 1); tc.err != nil && tc.err.Error() == moto && strings.Contains(moto, "DeleteCredential") {
			// moto cancels a transaction of Deletes on a missing table,
			// with ResourceNotFoundException as each action's reason,
			// where DynamoDB fails the call itself.
			tc.want = moto
		}
		if tc.err == nil || tc.err.Error() != tc.want || !errors.As(tc.err, &dbErr) || !strings.HasSuffix(tc.want, dbErr.Reason()) {
			t.Errorf("%v, want %s", tc.err, tc.want)
		}
	}

	store := passkeydb.New(client, table)
	for _, tc := range []struct {
		name string
		item map[string]types.AttributeValue
		want string
	}{
		{"a credential", map[string]types.AttributeValue{
			passkeydb.AttrOwner: &types.AttributeValueMemberS{Value: owner},
			passkeydb.AttrItem:  &types.AttributeValueMemberS{Value: passkeydb.CredentialPrefix + "c2VjcmV0"},
			"signCount":         &types.AttributeValueMemberS{Value: "secret"},
		}, "passkeydb: Credentials: passkeydb: malformed item: attribute publicKey is missing or not as stored"},
		{"the registration", map[string]types.AttributeValue{
			passkeydb.AttrOwner: &types.AttributeValueMemberS{Value: owner},
			passkeydb.AttrItem:  &types.AttributeValueMemberS{Value: passkeydb.ItemRegistration},
			"challenge":         &types.AttributeValueMemberS{Value: "v1.secret"},
		}, "passkeydb: TakeRegistration: passkeydb: malformed item: attribute challenge is missing or not as stored"},
	} {
		if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: tc.item}); err != nil {
			t.Fatal(err)
		}
		var err error
		if tc.name == "the registration" {
			_, err = store.TakeRegistration(ctx, owner)
		} else {
			_, err = store.Credentials(ctx, owner)
		}
		if !errors.Is(err, passkeydb.ErrMalformedItem) || err.Error() != tc.want {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
		}
	}
}

// TestUniquenessItems: AddCredential writes, beside the passkey, its id's
// uniqueness item as documented, which no Query of an owner returns, and
// DeleteCredential removes both. A passkey stored without one (before
// uniqueness items were written) can be deleted; if another owner has
// registered its id since, the delete fails with an *Error and deletes
// nothing.
func TestUniquenessItems(t *testing.T) {
	ctx := testContext(t)
	table, client := newTable(t)
	store := passkeydb.New(client, table)
	const alice, bob = "3f0c6a2e-0000-4000-8000-000000000003", "3f0c6a2e-0000-4000-8000-000000000004"
	c := passkey.Credential{ID: []byte{0xfb, 0xff, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, PublicKey: []byte{1}, CreatedAt: time.Now()}
	uniqueKey := map[string]types.AttributeValue{
		"sub":  &types.AttributeValueMemberS{Value: "credential#-_8AAQIDBAUGBwgJCgsMDQ"},
		"item": &types.AttributeValueMemberS{Value: "owner"},
	}
	unique := func() map[string]types.AttributeValue {
		t.Helper()
		out, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(table), Key: uniqueKey, ConsistentRead: aws.Bool(true)})
		if err != nil {
			t.Fatal(err)
		}
		return out.Item
	}
	wantOwner := func(owner string) {
		t.Helper()
		item := unique()
		if s, ok := item["owner"].(*types.AttributeValueMemberS); !ok || s.Value != owner || len(item) != 3 {
			t.Fatalf("uniqueness item %v, want sub, item and owner %s", item, owner)
		}
	}

	if err := store.AddCredential(ctx, alice, c); err != nil {
		t.Fatal(err)
	}
	wantOwner(alice)
	if list, err := store.Credentials(ctx, alice); err != nil || len(list) != 1 {
		t.Fatalf("Credentials = %d passkeys, %v; want 1", len(list), err)
	}
	if err := store.DeleteCredential(ctx, alice, c.ID); err != nil {
		t.Fatal(err)
	}
	if item := unique(); item != nil {
		t.Fatalf("after DeleteCredential, uniqueness item %v, want none", item)
	}

	// A passkey stored as before: its item alone.
	legacy := passkeydb.AddCredentialInput(table, alice, c).TransactItems[0].Put
	putLegacy := func() {
		t.Helper()
		if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: legacy.TableName, Item: legacy.Item}); err != nil {
			t.Fatal(err)
		}
	}
	putLegacy()
	if err := store.DeleteCredential(ctx, alice, c.ID); err != nil {
		t.Fatalf("DeleteCredential of a passkey without uniqueness item: %v", err)
	}
	if list, err := store.Credentials(ctx, alice); err != nil || len(list) != 0 {
		t.Fatalf("Credentials = %d passkeys, %v; want none", len(list), err)
	}

	putLegacy()
	if err := store.AddCredential(ctx, bob, c); err != nil {
		t.Fatalf("bob AddCredential of an id with no uniqueness item: %v", err)
	}
	err := store.DeleteCredential(ctx, alice, c.ID)
	var dbErr *passkeydb.Error
	if !errors.As(err, &dbErr) || dbErr.Reason() != "TransactionCanceledException" {
		t.Fatalf("alice DeleteCredential of the id bob holds: %v, want a cancelled transaction", err)
	}
	wantOwner(bob)
	if list, err := store.Credentials(ctx, alice); err != nil || len(list) != 1 {
		t.Fatalf("Credentials = %d passkeys, %v; want alice's still", len(list), err)
	}
}
