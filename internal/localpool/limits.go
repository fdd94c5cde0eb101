package localpool

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cognito-passwordless/passwordless-go/internal/dynamolimits"
	"github.com/cognito-passwordless/passwordless-go/internal/limitstable"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeydb"
)

// LimitsTable is the name of local mode's table of abuse-limit counters.
const LimitsTable = "passwordless-local-limits"

// startLimits gives the functions the tables they keep in DynamoDB (the
// abuse limits' counters, and the passkeys when credentialsTable is set), and
// returns their endpoint: the tables created at AWS_ENDPOINT_URL_DYNAMODB
// (such as moto_server) when that is set, else tables in memory (package
// limitstable) until Close. With LIMITS_TABLE set empty and passkeys off
// there is no table and no endpoint.
func (s *Server) startLimits(ctx context.Context, table, credentialsTable, region string) (string, error) {
	if table == "" && credentialsTable == "" {
		return "", nil
	}
	endpoint := os.Getenv("AWS_ENDPOINT_URL_DYNAMODB")
	if endpoint == "" {
		var err error
		if s.limitsTable, err = limitstable.Start(table, credentialsTable); err != nil {
			return "", err
		}
		return s.limitsTable.URL(), nil
	}
	client := dynamodb.New(dynamodb.Options{
		Region:       region,
		BaseEndpoint: aws.String(endpoint),
		// The same fake credentials as the triggers': a DynamoDB
		// stand-in on this machine checks none.
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", ""),
	})
	if table != "" {
		if err := dynamolimits.CreateTable(ctx, client, table); err != nil {
			return "", fmt.Errorf("localpool: the limits table at AWS_ENDPOINT_URL_DYNAMODB=%s: %w", endpoint, err)
		}
	}
	if credentialsTable != "" {
		if err := passkeydb.CreateTable(ctx, client, credentialsTable); err != nil {
			return "", fmt.Errorf("localpool: the credentials table at AWS_ENDPOINT_URL_DYNAMODB=%s: %w", endpoint, err)
		}
	}
	return endpoint, nil
}
