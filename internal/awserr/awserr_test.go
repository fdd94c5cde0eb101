package awserr_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/cognito-passwordless/passwordless-go/internal/awserr"
)

func TestReason(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&smithy.GenericAPIError{Code: "ThrottlingException", Message: "+15555550123"}, "ThrottlingException"},
		{fmt.Errorf("publish: %w", &smithy.GenericAPIError{Code: "InvalidParameter"}), "InvalidParameter"},
		{fmt.Errorf("call: %w", context.DeadlineExceeded), "timeout"},
		{context.Canceled, "timeout"},
		{errors.New("dial tcp 127.0.0.1:1: connection refused"), "transport"},
	}
	for _, tt := range tests {
		if got := awserr.Reason(tt.err); got != tt.want {
			t.Errorf("Reason(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
