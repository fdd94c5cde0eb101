// Command pre-signup is the Cognito pre sign-up trigger: it confirms new
// users whose phone number is valid.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

func main() {
	lambda.Start(trigger.PreSignUp{Log: lambdacontext.NewLogger()}.Handle)
}
