package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/schema/cost"
	"github.com/dynamodel/dynamodel/schema/ops"
	"github.com/dynamodel/dynamodel/update"
)

// TicketV1 is the ticket as the previous release declared it: one index
// on status alone, whose three values put every ticket in three
// partitions.
type TicketV1 struct {
	entity.Model `ddb:"table=support-tickets,project=ByStatus:KEYS_ONLY"`
	TicketID     string    `dynamodbav:"ticketId" ddb:"pk" validate:"required"`
	Customer     string    `dynamodbav:"customer" validate:"required"`
	Assignee     string    `dynamodbav:"assignee" validate:"required"`
	Status       string    `dynamodbav:"status" ddb:"gsi=ByStatus:pk1" validate:"oneof=open pending closed"`
	Subject      string    `dynamodbav:"subject" validate:"max=80"`
	UpdatedAt    time.Time `dynamodbav:"updatedAt"`
}

// Ticket is this release's model: agents ask for "my open tickets, most
// recently updated first", so ByAssignee (assignee × status, updatedAt)
// replaces ByStatus, projecting what the list shows.
type Ticket struct {
	entity.Model `ddb:"table=support-tickets,project=ByAssignee:INCLUDE(subject,customer)"`
	TicketID     string    `dynamodbav:"ticketId" ddb:"pk" validate:"required"`
	Customer     string    `dynamodbav:"customer" validate:"required"`
	Assignee     string    `dynamodbav:"assignee" ddb:"gsi=ByAssignee:pk1" validate:"required"`
	Status       string    `dynamodbav:"status" ddb:"gsi=ByAssignee:sk1" validate:"oneof=open pending closed"`
	Subject      string    `dynamodbav:"subject" validate:"max=80"`
	UpdatedAt    time.Time `dynamodbav:"updatedAt" ddb:"gsi=ByAssignee:sk2"`
}

var (
	ticketV1Meta = entity.MustRegister[TicketV1]()
	ticketMeta   = entity.MustRegister[Ticket]()
)

// config is the command's configuration: the table under its name in
// this environment, with this release's model, and what the cost model
// assumes about tickets (prices come from flags).
func config(table string) ops.Config {
	return ops.Config{
		Name:   "operator",
		Tables: []ops.Table{{Name: table, Metas: []*entity.Meta{ticketMeta}}},
		Costs: []ops.Cost{{
			Meta: ticketMeta,
			Sample: &Ticket{TicketID: "t-1042", Customer: "c-07", Assignee: "ana", Status: "open",
				Subject: "export times out", UpdatedAt: time.Date(2025, 11, 8, 9, 30, 0, 0, time.UTC)},
			// Agents move tickets through their statuses: each move
			// changes a sort key of ByAssignee.
			Options: []cost.Option{cost.WithUpdate("status", "updatedAt")},
			Rates: cost.Rates{Puts: 5, Updates: 20, Gets: 100, Queries: 50, QueryIndex: "ByAssignee",
				Items: 2e6},
		}},
	}
}

// demo deploys the previous release's table with tickets, then runs the
// command as an operator would with this release.
func demo(ctx context.Context, client *dynamodb.Client, table string, stdout, stderr io.Writer) error {
	// Output names the table as the model does, so that it reads the
	// same whatever name this run's table got.
	stdout = renamer{stdout, table, ticketMeta.Table()}
	stderr = renamer{stderr, table, ticketMeta.Table()}

	if err := deployV1(ctx, client, table, 200); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "the previous release's table: index ByStatus, 200 tickets")

	cfg := config(table)
	cfg.Client = client
	for _, args := range [][]string{
		{"plan"},
		{"apply"},
		{"apply", "--allow-drop", "ByStatus"},
		{"plan"},
		{"plan", "--json"},
		{"cost", "--billing", "on-demand", "--per-million-writes", "0.625", "--per-million-reads", "0.125", "--per-gb-month", "0.25"},
		{"review"},
		{"export", "terraform"},
	} {
		fmt.Fprintf(stdout, "\n$ operator %s\n", strings.Join(args, " "))
		code := ops.Main(ctx, args, stdout, stderr, cfg)
		fmt.Fprintf(stdout, "exit code %d\n", code)
	}
	return nil
}

// deployV1 creates the table as the previous release declared it and
// writes n tickets.
func deployV1(ctx context.Context, client *dynamodb.Client, table string, n int) error {
	v1, err := schema.Define(table, ticketV1Meta)
	if err != nil {
		return err
	}
	if _, err := v1.Apply(ctx, client); err != nil {
		return err
	}
	tickets, err := entity.NewTable[TicketV1](client, entity.TableName(table))
	if err != nil {
		return err
	}
	assignees := []string{"ana", "ben", "cy"}
	statuses := []string{"open", "pending", "closed"}
	start := time.Date(2025, 11, 1, 8, 0, 0, 0, time.UTC)
	items := make([]*TicketV1, n)
	for i := range items {
		items[i] = &TicketV1{
			TicketID:  fmt.Sprintf("t-%04d", 1000+i),
			Customer:  fmt.Sprintf("c-%02d", i%17),
			Assignee:  assignees[i%len(assignees)],
			Status:    statuses[(i/len(assignees))%len(statuses)],
			Subject:   "ticket " + fmt.Sprint(i),
			UpdatedAt: start.Add(time.Duration(i*37) * time.Minute),
		}
	}
	batch := update.NewBatchWriter(client)
	if err := update.BatchPut(batch, tickets, items...); err != nil {
		return err
	}
	_, err = batch.Run(ctx)
	return err
}

// renamer writes to w with the table's name replaced by another, one
// write at a time (the command writes each line, plan and document
// whole).
type renamer struct {
	w        io.Writer
	from, to string
}

func (r renamer) Write(p []byte) (int, error) {
	if _, err := io.WriteString(r.w, strings.ReplaceAll(string(p), r.from, r.to)); err != nil {
		return 0, err
	}
	return len(p), nil
}
