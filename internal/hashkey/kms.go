package hashkey

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/cognito-passwordless/passwordless-go/internal/awserr"
)

// Label is the message whose MAC under the KMS key is the code-hash key.
// Changing it changes every derived key, as replacing the KMS key does.
const Label = "passwordless-go code-hash key v1"

// Timeout bounds the one GenerateMac call, retries included, so that a
// cold start that cannot reach KMS fails well inside Cognito's 5 seconds.
const Timeout = 2 * time.Second

// maxAttempts is how often the SDK tries the GenerateMac call.
const maxAttempts = 2

// MACGenerator is the part of the KMS client that Derive uses.
type MACGenerator interface {
	GenerateMac(ctx context.Context, in *kms.GenerateMacInput, opts ...func(*kms.Options)) (*kms.GenerateMacOutput, error)
}

// NewClient returns a KMS client on the process's AWS configuration (the
// standard environment: AWS_REGION, AWS_ENDPOINT_URL_KMS, credentials,
// ...). It does no network I/O.
func NewClient(cfg aws.Config) *kms.Client {
	return kms.NewFromConfig(cfg, func(o *kms.Options) { o.RetryMaxAttempts = maxAttempts })
}

// Derive returns the code-hash key: the HMAC-SHA-256 of Label under the
// KMS key keyID (an id, an ARN or an alias), 32 bytes. Its error names the
// kind of failure (awserr.Reason), never the key.
func Derive(ctx context.Context, client MACGenerator, keyID string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	out, err := client.GenerateMac(ctx, &kms.GenerateMacInput{
		KeyId:        aws.String(keyID),
		MacAlgorithm: types.MacAlgorithmSpecHmacSha256,
		Message:      []byte(Label),
	})
	if err != nil {
		return nil, fmt.Errorf("hashkey: deriving the code-hash key with kms:GenerateMac: %s", awserr.Reason(err))
	}
	if len(out.Mac) != 32 {
		return nil, fmt.Errorf("hashkey: kms:GenerateMac answered %d bytes, want 32 (HMAC_SHA_256)", len(out.Mac))
	}
	return out.Mac, nil
}
