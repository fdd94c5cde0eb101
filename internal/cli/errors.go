package cli

import (
	"context"
	"errors"
	"net"

	"github.com/aws/smithy-go"
)

// describe returns err as a person wants to read it: a Cognito error as its
// exception name and message (NotAuthorizedException: Incorrect username or
// password.), without the SDK's operation and request id wrapping.
func describe(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode() + ": " + apiErr.ErrorMessage()
	}
	if errors.Is(err, context.Canceled) {
		return "interrupted"
	}
	var netErr *net.OpError
	if errors.As(err, &netErr) {
		return "cannot reach the user pool: " + netErr.Error()
	}
	return err.Error()
}
