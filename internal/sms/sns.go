package sms

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/cognito-passwordless/passwordless-go/internal/awserr"
)

// Timeout bounds one Send, retries included, well inside Cognito's
// 5-second limit for a trigger.
const Timeout = 3 * time.Second

// maxAttempts is how often the SDK tries one Publish.
const maxAttempts = 2

// Publisher is the part of the SNS client that SNS uses.
type Publisher interface {
	Publish(ctx context.Context, in *sns.PublishInput, opts ...func(*sns.Options)) (*sns.PublishOutput, error)
}

// SNS sends each message as a Transactional SMS with SNS Publish.
type SNS struct {
	Client Publisher
	// SenderID is the alphanumeric sender id; empty leaves SNS's default.
	SenderID string
}

// NewSNS returns an SNS sender on the process's AWS configuration (the
// standard environment: AWS_REGION, AWS_ENDPOINT_URL_SNS, credentials,
// ...), trying each Publish at most maxAttempts times. It does no network
// I/O.
func NewSNS(cfg aws.Config, senderID string) *SNS {
	client := sns.NewFromConfig(cfg, func(o *sns.Options) { o.RetryMaxAttempts = maxAttempts })
	return &SNS{Client: client, SenderID: senderID}
}

// Send publishes text to the E.164 number to. A failure is a
// *PublishError, whose message names the kind of failure but never the
// number or the text.
func (s *SNS) Send(ctx context.Context, to, text string) error {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	attributes := map[string]types.MessageAttributeValue{
		"AWS.SNS.SMS.SMSType": {DataType: aws.String("String"), StringValue: aws.String("Transactional")},
	}
	if s.SenderID != "" {
		attributes["AWS.SNS.SMS.SenderID"] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(s.SenderID)}
	}
	_, err := s.Client.Publish(ctx, &sns.PublishInput{
		PhoneNumber:       aws.String(to),
		Message:           aws.String(text),
		MessageAttributes: attributes,
	})
	if err != nil {
		return &PublishError{cause: err}
	}
	return nil
}

// PublishError is a failed Publish. Its message says only Reason: the
// cause's own message may quote the number.
type PublishError struct{ cause error }

func (e *PublishError) Error() string { return "sms: publish failed: " + e.Reason() }
func (e *PublishError) Unwrap() error { return e.cause }

// Reason names the kind of failure: an SNS error code, "timeout" or "transport".
func (e *PublishError) Reason() string { return awserr.Reason(e.cause) }
