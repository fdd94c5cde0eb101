// Package trigger holds the four Cognito Lambda triggers of passwordless
// SMS sign-in: PreSignUp, Define, Create and Verify. Each takes and returns
// the aws-lambda-go events type of its trigger; the commands under cmd/ only
// load configuration and start them.
//
// No handler logs a code, a key or a whole event, and phone numbers appear
// only masked.
package trigger
