package e2e

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/build"
)

// sizeLimit is each function's largest allowed linux/arm64 bootstrap, in
// bytes, about 15% above its size when measured (go1.26, make build's
// flags, Dec 2026). Create and verify carry the AWS SDK's clients (SNS,
// SES, DynamoDB, KMS) and, for passkey rounds, the WebAuthn verification
// (go-webauthn): create 13,041,826 bytes and verify 12,255,394, up from
// 11,075,746 and 10,223,778 without passkeys. The passkeys API carries
// DynamoDB's and Cognito's clients (GetUser, to confirm each change's
// access token) and the WebAuthn verification: 12,255,394 bytes, up from
// 11,862,178 without Cognito's. Pre sign-up and define link neither.
var sizeLimit = map[string]int64{
	"pre-signup":            7_000_000,
	"define-auth-challenge": 7_000_000,
	"verify-auth-challenge": 14_100_000,
	"create-auth-challenge": 15_000_000,
	"passkeys-api":          14_100_000,
}

// TestBinarySizes builds the deployed form of each function (the triggers
// and the passkeys API) and checks its size.
func TestBinarySizes(t *testing.T) {
	ctx := context.Background()
	root, err := build.ModuleRoot(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := build.Commands(ctx, root, dir, build.Lambda, build.Functions...); err != nil {
		t.Fatal(err)
	}
	for _, name := range build.Functions {
		if sizeLimit[name] == 0 {
			t.Errorf("%s has no size limit: measure it and add one", name)
			continue
		}
		info, err := os.Stat(build.Bootstrap(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-24s %5.2f MB (limit %.0f MB)", name, float64(info.Size())/1e6, float64(sizeLimit[name])/1e6)
		if info.Size() > sizeLimit[name] {
			t.Errorf("%s is %d bytes, limit %d", name, info.Size(), sizeLimit[name])
		}
	}
}

// linkedServices are the AWS service clients each function may link: the
// services it calls, and those the SDK's configuration loads for
// credentials (sso, ssooidc, sts, signin). Pre sign-up and define call no
// AWS service and link no AWS SDK at all: one stray import would slow
// every cold start, and each client's package initialisation costs create
// and verify too (docs/performance.md). The passkeys API calls DynamoDB,
// and Cognito's GetUser to confirm each change's access token: no
// code-hash key, so no KMS.
var linkedServices = map[string][]string{
	"pre-signup":            nil,
	"define-auth-challenge": nil,
	"verify-auth-challenge": {"dynamodb", "kms"},
	"create-auth-challenge": {"dynamodb", "kms", "sesv2", "sns"},
	"passkeys-api":          {"cognitoidentityprovider", "dynamodb"},
}

// configServices are the clients aws-sdk-go-v2/config links for credentials.
var configServices = []string{"signin", "sso", "ssooidc", "sts"}

// TestTriggersLinkOnlyTheirClients lists, with go list -deps, what each
// function links as deployed (GOOS=linux GOARCH=arm64, the lambda.norpc
// tag): pre sign-up and define no aws-sdk-go-v2 or smithy-go package,
// create, verify and the passkeys API only the service clients they call.
func TestTriggersLinkOnlyTheirClients(t *testing.T) {
	root, err := build.ModuleRoot(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range build.Functions {
		if _, ok := linkedServices[name]; !ok {
			t.Errorf("%s has no linkedServices entry", name)
		}
	}
	for name, allowed := range linkedServices {
		cmd := exec.Command("go", "list", "-deps", "-tags", "lambda.norpc", "./cmd/"+name)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list -deps ./cmd/%s: %v", name, err)
		}
		deps := strings.Fields(string(out))
		if len(deps) < 10 || !slices.Contains(deps, "github.com/aws/aws-lambda-go/lambda") {
			t.Fatalf("go list -deps ./cmd/%s listed %d packages without aws-lambda-go: not the trigger's deps", name, len(deps))
		}
		var services []string
		for _, dep := range deps {
			sdk := strings.HasPrefix(dep, "github.com/aws/aws-sdk-go-v2") || strings.HasPrefix(dep, "github.com/aws/smithy-go")
			if sdk && allowed == nil {
				t.Errorf("%s links %s: it must call no AWS SDK", name, dep)
			}
			if service, ok := strings.CutPrefix(dep, "github.com/aws/aws-sdk-go-v2/service/"); ok && !strings.Contains(service, "/") && service != "internal" {
				services = append(services, service)
			}
		}
		if allowed == nil {
			continue
		}
		want := slices.Sorted(slices.Values(append(slices.Clone(allowed), configServices...)))
		if slices.Sort(services); !slices.Equal(services, want) {
			t.Errorf("%s links the service clients %v, want %v", name, services, want)
		}
	}
}
