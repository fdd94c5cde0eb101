package localpool

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/cognito-passwordless/passwordless-go/internal/email"
	"github.com/cognito-passwordless/passwordless-go/internal/sesoutbox"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

// DefaultEmailFrom is the triggers' EMAIL_FROM in local mode: an address
// of a domain reserved for local use, which the email outbox never sends.
const DefaultEmailFrom = "no-reply@passwordless.local"

// ParseUsernameAttributes reads a pool's UsernameAttributes as
// --username-attributes gives them: "phone_number", "email", or both,
// comma-separated, in order of preference.
func ParseUsernameAttributes(s string) ([]string, error) {
	var out []string
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		switch {
		case name != attrPhoneNumber && name != attrEmail:
			return nil, fmt.Errorf("localpool: username attribute %q: want phone_number, email, phone_number,email or email,phone_number", name)
		case slices.Contains(out, name):
			return nil, fmt.Errorf("localpool: username attribute %s listed twice", name)
		}
		out = append(out, name)
	}
	return out, nil
}

// channelsOf returns the CHANNELS that send codes to the username
// attributes, in their order: sms for phone_number, email for email.
func channelsOf(usernameAttributes []string) string {
	channels := make([]string, len(usernameAttributes))
	for i, attr := range usernameAttributes {
		channels[i] = string(session.ChannelSMS)
		if attr == attrEmail {
			channels[i] = string(session.ChannelEmail)
		}
	}
	return strings.Join(channels, ",")
}

// startEmail gives the create trigger an SES v2 endpoint and returns it:
// the email outbox, which prints and keeps each email until Close, or
// AWS_ENDPOINT_URL_SESV2 when that is set (such as moto_server). There,
// when the pool sends codes by email, it makes sure the sender from is an
// email identity, as SES (and moto) need before they send from it.
func (s *Server) startEmail(ctx context.Context, out io.Writer, from, region string) (string, error) {
	endpoint := os.Getenv("AWS_ENDPOINT_URL_SESV2")
	if endpoint == "" {
		var err error
		if s.emailOutbox, err = sesoutbox.Start(out); err != nil {
			return "", err
		}
		return s.emailOutbox.URL(), nil
	}
	if !slices.Contains(s.channels, session.ChannelEmail) {
		return endpoint, nil
	}
	client := sesv2.New(sesv2.Options{
		Region:       region,
		BaseEndpoint: aws.String(endpoint),
		// The same fake credentials as the triggers': an SES stand-in on
		// this machine checks none.
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", ""),
	})
	if err := email.CreateIdentity(ctx, client, from); err != nil {
		return "", fmt.Errorf("localpool: at AWS_ENDPOINT_URL_SESV2=%s: %w", endpoint, err)
	}
	return endpoint, nil
}
