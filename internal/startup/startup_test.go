package startup_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/cognito-passwordless/passwordless-go/internal/startup"
)

// TestEmptyEndpointMeansAWS: the template declares the endpoint overrides
// empty (so that sam local invoke's env files can set them), and an empty
// AWS_ENDPOINT_URL_<SERVICE> must leave every client on AWS's own
// endpoint, while a set one points it elsewhere.
func TestEmptyEndpointMeansAWS(t *testing.T) {
	for _, name := range []string{"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SNS", "AWS_ENDPOINT_URL_SESV2", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_KMS"} {
		t.Setenv(name, "")
	}
	t.Setenv("AWS_REGION", "eu-west-1")
	cfg, err := startup.LoadAWS(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	resolved := map[string]string{}
	if e, err := sns.NewDefaultEndpointResolverV2().ResolveEndpoint(ctx, sns.EndpointParameters{Region: aws.String(cfg.Region), Endpoint: sns.NewFromConfig(cfg).Options().BaseEndpoint}); err == nil {
		resolved["sns"] = e.URI.String()
	}
	if e, err := sesv2.NewDefaultEndpointResolverV2().ResolveEndpoint(ctx, sesv2.EndpointParameters{Region: aws.String(cfg.Region), Endpoint: sesv2.NewFromConfig(cfg).Options().BaseEndpoint}); err == nil {
		resolved["sesv2"] = e.URI.String()
	}
	if e, err := dynamodb.NewDefaultEndpointResolverV2().ResolveEndpoint(ctx, dynamodb.EndpointParameters{Region: aws.String(cfg.Region), Endpoint: dynamodb.NewFromConfig(cfg).Options().BaseEndpoint}); err == nil {
		resolved["dynamodb"] = e.URI.String()
	}
	if e, err := kms.NewDefaultEndpointResolverV2().ResolveEndpoint(ctx, kms.EndpointParameters{Region: aws.String(cfg.Region), Endpoint: kms.NewFromConfig(cfg).Options().BaseEndpoint}); err == nil {
		resolved["kms"] = e.URI.String()
	}
	want := map[string]string{
		"sns": "https://sns.eu-west-1.amazonaws.com", "sesv2": "https://email.eu-west-1.amazonaws.com",
		"dynamodb": "https://dynamodb.eu-west-1.amazonaws.com", "kms": "https://kms.eu-west-1.amazonaws.com",
	}
	for service, url := range want {
		if resolved[service] != url {
			t.Errorf("%s with an empty override resolves to %q, want AWS's %q", service, resolved[service], url)
		}
	}

	t.Setenv("AWS_ENDPOINT_URL_SNS", "http://127.0.0.1:5000")
	cfg, err = startup.LoadAWS(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(sns.NewFromConfig(cfg).Options().BaseEndpoint); got != "http://127.0.0.1:5000" {
		t.Errorf("a set override gives the SNS client %q", got)
	}
}
