package build

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
)

// Flags are the go build flags of every Lambda build; the Makefile's
// LAMBDA_FLAGS say the same (a test keeps the two equal).
var Flags = []string{"-tags", "lambda.norpc", "-trimpath", "-ldflags", "-s -w"}

// Target is an operating system and architecture to build for.
type Target struct{ GOOS, GOARCH string }

// Lambda is the target of every deployed function.
var Lambda = Target{GOOS: "linux", GOARCH: "arm64"}

// Host is this machine: local mode and the tests run triggers built for it.
var Host = Target{GOOS: runtime.GOOS, GOARCH: runtime.GOARCH}

// ModuleRoot returns the directory of the module that holds cmd/, found
// from dir (the current directory when empty).
func ModuleRoot(ctx context.Context, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "env", "GOMOD")
	cmd.Dir = dir
	out, err := cmd.Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil {
		return "", fmt.Errorf("build: the go command is needed to build the triggers: %w", err)
	}
	if gomod == "" || gomod == "/dev/null" {
		return "", errors.New("build: no Go module here: run from the project checkout, or pass prebuilt binaries")
	}
	return filepath.Dir(gomod), nil
}

// Bootstrap returns where Commands writes a command's binary: the layout
// of make build and of --bin-dir.
func Bootstrap(outDir, command string) string {
	return filepath.Join(outDir, command, "bootstrap")
}

// Functions names the command of every function the template deploys:
// config.Triggers, then config.PasskeysAPI. The Makefile's FUNCTIONS
// lists the same (a test keeps the two equal).
var Functions = append(slices.Clone(config.Triggers), config.PasskeysAPI)

// All builds every command of Functions, the triggers and the passkeys
// API, as ModuleCommands does.
func All(ctx context.Context, outDir string, target Target) error {
	return ModuleCommands(ctx, outDir, target, Functions...)
}

// ModuleCommands builds each of names, commands of the module around the
// current directory, into outDir/<name>/bootstrap for target.
func ModuleCommands(ctx context.Context, outDir string, target Target, names ...string) error {
	root, err := ModuleRoot(ctx, "")
	if err != nil {
		return err
	}
	return Commands(ctx, root, outDir, target, names...)
}

// Commands builds each of ./cmd/<name> in module root into
// outDir/<name>/bootstrap for target.
func Commands(ctx context.Context, root, outDir string, target Target, names ...string) error {
	for _, name := range names {
		if err := Package(ctx, root, "./cmd/"+name, Bootstrap(outDir, name), target); err != nil {
			return err
		}
	}
	return nil
}

// Package builds the main package pkg (a path relative to root) into the
// file out for target, with Flags.
func Package(ctx context.Context, root, pkg, out string, target Target) error {
	args := append([]string{"build"}, Flags...)
	args = append(args, "-o", out, pkg)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	cmd.Env = append(cmd.Environ(), "CGO_ENABLED=0", "GOOS="+target.GOOS, "GOARCH="+target.GOARCH)
	if output, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build: go build %s: %v\n%s", pkg, err, output)
	}
	return nil
}

// TempHost builds every function of Functions for this machine into a new
// temporary directory named after prefix, as the tests' TestMain need
// them, and returns it with the function that removes it.
func TempHost(ctx context.Context, prefix string) (dir string, remove func(), err error) {
	dir, err = os.MkdirTemp("", prefix)
	if err != nil {
		return "", nil, err
	}
	remove = func() { os.RemoveAll(dir) }
	if err := All(ctx, dir, Host); err != nil {
		remove()
		return "", nil, fmt.Errorf("building the functions: %w", err)
	}
	return dir, remove, nil
}
