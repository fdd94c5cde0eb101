// Command passwordless runs a local Cognito user pool with the sign-in
// triggers, and signs up and signs in phone numbers against it or against a
// deployed pool. Run "passwordless help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/cognito-passwordless/passwordless-go/internal/cli"
)

func main() {
	// Ctrl-C and a stop from a supervisor cancel the context, so that local
	// mode and the demo stop their trigger processes before exiting.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
