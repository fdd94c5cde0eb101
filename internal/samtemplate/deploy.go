package samtemplate

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// Deploy returns the template as CloudFormation deploys it with values for
// some parameters and the defaults for the others: every condition
// evaluated, the resources and outputs whose condition is false left out,
// each Fn::If replaced by its branch and each Ref AWS::NoValue dropped. The
// checks then read one setting's template as they would a plain one. Like
// CloudFormation, it refuses values that break one of the Rules, with a
// *RuleError.
func (t *Template) Deploy(values map[string]string) (*Template, error) {
	params := map[string]string{}
	for name, p := range t.Parameters {
		if p.Default != nil {
			params[name] = *p.Default
		}
	}
	for name, v := range values {
		if _, ok := t.Parameters[name]; !ok {
			return nil, fmt.Errorf("no parameter %s", name)
		}
		params[name] = v
	}
	d := &deployment{template: t, params: params, conditions: map[string]bool{}}
	for _, name := range slices.Sorted(maps.Keys(t.Rules)) {
		if err := d.rule(name, t.Rules[name]); err != nil {
			return nil, err
		}
	}
	for name := range t.Conditions {
		if _, err := d.condition(name); err != nil {
			return nil, err
		}
	}

	out := &Template{}
	b, err := json.Marshal(t)
	if err == nil {
		err = json.Unmarshal(b, out)
	}
	if err != nil {
		return nil, err
	}
	for id, r := range out.Resources {
		if r.Condition != "" && !d.conditions[r.Condition] {
			delete(out.Resources, id)
			continue
		}
		if r.Properties, err = resolveMap(d, r.Properties); err != nil {
			return nil, fmt.Errorf("%s: %w", id, err)
		}
		out.Resources[id] = r
	}
	for id, o := range out.Outputs {
		if o.Condition != "" && !d.conditions[o.Condition] {
			delete(out.Outputs, id)
			continue
		}
		if o.Value, err = d.resolve(o.Value); err != nil {
			return nil, fmt.Errorf("output %s: %w", id, err)
		}
		out.Outputs[id] = o
	}
	return out, nil
}

// RuleError is a rule's assertion that the parameter values break.
type RuleError struct {
	Rule, Description string
}

func (e *RuleError) Error() string { return fmt.Sprintf("rule %s: %s", e.Rule, e.Description) }

// noValue marks a value that Ref AWS::NoValue removed.
type noValue struct{}

type deployment struct {
	template   *Template
	params     map[string]string
	conditions map[string]bool
	// inRule is set while a rule is evaluated: rules cannot use conditions.
	inRule bool
}

// rule checks one rule: each assertion must hold when its condition does.
func (d *deployment) rule(name string, r Rule) error {
	d.inRule = true
	defer func() { d.inRule = false }()
	if r.RuleCondition != nil {
		applies, err := d.eval(r.RuleCondition)
		if err != nil {
			return fmt.Errorf("rule %s: RuleCondition: %w", name, err)
		}
		if !applies {
			return nil
		}
	}
	if len(r.Assertions) == 0 {
		return fmt.Errorf("rule %s has no Assertions", name)
	}
	for _, a := range r.Assertions {
		ok, err := d.eval(a.Assert)
		if err != nil {
			return fmt.Errorf("rule %s: Assert: %w", name, err)
		}
		if !ok {
			return &RuleError{Rule: name, Description: a.AssertDescription}
		}
	}
	return nil
}

// condition evaluates the named condition once.
func (d *deployment) condition(name string) (bool, error) {
	if v, ok := d.conditions[name]; ok {
		return v, nil
	}
	def, ok := d.template.Conditions[name]
	if !ok {
		return false, fmt.Errorf("no condition %s", name)
	}
	v, err := d.eval(def)
	d.conditions[name] = v
	return v, err
}

// eval evaluates a condition function: Fn::Equals, Fn::Not, Fn::And,
// Fn::Or or Condition; in a rule, Fn::Contains instead of Condition.
func (d *deployment) eval(v any) (bool, error) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return false, fmt.Errorf("not a condition function: %v", v)
	}
	var fn string
	var arg any
	for fn, arg = range m { // the one entry
	}
	args, _ := arg.([]any)
	switch fn {
	case "Condition":
		if d.inRule {
			return false, fmt.Errorf("a rule cannot use the condition %v", arg)
		}
		name, _ := arg.(string)
		return d.condition(name)
	case "Fn::Contains":
		if !d.inRule {
			return false, fmt.Errorf("Fn::Contains is for rules only")
		}
		if len(args) != 2 {
			return false, fmt.Errorf("Fn::Contains needs a list and a value: %v", arg)
		}
		list, _ := args[0].([]any)
		value, err := d.scalar(args[1])
		if err != nil {
			return false, err
		}
		for _, e := range list {
			s, err := d.scalar(e)
			if err != nil {
				return false, err
			}
			if s == value {
				return true, nil
			}
		}
		return false, nil
	case "Fn::Equals":
		if len(args) != 2 {
			return false, fmt.Errorf("Fn::Equals needs 2 values: %v", arg)
		}
		a, errA := d.scalar(args[0])
		b, errB := d.scalar(args[1])
		if errA != nil || errB != nil {
			return false, fmt.Errorf("Fn::Equals %v: %v %v", arg, errA, errB)
		}
		return a == b, nil
	case "Fn::Not", "Fn::And", "Fn::Or":
		results := make([]bool, len(args))
		for i, a := range args {
			r, err := d.eval(a)
			if err != nil {
				return false, err
			}
			results[i] = r
		}
		switch {
		case fn == "Fn::Not" && len(results) == 1:
			return !results[0], nil
		case fn == "Fn::And" && len(results) > 1:
			return !slices.Contains(results, false), nil
		case fn == "Fn::Or" && len(results) > 1:
			return slices.Contains(results, true), nil
		}
		return false, fmt.Errorf("%s with %d conditions", fn, len(results))
	}
	return false, fmt.Errorf("unknown condition function %s", fn)
}

// scalar is a string or the value of a Ref to a parameter.
func (d *deployment) scalar(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case map[string]any:
		if name, ok := v["Ref"].(string); ok && len(v) == 1 {
			if p, ok := d.params[name]; ok {
				return p, nil
			}
		}
	}
	return "", fmt.Errorf("%v is neither a string nor a parameter", v)
}

// resolve replaces each Fn::If by its branch and drops AWS::NoValue.
func (d *deployment) resolve(v any) (any, error) {
	switch v := v.(type) {
	case []any:
		out := make([]any, 0, len(v))
		for _, e := range v {
			r, err := d.resolve(e)
			if err != nil {
				return nil, err
			}
			if _, drop := r.(noValue); !drop {
				out = append(out, r)
			}
		}
		return out, nil
	case map[string]any:
		if len(v) == 1 && v["Ref"] == "AWS::NoValue" {
			return noValue{}, nil
		}
		if arg, ok := v["Fn::If"].([]any); ok && len(v) == 1 {
			name, _ := arg[0].(string)
			if len(arg) != 3 {
				return nil, fmt.Errorf("Fn::If needs a condition and 2 values: %v", arg)
			}
			cond, err := d.condition(name)
			if err != nil {
				return nil, err
			}
			if cond {
				return d.resolve(arg[1])
			}
			return d.resolve(arg[2])
		}
		return resolveMap(d, v)
	}
	return v, nil
}

func resolveMap(d *deployment, m map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(m))
	for k, e := range m {
		r, err := d.resolve(e)
		if err != nil {
			return nil, err
		}
		if _, drop := r.(noValue); !drop {
			out[k] = r
		}
	}
	return out, nil
}
