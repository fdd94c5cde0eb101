// Command define-auth-challenge is the Cognito define auth challenge
// trigger: it decides each step of the sign-in.
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

func main() {
	log := lambdacontext.NewLogger()
	cfg, err := config.LoadDefine(os.LookupEnv)
	if err != nil {
		trigger.Exit(log, err)
	}
	lambda.Start(trigger.NewDefine(cfg, log).Handle)
}
