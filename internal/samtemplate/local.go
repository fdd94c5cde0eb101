package samtemplate

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
)

// EnvFile is a sam local invoke --env-vars file: variables by function
// LogicalId, and under "Parameters" variables for every function.
type EnvFile map[string]map[string]string

// ReadEnvFile reads an --env-vars file.
func ReadEnvFile(path string) (EnvFile, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f EnvFile
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// envFileGlobal is the key of an env file's variables for every function.
const envFileGlobal = "Parameters"

// localPseudoParameters are the values sam local gives pseudo parameters
// when no AWS account is configured.
var localPseudoParameters = map[string]string{
	"AWS::Region": "us-east-1", "AWS::AccountId": "123456789012", "AWS::Partition": "aws",
}

// LocalEnvironment returns the variables sam local invoke gives the
// function logicalID with env (nil for none), by SAM CLI's documented
// rules: the variables the function's Environment declares (over those of
// Globals.Function), with the template's conditions evaluated on the
// parameters' defaults (but the function's own Condition ignored: sam
// local runs a function whatever its Condition, such as the passkeys
// API's with Passkeys at its default Disabled), a Ref to a parameter as its default and a Ref to a
// resource as its logical id; a value SAM cannot resolve (Fn::GetAtt, for
// one) is empty. env's "Parameters" and then its entry for logicalID
// override those values, and a variable the template does not declare is
// dropped, whatever env says. The AWS_ variables SAM CLI adds of its own
// (region, credentials, function name) are not included.
func (t *Template) LocalEnvironment(logicalID string, env EnvFile) (map[string]string, error) {
	r, ok := t.Resources[logicalID]
	if !ok {
		return nil, fmt.Errorf("no resource %s", logicalID)
	}
	local := *t
	local.Resources = maps.Clone(t.Resources)
	r.Condition = ""
	local.Resources[logicalID] = r
	deployed, err := local.Deploy(nil)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for name, v := range deployed.Environment(logicalID) {
		out[name] = t.localValue(v)
	}
	for _, overrides := range []map[string]string{env[envFileGlobal], env[logicalID]} {
		for name, v := range overrides {
			if _, declared := out[name]; declared {
				out[name] = v
			}
		}
	}
	return out, nil
}

// localValue is v as sam local passes it: a string as it is, a Ref to a
// parameter as its default and to a resource as its logical id, anything
// else empty.
func (t *Template) localValue(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case map[string]any:
		name, ok := v["Ref"].(string)
		if !ok || len(v) != 1 {
			return ""
		}
		if p, isParam := t.Parameters[name]; isParam && p.Default != nil {
			return *p.Default
		}
		if _, isResource := t.Resources[name]; isResource {
			return name
		}
		return localPseudoParameters[name]
	}
	return ""
}
