// Command create-auth-challenge is the Cognito create auth challenge
// trigger: it makes the sign-in code and sends it by SMS or email, within
// the abuse limits.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/dynamolimits"
	"github.com/cognito-passwordless/passwordless-go/internal/email"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
	"github.com/cognito-passwordless/passwordless-go/internal/sms"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

func main() {
	ctx, log := context.Background(), lambdacontext.NewLogger()
	cfg, err := config.LoadCreate(os.LookupEnv)
	if err != nil {
		trigger.Exit(log, err)
	}
	sender, err := sms.NewSNS(ctx, cfg.SMSSenderID)
	if err != nil {
		trigger.Exit(log, err)
	}
	var mailer trigger.Mailer // nil, not a nil *email.SES, when email is off
	if cfg.HasChannel(session.ChannelEmail) {
		if mailer, err = email.NewSES(ctx, cfg.Email.From, cfg.Email.ConfigurationSet); err != nil {
			trigger.Exit(log, err)
		}
	}
	limiter, err := dynamolimits.NewLimiter(ctx, cfg.Limits, cfg.Sealer)
	if err != nil {
		trigger.Exit(log, err)
	}
	lambda.Start(trigger.NewCreate(cfg, sender, mailer, limiter, log).Handle)
}
