package samtemplate

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeydb"
	"github.com/cognito-passwordless/passwordless-go/internal/startup"
)

// The tests in this file check the passkeys: the Passkeys parameter brings
// the credentials table, the passkeys API and its function, and create's
// and verify's access to the table; the parameters are the code's.

// passkeySettings are the values of the Passkeys parameter, and whether
// each turns passkeys on.
var passkeySettings = map[string]bool{"Enabled": true, "Disabled": false}

// Parameter values for a relying party, which the rule
// PasskeysNeedRelyingParty asks for with passkeys on.
const (
	testRPID    = "example.com"
	testOrigins = "https://app.example.com,https://example.com"
)

// passkeyParams are the parameters of a deployment with Passkeys set to
// setting: with passkeys on, a relying party.
func passkeyParams(setting string) map[string]string {
	p := map[string]string{"Passkeys": setting}
	if passkeySettings[setting] {
		p["PasskeyRelyingPartyId"] = testRPID
		p["PasskeyOrigins"] = testOrigins
	}
	return p
}

// passkeyRoutes are the passkeys API's routes, "METHOD path".
var passkeyRoutes = []string{
	"DELETE /passkeys/{id}",
	"GET /passkeys",
	"PATCH /passkeys/{id}",
	"POST /passkeys",
	"POST /passkeys/registration",
}

// The credentials table's schema is package passkeydb's.
const (
	attrSub       = passkeydb.AttrOwner
	attrItem      = passkeydb.AttrItem
	attrExpiresAt = passkeydb.AttrExpiresAt
)

// The passkey resources exist with Passkeys=Enabled only, and none of
// them without: the table, the API, its function, their outputs.
func TestPasskeyResources(t *testing.T) {
	tmpl, _ := load(t)
	if p := tmpl.Parameters["Passkeys"]; p.Default == nil || *p.Default != "Disabled" || !slices.Equal(slices.Sorted(slices.Values(p.AllowedValues)), []string{"Disabled", "Enabled"}) {
		t.Errorf("Passkeys: %+v, want Enabled or Disabled, default Disabled", p)
	}
	for _, id := range []string{CredentialsTableID, PasskeysAPIID, PasskeysAPI.LogicalID} {
		if got := tmpl.Resources[id].Condition; got != PasskeysAPI.Condition {
			t.Errorf("%s: Condition = %q, want %s", id, got, PasskeysAPI.Condition)
		}
	}
	outputs := []string{"CredentialsTableName", "PasskeysApiUrl", "PasskeysApiFunctionArn"}
	for setting, on := range passkeySettings {
		t.Run(setting, func(t *testing.T) {
			d := deployedWith(t, passkeyParams(setting))
			for _, id := range []string{CredentialsTableID, PasskeysAPIID, PasskeysAPI.LogicalID} {
				if _, ok := d.Resources[id]; ok != on {
					t.Errorf("passkeys %s: resource %s present: %v", setting, id, ok)
				}
			}
			for _, name := range outputs {
				if _, ok := d.Outputs[name]; ok != on {
					t.Errorf("passkeys %s: output %s present: %v", setting, name, ok)
				}
			}
			var apis []string
			for _, typ := range []string{TypeHTTPAPI, "AWS::Serverless::Api", "AWS::ApiGatewayV2::Api", "AWS::ApiGateway::RestApi"} {
				apis = append(apis, d.ResourcesOfType(typ)...)
			}
			if want := []string{PasskeysAPIID}; on && !slices.Equal(apis, want) || !on && len(apis) > 0 {
				t.Errorf("passkeys %s: APIs %v", setting, apis)
			}
		})
	}
	if url := tmpl.Outputs["PasskeysApiUrl"]; !Refs(url.Value)[PasskeysAPIID] {
		t.Errorf("output PasskeysApiUrl = %v, want the URL of %s", url.Value, PasskeysAPIID)
	}
}

// The credentials table: the users' passkeys, so retained on stack
// deletion and replacement, backed up (PITR), encrypted, on demand, with
// passkeydb's key schema and TTL attribute.
func TestCredentialsTable(t *testing.T) {
	tmpl, _ := load(t)
	r := tmpl.Resources[CredentialsTableID]
	if r.Type != TypeTable {
		t.Fatalf("%s is %q, want %s", CredentialsTableID, r.Type, TypeTable)
	}
	if r.DeletionPolicy != "Retain" || r.UpdateReplacePolicy != "Retain" {
		t.Errorf("%s: DeletionPolicy %q, UpdateReplacePolicy %q, want Retain and Retain: it holds the users' passkeys", CredentialsTableID, r.DeletionPolicy, r.UpdateReplacePolicy)
	}
	props := deployedWith(t, passkeyParams("Enabled")).Resources[CredentialsTableID].Properties
	attrs, _ := props["AttributeDefinitions"].([]any)
	slices.SortFunc(attrs, func(a, b any) int {
		return strings.Compare(Lookup(a, "AttributeName").(string), Lookup(b, "AttributeName").(string))
	})
	for path, want := range map[string]any{
		"BillingMode": "PAY_PER_REQUEST",
		"KeySchema": []any{
			map[string]any{"AttributeName": attrSub, "KeyType": "HASH"},
			map[string]any{"AttributeName": attrItem, "KeyType": "RANGE"},
		},
		"TimeToLiveSpecification":                                     map[string]any{"AttributeName": attrExpiresAt, "Enabled": "true"},
		"PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled": "true",
		"SSESpecification.SSEEnabled":                                 "true",
	} {
		if got := Lookup(props, strings.Split(path, ".")...); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %s = %v, want %v", CredentialsTableID, path, got, want)
		}
	}
	wantAttrs := []any{
		map[string]any{"AttributeName": attrItem, "AttributeType": "S"},
		map[string]any{"AttributeName": attrSub, "AttributeType": "S"},
	}
	if !reflect.DeepEqual(attrs, wantAttrs) {
		t.Errorf("%s: AttributeDefinitions = %v, want %v", CredentialsTableID, attrs, wantAttrs)
	}
	// A KMS key of our own would need kms: permissions and a key policy.
	if v := Lookup(props, "SSESpecification", "KMSMasterKeyId"); v != nil {
		t.Errorf("%s: KMSMasterKeyId = %v, want the AWS managed key (no KMS permission in any role)", CredentialsTableID, v)
	}
	if _, ok := props["TableName"]; ok {
		t.Errorf("%s has a TableName: a retained table of a fixed name would stop a new stack", CredentialsTableID)
	}
}

// The passkeys API: an HTTP API whose default authorizer is a JWT
// authorizer bound to the user pool (issuer) and its app client
// (audience), requiring access tokens; CORS for PasskeyOrigins only;
// throttled; every route of the function behind it, with payload 2.0 and
// no route opting out of the authorizer.
func TestPasskeysAPI(t *testing.T) {
	tmpl := deployedWith(t, passkeyParams("Enabled"))
	api := tmpl.Resources[PasskeysAPIID]
	if api.Type != TypeHTTPAPI {
		t.Fatalf("%s is %q, want %s", PasskeysAPIID, api.Type, TypeHTTPAPI)
	}
	props := api.Properties
	name, _ := Lookup(props, "Auth", "DefaultAuthorizer").(string)
	authorizers, _ := Lookup(props, "Auth", "Authorizers").(map[string]any)
	if name == "" || len(authorizers) != 1 || authorizers[name] == nil {
		t.Fatalf("%s: Auth = %v, want one authorizer, the default", PasskeysAPIID, props["Auth"])
	}
	authorizer := authorizers[name]
	issuer := map[string]any{"Fn::Sub": "https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}"}
	for path, want := range map[string]any{
		"JwtConfiguration.issuer":   issuer,
		"JwtConfiguration.audience": []any{ref("UserPoolClient")},
		"IdentitySource":            "$request.header.Authorization",
		"AuthorizationScopes":       []any{"aws.cognito.signin.user.admin"},
	} {
		if got := Lookup(authorizer, strings.Split(path, ".")...); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: authorizer %s: %s = %v, want %v", PasskeysAPIID, name, path, got, want)
		}
	}
	if pools := tmpl.ResourcesOfType(TypeUserPool); !slices.Equal(pools, []string{"UserPool"}) {
		t.Errorf("user pools %v: the issuer names UserPool", pools)
	}
	if clients := tmpl.ResourcesOfType(TypeUserPoolClient); !slices.Equal(clients, []string{"UserPoolClient"}) {
		t.Errorf("app clients %v: the audience names UserPoolClient", clients)
	}

	cors, _ := props["CorsConfiguration"].(map[string]any)
	methods, _ := strs(cors["AllowMethods"])
	headers, _ := strs(cors["AllowHeaders"])
	slices.Sort(methods)
	slices.Sort(headers)
	if !reflect.DeepEqual(cors["AllowOrigins"], map[string]any{"Fn::Split": []any{",", ref("PasskeyOrigins")}}) ||
		!slices.Equal(methods, []string{"DELETE", "GET", "PATCH", "POST"}) ||
		!slices.Equal(headers, []string{"authorization", "content-type"}) {
		t.Errorf("%s: CorsConfiguration = %v, want PasskeyOrigins only, GET/POST/PATCH/DELETE, authorization and content-type", PasskeysAPIID, props["CorsConfiguration"])
	}
	if v, ok := cors["AllowCredentials"]; ok && v != "false" {
		t.Errorf("%s: AllowCredentials = %v: the API takes a bearer token, no cookie", PasskeysAPIID, v)
	}
	for _, limit := range []string{"ThrottlingBurstLimit", "ThrottlingRateLimit"} {
		if n, err := strconv.Atoi(fmt.Sprint(Lookup(props, "DefaultRouteSettings", limit))); err != nil || n < 1 {
			t.Errorf("%s: DefaultRouteSettings.%s = %v, want a limit", PasskeysAPIID, limit, Lookup(props, "DefaultRouteSettings", limit))
		}
	}

	events, _ := Lookup(tmpl.Resources[PasskeysAPI.LogicalID].Properties, "Events").(map[string]any)
	var routes []string
	for id, e := range events {
		p, _ := Lookup(e, "Properties").(map[string]any)
		if Lookup(e, "Type") != "HttpApi" || !reflect.DeepEqual(p["ApiId"], ref(PasskeysAPIID)) {
			t.Errorf("%s: event %s = %v, want an HttpApi event of %s", PasskeysAPI.LogicalID, id, e, PasskeysAPIID)
		}
		if p["PayloadFormatVersion"] != "2.0" {
			t.Errorf("%s: event %s: PayloadFormatVersion = %v, want 2.0", PasskeysAPI.LogicalID, id, p["PayloadFormatVersion"])
		}
		if v, ok := p["Auth"]; ok {
			t.Errorf("%s: event %s: Auth = %v, want the API's default authorizer", PasskeysAPI.LogicalID, id, v)
		}
		routes = append(routes, fmt.Sprint(p["Method"], " ", p["Path"]))
	}
	slices.Sort(routes)
	if !slices.Equal(routes, passkeyRoutes) {
		t.Errorf("%s: routes %v, want %v", PasskeysAPI.LogicalID, routes, passkeyRoutes)
	}
}

// Create's and verify's permissions on the credentials table are each an
// Fn::If on PasskeysOn whose other branch is AWS::NoValue: without
// passkeys there is no permission at all, not an empty one.
func TestPasskeyPermissionsAreConditional(t *testing.T) {
	tmpl, _ := load(t)
	for _, f := range Functions {
		policies, _ := tmpl.Resources[f.LogicalID].Properties["Policies"].([]any)
		found := 0
		for _, p := range policies {
			if !Refs(p)[CredentialsTableID] {
				continue
			}
			found++
			arg, _ := Lookup(p, "Fn::If").([]any)
			if len(arg) != 3 || arg[0] != PasskeysAPI.Condition || !reflect.DeepEqual(arg[2], ref("AWS::NoValue")) {
				t.Errorf("%s: policy %v on %s, want !If [%s, <policy>, !Ref AWS::NoValue]", f.LogicalID, p, CredentialsTableID, PasskeysAPI.Condition)
			}
		}
		if want := credentialsActions[f.Command] != nil; (found == 1) != want {
			t.Errorf("%s: %d policies on %s, want %v", f.LogicalID, found, CredentialsTableID, want)
		}
	}
}

// With Passkeys=Enabled the relying party id and origins are required,
// before anything is created.
func TestPasskeysNeedRelyingParty(t *testing.T) {
	tmpl, _ := load(t)
	for _, tc := range []struct {
		params map[string]string
		want   string // in the failing rule's description, or ""
	}{
		{map[string]string{"Passkeys": "Disabled"}, ""},
		{passkeyParams("Enabled"), ""},
		{map[string]string{"Passkeys": "Enabled", "PasskeyOrigins": testOrigins}, "PasskeyRelyingPartyId is required"},
		{map[string]string{"Passkeys": "Enabled", "PasskeyRelyingPartyId": testRPID}, "PasskeyOrigins is required"},
	} {
		_, err := tmpl.Deploy(tc.params)
		var ruleErr *RuleError
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("Deploy(%v) = %v, want no error", tc.params, err)
		case tc.want != "" && (!errors.As(err, &ruleErr) || !strings.Contains(ruleErr.Description, tc.want)):
			t.Errorf("Deploy(%v) = %v, want a rule error saying %q", tc.params, err, tc.want)
		}
	}
}

// The passkey parameters' defaults and limits are the code's: the
// passkeys API, which reads them all, loads the defaults as its own
// defaults; every allowed duration, number and verification setting is
// one it accepts; the patterns of the relying party, origins and AAGUIDs
// accept what the code accepts and refuse malformed lists.
func TestPasskeyParametersMatchConfig(t *testing.T) {
	tmpl, _ := load(t)
	params := tmpl.Parameters
	apiParams := map[string]string{}
	for _, env := range config.Variables[config.PasskeysAPI] {
		if p, ok := paramOf[env]; ok {
			apiParams[env] = p
			if params[p].Default == nil {
				t.Fatalf("parameter %s is missing or has no Default", p)
			}
		}
	}
	// The API as deployed: the table, a relying party, the rest of the parameters.
	loadWith := func(param, value string) (config.Passkeys, error) {
		vars := map[string]string{config.EnvCredentialsTable: "table", config.EnvPasskeyRPID: testRPID, config.EnvPasskeyOrigins: testOrigins}
		for env, p := range apiParams {
			if v := *params[p].Default; v != "" {
				vars[env] = v
			}
			if p == param {
				vars[env] = value
			}
		}
		return config.LoadPasskeysAPI(func(name string) (string, bool) { v, ok := vars[name]; return v, ok })
	}
	got, err := loadWith("", "")
	if err != nil {
		t.Fatalf("the passkeys API rejects the parameter defaults: %v", err)
	}
	want, err := config.LoadPasskeysAPI(func(name string) (string, bool) {
		v, ok := map[string]string{config.EnvCredentialsTable: "table", config.EnvPasskeyRPID: testRPID, config.EnvPasskeyOrigins: testOrigins}[name]
		return v, ok
	})
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("parameter defaults give %+v, want the code's defaults %+v (%v)", got, want, err)
	}

	for _, tc := range []struct {
		param    string
		min, max time.Duration
		field    func(config.Passkeys) time.Duration
	}{
		{"PasskeyTimeout", config.MinPasskeyTimeout, config.MaxPasskeyTimeout, func(p config.Passkeys) time.Duration { return p.Timeout }},
		{"PasskeyFreshSignIn", config.MinPasskeyFreshSignIn, config.MaxPasskeyFreshSignIn, func(p config.Passkeys) time.Duration { return p.FreshSignIn }},
	} {
		values := params[tc.param].AllowedValues
		if len(values) == 0 {
			t.Errorf("parameter %s needs AllowedValues", tc.param)
		}
		for _, v := range values {
			d, _ := time.ParseDuration(v)
			if cfg, err := loadWith(tc.param, v); err != nil || tc.field(cfg) != d {
				t.Errorf("%s allows %q, which the code gives %v (%v)", tc.param, v, tc.field(cfg), err)
			}
		}
		// Both of the code's ends, where they are sensible choices.
		if tc.param == "PasskeyFreshSignIn" {
			for _, end := range []time.Duration{tc.min, tc.max} {
				if !slices.ContainsFunc(values, func(v string) bool { d, _ := time.ParseDuration(v); return d == end }) {
					t.Errorf("%s AllowedValues %v do not include the code's limit %v", tc.param, values, end)
				}
			}
		}
	}

	p := params["PasskeyMaxPerUser"]
	lo, errLo := strconv.Atoi(p.MinValue)
	hi, errHi := strconv.Atoi(p.MaxValue)
	if errLo != nil || errHi != nil || lo != 1 || hi != config.MaxPasskeyMaxPerUser {
		t.Errorf("PasskeyMaxPerUser allows %q to %q, want 1 to %d", p.MinValue, p.MaxValue, config.MaxPasskeyMaxPerUser)
	}
	for _, n := range []int{lo, hi} {
		if cfg, err := loadWith("PasskeyMaxPerUser", strconv.Itoa(n)); err != nil || cfg.MaxPerUser != n {
			t.Errorf("PasskeyMaxPerUser %d gives %d (%v)", n, cfg.MaxPerUser, err)
		}
	}
	for _, n := range []int{lo - 1, hi + 1} {
		if _, err := loadWith("PasskeyMaxPerUser", strconv.Itoa(n)); err == nil {
			t.Errorf("the code accepts PasskeyMaxPerUser %d, outside the template's %d to %d", n, lo, hi)
		}
	}

	uv := params["PasskeyUserVerification"]
	if !slices.Equal(slices.Sorted(slices.Values(uv.AllowedValues)), []string{"discouraged", "preferred", "required"}) || uv.Default == nil || *uv.Default != config.DefaultPasskeyUserVerification {
		t.Errorf("PasskeyUserVerification: %+v, want required, preferred or discouraged, default %s", uv, config.DefaultPasskeyUserVerification)
	}
	for _, v := range uv.AllowedValues {
		if cfg, err := loadWith("PasskeyUserVerification", v); err != nil || cfg.UserVerification != v {
			t.Errorf("PasskeyUserVerification %q gives %q (%v)", v, cfg.UserVerification, err)
		}
	}
	for _, v := range params["RequireCodeAfterPasskey"].AllowedValues {
		cfg, err := config.LoadDefine(only(config.EnvRequireCodeAfterPasskey, v))
		if err != nil || strconv.FormatBool(cfg.RequireCodeAfterPasskey) != v {
			t.Errorf("RequireCodeAfterPasskey %q gives %+v, %v", v, cfg, err)
		}
	}

	// Patterns: each good sample passes both the template and the
	// function's start (startup.PasskeyOptions); each bad one the template refuses.
	for _, tc := range []struct {
		param     string
		good, bad []string
	}{
		{"PasskeyRelyingPartyId", []string{"example.com", "login.example.co.uk", "localhost", "a-b.example"}, []string{"Example.com", "example.com.", "https://example.com", "example..com", "-example.com", "exa mple.com", "*.example.com"}},
		{"PasskeyOrigins", []string{"https://example.com", "https://app.example.com,https://example.com", "https://example.com:8443", "http://localhost:3000"},
			[]string{"https://example.com/", "https://example.com, https://app.example.com", "https://example.com,", ",https://example.com", "http://example.com", "https://Example.com", "example.com", "https://example.com/login"}},
		{"PasskeyAllowedAAGUIDs", []string{"08987058-cadc-4b81-b6e1-30de50dcbe96", "08987058-cadc-4b81-b6e1-30de50dcbe96,ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4"},
			[]string{"08987058cadc4b81b6e130de50dcbe96", "08987058-cadc-4b81-b6e1-30de50dcbe96, ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4", "08987058-cadc-4b81-b6e1-30de50dcbe96,", "{08987058-cadc-4b81-b6e1-30de50dcbe96}", "yubikey"}},
	} {
		p := params[tc.param]
		pattern, err := regexp.Compile("^(?:" + p.AllowedPattern + ")$")
		if err != nil {
			t.Errorf("parameter %s: AllowedPattern: %v", tc.param, err)
			continue
		}
		for _, s := range append(slices.Clone(tc.good), "") {
			if !pattern.MatchString(s) || !lengthWithin(len(s), p.MinLength, p.MaxLength) {
				t.Errorf("parameter %s refuses %q", tc.param, s)
			}
		}
		for _, s := range tc.good {
			vars := map[string]string{config.EnvCredentialsTable: "table", config.EnvPasskeyRPID: testRPID, config.EnvPasskeyOrigins: testOrigins}
			switch tc.param {
			case "PasskeyRelyingPartyId":
				vars[config.EnvPasskeyRPID], vars[config.EnvPasskeyOrigins] = s, "https://"+s
			case "PasskeyOrigins":
				vars[config.EnvPasskeyOrigins] = s
				if strings.Contains(s, "localhost") {
					vars[config.EnvPasskeyRPID] = "localhost"
				}
			case "PasskeyAllowedAAGUIDs":
				vars[config.EnvPasskeyAllowedAAGUIDs] = s
			}
			cfg, err := config.LoadPasskeysAPI(func(name string) (string, bool) { v, ok := vars[name]; return v, ok })
			if err == nil {
				_, err = startup.PasskeyOptions(cfg)
			}
			if err != nil {
				t.Errorf("parameter %s allows %q, which the passkeys API refuses: %v", tc.param, s, err)
			}
		}
		for _, s := range tc.bad {
			if pattern.MatchString(s) {
				t.Errorf("parameter %s allows %q", tc.param, s)
			}
		}
	}
	if n, _ := strconv.Atoi(params["PasskeyRelyingPartyName"].MaxLength); n != 100 {
		t.Errorf("PasskeyRelyingPartyName MaxLength = %d, want the code's 100", n)
	}
	if _, err := loadWith("PasskeyRelyingPartyName", strings.Repeat("n", 101)); err == nil {
		t.Errorf("the code accepts a PasskeyRelyingPartyName of 101 bytes")
	}
}

// Every parameter of the passkeys' group reaches the passkeys API or
// define; the names the tests use exist.
func TestPasskeyParameterNames(t *testing.T) {
	tmpl, _ := load(t)
	env := tmpl.Environment(PasskeysAPI.LogicalID)
	for _, name := range config.Variables[config.PasskeysAPI] {
		if name == config.EnvCredentialsTable {
			continue
		}
		if !reflect.DeepEqual(env[name], ref(paramOf[name])) {
			t.Errorf("%s: %s = %v, want !Ref %s", PasskeysAPI.LogicalID, name, env[name], paramOf[name])
		}
	}
	if got := slices.Sorted(maps.Keys(passkeySettings)); !slices.Equal(got, slices.Sorted(slices.Values(tmpl.Parameters["Passkeys"].AllowedValues))) {
		t.Errorf("passkeySettings %v are not Passkeys' AllowedValues %v", got, tmpl.Parameters["Passkeys"].AllowedValues)
	}
}
