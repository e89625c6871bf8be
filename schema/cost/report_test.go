package cost_test

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema/cost"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs (rerun with -update after checking):\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

// The support ticket of the talk: a multi-attribute GSI projecting a few
// attributes, a sparse GSI projecting everything, and a long body.
type Ticket struct {
	entity.Model `ddb:"table=tickets,type=Ticket,project=ByAssignee:INCLUDE(title)"`
	TicketID     string    `dynamodbav:"ticketId" ddb:"pk"`
	Org          string    `dynamodbav:"org" ddb:"gsi=ByAssignee:pk1" validate:"required"`
	Assignee     string    `dynamodbav:"assignee,omitempty" ddb:"gsi=ByAssignee:pk2"`
	Status       string    `dynamodbav:"status" ddb:"gsi=ByAssignee:pk3" validate:"oneof=open pending closed"`
	Priority     int       `dynamodbav:"priority" ddb:"gsi=ByAssignee:sk1,gsi=Urgent:sk1" validate:"min=1,max=4"`
	CreatedAt    time.Time `dynamodbav:"createdAt" ddb:"gsi=ByAssignee:sk2,gsi=Urgent:sk2"`
	Urgent       string    `dynamodbav:"urgent,omitempty" ddb:"gsi=Urgent:pk1"`
	Title        string    `dynamodbav:"title" validate:"max=120"`
	Body         string    `dynamodbav:"body"`
}

var ticketMeta = entity.MustRegister[Ticket]()

func sampleTicket() *Ticket {
	body := make([]byte, 1800)
	for i := range body {
		body[i] = 'a' + byte(i%26)
	}
	return &Ticket{TicketID: "t-1001", Org: "acme", Assignee: "ana", Status: "open", Priority: 1,
		CreatedAt: time.Date(2025, 12, 2, 9, 30, 0, 0, time.UTC), Urgent: "y",
		Title: "Printer on fire", Body: string(body)}
}

var prices = cost.Prices{Billing: cost.OnDemand, PerMillionWrites: 0.625, PerMillionReads: 0.125, PerGBMonth: 0.25}

func TestReportGolden(t *testing.T) {
	rates := cost.Rates{Puts: 10, Updates: 40, Gets: 200, Queries: 20, QueryIndex: "ByAssignee", Items: 5_000_000}
	r, err := cost.Estimate(ticketMeta, sampleTicket(), cost.WithUpdate("status"), cost.WithQueryItems(25),
		cost.WithMonthly(rates, prices))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "ticket.txt", r.String())
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "ticket.json", string(js)+"\n")

	// The same ticket unassigned and not urgent: in no index.
	s := sampleTicket()
	s.Assignee, s.Urgent = "", ""
	r, err = cost.Estimate(ticketMeta, s)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "ticket-unindexed.txt", r.String())

	// Before any data: assumed sizes, provisioned.
	sizes := cost.DefaultSizes(ticketMeta)
	sizes["body"] = 600
	r, err = cost.EstimateSizes(ticketMeta, sizes, cost.WithMonthly(cost.Rates{Puts: 5, Gets: 50, Items: 1e6},
		cost.Prices{Billing: cost.Provisioned, PerWCUHour: 0.00065, PerRCUHour: 0.00013, PerGBMonth: 0.25}))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "ticket-assumed.txt", r.String())
}

// TestEstimateRefusals: every refusal is an *entity.InputError matching
// entity.ErrInvalidInput, with its rule, call, table, index and attribute.
func TestEstimateRefusals(t *testing.T) {
	type want struct {
		rule        entity.Rule
		op, table   string
		index, attr string
	}
	est := func(opts ...cost.Option) func() error {
		return func() error { _, err := cost.Estimate(ticketMeta, sampleTicket(), opts...); return err }
	}
	sizes := func(s cost.Sizes) func() error {
		return func() error { _, err := cost.EstimateSizes(ticketMeta, s); return err }
	}
	notUrgent := sampleTicket()
	notUrgent.Urgent = ""
	cases := []struct {
		name string
		run  func() error
		want want
	}{
		{"invalid sample", func() error { _, err := cost.Estimate(ticketMeta, &Ticket{TicketID: "x", Status: "lost"}); return err },
			want{cost.RuleSample, "cost.Estimate", "tickets", "", ""}},
		{"unknown update attribute", est(cost.WithUpdate("nope")), want{entity.RuleUnknownPath, "cost.Estimate", "tickets", "", "nope"}},
		{"update of the primary key", est(cost.WithUpdate("ticketId")), want{cost.RuleKeyUpdate, "cost.Estimate", "tickets", "", "ticketId"}},
		{"update of an attribute the item lacks", func() error {
			_, err := cost.EstimateSizes(ticketMeta, cost.Sizes{"ticketId": 5}, cost.WithUpdate("title"))
			return err
		}, want{cost.RuleIncompleteItem, "cost.EstimateSizes", "tickets", "", "title"}},
		{"unknown size attribute", sizes(cost.Sizes{"ticketId": 5, "nope": 1}), want{entity.RuleUnknownPath, "cost.EstimateSizes", "tickets", "", "nope"}},
		{"no primary key size", sizes(cost.Sizes{"org": 5}), want{cost.RuleIncompleteItem, "cost.EstimateSizes", "tickets", "", "ticketId"}},
		{"empty key", sizes(cost.Sizes{"ticketId": 0}), want{cost.RuleSize, "cost.EstimateSizes", "tickets", "", "ticketId"}},
		{"negative size", sizes(cost.Sizes{"ticketId": 4, "title": -1}), want{cost.RuleSize, "cost.EstimateSizes", "tickets", "", "title"}},
		{"number too large", sizes(cost.Sizes{"ticketId": 4, "priority": 30}), want{cost.RuleSize, "cost.EstimateSizes", "tickets", "", "priority"}},
		{"stored item without its key", func() error {
			_, err := cost.EstimateItem(ticketMeta, cost.Item{"org": &types.AttributeValueMemberS{Value: "acme"}})
			return err
		}, want{cost.RuleIncompleteItem, "cost.EstimateItem", "tickets", "", "ticketId"}},
		{"negative rate", est(cost.WithMonthly(cost.Rates{Puts: -1}, prices)), want{cost.RuleOption, "cost.Estimate", "tickets", "", ""}},
		{"no billing mode", est(cost.WithMonthly(cost.Rates{Puts: 1}, cost.Prices{})), want{cost.RuleOption, "cost.Estimate", "tickets", "", ""}},
		{"query on an unknown index", est(cost.WithMonthly(cost.Rates{Queries: 1, QueryIndex: "Nope"}, prices)),
			want{cost.RuleUnknownIndex, "cost.Estimate", "tickets", "Nope", ""}},
		{"query on an index the item is not in", func() error {
			_, err := cost.Estimate(ticketMeta, notUrgent, cost.WithMonthly(cost.Rates{Queries: 1, QueryIndex: "Urgent"}, prices))
			return err
		}, want{cost.RuleIncompleteItem, "cost.Estimate", "tickets", "Urgent", ""}},
		{"page of no items", est(cost.WithQueryItems(0)), want{cost.RuleOption, "cost.Estimate", "tickets", "", ""}},
		{"nil model", func() error { _, err := cost.Estimate(nil, sampleTicket()); return err }, want{entity.RuleInvalidArgument, "cost.Estimate", "", "", ""}},
		{"nil model for sizes", func() error { _, err := cost.EstimateSizes(nil, nil); return err }, want{entity.RuleInvalidArgument, "cost.EstimateSizes", "", "", ""}},
		{"nil model for an item", func() error { _, err := cost.EstimateItem(nil, nil); return err }, want{entity.RuleInvalidArgument, "cost.EstimateItem", "", "", ""}},
		{"nil model for New", func() error { _, err := cost.New(nil); return err }, want{entity.RuleInvalidArgument, "cost.New", "", "", ""}},
	}
	for _, c := range cases {
		err := c.run()
		var refused *entity.InputError
		if !errors.Is(err, entity.ErrInvalidInput) || !errors.As(err, &refused) {
			t.Errorf("%s: got %v, want an *entity.InputError", c.name, err)
			continue
		}
		if got := (want{refused.Rule, refused.Op, refused.Table, refused.Index, refused.Attribute}); got != c.want {
			t.Errorf("%s: refusal %+v, want %+v (%v)", c.name, got, c.want, err)
		}
	}
	// The encoder's error stays reachable.
	_, err := cost.Estimate(ticketMeta, &Ticket{TicketID: "x", Status: "lost"})
	if !errors.Is(err, entity.ErrValidation) {
		t.Errorf("invalid sample: %v does not match entity.ErrValidation", err)
	}
}
