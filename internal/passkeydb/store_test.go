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
		{missing.AddCredential(ctx, owner, c), "passkeydb: AddCredential: DynamoDB PutItem failed: ResourceNotFoundException"},
		{missing.RenameCredential(ctx, owner, c.ID, c.Name), "passkeydb: RenameCredential: DynamoDB UpdateItem failed: ResourceNotFoundException"},
		{missing.DeleteCredential(ctx, owner, c.ID), "passkeydb: DeleteCredential: DynamoDB DeleteItem failed: ResourceNotFoundException"},
		{missing.StartRegistration(ctx, owner, passkey.Challenge{Value: make([]byte, 32)}), "passkeydb: StartRegistration: DynamoDB PutItem failed: ResourceNotFoundException"},
		{errTake, "passkeydb: TakeRegistration: DynamoDB DeleteItem failed: ResourceNotFoundException"},
	} {
		var dbErr *passkeydb.Error
		if tc.err == nil || tc.err.Error() != tc.want || !errors.As(tc.err, &dbErr) || dbErr.Reason() != "ResourceNotFoundException" {
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
