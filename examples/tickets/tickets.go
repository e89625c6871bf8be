package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/update"
)

// TicketV1 is the support ticket as first deployed: tickets are read by
// ID only, so the table has no secondary index.
type TicketV1 struct {
	entity.Model `ddb:"table=support-tickets"`
	TicketID     string    `dynamodbav:"ticketId" ddb:"pk" validate:"required"`
	Customer     string    `dynamodbav:"customer" validate:"required"`
	Assignee     string    `dynamodbav:"assignee" validate:"required"`
	Status       string    `dynamodbav:"status" validate:"oneof=open pending closed"`
	Subject      string    `dynamodbav:"subject"`
	UpdatedAt    time.Time `dynamodbav:"updatedAt"`
}

// Ticket is the next version of the model: agents now ask "my open
// tickets, most recently updated first". The attributes were always
// there; only the index is new: partition key assignee, sort key status
// then updatedAt (a multi-attribute sort key, no "open#2025-…" string).
// Projecting the few attributes the list shows keeps the index small.
type Ticket struct {
	entity.Model `ddb:"table=support-tickets,project=ByAssignee:INCLUDE(subject,customer)"`
	TicketID     string    `dynamodbav:"ticketId" ddb:"pk" validate:"required"`
	Customer     string    `dynamodbav:"customer" validate:"required"`
	Assignee     string    `dynamodbav:"assignee" ddb:"gsi=ByAssignee:pk1" validate:"required"`
	Status       string    `dynamodbav:"status" ddb:"gsi=ByAssignee:sk1" validate:"oneof=open pending closed"`
	Subject      string    `dynamodbav:"subject"`
	UpdatedAt    time.Time `dynamodbav:"updatedAt" ddb:"gsi=ByAssignee:sk2"`
}

var (
	ticketV1Meta = entity.MustRegister[TicketV1]()
	ticketMeta   = entity.MustRegister[Ticket]()
)

var (
	assignees = []string{"ana", "ben", "cy"}
	statuses  = []string{"open", "pending", "closed"}
	subjects  = []string{"cannot log in", "invoice is wrong", "export times out", "password reset", "feature request"}
)

// sampleTickets are the tickets written by the first version.
func sampleTickets(n int) []*TicketV1 {
	start := time.Date(2025, 11, 1, 8, 0, 0, 0, time.UTC)
	out := make([]*TicketV1, n)
	for i := range out {
		out[i] = &TicketV1{
			TicketID:  fmt.Sprintf("t-%04d", 1000+i),
			Customer:  fmt.Sprintf("c-%02d", i%17),
			Assignee:  assignees[i%len(assignees)],
			Status:    statuses[(i/len(assignees))%len(statuses)],
			Subject:   subjects[i%len(subjects)],
			UpdatedAt: start.Add(time.Duration(i*37) * time.Minute),
		}
	}
	return out
}

// run is the example: deploy version 1, load tickets, then plan and apply
// version 2 (a new index on the live table), wait for the index, and query
// it.
func run(ctx context.Context, client *dynamodb.Client, table string, w io.Writer) error {
	// The plan names the table; the output uses the model's name so that
	// it reads the same whatever name this run's table got.
	show := func(s string) string { return strings.ReplaceAll(s, table, ticketMeta.Table()) }

	// Version 1: create the table from the model, and load 300 tickets.
	v1, err := schema.Define(table, ticketV1Meta)
	if err != nil {
		return err
	}
	if _, err := v1.Apply(ctx, client); err != nil {
		return err
	}
	old, err := entity.NewTable[TicketV1](client, entity.TableName(table))
	if err != nil {
		return err
	}
	batch := update.NewBatchWriter(client)
	tickets := sampleTickets(300)
	if err := update.BatchPut(batch, old, tickets...); err != nil {
		return err
	}
	if _, err := batch.Run(ctx); err != nil {
		return err
	}
	fmt.Fprintf(w, "version 1 deployed: table without secondary indexes, %d tickets written with BatchWriteItem\n\n", len(tickets))

	// Version 2: what would change? The plan is text for the pull request.
	v2, err := schema.Define(table, ticketMeta)
	if err != nil {
		return err
	}
	plan, err := v2.Plan(ctx, client)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "plan for version 2:")
	fmt.Fprint(w, indent(show(plan.String())))
	fmt.Fprintln(w)

	// Apply: one UpdateTable, then wait until the index is ACTIVE and no
	// longer backfilling. Progress comes at every poll; the status and
	// time vary with the server, so only the end is printed here.
	applied, err := v2.Apply(ctx, client, schema.OnProgress(func(p schema.Progress) {
		if p.Done && p.Index != "" {
			fmt.Fprintf(w, "apply: index %s is %s and backfilled\n", p.Index, p.Status)
		}
	}))
	if err != nil {
		return err
	}
	for _, c := range applied {
		fmt.Fprintf(w, "apply: done: %s %s (%s)\n", c.Action, c.Index, c.Kind)
	}
	again, err := v2.Plan(ctx, client)
	if err != nil {
		return err
	}
	fmt.Fprint(w, "plan after apply: ", show(again.String()), "\n")

	// Only now is the index queried.
	tix, err := entity.NewTable[Ticket](client, entity.TableName(table))
	if err != nil {
		return err
	}
	mine := query.New(tix).Index("ByAssignee").Where(
		query.Attr("assignee").Eq("ana"),
		query.Attr("status").Eq("open"),
	).Descending().Limit(5)
	page, err := mine.Page(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "ana's open tickets, most recently updated first (index ByAssignee, first 5):")
	for _, t := range page.Items {
		fmt.Fprintf(w, "  %s %s %-8s %s\n", t.UpdatedAt.Format("01-02 15:04"), t.TicketID, t.Customer, t.Subject)
	}

	// Every ticket written before the index existed is in it.
	inIndex := 0
	for _, a := range assignees {
		for _, s := range statuses {
			q := query.New(tix).Index("ByAssignee").Where(query.Attr("assignee").Eq(a), query.Attr("status").Eq(s))
			for page, err := range q.Pages(ctx) {
				if err != nil {
					return err
				}
				inIndex += len(page.Items)
			}
		}
	}
	fmt.Fprintf(w, "tickets found through ByAssignee: %d of %d\n", inIndex, len(tickets))
	return nil
}

func indent(s string) string {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}
