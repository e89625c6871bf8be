package update_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/update"
)

// Ticket has an overloaded index key built from two fields that are also
// stored on their own, and a templated table key.
type Ticket struct {
	entity.Model `ddb:"table=tickets"`
	PK           string `dynamodbav:"PK" ddb:"pk,template=TICKET#{ID}"`
	ID           string `dynamodbav:"id"`
	Queue        string `dynamodbav:"queue"`
	State        string `dynamodbav:"state"`
	GSI1PK       string `dynamodbav:"GSI1PK" ddb:"gsi=GSI1:pk1,template=QUEUE#{Queue}#STATE#{State}"`
	Title        string `dynamodbav:"title"`
}

var ticketMeta = entity.MustRegister[Ticket]()

func TestTemplatedKeysStayInSyncOnUpdate(t *testing.T) {
	ctx := context.Background()
	client := dynamotest.Client(t)
	name := dynamotest.TableName(t, "tickets")
	dynamotest.DeleteTableOnCleanup(t, client, name)
	if _, err := schema.CreateTable(ctx, client, name, ticketMeta); err != nil {
		t.Fatal(err)
	}
	c := &counting{Client: client}
	tickets, err := entity.NewTable[Ticket](c, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	if err := tickets.Put(&Ticket{ID: "t1", Queue: "billing", State: "open", Title: "refund"}).Run(ctx); err != nil {
		t.Fatal(err)
	}
	k := entity.NewKey("TICKET#t1")
	stored := func() map[string]types.AttributeValue {
		out, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(name), Key: map[string]types.AttributeValue{"PK": s("TICKET#t1")}, ConsistentRead: aws.Bool(true)})
		if err != nil {
			t.Fatal(err)
		}
		return out.Item
	}

	before := c.updates.Load()
	for what, u := range map[string]*update.Update[Ticket]{
		"one component":           update.New(tickets, k).Set(cond.Name("state"), "closed"),
		"the template itself":     update.New(tickets, k).Set(cond.Name("GSI1PK"), "QUEUE#x#STATE#y"),
		"removing a component":    update.New(tickets, k).Remove(cond.Name("queue")),
		"a primary key component": update.New(tickets, k).Set(cond.Name("id"), "t2"),
	} {
		if _, err := u.Run(ctx); err == nil {
			t.Errorf("%s: the update was accepted", what)
		}
	}
	if _, err := update.New(tickets, k).Set(cond.Name("state"), "closed").Run(ctx); !matches(err, wantRule(update.RuleTemplateIncomplete)) {
		t.Fatalf("partial component update: %v, want RuleTemplateIncomplete", err)
	}
	if d := c.updates.Load() - before; d != 0 {
		t.Fatalf("%d requests sent for refused updates", d)
	}
	if got := stored()["GSI1PK"]; !reflect.DeepEqual(got, s("QUEUE#billing#STATE#open")) {
		t.Fatalf("GSI1PK = %v", got)
	}

	// Setting every component recomputes the key in the same request.
	if _, err := update.New(tickets, k).Set(cond.Name("state"), "closed").Set(cond.Name("queue"), "billing").Run(ctx); err != nil {
		t.Fatal(err)
	}
	item := stored()
	if !reflect.DeepEqual(item["GSI1PK"], s("QUEUE#billing#STATE#closed")) || !reflect.DeepEqual(item["state"], s("closed")) {
		t.Fatalf("after the update: %v", item)
	}
	// Updates that leave the components alone leave the key alone.
	if _, err := update.New(tickets, k).Set(cond.Name("title"), "refund please").Run(ctx); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(stored()["GSI1PK"], s("QUEUE#billing#STATE#closed")) {
		t.Fatal("an unrelated update changed the templated key")
	}
}
