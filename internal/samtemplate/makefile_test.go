package samtemplate

import (
	"bytes"
	"debug/buildinfo"
	"debug/elf"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/build"
)

// makeEnv is the environment for the make commands the tests run: without
// the variables of a make that runs the tests (make test), whose flags,
// jobserver and command-line variables would leak into them.
func makeEnv() []string {
	return slices.DeleteFunc(os.Environ(), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return slices.Contains([]string{"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "ARTIFACTS_DIR"}, name)
	})
}

// makeVars prints Makefile variables as make itself expands them.
func makeVars(t *testing.T, root string, names ...string) map[string]string {
	t.Helper()
	// A second makefile on stdin prints the variables while make parses it.
	var extra strings.Builder
	for _, name := range names {
		fmt.Fprintf(&extra, "$(info %s=$(%s))\n", name, name)
	}
	extra.WriteString("samtemplate-print-vars: ;\n")
	cmd := exec.CommandContext(t.Context(), "make", "-s", "--no-print-directory", "-C", root, "-f", "Makefile", "-f", "-", "samtemplate-print-vars")
	cmd.Stdin = strings.NewReader(extra.String())
	cmd.Env = makeEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make (printing %v): %v\n%s", names, err, out)
	}
	vars := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if name, value, ok := strings.Cut(line, "="); ok && slices.Contains(names, name) {
			vars[name] = value
		}
	}
	return vars
}

// shellFields splits s into words as the shell does for plain words and
// '...' or "..." quoting, which is all the Makefile uses.
func shellFields(s string) ([]string, error) {
	var words []string
	var word strings.Builder
	inWord := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			word.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed %c in %q", quote, s)
	}
	if inWord {
		words = append(words, word.String())
	}
	return words, nil
}

// The Makefile (make build, sam build) and internal/build (tests, local mode) build alike.
func TestMakefileFlagsMatchBuild(t *testing.T) {
	root, err := build.ModuleRoot(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	vars := makeVars(t, root, "LAMBDA_FLAGS", "LAMBDA_ENV")
	flags, err := shellFields(vars["LAMBDA_FLAGS"])
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(flags, build.Flags) {
		t.Errorf("Makefile LAMBDA_FLAGS = %q, but internal/build.Flags = %q: change both", flags, build.Flags)
	}
	env := strings.Fields(vars["LAMBDA_ENV"])
	slices.Sort(env)
	want := []string{"CGO_ENABLED=0", "GOARCH=" + build.Lambda.GOARCH, "GOOS=" + build.Lambda.GOOS}
	if !slices.Equal(env, want) {
		t.Errorf("Makefile LAMBDA_ENV = %q, want %q as internal/build builds for Lambda", vars["LAMBDA_ENV"], want)
	}
}

func TestShellFields(t *testing.T) {
	got, err := shellFields(` -tags lambda.norpc  -ldflags "-s -w" -x '' 'a b'`)
	want := []string{"-tags", "lambda.norpc", "-ldflags", "-s -w", "-x", "", "a b"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("shellFields = %q, %v; want %q", got, err, want)
	}
}

// goBuildSettings returns the build settings that flags leave in a binary's
// build info (go version -m), such as "-ldflags": "-s -w".
func goBuildSettings(flags []string) map[string]string {
	boolean := []string{"-trimpath", "-race", "-msan", "-asan"}
	settings := map[string]string{}
	for i := 0; i < len(flags); i++ {
		if slices.Contains(boolean, flags[i]) {
			settings[flags[i]] = "true"
		} else if i+1 < len(flags) {
			settings[flags[i]] = flags[i+1]
			i++
		}
	}
	return settings
}

// (b) make build-<LogicalId> ARTIFACTS_DIR=<dir>, as sam build runs it, writes
// the function's command as a linux/arm64 bootstrap built like make build's.
func TestBuildTargets(t *testing.T) {
	root, err := build.ModuleRoot(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	want := goBuildSettings(build.Flags)
	want["GOOS"], want["GOARCH"], want["CGO_ENABLED"] = build.Lambda.GOOS, build.Lambda.GOARCH, "0"
	// With -trimpath, go build leaves -ldflags out of the build info; check
	// its effect instead: -s drops the symbol table, -w the DWARF sections.
	ldflags := strings.Fields(want["-ldflags"])
	if want["-trimpath"] == "true" {
		delete(want, "-ldflags")
	}

	for _, f := range AllFunctions() {
		t.Run(f.LogicalID, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			target := "build-" + f.LogicalID
			// sam build passes ARTIFACTS_DIR in the environment.
			cmd := exec.CommandContext(t.Context(), "make", "--no-print-directory", "-C", root, target)
			cmd.Env = append(makeEnv(), "ARTIFACTS_DIR="+dir)
			if out, err := cmd.CombinedOutput(); err != nil {
				if bytes.Contains(out, []byte("No rule to make target")) {
					t.Fatalf("the Makefile has no target %s, which sam build runs for %s (BuildMethod: makefile):\n%s", target, f.LogicalID, out)
				}
				t.Fatalf("make %s ARTIFACTS_DIR=%s: %v\n%s", target, dir, err, out)
			}

			bootstrap := filepath.Join(dir, "bootstrap")
			info, err := os.Stat(bootstrap)
			if err != nil {
				t.Fatalf("make %s wrote no $(ARTIFACTS_DIR)/bootstrap: %v", target, err)
			}
			if info.Mode()&0o111 == 0 {
				t.Errorf("%s is not executable (mode %v)", bootstrap, info.Mode())
			}
			exe, err := elf.Open(bootstrap)
			if err != nil {
				t.Fatalf("%s is not an ELF file: %v", bootstrap, err)
			}
			defer exe.Close()
			if exe.Class != elf.ELFCLASS64 || exe.Machine != elf.EM_AARCH64 || exe.Type != elf.ET_EXEC {
				t.Errorf("%s is %v %v %v, want ELFCLASS64 EM_AARCH64 ET_EXEC (a linux/arm64 executable)", bootstrap, exe.Class, exe.Machine, exe.Type)
			}

			if slices.Contains(ldflags, "-s") && exe.Section(".symtab") != nil {
				t.Errorf("%s has a symbol table: make %s did not link with -s", bootstrap, target)
			}
			if slices.Contains(ldflags, "-w") {
				for _, sec := range exe.Sections {
					if strings.HasPrefix(sec.Name, ".debug_") || strings.HasPrefix(sec.Name, ".zdebug_") {
						t.Errorf("%s has section %s: make %s did not link with -w", bootstrap, sec.Name, target)
						break
					}
				}
			}

			// The build info tells which command was built, and how.
			bi, err := buildinfo.ReadFile(bootstrap)
			if err != nil {
				t.Fatalf("%s has no Go build info: %v", bootstrap, err)
			}
			if !strings.HasSuffix(bi.Path, "/cmd/"+f.Command) {
				t.Errorf("make %s built %s, want ./cmd/%s", target, bi.Path, f.Command)
			}
			got := map[string]string{}
			for _, s := range bi.Settings {
				got[s.Key] = s.Value
			}
			for key, w := range want {
				if got[key] != w {
					t.Errorf("make %s built with %s=%q, want %q (as make build and internal/build)", target, key, got[key], w)
				}
			}
		})
	}
}

// The Makefile builds every function of the template: make build's
// FUNCTIONS are internal/build.Functions, and SAM_FUNCTIONS has a
// build-<LogicalId> target for each function, cmd_<LogicalId> naming its
// command. (TestBuildTargets runs each target.)
func TestMakefileFunctions(t *testing.T) {
	root, err := build.ModuleRoot(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"FUNCTIONS", "SAM_FUNCTIONS"}
	for _, f := range AllFunctions() {
		names = append(names, "cmd_"+f.LogicalID)
	}
	vars := makeVars(t, root, names...)
	if got := strings.Fields(vars["FUNCTIONS"]); !slices.Equal(got, build.Functions) {
		t.Errorf("Makefile FUNCTIONS = %q, want internal/build.Functions %q", got, build.Functions)
	}
	var ids []string
	for _, f := range AllFunctions() {
		ids = append(ids, f.LogicalID)
		if got := vars["cmd_"+f.LogicalID]; got != f.Command {
			t.Errorf("Makefile cmd_%s = %q, want %q", f.LogicalID, got, f.Command)
		}
	}
	if got := strings.Fields(vars["SAM_FUNCTIONS"]); !slices.Equal(got, ids) {
		t.Errorf("Makefile SAM_FUNCTIONS = %q, want %q", got, ids)
	}
}

// Without ARTIFACTS_DIR a build target must stop, not write /bootstrap.
func TestBuildTargetNeedsArtifactsDir(t *testing.T) {
	root, err := build.ModuleRoot(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	target := "build-" + Functions[0].LogicalID
	cmd := exec.CommandContext(t.Context(), "make", "--no-print-directory", "-C", root, target)
	cmd.Env = makeEnv() // no ARTIFACTS_DIR
	out, err := cmd.CombinedOutput()
	if err == nil || !bytes.Contains(out, []byte("ARTIFACTS_DIR is not set")) {
		t.Errorf("make %s without ARTIFACTS_DIR gave %v, want a failure saying ARTIFACTS_DIR is not set:\n%s", target, err, out)
	}
}

// TestEveryFuzzTargetIsFuzzed: each Fuzz function of the module runs in
// make fuzz (a target left out would only ever run its seed corpus), with
// -fuzzminimizetime bounded, and for a count of inputs rather than a
// duration, which Go's fuzzing coordinator can fail at its deadline.
func TestEveryFuzzTargetIsFuzzed(t *testing.T) {
	_, root := load(t)
	makefile, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(makefile), "-fuzzminimizetime") || !strings.Contains(string(makefile), "FUZZTIME ?=\n") {
		t.Error("make fuzz does not bound -fuzzminimizetime, or runs for a duration by default")
	}
	fuzz := regexp.MustCompile(`(?m)^func (Fuzz\w+)\(`)
	found := 0
	err = filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range fuzz.FindAllStringSubmatch(string(src), -1) {
			found++
			pkg, _ := filepath.Rel(root, filepath.Dir(path))
			if want := "$(call fuzz_run," + m[1] + ",./" + filepath.ToSlash(pkg) + ","; !strings.Contains(string(makefile), want) {
				t.Errorf("%s (%s) is not in make fuzz: want a line with %s", m[1], path, want)
			}
		}
		return nil
	})
	if err != nil || found < 7 {
		t.Fatalf("found %d fuzz targets (%v), want the module's", found, err)
	}
}
