// Package passkeydb keeps the passkeys of package passkey, and each
// user's registration under way, in one DynamoDB table: Store implements
// passkey.Store with one DynamoDB call per method and no other.
//
// The table has the string partition key AttrOwner ("sub", the Cognito
// sub) and the string sort key AttrItem ("item"). A user's items are
//
//   - one per passkey, with item = "passkey#" + the credential id in
//     unpadded base64url, and the attributes publicKey (B), signCount (N),
//     transports (L of S, in the order stored; absent when there are
//     none), aaguid (S, the UUID's text form), backupEligible (BOOL),
//     backupState (BOOL), name (S, absent when empty), createdAt and
//     lastUsedAt (S, RFC 3339 in UTC with nanoseconds; lastUsedAt absent
//     until the first sign-in);
//   - at most one registration under way, with item = "registration",
//     challenge (S, passkey.Challenge.String) and expiresAt (N, the
//     challenge's expiry in epoch seconds), the table's TTL attribute.
//
// Nothing else about the person is stored. A sort key holds at most 1024
// bytes, so a credential id may have at most MaxIDLength (762) bytes
// rather than WebAuthn's 1023; AddCredential refuses longer ones.
//
// Each method is one call, and needs one IAM action on the table:
//
//	Credentials        Query (dynamodb:Query)           #sub = :sub AND begins_with(#item, "passkey#"), ConsistentRead, every page
//	SignedIn           UpdateItem (dynamodb:UpdateItem) SET signCount, backupState, lastUsedAt
//	                                                    IF attribute_exists(#item) AND #signCount = :previous
//	AddCredential      PutItem (dynamodb:PutItem)       IF attribute_not_exists(#item)
//	RenameCredential   UpdateItem (dynamodb:UpdateItem) SET #name (REMOVE for an empty name) IF attribute_exists(#item)
//	DeleteCredential   DeleteItem (dynamodb:DeleteItem) IF attribute_exists(#item)
//	StartRegistration  PutItem (dynamodb:PutItem)       replacing any earlier registration
//	TakeRegistration   DeleteItem (dynamodb:DeleteItem) ReturnValues ALL_OLD
//
// so the create trigger needs dynamodb:Query, and the verify trigger
// dynamodb:Query and dynamodb:UpdateItem. A failed condition is the
// contract's error: passkey.ErrExists for AddCredential, passkey.ErrNotFound
// for RenameCredential and DeleteCredential. SignedIn asks for the item
// back when its condition fails (ReturnValuesOnConditionCheckFailure
// ALL_OLD, which needs no other action): with an item, the counter changed
// (passkey.ErrCounterChanged); without, the passkey was deleted
// (passkey.ErrNotFound). DynamoDB checks a condition and writes as one
// atomic step on the item, so of two sign-ins racing from one counter only
// one stores its own. TakeRegistration deletes unconditionally and reads
// what it deleted, so that each registration is taken at most once.
//
// Every other failure is an *Error naming the method and the DynamoDB
// error code, never the data. Every call is bounded by the caller's
// context, retries included.
package passkeydb
