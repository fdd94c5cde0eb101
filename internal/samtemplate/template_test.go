package samtemplate

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The reader itself: short forms become the long forms CloudFormation uses.
func TestDecodeShortForms(t *testing.T) {
	const src = `
A: !Ref X
B: !GetAtt Res.Arn
C: !GetAtt [Res, Arn]
D: !Sub 'arn:${AWS::Partition}:sns:${Res.Region}:${!Literal}'
E: !If [Cond, !Ref Y, !Ref AWS::NoValue]
F: !Join ['', [a, !Ref Z]]
G: !Condition Cond
H: {Ref: W}
I: 5
J: ''
K:
L: !Sub ['${Local}-${Q}', {Local: !Ref R}]
M: &anchor {N: !Ref P}
O: *anchor
`
	got, err := Decode([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	ref := func(name string) map[string]any { return map[string]any{"Ref": name} }
	want := map[string]any{
		"A": ref("X"),
		"B": map[string]any{"Fn::GetAtt": []any{"Res", "Arn"}},
		"C": map[string]any{"Fn::GetAtt": []any{"Res", "Arn"}},
		"D": map[string]any{"Fn::Sub": "arn:${AWS::Partition}:sns:${Res.Region}:${!Literal}"},
		"E": map[string]any{"Fn::If": []any{"Cond", ref("Y"), ref("AWS::NoValue")}},
		"F": map[string]any{"Fn::Join": []any{"", []any{"a", ref("Z")}}},
		"G": map[string]any{"Condition": "Cond"},
		"H": ref("W"),
		"I": "5",
		"J": "",
		"K": nil,
		"L": map[string]any{"Fn::Sub": []any{"${Local}-${Q}", map[string]any{"Local": ref("R")}}},
		"M": map[string]any{"N": ref("P")},
		"O": map[string]any{"N": ref("P")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Decode:\n got %#v\nwant %#v", got, want)
	}

	var names []string
	for name := range Refs(got) {
		names = append(names, name)
	}
	slices.Sort(names)
	wantNames := []string{"AWS::NoValue", "AWS::Partition", "P", "Q", "R", "Res", "W", "X", "Y", "Z"}
	if !slices.Equal(names, wantNames) {
		t.Errorf("Refs = %v, want %v", names, wantNames)
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"unknown tag", "A: !Reff X\n", "unknown tag !Reff"},
		{"duplicate key", "A: 1\nA: 2\n", `duplicate key "A"`},
		{"GetAtt without attribute", "A: !GetAtt Res\n", "no .Attribute"},
		{"empty", "", "empty document"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode([]byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Decode(%q) error = %v, want one containing %q", tc.src, err, tc.want)
			}
		})
	}
}

func TestEnvironmentMergesGlobals(t *testing.T) {
	tmpl, err := Parse([]byte(`
Globals:
  Function:
    Timeout: 5
    Environment: {Variables: {A: global, B: global}}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Environment: {Variables: {B: own}}
`))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tmpl.Environment("Fn"), map[string]any{"A": "global", "B": "own"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Environment = %v, want %v", got, want)
	}
	if got := tmpl.FunctionProperty("Fn", "Timeout"); got != "5" {
		t.Errorf("FunctionProperty(Timeout) = %v, want the global 5", got)
	}
}

// Deploy checks the Rules as CloudFormation does: an assertion of a rule
// whose RuleCondition holds (or that has none) must hold, and rules
// cannot use conditions.
func TestDeployRules(t *testing.T) {
	tmpl, err := Parse([]byte(`
Parameters:
  Mode: {Type: String, Default: a}
  Name: {Type: String, Default: ''}
Rules:
  NeedsName:
    RuleCondition: !Not [!Equals [!Ref Mode, a]]
    Assertions:
      - Assert: !Not [!Equals [!Ref Name, '']]
        AssertDescription: Name is required unless Mode is a
  KnownMode:
    Assertions:
      - Assert: !Contains [[a, b, c], !Ref Mode]
        AssertDescription: Mode is a, b or c
Conditions:
  IsA: !Equals [!Ref Mode, a]
Resources: {}
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		params map[string]string
		want   string // the failing rule's description, or ""
	}{
		{map[string]string{}, ""},
		{map[string]string{"Mode": "b"}, "Name is required unless Mode is a"},
		{map[string]string{"Mode": "b", "Name": "x"}, ""},
		{map[string]string{"Mode": "d", "Name": "x"}, "Mode is a, b or c"},
	} {
		_, err := tmpl.Deploy(tc.params)
		var ruleErr *RuleError
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("Deploy(%v) = %v, want no error", tc.params, err)
		case tc.want != "" && (!errors.As(err, &ruleErr) || ruleErr.Description != tc.want):
			t.Errorf("Deploy(%v) = %v, want the rule error %q", tc.params, err, tc.want)
		}
	}

	tmpl.Rules["UsesCondition"] = Rule{RuleCondition: map[string]any{"Condition": "IsA"}, Assertions: []Assertion{{Assert: map[string]any{"Fn::Equals": []any{"x", "x"}}}}}
	if _, err := tmpl.Deploy(nil); err == nil || !strings.Contains(err.Error(), "cannot use the condition") {
		t.Errorf("a rule with a condition: %v, want an error", err)
	}
}
