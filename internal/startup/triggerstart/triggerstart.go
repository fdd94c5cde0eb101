// Package triggerstart holds what the create and verify triggers share
// when a Lambda process starts: the process's AWS configuration
// (startup.LoadAWS), the code-hash key (given, or derived from KMS) and
// the abuse limiter. Packages createstart and verifystart build each
// trigger with it. It is apart from package startup so that the passkeys
// API, which needs no key, links no KMS client.
package triggerstart

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/dynamoclient"
	"github.com/cognito-passwordless/passwordless-go/internal/dynamolimits"
	"github.com/cognito-passwordless/passwordless-go/internal/hashkey"
	"github.com/cognito-passwordless/passwordless-go/internal/limits"
	"github.com/cognito-passwordless/passwordless-go/internal/otp"
	"github.com/cognito-passwordless/passwordless-go/internal/startup"
)

// Shared is what create and verify both build at start.
type Shared struct {
	// AWS is the process's one AWS configuration.
	AWS aws.Config
	// Sealer seals codes under the code-hash key.
	Sealer *otp.Sealer
	// DynamoDB is the process's one DynamoDB client (dynamoclient.New),
	// for the limits' counters and the passkeys alike: one connection pool.
	DynamoDB *dynamodb.Client
	// Limiter applies the abuse limits; nil when they are off.
	Limiter *limits.Limiter
}

// Load builds what create and verify share from their configuration: the
// AWS configuration (startup.LoadAWS), the sealer of the given key or of the one
// derived from the KMS key keyID, the DynamoDB client, and the limiter of
// cfg on them.
func Load(ctx context.Context, given *otp.Sealer, keyID string, cfg config.Limits) (Shared, error) {
	awsCfg, err := startup.LoadAWS(ctx)
	if err != nil {
		return Shared{}, err
	}
	s, err := sealer(ctx, awsCfg, given, keyID)
	if err != nil {
		return Shared{}, err
	}
	client := dynamoclient.New(awsCfg)
	limiter, err := dynamolimits.NewLimiter(client, cfg, s)
	if err != nil {
		return Shared{}, err
	}
	return Shared{AWS: awsCfg, Sealer: s, DynamoDB: client, Limiter: limiter}, nil
}

// sealer returns given, the sealer of CODE_HASH_KEY, or, when keyID names
// a KMS key (CODE_HASH_KEY_ID), one of the key derived from it with one
// kms:GenerateMac (package hashkey).
func sealer(ctx context.Context, awsCfg aws.Config, given *otp.Sealer, keyID string) (*otp.Sealer, error) {
	if keyID == "" {
		return given, nil
	}
	key, err := hashkey.Derive(ctx, hashkey.NewClient(awsCfg), keyID)
	if err != nil {
		return nil, err
	}
	return otp.NewSealer(key)
}
