package samtemplate

import (
	"errors"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

// The tests in this file check the channels: UsernameAttributes sets the
// pool's username attributes and the triggers' CHANNELS, and email brings
// its parameters, rule and SES permission.

// Parameter values for the email settings' sender.
const (
	testEmailFrom   = "no-reply@example.com"
	testIdentityArn = "arn:aws:ses:us-east-1:123456789012:identity/example.com"
)

// attributeOf is the username attribute of each channel's address.
var attributeOf = map[session.Channel]string{
	session.ChannelSMS:   "phone_number",
	session.ChannelEmail: "email",
}

// usernameSetting is one value of the UsernameAttributes parameter and the
// channels it stands for, in order of preference.
type usernameSetting struct {
	value    string
	channels []session.Channel
}

// usernameSettings are UsernameAttributes' values.
var usernameSettings = []usernameSetting{
	{"phone_number", []session.Channel{session.ChannelSMS}},
	{"email", []session.Channel{session.ChannelEmail}},
	{"phone_number,email", []session.Channel{session.ChannelSMS, session.ChannelEmail}},
	{"email,phone_number", []session.Channel{session.ChannelEmail, session.ChannelSMS}},
}

func (u usernameSetting) sms() bool   { return slices.Contains(u.channels, session.ChannelSMS) }
func (u usernameSetting) email() bool { return slices.Contains(u.channels, session.ChannelEmail) }

// params are the parameters of a deployment with this setting: with
// email, the sender that the rule EmailNeedsSender asks for.
func (u usernameSetting) params() map[string]string {
	p := map[string]string{"UsernameAttributes": u.value}
	if u.email() {
		p["EmailFrom"] = testEmailFrom
		p["SESIdentityArn"] = testIdentityArn
	}
	return p
}

// channelsVar is the CHANNELS value of the setting.
func (u usernameSetting) channelsVar() string {
	var names []string
	for _, c := range u.channels {
		names = append(names, string(c))
	}
	return strings.Join(names, ",")
}

// poolAttributes is the pool's UsernameAttributes: the setting's in a fixed
// order, so that changing the preference does not replace the pool.
func (u usernameSetting) poolAttributes() []any {
	var attrs []any
	for _, c := range session.Channels {
		if slices.Contains(u.channels, c) {
			attrs = append(attrs, attributeOf[c])
		}
	}
	return attrs
}

// orderings returns every ordering of every non-empty subset of channels.
func orderings(channels []session.Channel) [][]session.Channel {
	var out [][]session.Channel
	for i, c := range channels {
		out = append(out, []session.Channel{c})
		rest := slices.Concat(channels[:i:i], channels[i+1:])
		for _, tail := range orderings(rest) {
			out = append(out, slices.Concat([]session.Channel{c}, tail))
		}
	}
	return out
}

// UsernameAttributes offers every ordering of every set of channels, names
// them by their username attributes, and defaults to the code's CHANNELS.
func TestUsernameAttributesParameter(t *testing.T) {
	tmpl, _ := load(t)
	p := tmpl.Parameters["UsernameAttributes"]
	var values []string
	var channels [][]session.Channel
	for _, u := range usernameSettings {
		values = append(values, u.value)
		channels = append(channels, u.channels)
		var attrs []string
		for _, c := range u.channels {
			attrs = append(attrs, attributeOf[c])
		}
		if got := strings.Join(attrs, ","); got != u.value {
			t.Errorf("usernameSettings: %q stands for %v, whose attributes are %q", u.value, u.channels, got)
		}
	}
	if !slices.Equal(slices.Sorted(slices.Values(p.AllowedValues)), slices.Sorted(slices.Values(values))) {
		t.Errorf("UsernameAttributes AllowedValues %v, want %v", p.AllowedValues, values)
	}
	want := orderings(session.Channels)
	if len(want) != len(channels) {
		t.Errorf("UsernameAttributes stands for channels %v, want every ordering %v", channels, want)
	}
	for _, w := range want {
		if !slices.ContainsFunc(channels, func(c []session.Channel) bool { return slices.Equal(c, w) }) {
			t.Errorf("no UsernameAttributes value stands for channels %v", w)
		}
	}

	def, err := config.LoadPreSignUp(func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(usernameSettings, func(u usernameSetting) bool { return p.Default != nil && u.value == *p.Default })
	if i < 0 || !slices.Equal(usernameSettings[i].channels, def.Channels) {
		t.Errorf("UsernameAttributes defaults to %v, want the value of the code's default channels %v", p.Default, def.Channels)
	}
}

// checkChannels checks a deployment with the setting u: the pool's username
// attributes and their case sensitivity, and CHANNELS on every function
// that reads it, a value the code reads as u's channels.
func checkChannels(t *testing.T, tmpl *Template, u usernameSetting) {
	t.Helper()
	for _, id := range tmpl.ResourcesOfType(TypeUserPool) {
		props := tmpl.Resources[id].Properties
		if got, want := props["UsernameAttributes"], u.poolAttributes(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: UsernameAttributes = %v, want %v", id, got, want)
		}
		// Email usernames in any case are one user; phone-only pools keep
		// Cognito's default, as they were.
		var wantConfig any
		if u.email() {
			wantConfig = map[string]any{"CaseSensitive": "false"}
		}
		if got := props["UsernameConfiguration"]; !reflect.DeepEqual(got, wantConfig) {
			t.Errorf("%s: UsernameConfiguration = %v, want %v", id, got, wantConfig)
		}
		// email and phone_number are standard attributes, in every pool
		// without a Schema. The triggers send the codes; Cognito sends
		// nothing of its own (no verification messages) and keeps its
		// default email sender for what an app asks of it.
		for _, name := range []string{"Schema", "AutoVerifiedAttributes", "EmailConfiguration", "SmsConfiguration"} {
			if v, ok := props[name]; ok {
				t.Errorf("%s: %s = %v, want none", id, name, v)
			}
		}
	}
	for _, f := range Functions {
		if !slices.Contains(config.Variables[f.Command], config.EnvChannels) {
			continue
		}
		v := tmpl.Environment(f.LogicalID)[config.EnvChannels]
		if v != u.channelsVar() {
			t.Errorf("%s: %s = %v, want %q (UsernameAttributes %s)", f.LogicalID, config.EnvChannels, v, u.channelsVar(), u.value)
			continue
		}
		cfg, err := config.LoadPreSignUp(func(name string) (string, bool) {
			if name != config.EnvChannels {
				return "", false
			}
			s, ok := v.(string)
			return s, ok
		})
		if err != nil || !slices.Equal(cfg.Channels, u.channels) {
			t.Errorf("%s: the code reads %s=%v as %v (%v), want %v", f.LogicalID, config.EnvChannels, v, cfg.Channels, err, u.channels)
		}
	}
}

// checkSESStatements: only create sends email, only with email, from the
// SESIdentityArn identity and with the EmailConfigurationSet only.
func checkSESStatements(t *testing.T, f Function, ses []statement, emailOn bool, configSet string) {
	if f.Command != "create-auth-challenge" || !emailOn {
		if len(ses) > 0 {
			t.Errorf("%s: %v, want no SES permission: %s sends no email (email on: %v)", f.LogicalID, ses, f.Command, emailOn)
		}
		return
	}
	want := []any{ref("SESIdentityArn")}
	if configSet != "" {
		want = append(want, map[string]any{
			"Fn::Sub": "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/${EmailConfigurationSet}",
		})
	}
	if len(ses) != 1 || ses[0]["Effect"] != "Allow" || !reflect.DeepEqual(ses[0]["Resource"], want) {
		t.Errorf("%s: SES statements %v, want one allowing ses:SendEmail on exactly %v", f.LogicalID, ses, want)
	}
}

// A deployment with email but no sender fails before anything is created,
// with a message naming the missing parameter.
func TestEmailNeedsSender(t *testing.T) {
	tmpl, _ := load(t)
	for _, u := range usernameSettings {
		if _, err := tmpl.Deploy(u.params()); err != nil {
			t.Errorf("%s with a sender: %v", u.value, err)
		}
		for _, missing := range []string{"EmailFrom", "SESIdentityArn"} {
			params := u.params()
			delete(params, missing)
			_, err := tmpl.Deploy(params)
			var ruleErr *RuleError
			switch {
			case !u.email() && err != nil:
				t.Errorf("%s without %s: %v, want no error: SMS needs no sender", u.value, missing, err)
			case u.email() && (!errors.As(err, &ruleErr) || !strings.Contains(ruleErr.Description, missing+" is required")):
				t.Errorf("%s without %s: %v, want a rule saying %s is required", u.value, missing, err, missing)
			}
		}
	}
}

// matches reports whether a parameter takes s, as CloudFormation checks it:
// the whole value against AllowedPattern, and its length.
func matches(t *testing.T, p Parameter, s string) bool {
	t.Helper()
	pattern, err := regexp.Compile("^(?:" + p.AllowedPattern + ")$")
	if err != nil {
		t.Fatalf("AllowedPattern %q: %v", p.AllowedPattern, err)
	}
	return pattern.MatchString(s) && lengthWithin(len(s), p.MinLength, p.MaxLength)
}

// The email parameters take what the code takes and refuse what is not
// an address or a list of domains (EmailFrom, AllowedEmailDomains; the
// code refuses more, such as "jane@.example.com", and says why when the
// function starts), and take the SES names and ARNs that exist, never a
// wildcard (SESIdentityArn, EmailConfigurationSet).
func TestEmailParameters(t *testing.T) {
	tmpl, _ := load(t)
	params := tmpl.Parameters
	for _, tc := range []struct {
		param, env string
		take, not  []string
	}{
		{"EmailFrom", config.EnvEmailFrom,
			[]string{"", "no-reply@example.com", "sign-in+codes@mail.example.co.uk", "a.b_c@example-mail.org",
				"o'brien@example.com", "jäne@bücher.de", strings.Repeat("x", 242) + "@example.com"},
			[]string{"no-reply", "@example.com", "no-reply@", "no-reply@localhost", "No Reply <no-reply@example.com>",
				"<no-reply@example.com>", "no reply@example.com", "no-reply@@example.com",
				"no-reply@example.com,other@example.com", `"no-reply"@example.com`, "no-reply@[192.0.2.1]",
				strings.Repeat("x", 243) + "@example.com"}},
		{"AllowedEmailDomains", config.EnvAllowedEmailDomains,
			[]string{"", "example.com", "example.com,example.org", "example.com, example.org", "Example.COM , example.org",
				"mail.example.co.uk", "bücher.de"},
			[]string{"example", ",example.com", "example.com,", "example.com,,example.org", "@example.com",
				"jane@example.com", "*.example.com", "example .com", "example.com;example.org", "example.com example.org"}},
	} {
		p := params[tc.param]
		code := func(s string) error {
			vars := map[string]string{tc.env: s, config.EnvCodeHashKey: strings.Repeat("k", 32)}
			lookup := func(name string) (string, bool) { v, ok := vars[name]; return v, ok }
			_, errCreate := config.LoadCreate(lookup)
			_, errPreSignUp := config.LoadPreSignUp(lookup)
			return errors.Join(errCreate, errPreSignUp)
		}
		for _, s := range tc.take {
			if err := code(s); err != nil {
				t.Errorf("%s: the code refuses %q: %v", tc.env, s, err)
			}
			if !matches(t, p, s) {
				t.Errorf("parameter %s refuses %q, which the code takes", tc.param, s)
			}
		}
		for _, s := range tc.not {
			if matches(t, p, s) {
				t.Errorf("parameter %s takes %q", tc.param, s)
			}
			if code(s) == nil {
				t.Errorf("%s: the code takes %q", tc.env, s)
			}
		}
	}

	for _, tc := range []struct {
		param     string
		take, not []string
	}{
		{"SESIdentityArn",
			[]string{"", testIdentityArn, "arn:aws:ses:eu-west-1:123456789012:identity/no-reply@example.com",
				"arn:aws-cn:ses:cn-north-1:123456789012:identity/example.cn", "arn:aws-us-gov:ses:us-gov-west-1:123456789012:identity/example.gov"},
			[]string{"*", "example.com", "arn:aws:ses:us-east-1:123456789012:identity/*", "arn:aws:ses:us-east-1:123456789012:identity/exa?ple.com",
				"arn:aws:ses:*:123456789012:identity/example.com", "arn:aws:ses:us-east-1:*:identity/example.com",
				"arn:aws:ses:us-east-1:123456789012:configuration-set/codes", "arn:aws:ses:us-east-1:123456789012:identity/",
				"arn:aws:ses:us-east-1:123456789012:identity/ex ample.com"}},
		// SES configuration set names: letters, digits, _ and -, at most 64.
		{"EmailConfigurationSet",
			[]string{"", "sign-in-codes", "Codes_1", strings.Repeat("c", 64)},
			[]string{"*", "sign in codes", "a/b", "codes.1", strings.Repeat("c", 65)}},
	} {
		p := params[tc.param]
		for _, s := range tc.take {
			if !matches(t, p, s) {
				t.Errorf("parameter %s refuses %q", tc.param, s)
			}
		}
		for _, s := range tc.not {
			if matches(t, p, s) {
				t.Errorf("parameter %s takes %q", tc.param, s)
			}
		}
	}
}

// The email parameters and the email abuse limits are where the console
// shows the others of their kind.
func TestEmailParameterGroups(t *testing.T) {
	tmpl, _ := load(t)
	groups, _ := Lookup(tmpl.Metadata, "AWS::CloudFormation::Interface", "ParameterGroups").([]any)
	groupOf := map[string]string{}
	for _, g := range groups {
		label, _ := Lookup(g, "Label", "default").(string)
		names, _ := strs(Lookup(g, "Parameters"))
		for _, n := range names {
			groupOf[n] = label
		}
	}
	want := map[string]string{
		"UsernameAttributes":          groupOf["UserPoolName"],
		"MaxResends":                  groupOf["MaxAttempts"],
		"EmailSubject":                groupOf["EmailFrom"],
		"EmailMessage":                groupOf["EmailFrom"],
		"SESIdentityArn":              groupOf["EmailFrom"],
		"EmailConfigurationSet":       groupOf["EmailFrom"],
		"AllowedEmailDomains":         groupOf["AllowedCountryCodes"],
		"EmailPerAddressPer15Minutes": groupOf["SMSPerPoolPerHour"],
		"EmailPerAddressPerDay":       groupOf["SMSPerPoolPerHour"],
		"EmailPerPoolPerHour":         groupOf["SMSPerPoolPerHour"],
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if groupOf[name] == "" || groupOf[name] != want[name] {
			t.Errorf("parameter %s is in group %q, want %q", name, groupOf[name], want[name])
		}
	}
}
