package startup

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/dynamolimits"
	"github.com/cognito-passwordless/passwordless-go/internal/email"
	"github.com/cognito-passwordless/passwordless-go/internal/hashkey"
	"github.com/cognito-passwordless/passwordless-go/internal/otp"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
	"github.com/cognito-passwordless/passwordless-go/internal/sms"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

// Create returns the create trigger of the environment that lookup reads.
func Create(ctx context.Context, lookup config.Lookup, log *slog.Logger) (trigger.Create, error) {
	cfg, err := config.LoadCreate(lookup)
	if err != nil {
		return trigger.Create{}, err
	}
	awsCfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		return trigger.Create{}, fmt.Errorf("startup: AWS configuration: %w", err)
	}
	if cfg.Sealer, err = sealer(ctx, awsCfg, cfg.Sealer, cfg.HashKeyID); err != nil {
		return trigger.Create{}, err
	}
	var mailer trigger.Mailer // nil, not a nil *email.SES, when email is off
	if cfg.HasChannel(session.ChannelEmail) {
		mailer = email.NewSES(awsCfg, cfg.Email.From, cfg.Email.ConfigurationSet)
	}
	limiter, err := dynamolimits.NewLimiter(awsCfg, cfg.Limits, cfg.Sealer)
	if err != nil {
		return trigger.Create{}, err
	}
	return trigger.NewCreate(cfg, sms.NewSNS(awsCfg, cfg.SMSSenderID), mailer, limiter, log), nil
}

// Verify returns the verify trigger of the environment that lookup reads.
func Verify(ctx context.Context, lookup config.Lookup, log *slog.Logger) (trigger.Verify, error) {
	cfg, err := config.LoadVerify(lookup)
	if err != nil {
		return trigger.Verify{}, err
	}
	awsCfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		return trigger.Verify{}, fmt.Errorf("startup: AWS configuration: %w", err)
	}
	if cfg.Sealer, err = sealer(ctx, awsCfg, cfg.Sealer, cfg.HashKeyID); err != nil {
		return trigger.Verify{}, err
	}
	limiter, err := dynamolimits.NewLimiter(awsCfg, cfg.Limits, cfg.Sealer)
	if err != nil {
		return trigger.Verify{}, err
	}
	return trigger.NewVerify(cfg, limiter, log), nil
}

// sealer returns given, the sealer of CODE_HASH_KEY, or, when keyID names
// a KMS key (CODE_HASH_KEY_ID), one of the key derived from it.
func sealer(ctx context.Context, awsCfg aws.Config, given *otp.Sealer, keyID string) (*otp.Sealer, error) {
	if keyID == "" {
		return given, nil
	}
	key, err := hashkey.Derive(ctx, hashkey.NewClient(awsCfg), keyID)
	if err != nil {
		return nil, err
	}
	return otp.NewSealer(key)
}
