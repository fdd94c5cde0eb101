package email

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"

	"github.com/cognito-passwordless/passwordless-go/internal/awserr"
)

// Timeout bounds one Send, retries included, well inside Cognito's
// 5-second limit for a trigger.
const Timeout = 3 * time.Second

// maxAttempts is how often the SDK tries one SendEmail.
const maxAttempts = 2

// charset is the character set of the subject and the body.
const charset = "UTF-8"

// Client is the part of the SES v2 client that SES uses.
type Client interface {
	SendEmail(ctx context.Context, in *sesv2.SendEmailInput, opts ...func(*sesv2.Options)) (*sesv2.SendEmailOutput, error)
}

// SES sends each message as a plain-text email with SES v2 SendEmail.
type SES struct {
	Client Client
	// From is the sender address, an identity verified in SES.
	From string
	// ConfigurationSet is the SES configuration set; empty uses none (or
	// the identity's default).
	ConfigurationSet string
}

// NewSES returns an SES sender on the process's AWS configuration (the
// standard environment: AWS_REGION, AWS_ENDPOINT_URL_SESV2, credentials,
// ...), trying each SendEmail at most maxAttempts times. It does no
// network I/O.
func NewSES(cfg aws.Config, from, configurationSet string) *SES {
	client := sesv2.NewFromConfig(cfg, func(o *sesv2.Options) { o.RetryMaxAttempts = maxAttempts })
	return &SES{Client: client, From: from, ConfigurationSet: configurationSet}
}

// Send emails subject and the plain-text body to the address to. A failure
// is a *SendError, whose message names the kind of failure but never the
// address, the subject or the body.
func (s *SES) Send(ctx context.Context, to, subject, body string) error {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	in := &sesv2.SendEmailInput{
		FromEmailAddress: aws.String(s.From),
		Destination:      &types.Destination{ToAddresses: []string{to}},
		Content: &types.EmailContent{Simple: &types.Message{
			Subject: &types.Content{Data: aws.String(subject), Charset: aws.String(charset)},
			Body:    &types.Body{Text: &types.Content{Data: aws.String(body), Charset: aws.String(charset)}},
		}},
	}
	if s.ConfigurationSet != "" {
		in.ConfigurationSetName = aws.String(s.ConfigurationSet)
	}
	if _, err := s.Client.SendEmail(ctx, in); err != nil {
		return &SendError{cause: err}
	}
	return nil
}

// SendError is a failed SendEmail. Its message says only Reason: the
// cause's own message may quote an address.
type SendError struct{ cause error }

func (e *SendError) Error() string { return "email: send failed: " + e.Reason() }
func (e *SendError) Unwrap() error { return e.cause }

// Reason names the kind of failure: an SES error code (such as
// MessageRejected), "timeout" or "transport".
func (e *SendError) Reason() string { return awserr.Reason(e.cause) }
