// Package config reads and validates each trigger's settings from its
// environment variables, once at start. A bad or missing value is an error
// that names the variable and never echoes a secret.
package config
