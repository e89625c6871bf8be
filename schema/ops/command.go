package ops

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// command is one subcommand: its synopsis, what it does, its flags and
// how it runs.
type command struct {
	name     string
	synopsis string // arguments after the command name
	summary  string // one line for the command list
	detail   string // paragraphs for "help <command>"
	// flags declares the command's flags on fs and returns the function
	// that runs it with the positional arguments.
	flags func(r *runner, fs *flag.FlagSet) runFunc
}

// runFunc runs a command with its positional arguments. It returns the
// exit code and the error to report, if any: a usage error (from usagef)
// exits with ExitUsage after the command's usage; another error is
// printed and, when code is ExitOK, exits with the code exitCode gives
// it.
type runFunc func(ctx context.Context, args []string) (code int, err error)

// commands returns the subcommands in the order usage lists them. It is a
// function, not a package variable, so that the package holds no state.
func commands() []*command {
	return []*command{planCommand(), applyCommand(), costCommand(), reviewCommand(), exportCommand()}
}

func findCommand(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

func isHelp(arg string) bool {
	return arg == "help" || arg == "-h" || arg == "-help" || arg == "--help"
}

// run parses the command's flags (anywhere among its arguments) and runs
// it. A bad command line is a usage error: the message and the command's
// usage on stderr, ExitUsage.
func (c *command) run(r *runner, ctx context.Context, args []string) int {
	fs := flag.NewFlagSet(r.name+" "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	exec := c.flags(r, fs)
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		c.printUsage(r, r.stdout)
		return ExitOK
	}
	if err != nil {
		return r.usageError(c, err)
	}
	code, err := exec(ctx, pos)
	var ue *usageError
	switch {
	case errors.As(err, &ue):
		return r.usageError(c, err)
	case err != nil:
		for _, e := range unjoin(err) {
			fmt.Fprintf(r.stderr, "%s %s: %v\n", r.name, c.name, e)
		}
		if code == ExitOK {
			code = exitCode(err)
		}
	}
	return code
}

// usageError is an error in how the command was called.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// usageError prints err and the command's usage on stderr and returns
// ExitUsage.
func (r *runner) usageError(c *command, err error) int {
	fmt.Fprintf(r.stderr, "%s %s: %v\n\n", r.name, c.name, err)
	c.printUsage(r, r.stderr)
	return ExitUsage
}

// parseInterspersed parses flags before, between and after positional
// arguments ("export terraform --out x.tf.json"), which the flag package
// alone stops at. Arguments after "--" are positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// fs.Parse stopped at a positional argument or after "--".
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func (c *command) printUsage(r *runner, w io.Writer) {
	fmt.Fprintf(w, "Usage: %s %s %s\n\n", r.name, c.name, c.synopsis)
	fmt.Fprintf(w, "%s\n", c.detail)
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	c.flags(r, fs)
	var b strings.Builder
	fs.SetOutput(&b)
	fs.PrintDefaults()
	if b.Len() > 0 {
		fmt.Fprintf(w, "\nFlags:\n%s", b.String())
	}
}

func (r *runner) printUsage(w io.Writer) {
	fmt.Fprintf(w, "Usage: %s <command> [arguments]\n\n", r.name)
	fmt.Fprintf(w, "Manages the DynamoDB tables of this service from its models.\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "  %-8s %s\n", "help", "this text, or a command's: help <command>")
	fmt.Fprintf(w, "\nTables:\n")
	for _, t := range r.cfg.Tables {
		names := make([]string, len(t.Metas))
		for i, m := range t.Metas {
			if m != nil {
				names[i] = m.TypeName()
			}
		}
		fmt.Fprintf(w, "  %s (%s)\n", t.Name, strings.Join(names, ", "))
	}
	fmt.Fprint(w, `
Exit codes:
  0  success; plan: no changes; review: nothing to act on
  1  error
  2  usage error
  3  plan: changes apply makes; review: findings to act on
  4  plan: a change needs --allow-drop; apply: refused to drop an index
  5  plan, apply: a change DynamoDB cannot make in place
`)
}

// help prints the usage, or a command's, on stdout.
func (r *runner) help(args []string) int {
	switch len(args) {
	case 0:
		r.printUsage(r.stdout)
		return ExitOK
	case 1:
		if c := findCommand(args[0]); c != nil {
			c.printUsage(r, r.stdout)
			return ExitOK
		}
		fmt.Fprintf(r.stderr, "%s help: unknown command %q\n\n", r.name, args[0])
	default:
		fmt.Fprintf(r.stderr, "%s help: one command at most\n\n", r.name)
	}
	r.printUsage(r.stderr)
	return ExitUsage
}

// listFlag is a flag that may be repeated and takes comma-separated
// values.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	for v := range strings.SplitSeq(s, ",") {
		v = strings.TrimSpace(v)
		if v == "" {
			return errors.New("empty value")
		}
		*l = append(*l, v)
	}
	return nil
}

// selectTables returns the configured tables named by --table, all of
// them when none is named.
func (r *runner) selectTables(names []string) ([]Table, error) {
	if len(names) == 0 {
		return r.cfg.Tables, nil
	}
	var out []Table
	for _, t := range r.cfg.Tables {
		if slices.Contains(names, t.Name) {
			out = append(out, t)
		}
	}
	for _, n := range names {
		if !slices.ContainsFunc(r.cfg.Tables, func(t Table) bool { return t.Name == n }) {
			return nil, usagef("unknown table %q (tables: %s)", n, strings.Join(r.tableNames(), ", "))
		}
	}
	return out, nil
}

func (r *runner) tableNames() []string {
	names := make([]string, len(r.cfg.Tables))
	for i, t := range r.cfg.Tables {
		names[i] = t.Name
	}
	return names
}
