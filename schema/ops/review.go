package ops

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema/review"
)

func reviewCommand() *command {
	return &command{
		name:     "review",
		synopsis: "[--table NAME]... [--fail-on all|none|CODE[,CODE]...] [--json]",
		summary:  "the design review of the models (no requests)",
		detail: `Reviews the models for DynamoDB design anti-patterns (hot partition keys, sparse
indexes nearly full or nearly empty, ALL projections of wide items,
kitchen-sink item collections, local indexes, omitempty index keys, sort
keys that do not sort as strings), each finding with its reason and fix.
Findings silenced in the configuration are listed with their reasons.
Sends no request.

Exits with 3 when findings are left to act on; --fail-on narrows that to
some codes, or turns it off (none).`,
		flags: func(r *runner, fs *flag.FlagSet) runFunc {
			var tables listFlag
			fs.Var(&tables, "table", "only the entities of this `table` (repeatable)")
			failOn := r.cfg.Review.FailOn
			advisory := r.cfg.Review.Advisory
			fs.Func("fail-on", "exit 3 for findings of these `codes`: all, none, or a comma-separated list (default all, unless the configuration says otherwise)", func(s string) error {
				codes, none, err := parseFailOn(s)
				if err != nil {
					return err
				}
				failOn, advisory = codes, none
				return nil
			})
			asJSON := fs.Bool("json", false, "print the review as JSON")
			return func(ctx context.Context, args []string) (int, error) {
				if len(args) > 0 {
					return ExitUsage, usagef("unexpected argument %q", args[0])
				}
				sel, err := r.selectTables(tables)
				if err != nil {
					return ExitUsage, err
				}
				return r.review(sel, failOn, advisory, *asJSON)
			}
		},
	}
}

// parseFailOn reads --fail-on: "all" (nil codes), "none", or codes.
func parseFailOn(s string) (codes []review.Code, none bool, err error) {
	switch s {
	case "all":
		return nil, false, nil
	case "none":
		return nil, true, nil
	}
	for c := range strings.SplitSeq(s, ",") {
		code := review.Code(strings.TrimSpace(c))
		if !slices.Contains(review.Codes, code) {
			names := make([]string, len(review.Codes))
			for i, k := range review.Codes {
				names[i] = string(k)
			}
			return nil, false, fmt.Errorf("unknown code %q (all, none, %s)", c, strings.Join(names, ", "))
		}
		codes = append(codes, code)
	}
	return codes, false, nil
}

// reviewOutput is review's JSON document: the report and the exit code.
type reviewOutput struct {
	ExitCode int `json:"exitCode"`
	*review.Report
}

func (r *runner) review(tables []Table, failOn []review.Code, advisory, asJSON bool) (int, error) {
	var metas []*entity.Meta
	for _, t := range tables {
		for _, m := range t.Metas {
			if !slices.Contains(metas, m) {
				metas = append(metas, m)
			}
		}
	}
	rep, err := review.Review(metas, r.reviewOptions(metas)...)
	if err != nil {
		return ExitError, err
	}
	r.renameTables(rep, tables)
	code := ExitOK
	if !advisory && slices.ContainsFunc(rep.Findings, func(f review.Finding) bool {
		return len(failOn) == 0 || slices.Contains(failOn, f.Code)
	}) {
		code = ExitFindings
	}
	if asJSON {
		if err := writeJSON(r.stdout, reviewOutput{ExitCode: code, Report: rep}); err != nil {
			return ExitError, err
		}
		return code, nil
	}
	fmt.Fprint(r.stdout, rep.String())
	return code, nil
}

// reviewOptions returns the configured review options. When --table
// leaves entities out, the review refuses options about them
// (review.RuleNotReviewed): the options are tried one by one and those
// refused for naming an entity not under review are dropped; other
// refusals stay, so that the review reports them.
func (r *runner) reviewOptions(metas []*entity.Meta) []review.Option {
	opts := r.cfg.Review.Options
	if len(metas) == r.countMetas() {
		return opts
	}
	var kept []review.Option
	for _, o := range opts {
		_, err := review.Review(metas, o)
		if re := (*review.Error)(nil); errors.As(err, &re) && re.Rule == review.RuleNotReviewed {
			continue
		}
		kept = append(kept, o)
	}
	return kept
}

func (r *runner) countMetas() int {
	var all []*entity.Meta
	for _, t := range r.cfg.Tables {
		for _, m := range t.Metas {
			if !slices.Contains(all, m) {
				all = append(all, m)
			}
		}
	}
	return len(all)
}

// renameTables makes findings name the tables the command manages rather
// than the models' table= names, where an entity is in one table.
func (r *runner) renameTables(rep *review.Report, tables []Table) {
	names := map[[2]string]string{} // model table, entity type → table
	for _, t := range tables {
		for _, m := range t.Metas {
			k := [2]string{m.Table(), m.TypeName()}
			if prev, ok := names[k]; ok && prev != t.Name {
				names[k] = "" // in several tables: leave the model's name
				continue
			}
			names[k] = t.Name
		}
	}
	rename := func(fs []review.Finding) {
		for i, f := range fs {
			if n := names[[2]string{f.Table, f.Entity}]; n != "" {
				fs[i].Table = n
			}
		}
	}
	rename(rep.Findings)
	rename(rep.Silenced)
}
