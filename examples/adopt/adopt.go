package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/update"
)

// Ticket is the model of the existing table, declared over it as it is:
// items without _t are tickets (untyped=all), the index's sort key is the
// RFC 3339 text attributevalue wrote (timeformat=rfc3339), a ticket
// stored without a tier is a standard one, and ver, stored as 0, becomes
// the lock version.
type Ticket struct {
	entity.Model `ddb:"table=tickets,type=Ticket,untyped=all"`
	Tenant       string    `dynamodbav:"tenant" ddb:"pk"`
	ID           string    `dynamodbav:"id" ddb:"sk"`
	Assignee     string    `dynamodbav:"assignee" ddb:"gsi=ByAssignee:pk1"`
	Opened       time.Time `dynamodbav:"opened" ddb:"gsi=ByAssignee:sk1,timeformat=rfc3339"`
	Status       string    `dynamodbav:"status" validate:"oneof=open closed"`
	Tier         string    `dynamodbav:"tier" ddb:"default=standard" validate:"oneof=standard premium"`
	Version      int64     `dynamodbav:"ver" ddb:"lock"`
}

func adopt(ctx context.Context, client *dynamodb.Client, table string, w io.Writer) error {
	meta := entity.MustRegister[Ticket]()
	for _, warning := range meta.Warnings() {
		fmt.Fprintln(w, "warning:", warning)
	}
	tickets, err := entity.NewTable[Ticket](client, entity.TableName(table))
	if err != nil {
		return err
	}

	// Read: no _t, no _v (version 1), no tier (its default).
	t2, err := tickets.Get(entity.NewKey("acme", "T2")).Run(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "get T2: %s, tier %s, opened %s\n", t2.Status, t2.Tier, t2.Opened.Format(time.RFC3339Nano))

	// Query the index: items come in the order of the stored text, and a
	// range condition compares that text (T2, opened half a second after
	// T1, has the smaller text).
	opened := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	for _, q := range []*query.Query[Ticket]{
		query.New(tickets).Index("ByAssignee").Where(query.Attr("assignee").Eq("ana")),
		query.New(tickets).Index("ByAssignee").Where(query.Attr("assignee").Eq("ana"), query.Attr("opened").Ge(opened)),
	} {
		page, err := q.Page(ctx)
		if err != nil {
			return err
		}
		fmt.Fprint(w, "query:")
		for _, t := range page.Items {
			fmt.Fprintf(w, " %s(%s)", t.ID, t.Opened.Format(time.RFC3339Nano))
		}
		fmt.Fprintln(w)
	}

	// Update: one attribute changes; the item gains _t and _v.
	if _, err := update.New(tickets, entity.NewKey("acme", "T1")).Set(cond.Name("status"), "closed").Run(ctx); err != nil {
		return err
	}
	raw, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(table),
		Key: map[string]types.AttributeValue{"tenant": &types.AttributeValueMemberS{Value: "acme"}, "id": &types.AttributeValueMemberS{Value: "T1"}}})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "stored T1: status %v, opened %v, _t %v, _v %v\n",
		text(raw.Item["status"]), text(raw.Item["opened"]), text(raw.Item[entity.TypeAttribute]), text(raw.Item[entity.VersionAttribute]))

	// Create: a ticket with no tier is stored with the default.
	if err := tickets.Create(&Ticket{Tenant: "acme", ID: "T4", Assignee: "bob", Opened: opened, Status: "open"}).Run(ctx); err != nil {
		return err
	}
	t4, err := tickets.Get(entity.NewKey("acme", "T4")).ConsistentRead().Run(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "created T4: tier %s\n", t4.Tier)

	// Lock: T3's ver 0 means no version yet. Two writers read it; the
	// first one's update stores version 1, and the other's Put, still at
	// version 0, is refused with the version stored.
	t3 := entity.NewKey("acme", "T3")
	mine, err := tickets.Get(t3).ConsistentRead().Run(ctx)
	if err != nil {
		return err
	}
	theirs := *mine
	res, err := update.New(tickets, t3).Set(cond.Name("status"), "open").IfVersion(mine.Version).
		ReturnValues(types.ReturnValueAllNew).Run(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "updated T3 at version %d: now version %d\n", mine.Version, res.Item.Version)
	theirs.Tier = "standard"
	err = tickets.Put(&theirs).Run(ctx)
	if !errors.Is(err, entity.ErrConditionFailed) {
		return fmt.Errorf("the stale Put of T3 was not refused: %v", err)
	}
	// The table's name differs from run to run; print it as the model's.
	fmt.Fprintln(w, "stale put T3:", strings.ReplaceAll(err.Error(), table, "tickets"))
	return nil
}

func text(av types.AttributeValue) string {
	switch v := av.(type) {
	case *types.AttributeValueMemberS:
		return v.Value
	case *types.AttributeValueMemberN:
		return v.Value
	}
	return fmt.Sprintf("%T", av)
}
