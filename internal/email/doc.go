// Package email sends email messages with Amazon SES v2 SendEmail, as a
// plain-text UTF-8 message. Like package sms it bounds each send by
// Timeout, retries included, and its errors name only the kind of failure,
// never the address or the message. Package emailaddr validates and masks
// the addresses; it is apart so that the triggers that send nothing carry
// no AWS SDK.
package email
