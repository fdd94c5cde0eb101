// Package lambdahost runs a Lambda function's bootstrap binary as Lambda
// does: as a child process that pulls invocations from, and posts answers to,
// a Lambda Runtime API served on loopback (AWS_LAMBDA_RUNTIME_API).
//
// The tests use it to run the real trigger binaries, and local mode uses it
// to drive them from a local user pool.
package lambdahost
