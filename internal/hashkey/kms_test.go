package hashkey_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/cognito-passwordless/passwordless-go/internal/hashkey"
	"github.com/cognito-passwordless/passwordless-go/internal/motoserver"
	"github.com/cognito-passwordless/passwordless-go/internal/testnet"
)

// moto is the moto_server every test shares, serving KMS's GenerateMac.
var moto *motoserver.Server

func TestMain(m *testing.M) {
	os.Exit(motoserver.RunTests(m, &moto))
}

func testContext(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// newHMACKey makes a KMS key as the template's CodeHashKey: HMAC_256, for
// GenerateMac and VerifyMac.
func newHMACKey(t *testing.T, client *kms.Client) string {
	t.Helper()
	out, err := client.CreateKey(testContext(t), &kms.CreateKeyInput{KeySpec: types.KeySpecHmac256, KeyUsage: types.KeyUsageTypeGenerateVerifyMac})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(out.KeyMetadata.Arn)
}

// TestDeriveIsStableAndPerKey: the derived key is the same on every start
// (so a code sealed by create verifies in verify, another process), 32
// bytes, and another KMS key gives another.
func TestDeriveIsStableAndPerKey(t *testing.T) {
	client := hashkey.NewClient(moto.Config())
	first, second := newHMACKey(t, client), newHMACKey(t, client)
	a, err := hashkey.Derive(testContext(t), client, first)
	if err != nil {
		t.Fatal(err)
	}
	again, err := hashkey.Derive(testContext(t), client, first)
	if err != nil {
		t.Fatal(err)
	}
	other, err := hashkey.Derive(testContext(t), client, second)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != 32 || !bytes.Equal(a, again) || bytes.Equal(a, other) {
		t.Errorf("derived %x, again %x, from another key %x: want 32 bytes, stable, per key", a, again, other)
	}
	// The MAC is KMS's own: VerifyMac of the label accepts it.
	v, err := client.VerifyMac(testContext(t), &kms.VerifyMacInput{KeyId: aws.String(first), Mac: a,
		MacAlgorithm: types.MacAlgorithmSpecHmacSha256, Message: []byte(hashkey.Label)})
	if err != nil || !v.MacValid {
		t.Errorf("VerifyMac of the derived key: %+v, %v", v, err)
	}
}

// TestDeriveFailsClearly: an unknown key, or KMS out of reach, fails the
// start with the kind of failure, within Timeout, naming no key.
func TestDeriveFailsClearly(t *testing.T) {
	const keyID = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000"
	_, err := hashkey.Derive(testContext(t), hashkey.NewClient(moto.Config()), keyID)
	if err == nil || strings.Contains(err.Error(), keyID) || !strings.Contains(err.Error(), "NotFoundException") {
		t.Errorf("an unknown key: %v; want NotFoundException, without the key's id", err)
	}
	for name, endpoint := range testnet.Unreachable(t) {
		t.Run(name, func(t *testing.T) {
			cfg := moto.Config()
			cfg.BaseEndpoint = aws.String("http://" + endpoint)
			start := time.Now()
			_, err := hashkey.Derive(context.Background(), hashkey.NewClient(cfg), keyID)
			if elapsed := time.Since(start); err == nil || elapsed > hashkey.Timeout+time.Second {
				t.Errorf("KMS unreachable: %v after %v; want an error within %v", err, elapsed, hashkey.Timeout)
			}
			if !strings.Contains(err.Error(), "timeout") && !strings.Contains(err.Error(), "transport") {
				t.Errorf("error %q names no kind of failure", err)
			}
		})
	}
}

// fixedMAC is a MACGenerator that answers a MAC of the wrong length.
type fixedMAC []byte

func (f fixedMAC) GenerateMac(context.Context, *kms.GenerateMacInput, ...func(*kms.Options)) (*kms.GenerateMacOutput, error) {
	return &kms.GenerateMacOutput{Mac: f}, nil
}

// TestDeriveRefusesAShortMAC: a key that is not HMAC_256 (or a stand-in
// that answers otherwise) gives no key shorter than the seals need.
func TestDeriveRefusesAShortMAC(t *testing.T) {
	if _, err := hashkey.Derive(context.Background(), fixedMAC(make([]byte, 16)), "k"); err == nil {
		t.Error("a 16-byte MAC was taken as the key")
	}
}
