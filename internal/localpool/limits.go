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
)

// LimitsTable is the name of local mode's table of abuse-limit counters.
const LimitsTable = "passwordless-local-limits"

// startLimits gives the triggers the table their abuse limits count in,
// and returns its DynamoDB endpoint: the table created at
// AWS_ENDPOINT_URL_DYNAMODB (such as moto_server) when that is set, else a
// table in memory (package limitstable) until Close. With LIMITS_TABLE set
// empty the counters are off and there is no endpoint.
func (s *Server) startLimits(ctx context.Context, table, region string) (string, error) {
	if table == "" {
		return "", nil
	}
	endpoint := os.Getenv("AWS_ENDPOINT_URL_DYNAMODB")
	if endpoint == "" {
		var err error
		if s.limitsTable, err = limitstable.Start(table); err != nil {
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
	if err := dynamolimits.CreateTable(ctx, client, table); err != nil {
		return "", fmt.Errorf("localpool: the limits table at AWS_ENDPOINT_URL_DYNAMODB=%s: %w", endpoint, err)
	}
	return endpoint, nil
}
