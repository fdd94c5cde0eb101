// Package dynamolimits keeps the counters of package limits in one DynamoDB
// table, with one conditional UpdateItem per counter and no other call.
//
// The table has a string partition key AttrKey and nothing else declared;
// each item holds a number AttrCount and a number AttrExpires, the epoch
// second after which DynamoDB's TTL may delete it. Store.Add is
//
//	UpdateItem  Key: {pk: key}
//	            UpdateExpression:    ADD #count :delta SET #expires = if_not_exists(#expires, :expires)
//	            ConditionExpression: attribute_not_exists(#count) OR #count <= :max    (delta ≥ 0)
//	                                 #count BETWEEN :min AND :max                       (delta < 0)
//
// with :max = limit − delta and :min = −delta, so that the count after the
// add stays between 0 and limit. DynamoDB evaluates the condition and
// applies the update as one atomic step on the item, so concurrent adds from
// any number of Lambda instances never take a counter past its limit. ADD
// on an absent item creates it from 0, and if_not_exists sets the expiry
// once, when the counter is created. A ConditionalCheckFailedException means
// "not allowed" and is no error; every other failure (throttling, a
// timeout, no network, a missing table or permission) is an error, which
// package limits turns into a refusal: the checks fail closed.
//
// The only IAM action needed is dynamodb:UpdateItem on the table. A check
// that reads without adding (delta 0, the lockout check) is also an
// UpdateItem: it writes nothing new but, for an absent counter, an item of
// count 0 that TTL removes. A GetItem would cost half as much but need a
// second permission, for about a millionth of a dollar per sign-in.
//
// Every call is bounded by the caller's context, retries included: a
// trigger passes one with a deadline well inside Cognito's 5 seconds.
package dynamolimits
