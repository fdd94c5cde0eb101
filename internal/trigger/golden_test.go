package trigger_test

import (
	"context"
	"encoding/json"
	"flag"
	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

var update = flag.Bool("update", false, "rewrite the .expected.json files from the handlers' answers")

// invoke decodes payload into the event type of the trigger named dir,
// runs its handler, and returns the answer as Lambda would encode it.
func (h *handlers) invoke(t *testing.T, dir string, payload []byte) any {
	switch dir {
	case "pre-signup":
		return answer(t, payload, h.preSignUp.Handle)
	case "define-auth-challenge":
		return answer(t, payload, h.define.Handle)
	case "create-auth-challenge":
		return answer(t, payload, h.create.Handle)
	case "verify-auth-challenge":
		return answer(t, payload, h.verify.Handle)
	}
	t.Fatalf("no handler for events/%s", dir)
	return nil
}

// answer runs handle on payload, returning the response or, on error,
// Lambda's error shape.
func answer[E any](t *testing.T, payload []byte, handle func(context.Context, E) (E, error)) any {
	var ev E
	if err := json.Unmarshal(payload, &ev); err != nil {
		t.Fatalf("decoding event: %v", err)
	}
	out, err := handle(context.Background(), ev)
	if err != nil {
		return map[string]string{"errorMessage": err.Error()}
	}
	return out
}

// sample is one sample event: events/<trigger>/<name>.json, made with
// the configuration of events/env.json, or
// events/<trigger>/<setting>/<name>.json, made with that of
// events/env.<setting>.json on top.
type sample struct {
	file, trigger, setting string
}

// samples lists every sample event, checking that each setting's folder
// has its env file and each env file its folder.
func samples(t *testing.T) []sample {
	t.Helper()
	var out []sample
	used := map[string]bool{}
	// The triggers' events; the passkeys API's are package passkeyapi's.
	var patterns []string
	for _, name := range config.Triggers {
		patterns = append(patterns, filepath.Join(eventsDir, name, "*.json"), filepath.Join(eventsDir, name, "*", "*.json"))
	}
	for _, pattern := range patterns {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, ".expected.json") {
				continue
			}
			rel, _ := filepath.Rel(eventsDir, file)
			parts := strings.Split(filepath.ToSlash(rel), "/")
			s := sample{file: file, trigger: parts[0]}
			if len(parts) == 3 {
				s.setting = parts[1]
				used[s.setting] = true
			}
			out = append(out, s)
		}
	}
	for setting := range used {
		if _, err := os.Stat(settingEnvFile(setting)); err != nil {
			t.Errorf("events/*/%s/ has sample events but no env file: %v", setting, err)
		}
	}
	envFiles, _ := filepath.Glob(settingEnvFile("*"))
	for _, file := range envFiles {
		setting := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(file), "env."), ".json")
		if !used[setting] {
			t.Errorf("%s configures no sample events: want events/<trigger>/%s/", file, setting)
		}
	}
	return out
}

// TestGolden sends every sample event under events/ through its handler,
// configured as the event's setting says, and compares the answer with the
// .expected.json file beside it.
func TestGolden(t *testing.T) {
	all := samples(t)
	if len(all) < 15 {
		t.Fatalf("found %d sample events, want at least 15", len(all))
	}
	for _, s := range all {
		name, _ := filepath.Rel(eventsDir, s.file)
		t.Run(filepath.ToSlash(name), func(t *testing.T) {
			payload, err := os.ReadFile(s.file)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(newHandlersFor(t, s.setting).invoke(t, s.trigger, payload), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			expectedFile := strings.TrimSuffix(s.file, ".json") + ".expected.json"
			if *update {
				if err := os.WriteFile(expectedFile, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(expectedFile)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/trigger -run TestGolden -update to write it)", err)
			}
			if string(got) != string(want) {
				t.Errorf("answer differs from %s:\n got: %s\nwant: %s", expectedFile, got, want)
			}
		})
	}
}

// TestSampleEventsMatchCognitoShape checks that the samples carry the
// fields Cognito sends, including null responses and userNotFound.
func TestSampleEventsMatchCognitoShape(t *testing.T) {
	for _, s := range samples(t) {
		file := s.file
		raw, _ := os.ReadFile(file)
		var ev struct {
			events.CognitoEventUserPoolsHeader
			Request  map[string]json.RawMessage `json:"request"`
			Response map[string]json.RawMessage `json:"response"`
		}
		if err := json.Unmarshal(raw, &ev); err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if ev.Version != "1" || ev.TriggerSource == "" || ev.UserPoolID == "" || ev.UserName == "" || ev.CallerContext.ClientID == "" {
			t.Errorf("%s: incomplete header %+v", file, ev.CognitoEventUserPoolsHeader)
		}
		if !strings.HasPrefix(ev.TriggerSource, "PreSignUp") {
			if _, ok := ev.Request["userNotFound"]; !ok {
				t.Errorf("%s: request has no userNotFound", file)
			}
			for field, value := range ev.Response {
				if string(value) != "null" {
					t.Errorf("%s: response.%s is %s, Cognito sends null", file, field, value)
				}
			}
		}
	}
}
