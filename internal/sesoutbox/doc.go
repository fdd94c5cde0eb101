// Package sesoutbox stands in for Amazon SES v2 on loopback: it serves the
// SendEmail operation (POST /v2/email/outbound-emails, REST-JSON) that
// aws-sdk-go-v2's SES v2 client sends, and instead of sending each email it
// keeps it and prints it.
//
// Local mode points the create trigger's AWS_ENDPOINT_URL_SESV2 at it, next
// to package snsoutbox for SMS.
package sesoutbox
