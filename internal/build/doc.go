// Package build compiles the trigger commands and the passkeys API as
// Lambda bootstraps with the same flags as the Makefile, for tests and for
// local mode.
package build
