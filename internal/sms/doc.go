// Package sms sends text messages with Amazon SNS, for the create auth
// challenge trigger. Like the other packages that call AWS (dynamolimits,
// email), it keeps the AWS SDK out of the trigger logic, which sees only a
// Sender.
package sms
