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
// Beside them, each passkey's id has a uniqueness item, with sub =
// "credential#" + the id in unpadded base64url (a prefix no Cognito sub,
// a UUID, can have), item = "owner" and the attribute owner (S, the sub
// of the user whose passkey it is), so that an id is registered to one
// user at most, as WebAuthn requires of a relying party. No Query of a
// user's items meets it. Passkeys stored before these items were written
// have none: a registration of their id by another user is not refused.
//
// Nothing else about the person is stored. A sort key holds at most 1024
// bytes, so a credential id may have at most MaxIDLength (762) bytes
// rather than WebAuthn's 1023; AddCredential refuses longer ones. (The
// uniqueness item's partition key, of at most 2048 bytes, holds them all.)
//
// Each method is one call, and needs only the IAM actions listed on the
// table (the actions of a transaction are authorized as PutItem and
// DeleteItem; there is no ConditionCheck, which would need
// dynamodb:ConditionCheckItem):
//
//	Credentials        Query (dynamodb:Query)           #sub = :sub AND begins_with(#item, "passkey#"), ConsistentRead, every page
//	SignedIn           UpdateItem (dynamodb:UpdateItem) SET signCount, backupState, lastUsedAt
//	                                                    IF attribute_exists(#item) AND #signCount = :previous
//	AddCredential      TransactWriteItems of two Puts (dynamodb:PutItem):
//	                     the passkey's item             IF attribute_not_exists(#item)
//	                     the id's uniqueness item       IF attribute_not_exists(#item)
//	RenameCredential   UpdateItem (dynamodb:UpdateItem) SET #name (REMOVE for an empty name) IF attribute_exists(#item)
//	DeleteCredential   TransactWriteItems of two Deletes (dynamodb:DeleteItem):
//	                     the passkey's item             IF attribute_exists(#item)
//	                     the id's uniqueness item       IF attribute_not_exists(#item) OR #owner = :owner
//	StartRegistration  PutItem (dynamodb:PutItem)       replacing any earlier registration
//	TakeRegistration   DeleteItem (dynamodb:DeleteItem) ReturnValues ALL_OLD
//
// so the create trigger needs dynamodb:Query, and the verify trigger
// dynamodb:Query and dynamodb:UpdateItem. A transaction writes both items
// or neither, so of two registrations of one id, by one user or two, at
// most one stores it. A failed condition is the contract's error:
// passkey.ErrExists for AddCredential, passkey.ErrNotFound for
// RenameCredential and DeleteCredential; of a transaction, DynamoDB
// cancels it (TransactionCanceledException) and names each action's
// failed condition (CancellationReasons, Code ConditionalCheckFailed):
// either of AddCredential's is ErrExists, the first of DeleteCredential's
// ErrNotFound. DeleteCredential's second fails only for a passkey stored
// before uniqueness items whose id another user has registered since: an
// *Error, and nothing deleted. A transaction cancelled for another reason,
// such as a conflict with another transaction on the same item
// (TransactionConflict, which a registration racing another of the same
// id can meet), is an *Error too. The SDK gives each transaction a
// ClientRequestToken, so that its retry of one that succeeded succeeds.
// SignedIn asks for the item
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
