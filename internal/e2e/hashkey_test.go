package e2e

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/cognito-passwordless/passwordless-go/internal/lambdahost"
	"github.com/cognito-passwordless/passwordless-go/internal/motoserver"
)

// newHMACKey makes, in moto's KMS, a key as the template's CodeHashKey.
func newHMACKey(t *testing.T, moto *motoserver.Server) string {
	t.Helper()
	out, err := kms.NewFromConfig(moto.Config()).CreateKey(context.Background(), &kms.CreateKeyInput{
		KeySpec: types.KeySpecHmac256, KeyUsage: types.KeyUsageTypeGenerateVerifyMac,
	})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(out.KeyMetadata.Arn)
}

// TestKeyFromKMS signs in through the binaries as deployed: create and
// verify get no key, only CODE_HASH_KEY_ID, and each derives the key from
// KMS at start (moto's GenerateMac). The code create seals, in its
// process, verifies in verify's; the seal is not the one the sample key
// would make, and no log line holds the key's id.
func TestKeyFromKMS(t *testing.T) {
	moto := startMoto(t)
	keyID := newHMACKey(t, moto)
	env := append(moto.Env(), "CODE_HASH_KEY=", "CODE_HASH_KEY_ID="+keyID)
	fl := startFlow(t, env...)
	s := fl.begin(t, smsUser)
	code := smsCode(t, moto, number, 1)
	if correct, err := s.respond(t, code, nil); !correct || err != nil || !s.defined.IssueTokens {
		t.Fatalf("the SMS code with the KMS-derived key (%v, %v): define %+v, want tokens", correct, err, s.defined)
	}
	withSampleKey := startFlow(t, moto.Env()...)
	if wrong := withSampleKey.verifyEntry(t, smsUser, s.created, code, nil); wrong.ChallengeResult {
		t.Error("the sample key's verify took a seal of the KMS-derived key")
	}
	for _, line := range fl.stoppedLogs() {
		if strings.Contains(line, keyID) || strings.Contains(line, code) {
			t.Errorf("log line %q holds the key's id or the code", line)
		}
	}
}

// TestKeyFromKMSFailsTheStart: a KMS key that does not exist, or both ways
// of giving the key, stop create and verify before their first answer,
// with an error that says why and names no key.
func TestKeyFromKMSFailsTheStart(t *testing.T) {
	moto := startMoto(t)
	missing := "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000"
	tests := []struct {
		name string
		env  []string
		want string
	}{
		{"no such key", []string{"CODE_HASH_KEY=", "CODE_HASH_KEY_ID=" + missing}, "kms:GenerateMac: NotFoundException"},
		{"both", []string{"CODE_HASH_KEY_ID=" + missing}, "CODE_HASH_KEY and CODE_HASH_KEY_ID are both set"},
	}
	for _, command := range []string{"create-auth-challenge", "verify-auth-challenge"} {
		for _, tt := range tests {
			t.Run(command+"/"+tt.name, func(t *testing.T) {
				logs := &logBuffer{}
				f := start(t, command, logs, triggerEnv(command, append(moto.Env(), tt.env...)...)...)
				_, err := f.Invoke(context.Background(), []byte(`{}`))
				var fe *lambdahost.FunctionError
				if !errors.As(err, &fe) || fe.Type != "Runtime.ExitError" {
					t.Fatalf("error %v, want the process to exit", err)
				}
				all := strings.Join(logs.Lines(), "\n")
				if !strings.Contains(all, tt.want) || strings.Contains(all, missing) || strings.Contains(all, sampleKey) {
					t.Errorf("logs %q: want %q, and no key", all, tt.want)
				}
			})
		}
	}
}
