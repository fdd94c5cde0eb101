package dynamolimits

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/limits"
	"github.com/cognito-passwordless/passwordless-go/internal/otp"
)

// limiterKeyLabel names what the limiter's key, derived from the code-hash
// key, is for.
const limiterKeyLabel = "abuse limits"

// NewLimiter returns the limiter of a trigger's configuration: cfg's
// policy over cfg's table, through client (dynamoclient.New), its keys
// derived from the code-hash key that sealer holds. It returns nil, which
// limits nothing, when cfg is off (no table, or every limit 0). It does
// no network I/O.
func NewLimiter(client *dynamodb.Client, cfg config.Limits, sealer *otp.Sealer) (*limits.Limiter, error) {
	if !cfg.On() {
		return nil, nil
	}
	store := New(client, cfg.Table)
	return limits.New(limits.Options{Policy: cfg.Policy, Store: store, Key: sealer.Digest(limiterKeyLabel)})
}
