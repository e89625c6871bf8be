package ops_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/schema/cost"
	"github.com/dynamodel/dynamodel/schema/iac"
	"github.com/dynamodel/dynamodel/schema/ops"
	"github.com/dynamodel/dynamodel/schema/review"
)

// costConfig prices tickets from a sample with a workload, and agents from
// assumed sizes; agents' table is provisioned.
func costConfig(t *testing.T) ops.Config {
	cfg := offline(t)
	cfg.Tables[1].Settings = schema.Settings{Provisioned: &schema.Capacity{Read: 5, Write: 5}}
	cfg.Costs = []ops.Cost{{
		Meta:    ticketMeta,
		Sample:  sampleTicket(),
		Rates:   cost.Rates{Puts: 10, Updates: 40, Gets: 200, Queries: 20, QueryIndex: "ByAssignee", Items: 5e6},
		Options: []cost.Option{cost.WithUpdate("status")},
	}}
	return cfg
}

// TestCost: per-entity reports as text (golden) and JSON; rates from the
// configuration and from --rate; prices from flags; the billing mode from
// the table's options when no flag gives it.
func TestCost(t *testing.T) {
	cfg := costConfig(t)

	// Without prices: units only.
	res := run(t, cfg, "cost")
	expectCode(t, res, ops.ExitOK)
	golden(t, "cost.txt", res.stdout)

	prices := []string{"--per-million-writes", "0.625", "--per-million-reads", "0.125",
		"--per-wcu-hour", "0.00065", "--per-rcu-hour", "0.00013", "--per-gb-month", "0.25"}
	res = run(t, cfg, append([]string{"cost", "--rate", "Agent.gets=50", "--rate", "Agent.items=2000", "--query-items", "25"}, prices...)...)
	expectCode(t, res, ops.ExitOK)
	golden(t, "cost-monthly.txt", res.stdout)

	res = run(t, cfg, append([]string{"cost", "--json", "--rate", "Agent.gets=50"}, prices...)...)
	expectCode(t, res, ops.ExitOK)
	var doc struct {
		Reports      []cost.Report `json:"reports"`
		MonthlyTotal float64       `json:"monthlyTotal"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatalf("cost --json: %v\n%s", err, res.stdout)
	}
	if len(doc.Reports) != 2 {
		t.Fatalf("cost --json: %d reports", len(doc.Reports))
	}
	tickets, agents := doc.Reports[0], doc.Reports[1]
	if tickets.Entity != "Ticket" || tickets.Table != "tickets" || tickets.Assumed || tickets.Monthly == nil ||
		tickets.Monthly.Billing != cost.OnDemand || tickets.Monthly.Rates.Puts != 10 {
		t.Errorf("tickets report: %+v", tickets)
	}
	if agents.Entity != "Agent" || !agents.Assumed || agents.Monthly == nil ||
		agents.Monthly.Billing != cost.Provisioned || agents.Monthly.Rates.Gets != 50 {
		t.Errorf("agents report: %+v", agents)
	}
	if want := tickets.Monthly.Total + agents.Monthly.Total; doc.MonthlyTotal != want {
		t.Errorf("monthly total %v, want %v", doc.MonthlyTotal, want)
	}

	// --billing overrides the table's mode; --entity selects.
	res = run(t, cfg, append([]string{"cost", "--json", "--entity", "Agent", "--billing", "on-demand", "--rate", "Agent.gets=50"}, prices...)...)
	expectCode(t, res, ops.ExitOK)
	doc.Reports = nil
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Reports) != 1 || doc.Reports[0].Entity != "Agent" || doc.Reports[0].Monthly.Billing != cost.OnDemand {
		t.Errorf("cost --entity Agent --billing on-demand:\n%s", res.stdout)
	}
	// --table selects too.
	res = run(t, cfg, "cost", "--table", "agents")
	expectCode(t, res, ops.ExitOK)
	if want := "Agent (table agents), from assumed attribute sizes\n"; res.stdout[:len(want)] != want {
		t.Errorf("cost --table agents:\n%s", res.stdout)
	}
}

// TestCostRefused: cost inputs the model refuses (a sample that does not
// validate, an unknown query index) exit with ExitError and the model's
// error.
func TestCostRefused(t *testing.T) {
	cfg := costConfig(t)
	cfg.Costs[0].Sample = &Ticket{TicketID: "t-1", Status: "lost"}
	res := run(t, cfg, "cost")
	expectCode(t, res, ops.ExitError)
	var refused *entity.InputError
	if err := cfg.Check(); !errors.As(err, &refused) || refused.Rule != cost.RuleSample || !errors.Is(err, entity.ErrValidation) {
		t.Errorf("Check: %v", err)
	}

	cfg = costConfig(t)
	res = run(t, cfg, "cost", "--billing", "on-demand", "--rate", "Agent.gets=1", "--rate", "Agent.queries=1", "--rate", "Agent.queryIndex=Nope")
	expectCode(t, res, ops.ExitError)
	if res.stderr == "" {
		t.Error("no message on stderr")
	}
}

// reviewConfig silences one finding and leaves others.
func reviewConfig(t *testing.T) ops.Config {
	cfg := offline(t)
	cfg.Review.Options = []review.Option{
		review.SilenceIndex(agentMeta, review.HotPartition, "ByTeam", "two teams, a few hundred agents: reads are cheap"),
	}
	return cfg
}

// TestReview: the review as text (golden) and JSON, exiting 3 while
// findings are left and 0 when --fail-on or the configuration says so.
func TestReview(t *testing.T) {
	cfg := reviewConfig(t)
	res := run(t, cfg, "review")
	expectCode(t, res, ops.ExitFindings)
	golden(t, "review.txt", res.stdout)

	res = run(t, cfg, "review", "--json")
	expectCode(t, res, ops.ExitFindings)
	var doc struct {
		ExitCode int              `json:"exitCode"`
		Findings []review.Finding `json:"findings"`
		Silenced []review.Finding `json:"silenced"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatalf("review --json: %v\n%s", err, res.stdout)
	}
	if doc.ExitCode != ops.ExitFindings || len(doc.Findings) == 0 || len(doc.Silenced) != 1 ||
		doc.Silenced[0].Code != review.HotPartition || doc.Silenced[0].Table != "agents" {
		t.Errorf("review --json:\n%s", res.stdout)
	}
	codes := map[review.Code]bool{}
	for _, f := range doc.Findings {
		codes[f.Code] = true
	}

	for _, c := range []struct {
		args     []string
		advisory bool
		failOn   []review.Code
		want     int
	}{
		{args: []string{"--fail-on", "none"}, want: ops.ExitOK},
		{args: []string{"--fail-on", "all"}, want: ops.ExitFindings},
		{args: []string{"--fail-on", "LOCAL_INDEX,STRING_SORT"}, want: ops.ExitOK}, // none of these
		{args: []string{"--fail-on", string(doc.Findings[0].Code)}, want: ops.ExitFindings},
		{advisory: true, want: ops.ExitOK},
		{advisory: true, args: []string{"--fail-on", "all"}, want: ops.ExitFindings},
		{failOn: []review.Code{review.LocalIndex}, want: ops.ExitOK},
		{failOn: []review.Code{doc.Findings[0].Code}, want: ops.ExitFindings},
		{failOn: []review.Code{review.LocalIndex}, args: []string{"--fail-on", "all"}, want: ops.ExitFindings},
	} {
		if codes[review.LocalIndex] || codes[review.StringSort] {
			t.Fatal("the models have findings the cases assume they lack")
		}
		cfg := reviewConfig(t)
		cfg.Review.Advisory, cfg.Review.FailOn = c.advisory, c.failOn
		res := run(t, cfg, append([]string{"review"}, c.args...)...)
		if res.code != c.want {
			t.Errorf("review %v (advisory %v, fail on %v): exit code %d, want %d", c.args, c.advisory, c.failOn, res.code, c.want)
		}
	}

	// A review of the agents table alone: the tickets are not reviewed,
	// and the silence about agents still applies.
	res = run(t, cfg, "review", "--table", "agents", "--json")
	doc.Findings, doc.Silenced = nil, nil
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	for _, f := range doc.Findings {
		if f.Entity != "Agent" {
			t.Errorf("review --table agents reported %s", f.Entity)
		}
	}
	if len(doc.Silenced) != 1 {
		t.Errorf("review --table agents: silenced %v", doc.Silenced)
	}
	// A silence about the tickets is left out when they are not reviewed.
	cfg.Review.Options = append(cfg.Review.Options, review.Silence(ticketMeta, review.OmitEmptyKey, "sparse on purpose"))
	expectCode(t, run(t, cfg, "review", "--table", "agents"), ops.ExitFindings)
}

// TestReviewRefused: review options the review refuses exit with
// ExitError; Check reports them as the review's typed error.
func TestReviewRefused(t *testing.T) {
	cfg := offline(t)
	cfg.Review.Options = []review.Option{review.Silence(agentMeta, review.HotPartition, "")}
	res := run(t, cfg, "review")
	expectCode(t, res, ops.ExitError)
	// Also when only the entity concerned is reviewed: the refusal is
	// not taken for an option about another table.
	expectCode(t, run(t, cfg, "review", "--table", "agents"), ops.ExitError)
	var re *review.Error
	if err := cfg.Check(); !errors.As(err, &re) || re.Entity != "Agent" || re.Rule != review.RuleNoReason || !errors.Is(err, entity.ErrInvalidInput) {
		t.Errorf("Check: %v", err)
	}

	// A refused option about no entity in particular is not taken for an
	// option about a table left out either.
	cfg.Review.Options = []review.Option{review.MaxPartitionValues(0)}
	expectCode(t, run(t, cfg, "review", "--table", "agents"), ops.ExitError)
	if err := cfg.Check(); !errors.As(err, &re) || re.Rule != review.RuleOutOfRange {
		t.Errorf("Check: %v", err)
	}
	// An option about an entity left out is dropped: the review of the
	// table selected is the one without it.
	cfg.Review.Options = nil
	want := run(t, cfg, "review", "--table", "agents")
	cfg.Review.Options = []review.Option{review.Silence(ticketMeta, review.HotPartition, "")}
	if got := run(t, cfg, "review", "--table", "agents"); got != want {
		t.Errorf("review --table agents with an option about tickets: %+v, want %+v", got, want)
	}
}

// TestExport: export writes exactly what package iac produces, to stdout
// or to a file, for all tables or those selected.
func TestExport(t *testing.T) {
	cfg := offline(t)
	tickets, err := schema.Define("tickets", ticketMeta)
	if err != nil {
		t.Fatal(err)
	}
	agents, err := schema.Define("agents", agentMeta)
	if err != nil {
		t.Fatal(err)
	}
	must := func(b []byte, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "terraform"}, must(iac.TerraformJSON(tickets, agents))},
		{[]string{"export", "cloudformation"}, must(iac.CloudFormationJSON(tickets, agents))},
		{[]string{"export", "cloudformation", "--json"}, must(iac.CloudFormationJSON(tickets, agents))},
		{[]string{"export", "--yaml", "cloudformation"}, must(iac.CloudFormationYAML(tickets, agents))},
		{[]string{"export", "terraform", "--table", "agents"}, must(iac.TerraformJSON(agents))},
	} {
		res := run(t, cfg, c.args...)
		expectCode(t, res, ops.ExitOK)
		if res.stdout != c.want {
			t.Errorf("%v:\n%s\nwant:\n%s", c.args, res.stdout, c.want)
		}
		if res.stderr != "" {
			t.Errorf("%v: stderr %q", c.args, res.stderr)
		}
	}
	golden(t, "export-terraform-agents.tf.json", run(t, cfg, "export", "terraform", "--table", "agents").stdout)

	path := filepath.Join(t.TempDir(), "tables.tf.json")
	res := run(t, cfg, "export", "terraform", "--out", path)
	expectCode(t, res, ops.ExitOK)
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != must(iac.TerraformJSON(tickets, agents)) || res.stdout != "" {
		t.Errorf("--out wrote:\n%s\nstdout %q", got, res.stdout)
	}
	res = run(t, cfg, "export", "terraform", "--out", filepath.Join(t.TempDir(), "missing", "x.tf.json"))
	expectCode(t, res, ops.ExitError)
}

// TestConfigRefused: a configuration the commands cannot use is an
// ExitError for every command, before anything else, and Check reports
// it with a typed error.
func TestConfigRefused(t *testing.T) {
	type Other struct {
		entity.Model `ddb:"table=tickets"`
		ID           int `dynamodbav:"ticketId" ddb:"pk"` // N where Ticket has S
	}
	other := entity.MustRegister[Other]()
	cases := []struct {
		name  string
		cfg   ops.Config
		rule  entity.Rule
		table string // the table the refusal names
	}{
		{"no tables", ops.Config{}, ops.RuleConfig, ""},
		{"no name", ops.Config{Tables: []ops.Table{{Metas: []*entity.Meta{ticketMeta}}}}, ops.RuleConfig, ""},
		{"no models", ops.Config{Tables: []ops.Table{{Name: "tickets"}}}, ops.RuleConfig, "tickets"},
		{"a nil model", ops.Config{Tables: []ops.Table{{Name: "tickets", Metas: []*entity.Meta{ticketMeta, nil}}}}, ops.RuleConfig, "tickets"},
		{"twice", ops.Config{Tables: []ops.Table{{Name: "t", Metas: []*entity.Meta{ticketMeta}}, {Name: "t", Metas: []*entity.Meta{agentMeta}}}}, ops.RuleConfig, "t"},
		{"cost without a model", ops.Config{Tables: []ops.Table{{Name: "t", Metas: []*entity.Meta{ticketMeta}}},
			Costs: []ops.Cost{{}}}, ops.RuleConfig, ""},
		{"cost of an entity no table holds", ops.Config{Tables: []ops.Table{{Name: "t", Metas: []*entity.Meta{ticketMeta}}},
			Costs: []ops.Cost{{Meta: agentMeta}}}, ops.RuleConfig, ""},
		{"unknown fail-on code", ops.Config{Tables: []ops.Table{{Name: "t", Metas: []*entity.Meta{ticketMeta}}},
			Review: ops.Review{FailOn: []review.Code{"HOT"}}}, ops.RuleConfig, ""},
		// A model error is told apart from a configuration error by its rule.
		{"keys disagree", ops.Config{Tables: []ops.Table{{Name: "tix", Metas: []*entity.Meta{ticketMeta, other}}}}, schema.RuleKeyMismatch, "tix"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var refused *entity.InputError
			if err := c.cfg.Check(); !errors.Is(err, entity.ErrInvalidInput) || !errors.As(err, &refused) || refused.Rule != c.rule || refused.Table != c.table {
				t.Errorf("Check: %v (%+v), want rule %s naming table %q", err, refused, c.rule, c.table)
			}
			for _, cmd := range [][]string{{"plan"}, {"apply"}, {"cost"}, {"review"}, {"export", "terraform"}} {
				var out, errOut bytes.Buffer
				code := ops.Main(t.Context(), cmd, &out, &errOut, c.cfg)
				if code != ops.ExitError || errOut.Len() == 0 {
					t.Errorf("%v: exit code %d, stderr %q", cmd, code, errOut.String())
				}
			}
		})
	}
	if err := costConfig(t).Check(); err != nil {
		t.Errorf("Check of a valid configuration: %v", err)
	}

	// A command that needs DynamoDB refuses a configuration without a
	// client, and says so in its JSON document too.
	for name, cfg := range map[string]ops.Config{
		"no client": {Tables: []ops.Table{{Name: "tickets", Metas: []*entity.Meta{ticketMeta}}}},
		"NewClient returns none": {Tables: []ops.Table{{Name: "tickets", Metas: []*entity.Meta{ticketMeta}}},
			NewClient: func(context.Context) (schema.Client, error) { return nil, nil }},
	} {
		res := run(t, cfg, "plan", "--json")
		expectCode(t, res, ops.ExitError)
		var out struct {
			ExitCode int `json:"exitCode"`
			Errors   []struct {
				Error string `json:"error"`
			} `json:"errors"`
		}
		if err := json.Unmarshal([]byte(res.stdout), &out); err != nil || out.ExitCode != ops.ExitError || len(out.Errors) != 1 {
			t.Errorf("%s: plan --json printed %q (%v)", name, res.stdout, err)
		}
	}
}
