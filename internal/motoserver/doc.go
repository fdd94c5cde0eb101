// Package motoserver runs moto_server, the AWS API emulator, on a free
// loopback port for tests, and reads the SMS that SNS Publish recorded.
// Env points an AWS SDK client's SNS and DynamoDB at it.
package motoserver
