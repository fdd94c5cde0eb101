// Package awserr names the kind of an AWS SDK call's failure for logs and
// metrics, without its message, which may quote what was sent (a phone
// number, a key).
package awserr

import (
	"context"
	"errors"

	"github.com/aws/smithy-go"
)

// Reason is the service's error code (such as ThrottlingException or
// ResourceNotFoundException) when the service answered, "timeout" when the
// call ran out of time or was cancelled, and "transport" otherwise.
func Reason(err error) string {
	var apiErr smithy.APIError
	switch {
	case errors.As(err, &apiErr):
		return apiErr.ErrorCode()
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return "timeout"
	default:
		return "transport"
	}
}
