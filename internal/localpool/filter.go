package localpool

import (
	"regexp"
	"strings"
)

// filterSyntax is ListUsers' Filter: one attribute, = (exact) or ^=
// (prefix), and a double-quoted value in which \" and \\ are escapes.
var filterSyntax = regexp.MustCompile(`^\s*([A-Za-z_:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$`)

// searchable are the attributes ListUsers can filter on, as with Cognito.
var searchable = map[string]bool{
	"username": true, "email": true, "phone_number": true, "name": true, "given_name": true,
	"family_name": true, "preferred_username": true, "cognito:user_status": true, "status": true, "sub": true,
}

// userFilter is a parsed Filter; the zero value matches every user.
type userFilter struct {
	attribute string
	prefix    bool
	value     string
}

// parseFilter parses a Filter; "" matches everyone.
func parseFilter(s string) (userFilter, error) {
	if strings.TrimSpace(s) == "" {
		return userFilter{}, nil
	}
	m := filterSyntax.FindStringSubmatch(s)
	if m == nil {
		return userFilter{}, newError(errInvalidParameter, "Error while parsing filter.")
	}
	if !searchable[m[1]] {
		return userFilter{}, newError(errInvalidParameter, "Invalid search attribute: %s", m[1])
	}
	value := strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(m[3])
	return userFilter{attribute: m[1], prefix: m[2] == "^=", value: value}, nil
}

func (f userFilter) match(u user) bool {
	if f.attribute == "" {
		return true
	}
	var have string
	switch f.attribute {
	case "username":
		have = u.username
	case "cognito:user_status":
		have = u.status
	case "status":
		have = "Disabled"
		if u.enabled {
			have = "Enabled"
		}
	default:
		v, ok := u.attributes[f.attribute]
		if !ok {
			return false
		}
		have = v
	}
	if f.prefix {
		return strings.HasPrefix(have, f.value)
	}
	return have == f.value
}
