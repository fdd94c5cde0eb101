// Command verify-auth-challenge is the Cognito verify auth challenge
// response trigger: it checks the user's answer against the sealed code
// and counts wrong answers.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/dynamolimits"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

func main() {
	log := lambdacontext.NewLogger()
	cfg, err := config.LoadVerify(os.LookupEnv)
	if err != nil {
		trigger.Exit(log, err)
	}
	limiter, err := dynamolimits.NewLimiter(context.Background(), cfg.Limits, cfg.Sealer)
	if err != nil {
		trigger.Exit(log, err)
	}
	lambda.Start(trigger.NewVerify(cfg, limiter, log).Handle)
}
