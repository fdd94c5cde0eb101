// Command passkeys-api is the passkeys API behind API Gateway: a
// signed-in user registers, lists, renames and deletes passkeys.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/cognito-passwordless/passwordless-go/internal/startup/passkeysapistart"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

func main() {
	log := lambdacontext.NewLogger()
	api, err := passkeysapistart.New(context.Background(), os.LookupEnv, log)
	if err != nil {
		trigger.Exit(log, err)
	}
	lambda.Start(api.Handle)
}
