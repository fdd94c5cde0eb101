package e2e

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/build"
	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/lambdahost"
	"github.com/cognito-passwordless/passwordless-go/internal/limitstable"
	"github.com/cognito-passwordless/passwordless-go/internal/snsoutbox"
)

// coldStartRounds is how many cold starts of each binary are timed; the
// binaries take turns so that machine noise hits them alike.
const coldStartRounds = 60

// snsEndpoint is an SNS that answers Publish on loopback at once: create's
// first answer includes one Publish round trip.
func snsEndpoint(t testing.TB) string {
	outbox, err := snsoutbox.Start(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { outbox.Close() })
	return outbox.URL()
}

// limitsEndpoint is a limits table and a credentials table in memory on
// loopback, as deployed (AbuseProtection on, and Passkeys for the rounds
// that turn them on): create's and verify's first answers include their
// DynamoDB round trips.
func limitsEndpoint(t testing.TB) string {
	table, err := limitstable.Start("limits", "credentials")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { table.Close() })
	return table.URL()
}

// createWithKMS names create started as deployed, deriving its key from a
// KMS key (CODE_HASH_KEY_ID) at start: one kms:GenerateMac, here to moto.
const createWithKMS = "create-auth-challenge (key from KMS)"

// createPasskeyRound names create with passkeys on, making the first
// round: a passkey round, which reads the credentials table.
const createPasskeyRound = "create-auth-challenge (passkey round)"

// passkeyEnv turns passkeys on.
var passkeyEnv = []string{config.EnvCredentialsTable + "=credentials", config.EnvPasskeyRPID + "=example.com", config.EnvPasskeyOrigins + "=https://example.com"}

// coldStarts times, for each binary, process start to first answer through
// the Runtime API, coldStartRounds times; and create once more with its
// key from moto's KMS.
func coldStarts(t *testing.T) map[string][]time.Duration {
	sns, limits := snsEndpoint(t), limitsEndpoint(t)
	moto := startMoto(t)
	kmsEnv := []string{"CODE_HASH_KEY=", "CODE_HASH_KEY_ID=" + newHMACKey(t, moto), "AWS_ENDPOINT_URL_KMS=" + moto.URL}
	payload := func(name string) []byte {
		file := map[string]string{
			bare: "define-auth-challenge/first-round.json", "pre-signup": "pre-signup/valid-phone.json",
			"define-auth-challenge": "define-auth-challenge/first-round.json", "create-auth-challenge": "create-auth-challenge/first-round.json",
			"verify-auth-challenge": "verify-auth-challenge/right-answer.json", createWithKMS: "create-auth-challenge/first-round.json",
			createPasskeyRound: "create-auth-challenge/passkeys/first-round.json",
		}[name]
		raw, err := os.ReadFile(filepath.Join(eventsDir, file))
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	names := []string{bare, "pre-signup", "define-auth-challenge", "verify-auth-challenge", "create-auth-challenge", createWithKMS, createPasskeyRound}
	times := map[string][]time.Duration{}
	for range coldStartRounds {
		for _, name := range names {
			command, extra := name, []string(nil)
			switch name {
			case createWithKMS:
				command, extra = "create-auth-challenge", kmsEnv
			case createPasskeyRound:
				command, extra = "create-auth-challenge", passkeyEnv
			}
			env := triggerEnv(command, "AWS_ENDPOINT_URL_SNS="+sns, "AWS_ENDPOINT_URL_DYNAMODB="+limits,
				config.EnvLimitsTable+"=limits", "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing",
				// Every round sends to the sample's number: limits above the rounds.
				config.EnvSMSPerNumberPer15Minutes+"=1000", config.EnvSMSPerNumberPerDay+"=1000", config.EnvSMSPerPoolPerHour+"=1000")
			env = append(env, extra...)
			in := payload(name)
			began := time.Now()
			f, err := lambdahost.Start(lambdahost.Options{Name: command, Path: build.Bootstrap(binDir, command), Env: env})
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.Invoke(context.Background(), in)
			elapsed := time.Since(began)
			f.Close()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			times[name] = append(times[name], elapsed)
		}
	}
	return times
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

// TestColdStart reports each trigger's median cold start as a multiple
// of the bare aws-lambda-go floor (go test -v -run TestColdStart, or make
// coldstart). It asserts nothing on the timings: a ratio measured on a
// shared machine varies from run to run, so it would fail by chance. What
// must never regress is guarded deterministically instead: what each
// binary links (TestTriggersLinkOnlyTheirClients) and its size (TestBinarySizes).
func TestColdStart(t *testing.T) {
	times := coldStarts(t)
	floor := median(times[bare])
	t.Logf("%-24s median %v", bare, floor)
	for _, name := range slices.Sorted(maps.Keys(times)) {
		if name == bare {
			continue
		}
		m := median(times[name])
		t.Logf("%-24s median %v = %.2fx the floor", name, m, float64(m)/float64(floor))
	}
	t.Logf("the key from KMS adds %v to create's median cold start", median(times[createWithKMS])-median(times["create-auth-challenge"]))
}
