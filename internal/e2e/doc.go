// Package e2e tests the built trigger binaries as Lambda runs them: each
// is a real process fed through the Lambda Runtime API by lambdahost, and
// the create trigger sends real SNS Publish calls to moto_server.
//
// It holds only tests and the cold-start baseline under testdata/bare.
package e2e
