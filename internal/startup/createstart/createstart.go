// Package createstart builds the create auth challenge trigger from its
// environment when its Lambda process starts (package startup): the
// configuration, the key, the SMS and email senders, the abuse limiter and
// the credentials table when passkeys are on.
package createstart

import (
	"context"
	"log/slog"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/email"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
	"github.com/cognito-passwordless/passwordless-go/internal/sms"
	"github.com/cognito-passwordless/passwordless-go/internal/startup"
	"github.com/cognito-passwordless/passwordless-go/internal/startup/triggerstart"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

// New returns the create trigger of the environment that lookup reads.
func New(ctx context.Context, lookup config.Lookup, log *slog.Logger) (trigger.Create, error) {
	cfg, err := config.LoadCreate(lookup)
	if err != nil {
		return trigger.Create{}, err
	}
	shared, err := triggerstart.Load(ctx, cfg.Sealer, cfg.HashKeyID, cfg.Limits)
	if err != nil {
		return trigger.Create{}, err
	}
	cfg.Sealer = shared.Sealer
	var mailer trigger.Mailer // nil, not a nil *email.SES, when email is off
	if cfg.HasChannel(session.ChannelEmail) {
		mailer = email.NewSES(shared.AWS, cfg.Email.From, cfg.Email.ConfigurationSet)
	}
	create := trigger.NewCreate(cfg, sms.NewSNS(shared.AWS, cfg.SMSSenderID), mailer, shared.Limiter, log)
	rounds, err := startup.Passkeys(shared.DynamoDB, cfg.Passkeys)
	if err != nil {
		return trigger.Create{}, err
	}
	if rounds != nil { // a nil *passkeyround.Rounds would be a non-nil interface
		create.Passkeys = rounds
	}
	return create, nil
}
