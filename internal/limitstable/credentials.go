package limitstable

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeydb"
)

// queryPageItems is how many passkeys one Query answer holds at most.
// DynamoDB pages at a megabyte; paging at a few passkeys makes a caller
// that does not page fail here rather than on a big table.
const queryPageItems = 2

// serveCredentials answers the requests of passkeydb.Store over a
// passkey.MemoryStore. It reads the Store call back from the request,
// rebuilds the request that call makes with passkeydb's own builders, and
// serves the request only if it is that one: any other expression, value
// or field is a ValidationException.
func (t *Table) serveCredentials(w http.ResponseWriter, r *http.Request, op string, in request) {
	ctx, owner := r.Context(), in.Key[passkeydb.AttrOwner].str()
	switch op {
	case "Query":
		t.query(ctx, w, in)
	case "PutItem":
		t.putItem(ctx, w, in)
	case "UpdateItem":
		t.updateItem(ctx, w, in, owner)
	case "DeleteItem":
		t.deleteItem(ctx, w, in, owner)
	}
}

// query answers Credentials' Query, page by page in sort key order, as
// DynamoDB does.
func (t *Table) query(ctx context.Context, w http.ResponseWriter, in request) {
	owner := in.ExpressionAttributeValues[":sub"].str()
	start, err := sdkMap(in.ExclusiveStartKey)
	if err != nil || !sameRequest(in, wireQuery(passkeydb.QueryInput(in.TableName, owner, start))) {
		writeError(w, errValidation, requestNotAsSent)
		return
	}
	after := ""
	if start != nil {
		after = in.ExclusiveStartKey[passkeydb.AttrItem].str()
		if in.ExclusiveStartKey[passkeydb.AttrOwner].str() != owner || len(in.ExclusiveStartKey) != 2 {
			writeError(w, errValidation, "The provided starting key is invalid")
			return
		}
	}
	list, err := t.credentials.Credentials(ctx, owner)
	if err != nil {
		writeError(w, errInternal, "The stand-in was interrupted.")
		return
	}
	items := make([]map[string]attr, 0, len(list))
	for _, c := range list {
		items = append(items, credentialItem(in.TableName, owner, c))
	}
	slices.SortFunc(items, func(a, b map[string]attr) int {
		return cmp.Compare(a[passkeydb.AttrItem].str(), b[passkeydb.AttrItem].str())
	})
	i, _ := slices.BinarySearchFunc(items, after, func(item map[string]attr, key string) int {
		return cmp.Compare(item[passkeydb.AttrItem].str(), key)
	})
	if i < len(items) && items[i][passkeydb.AttrItem].str() == after {
		i++ // the start key is excluded
	}
	page := items[i:min(i+queryPageItems, len(items))]
	out := map[string]any{"Items": page, "Count": len(page), "ScannedCount": len(page)}
	if i+len(page) < len(items) {
		last := page[len(page)-1]
		out["LastEvaluatedKey"] = map[string]attr{passkeydb.AttrOwner: last[passkeydb.AttrOwner], passkeydb.AttrItem: last[passkeydb.AttrItem]}
	}
	writeOutput(w, out)
}

// putItem answers AddCredential's and StartRegistration's PutItem.
func (t *Table) putItem(ctx context.Context, w http.ResponseWriter, in request) {
	owner := in.Item[passkeydb.AttrOwner].str()
	if in.Item[passkeydb.AttrItem].str() == passkeydb.ItemRegistration {
		c, err := passkey.ParseChallenge(in.Item[passkeydb.AttrChallenge].str())
		if err != nil || !sameRequest(in, wirePut(passkeydb.StartRegistrationInput(in.TableName, owner, c))) {
			writeError(w, errValidation, requestNotAsSent)
			return
		}
		answer(w, t.credentials.StartRegistration(ctx, owner, c))
		return
	}
	item, err := sdkMap(in.Item)
	var c passkey.Credential
	if err == nil {
		c, err = passkeydb.DecodeCredential(item)
	}
	if err != nil || !sameRequest(in, wirePut(passkeydb.AddCredentialInput(in.TableName, owner, c))) {
		writeError(w, errValidation, requestNotAsSent)
		return
	}
	answer(w, t.credentials.AddCredential(ctx, owner, c))
}

// updateItem answers SignedIn's and RenameCredential's UpdateItem.
func (t *Table) updateItem(ctx context.Context, w http.ResponseWriter, in request, owner string) {
	id, ok := credentialID(in)
	if !ok {
		writeError(w, errValidation, requestNotAsSent)
		return
	}
	values := in.ExpressionAttributeValues
	if name := values[":name"].str(); sameRequest(in, wireUpdate(passkeydb.RenameCredentialInput(in.TableName, owner, id, name))) {
		answer(w, t.credentials.RenameCredential(ctx, owner, id, name))
		return
	}
	c := passkey.Credential{ID: id, BackupState: values[":backupState"].BOOL != nil && *values[":backupState"].BOOL}
	count, errCount := strconv.ParseUint(values[":signCount"].num(), 10, 32)
	previous, errPrevious := strconv.ParseUint(values[":previous"].num(), 10, 32)
	var errUsed error
	if used := values[":lastUsedAt"].str(); used != "" {
		c.LastUsedAt, errUsed = time.Parse(time.RFC3339Nano, used)
	}
	c.SignCount = uint32(count)
	if errors.Join(errCount, errPrevious, errUsed) != nil || !sameRequest(in, wireUpdate(passkeydb.SignedInInput(in.TableName, owner, c, uint32(previous)))) {
		writeError(w, errValidation, requestNotAsSent)
		return
	}
	err := t.credentials.SignedIn(ctx, owner, c, uint32(previous))
	if !errors.Is(err, passkey.ErrCounterChanged) {
		answer(w, err)
		return
	}
	// As asked (ReturnValuesOnConditionCheckFailure ALL_OLD), the failed
	// condition carries the item as it is.
	list, err := t.credentials.Credentials(ctx, owner)
	if err != nil {
		answer(w, err)
		return
	}
	for _, stored := range list {
		if slices.Equal(stored.ID, id) {
			writeError(w, errConditional, conditionFailed, map[string]any{"Item": credentialItem(in.TableName, owner, stored)})
			return
		}
	}
	writeError(w, errConditional, conditionFailed) // deleted in between
}

// deleteItem answers DeleteCredential's and TakeRegistration's DeleteItem.
func (t *Table) deleteItem(ctx context.Context, w http.ResponseWriter, in request, owner string) {
	if in.Key[passkeydb.AttrItem].str() == passkeydb.ItemRegistration {
		if !sameRequest(in, wireDelete(passkeydb.TakeRegistrationInput(in.TableName, owner))) {
			writeError(w, errValidation, requestNotAsSent)
			return
		}
		c, err := t.credentials.TakeRegistration(ctx, owner)
		switch {
		case errors.Is(err, passkey.ErrNotFound):
			writeOutput(w, map[string]any{}) // nothing deleted, nothing returned
		case err != nil:
			answer(w, err)
		default:
			item := wireMap(passkeydb.StartRegistrationInput(in.TableName, owner, c).Item)
			writeOutput(w, map[string]any{"Attributes": item})
		}
		return
	}
	id, ok := credentialID(in)
	if !ok || !sameRequest(in, wireDelete(passkeydb.DeleteCredentialInput(in.TableName, owner, id))) {
		writeError(w, errValidation, requestNotAsSent)
		return
	}
	answer(w, t.credentials.DeleteCredential(ctx, owner, id))
}

// answer writes the answer to a call that returns no item: {} on
// success, a failed condition for the contract's errors (which
// passkeydb maps back), an InternalServerError otherwise (the request
// was cancelled).
func answer(w http.ResponseWriter, err error) {
	switch {
	case err == nil:
		writeOutput(w, map[string]any{})
	case errors.Is(err, passkey.ErrNotFound), errors.Is(err, passkey.ErrExists), errors.Is(err, passkey.ErrCounterChanged):
		writeError(w, errConditional, conditionFailed)
	default:
		writeError(w, errInternal, "The stand-in was interrupted.")
	}
}

// credentialID reads the credential id from the sort key of in's Key.
func credentialID(in request) ([]byte, bool) {
	return passkeydb.CredentialIDOf(in.Key[passkeydb.AttrItem].str())
}

// credentialItem is c's item as passkeydb stores it, on the wire.
func credentialItem(table, owner string, c passkey.Credential) map[string]attr {
	return wireMap(passkeydb.AddCredentialInput(table, owner, c).Item)
}

// sameRequest says whether got is want, field by field and value by value.
func sameRequest(got, want request) bool { return reflect.DeepEqual(got, want) }

func wireQuery(in *dynamodb.QueryInput) request {
	return request{
		TableName:                 aws.ToString(in.TableName),
		KeyConditionExpression:    aws.ToString(in.KeyConditionExpression),
		ExpressionAttributeNames:  names(in.ExpressionAttributeNames),
		ExpressionAttributeValues: wireMap(in.ExpressionAttributeValues),
		ExclusiveStartKey:         wireMap(in.ExclusiveStartKey),
		ConsistentRead:            in.ConsistentRead,
		Limit:                     in.Limit,
	}
}

func wirePut(in *dynamodb.PutItemInput) request {
	return request{
		TableName:                 aws.ToString(in.TableName),
		Item:                      wireMap(in.Item),
		ConditionExpression:       aws.ToString(in.ConditionExpression),
		ExpressionAttributeNames:  names(in.ExpressionAttributeNames),
		ExpressionAttributeValues: wireMap(in.ExpressionAttributeValues),
		ReturnValues:              string(in.ReturnValues),
	}
}

func wireUpdate(in *dynamodb.UpdateItemInput) request {
	return request{
		TableName:                           aws.ToString(in.TableName),
		Key:                                 wireMap(in.Key),
		UpdateExpression:                    aws.ToString(in.UpdateExpression),
		ConditionExpression:                 aws.ToString(in.ConditionExpression),
		ExpressionAttributeNames:            names(in.ExpressionAttributeNames),
		ExpressionAttributeValues:           wireMap(in.ExpressionAttributeValues),
		ReturnValues:                        string(in.ReturnValues),
		ReturnValuesOnConditionCheckFailure: string(in.ReturnValuesOnConditionCheckFailure),
	}
}

func wireDelete(in *dynamodb.DeleteItemInput) request {
	return request{
		TableName:                           aws.ToString(in.TableName),
		Key:                                 wireMap(in.Key),
		ConditionExpression:                 aws.ToString(in.ConditionExpression),
		ExpressionAttributeNames:            names(in.ExpressionAttributeNames),
		ExpressionAttributeValues:           wireMap(in.ExpressionAttributeValues),
		ReturnValues:                        string(in.ReturnValues),
		ReturnValuesOnConditionCheckFailure: string(in.ReturnValuesOnConditionCheckFailure),
	}
}
