package samtemplate

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// File is the template's file name at the module root.
const File = "template.yaml"

// Resource types the checks look at.
const (
	TypeFunction       = "AWS::Serverless::Function"
	TypeUserPool       = "AWS::Cognito::UserPool"
	TypeUserPoolClient = "AWS::Cognito::UserPoolClient"
	TypePermission     = "AWS::Lambda::Permission"
	TypeKMSKey         = "AWS::KMS::Key"
	TypeTable          = "AWS::DynamoDB::Table"
	TypeHTTPAPI        = "AWS::Serverless::HttpApi"
)

// SARKey is the template Metadata key that sam publish reads.
const SARKey = "AWS::ServerlessRepo::Application"

// Function ties a template function to the command under cmd/ that it
// runs and, for a trigger, to the Cognito trigger it handles.
type Function struct {
	// Trigger is the trigger's key in the user pool's LambdaConfig; empty
	// for the passkeys API, which is no trigger.
	Trigger string
	// LogicalID is the function's logical id in the template; its Makefile
	// target is build-<LogicalID>.
	LogicalID string
	// Command is the command under cmd/: one of config.Triggers, or
	// config.PasskeysAPI.
	Command string
	// Condition is the template condition the function exists under;
	// empty for always.
	Condition string
}

// Functions lists the template's functions in the order of config.Triggers.
var Functions = []Function{
	{Trigger: "PreSignUp", LogicalID: "PreSignUpFunction", Command: "pre-signup"},
	{Trigger: "DefineAuthChallenge", LogicalID: "DefineAuthChallengeFunction", Command: "define-auth-challenge"},
	{Trigger: "CreateAuthChallenge", LogicalID: "CreateAuthChallengeFunction", Command: "create-auth-challenge"},
	{Trigger: "VerifyAuthChallengeResponse", LogicalID: "VerifyAuthChallengeFunction", Command: "verify-auth-challenge"},
}

// PasskeysAPI is the passkeys API's function, behind the HTTP API
// PasskeysAPIID, with Passkeys=Enabled only.
var PasskeysAPI = Function{LogicalID: "PasskeysApiFunction", Command: "passkeys-api", Condition: "PasskeysOn"}

// Logical ids of the passkey resources.
const (
	// CredentialsTableID is the DynamoDB table of the users' passkeys.
	CredentialsTableID = "CredentialsTable"
	// PasskeysAPIID is the AWS::Serverless::HttpApi of the passkeys API.
	PasskeysAPIID = "PasskeysApi"
)

// AllFunctions lists every function of the template: Functions, then
// PasskeysAPI (the order of internal/build.Functions).
func AllFunctions() []Function {
	return append(slices.Clone(Functions), PasskeysAPI)
}

// Template is the part of a SAM template that the checks read. Values are
// as Parse leaves them: map[string]any, []any, string or nil.
type Template struct {
	Transform  any                       `json:"Transform"`
	Metadata   map[string]any            `json:"Metadata"`
	Parameters map[string]Parameter      `json:"Parameters"`
	Rules      map[string]Rule           `json:"Rules"`
	Conditions map[string]any            `json:"Conditions"`
	Globals    map[string]map[string]any `json:"Globals"`
	Resources  map[string]Resource       `json:"Resources"`
	Outputs    map[string]Output         `json:"Outputs"`
}

// Parameter is one entry of Parameters. Numbers stay text.
type Parameter struct {
	Type string `json:"Type"`
	// Default is nil when the parameter has none ("" is a default).
	Default        *string  `json:"Default"`
	AllowedValues  []string `json:"AllowedValues"`
	AllowedPattern string   `json:"AllowedPattern"`
	MinValue       string   `json:"MinValue"`
	MaxValue       string   `json:"MaxValue"`
	MinLength      string   `json:"MinLength"`
	MaxLength      string   `json:"MaxLength"`
	Description    string   `json:"Description"`
}

// Rule is one entry of Rules: CloudFormation refuses to deploy when the
// RuleCondition holds (or there is none) and an Assert is false.
type Rule struct {
	RuleCondition any         `json:"RuleCondition"`
	Assertions    []Assertion `json:"Assertions"`
}

// Assertion is one of a Rule's Assertions.
type Assertion struct {
	Assert            any    `json:"Assert"`
	AssertDescription string `json:"AssertDescription"`
}

// Resource is one entry of Resources.
type Resource struct {
	Type      string `json:"Type"`
	Condition string `json:"Condition"`
	// DeletionPolicy and UpdateReplacePolicy are empty when not set
	// (CloudFormation's default is Delete).
	DeletionPolicy      string         `json:"DeletionPolicy"`
	UpdateReplacePolicy string         `json:"UpdateReplacePolicy"`
	Metadata            map[string]any `json:"Metadata"`
	Properties          map[string]any `json:"Properties"`
}

// Output is one entry of Outputs.
type Output struct {
	Condition   string `json:"Condition"`
	Description string `json:"Description"`
	Value       any    `json:"Value"`
	Export      any    `json:"Export"`
}

// SARApplication is the AWS::ServerlessRepo::Application metadata.
type SARApplication struct {
	Name            string   `json:"Name"`
	Description     string   `json:"Description"`
	Author          string   `json:"Author"`
	SpdxLicenseID   string   `json:"SpdxLicenseId"`
	LicenseURL      string   `json:"LicenseUrl"`
	ReadmeURL       string   `json:"ReadmeUrl"`
	Labels          []string `json:"Labels"`
	HomePageURL     string   `json:"HomePageUrl"`
	SemanticVersion string   `json:"SemanticVersion"`
	SourceCodeURL   string   `json:"SourceCodeUrl"`
}

// Read reads and parses the template file at path.
func Read(path string) (*Template, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	t, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// Parse parses a template in YAML (JSON is YAML too).
func Parse(data []byte) (*Template, error) {
	v, err := Decode(data)
	if err != nil {
		return nil, err
	}
	// A JSON round trip maps the generic value onto the typed structs.
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var t Template
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("unexpected template structure: %w", err)
	}
	return &t, nil
}

// Decode parses YAML into map[string]any, []any, string and nil values,
// with each short-form tag turned into its long form.
func Decode(data []byte) (any, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Kind == 0 {
		return nil, fmt.Errorf("empty document")
	}
	return convert(&doc)
}

// intrinsics are the short-form tags, !Name for Fn::Name (except Ref and
// Condition, which have no Fn:: prefix), those of Rules included.
var intrinsics = []string{
	"And", "Base64", "Cidr", "Contains", "EachMemberEquals", "EachMemberIn", "Equals", "FindInMap", "ForEach",
	"GetAZs", "GetAtt", "If", "ImportValue", "Join", "Length", "Not", "Or", "RefAll", "Select", "Split", "Sub",
	"ToJsonString", "Transform", "ValueOf", "ValueOfAll",
}

func convert(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return convert(n.Content[0])
	case yaml.AliasNode:
		return convert(n.Alias)
	}
	v, err := plain(n)
	if err != nil {
		return nil, err
	}
	tag := n.Tag
	if !strings.HasPrefix(tag, "!") || strings.HasPrefix(tag, "!!") {
		return v, nil // no tag, or a standard YAML one
	}
	name := tag[1:]
	switch {
	case name == "Ref" || name == "Condition":
		return map[string]any{name: v}, nil
	case name == "GetAtt":
		// !GetAtt Resource.Attribute is the list [Resource, Attribute].
		if s, ok := v.(string); ok {
			id, attr, found := strings.Cut(s, ".")
			if !found {
				return nil, fmt.Errorf("line %d: !GetAtt %q has no .Attribute", n.Line, s)
			}
			v = []any{id, attr}
		}
		return map[string]any{"Fn::GetAtt": v}, nil
	case slices.Contains(intrinsics, name):
		return map[string]any{"Fn::" + name: v}, nil
	}
	return nil, fmt.Errorf("line %d: unknown tag %s", n.Line, tag)
}

// plain converts a node ignoring its own tag.
func plain(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil, nil
		}
		return n.Value, nil
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := convert(c)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("line %d: mapping key is not a scalar", k.Line)
			}
			// CloudFormation rejects duplicate keys; YAML decoders often keep the last.
			if _, dup := m[k.Value]; dup {
				return nil, fmt.Errorf("line %d: duplicate key %q", k.Line, k.Value)
			}
			v, err := convert(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[k.Value] = v
		}
		return m, nil
	}
	return nil, fmt.Errorf("line %d: unexpected YAML node", n.Line)
}

// ResourcesOfType returns the logical ids of the resources of type typ, sorted.
func (t *Template) ResourcesOfType(typ string) []string {
	var ids []string
	for id, r := range t.Resources {
		if r.Type == typ {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// FunctionProperty returns a property of a function resource, or the one of
// Globals.Function when the resource does not set it.
func (t *Template) FunctionProperty(id, name string) any {
	if v, ok := t.Resources[id].Properties[name]; ok {
		return v
	}
	return t.Globals["Function"][name]
}

// Environment returns the environment variables of a function resource,
// over those of Globals.Function as SAM merges them.
func (t *Template) Environment(id string) map[string]any {
	vars := map[string]any{}
	for _, props := range []map[string]any{t.Globals["Function"], t.Resources[id].Properties} {
		if m, ok := Lookup(props, "Environment", "Variables").(map[string]any); ok {
			for k, v := range m {
				vars[k] = v
			}
		}
	}
	return vars
}

// SAR returns the AWS::ServerlessRepo::Application metadata.
func (t *Template) SAR() (SARApplication, error) {
	var app SARApplication
	raw, ok := t.Metadata[SARKey]
	if !ok {
		return app, fmt.Errorf("no Metadata %s", SARKey)
	}
	b, err := json.Marshal(raw)
	if err == nil {
		err = json.Unmarshal(b, &app)
	}
	return app, err
}

// Lookup follows keys through nested maps; it returns nil where one is missing.
func Lookup(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// subVar matches ${Name} and ${Name.Attribute} in Fn::Sub, not ${!Literal}.
var subVar = regexp.MustCompile(`\$\{([^!}][^}]*)\}`)

// Refs returns the names that v refers to through Ref, Fn::GetAtt and
// Fn::Sub: logical ids, parameters and pseudo parameters such as AWS::Region.
func Refs(v any) map[string]bool {
	refs := map[string]bool{}
	addRefs(refs, v)
	return refs
}

func addRefs(refs map[string]bool, v any) {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			addRefs(refs, e)
		}
	case map[string]any:
		if len(v) == 1 {
			if name, ok := v["Ref"].(string); ok {
				refs[name] = true
				return
			}
			if attr, ok := v["Fn::GetAtt"].([]any); ok && len(attr) > 0 {
				if id, ok := attr[0].(string); ok {
					refs[id] = true
				}
				addRefs(refs, attr[1:])
				return
			}
			if sub, ok := v["Fn::Sub"]; ok {
				addSubRefs(refs, sub)
				return
			}
		}
		for _, e := range v {
			addRefs(refs, e)
		}
	}
}

// addSubRefs handles Fn::Sub's string or [string, {local: value}] forms;
// the local names are not references.
func addSubRefs(refs map[string]bool, sub any) {
	var text string
	locals := map[string]any{}
	switch s := sub.(type) {
	case string:
		text = s
	case []any:
		if len(s) > 0 {
			text, _ = s[0].(string)
		}
		if len(s) > 1 {
			locals, _ = s[1].(map[string]any)
			addRefs(refs, s[1])
		}
	}
	for _, m := range subVar.FindAllStringSubmatch(text, -1) {
		name, _, _ := strings.Cut(m[1], ".")
		name = strings.TrimSpace(name)
		if _, local := locals[name]; !local {
			refs[name] = true
		}
	}
}
