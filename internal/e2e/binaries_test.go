package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/limitstable"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/lambdahost"
	"github.com/cognito-passwordless/passwordless-go/internal/samtemplate"
)

// TestBinariesAnswerSampleEvents sends every sample event of the
// deterministic triggers through its binary and compares the answer with
// the expected answer beside it. (Create's answers depend on randomness and
// time; TestSignInThroughSNS covers its binary.) The events of
// events/<trigger>/<setting>/ go to a binary started with the variables of
// events/env.<setting>.json on top.
func TestBinariesAnswerSampleEvents(t *testing.T) {
	for _, name := range []string{"pre-signup", "define-auth-challenge", "verify-auth-challenge"} {
		t.Run(name, func(t *testing.T) {
			files, _ := filepath.Glob(filepath.Join(eventsDir, name, "*.json"))
			if len(files) < 6 {
				t.Fatalf("%d files for %s, want events with expected answers", len(files), name)
			}
			answerSampleEvents(t, start(t, name, nil, triggerEnv(name)...), files)
			entries, _ := os.ReadDir(filepath.Join(eventsDir, name))
			for _, e := range entries {
				if !e.IsDir() {
					continue
				}
				setting := e.Name()
				t.Run(setting, func(t *testing.T) {
					files, _ := filepath.Glob(filepath.Join(eventsDir, name, setting, "*.json"))
					answerSampleEvents(t, start(t, name, nil, triggerEnv(name, onLoopback(t, settingEnv(t, name, setting))...)...), files)
				})
			}
		})
	}
}

// answerSampleEvents sends each event among files to f and compares the
// answer with the expected answer beside it.
func answerSampleEvents(t *testing.T, f *lambdahost.Function, files []string) {
	for _, file := range files {
		if strings.HasSuffix(file, ".expected.json") {
			continue
		}
		payload, _ := os.ReadFile(file)
		want := readJSON(t, strings.TrimSuffix(file, ".json")+".expected.json")
		answer, err := f.Invoke(context.Background(), payload)
		var got any
		var fe *lambdahost.FunctionError
		switch {
		case errors.As(err, &fe):
			got = map[string]any{"errorMessage": fe.Message}
		case err != nil:
			t.Fatalf("%s: %v", file, err)
		default:
			if err := json.Unmarshal(answer, &got); err != nil {
				t.Fatalf("%s: answer %s: %v", file, answer, err)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %v\nwant %v", filepath.Base(file), got, want)
		}
	}
}

// onLoopback points env's endpoints at the host as SAM's container sees it
// (http://host.docker.internal:5000, moto on the host) to stand-ins on
// loopback: the credentials table the env names, empty, as the sample
// table is. Only verify's passkey events reach one.
func onLoopback(t *testing.T, env []string) []string {
	table := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, config.EnvCredentialsTable+"="); ok {
			table = v
		}
	}
	var out []string
	replaced := false
	for _, kv := range env {
		if strings.HasSuffix(kv, "=http://"+dockerHost) {
			replaced = true
			stand, err := limitstable.Start("", table)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { stand.Close() })
			kv = strings.TrimSuffix(kv, "http://"+dockerHost) + stand.URL()
		}
		out = append(out, kv)
	}
	if replaced {
		// Signed with fake credentials, which the stand-in does not check.
		out = append(out, "AWS_ACCESS_KEY_ID=local", "AWS_SECRET_ACCESS_KEY=local")
	}
	return out
}

// settingEnv returns, as "KEY=value", the variables that
// events/env.<setting>.json (a SAM CLI --env-vars file) gives the
// function running the named command.
func settingEnv(t *testing.T, command, setting string) []string {
	env, err := samtemplate.ReadEnvFile(filepath.Join(eventsDir, "env."+setting+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range samtemplate.Functions {
		if f.Command == command {
			for _, k := range slices.Sorted(maps.Keys(env[f.LogicalID])) {
				out = append(out, k+"="+env[f.LogicalID][k])
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("events/env.%s.json sets nothing for %s", setting, command)
	}
	return out
}

func readFile(t *testing.T, file string) []byte {
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func readJSON(t *testing.T, file string) any {
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return v
}

// TestMalformedEventsAreRefused sends events no handler can decode: each
// gets a function error, never a crash, and the process answers the next.
func TestMalformedEventsAreRefused(t *testing.T) {
	malformed := []string{
		`not json`,
		`[1, 2, 3]`,
		`{"request": {"session": "not a list"}}`,
		`{"request": {"session": [{"challengeResult": "yes"}]}}`,
		`{"request": {"userNotFound": "maybe"}}`,
		`{"request": {"privateChallengeParameters": ["x"]}}`,
		`{"request": {"userAttributes": {"phone_number": 15555550123}}}`,
	}
	for _, name := range []string{"pre-signup", "define-auth-challenge", "verify-auth-challenge"} {
		t.Run(name, func(t *testing.T) {
			f := start(t, name, nil, triggerEnv(name)...)
			for _, payload := range malformed {
				answer, err := f.Invoke(context.Background(), []byte(payload))
				var fe *lambdahost.FunctionError
				if err == nil {
					// Decodable after all: it must then be a refusal.
					if strings.Contains(string(answer), `"issueTokens":true`) || strings.Contains(string(answer), `"answerCorrect":true`) || strings.Contains(string(answer), `"autoConfirmUser":true`) {
						t.Errorf("%s: %s", payload, answer)
					}
					continue
				}
				if !errors.As(err, &fe) || fe.Type == "Runtime.ExitError" || fe.Type == "Sandbox.Timedout" {
					t.Errorf("%s: %v, want a function error from a live process", payload, err)
				}
			}
			valid, _ := os.ReadFile(filepath.Join(eventsDir, name, firstEvent[name]))
			if _, err := f.Invoke(context.Background(), valid); err != nil && !strings.Contains(err.Error(), "phone_number") {
				t.Fatalf("after malformed events: %v", err)
			}
		})
	}
}

var firstEvent = map[string]string{
	"pre-signup":            "valid-phone.json",
	"define-auth-challenge": "first-round.json",
	"verify-auth-challenge": "right-answer.json",
}

// TestBadConfigurationStopsAtStart starts binaries with bad or missing
// settings: each exits before its first answer, naming the variable.
func TestBadConfigurationStopsAtStart(t *testing.T) {
	tests := []struct {
		name     string
		env      []string
		variable string
	}{
		{"verify-auth-challenge", nil, "CODE_HASH_KEY"},
		{"verify-auth-challenge", []string{"CODE_HASH_KEY=short"}, "CODE_HASH_KEY"},
		{"create-auth-challenge", []string{"CODE_HASH_KEY=" + sampleKey, "CODE_LENGTH=12"}, "CODE_LENGTH"},
		{"create-auth-challenge", []string{"CODE_HASH_KEY=" + sampleKey, "SMS_MESSAGE=no placeholder"}, "SMS_MESSAGE"},
		{"define-auth-challenge", []string{"MAX_ATTEMPTS=zero"}, "MAX_ATTEMPTS"},
		{"define-auth-challenge", []string{"SIGN_IN_FLOW=password"}, "SIGN_IN_FLOW"},
		{"define-auth-challenge", []string{"SIGN_IN_FLOW=password-and-code", "REQUIRE_CODE_AFTER_MFA=yes"}, "REQUIRE_CODE_AFTER_MFA"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.variable, func(t *testing.T) {
			logs := &logBuffer{}
			f := start(t, tt.name, logs, append([]string{"AWS_LAMBDA_LOG_FORMAT=JSON", "AWS_REGION=us-east-1"}, tt.env...)...)
			_, err := f.Invoke(context.Background(), []byte(`{}`))
			var fe *lambdahost.FunctionError
			if !errors.As(err, &fe) || fe.Type != "Runtime.ExitError" {
				t.Fatalf("error %v, want the process to exit", err)
			}
			if all := strings.Join(logs.Lines(), "\n"); !strings.Contains(all, tt.variable) || strings.Contains(all, sampleKey) {
				t.Fatalf("logs %q: want the variable %s named and no key", all, tt.variable)
			}
		})
	}
}
