// Command verify-auth-challenge is the Cognito verify auth challenge
// response trigger: it checks the user's answer against the sealed code
// and counts wrong answers.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/cognito-passwordless/passwordless-go/internal/startup/verifystart"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

func main() {
	log := lambdacontext.NewLogger()
	verify, err := verifystart.New(context.Background(), os.LookupEnv, log)
	if err != nil {
		trigger.Exit(log, err)
	}
	lambda.Start(verify.Handle)
}
