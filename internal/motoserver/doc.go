// Package motoserver runs moto_server, the AWS API emulator, on a free
// loopback port for tests, and reads the SMS that SNS Publish and the
// emails that SES SendEmail recorded. Env points an AWS SDK client's SNS,
// SES v2 and DynamoDB at it, Config a test's own client, and
// CreateEmailIdentity makes a sender SES v2 accepts.
package motoserver
