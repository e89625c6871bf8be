package ops

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
)

func planCommand() *command {
	return &command{
		name:     "plan",
		synopsis: "[--table NAME]... [--json]",
		summary:  "compare the declared tables with the live ones",
		detail: `Compares each table the models declare with the live table (DescribeTable,
DescribeTimeToLive) and prints the changes apply would make, each with its
kind (online, needs data first, destructive, impossible in place), why, and
the steps to take. Nothing is changed.

The exit code says what the plan holds: 0 no changes, 3 changes apply makes,
4 an index to drop (apply needs --allow-drop), 5 a change impossible in
place (apply refuses it), 1 an error.`,
		flags: func(r *runner, fs *flag.FlagSet) runFunc {
			var tables listFlag
			fs.Var(&tables, "table", "plan only this `table` (repeatable)")
			asJSON := fs.Bool("json", false, "print the plans as JSON")
			return func(ctx context.Context, args []string) (int, error) {
				if len(args) > 0 {
					return ExitUsage, usagef("unexpected argument %q", args[0])
				}
				sel, err := r.selectTables(tables)
				if err != nil {
					return ExitUsage, err
				}
				return r.plan(ctx, sel, *asJSON)
			}
		},
	}
}

// planOutput is plan's JSON document.
type planOutput struct {
	ExitCode int            `json:"exitCode"`
	Plans    []*schema.Plan `json:"plans"`
	Errors   []tableError   `json:"errors,omitempty"`
}

// tableError is a failure concerning one table, in JSON documents.
type tableError struct {
	Table string `json:"table"`
	Index string `json:"index,omitempty"`
	Error string `json:"error"`
}

func newTableError(table string, err error) tableError {
	te := tableError{Table: table, Error: err.Error()}
	var se *schema.Error
	var ie *entity.InputError
	if errors.As(err, &se) {
		te.Index = se.Index
	} else if errors.As(err, &ie) {
		te.Index = ie.Index
	}
	return te
}

// define computes the definitions of the tables.
func define(tables []Table) ([]*schema.Definition, error) {
	defs := make([]*schema.Definition, len(tables))
	for i, t := range tables {
		d, err := t.Settings.Define(t.Name, t.Metas...)
		if err != nil {
			return nil, err
		}
		defs[i] = d
	}
	return defs, nil
}

// planAll plans every definition against the live tables.
func (r *runner) planAll(ctx context.Context, defs []*schema.Definition) ([]*schema.Plan, error) {
	client, err := r.liveClient(ctx)
	if err != nil {
		return nil, err
	}
	plans := make([]*schema.Plan, len(defs))
	var errs []error
	for i, d := range defs {
		p, err := d.Plan(ctx, client)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if p.Changes == nil {
			p.Changes = []schema.Change{} // [] rather than null in JSON
		}
		plans[i] = p
	}
	return plans, join(errs)
}

// planCode is the exit code for plans: the gravest kind of change.
func planCode(plans []*schema.Plan) int {
	code := ExitOK
	for _, p := range plans {
		switch {
		case p == nil:
		case hasKind(p, schema.Impossible):
			code = max(code, ExitImpossible)
		case hasKind(p, schema.Destructive):
			code = max(code, ExitDestructive)
		case len(p.Changes) > 0:
			code = max(code, ExitChanges)
		}
	}
	return code
}

// hasKind reports whether p has a change of kind k.
func hasKind(p *schema.Plan, k schema.Kind) bool {
	return slices.ContainsFunc(p.Changes, func(c schema.Change) bool { return c.Kind == k })
}

func (r *runner) plan(ctx context.Context, tables []Table, asJSON bool) (int, error) {
	defs, err := define(tables)
	if err != nil {
		return ExitError, err
	}
	plans, planErr := r.planAll(ctx, defs)
	code := planCode(plans)
	if planErr != nil {
		code = ExitError
	}
	var done []*schema.Plan
	for _, p := range plans {
		if p != nil {
			done = append(done, p)
		}
	}
	if asJSON {
		out := planOutput{ExitCode: code, Plans: done}
		if out.Plans == nil {
			out.Plans = []*schema.Plan{}
		}
		for _, err := range unjoin(planErr) {
			out.Errors = append(out.Errors, newTableError(errTable(err), err))
		}
		if err := writeJSON(r.stdout, out); err != nil {
			return ExitError, err
		}
		return code, planErr
	}
	for i, p := range done {
		if i > 0 {
			fmt.Fprintln(r.stdout)
		}
		fmt.Fprint(r.stdout, p.String())
	}
	if hint := r.applyHint(done); hint != "" {
		fmt.Fprintf(r.stdout, "\n%s\n", hint)
	}
	return code, planErr
}

// applyHint says what apply would do with the plans, when it needs more
// than a plain "apply".
func (r *runner) applyHint(plans []*schema.Plan) string {
	var drops []string
	impossible := 0
	for _, p := range plans {
		for _, c := range p.Changes {
			switch c.Kind {
			case schema.Impossible:
				impossible++
			case schema.Destructive:
				drops = append(drops, "--allow-drop "+dropName(p.Table, c.Index, len(plans) > 1))
			}
		}
	}
	switch {
	case impossible > 0:
		if impossible == 1 {
			return "apply refuses this plan: a change is impossible in place; follow its steps"
		}
		return fmt.Sprintf("apply refuses this plan: %d changes are impossible in place; follow their steps", impossible)
	case len(drops) > 0:
		return fmt.Sprintf("apply drops indexes only when told to: %s apply %s", r.name, strings.Join(drops, " "))
	}
	return ""
}

// dropName is how --allow-drop names an index: INDEX, or TABLE:INDEX when
// several tables are planned (':' cannot occur in a table name).
func dropName(table, index string, qualified bool) string {
	if qualified {
		return table + ":" + index
	}
	return index
}

func applyCommand() *command {
	return &command{
		name:     "apply",
		synopsis: "[--table NAME]... [--allow-drop [TABLE:]INDEX]... [--json]",
		summary:  "make the changes the plan shows, one index at a time",
		detail: `Plans every table, then makes the changes: a missing table with CreateTable,
each global secondary index with its own UpdateTable, waiting until it is
ACTIVE and backfilled before the next, then billing, stream, deletion
protection, table class and time to live. Progress goes to stderr as it
happens. Running apply again after an interruption continues where it
stopped.

Before sending anything, apply refuses (exit 5) a change DynamoDB cannot make
in place, and (exit 4) deleting an index that --allow-drop does not name.
It never deletes a table. An index named INDEX is allowed to be dropped in
every table; TABLE:INDEX names one table's.`,
		flags: func(r *runner, fs *flag.FlagSet) runFunc {
			var tables, drops listFlag
			fs.Var(&tables, "table", "apply only to this `table` (repeatable)")
			fs.Var(&drops, "allow-drop", "allow deleting this `index` (repeatable; TABLE:INDEX for one table's)")
			asJSON := fs.Bool("json", false, "print the result as JSON, and progress on stderr as JSON lines")
			return func(ctx context.Context, args []string) (int, error) {
				if len(args) > 0 {
					return ExitUsage, usagef("unexpected argument %q", args[0])
				}
				sel, err := r.selectTables(tables)
				if err != nil {
					return ExitUsage, err
				}
				allowed, err := r.parseDrops(drops)
				if err != nil {
					return ExitUsage, err
				}
				return r.apply(ctx, sel, allowed, *asJSON)
			}
		},
	}
}

// parseDrops turns --allow-drop values into the indexes each table may
// drop; the table "" stands for every table.
func (r *runner) parseDrops(drops []string) (map[string][]string, error) {
	allowed := map[string][]string{}
	for _, d := range drops {
		table, index, qualified := strings.Cut(d, ":")
		if !qualified {
			table, index = "", d
		} else if !slices.Contains(r.tableNames(), table) {
			return nil, usagef("--allow-drop %s: unknown table %q (tables: %s)", d, table, strings.Join(r.tableNames(), ", "))
		}
		if index == "" {
			return nil, usagef("--allow-drop %s: no index named", d)
		}
		allowed[table] = append(allowed[table], index)
	}
	return allowed, nil
}

func dropsFor(allowed map[string][]string, table string) []string {
	return slices.Concat(allowed[""], allowed[table])
}

// applyOutput is apply's JSON document.
type applyOutput struct {
	ExitCode int            `json:"exitCode"`
	Tables   []appliedTable `json:"tables"`
	Errors   []tableError   `json:"errors,omitempty"`
}

type appliedTable struct {
	Table string `json:"table"`
	// Plan is the plan before apply.
	Plan *schema.Plan `json:"plan"`
	// Applied lists the changes made, in order.
	Applied []schema.Change `json:"applied"`
}

// refusals lists the changes apply will not make, for every table, before
// anything is sent: the same refusals Definition.Apply makes, with the
// flag to pass.
func refusals(plans []*schema.Plan, allowed map[string][]string, qualified bool) error {
	var errs []error
	for _, p := range plans {
		for _, c := range p.Changes {
			attr := ""
			if len(c.Attributes) > 0 {
				attr = c.Attributes[0]
			}
			switch {
			case c.Kind == schema.Impossible:
				errs = append(errs, &schema.Error{Table: p.Table, Index: c.Index, Attribute: attr,
					Err: fmt.Errorf("%w: %s: %s", schema.ErrImpossible, c.Action, c.Reason)})
			case c.Kind == schema.Destructive && !slices.Contains(dropsFor(allowed, p.Table), c.Index):
				errs = append(errs, &entity.InputError{Op: "apply", Table: p.Table, Index: c.Index, Attribute: attr, Rule: schema.RuleDropRefused,
					Detail: fmt.Sprintf("deleting index %s needs --allow-drop %s", c.Index, dropName(p.Table, c.Index, qualified))})
			}
		}
	}
	return join(errs)
}

func (r *runner) apply(ctx context.Context, tables []Table, allowed map[string][]string, asJSON bool) (int, error) {
	defs, err := define(tables)
	if err != nil {
		return ExitError, err
	}
	plans, err := r.planAll(ctx, defs)
	if err != nil {
		return ExitError, err
	}
	out := applyOutput{Tables: []appliedTable{}}
	finish := func(err error) (int, error) {
		code := exitCode(err)
		if asJSON {
			out.ExitCode = code
			for _, e := range unjoin(err) {
				out.Errors = append(out.Errors, newTableError(errTable(e), e))
			}
			if werr := writeJSON(r.stdout, out); werr != nil && err == nil {
				return ExitError, werr
			}
		}
		return code, err
	}
	if err := refusals(plans, allowed, len(plans) > 1); err != nil {
		if !asJSON {
			for i, p := range plans {
				if i > 0 {
					fmt.Fprintln(r.stdout)
				}
				fmt.Fprint(r.stdout, p.String())
			}
			fmt.Fprintln(r.stdout, "\nnothing applied")
		}
		for _, p := range plans {
			out.Tables = append(out.Tables, appliedTable{Table: p.Table, Plan: p, Applied: []schema.Change{}})
		}
		return finish(err)
	}
	client, err := r.liveClient(ctx)
	if err != nil {
		return finish(err)
	}
	progress := r.textProgress
	if asJSON {
		progress = r.jsonProgress
	}
	for i, d := range defs {
		p := plans[i]
		if !asJSON {
			if i > 0 {
				fmt.Fprintln(r.stdout)
			}
			fmt.Fprint(r.stdout, p.String())
		}
		applied, err := d.Apply(ctx, client, schema.DropIndexes(dropsFor(allowed, p.Table)...), schema.OnProgress(progress))
		at := appliedTable{Table: p.Table, Plan: p, Applied: []schema.Change{}}
		if applied != nil {
			at.Applied = applied
		}
		out.Tables = append(out.Tables, at)
		if !asJSON && len(at.Applied) > 0 {
			fmt.Fprintf(r.stdout, "\napplied to %s:\n", p.Table)
			for _, c := range at.Applied {
				fmt.Fprintf(r.stdout, "  %s (%s)\n", strings.TrimSpace(string(c.Action)+" "+c.Index), c.Kind)
			}
		}
		if err != nil {
			// Later tables are left alone: the operator looks at the
			// failure first, and apply continues from here when run again.
			if !asJSON {
				fmt.Fprintf(r.stdout, "\napply stopped at table %s\n", p.Table)
			}
			return finish(err)
		}
	}
	return finish(nil)
}

// textProgress prints one line per progress report, on stderr.
func (r *runner) textProgress(p schema.Progress) {
	what := string(p.Action)
	if p.Index != "" {
		what += " " + p.Index
	}
	state := p.Status
	if p.Done {
		state += ", done"
	}
	fmt.Fprintf(r.stderr, "%s: %s: %s (%s)\n", p.Table, what, state, p.Elapsed.Round(100*time.Millisecond))
}

// jsonProgress prints each progress report as one JSON line on stderr.
func (r *runner) jsonProgress(p schema.Progress) {
	b, err := json.Marshal(p)
	if err != nil {
		return
	}
	r.stderr.Write(append(b, '\n'))
}

// writeJSON writes v as indented JSON and a newline.
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// errList is several errors, each reported on its own line.
type errList []error

// join returns nil, the one error, or an errList of errs.
func join(errs []error) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return errList(errs)
}

func (l errList) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap lets errors.Is and errors.As look into every error.
func (l errList) Unwrap() []error { return l }

// unjoin returns the errors of an errList, or err alone.
func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if l, ok := err.(errList); ok {
		return l
	}
	return []error{err}
}

// errTable is the table an error names, if it is a *schema.Error or an
// *entity.InputError.
func errTable(err error) string {
	var se *schema.Error
	var ie *entity.InputError
	switch {
	case errors.As(err, &se):
		return se.Table
	case errors.As(err, &ie):
		return ie.Table
	}
	return ""
}
