package startup

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
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
