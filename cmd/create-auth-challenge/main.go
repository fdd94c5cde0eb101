// Command create-auth-challenge is the Cognito create auth challenge
// trigger: it makes the sign-in code and sends it by SMS, within the abuse
// limits.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/dynamolimits"
	"github.com/cognito-passwordless/passwordless-go/internal/sms"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

func main() {
	log := lambdacontext.NewLogger()
	cfg, err := config.LoadCreate(os.LookupEnv)
	if err != nil {
		trigger.Exit(log, err)
	}
	sender, err := sms.NewSNS(context.Background(), cfg.SMSSenderID)
	if err != nil {
		trigger.Exit(log, err)
	}
	limiter, err := dynamolimits.NewLimiter(context.Background(), cfg.Limits, cfg.Sealer)
	if err != nil {
		trigger.Exit(log, err)
	}
	lambda.Start(trigger.NewCreate(cfg, sender, limiter, log).Handle)
}
