package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/cognito-passwordless/passwordless-go/internal/emailaddr"
	"github.com/cognito-passwordless/passwordless-go/internal/phone"
)

// errUsage reports a command line a command cannot run. The problem and the
// command's usage are already printed when it is returned.
var errUsage = errors.New("usage error")

// newFlagSet returns a subcommand's flag set whose usage names its
// positional arguments (args, such as "PHONE") and says what it does.
// Errors and usage go to out.
func newFlagSet(name, args, about string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("passwordless "+name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: passwordless %s %s\n\n%s\n\nFlags:\n", name, strings.TrimSpace(args+" [flags]"), about)
		printFlags(fs)
	}
	return fs
}

// printFlags prints fs's flags as fs.PrintDefaults does, but named as the
// docs and the usage's examples write them, --name (and -v for a
// one-letter name), rather than the flag package's -name, which the
// command also takes.
func printFlags(fs *flag.FlagSet) {
	out := fs.Output()
	var defaults strings.Builder
	fs.SetOutput(&defaults)
	fs.PrintDefaults()
	fs.SetOutput(out)
	for _, line := range strings.SplitAfter(defaults.String(), "\n") {
		// A flag's line starts "  -name", its usage's lines "    \t".
		if rest, ok := strings.CutPrefix(line, "  -"); ok && strings.IndexAny(rest, " \t\n") > 1 {
			line = "  --" + rest
		}
		fmt.Fprint(out, line)
	}
}

// parseArgs parses args into fs and returns the positional arguments, of
// which there must be exactly len(names). Unlike fs.Parse it also takes
// flags after a positional argument ("sign-in +1555… --code 123456"), as
// people type them; after "--" every argument is positional.
func parseArgs(fs *flag.FlagSet, args []string, names ...string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errUsage // the flag package printed the error and the usage
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	switch n := len(names); {
	case len(positional) < n:
		return nil, usageError(fs, "missing %s", strings.Join(names[len(positional):], " "))
	case len(positional) > n:
		return nil, usageError(fs, "unexpected argument(s) %q", positional[n:])
	}
	return positional, nil
}

// usageError prints a command line problem and fs's usage, and returns errUsage.
func usageError(fs *flag.FlagSet, format string, a ...any) error {
	fmt.Fprintf(fs.Output(), "%s: %s\n\n", fs.Name(), fmt.Sprintf(format, a...))
	fs.Usage()
	return errUsage
}

// phoneArg returns arg when it is an E.164 phone number, and otherwise
// reports a usage error on fs: Cognito would refuse it with a less clear message.
func phoneArg(fs *flag.FlagSet, arg string) (string, error) {
	if !phone.Valid(arg) {
		return "", usageError(fs, "PHONE must be an E.164 number such as +15555550123, got %q", arg)
	}
	return arg, nil
}

// usernameArgs names the positional argument of sign-up and sign-in.
const usernameArgs = "PHONE|EMAIL"

// usernameArg returns arg when it is an E.164 phone number or an email
// address, and otherwise reports a usage error on fs.
func usernameArg(fs *flag.FlagSet, arg string) (string, error) {
	if !phone.Valid(arg) && !emailaddr.Valid(arg) {
		return "", usageError(fs, "%s must be an E.164 phone number such as +15555550123 or an email address such as jane@example.com, got %q", usernameArgs, arg)
	}
	return arg, nil
}
