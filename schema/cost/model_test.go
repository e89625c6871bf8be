package cost_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema/cost"
)

// The developer guide's capacity examples: an 8 KB item read takes 2 RCU
// strongly consistent, 1 eventually consistent and 4 in a transaction; a
// 2 KB item written takes 2 WCU, 4 in a transaction; a 3.5 KB item is read
// with 1 RCU; items are rounded up to the next kilobyte (1.5 KB: 2 WCU).
func TestDeveloperGuideCapacityExamples(t *testing.T) {
	m, err := cost.New(ticketMeta)
	if err != nil {
		t.Fatal(err)
	}
	item := func(size int) cost.Item {
		// ticketId "t" (9 bytes) and a padding attribute "p".
		return cost.Item{
			"ticketId": &types.AttributeValueMemberS{Value: "t"},
			"p":        &types.AttributeValueMemberS{Value: strings.Repeat("x", size-9-1)},
		}
	}
	read := func(size int, c cost.Consistency) float64 {
		u, err := m.Get(item(size), c)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	if got := read(8*1024, cost.Strong); got != 2 {
		t.Errorf("8 KB strong read: %v RCU, want 2", got)
	}
	if got := read(8*1024, cost.Eventual); got != 1 {
		t.Errorf("8 KB eventual read: %v RCU, want 1", got)
	}
	if got := read(8*1024, cost.Transactional); got != 4 {
		t.Errorf("8 KB transactional read: %v RCU, want 4", got)
	}
	if got := read(3584, cost.Strong); got != 1 {
		t.Errorf("3.5 KB strong read: %v RCU, want 1", got)
	}
	w := m.Write(nil, item(2048))
	if w.Total() != 2 || w.Transactional().Total() != 4 {
		t.Errorf("2 KB write: %v WCU, %v transactional; want 2 and 4", w.Total(), w.Transactional().Total())
	}
	if got := m.Write(nil, item(1536)).Total(); got != 2 {
		t.Errorf("1.5 KB write: %v WCU, want 2", got)
	}
	if got := m.Write(nil, nil).Total(); got != 1 {
		t.Errorf("delete of a missing item: %v WCU, want 1", got)
	}
	// A Query page sums before rounding: 25 items of 1.5 KB are 37.5 KB,
	// 10 RCU strongly consistent, 5 eventually.
	page := make([]cost.Item, 25)
	for i := range page {
		page[i] = item(1536)
	}
	if got, _ := m.QueryPage("", page, cost.Strong); got != 10 {
		t.Errorf("query page of 37.5 KB: %v RCU, want 10", got)
	}
	if got, _ := m.QueryPage("", page, cost.Eventual); got != 5 {
		t.Errorf("query page of 37.5 KB eventually consistent: %v RCU, want 5", got)
	}
}

// TestReadRefusals: a read priced with a consistency it cannot have, or on
// an index the entity does not declare, is refused with the rule saying so.
func TestReadRefusals(t *testing.T) {
	m, err := cost.New(ticketMeta)
	if err != nil {
		t.Fatal(err)
	}
	item := cost.Item{"ticketId": &types.AttributeValueMemberS{Value: "t"}}
	page := []cost.Item{item}
	cases := []struct {
		name      string
		run       func() error
		rule      entity.Rule
		op, index string
	}{
		{"strong query on a GSI", func() error { _, err := m.QueryPage("ByAssignee", page, cost.Strong); return err },
			cost.RuleConsistency, "cost.QueryPage", "ByAssignee"},
		{"transactional query", func() error { _, err := m.QueryPage("", page, cost.Transactional); return err },
			cost.RuleConsistency, "cost.QueryPage", ""},
		{"unknown consistency of a query", func() error { _, err := m.QueryPage("", page, "linearizable"); return err },
			cost.RuleConsistency, "cost.QueryPage", ""},
		{"query on an unknown index", func() error { _, err := m.QueryPage("Nope", page, cost.Eventual); return err },
			cost.RuleUnknownIndex, "cost.QueryPage", "Nope"},
		{"unknown consistency of a get", func() error { _, err := m.Get(item, "linearizable"); return err },
			cost.RuleConsistency, "cost.Get", ""},
	}
	for _, c := range cases {
		err := c.run()
		var refused *entity.InputError
		if !errors.Is(err, entity.ErrInvalidInput) || !errors.As(err, &refused) ||
			refused.Rule != c.rule || refused.Op != c.op || refused.Index != c.index || refused.Table != "tickets" {
			t.Errorf("%s: %v (%+v), want rule %s from %s on index %q of tickets", c.name, err, refused, c.rule, c.op, c.index)
		}
	}
}
