// Package verifystart builds the verify auth challenge response trigger
// from its environment when its Lambda process starts (package startup):
// the configuration, the key, the abuse limiter and the credentials table
// when passkeys are on. It links no SNS or SES client.
package verifystart

import (
	"context"
	"log/slog"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/startup"
	"github.com/cognito-passwordless/passwordless-go/internal/startup/triggerstart"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

// New returns the verify trigger of the environment that lookup reads.
func New(ctx context.Context, lookup config.Lookup, log *slog.Logger) (trigger.Verify, error) {
	cfg, err := config.LoadVerify(lookup)
	if err != nil {
		return trigger.Verify{}, err
	}
	shared, err := triggerstart.Load(ctx, cfg.Sealer, cfg.HashKeyID, cfg.Limits)
	if err != nil {
		return trigger.Verify{}, err
	}
	cfg.Sealer = shared.Sealer
	verify := trigger.NewVerify(cfg, shared.Limiter, log)
	rounds, err := startup.Passkeys(shared.DynamoDB, cfg.Passkeys)
	if err != nil {
		return trigger.Verify{}, err
	}
	if rounds != nil { // a nil *passkeyround.Rounds would be a non-nil interface
		verify.Passkeys = rounds
	}
	return verify, nil
}
