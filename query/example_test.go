package query_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/schema"
)

type Ticket struct {
	entity.Model `ddb:"table=tickets"`
	Queue        string `dynamodbav:"queue" ddb:"pk"`
	ID           string `dynamodbav:"id" ddb:"sk"`
	Tier         string `dynamodbav:"tier" validate:"oneof=standard premium"`
}

// A queue of four tickets, one of which another program stored with a tier
// the model refuses. Strict (the default), the page comes with a
// *PageError that holds it; SkipInvalid returns it with the bad ticket in
// Invalid. Either way the three good tickets and the cursor are there.
func ExampleQuery_SkipInvalid() {
	ctx := context.Background()
	endpoint, stop, err := dynamotest.Endpoint(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer stop()
	client := dynamotest.NewClient(endpoint)
	name := fmt.Sprintf("example-tickets-%d-%d", os.Getpid(), time.Now().UnixNano())
	if _, err := schema.CreateTable(ctx, client, name, entity.MustRegister[Ticket]()); err != nil {
		log.Fatal(err)
	}
	defer client.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(name)})
	tickets, err := entity.NewTable[Ticket](client, entity.TableName(name))
	if err != nil {
		log.Fatal(err)
	}
	for _, id := range []string{"t1", "t2", "t4"} {
		if err := tickets.Put(&Ticket{Queue: "support", ID: id, Tier: "standard"}).Run(ctx); err != nil {
			log.Fatal(err)
		}
	}
	_, err = client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(name), Item: map[string]types.AttributeValue{
		"queue": &types.AttributeValueMemberS{Value: "support"},
		"id":    &types.AttributeValueMemberS{Value: "t3"},
		"tier":  &types.AttributeValueMemberS{Value: "gold"},
	}})
	if err != nil {
		log.Fatal(err)
	}

	q := query.New(tickets).Where(query.Attr("queue").Eq("support"))

	_, err = q.Clone().Page(ctx)
	var pe *query.PageError[Ticket]
	if errors.As(err, &pe) {
		fmt.Println("strict:", len(pe.Page.Items), "items,", len(pe.Page.Invalid), "invalid, validation error:", errors.Is(err, entity.ErrValidation))
	}

	page, err := q.Clone().SkipInvalid().Page(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range page.Items {
		fmt.Println(t.ID, t.Tier)
	}
	for _, bad := range page.Invalid {
		var ve *entity.ValidationError
		if errors.As(&bad, &ve) {
			fmt.Println("skipped", ve.Key, ve.Fields[0])
		}
	}
	// Output:
	// strict: 3 items, 1 invalid, validation error: true
	// t1 standard
	// t2 standard
	// t4 standard
	// skipped {id="t3", queue="support"} Ticket.Tier (tier): oneof=standard premium
}
