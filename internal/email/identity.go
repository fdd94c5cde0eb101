package email

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
)

// CreateIdentity creates the SES identity (an email address or a domain)
// with SES v2 CreateEmailIdentity; one that exists already is left as it
// is. It is for the stand-ins of SES that local mode and the tests send
// to, such as moto_server, which verify an identity at once so that
// SendEmail from it is accepted; in AWS an identity is verified by email
// or DNS, as docs/deploy.md says.
func CreateIdentity(ctx context.Context, client *sesv2.Client, identity string) error {
	_, err := client.CreateEmailIdentity(ctx, &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String(identity)})
	var exists *types.AlreadyExistsException
	if err != nil && !errors.As(err, &exists) {
		return fmt.Errorf("email: creating the identity %s: %w", identity, err)
	}
	return nil
}
