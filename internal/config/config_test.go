package config_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/limits"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
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
	if err != nil || define.MaxAttempts != 3 || define.Flow != session.FlowCode || define.RequireCodeAfterMFA {
		t.Errorf("LoadDefine: %+v, %v", define, err)
	}
	if want := (session.Policy{Flow: session.FlowCode, MaxAttempts: 3, MaxResends: 2}); define.Policy() != want {
		t.Errorf("Policy() = %+v, want %+v", define.Policy(), want)
	}
	if config.DefaultSignInFlow != string(session.Flows[0]) {
		t.Errorf("DefaultSignInFlow = %q, want session's default %q", config.DefaultSignInFlow, session.Flows[0])
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

func TestDefineValues(t *testing.T) {
	tests := []struct {
		values map[string]string
		want   session.Policy
	}{
		{map[string]string{config.EnvSignInFlow: "code"}, session.Policy{Flow: session.FlowCode, MaxAttempts: 3, MaxResends: 2}},
		{map[string]string{config.EnvSignInFlow: " password-and-code "}, session.Policy{Flow: session.FlowPasswordAndCode, MaxAttempts: 3, MaxResends: 2}},
		{map[string]string{config.EnvSignInFlow: "password-and-code", config.EnvMaxAttempts: "5", config.EnvRequireCodeAfterMFA: "true"},
			session.Policy{Flow: session.FlowPasswordAndCode, MaxAttempts: 5, MaxResends: 2, RequireCodeAfterMFA: true}},
		{map[string]string{config.EnvSignInFlow: "", config.EnvRequireCodeAfterMFA: "false"}, session.Policy{Flow: session.FlowCode, MaxAttempts: 3, MaxResends: 2}},
		{map[string]string{config.EnvMaxResends: "0"}, session.Policy{Flow: session.FlowCode, MaxAttempts: 3}},
		{map[string]string{config.EnvMaxResends: "5"}, session.Policy{Flow: session.FlowCode, MaxAttempts: 3, MaxResends: 5}},
		// Harmless in the code flow, which has no MFA answers.
		{map[string]string{config.EnvRequireCodeAfterMFA: "true"}, session.Policy{Flow: session.FlowCode, MaxAttempts: 3, MaxResends: 2, RequireCodeAfterMFA: true}},
	}
	for _, tt := range tests {
		d, err := config.LoadDefine((&env{values: tt.values}).lookup)
		if err != nil || d.Policy() != tt.want {
			t.Errorf("LoadDefine(%v) = %+v, %v; want %+v", tt.values, d.Policy(), err, tt.want)
		}
	}
}

// TestVariablesListsWhatLoadersRead keeps config.Variables, which the
// template test relies on, equal to what each loader really reads.
func TestVariablesListsWhatLoadersRead(t *testing.T) {
	loaders := map[string]func(config.Lookup) error{
		"pre-signup":            func(l config.Lookup) error { _, err := config.LoadPreSignUp(l); return err },
		"define-auth-challenge": func(l config.Lookup) error { _, err := config.LoadDefine(l); return err },
		"create-auth-challenge": func(l config.Lookup) error { _, err := config.LoadCreate(l); return err },
		"verify-auth-challenge": func(l config.Lookup) error { _, err := config.LoadVerify(l); return err },
	}
	if len(loaders) != len(config.Triggers) {
		t.Fatalf("%d loaders for %d triggers", len(loaders), len(config.Triggers))
	}
	loaders[config.PasskeysAPI] = func(l config.Lookup) error { _, err := config.LoadPasskeysAPI(l); return err }
	for _, name := range append(config.Triggers, config.PasskeysAPI) {
		// With passkeys on, so that their settings are read too.
		e := &env{values: map[string]string{config.EnvCodeHashKey: key, config.EnvCredentialsTable: "passkeys",
			config.EnvPasskeyRPID: "example.com", config.EnvPasskeyOrigins: "https://example.com"}}
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
		{config.EnvAllowedCountryCodes, "+1,,+44"},
		{config.EnvAllowedCountryCodes, "44"},
		{config.EnvAllowedCountryCodes, "+999"},
		{config.EnvSMSPerNumberPer15Minutes, "-1"},
		{config.EnvSMSPerNumberPerDay, "ten"},
		{config.EnvSMSPerCountryPerHour, "2.5"},
		{config.EnvSMSPerPoolPerHour, "1000001"},
		{config.EnvLockoutAfterWrongAnswers, "-3"},
		{config.EnvLockoutWindow, "0s"},
		{config.EnvLockoutWindow, "25h"},
		{config.EnvLockoutWindow, "1.5s"},
		{config.EnvLockoutWindow, "hour"},
		{config.EnvMaxResends, "6"},
		{config.EnvMaxResends, "-1"},
		{config.EnvChannels, "fax"},
		{config.EnvChannels, "sms,sms"},
		{config.EnvChannels, "sms;email"},
		{config.EnvChannels, "email"}, // without EMAIL_FROM
		{config.EnvEmailFrom, "not an address"},
		{config.EnvEmailSubject, "two\nlines"},
		{config.EnvEmailMessage, "no code here"},
		{config.EnvEmailMessage, strings.Repeat("x", 10_000) + "{code}"},
		{config.EnvAllowedEmailDomains, "example"},
		{config.EnvAllowedEmailDomains, "a@example.com"},
		{config.EnvEmailPerAddressPer15Min, "-1"},
		{config.EnvEmailPerAddressPerDay, "x"},
		{config.EnvEmailPerPoolPerHour, "1000001"},
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

func TestBadDefineValuesNameTheVariable(t *testing.T) {
	tests := []struct {
		variable, value string
	}{
		{config.EnvSignInFlow, "password"},
		{config.EnvSignInFlow, "Code"},
		{config.EnvSignInFlow, "code-or-password-and-code"},
		{config.EnvRequireCodeAfterMFA, "yes"},
		{config.EnvRequireCodeAfterMFA, "TRUE"},
		{config.EnvRequireCodeAfterMFA, "1"},
		{config.EnvMaxAttempts, "0"},
	}
	for _, tt := range tests {
		_, err := config.LoadDefine((&env{values: map[string]string{tt.variable: tt.value}}).lookup)
		if err == nil || !strings.Contains(err.Error(), tt.variable) || !strings.Contains(err.Error(), tt.value) {
			t.Errorf("%s=%q: error %v, want one naming %s and quoting the value", tt.variable, tt.value, err, tt.variable)
		}
	}
	_, err := config.LoadDefine((&env{values: map[string]string{config.EnvSignInFlow: "sms"}}).lookup)
	for _, flow := range session.Flows {
		if err == nil || !strings.Contains(err.Error(), string(flow)) {
			t.Errorf("error %v does not list the flow %s", err, flow)
		}
	}
}

func TestEmailSettings(t *testing.T) {
	create, err := config.LoadCreate((&env{values: map[string]string{config.EnvCodeHashKey: key}}).lookup)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(create.Channels, []session.Channel{session.ChannelSMS}) || create.MaxResends != 2 || create.HasChannel(session.ChannelEmail) ||
		create.Email.Subject != config.DefaultEmailSubject || create.Email.Message != config.DefaultEmailMessage {
		t.Errorf("defaults: %+v", create)
	}
	p := create.Limits.Policy
	if len(p.PerAddress) != 2 || p.PerAddress[0] != (limits.Window{Limit: 3, Length: 15 * time.Minute}) ||
		p.PerAddress[1] != (limits.Window{Limit: 10, Length: 24 * time.Hour}) || p.EmailPool != (limits.Window{Limit: 1000, Length: time.Hour}) {
		t.Errorf("default email limits %+v", p)
	}
	create, err = config.LoadCreate((&env{values: map[string]string{
		config.EnvCodeHashKey: key, config.EnvChannels: " email , sms ", config.EnvEmailFrom: "no-reply@example.com",
		config.EnvEmailSubject: "Example sign-in", config.EnvEmailMessage: "Code: {code}", config.EnvEmailConfigurationSet: "passwordless",
		config.EnvAllowedEmailDomains: "Example.com", config.EnvEmailPerPoolPerHour: "50",
	}}).lookup)
	if err != nil {
		t.Fatal(err)
	}
	want := config.Email{From: "no-reply@example.com", Subject: "Example sign-in", Message: "Code: {code}", ConfigurationSet: "passwordless"}
	if !slices.Equal(create.Channels, []session.Channel{session.ChannelEmail, session.ChannelSMS}) || create.Email != want ||
		!create.AllowedEmailDomains.Allows("jane@example.com") || create.AllowedEmailDomains.Allows("jane@example.org") ||
		create.Limits.Policy.EmailPool.Limit != 50 {
		t.Errorf("LoadCreate: %+v", create)
	}
	pre, err := config.LoadPreSignUp((&env{values: map[string]string{config.EnvChannels: "email", config.EnvAllowedEmailDomains: "example.com"}}).lookup)
	if err != nil || !slices.Equal(pre.Channels, []session.Channel{session.ChannelEmail}) || !pre.AllowedEmailDomains.Allows("a@example.com") {
		t.Errorf("LoadPreSignUp: %+v, %v", pre, err)
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

func TestLimitsDefaultsAndValues(t *testing.T) {
	create, err := config.LoadCreate((&env{values: map[string]string{config.EnvCodeHashKey: key}}).lookup)
	if err != nil {
		t.Fatal(err)
	}
	p := create.Limits.Policy
	if create.Limits.On() || create.Limits.Table != "" {
		t.Errorf("limits on without LIMITS_TABLE: %+v", create.Limits)
	}
	if len(p.PerNumber) != 2 || p.PerNumber[0] != (limits.Window{Limit: 3, Length: 15 * time.Minute}) ||
		p.PerNumber[1] != (limits.Window{Limit: 10, Length: 24 * time.Hour}) || p.PerCountry.On() ||
		p.Pool != (limits.Window{Limit: 100, Length: time.Hour}) || p.WrongAnswers != (limits.Window{Limit: 10, Length: time.Hour}) {
		t.Errorf("default policy %+v", p)
	}
	if err := p.Validate(); err != nil {
		t.Errorf("default policy: %v", err)
	}

	create, err = config.LoadCreate((&env{values: map[string]string{
		config.EnvCodeHashKey: key, config.EnvLimitsTable: " limits ", config.EnvAllowedCountryCodes: "+1, +44",
		config.EnvSMSPerNumberPer15Minutes: "0", config.EnvSMSPerNumberPerDay: "0", config.EnvSMSPerCountryPerHour: "20",
		config.EnvSMSPerPoolPerHour: "0", config.EnvLockoutAfterWrongAnswers: "0",
	}}).lookup)
	if err != nil {
		t.Fatal(err)
	}
	if create.Limits.Table != "limits" || !create.Limits.On() || create.Limits.Policy.PerCountry.Limit != 20 ||
		create.Limits.Policy.Pool.On() || create.AllowedCountries.String() != "+1,+44" {
		t.Errorf("LoadCreate: %+v, countries %q", create.Limits, create.AllowedCountries)
	}

	verify, err := config.LoadVerify((&env{values: map[string]string{
		config.EnvCodeHashKey: key, config.EnvLimitsTable: "limits", config.EnvLockoutAfterWrongAnswers: "0"}}).lookup)
	if err != nil || verify.Limits.On() {
		t.Errorf("verify with every limit it reads at 0: %+v, %v", verify.Limits, err)
	}
	verify, err = config.LoadVerify((&env{values: map[string]string{
		config.EnvCodeHashKey: key, config.EnvLimitsTable: "limits", config.EnvLockoutWindow: "15m"}}).lookup)
	if err != nil || verify.Limits.Policy.WrongAnswers != (limits.Window{Limit: 10, Length: 15 * time.Minute}) {
		t.Errorf("LOCKOUT_WINDOW=15m: %+v, %v", verify.Limits.Policy, err)
	}

	pre, err := config.LoadPreSignUp((&env{values: map[string]string{config.EnvAllowedCountryCodes: "+44"}}).lookup)
	if err != nil || !pre.AllowedCountries.Allows("+447700900123") || pre.AllowedCountries.Allows("+15555550123") {
		t.Errorf("LoadPreSignUp: %+v, %v", pre, err)
	}
	if _, err := config.LoadPreSignUp((&env{values: map[string]string{config.EnvAllowedCountryCodes: "+2"}}).lookup); err == nil ||
		!strings.Contains(err.Error(), config.EnvAllowedCountryCodes) {
		t.Errorf("LoadPreSignUp(+2): %v, want an error naming %s", err, config.EnvAllowedCountryCodes)
	}
}
