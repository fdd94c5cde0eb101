// Command create-auth-challenge is the Cognito create auth challenge
// trigger: it makes the sign-in code and sends it by SMS or email, within
// the abuse limits.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/cognito-passwordless/passwordless-go/internal/startup/createstart"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

func main() {
	log := lambdacontext.NewLogger()
	create, err := createstart.New(context.Background(), os.LookupEnv, log)
	if err != nil {
		trigger.Exit(log, err)
	}
	lambda.Start(create.Handle)
}
