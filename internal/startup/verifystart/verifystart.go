// Package verifystart builds the verify auth challenge response trigger
// from its environment when its Lambda process starts (package startup):
// the configuration, the key and the abuse limiter. It links no SNS or SES
// client.
package verifystart

import (
	"context"
	"log/slog"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/dynamolimits"
	"github.com/cognito-passwordless/passwordless-go/internal/startup"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

// New returns the verify trigger of the environment that lookup reads.
func New(ctx context.Context, lookup config.Lookup, log *slog.Logger) (trigger.Verify, error) {
	cfg, err := config.LoadVerify(lookup)
	if err != nil {
		return trigger.Verify{}, err
	}
	awsCfg, err := startup.LoadAWS(ctx)
	if err != nil {
		return trigger.Verify{}, err
	}
	if cfg.Sealer, err = startup.Sealer(ctx, awsCfg, cfg.Sealer, cfg.HashKeyID); err != nil {
		return trigger.Verify{}, err
	}
	limiter, err := dynamolimits.NewLimiter(awsCfg, cfg.Limits, cfg.Sealer)
	if err != nil {
		return trigger.Verify{}, err
	}
	return trigger.NewVerify(cfg, limiter, log), nil
}
