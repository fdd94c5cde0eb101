package passkeyapi_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeyapi"
)

var update = flag.Bool("update", false, "rewrite testdata/*.expected.json, and the sample finish's answer")

// sevens is a randomness source of sevens, for known challenges.
type sevens struct{}

func (sevens) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 7
	}
	return len(p), nil
}

// fixedAuthenticator answers as the same passkey in every run: the same
// key and id, so that its registration answer (attestation "none", which
// signs nothing) is the same bytes for the same options.
func fixedAuthenticator() *passkeytest.Authenticator {
	a := passkeytest.New(20)
	a.Key = must(ecdsa.ParseRawPrivateKey(elliptic.P256(), []byte("the sample events' fixed passkey")))
	a.ID = []byte("fixed-credential-id-01")
	return a
}

// TestSampleEvents runs the sample events of testdata, as API Gateway
// sends them (and sam local invoke -e takes them), in order through one
// API, and compares each answer with its .expected.json. The finish
// answers the options the start gives with a known challenge.
func TestSampleEvents(t *testing.T) {
	e := newEnv(func(h *passkeyapi.Handler) { h.Random = sevens{} })
	for _, name := range []string{"start-registration", "finish-registration", "list", "rename", "id-token", "stale-sign-in", "delete"} {
		file := filepath.Join("testdata", name+".json")
		payload := must(os.ReadFile(file))
		var req events.APIGatewayV2HTTPRequest
		if err := json.Unmarshal(payload, &req); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		resp := must(e.api.Handle(context.Background(), req))
		got := must(json.MarshalIndent(resp, "", "  "))
		if name == "start-registration" && *update {
			var body struct{ Options json.RawMessage }
			noError(t, json.Unmarshal([]byte(resp.Body), &body))
			writeFinishSample(t, body.Options)
		}
		expected := filepath.Join("testdata", name+".expected.json")
		if *update {
			noError(t, os.WriteFile(expected, append(got, '\n'), 0o644))
			continue
		}
		want := must(os.ReadFile(expected))
		if !bytes.Equal(append(got, '\n'), want) {
			t.Errorf("%s answers\n%s\nwant (%s)\n%s", file, got, expected, want)
		}
	}
}

// writeFinishSample puts the fixed passkey's answer to options into the
// sample finish's body.
func writeFinishSample(t *testing.T, options []byte) {
	file := filepath.Join("testdata", "finish-registration.json")
	var ev map[string]any
	noError(t, json.Unmarshal(must(os.ReadFile(file)), &ev))
	ev["body"] = finishBody(fixedAuthenticator().Register(options), "laptop")
	noError(t, os.WriteFile(file, append(must(json.MarshalIndent(ev, "", "  ")), '\n'), 0o644))
	t.Logf("rewrote %s", file)
}
