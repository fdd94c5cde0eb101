package email_test

import (
	"context"
	"log"

	awsconfig "github.com/aws/aws-sdk-go-v2/config"

	"github.com/cognito-passwordless/passwordless-go/internal/email"
)

// The sender address must be an identity verified in SES; the region,
// credentials and endpoint come from the standard AWS SDK environment.
func ExampleSES_Send() {
	ctx := context.Background()
	cfg, err := awsconfig.LoadDefaultConfig(ctx) // once per process
	if err != nil {
		log.Fatal(err)
	}
	sender := email.NewSES(cfg, "codes@example.com", "passwordless")
	if err := sender.Send(ctx, "alice@example.org", "Your sign-in code", "Your code is 123456."); err != nil {
		log.Printf("sending the code: %v", err) // names only the reason, such as MessageRejected
	}
}
