package schema

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ApplyOption gives [Definition.Apply] the caller's consent to destructive
// changes ([DropIndexes]) or a hook to follow it ([OnProgress]).
type ApplyOption func(*applyConfig)

type applyConfig struct {
	drop     map[string]bool
	progress func(Progress)
}

// DropIndexes allows Apply to delete the named global secondary indexes,
// which no entity declares any longer. Apply refuses to delete any other
// (RuleDropRefused), and never deletes a table. Several DropIndexes add up.
func DropIndexes(names ...string) ApplyOption {
	return func(c *applyConfig) {
		for _, n := range names {
			c.drop[n] = true
		}
	}
}

// OnProgress has fn called from Apply's goroutine as each change starts,
// at every poll while Apply waits for the table or an index, and when the
// change is done. A later OnProgress replaces an earlier one.
func OnProgress(fn func(Progress)) ApplyOption {
	return func(c *applyConfig) { c.progress = fn }
}

// Progress reports one step of [Definition.Apply].
type Progress struct {
	Table  string `json:"table"`
	Action Action `json:"action"`
	// Index is the index concerned, if any.
	Index string `json:"index,omitempty"`
	// Status is the table's or index's status as last described, such as
	// "CREATING", "CREATING, backfilling", "ACTIVE" or "deleted"; "sent"
	// when the change's requests have just been sent.
	Status string `json:"status"`
	// Elapsed is how long the change has taken so far.
	Elapsed time.Duration `json:"elapsed"`
	// Done is set on the last report of a change.
	Done bool `json:"done"`
}

// Apply makes the live table match the definition: it plans, checks the
// plan, makes the first change, waits for it to take effect, and plans
// again, until nothing is left. Re-planning after each change makes it
// safe to run again after an interruption: it continues where the last run
// stopped, waiting for an index an earlier run left CREATING.
//
// Before sending anything, Apply refuses a plan with an [Impossible]
// change (an *[Error] matching [ErrImpossible]) or with an index deletion
// no [DropIndexes] option allows (an *entity.InputError with
// [RuleDropRefused]); every
// refused change is reported, naming the table, the index and the
// attribute, and nothing is changed.
//
// Changes are made one request at a time: a missing table with
// CreateTable; each global secondary index with its own UpdateTable (one
// index per request, as DynamoDB requires), waiting until it is ACTIVE and
// no longer backfilling before the next step; billing, stream, deletion
// protection and table class each with an UpdateTable; time to live with
// UpdateTimeToLive. Waits for the table are bounded by [Settings.MaxWait];
// waits for an index backfill, which can take hours on a large table, only
// by ctx. A change DynamoDB accepts but does not make is [ErrNotApplied].
//
// It returns the changes made (or waited for) in order, also when an error
// stops Apply halfway. A [NeedsData] change among them created an index
// that leaves out older items until they are backfilled.
//
//	applied, err := def.Apply(ctx, client, schema.DropIndexes("ByStatus"), schema.OnProgress(log))
func (d *Definition) Apply(ctx context.Context, client Client, opts ...ApplyOption) ([]Change, error) {
	name := aws.ToString(d.Table.TableName)
	cfg := applyConfig{drop: map[string]bool{}}
	for _, o := range opts {
		o(&cfg)
	}
	allowDrop := cfg.drop
	report := cfg.progress
	if report == nil {
		report = func(Progress) {}
	}
	var applied []Change
	made := map[string]bool{}
	for {
		p, err := d.Plan(ctx, client)
		if err != nil {
			return applied, err
		}
		if err := p.refusals(allowDrop); err != nil {
			return applied, err
		}
		if len(p.Changes) == 0 {
			return applied, nil
		}
		c, req := p.Changes[0], p.requests[0]
		id := string(c.Action) + " " + c.Index
		waiting := c.Action == ActionWaitTable || c.Action == ActionWaitIndex
		if made[id] && !waiting {
			return applied, &Error{Table: name, Index: c.Index, Attribute: first(c.Attributes),
				Err: fmt.Errorf("%w: %s (%s → %s)", ErrNotApplied, c.title(name), orNone(c.From), orNone(c.To))}
		}
		made[id] = true
		if err := d.make(ctx, client, c, req, report); err != nil {
			return applied, err
		}
		applied = append(applied, c)
	}
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// refusals reports every change Apply will not make, before anything is
// sent.
func (p *Plan) refusals(allowDrop map[string]bool) error {
	var errs []error
	for _, c := range p.Changes {
		switch {
		case c.Kind == Impossible:
			errs = append(errs, &Error{Table: p.Table, Index: c.Index, Attribute: first(c.Attributes),
				Err: fmt.Errorf("%w: %s: %s", ErrImpossible, c.title(p.Table), c.Reason)})
		case c.Kind == Destructive && !allowDrop[c.Index]:
			e := refuse(RuleDropRefused, p.Table, nil, "%s needs the DropIndexes option to name it", c.title(p.Table))
			e.Op, e.Index, e.Attribute = "schema.Apply", c.Index, first(c.Attributes)
			errs = append(errs, e)
		}
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

// make sends one change's requests and waits for it to take effect.
func (d *Definition) make(ctx context.Context, client Client, c Change, req request, report func(Progress)) error {
	name := aws.ToString(d.Table.TableName)
	start := time.Now()
	progress := func(status string, done bool) {
		report(Progress{Table: name, Action: c.Action, Index: c.Index, Status: status, Elapsed: time.Since(start), Done: done})
	}
	if req.create != nil {
		if _, err := client.CreateTable(ctx, req.create); err != nil {
			var inUse *types.ResourceInUseException
			if !errors.As(err, &inUse) { // created meanwhile: the next plan compares it
				return &Error{Table: name, Op: "CreateTable", Err: err}
			}
		}
		progress("sent", false)
	}
	for _, u := range req.update {
		if _, err := client.UpdateTable(ctx, u); err != nil {
			return &Error{Table: name, Index: c.Index, Op: "UpdateTable", Err: err}
		}
		progress("sent", false)
		if len(req.update) > 1 {
			// The next request of the change (enabling a stream after
			// disabling it) waits for the table to settle.
			if err := d.waitTable(ctx, client, progress); err != nil {
				return err
			}
		}
	}
	for _, u := range req.ttl {
		if _, err := client.UpdateTimeToLive(ctx, u); err != nil {
			return &Error{Table: name, Attribute: aws.ToString(u.TimeToLiveSpecification.AttributeName), Op: "UpdateTimeToLive", Err: err}
		}
		progress("sent", false)
	}
	switch c.Action {
	case ActionCreateIndex, ActionDeleteIndex, ActionWaitIndex:
		return d.waitIndex(ctx, client, c.Index, req.gone || c.Action == ActionDeleteIndex, progress)
	case ActionUpdateTTL:
		progress("sent", true)
		return nil
	}
	return d.waitTable(ctx, client, progress)
}

// waitTable waits, up to Settings.MaxWait, until the table and its global
// secondary indexes are ACTIVE.
func (d *Definition) waitTable(ctx context.Context, client Client, progress func(string, bool)) error {
	ctx, cancel := context.WithTimeout(ctx, d.opts.maxWait())
	defer cancel()
	return d.poll(ctx, client, "", progress, func(t *types.TableDescription) (string, bool, error) {
		state, done, failed := status(t)
		if failed {
			return state, false, &Error{Table: aws.ToString(d.Table.TableName), Err: fmt.Errorf("%w: %s", ErrNotActive, state)}
		}
		return state, done, nil
	})
}

// waitIndex waits until an index is ACTIVE and no longer backfilling, or,
// when it is being deleted, gone.
func (d *Definition) waitIndex(ctx context.Context, client Client, index string, gone bool, progress func(string, bool)) error {
	return d.poll(ctx, client, index, progress, func(t *types.TableDescription) (string, bool, error) {
		i := slices.IndexFunc(t.GlobalSecondaryIndexes, func(g types.GlobalSecondaryIndexDescription) bool {
			return aws.ToString(g.IndexName) == index
		})
		if i < 0 {
			if gone {
				return "deleted", true, nil
			}
			return "not described yet", false, nil
		}
		g := t.GlobalSecondaryIndexes[i]
		state := string(g.IndexStatus)
		if aws.ToBool(g.Backfilling) {
			state += ", backfilling"
		}
		return state, g.IndexStatus == types.IndexStatusActive && !aws.ToBool(g.Backfilling), nil
	})
}

// poll describes the table with a growing interval until check says done,
// reporting every status seen.
func (d *Definition) poll(ctx context.Context, client Client, index string, progress func(string, bool),
	check func(*types.TableDescription) (string, bool, error)) error {
	name := aws.ToString(d.Table.TableName)
	interval := firstPoll
	timer := time.NewTimer(0)
	defer timer.Stop()
	last := "not described yet"
	for {
		select {
		case <-ctx.Done():
			what := "the table"
			if index != "" {
				what = "index " + index
			}
			return &Error{Table: name, Index: index, Err: fmt.Errorf("stopped waiting for %s (last seen: %s): %w", what, last, ctx.Err())}
		case <-timer.C:
		}
		out, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		switch {
		case err == nil && out.Table != nil:
			state, done, err := check(out.Table)
			if err != nil {
				return err
			}
			last = state
			progress(state, done)
			if done {
				return nil
			}
		case err != nil && ctx.Err() == nil:
			var notFound *types.ResourceNotFoundException
			if !errors.As(err, &notFound) {
				return &Error{Table: name, Index: index, Op: "DescribeTable", Err: err}
			}
			last = "table not found"
		}
		timer.Reset(interval)
		interval = min(interval*2, maxPoll)
	}
}
