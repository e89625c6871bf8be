package entity_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
)

type Incident struct {
	entity.Model `ddb:"table=incidents"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Title        string `dynamodbav:"title"`
	Version      int64  `dynamodbav:"ver" ddb:"lock"`
}

// A conditional write whose response is lost is retried by the SDK, and the
// retry finds the write's own effect. Create recognises its own item;
// when nothing can tell, the error is ErrOutcomeUnknown, never a false
// condition.
func ExampleOutcomeUnknownError() {
	ctx := context.Background()
	endpoint, stop, err := dynamotest.Endpoint(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer stop()
	plain := dynamotest.NewClient(endpoint)
	name := fmt.Sprintf("example-incidents-%d-%d", os.Getpid(), time.Now().UnixNano())
	if _, err := schema.CreateTable(ctx, plain, name, entity.MustRegister[Incident]()); err != nil {
		log.Fatal(err)
	}
	defer plain.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: &name})

	// The first PutItem reaches DynamoDB, but its response is lost.
	lossy := dynamotest.NewFaults(nil, dynamotest.FaultPlan{Operations: []string{"PutItem"},
		Script: []dynamotest.Fault{dynamotest.LoseResponse}})
	incidents, _ := entity.NewTable[Incident](lossy.Client(endpoint, 3), entity.TableName(name))
	t := &Incident{ID: "t-1", Title: "printer on fire"}
	err = incidents.Create(t).Run(ctx)
	fmt.Println("create:", err, "version", t.Version)

	// Every response lost: the write may or may not have been applied.
	lost := dynamotest.NewFaults(nil, dynamotest.FaultPlan{Fault: dynamotest.LoseResponse, Rate: 1})
	incidents, _ = entity.NewTable[Incident](lost.Client(endpoint, 3), entity.TableName(name))
	t.Title = "printer still on fire"
	err = incidents.Put(t).Run(ctx)
	fmt.Println("put:", errors.Is(err, entity.ErrOutcomeUnknown), errors.Is(err, entity.ErrConditionFailed), "version", t.Version)
	// Output:
	// create: <nil> version 1
	// put: true false version 1
}
