package samtemplate

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/build"
	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/dynamolimits"
	"github.com/cognito-passwordless/passwordless-go/internal/limits"
	"github.com/cognito-passwordless/passwordless-go/internal/localpool"
	"github.com/cognito-passwordless/passwordless-go/internal/otp"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

// The tests in this file check template.yaml against the Go code: what
// cfn-lint, which knows only CloudFormation, cannot.

// load reads the module's template.yaml and returns it with the module root.
func load(t *testing.T) (*Template, string) {
	t.Helper()
	root, err := build.ModuleRoot(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := Read(filepath.Join(root, File))
	if err != nil {
		t.Fatalf("reading the SAM template: %v", err)
	}
	return tmpl, root
}

// paramOf names the template parameter behind each setting the code reads;
// CODE_HASH_KEY_ID names the KMS key instead, and CODE_HASH_KEY is empty.
// LIMITS_TABLE names the table when AbuseProtection is on, CREDENTIALS_TABLE
// the credentials table when Passkeys is, and CHANNELS follows
// UsernameAttributes (channelsOf).
var paramOf = map[string]string{
	config.EnvMaxAttempts:              "MaxAttempts",
	config.EnvMaxResends:               "MaxResends",
	config.EnvSignInFlow:               "SignInFlow",
	config.EnvRequireCodeAfterMFA:      "RequireCodeAfterMFA",
	config.EnvCodeLength:               "CodeLength",
	config.EnvCodeTTL:                  "CodeTTL",
	config.EnvSMSMessage:               "SMSMessage",
	config.EnvSMSSenderID:              "SMSSenderId",
	config.EnvEmailFrom:                "EmailFrom",
	config.EnvEmailSubject:             "EmailSubject",
	config.EnvEmailMessage:             "EmailMessage",
	config.EnvEmailConfigurationSet:    "EmailConfigurationSet",
	config.EnvAllowedCountryCodes:      "AllowedCountryCodes",
	config.EnvAllowedEmailDomains:      "AllowedEmailDomains",
	config.EnvSMSPerNumberPer15Minutes: "SMSPerNumberPer15Minutes",
	config.EnvSMSPerNumberPerDay:       "SMSPerNumberPerDay",
	config.EnvSMSPerCountryPerHour:     "SMSPerCountryPerHour",
	config.EnvSMSPerPoolPerHour:        "SMSPerPoolPerHour",
	config.EnvEmailPerAddressPer15Min:  "EmailPerAddressPer15Minutes",
	config.EnvEmailPerAddressPerDay:    "EmailPerAddressPerDay",
	config.EnvEmailPerPoolPerHour:      "EmailPerPoolPerHour",
	config.EnvBudgetShards:             "BudgetShards",
	config.EnvLockoutAfterWrongAnswers: "LockoutAfterWrongAnswers",
	config.EnvLockoutWindow:            "LockoutWindow",
	config.EnvRequireCodeAfterPasskey:  "RequireCodeAfterPasskey",
	config.EnvPasskeyRPID:              "PasskeyRelyingPartyId",
	config.EnvPasskeyRPName:            "PasskeyRelyingPartyName",
	config.EnvPasskeyOrigins:           "PasskeyOrigins",
	config.EnvPasskeyUserVerification:  "PasskeyUserVerification",
	config.EnvPasskeyTimeout:           "PasskeyTimeout",
	config.EnvPasskeyAllowedAAGUIDs:    "PasskeyAllowedAAGUIDs",
	config.EnvPasskeyFreshSignIn:       "PasskeyFreshSignIn",
	config.EnvPasskeyMaxPerUser:        "PasskeyMaxPerUser",
}

// limitsTable is the logical id of the abuse-protection table.
const limitsTable = "LimitsTable"

// abuseSettings are the values of the AbuseProtection parameter, and
// whether each turns the counters on.
var abuseSettings = map[string]bool{"Enabled": true, "Disabled": false}

// deployed is the template as CloudFormation deploys it with
// AbuseProtection set to setting.
func deployed(t *testing.T, setting string) *Template {
	return deployedWith(t, map[string]string{"AbuseProtection": setting})
}

// deployedWith is the template as CloudFormation deploys it with params.
func deployedWith(t *testing.T, params map[string]string) *Template {
	t.Helper()
	tmpl, _ := load(t)
	d, err := tmpl.Deploy(params)
	if err != nil {
		t.Fatalf("%v: %v", params, err)
	}
	return d
}

// passwordFlow reports whether a sign-in flow asks for the password: every
// flow but the code flow does.
func passwordFlow(f session.Flow) bool { return f != session.FlowCode }

// lambdaArch is Lambda's name for each Go architecture.
var lambdaArch = map[string]string{"arm64": "arm64", "amd64": "x86_64"}

func ref(name string) map[string]any { return map[string]any{"Ref": name} }

func arn(id string) map[string]any { return map[string]any{"Fn::GetAtt": []any{id, "Arn"}} }

// strs returns a string or a list of strings as a list; ok is false for anything else.
func strs(v any) (list []string, ok bool) {
	switch v := v.(type) {
	case string:
		return []string{v}, true
	case []any:
		for _, e := range v {
			s, isString := e.(string)
			if !isString {
				return nil, false
			}
			list = append(list, s)
		}
		return list, true
	}
	return nil, false
}

func TestFunctionsAreTheCommands(t *testing.T) {
	tmpl, _ := load(t)
	var commands, ids []string
	for _, f := range Functions {
		commands = append(commands, f.Command)
		ids = append(ids, f.LogicalID)
	}
	if !slices.Equal(commands, config.Triggers) {
		t.Fatalf("samtemplate.Functions runs commands %v, but config.Triggers are %v: add the new trigger to Functions, template.yaml and the Makefile", commands, config.Triggers)
	}
	if PasskeysAPI.Command != config.PasskeysAPI {
		t.Errorf("samtemplate.PasskeysAPI runs %s, want config.PasskeysAPI %s", PasskeysAPI.Command, config.PasskeysAPI)
	}
	var all []string
	for _, f := range AllFunctions() {
		all = append(all, f.Command)
	}
	if !slices.Equal(all, build.Functions) {
		t.Errorf("samtemplate.AllFunctions runs %v, but internal/build.Functions are %v", all, build.Functions)
	}
	ids = append(ids, PasskeysAPI.LogicalID)
	slices.Sort(ids)
	if got := tmpl.ResourcesOfType(TypeFunction); !slices.Equal(got, ids) {
		t.Errorf("template.yaml has functions %v, want exactly %v", got, ids)
	}

	arch := lambdaArch[build.Lambda.GOARCH]
	for _, f := range AllFunctions() {
		id := f.LogicalID
		if got := tmpl.Resources[id].Condition; got != f.Condition {
			t.Errorf("%s: Condition = %q, want %q", id, got, f.Condition)
		}
		want := map[string]any{
			"Runtime":       "provided.al2023",
			"Architectures": []any{arch},
			"Handler":       "bootstrap",
			"CodeUri":       ".",
		}
		for name, w := range want {
			if got := tmpl.FunctionProperty(id, name); !reflect.DeepEqual(got, w) {
				t.Errorf("%s: %s = %v, want %v (the Makefile builds a %s/%s bootstrap)", id, name, got, w, build.Lambda.GOOS, build.Lambda.GOARCH)
			}
		}
		if got := Lookup(tmpl.Resources[id].Metadata, "BuildMethod"); got != "makefile" {
			t.Errorf("%s: Metadata.BuildMethod = %v, want makefile (sam build runs make build-%s)", id, got, id)
		}
		// Cognito waits at most 5 seconds for a trigger; API Gateway at
		// most 30 for an HTTP API's integration.
		maxTimeout := 5
		if f.Trigger == "" {
			maxTimeout = 29
		}
		timeout, err := strconv.Atoi(fmt.Sprint(tmpl.FunctionProperty(id, "Timeout")))
		if err != nil || timeout < 1 || timeout > maxTimeout {
			t.Errorf("%s: Timeout = %v, want 1 to %d seconds", id, tmpl.FunctionProperty(id, "Timeout"), maxTimeout)
		}
	}
}

// (a) Every variable a command reads is set on its function, and no other,
// with AbuseProtection on and off, Passkeys on and off, in every sign-in
// flow, with every UsernameAttributes.
func TestEnvironmentMatchesConfig(t *testing.T) {
	for setting, on := range abuseSettings {
		for passkeys, passkeysOn := range passkeySettings {
			for _, flow := range session.Flows {
				for _, u := range usernameSettings {
					t.Run(setting+"/"+passkeys+"/"+string(flow)+"/"+u.value, func(t *testing.T) {
						params := u.params()
						maps.Copy(params, passkeyParams(passkeys))
						params["AbuseProtection"] = setting
						params["SignInFlow"] = string(flow)
						tmpl := deployedWith(t, params)
						checkEnvironment(t, tmpl, on, passkeysOn)
						checkChannels(t, tmpl, u)
					})
				}
			}
		}
	}
}

// deployedFunctions returns the functions of AllFunctions that tmpl, a
// deployed template, has; a function without a Condition must be there.
func deployedFunctions(t *testing.T, tmpl *Template) []Function {
	t.Helper()
	var out []Function
	for _, f := range AllFunctions() {
		if _, ok := tmpl.Resources[f.LogicalID]; ok {
			out = append(out, f)
		} else if f.Condition == "" {
			t.Errorf("the deployed template has no %s", f.LogicalID)
		}
	}
	return out
}

func checkEnvironment(t *testing.T, tmpl *Template, abuseOn, passkeysOn bool) {
	wantTable := any("")
	if abuseOn {
		wantTable = ref(limitsTable)
	}
	wantCredentials := any("")
	if passkeysOn {
		wantCredentials = ref(CredentialsTableID)
	}
	if _, ok := tmpl.Resources[PasskeysAPI.LogicalID]; ok != passkeysOn {
		t.Errorf("passkeys on: %v, yet the template has %s: %v", passkeysOn, PasskeysAPI.LogicalID, ok)
	}
	for _, f := range deployedFunctions(t, tmpl) {
		env := tmpl.Environment(f.LogicalID)
		reads := config.Variables[f.Command]
		for _, name := range reads {
			if _, ok := env[name]; !ok {
				t.Errorf("%s does not set %s, which %s reads", f.LogicalID, name, f.Command)
			}
		}
		for _, name := range slices.Sorted(maps.Keys(env)) {
			if strings.HasPrefix(name, "AWS_") {
				continue // Lambda's own
			}
			if !slices.Contains(reads, name) {
				t.Errorf("%s sets %s, which %s does not read (config.Variables[%q] = %v)", f.LogicalID, name, f.Command, f.Command, reads)
			}
		}
		for name, param := range paramOf {
			if v, ok := env[name]; ok && !reflect.DeepEqual(v, ref(param)) {
				t.Errorf("%s: %s = %v, want !Ref %s", f.LogicalID, name, v, param)
			}
		}
		if v, ok := env[config.EnvLimitsTable]; ok && !reflect.DeepEqual(v, wantTable) {
			t.Errorf("%s: %s = %v, want %v", f.LogicalID, config.EnvLimitsTable, v, wantTable)
		}
		if v, ok := env[config.EnvCredentialsTable]; ok && !reflect.DeepEqual(v, wantCredentials) {
			t.Errorf("%s: %s = %v, want %v", f.LogicalID, config.EnvCredentialsTable, v, wantCredentials)
		}
	}
}

// (g) The parameters' defaults and limits are the code's.
func TestParametersMatchConfig(t *testing.T) {
	tmpl, _ := load(t)
	params := tmpl.Parameters
	for _, name := range paramOf {
		if params[name].Default == nil {
			t.Fatalf("parameter %s is missing or has no Default", name)
		}
	}
	key := strings.Repeat("k", otp.MinKeyLength)
	// create reads every setting; load it as the function would see them.
	loadWith := func(param, value string) (config.Create, error) {
		vars := map[string]string{config.EnvCodeHashKey: key}
		for env, p := range paramOf {
			vars[env] = *params[p].Default
			if p == param {
				vars[env] = value
			}
		}
		return config.LoadCreate(func(name string) (string, bool) { v, ok := vars[name]; return v, ok })
	}

	cfg, err := loadWith("", "")
	if err != nil {
		t.Fatalf("the create trigger rejects the parameter defaults: %v", err)
	}
	codeDefaults, err := config.LoadCreate(func(name string) (string, bool) {
		if name == config.EnvCodeHashKey {
			return key, true
		}
		return "", false
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Sealer, codeDefaults.Sealer = nil, nil
	if !reflect.DeepEqual(cfg, codeDefaults) {
		t.Errorf("parameter defaults give %+v, want the code's defaults %+v", cfg, codeDefaults)
	}

	// Define reads the flow settings; their defaults are the code's too.
	defineVars := func(param, value string) config.Lookup {
		return func(name string) (string, bool) {
			p, ok := paramOf[name]
			if !ok {
				return "", false
			}
			if p == param {
				return value, true
			}
			return *params[p].Default, true
		}
	}
	defineCfg, err := config.LoadDefine(defineVars("", ""))
	if defineDefaults, errDefaults := config.LoadDefine(func(string) (string, bool) { return "", false }); err != nil || errDefaults != nil || defineCfg != defineDefaults {
		t.Errorf("parameter defaults give define %+v (%v), want the code's defaults %+v (%v)", defineCfg, err, defineDefaults, errDefaults)
	}
	flows := params["SignInFlow"]
	var want []string
	for _, f := range session.Flows {
		want = append(want, string(f))
	}
	if !slices.Equal(flows.AllowedValues, want) {
		t.Errorf("SignInFlow AllowedValues %v, want session.Flows %v", flows.AllowedValues, want)
	}
	for _, v := range flows.AllowedValues {
		if cfg, err := config.LoadDefine(defineVars("SignInFlow", v)); err != nil || string(cfg.Flow) != v {
			t.Errorf("SignInFlow %q gives %+v, %v", v, cfg, err)
		}
	}
	for _, v := range params["RequireCodeAfterMFA"].AllowedValues {
		if cfg, err := config.LoadDefine(defineVars("RequireCodeAfterMFA", v)); err != nil || strconv.FormatBool(cfg.RequireCodeAfterMFA) != v {
			t.Errorf("RequireCodeAfterMFA %q gives %+v, %v", v, cfg, err)
		}
	}

	// Number parameters: MinValue and MaxValue are the code's limits.
	for _, name := range []string{"MaxAttempts", "MaxResends", "CodeLength", "SMSPerNumberPer15Minutes", "SMSPerNumberPerDay",
		"SMSPerCountryPerHour", "SMSPerPoolPerHour", "EmailPerAddressPer15Minutes", "EmailPerAddressPerDay",
		"EmailPerPoolPerHour", "BudgetShards", "LockoutAfterWrongAnswers"} {
		p := params[name]
		lo, errLo := strconv.Atoi(p.MinValue)
		hi, errHi := strconv.Atoi(p.MaxValue)
		if errLo != nil || errHi != nil {
			t.Errorf("parameter %s needs numeric MinValue and MaxValue, has %q and %q", name, p.MinValue, p.MaxValue)
			continue
		}
		for _, tc := range []struct {
			n    int
			fine bool
		}{{lo, true}, {hi, true}, {lo - 1, false}, {hi + 1, false}} {
			_, err := loadWith(name, strconv.Itoa(tc.n))
			switch {
			case tc.fine && err != nil:
				t.Errorf("parameter %s allows %d to %d, but the code rejects %d: %v", name, lo, hi, tc.n, err)
			case !tc.fine && err == nil:
				t.Errorf("parameter %s allows %d to %d, but the code also accepts %d: align MinValue/MaxValue with the code", name, lo, hi, tc.n)
			}
		}
	}

	// CodeTTL: every allowed value is a duration the code accepts.
	ttl := params["CodeTTL"]
	if len(ttl.AllowedValues) == 0 {
		t.Errorf("parameter CodeTTL needs AllowedValues")
	}
	for _, v := range ttl.AllowedValues {
		if cfg, err := loadWith("CodeTTL", v); err != nil {
			t.Errorf("CodeTTL allows %q, which the code rejects: %v", v, err)
		} else if d, _ := time.ParseDuration(v); cfg.CodeTTL != d {
			t.Errorf("CodeTTL %q gives %v", v, cfg.CodeTTL)
		}
	}
	for _, v := range []string{config.MinCodeTTL.String(), config.MaxCodeTTL.String()} {
		if !slices.ContainsFunc(ttl.AllowedValues, func(a string) bool { d, _ := time.ParseDuration(a); return d.String() == v }) {
			t.Errorf("CodeTTL AllowedValues %v do not include the code's limit %s", ttl.AllowedValues, v)
		}
	}

	// LockoutWindow: every allowed value is a window the code accepts.
	for _, v := range params["LockoutWindow"].AllowedValues {
		if cfg, err := loadWith("LockoutWindow", v); err != nil {
			t.Errorf("LockoutWindow allows %q, which the code rejects: %v", v, err)
		} else if d, _ := time.ParseDuration(v); cfg.Limits.Policy.WrongAnswers.Length != d {
			t.Errorf("LockoutWindow %q gives %v", v, cfg.Limits.Policy.WrongAnswers.Length)
		}
	}

	// String parameters: the template's pattern and lengths accept what the code accepts.
	for _, tc := range []struct {
		param   string
		samples []string
	}{
		{"SMSSenderId", []string{"", "MyApp", "My-App-1", "A", "12345", "-", "ABCDEFGHIJK", "ABCDEFGHIJKL", "My App", "Ünï"}},
		{"SMSMessage", []string{"{code}", "Your code: {code}", "{code} is your code\nfrom us", "no placeholder", "{cod}e", strings.Repeat("x", 1594) + "{code}", strings.Repeat("x", 1595) + "{code}"}},
		{"EmailSubject", []string{"Your sign-in code", "x", "Code: {code}", "two\nlines", "carriage\rreturn", strings.Repeat("s", 200), strings.Repeat("s", 201)}},
		// Up to 4096 characters, CloudFormation's limit of a parameter
		// value; the code takes up to 10000 bytes.
		{"EmailMessage", []string{"{code}", "Your code: {code}", "Hello,\n\nyour code is {code}.\r\n\r\nBye", "no placeholder", "{cod}e", strings.Repeat("x", 4090) + "{code}"}},
	} {
		p := params[tc.param]
		pattern, err := regexp.Compile("^(?:" + p.AllowedPattern + ")$") // CloudFormation matches the whole value
		if err != nil {
			t.Errorf("parameter %s: AllowedPattern: %v", tc.param, err)
			continue
		}
		for _, s := range tc.samples {
			template := pattern.MatchString(s) && lengthWithin(len(s), p.MinLength, p.MaxLength)
			_, err := loadWith(tc.param, s)
			if template != (err == nil) {
				t.Errorf("parameter %s: the template allows %q: %v, the code: %v (error %v)", tc.param, s, template, err == nil, err)
			}
		}
	}
}

// TestCountryCodesParameter: what the code accepts, the template accepts,
// and text that is not a list of codes the template refuses. (A list of
// well-formed codes that are not assigned, such as +999, passes the
// template and stops the triggers at start with a message naming it.)
func TestCountryCodesParameter(t *testing.T) {
	tmpl, _ := load(t)
	p := tmpl.Parameters["AllowedCountryCodes"]
	pattern, err := regexp.Compile("^(?:" + p.AllowedPattern + ")$")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"", "+1", "+1,+44,+49", "+1, +44", "+1 268", "+1268,+44 20", "+880,+7"} {
		if _, err := config.LoadPreSignUp(only(config.EnvAllowedCountryCodes, s)); err != nil {
			t.Errorf("the code refuses %q: %v", s, err)
		}
		if !pattern.MatchString(s) || !lengthWithin(len(s), p.MinLength, p.MaxLength) {
			t.Errorf("AllowedCountryCodes refuses %q, which the code accepts", s)
		}
	}
	for _, s := range []string{"44", "+1,", ",+1", "+1,,+44", "+1;+44", "UK", "+44a", " "} {
		if pattern.MatchString(s) {
			t.Errorf("AllowedCountryCodes accepts %q", s)
		}
		if _, err := config.LoadPreSignUp(only(config.EnvAllowedCountryCodes, s)); err == nil && s != " " {
			t.Errorf("the code accepts %q", s)
		}
	}
}

// only is a config.Lookup that has the one variable name, set to value.
func only(name, value string) config.Lookup {
	return func(n string) (string, bool) {
		if n != name {
			return "", false
		}
		return value, true
	}
}

func lengthWithin(n int, min, max string) bool {
	if lo, err := strconv.Atoi(min); err == nil && n < lo {
		return false
	}
	if hi, err := strconv.Atoi(max); err == nil && n > hi {
		return false
	}
	return true
}

// Every parameter has a default and reaches a resource.
func TestEveryParameterIsUsed(t *testing.T) {
	tmpl, _ := load(t)
	used := map[string]bool{}
	for _, r := range tmpl.Resources {
		maps.Copy(used, Refs(r.Properties))
	}
	maps.Copy(used, Refs(tmpl.Globals))
	maps.Copy(used, Refs(tmpl.Conditions))
	for _, name := range slices.Sorted(maps.Keys(tmpl.Parameters)) {
		if !used[name] {
			t.Errorf("parameter %s reaches no resource", name)
		}
		if tmpl.Parameters[name].Default == nil {
			t.Errorf("parameter %s has no Default", name)
		}
	}
}

// (c) Each trigger is wired to its function, which only the user pool may invoke.
func TestTriggersAreWired(t *testing.T) {
	tmpl, _ := load(t)
	pools := tmpl.ResourcesOfType(TypeUserPool)
	if len(pools) != 1 {
		t.Fatalf("template.yaml has user pools %v, want one", pools)
	}
	pool := pools[0]
	lambdaConfig, _ := Lookup(tmpl.Resources[pool].Properties, "LambdaConfig").(map[string]any)
	want := map[string]any{}
	for _, f := range Functions {
		want[f.Trigger] = arn(f.LogicalID)
	}
	for _, trigger := range slices.Sorted(maps.Keys(want)) {
		if got := lambdaConfig[trigger]; !reflect.DeepEqual(got, want[trigger]) {
			t.Errorf("%s LambdaConfig.%s = %v, want %v", pool, trigger, got, want[trigger])
		}
	}
	for trigger := range lambdaConfig {
		if _, ok := want[trigger]; !ok {
			t.Errorf("%s LambdaConfig.%s is not one of our triggers", pool, trigger)
		}
	}

	permissions := tmpl.ResourcesOfType(TypePermission)
	for _, f := range Functions {
		var found []string
		for _, id := range permissions {
			props := tmpl.Resources[id].Properties
			if !Refs(props["FunctionName"])[f.LogicalID] {
				continue
			}
			found = append(found, id)
			checks := map[string]any{
				"Action":    "lambda:InvokeFunction",
				"Principal": "cognito-idp.amazonaws.com",
				"SourceArn": arn(pool),
			}
			for name, w := range checks {
				if got := props[name]; !reflect.DeepEqual(got, w) {
					t.Errorf("%s (invoke permission of %s): %s = %v, want %v", id, f.LogicalID, name, got, w)
				}
			}
		}
		if len(found) != 1 {
			t.Errorf("%s has invoke permissions %v, want one for %s", f.LogicalID, found, pool)
		}
		// The pool refers to the function; the reverse would be a cycle.
		if Refs(tmpl.Resources[f.LogicalID].Properties)[pool] {
			t.Errorf("%s refers to %s, which refers to it: a dependency cycle", f.LogicalID, pool)
		}
	}

	for _, name := range []string{"UserPoolId", "UserPoolArn", "UserPoolClientId"} {
		if _, ok := tmpl.Outputs[name]; !ok {
			t.Errorf("output %s is missing", name)
		}
	}
	for _, f := range Functions {
		out := tmpl.Outputs[f.LogicalID+"Arn"]
		if !reflect.DeepEqual(out.Value, arn(f.LogicalID)) {
			t.Errorf("output %sArn = %v, want %v", f.LogicalID, out.Value, arn(f.LogicalID))
		}
	}
}

// The user pool and app client allow the sign-in flow SignInFlow names and
// nothing else, checked for each flow as deployed: the code flow has no
// password policy and no MFA, whatever AuthenticatorApp says; the password
// flows have the password policy parameters and TOTP, optional or, with
// AuthenticatorApp required, required (MFA ON: Cognito's MFA_SETUP for
// users without an app). In every flow the app client allows only
// CUSTOM_AUTH (and refresh): SRP inside CUSTOM_AUTH needs no
// ALLOW_USER_SRP_AUTH, which would let the password alone sign in.
func TestUserPoolPerSignInFlow(t *testing.T) {
	tmpl, _ := load(t)
	if got := tmpl.Parameters["SignInFlow"].Default; got == nil || *got != string(session.FlowCode) {
		t.Errorf("SignInFlow defaults to %v, want %s", got, session.FlowCode)
	}
	app := tmpl.Parameters["AuthenticatorApp"]
	if app.Default == nil || *app.Default != "optional" || !slices.Equal(app.AllowedValues, []string{"optional", "required"}) {
		t.Errorf("AuthenticatorApp: %+v, want optional or required, default optional", app)
	}
	for _, flow := range session.Flows {
		for _, setting := range []string{"optional", "required"} {
			t.Run(string(flow)+"/AuthenticatorApp="+setting, func(t *testing.T) {
				params := map[string]string{"SignInFlow": string(flow), "AuthenticatorApp": setting}
				mfa := "OFF"
				switch {
				case passwordFlow(flow) && setting == "required":
					mfa = "ON"
				case passwordFlow(flow):
					mfa = "OPTIONAL"
				}
				checkUserPool(t, deployedWith(t, params), passwordFlow(flow), mfa)
				checkAppClient(t, deployedWith(t, params))
			})
		}
	}
}

// checkUserPool checks the user pool of a flow with a password or without,
// whose MfaConfiguration must be mfa.
func checkUserPool(t *testing.T, tmpl *Template, password bool, mfa string) {
	pools := tmpl.ResourcesOfType(TypeUserPool)
	if len(pools) == 0 {
		t.Fatal("template.yaml has no user pool")
	}
	for _, id := range pools {
		props := tmpl.Resources[id].Properties
		want := map[string]any{
			"UsernameAttributes":                             []any{"phone_number"},
			"AdminCreateUserConfig.AllowAdminCreateUserOnly": "false",
			"MfaConfiguration":                               mfa,
			"EnabledMfas":                                    nil,
			"Policies":                                       nil,
			"AccountRecoverySetting.RecoveryMechanisms":      []any{map[string]any{"Name": "admin_only", "Priority": "1"}},
			"DeletionProtection":                             ref("DeletionProtection"),
		}
		if password {
			want["EnabledMfas"] = []any{"SOFTWARE_TOKEN_MFA"}
			want["Policies"] = map[string]any{"PasswordPolicy": map[string]any{
				"MinimumLength":    ref("PasswordMinimumLength"),
				"RequireLowercase": ref("PasswordRequireLowercase"),
				"RequireUppercase": ref("PasswordRequireUppercase"),
				"RequireNumbers":   ref("PasswordRequireNumbers"),
				"RequireSymbols":   ref("PasswordRequireSymbols"),
			}}
		}
		for _, path := range slices.Sorted(maps.Keys(want)) {
			if got := Lookup(props, strings.Split(path, ".")...); !reflect.DeepEqual(got, want[path]) {
				t.Errorf("%s: %s = %v, want %v", id, path, got, want[path])
			}
		}
		// The pre sign-up trigger verifies the phone number; Cognito must not send codes of its own.
		if v, ok := props["AutoVerifiedAttributes"]; ok {
			t.Errorf("%s: AutoVerifiedAttributes = %v, want none", id, v)
		}
		// No SMS role: TOTP is the only MFA, and the triggers send the codes.
		if v, ok := props["SmsConfiguration"]; ok {
			t.Errorf("%s: SmsConfiguration = %v, want none", id, v)
		}
	}
}

func checkAppClient(t *testing.T, tmpl *Template) {
	clients := tmpl.ResourcesOfType(TypeUserPoolClient)
	if len(clients) == 0 {
		t.Fatal("template.yaml has no app client")
	}
	for _, id := range clients {
		props := tmpl.Resources[id].Properties
		flows, _ := strs(props["ExplicitAuthFlows"])
		slices.Sort(flows)
		if want := []string{"ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}; !slices.Equal(flows, want) {
			t.Errorf("%s: ExplicitAuthFlows = %v, want exactly %v", id, flows, want)
		}
		if got := props["PreventUserExistenceErrors"]; got != "ENABLED" {
			t.Errorf("%s: PreventUserExistenceErrors = %v, want ENABLED", id, got)
		}
		if got, ok := props["GenerateSecret"]; ok && got != "false" {
			t.Errorf("%s: GenerateSecret = %v, want false: the client runs on users' devices", id, got)
		}
		if got := props["AuthSessionValidity"]; !reflect.DeepEqual(got, ref("AuthSessionValidity")) {
			t.Errorf("%s: AuthSessionValidity = %v, want !Ref AuthSessionValidity", id, got)
		}
		// A stolen access token must not redirect the codes: the client
		// writes no address, and local mode allows exactly what it does.
		writable, _ := strs(props["WriteAttributes"])
		if !slices.Equal(writable, localpool.ClientWritableAttributes) {
			t.Errorf("%s: WriteAttributes = %v, want local mode's %v (no phone_number, no email)", id, writable, localpool.ClientWritableAttributes)
		}
		if slices.Contains(writable, "phone_number") || slices.Contains(writable, "email") || len(writable) == 0 {
			t.Errorf("%s: WriteAttributes = %v: the app client must not write an address, and an empty list means all", id, writable)
		}
	}
}

// The password policy parameters are Cognito's: its defaults (8
// characters, every class required, as when a pool sets no policy) and
// its limits on the length (6 to 99).
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_PasswordPolicyType.html
func TestPasswordPolicyParameters(t *testing.T) {
	tmpl, _ := load(t)
	p := tmpl.Parameters["PasswordMinimumLength"]
	if p.Type != "Number" || p.Default == nil || *p.Default != "8" || p.MinValue != "6" || p.MaxValue != "99" {
		t.Errorf("PasswordMinimumLength: %+v, want a Number from 6 to 99, default 8", p)
	}
	for _, name := range []string{"PasswordRequireLowercase", "PasswordRequireUppercase", "PasswordRequireNumbers", "PasswordRequireSymbols"} {
		p := tmpl.Parameters[name]
		values := slices.Sorted(slices.Values(p.AllowedValues))
		if p.Default == nil || *p.Default != "true" || !slices.Equal(values, []string{"false", "true"}) {
			t.Errorf("%s: %+v, want true or false, default true", name, p)
		}
	}
}

// Every parameter appears in exactly one group of the console's form.
func TestParameterGroups(t *testing.T) {
	tmpl, _ := load(t)
	groups, _ := Lookup(tmpl.Metadata, "AWS::CloudFormation::Interface", "ParameterGroups").([]any)
	seen := map[string]int{}
	for _, g := range groups {
		names, _ := strs(Lookup(g, "Parameters"))
		for _, n := range names {
			seen[n]++
		}
	}
	for _, name := range slices.Sorted(maps.Keys(tmpl.Parameters)) {
		if seen[name] != 1 {
			t.Errorf("parameter %s is in %d parameter groups, want 1", name, seen[name])
		}
	}
	for name := range seen {
		if _, ok := tmpl.Parameters[name]; !ok {
			t.Errorf("parameter group names %s, which is no parameter", name)
		}
	}
}

// (e) Least privilege, with AbuseProtection on and off, Passkeys on and
// off, every UsernameAttributes, with and without a configuration set: no
// IAM resource and no role of our own; create may publish SMS to phone
// numbers only, and only with SMS; create may send email from the
// SESIdentityArn identity (and with the EmailConfigurationSet) only, and
// only with email; create and verify may UpdateItem on the limits table,
// only when it exists; with passkeys only, create may Query the
// credentials table, verify Query and UpdateItem it, and the passkeys API
// Query, PutItem, UpdateItem and DeleteItem it, nothing else; the other
// functions have no policy.
func TestLeastPrivilege(t *testing.T) {
	for setting, on := range abuseSettings {
		for passkeys, passkeysOn := range passkeySettings {
			for _, u := range usernameSettings {
				for _, configSet := range []string{"", "sign-in-codes"} {
					t.Run(setting+"/"+passkeys+"/"+u.value+"/"+configSet, func(t *testing.T) {
						params := u.params()
						maps.Copy(params, passkeyParams(passkeys))
						params["AbuseProtection"] = setting
						params["EmailConfigurationSet"] = configSet
						checkLeastPrivilege(t, deployedWith(t, params), on, passkeysOn, u, configSet)
					})
				}
			}
		}
	}
}

// credentialsActions are the DynamoDB actions each command may call on
// the credentials table, with passkeys on; the others may call none.
var credentialsActions = map[string][]string{
	"create-auth-challenge": {"dynamodb:Query"},
	"verify-auth-challenge": {"dynamodb:Query", "dynamodb:UpdateItem"},
	config.PasskeysAPI:      {"dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"},
}

// statement is one IAM policy statement, as the template writes it.
type statement map[string]any

func checkLeastPrivilege(t *testing.T, tmpl *Template, abuseOn, passkeysOn bool, u usernameSetting, configSet string) {
	for id, r := range tmpl.Resources {
		if strings.HasPrefix(r.Type, "AWS::IAM::") {
			t.Errorf("resource %s is %s: let SAM make each function's role from its Policies", id, r.Type)
		}
	}
	for _, name := range []string{"Role", "Policies"} {
		if v, ok := tmpl.Globals["Function"][name]; ok {
			t.Errorf("Globals.Function.%s = %v: it would reach every function", name, v)
		}
	}
	for _, f := range deployedFunctions(t, tmpl) {
		props := tmpl.Resources[f.LogicalID].Properties
		if v, ok := props["Role"]; ok {
			t.Errorf("%s: Role = %v, want SAM's role (basic execution plus Policies)", f.LogicalID, v)
		}
		var sns, ses, dynamo, credentials []statement
		for _, st := range statements(t, f.LogicalID, props["Policies"]) {
			for _, key := range []string{"NotAction", "NotResource"} {
				if _, ok := st[key]; ok {
					t.Errorf("%s: statement %v uses %s", f.LogicalID, st, key)
				}
			}
			switch actions, _ := strs(st["Action"]); {
			case slices.Equal(actions, []string{"sns:Publish"}):
				sns = append(sns, st)
			case slices.Equal(actions, []string{"ses:SendEmail"}):
				ses = append(ses, st)
			case reflect.DeepEqual(st["Resource"], arn(CredentialsTableID)):
				credentials = append(credentials, st)
			case slices.Equal(actions, []string{"dynamodb:UpdateItem"}):
				dynamo = append(dynamo, st)
			default:
				t.Errorf("%s: statement %v, want Action sns:Publish, ses:SendEmail or dynamodb:UpdateItem only, or DynamoDB actions on %s", f.LogicalID, st, CredentialsTableID)
			}
		}
		checkCredentialsStatements(t, f, credentials, passkeysOn)
		checkSNSStatements(t, f, sns, u.sms())
		checkSESStatements(t, f, ses, u.email(), configSet)
		counts := f.Command == "create-auth-challenge" || f.Command == "verify-auth-challenge"
		switch {
		case !abuseOn || !counts:
			if len(dynamo) > 0 {
				t.Errorf("%s: %v, want no DynamoDB permission (abuse protection on: %v)", f.LogicalID, dynamo, abuseOn)
			}
		case len(dynamo) != 1 || dynamo[0]["Effect"] != "Allow" || !reflect.DeepEqual(dynamo[0]["Resource"], arn(limitsTable)):
			t.Errorf("%s: DynamoDB statements %v, want one allowing dynamodb:UpdateItem on %s only", f.LogicalID, dynamo, limitsTable)
		}
	}
}

// checkCredentialsStatements: with passkeys, one statement allowing
// exactly the command's credentialsActions on the credentials table (its
// ARN only: no index, no other table); without, none.
func checkCredentialsStatements(t *testing.T, f Function, credentials []statement, passkeysOn bool) {
	want := credentialsActions[f.Command]
	if !passkeysOn || want == nil {
		if len(credentials) > 0 {
			t.Errorf("%s: %v, want no permission on %s (passkeys on: %v)", f.LogicalID, credentials, CredentialsTableID, passkeysOn)
		}
		return
	}
	if len(credentials) != 1 || credentials[0]["Effect"] != "Allow" {
		t.Errorf("%s: statements on %s %v, want one Allow of %v", f.LogicalID, CredentialsTableID, credentials, want)
		return
	}
	actions, _ := strs(credentials[0]["Action"])
	slices.Sort(actions)
	if !slices.Equal(actions, want) {
		t.Errorf("%s: allows %v on %s, want exactly %v", f.LogicalID, actions, CredentialsTableID, want)
	}
}

// statements returns the statements of a function's Policies, each an
// inline policy document: SAM policy templates and managed policies grant
// more than the triggers use.
func statements(t *testing.T, id string, policies any) []statement {
	if policies == nil {
		return nil
	}
	list, ok := policies.([]any)
	if !ok {
		t.Errorf("%s: Policies = %v, want a list of policy documents", id, policies)
		return nil
	}
	var out []statement
	for _, p := range list {
		sts, ok := Lookup(p, "Statement").([]any)
		if !ok {
			t.Errorf("%s: policy %v is not an inline policy document", id, p)
			continue
		}
		for _, s := range sts {
			st, _ := s.(map[string]any)
			out = append(out, st)
		}
	}
	return out
}

// checkSNSStatements: only create publishes, only with SMS, to phone
// numbers only ("*", with an explicit Deny on every topic and endpoint ARN).
func checkSNSStatements(t *testing.T, f Function, sns []statement, smsOn bool) {
	if f.Command != "create-auth-challenge" || !smsOn {
		if len(sns) > 0 {
			t.Errorf("%s: %v, want no SNS permission: %s sends no SMS (SMS on: %v)", f.LogicalID, sns, f.Command, smsOn)
		}
		return
	}
	var allows, denies int
	for _, st := range sns {
		switch st["Effect"] {
		case "Allow":
			allows++
			if st["Resource"] != "*" {
				t.Errorf("%s: Allow statement %v: SMS to a phone number is authorized on Resource \"*\" only", f.LogicalID, st)
			}
		case "Deny":
			if reflect.DeepEqual(st["Resource"], map[string]any{"Fn::Sub": "arn:${AWS::Partition}:sns:*:*:*"}) || st["Resource"] == "arn:aws:sns:*:*:*" {
				denies++
			}
		default:
			t.Errorf("%s: statement %v has no Effect Allow or Deny", f.LogicalID, st)
		}
	}
	if allows == 0 {
		t.Errorf("%s: no statement allows sns:Publish: the create trigger cannot send SMS", f.LogicalID)
	}
	if denies == 0 {
		t.Errorf("%s: no statement denies sns:Publish on arn:${AWS::Partition}:sns:*:*:*: the function could publish to any topic", f.LogicalID)
	}
}

// The limits table and the budget alarms exist only with AbuseProtection
// on: a table of the schema dynamolimits uses, on demand, TTL on its expiry
// attribute, no backups; for each channel of UsernameAttributes, an alarm
// on the metric create writes when the pool's budget of that channel
// refuses a code.
func TestAbuseProtection(t *testing.T) {
	for setting, on := range abuseSettings {
		for _, u := range usernameSettings {
			t.Run(setting+"/"+u.value, func(t *testing.T) {
				params := u.params()
				params["AbuseProtection"] = setting
				checkAbuseProtection(t, deployedWith(t, params), on, u)
			})
		}
	}
}

// budgetAlarms names the budget alarm of each channel and the limit it watches.
var budgetAlarms = map[session.Channel]struct {
	id    string
	limit limits.Kind
}{
	session.ChannelSMS:   {"SMSBudgetAlarm", limits.KindPool},
	session.ChannelEmail: {"EmailBudgetAlarm", limits.KindEmailPool},
}

func checkAbuseProtection(t *testing.T, tmpl *Template, on bool, u usernameSetting) {
	tables := tmpl.ResourcesOfType("AWS::DynamoDB::Table")
	alarms := tmpl.ResourcesOfType("AWS::CloudWatch::Alarm")
	_, output := tmpl.Outputs["LimitsTableName"]
	if !on {
		if len(tables) > 0 || len(alarms) > 0 || output {
			t.Errorf("abuse protection off, yet tables %v, alarms %v, output %v", tables, alarms, output)
		}
		return
	}
	var wantAlarms []string
	for _, c := range u.channels {
		wantAlarms = append(wantAlarms, budgetAlarms[c].id)
	}
	slices.Sort(wantAlarms)
	if !slices.Equal(tables, []string{limitsTable}) || !slices.Equal(alarms, wantAlarms) || !output {
		t.Fatalf("abuse protection on: tables %v, alarms %v, output %v; want %s, alarms %v, an output", tables, alarms, output, limitsTable, wantAlarms)
	}
	table := tmpl.Resources[limitsTable].Properties
	for path, want := range map[string]any{
		"BillingMode":             "PAY_PER_REQUEST",
		"AttributeDefinitions":    []any{map[string]any{"AttributeName": dynamolimits.AttrKey, "AttributeType": "S"}},
		"KeySchema":               []any{map[string]any{"AttributeName": dynamolimits.AttrKey, "KeyType": "HASH"}},
		"TimeToLiveSpecification": map[string]any{"AttributeName": dynamolimits.AttrExpires, "Enabled": "true"},
		"PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled": "false",
	} {
		if got := Lookup(table, strings.Split(path, ".")...); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %s = %v, want %v", limitsTable, path, got, want)
		}
	}
	for _, c := range u.channels {
		b := budgetAlarms[c]
		alarm := tmpl.Resources[b.id].Properties
		wantDims := []any{
			map[string]any{"Name": "UserPoolId", "Value": ref("UserPool")},
			map[string]any{"Name": "Limit", "Value": string(b.limit)},
		}
		if alarm["Namespace"] != trigger.MetricNamespace || alarm["MetricName"] != trigger.MetricRefused ||
			!reflect.DeepEqual(alarm["Dimensions"], wantDims) {
			t.Errorf("%s on %v %v %v, want %s %s %v: the metric create writes", b.id, alarm["Namespace"], alarm["MetricName"],
				alarm["Dimensions"], trigger.MetricNamespace, trigger.MetricRefused, wantDims)
		}
	}
}

// (f) The code-hash key is in no configuration: create and verify get the
// ARN of one KMS HMAC key (CODE_HASH_KEY_ID) and derive the key from it at
// start; CODE_HASH_KEY is declared empty (for sam local invoke's env files);
// only their roles may call kms:GenerateMac on it; no secret, dynamic
// reference, parameter or output holds a key.
func TestCodeHashKeyIsInKMS(t *testing.T) {
	tmpl, _ := load(t)
	keys := map[string]bool{}
	var roles []any
	for _, f := range Functions {
		if !slices.Contains(config.Variables[f.Command], config.EnvCodeHashKeyID) {
			continue
		}
		env := tmpl.Environment(f.LogicalID)
		att, _ := Lookup(env[config.EnvCodeHashKeyID], "Fn::GetAtt").([]any)
		if len(att) != 2 || att[1] != "Arn" {
			t.Errorf("%s: %s = %v, want !GetAtt <KMS key>.Arn", f.LogicalID, config.EnvCodeHashKeyID, env[config.EnvCodeHashKeyID])
			continue
		}
		keys[fmt.Sprint(att[0])] = true
		if v, ok := env[config.EnvCodeHashKey]; !ok || v != "" {
			t.Errorf("%s: %s = %v, want declared and empty: the key is derived, never configured", f.LogicalID, config.EnvCodeHashKey, v)
		}
		roles = append(roles, map[string]any{"Fn::GetAtt": []any{f.LogicalID + "Role", "Arn"}})
	}
	if len(keys) != 1 {
		t.Fatalf("create and verify derive from the KMS keys %v, want one: codes would never verify", slices.Sorted(maps.Keys(keys)))
	}
	for id := range keys {
		r := tmpl.Resources[id]
		if r.Type != TypeKMSKey || r.Properties["KeySpec"] != "HMAC_256" || r.Properties["KeyUsage"] != "GENERATE_VERIFY_MAC" {
			t.Errorf("%s: %s %v %v, want an %s of KeySpec HMAC_256, KeyUsage GENERATE_VERIFY_MAC", id, r.Type, r.Properties["KeySpec"], r.Properties["KeyUsage"], TypeKMSKey)
		}
		statements, _ := Lookup(r.Properties, "KeyPolicy", "Statement").([]any)
		var derivers []any
		for _, st := range statements {
			st, _ := st.(map[string]any)
			actions, _ := strs(st["Action"])
			if st["Effect"] != "Allow" {
				continue
			}
			for _, a := range actions {
				if a == "kms:GenerateMac" {
					derivers = append(derivers, Lookup(st, "Principal", "AWS"))
				} else if strings.Contains(a, "*") || strings.HasPrefix(a, "kms:Generate") || a == "kms:VerifyMac" {
					t.Errorf("%s: the key policy allows %s: it must grant only named administrative actions besides create's and verify's kms:GenerateMac", id, a)
				}
			}
		}
		if len(derivers) != 1 || !reflect.DeepEqual(derivers[0], roles) {
			t.Errorf("%s: kms:GenerateMac is allowed to %v, want exactly create's and verify's roles %v", id, derivers, roles)
		}
	}
	if secrets := tmpl.ResourcesOfType("AWS::SecretsManager::Secret"); len(secrets) > 0 {
		t.Errorf("the template has secrets %v: the key is in KMS, and SAR does not accept secrets", secrets)
	}
	for _, f := range AllFunctions() {
		for name, v := range tmpl.Environment(f.LogicalID) {
			if strings.Contains(fmt.Sprint(v), "{{resolve:") {
				t.Errorf("%s: %s is a dynamic reference: its value would be readable in the function's configuration", f.LogicalID, name)
			}
		}
	}
	for name := range tmpl.Parameters {
		// Passkeys are no keys of ours: their private keys stay in the
		// users' authenticators.
		if strings.Contains(strings.ReplaceAll(strings.ToLower(name), "passkey", ""), "key") {
			t.Errorf("parameter %s: the code-hash key must come from KMS, not a parameter", name)
		}
	}
}

// (d) sam publish needs complete metadata and the files it points to.
func TestServerlessRepoMetadata(t *testing.T) {
	tmpl, root := load(t)
	app, err := tmpl.SAR()
	if err != nil {
		t.Fatal(err)
	}
	// Limits from the SAM template Metadata reference.
	patterns := map[string]struct {
		value   string
		pattern string
	}{
		"Name":            {app.Name, `^[a-zA-Z0-9-]{1,140}$`},
		"Description":     {app.Description, `^[\s\S]{1,256}$`},
		"Author":          {app.Author, `^[a-z0-9](?:[a-z0-9]|-[a-z0-9])*$`},
		"SpdxLicenseId":   {app.SpdxLicenseID, `^\S+$`},
		"LicenseUrl":      {app.LicenseURL, `^\S+$`},
		"ReadmeUrl":       {app.ReadmeURL, `^\S+$`},
		"HomePageUrl":     {app.HomePageURL, `^https://\S+$`},
		"SourceCodeUrl":   {app.SourceCodeURL, `^https://\S+$`},
		"SemanticVersion": {app.SemanticVersion, `^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$`},
	}
	for _, field := range slices.Sorted(maps.Keys(patterns)) {
		p := patterns[field]
		if !regexp.MustCompile(p.pattern).MatchString(p.value) {
			t.Errorf("%s.%s = %q, want a value matching %s", SARKey, field, p.value, p.pattern)
		}
	}
	if len(app.Description) > 256 {
		t.Errorf("%s.Description has %d characters, at most 256 allowed", SARKey, len(app.Description))
	}
	if n := len(app.Labels); n < 1 || n > 10 {
		t.Errorf("%s.Labels has %d labels, want 1 to 10", SARKey, n)
	}
	label := regexp.MustCompile(`^[a-zA-Z0-9+\-_:/@]{1,127}$`)
	for _, l := range app.Labels {
		if !label.MatchString(l) {
			t.Errorf("%s.Labels: %q does not match %s", SARKey, l, label)
		}
	}
	for field, file := range map[string]string{"LicenseUrl": app.LicenseURL, "ReadmeUrl": app.ReadmeURL} {
		if file == "" {
			continue
		}
		if info, err := os.Stat(filepath.Join(root, file)); err != nil || info.Size() == 0 {
			t.Errorf("%s.%s is %q, but that file is missing or empty at the module root (sam package uploads it): %v", SARKey, field, file, err)
		}
	}
}

// TestSARResourceTypes transforms the template with AWS's own SAM
// translator, as sam package and SAR do, and checks that the types it uses
// are exactly those docs/deploy.md lists as on SAR's list of supported
// resources: a new type must be checked against that list and documented.
func TestSARResourceTypes(t *testing.T) {
	_, root := load(t)
	cmd := exec.CommandContext(t.Context(), "python3", filepath.Join("testdata", "sam_transform.py"), filepath.Join(root, File))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("the SAM transform (samtranslator, installed with cfn-lint: pip install cfn-lint): %v\n%s", err, stderr.String())
	}
	var transformed struct {
		Resources map[string]struct{ Type string }
	}
	if err := json.Unmarshal(out, &transformed); err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, r := range transformed.Resources {
		used[r.Type] = true
	}
	doc, err := os.ReadFile(filepath.Join(root, "docs", "deploy.md"))
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)` \\|[^|]*\\| (\\w+) \\|$").FindAllStringSubmatch(string(doc), -1) {
		if m[2] != "yes" {
			t.Errorf("docs/deploy.md lists %s as %q on SAR's list: SAR would refuse the application", m[1], m[2])
		}
		documented[m[1]] = true
	}
	if !maps.Equal(used, documented) {
		t.Errorf("the transformed template uses %v, docs/deploy.md lists %v", slices.Sorted(maps.Keys(used)), slices.Sorted(maps.Keys(documented)))
	}
}
