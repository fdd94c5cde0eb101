package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
)

// Exit codes of Run.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
)

// streams are the standard streams a command reads and writes: results go
// to stdout, progress, prompts and errors to stderr, so that stdout stays
// what a script wants.
type streams struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// command is one subcommand of passwordless.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, s streams, args []string) error
	// subcommands are the commands under this one ("totp setup"); run
	// then runs when none is named, to show them.
	subcommands []command
}

// group is a command made of subcommands, such as "totp": its run shows
// their list, as when none is named.
type group struct {
	name string
	// about says what the group is for; examples are lines of use.
	about, examples string
	commands        []command
}

// run answers a call that names no subcommand, or an unknown one, with
// the list.
func (g group) run(_ context.Context, s streams, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "-h", "-help", "--help", "help":
			g.usage(s.stderr)
			return flag.ErrHelp
		}
		fmt.Fprintf(s.stderr, "passwordless %s: unknown command %q\n\n", g.name, args[0])
	}
	g.usage(s.stderr)
	return errUsage
}

func (g group) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: passwordless %s <command> [flags]\n\n%s\n\nCommands:\n", g.name, g.about)
	for _, cmd := range g.commands {
		fmt.Fprintf(w, "  %-6s  %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprintf(w, "\nExamples:\n%s\nRun \"passwordless help %s <command>\" for a command's flags.\n", g.examples, g.name)
}

// commands lists the subcommands in the order the usage shows them.
var commands = []command{
	{"local", "serve a local user pool that runs the four triggers (127.0.0.1:9229)", runLocal, nil},
	{"sign-up", "sign up a phone number or email address (with a password: --password-stdin)", runSignUp, nil},
	{"sign-in", "sign in with a code sent by SMS or email (after a password: --password-stdin)", runSignIn, nil},
	{"totp", "set up an authenticator app (TOTP) for sign-in, or print a code: totp setup, totp code", totpGroup.run, totpGroup.commands},
	{"passkeys", "list, rename or delete a signed-in user's passkeys: passkeys list, passkeys delete ID", passkeysGroup.run, passkeysGroup.commands},
	{"demo", "sign up and sign in a test number against a throwaway local pool", runDemo, nil},
}

// runLocal adapts Local, which needs no stdin, to a command.
func runLocal(ctx context.Context, s streams, args []string) error {
	return Local(ctx, args, s.stdout, s.stderr)
}

// Run runs the passwordless command line args (without the program name)
// and returns the process's exit code: ExitOK, ExitFailure when the command
// failed, or ExitUsage when the command line was wrong.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	s := streams{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		printUsage(stderr)
		return ExitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		return help(ctx, s, rest)
	}
	cmd, rest, ok := resolve(name, rest)
	if !ok {
		fmt.Fprintf(stderr, "passwordless: unknown command %q\n\n", name)
		printUsage(stderr)
		return ExitUsage
	}
	return exitCode(cmd.run(ctx, s, rest), "passwordless "+cmd.name, stderr)
}

// help prints the overview, or a command's own usage (its -h) on stdout:
// "help totp" lists totp's commands, "help totp setup" gives setup's flags.
func help(ctx context.Context, s streams, args []string) int {
	if len(args) == 0 {
		printUsage(s.stdout)
		return ExitOK
	}
	cmd, _, ok := resolve(args[0], args[1:])
	if !ok {
		fmt.Fprintf(s.stderr, "passwordless help: unknown command %q\n\n", args[0])
		printUsage(s.stderr)
		return ExitUsage
	}
	s.stderr = s.stdout
	return exitCode(cmd.run(ctx, s, []string{"-h"}), "passwordless "+cmd.name, s.stderr)
}

// resolve returns the command named name and, when it has subcommands,
// the one args start with, named in full ("totp setup"), with the
// arguments left for it.
func resolve(name string, args []string) (command, []string, bool) {
	cmd, ok := lookup(commands, name)
	if !ok {
		return command{}, nil, false
	}
	for len(cmd.subcommands) > 0 && len(args) > 0 {
		sub, ok := lookup(cmd.subcommands, args[0])
		if !ok {
			break // cmd.run reports it, with the subcommands
		}
		sub.name = cmd.name + " " + sub.name
		cmd, args = sub, args[1:]
	}
	return cmd, args, true
}

func lookup(list []command, name string) (command, bool) {
	for _, cmd := range list {
		if cmd.name == name {
			return cmd, true
		}
	}
	return command{}, false
}

// exitCode maps a command's error to an exit code, printing the error
// unless the flag package or the command already did.
func exitCode(err error, prefix string, stderr io.Writer) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.Is(err, errUsage):
		return ExitUsage
	default:
		fmt.Fprintf(stderr, "%s: %s\n", prefix, describe(err))
		return ExitFailure
	}
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `passwordless: passwordless SMS and email sign-in for Amazon Cognito.

Usage:
  passwordless <command> [flags] [PHONE|EMAIL]

Commands:
`)
	for _, cmd := range commands {
		fmt.Fprintf(w, "  %-8s  %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprint(w, `  help      show this help, or a command's: passwordless help sign-in

Examples:
  passwordless demo
  passwordless local
  passwordless local --username-attributes phone_number,email
  passwordless sign-up +15555550123 --endpoint-url http://127.0.0.1:9229
  passwordless sign-in +15555550123 --region eu-west-1 --client-id 1example23456789
  passwordless sign-in jane@example.com --endpoint-url http://127.0.0.1:9229
  passwordless sign-in +15555550123 --password-stdin --endpoint-url http://127.0.0.1:9229
  passwordless totp setup +15555550123 --password-stdin --endpoint-url http://127.0.0.1:9229

Run "passwordless help <command>" for a command's flags.
`)
}
