package trigger_test

import (
	"context"
	"encoding/json"
	"flag"
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

// TestGolden sends every sample event under events/ through its handler
// and compares the answer with the .expected.json file beside it.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(eventsDir, "*", "*.json"))
	if err != nil || len(files) < 15 {
		t.Fatalf("found %d sample events (%v), want at least 15", len(files), err)
	}
	for _, file := range files {
		if strings.HasSuffix(file, ".expected.json") {
			continue
		}
		dir := filepath.Base(filepath.Dir(file))
		t.Run(dir+"/"+filepath.Base(file), func(t *testing.T) {
			payload, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(newHandlers(t).invoke(t, dir, payload), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			expectedFile := strings.TrimSuffix(file, ".json") + ".expected.json"
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
	files, _ := filepath.Glob(filepath.Join(eventsDir, "*", "*.json"))
	for _, file := range files {
		if strings.HasSuffix(file, ".expected.json") {
			continue
		}
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
