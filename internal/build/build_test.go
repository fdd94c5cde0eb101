package build

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
)

// Functions is every trigger, in config.Triggers' order, then the
// passkeys API, each once; appending to it must not reach config.Triggers.
func TestFunctions(t *testing.T) {
	want := append(slices.Clone(config.Triggers), config.PasskeysAPI)
	if !slices.Equal(Functions, want) {
		t.Fatalf("Functions = %v, want %v", Functions, want)
	}
	seen := map[string]bool{}
	for _, name := range Functions {
		if seen[name] {
			t.Errorf("Functions lists %s twice", name)
		}
		seen[name] = true
	}
	if len(config.Triggers) != 4 || slices.Contains(config.Triggers, config.PasskeysAPI) {
		t.Errorf("config.Triggers = %v: Functions must not alias it", config.Triggers)
	}
}

func TestBootstrap(t *testing.T) {
	if got, want := Bootstrap("out", config.PasskeysAPI), filepath.Join("out", "passkeys-api", "bootstrap"); got != want {
		t.Errorf("Bootstrap = %q, want %q", got, want)
	}
}
