package config_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
)

const key = "0123456789abcdef0123456789abcdef"

// env is a Lookup over a map that records which variables were read.
type env struct {
	values map[string]string
	read   []string
}

func (e *env) lookup(name string) (string, bool) {
	e.read = append(e.read, name)
	v, ok := e.values[name]
	return v, ok
}

func TestDefaults(t *testing.T) {
	define, err := config.LoadDefine((&env{}).lookup)
	if err != nil || define.MaxAttempts != 3 {
		t.Errorf("LoadDefine: %+v, %v", define, err)
	}
	create, err := config.LoadCreate((&env{values: map[string]string{config.EnvCodeHashKey: key}}).lookup)
	if err != nil {
		t.Fatal(err)
	}
	if create.MaxAttempts != 3 || create.CodeLength != 6 || create.CodeTTL != 3*time.Minute ||
		create.SMSMessage != "Your sign-in code is {code}" || create.SMSSenderID != "" || create.Sealer == nil {
		t.Errorf("LoadCreate defaults: %+v", create)
	}
	if verify, err := config.LoadVerify((&env{values: map[string]string{config.EnvCodeHashKey: key}}).lookup); err != nil || verify.Sealer == nil {
		t.Errorf("LoadVerify: %+v, %v", verify, err)
	}
}

func TestCreateValues(t *testing.T) {
	e := &env{values: map[string]string{
		config.EnvMaxAttempts: "5", config.EnvCodeLength: "8", config.EnvCodeTTL: "90s",
		config.EnvCodeHashKey: key, config.EnvSMSMessage: "{code} is your Example code", config.EnvSMSSenderID: "Example",
	}}
	c, err := config.LoadCreate(e.lookup)
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxAttempts != 5 || c.CodeLength != 8 || c.CodeTTL != 90*time.Second || c.SMSMessage != "{code} is your Example code" || c.SMSSenderID != "Example" {
		t.Errorf("LoadCreate: %+v", c)
	}
}

// TestVariablesListsWhatLoadersRead keeps config.Variables, which the
// template test relies on, equal to what each loader really reads.
func TestVariablesListsWhatLoadersRead(t *testing.T) {
	loaders := map[string]func(config.Lookup) error{
		"pre-signup":            func(config.Lookup) error { return nil },
		"define-auth-challenge": func(l config.Lookup) error { _, err := config.LoadDefine(l); return err },
		"create-auth-challenge": func(l config.Lookup) error { _, err := config.LoadCreate(l); return err },
		"verify-auth-challenge": func(l config.Lookup) error { _, err := config.LoadVerify(l); return err },
	}
	if len(loaders) != len(config.Triggers) {
		t.Fatalf("%d loaders for %d triggers", len(loaders), len(config.Triggers))
	}
	for _, name := range config.Triggers {
		e := &env{values: map[string]string{config.EnvCodeHashKey: key}}
		if err := loaders[name](e.lookup); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		read := slices.Sorted(slices.Values(e.read))
		declared := slices.Sorted(slices.Values(config.Variables[name]))
		if !slices.Equal(slices.Compact(read), declared) {
			t.Errorf("%s reads %v, config.Variables says %v", name, read, declared)
		}
	}
}

func TestBadValuesNameTheVariable(t *testing.T) {
	tests := []struct {
		variable, value string
	}{
		{config.EnvMaxAttempts, "0"},
		{config.EnvMaxAttempts, "11"},
		{config.EnvMaxAttempts, "three"},
		{config.EnvCodeLength, "3"},
		{config.EnvCodeLength, "11"},
		{config.EnvCodeLength, "6.5"},
		{config.EnvCodeTTL, "180"},
		{config.EnvCodeTTL, "10s"},
		{config.EnvCodeTTL, "1h"},
		{config.EnvCodeTTL, "-3m"},
		{config.EnvSMSMessage, "Your code"},
		{config.EnvSMSMessage, strings.Repeat("x", 1600) + "{code}"},
		{config.EnvSMSSenderID, "TwelveLetter"},
		{config.EnvSMSSenderID, "12345"},
		{config.EnvSMSSenderID, "Bad Space"},
		{config.EnvCodeHashKey, "short"},
		{config.EnvCodeHashKey, ""},
	}
	for _, tt := range tests {
		values := map[string]string{config.EnvCodeHashKey: key}
		values[tt.variable] = tt.value
		_, err := config.LoadCreate((&env{values: values}).lookup)
		if err == nil || !strings.Contains(err.Error(), tt.variable) {
			t.Errorf("%s=%q: error %v, want one naming %s", tt.variable, tt.value, err, tt.variable)
		}
	}
}

func TestErrorsNeverEchoTheKey(t *testing.T) {
	secret := "short-secret-value"
	_, err := config.LoadVerify((&env{values: map[string]string{config.EnvCodeHashKey: secret}}).lookup)
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Fatalf("error %v: want an error without the key", err)
	}
}

func TestAllErrorsAtOnce(t *testing.T) {
	_, err := config.LoadCreate((&env{values: map[string]string{config.EnvCodeLength: "x", config.EnvMaxAttempts: "x"}}).lookup)
	for _, name := range []string{config.EnvCodeLength, config.EnvMaxAttempts, config.EnvCodeHashKey} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("error %v does not name %s", err, name)
		}
	}
}
