package ops

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"syscall"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/schema/cost"
	"github.com/dynamodel/dynamodel/schema/review"
)

// Exit codes. CI gates on them: plan's are those of
// "terraform plan -detailed-exitcode", with the kinds of change apart.
const (
	// ExitOK: the command succeeded; plan found no changes; review found
	// nothing to act on.
	ExitOK = 0
	// ExitError: the command failed (a request, the models, the
	// configuration, writing the output).
	ExitError = 1
	// ExitUsage: the command line is wrong (unknown command or flag, a
	// missing or extra argument, a bad value).
	ExitUsage = 2
	// ExitChanges: plan found changes that apply makes without an opt-in
	// (online, or needing data first).
	ExitChanges = 3
	// ExitFindings: review found findings to act on (the value of
	// ExitChanges: the command found something to act on).
	ExitFindings = ExitChanges
	// ExitDestructive: plan found a change that deletes an index, which
	// apply makes only with --allow-drop; apply refused such a change.
	ExitDestructive = 4
	// ExitImpossible: plan found a change DynamoDB cannot make in place,
	// which apply refuses; apply refused it.
	ExitImpossible = 5
)

// Table is one table the command manages: its name in this environment,
// the models of the entities it holds, and its settings.
type Table struct {
	// Name is the table's name. The models' own table names (the Model
	// tag's table=) are not used, so one binary can serve every
	// environment ("prod-tickets", "staging-tickets").
	Name string
	// Metas are the models of the entities the table holds: one, or
	// several sharing the table.
	Metas []*entity.Meta
	// Settings are the table's per-environment settings: billing,
	// capacity, stream, deletion protection, table class, tags.
	Settings schema.Settings
}

// Cost is what the cost command assumes about one entity.
type Cost struct {
	// Meta is the entity.
	Meta *entity.Meta
	// Sample is a typical item: a pointer to a value of the entity's
	// type, encoded as the codec writes it (so it must be valid). When
	// nil, the item is built from Sizes.
	Sample any
	// Sizes are assumed attribute sizes, used when Sample is nil; nil
	// means [cost.DefaultSizes].
	Sizes cost.Sizes
	// Rates are the entity's workload. The monthly cost is reported when
	// a rate is set (here or with --rate) and prices are given.
	Rates cost.Rates
	// Options adjust the estimate, such as [cost.WithUpdate] for the
	// update the workload makes.
	Options []cost.Option
}

// Review configures the review command.
type Review struct {
	// Options are the review's expectations, access patterns and
	// silences (see package review).
	Options []review.Option
	// FailOn lists the codes whose findings make review exit with
	// ExitFindings; empty means every code. --fail-on overrides it.
	FailOn []review.Code
	// Advisory makes review exit with ExitOK whatever it finds, unless
	// --fail-on says otherwise.
	Advisory bool
}

// Config is what a service gives the command: its tables and models, how
// to reach DynamoDB, and the inputs of the cost model and the review.
type Config struct {
	// Name is the program's name in usage messages; "" means
	// "dynamodel".
	Name string
	// Tables are the tables the command manages, in the order commands
	// report them.
	Tables []Table
	// Client is the DynamoDB client plan and apply use. When nil,
	// NewClient is called, once, by the commands that need the live
	// tables (plan and apply); cost, review and export never call it,
	// so they run without credentials.
	Client schema.Client
	// NewClient builds the client when Client is nil, for instance from
	// the default AWS configuration.
	NewClient func(context.Context) (schema.Client, error)
	// Costs are the cost model's inputs per entity; an entity not listed
	// is estimated from assumed sizes ([cost.DefaultSizes]).
	Costs []Cost
	// Prices price the monthly cost; the flags --billing and --per-…
	// override them. When Billing is empty but a price is set, the
	// table's billing mode (from its Settings) is used.
	Prices cost.Prices
	// Review configures the review command.
	Review Review
}

// RunAndExit runs the command with the process's arguments, standard
// output and standard error, and exits with its exit code; it does not
// return. An interrupt (Ctrl-C) or SIGTERM cancels the command's context:
// apply stops waiting and leaves a state the next apply continues from.
func RunAndExit(cfg Config) {
	if cfg.Name == "" {
		cfg.Name = filepath.Base(os.Args[0])
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], os.Stdout, os.Stderr, cfg)
	stop()
	os.Exit(code)
}

// Main runs the command args (without the program name, as os.Args[1:])
// with the configuration cfg, writing results to stdout and messages,
// progress and errors to stderr, and returns the exit code. It keeps no
// state between calls and reads no environment: everything comes from
// cfg and args.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer, cfg Config) int {
	r := &runner{cfg: cfg, stdout: stdout, stderr: stderr, name: cfg.Name}
	if r.name == "" {
		r.name = "dynamodel"
	}
	if len(args) == 0 {
		fmt.Fprintf(stderr, "%s: a command is needed\n\n", r.name)
		r.printUsage(stderr)
		return ExitUsage
	}
	name, rest := args[0], args[1:]
	if isHelp(name) {
		return r.help(rest)
	}
	c := findCommand(name)
	if c == nil {
		fmt.Fprintf(stderr, "%s: unknown command %q\n\n", r.name, name)
		r.printUsage(stderr)
		return ExitUsage
	}
	if err := r.checkConfig(); err != nil {
		fmt.Fprintf(stderr, "%s %s: %v\n", r.name, c.name, err)
		return ExitError
	}
	return c.run(r, ctx, rest)
}

// runner carries one invocation's configuration and outputs.
type runner struct {
	cfg            Config
	stdout, stderr io.Writer
	name           string
	client         schema.Client
}

// RuleConfig: a Config the commands cannot use: no tables, a table without
// a name or models, a name used twice, a Review.FailOn code the review
// does not have, cost inputs without a model or for an entity no table
// holds, or (for a command that needs DynamoDB) no client. The refusal is
// an *entity.InputError matching entity.ErrInvalidInput, naming the table
// where one is at fault; Main exits with ExitError.
const RuleConfig errs.Rule = "invalid-config"

// refuseConfig is a Config refused by RuleConfig; table names the table at
// fault ("" for none).
func refuseConfig(table, format string, args ...any) *errs.InputError {
	return &errs.InputError{Op: "ops.Config", Table: table, Rule: RuleConfig, Detail: fmt.Sprintf(format, args...)}
}

// checkConfig checks the configuration's shape and defines every table,
// before any command runs.
func (r *runner) checkConfig() error {
	if len(r.cfg.Tables) == 0 {
		return refuseConfig("", "no tables")
	}
	seen := map[string]bool{}
	for i, t := range r.cfg.Tables {
		if t.Name == "" {
			return refuseConfig("", "table %d has no name", i+1)
		}
		if seen[t.Name] {
			return refuseConfig(t.Name, "the table is listed twice")
		}
		seen[t.Name] = true
		if len(t.Metas) == 0 || slices.Contains(t.Metas, nil) {
			return refuseConfig(t.Name, "models missing")
		}
	}
	for _, code := range r.cfg.Review.FailOn {
		if !slices.Contains(review.Codes, code) {
			return refuseConfig("", "Review.FailOn: unknown code %q", code)
		}
	}
	for _, c := range r.cfg.Costs {
		if c.Meta == nil {
			return refuseConfig("", "cost inputs without a model")
		}
		if !slices.ContainsFunc(r.cfg.Tables, func(t Table) bool { return slices.Contains(t.Metas, c.Meta) }) {
			return refuseConfig("", "cost inputs for entity %s, which no table holds", c.Meta.TypeName())
		}
	}
	// Every table's models must make a table, whichever command runs.
	_, err := define(r.cfg.Tables)
	return err
}

// Check checks everything the commands can check without DynamoDB: the
// configuration's shape (an *entity.InputError with [RuleConfig]), every
// table's definition (an *entity.InputError, as [schema.Settings.Define]
// reports it), the review options (a *review.Error) and the cost inputs
// (an *entity.InputError with a rule of package cost). Every one matches
// entity.ErrInvalidInput.
// A service calls it from a unit test, so that a mistake in the models or
// the configuration fails the build rather than the next deployment.
func (c Config) Check() error {
	r := &runner{cfg: c}
	if err := r.checkConfig(); err != nil {
		return err
	}
	var metas []*entity.Meta
	for _, t := range c.Tables {
		for _, m := range t.Metas {
			if !slices.Contains(metas, m) {
				metas = append(metas, m)
			}
		}
	}
	if _, err := review.Review(metas, c.Review.Options...); err != nil {
		return err
	}
	for _, t := range c.Tables {
		for _, m := range t.Metas {
			if _, err := r.estimate(t, m, nil, c.Prices, 0); err != nil {
				return err
			}
		}
	}
	return nil
}

// liveClient returns the client, building it on first use.
func (r *runner) liveClient(ctx context.Context) (schema.Client, error) {
	if r.client != nil {
		return r.client, nil
	}
	switch {
	case r.cfg.Client != nil:
		r.client = r.cfg.Client
	case r.cfg.NewClient != nil:
		c, err := r.cfg.NewClient(ctx)
		if err != nil {
			return nil, fmt.Errorf("DynamoDB client: %w", err)
		}
		if c == nil {
			return nil, refuseConfig("", "NewClient returned no client")
		}
		r.client = c
	default:
		return nil, refuseConfig("", "neither Client nor NewClient is set")
	}
	return r.client, nil
}

// exitCode maps an error to the exit code CI gates on: refusals of
// apply to their kind, anything else to ExitError.
func exitCode(err error) int {
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, schema.ErrImpossible):
		return ExitImpossible
	}
	if refused := (*entity.InputError)(nil); errors.As(err, &refused) && refused.Rule == schema.RuleDropRefused {
		return ExitDestructive
	}
	return ExitError
}
