// Command quickstart is the README's quick start: it declares an entity with
// a multi-attribute index, creates its table, writes and reads an order, and
// shows invalid data being refused before any request.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
)

type Order struct {
	entity.Model `ddb:"table=quickstart-orders"`
	OrderID      string    `dynamodbav:"orderId" ddb:"pk" validate:"required"`
	WarehouseID  string    `dynamodbav:"warehouseId" ddb:"gsi=ByAssignee:pk1" validate:"required"`
	AssigneeID   string    `dynamodbav:"assigneeId" ddb:"gsi=ByAssignee:pk2" validate:"required"`
	Status       string    `dynamodbav:"status" ddb:"gsi=ByAssignee:pk3" validate:"oneof=open picked shipped"`
	Priority     int       `dynamodbav:"priority" ddb:"gsi=ByAssignee:sk1"`
	CreatedAt    time.Time `dynamodbav:"createdAt" ddb:"gsi=ByAssignee:sk2"`
}

func main() {
	ctx := context.Background()
	// DynamoDB Local, or DYNAMODB_ENDPOINT when set; against AWS, use a
	// *dynamodb.Client from your own configuration instead.
	endpoint, stop, err := dynamotest.Endpoint(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer stop()
	client := dynamotest.NewClient(endpoint)

	meta := entity.MustRegister[Order]()
	if _, _, err := schema.EnsureTable(ctx, client, meta.Table(), meta); err != nil {
		log.Fatal(err)
	}
	orders, err := entity.NewTable[Order](client)
	if err != nil {
		log.Fatal(err)
	}

	o := &Order{OrderID: "o-1", WarehouseID: "w-1", AssigneeID: "ana", Status: "open",
		Priority: 1, CreatedAt: time.Now()}
	if err := orders.Put(ctx, o); err != nil {
		log.Fatal(err)
	}
	got, err := orders.Get(ctx, entity.NewKey("o-1"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.OrderID, got.Status)

	// Invalid data never reaches DynamoDB.
	err = orders.Put(ctx, &Order{OrderID: "o-2", Status: "lost"})
	fmt.Println(errors.Is(err, entity.ErrValidation), err)
}
