// Package sms sends text messages with Amazon SNS. It is the only package
// that imports the AWS SDK, and only the create auth challenge trigger uses it.
package sms
