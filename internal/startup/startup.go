package startup

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"

	"github.com/cognito-passwordless/passwordless-go/internal/hashkey"
	"github.com/cognito-passwordless/passwordless-go/internal/otp"
)

// LoadAWS loads the process's one AWS configuration from the standard
// environment (AWS_REGION, credentials, AWS_ENDPOINT_URL_<SERVICE>, where
// an empty value means AWS's own endpoint). It does no network I/O.
func LoadAWS(ctx context.Context) (aws.Config, error) {
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		return cfg, fmt.Errorf("startup: AWS configuration: %w", err)
	}
	return cfg, nil
}

// Sealer returns given, the sealer of CODE_HASH_KEY, or, when keyID names
// a KMS key (CODE_HASH_KEY_ID), one of the key derived from it with one
// kms:GenerateMac (package hashkey).
func Sealer(ctx context.Context, awsCfg aws.Config, given *otp.Sealer, keyID string) (*otp.Sealer, error) {
	if keyID == "" {
		return given, nil
	}
	key, err := hashkey.Derive(ctx, hashkey.NewClient(awsCfg), keyID)
	if err != nil {
		return nil, err
	}
	return otp.NewSealer(key)
}
