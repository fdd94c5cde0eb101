package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cognito-passwordless/passwordless-go/internal/build"
	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/motoserver"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeydb"
	"github.com/cognito-passwordless/passwordless-go/internal/samtemplate"
	"github.com/cognito-passwordless/passwordless-go/internal/testnet"
)

// rieModule is AWS's Lambda Runtime Interface Emulator, the one the SAM
// CLI's images run, at a pinned version; go install fetches it through the
// Go module proxy on first use.
const rieModule = "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@v0.0.0-20261030222936-bef5c4ba774d"

// dockerHost is where the env files point the AWS endpoints: the host
// machine as a SAM CLI container sees it, where moto listens.
const dockerHost = "host.docker.internal:5000"

// samLocalAWSEnv is what sam local invoke adds of its own: the region and,
// with no AWS credentials configured, its placeholder credentials.
var samLocalAWSEnv = []string{
	"AWS_SAM_LOCAL=true", "AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1",
	"AWS_ACCESS_KEY_ID=defaultkey", "AWS_SECRET_ACCESS_KEY=defaultsecret", "AWS_LAMBDA_LOG_FORMAT=JSON",
}

// sealPattern matches a seal wherever it stands (alone, or in challenge
// metadata after its cause and channel): its expiry and MAC depend on the
// time of the run.
var sealPattern = regexp.MustCompile(`v1\.[0-9]+\.[A-Za-z0-9_-]{43}`)

// passkeyChallengePattern matches the challenge in a passkey round's
// options (JSON within a JSON string): random on every run.
var passkeyChallengePattern = regexp.MustCompile(`\\"challenge\\":\\"[A-Za-z0-9_-]{43}\\"`)

// TestSampleEventsThroughSAMLocal runs every sample event as sam local
// invoke does with the env file beside it: the function's environment by
// SAM's rules (samtemplate.LocalEnvironment: declared variables only,
// parameters' defaults, the env file's overrides), the bootstrap under
// AWS's Lambda Runtime Interface Emulator, the event POSTed to it, and the
// answer compared with the .expected.json (seals normalised). The one
// stand-in is the network: the env files' host.docker.internal:5000 (the
// host as the SAM container sees it) is moto on a loopback port here, with
// the credentials table an env file names created in it, empty.
func TestSampleEventsThroughSAMLocal(t *testing.T) {
	tmpl, root := loadTemplate(t)
	rie := installRIE(t)
	moto := startMoto(t)
	if err := moto.CreateEmailIdentity(context.Background(), "no-reply@example.com"); err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, f := range samtemplate.AllFunctions() {
		for setting, events := range sampleEventsOf(t, root, f.Command) {
			envFile := filepath.Join(root, "events", "env.json")
			if setting != "" {
				envFile = filepath.Join(root, "events", "env."+setting+".json")
			}
			t.Run(f.Command+"/"+setting, func(t *testing.T) {
				env := localEnv(t, tmpl, f.LogicalID, envFile, moto)
				createCredentialsTable(t, env, moto)
				invoke := startRIE(t, rie, build.Bootstrap(binDir, f.Command), env)
				for _, event := range events {
					got := invoke(readFile(t, event))
					want := readJSON(t, strings.TrimSuffix(event, ".json")+".expected.json")
					if !reflect.DeepEqual(normalise(t, got), normalise(t, want)) {
						t.Errorf("%s:\n got %s\nwant %v", filepath.Base(event), got, want)
					}
					ran++
				}
			})
		}
	}
	if ran < 50 {
		t.Errorf("ran %d sample events, want every one (more than 50)", ran)
	}
}

// createCredentialsTable creates, in moto, the credentials table that env
// names, if it names one: an env file's table for sam local invoke, which
// the deployed stack's template would otherwise create.
func createCredentialsTable(t *testing.T, env []string, moto *motoserver.Server) {
	t.Helper()
	for _, kv := range env {
		if table, ok := strings.CutPrefix(kv, config.EnvCredentialsTable+"="); ok && table != "" {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if err := passkeydb.CreateTable(ctx, dynamodb.NewFromConfig(moto.Config()), table); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// loadTemplate reads template.yaml from the module's root.
func loadTemplate(t *testing.T) (*samtemplate.Template, string) {
	root, err := build.ModuleRoot(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := samtemplate.Read(filepath.Join(root, samtemplate.File))
	if err != nil {
		t.Fatal(err)
	}
	return tmpl, root
}

// sampleEventsOf returns command's sample events by setting: "" for
// events/<command>/*.json, <setting> for events/<command>/<setting>/*.json.
func sampleEventsOf(t *testing.T, root, command string) map[string][]string {
	out := map[string][]string{}
	for _, pattern := range []string{"*.json", filepath.Join("*", "*.json")} {
		files, err := filepath.Glob(filepath.Join(root, "events", command, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, ".expected.json") {
				continue
			}
			setting := filepath.Base(filepath.Dir(file))
			if setting == command {
				setting = ""
			}
			out[setting] = append(out[setting], file)
		}
	}
	return out
}

// localEnv is the environment sam local invoke gives the function with
// envFile, its local endpoints aimed at moto.
func localEnv(t *testing.T, tmpl *samtemplate.Template, logicalID, envFile string, moto *motoserver.Server) []string {
	file, err := samtemplate.ReadEnvFile(envFile)
	if err != nil {
		t.Fatal(err)
	}
	vars, err := tmpl.LocalEnvironment(logicalID, file)
	if err != nil {
		t.Fatal(err)
	}
	env := append([]string{"PATH=" + os.Getenv("PATH")}, samLocalAWSEnv...)
	env = append(env, "AWS_LAMBDA_FUNCTION_NAME="+logicalID)
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range vars {
			if !yield(k) {
				return
			}
		}
	}) {
		env = append(env, name+"="+strings.ReplaceAll(vars[name], "http://"+dockerHost, moto.URL))
	}
	return env
}

// installRIE builds the pinned emulator into a temporary directory.
func installRIE(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "install", rieModule)
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go install %s (the Go module proxy must be reachable on first use): %v\n%s", rieModule, err, out)
	}
	return filepath.Join(dir, "aws-lambda-rie")
}

// startRIE runs bootstrap under the emulator, with env, on free loopback
// ports, and returns a function that invokes it with an event and returns
// its answer: the handler's, or Lambda's error shape. The test's cleanup
// stops it.
func startRIE(t *testing.T, rie, bootstrap string, env []string) func(event []byte) []byte {
	t.Helper()
	addr, api := testnet.Refused(t), testnet.Refused(t)
	var logs bytes.Buffer
	cmd := exec.Command(rie, "--runtime-interface-emulator-address", addr, "--runtime-api-address", api, bootstrap)
	cmd.Env, cmd.Stdout, cmd.Stderr = env, &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("emulator and function output:\n%s", logs.String())
		}
	})
	waitForListener(t, addr)
	client := &http.Client{Timeout: 20 * time.Second}
	url := fmt.Sprintf("http://%s/2015-03-31/functions/function/invocations", addr)
	return func(event []byte) []byte {
		resp, err := client.Post(url, "application/json", bytes.NewReader(event))
		if err != nil {
			t.Fatalf("invoking through the emulator: %v", err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return body
	}
}

// waitForListener waits, at most 10 seconds, until addr accepts connections.
func waitForListener(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the emulator does not listen on %s: %v", addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// normalise decodes an answer (raw JSON, or one already decoded) with its
// seals replaced by a placeholder, and an error reduced to its message, as
// the .expected.json files hold it.
func normalise(t *testing.T, answer any) any {
	raw, ok := answer.([]byte)
	if !ok {
		var err error
		if raw, err = json.Marshal(answer); err != nil {
			t.Fatal(err)
		}
	}
	var v map[string]any
	raw = passkeyChallengePattern.ReplaceAll(sealPattern.ReplaceAll(raw, []byte("v1.SEAL")), []byte(`\"challenge\":\"CHALLENGE\"`))
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("answer %s: %v", raw, err)
	}
	if msg, isError := v["errorMessage"]; isError {
		return map[string]any{"errorMessage": msg}
	}
	return v
}
