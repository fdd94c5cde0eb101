package passkeydb

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
)

// The requests a Store sends, exported so that package limitstable can
// serve exactly these: each builds the one call of the Store method of
// the same name on table, as the package documentation describes it.

// The expressions of the requests.
const (
	queryKeyCondition = "#sub = :sub AND begins_with(#item, :prefix)"
	signedInUpdate    = "SET #signCount = :signCount, #backupState = :backupState, #lastUsedAt = :lastUsedAt"
	signedInFirstUse  = "SET #signCount = :signCount, #backupState = :backupState REMOVE #lastUsedAt"
	signedInCondition = "attribute_exists(#item) AND #signCount = :previous"
	renameUpdate      = "SET #name = :name"
	renameRemove      = "REMOVE #name"
	itemExists        = "attribute_exists(#item)"
	itemAbsent        = "attribute_not_exists(#item)"
)

// QueryInput is the Query of Credentials for the owner's passkeys, from
// start (the previous page's LastEvaluatedKey; nil for the first page).
func QueryInput(table, owner string, start map[string]types.AttributeValue) *dynamodb.QueryInput {
	return &dynamodb.QueryInput{
		TableName:                aws.String(table),
		KeyConditionExpression:   aws.String(queryKeyCondition),
		ExpressionAttributeNames: map[string]string{"#sub": AttrOwner, "#item": AttrItem},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":sub": str(owner), ":prefix": str(CredentialPrefix),
		},
		ConsistentRead:    aws.Bool(true),
		ExclusiveStartKey: start,
	}
}

// SignedInInput is the UpdateItem of SignedIn: it stores c's SignCount,
// BackupState and LastUsedAt (removed if zero) if the stored counter is
// previousCount, and returns the item if that condition fails.
func SignedInInput(table, owner string, c passkey.Credential, previousCount uint32) *dynamodb.UpdateItemInput {
	update := signedInUpdate
	values := map[string]types.AttributeValue{
		":signCount":   number(int64(c.SignCount)),
		":backupState": &types.AttributeValueMemberBOOL{Value: c.BackupState},
		":previous":    number(int64(previousCount)),
	}
	if c.LastUsedAt.IsZero() {
		update = signedInFirstUse
	} else {
		values[":lastUsedAt"] = str(c.LastUsedAt.UTC().Format(timeLayout))
	}
	return &dynamodb.UpdateItemInput{
		TableName:           aws.String(table),
		Key:                 key(owner, credentialKey(c.ID)),
		UpdateExpression:    aws.String(update),
		ConditionExpression: aws.String(signedInCondition),
		ExpressionAttributeNames: map[string]string{
			"#item": AttrItem, "#signCount": AttrSignCount, "#backupState": AttrBackupState, "#lastUsedAt": AttrLastUsedAt,
		},
		ExpressionAttributeValues:           values,
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	}
}

// AddCredentialInput is the PutItem of AddCredential: c's item, unless the
// owner has a passkey of its id.
func AddCredentialInput(table, owner string, c passkey.Credential) *dynamodb.PutItemInput {
	return &dynamodb.PutItemInput{
		TableName:                aws.String(table),
		Item:                     credentialItem(owner, c),
		ConditionExpression:      aws.String(itemAbsent),
		ExpressionAttributeNames: map[string]string{"#item": AttrItem},
	}
}

// RenameCredentialInput is the UpdateItem of RenameCredential: it sets the
// name, or removes it if empty, of the owner's passkey id if there is one.
func RenameCredentialInput(table, owner string, id []byte, name string) *dynamodb.UpdateItemInput {
	in := &dynamodb.UpdateItemInput{
		TableName:                aws.String(table),
		Key:                      key(owner, credentialKey(id)),
		UpdateExpression:         aws.String(renameRemove),
		ConditionExpression:      aws.String(itemExists),
		ExpressionAttributeNames: map[string]string{"#item": AttrItem, "#name": AttrName},
	}
	if name != "" {
		in.UpdateExpression = aws.String(renameUpdate)
		in.ExpressionAttributeValues = map[string]types.AttributeValue{":name": str(name)}
	}
	return in
}

// DeleteCredentialInput is the DeleteItem of DeleteCredential: the owner's
// passkey id, if there is one.
func DeleteCredentialInput(table, owner string, id []byte) *dynamodb.DeleteItemInput {
	return &dynamodb.DeleteItemInput{
		TableName:                aws.String(table),
		Key:                      key(owner, credentialKey(id)),
		ConditionExpression:      aws.String(itemExists),
		ExpressionAttributeNames: map[string]string{"#item": AttrItem},
	}
}

// StartRegistrationInput is the PutItem of StartRegistration: the owner's
// registration item, replacing any earlier one.
func StartRegistrationInput(table, owner string, c passkey.Challenge) *dynamodb.PutItemInput {
	return &dynamodb.PutItemInput{TableName: aws.String(table), Item: registrationItem(owner, c)}
}

// TakeRegistrationInput is the DeleteItem of TakeRegistration: the owner's
// registration item, returned as it was.
func TakeRegistrationInput(table, owner string) *dynamodb.DeleteItemInput {
	return &dynamodb.DeleteItemInput{
		TableName:    aws.String(table),
		Key:          key(owner, ItemRegistration),
		ReturnValues: types.ReturnValueAllOld,
	}
}
