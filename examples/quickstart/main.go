// Command quickstart is the README's quick start: it declares an entity with
// a multi-attribute index, creates its table, writes and reads an order, and
// shows invalid data being refused before any request.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

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
	// The DynamoDB at DYNAMODB_ENDPOINT (make demo starts DynamoDB Local
	// and sets it). Against AWS, build the client from your configuration
	// instead: dynamodb.NewFromConfig(cfg), cfg from config.LoadDefaultConfig.
	endpoint := os.Getenv("DYNAMODB_ENDPOINT")
	if endpoint == "" {
		log.Fatal("set DYNAMODB_ENDPOINT, e.g. to DynamoDB Local's http://127.0.0.1:8000")
	}
	client := dynamodb.New(dynamodb.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(endpoint),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "local", SecretAccessKey: "local"}, nil
		}),
	})

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
	if err := orders.Put(o).Run(ctx); err != nil {
		log.Fatal(err)
	}
	got, err := orders.Get(entity.NewKey("o-1")).Run(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.OrderID, got.Status)

	// Invalid data never reaches DynamoDB.
	err = orders.Put(&Order{OrderID: "o-2", Status: "lost"}).Run(ctx)
	fmt.Println(errors.Is(err, entity.ErrValidation), err)
}
