// Command pre-signup is the Cognito pre sign-up trigger: it confirms new
// users whose phone number is valid and in an allowed country.
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
	cfg, err := config.LoadPreSignUp(os.LookupEnv)
	if err != nil {
		trigger.Exit(log, err)
	}
	lambda.Start(trigger.PreSignUp{Config: cfg, Log: log}.Handle)
}
