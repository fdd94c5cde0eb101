package passkeydb

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/cognito-passwordless/passwordless-go/internal/dynamoclient"
)

// Attribute names of the table; see the package documentation.
const (
	// AttrOwner is the partition key, a string: the owner (Cognito sub).
	AttrOwner = "sub"
	// AttrItem is the sort key, a string: CredentialPrefix and the
	// credential id, or ItemRegistration.
	AttrItem = "item"

	AttrPublicKey      = "publicKey"
	AttrSignCount      = "signCount"
	AttrTransports     = "transports"
	AttrAAGUID         = "aaguid"
	AttrBackupEligible = "backupEligible"
	AttrBackupState    = "backupState"
	AttrName           = "name"
	AttrCreatedAt      = "createdAt"
	AttrLastUsedAt     = "lastUsedAt"

	AttrChallenge = "challenge"
	// AttrExpiresAt is the TTL attribute, a number of epoch seconds.
	AttrExpiresAt = "expiresAt"
)

// Sort keys of the items.
const (
	// CredentialPrefix starts the sort key of every passkey's item.
	CredentialPrefix = "passkey#"
	// ItemRegistration is the sort key of the registration under way.
	ItemRegistration = "registration"
)

// MaxIDLength is the longest credential id the table holds: the sort key
// CredentialPrefix + base64url(id) has at most 1024 bytes.
const MaxIDLength = (1024 - len(CredentialPrefix)) / 4 * 3

// CreateTable creates table with the schema Store uses (on-demand, TTL on
// AttrExpiresAt) and waits until it is active. It is for tests and local
// mode; a deployment's table comes from template.yaml. A table that exists
// already is left as it is.
func CreateTable(ctx context.Context, client *dynamodb.Client, table string) error {
	err := dynamoclient.CreateTable(ctx, client, &dynamodb.CreateTableInput{
		TableName: aws.String(table),
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String(AttrOwner), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String(AttrItem), AttributeType: types.ScalarAttributeTypeS},
		},
		KeySchema: []types.KeySchemaElement{
			{AttributeName: aws.String(AttrOwner), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String(AttrItem), KeyType: types.KeyTypeRange},
		},
		BillingMode: types.BillingModePayPerRequest,
	}, AttrExpiresAt)
	if err != nil {
		return fmt.Errorf("passkeydb: %w", err)
	}
	return nil
}
