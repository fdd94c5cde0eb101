package samtemplate

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
)

// envFiles returns each events/env*.json, by the setting its events are
// under ("" for events/<trigger>/*.json).
func envFiles(t *testing.T, root string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, "events", "env*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no env files under events/: %v", err)
	}
	out := map[string]string{}
	for _, f := range files {
		setting := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(filepath.Base(f), "env"), "."), "json")
		out[strings.TrimSuffix(setting, ".")] = f
	}
	return out
}

// TestEnvFilesDeclareWhatTheySet: sam local invoke passes a function only
// the variables its template declares, so every variable an env file sets
// must be declared by that function, under a LogicalId of the template;
// every function whose sample events a file is for has an entry; create
// and verify get a key and limits they can run with locally; and every
// function that reads CREDENTIALS_TABLE gets it set, since sam local
// would resolve !Ref CredentialsTable to the logical id.
func TestEnvFilesDeclareWhatTheySet(t *testing.T) {
	tmpl, root := load(t)
	for setting, file := range envFiles(t, root) {
		env, err := ReadEnvFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for id, vars := range env {
			if _, ok := tmpl.Resources[id]; !ok || tmpl.Resources[id].Type != TypeFunction {
				t.Errorf("%s: %s is no function of the template", file, id)
				continue
			}
			declared := tmpl.Environment(id)
			for name := range vars {
				if _, ok := declared[name]; !ok {
					t.Errorf("%s: %s sets %s, which the template does not declare: sam local invoke would drop it", file, id, name)
				}
			}
		}
		for _, f := range AllFunctions() {
			dir := filepath.Join(root, "events", f.Command, setting)
			events, _ := filepath.Glob(filepath.Join(dir, "*.json"))
			if len(events) == 0 {
				continue
			}
			vars, ok := env[f.LogicalID]
			if !ok {
				t.Errorf("%s has events under %s but no %s entry", file, dir, f.LogicalID)
				continue
			}
			if slices.Contains(config.Variables[f.Command], config.EnvCodeHashKey) {
				if len(vars[config.EnvCodeHashKey]) < 32 {
					t.Errorf("%s: %s has no %s: it would derive the key from a KMS key sam local cannot reach", file, f.LogicalID, config.EnvCodeHashKey)
				}
				if _, ok := vars[config.EnvLimitsTable]; !ok {
					t.Errorf("%s: %s has no %s: sam local resolves the table to its logical id, and the limits would fail closed", file, f.LogicalID, config.EnvLimitsTable)
				}
			}
			if slices.Contains(config.Variables[f.Command], config.EnvCredentialsTable) {
				if _, ok := vars[config.EnvCredentialsTable]; !ok {
					t.Errorf("%s: %s has no %s: set it, empty for passkeys off or a local table's name", file, f.LogicalID, config.EnvCredentialsTable)
				}
			}
			for name, v := range vars {
				if strings.HasPrefix(name, "AWS_ENDPOINT_URL_") && !strings.Contains(v, "host.docker.internal") {
					t.Errorf("%s: %s=%s: sample events must send to a local stand-in, never to AWS", file, name, v)
				}
			}
		}
	}
}

// TestLocalEnvironment checks SAM's rules as LocalEnvironment applies
// them to the template: parameters' defaults, a resource's logical id, an
// unresolvable value empty, overrides of declared variables only.
func TestLocalEnvironment(t *testing.T) {
	tmpl, _ := load(t)
	env := EnvFile{
		"Parameters":                  {"MAX_ATTEMPTS": "4", "NOT_DECLARED": "x"},
		"CreateAuthChallengeFunction": {"MAX_ATTEMPTS": "5", "AWS_ENDPOINT_URL_SNS": "http://host.docker.internal:5000", "UNDECLARED": "y"},
	}
	got, err := tmpl.LocalEnvironment("CreateAuthChallengeFunction", env)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"MAX_ATTEMPTS": "5", "CODE_TTL": "3m", "LIMITS_TABLE": "LimitsTable", "CODE_HASH_KEY_ID": "", "CODE_HASH_KEY": "",
		"AWS_ENDPOINT_URL_SNS": "http://host.docker.internal:5000", "CHANNELS": "sms",
	}
	for name, v := range want {
		if got[name] != v {
			t.Errorf("%s = %q, want %q", name, got[name], v)
		}
	}
	for _, name := range []string{"NOT_DECLARED", "UNDECLARED"} {
		if _, ok := got[name]; ok {
			t.Errorf("%s was added: SAM passes declared variables only", name)
		}
	}
	verify, _ := tmpl.LocalEnvironment("VerifyAuthChallengeFunction", env)
	if verify["MAX_ATTEMPTS"] != "" || verify["LIMITS_TABLE"] != "LimitsTable" || verify["CREDENTIALS_TABLE"] != "" {
		t.Errorf("verify: %v", verify)
	}

	// sam local runs the passkeys API whatever its Condition (Passkeys
	// defaults to Disabled), with !Ref CredentialsTable as the logical id.
	api, err := tmpl.LocalEnvironment(PasskeysAPI.LogicalID, EnvFile{PasskeysAPI.LogicalID: {"PASSKEY_RP_ID": "localhost"}})
	if err != nil {
		t.Fatal(err)
	}
	wantAPI := map[string]string{
		"CREDENTIALS_TABLE": CredentialsTableID, "PASSKEY_RP_ID": "localhost", "PASSKEY_ORIGINS": "", "PASSKEY_RP_NAME": "",
		"PASSKEY_USER_VERIFICATION": "preferred", "PASSKEY_TIMEOUT": "2m", "PASSKEY_FRESH_SIGN_IN": "5m", "PASSKEY_MAX_PER_USER": "10",
		"PASSKEY_ALLOWED_AAGUIDS": "", "AWS_ENDPOINT_URL_DYNAMODB": "", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "",
	}
	if !maps.Equal(api, wantAPI) {
		t.Errorf("passkeys API: %v, want %v", api, wantAPI)
	}
}
