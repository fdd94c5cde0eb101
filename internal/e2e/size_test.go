package e2e

import (
	"context"
	"os"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/build"
	"github.com/cognito-passwordless/passwordless-go/internal/config"
)

// sizeLimit is each trigger's largest allowed linux/arm64 bootstrap, in
// bytes. Create and verify carry the AWS SDK's clients (SNS, DynamoDB).
var sizeLimit = map[string]int64{
	"pre-signup":            7_000_000,
	"define-auth-challenge": 7_000_000,
	"verify-auth-challenge": 11_000_000,
	"create-auth-challenge": 12_000_000,
}

// TestBinarySizes builds the deployed form of each trigger and checks its size.
func TestBinarySizes(t *testing.T) {
	ctx := context.Background()
	root, err := build.ModuleRoot(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := build.Commands(ctx, root, dir, build.Lambda, config.Triggers...); err != nil {
		t.Fatal(err)
	}
	for _, name := range config.Triggers {
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
