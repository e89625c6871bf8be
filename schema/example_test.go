package schema_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
)

// Shipment's index has a two-attribute partition key and a two-attribute
// sort key.
type Shipment struct {
	entity.Model `ddb:"table=shipments,project=ByRoute:INCLUDE(carrier)"`
	ShipmentID   string    `dynamodbav:"shipmentId" ddb:"pk"`
	Origin       string    `dynamodbav:"origin" ddb:"gsi=ByRoute:pk1"`
	Destination  string    `dynamodbav:"destination" ddb:"gsi=ByRoute:pk2"`
	Priority     int       `dynamodbav:"priority" ddb:"gsi=ByRoute:sk1"`
	ShippedAt    time.Time `dynamodbav:"shippedAt" ddb:"gsi=ByRoute:sk2"`
	Carrier      string    `dynamodbav:"carrier"`
	Weight       float64   `dynamodbav:"weight"`
}

func Example() {
	meta, err := entity.Register[Shipment]()
	if err != nil {
		fmt.Println(err)
		return
	}
	def, err := schema.Define("shipments", meta)
	if err != nil {
		fmt.Println(err)
		return
	}
	in := def.Table // the CreateTable request; def.Create sends it
	fmt.Println("table:", *in.TableName, in.BillingMode)
	for _, d := range in.AttributeDefinitions {
		fmt.Println("attribute:", *d.AttributeName, d.AttributeType)
	}
	for _, k := range in.KeySchema {
		fmt.Println("key:", *k.AttributeName, k.KeyType)
	}
	for _, g := range in.GlobalSecondaryIndexes {
		fmt.Println("index:", *g.IndexName, g.Projection.ProjectionType, g.Projection.NonKeyAttributes)
		for _, k := range g.KeySchema {
			fmt.Println("  key:", *k.AttributeName, k.KeyType)
		}
	}
	// Output:
	// table: shipments PAY_PER_REQUEST
	// attribute: destination S
	// attribute: origin S
	// attribute: priority N
	// attribute: shipmentId S
	// attribute: shippedAt S
	// key: shipmentId HASH
	// index: ByRoute INCLUDE [_v carrier]
	//   key: origin HASH
	//   key: destination HASH
	//   key: priority RANGE
	//   key: shippedAt RANGE
}

// Two entities sharing a table, created on provisioned capacity.
func ExampleSettings_Define() {
	opts := schema.Settings{
		Provisioned:   &schema.Capacity{Read: 10, Write: 5},
		IndexCapacity: map[string]schema.Capacity{"ByDue": {Read: 2, Write: 1}},
	}
	def, err := opts.Define("app", invoiceMeta, customerMeta)
	if err != nil {
		fmt.Println(err)
		return
	}
	in := def.Table
	fmt.Println(in.BillingMode, *in.ProvisionedThroughput.ReadCapacityUnits, *in.ProvisionedThroughput.WriteCapacityUnits)
	for _, g := range in.GlobalSecondaryIndexes {
		fmt.Println("global:", *g.IndexName, *g.ProvisionedThroughput.ReadCapacityUnits, *g.ProvisionedThroughput.WriteCapacityUnits)
	}
	for _, l := range in.LocalSecondaryIndexes {
		fmt.Println("local:", *l.IndexName)
	}
	// Output:
	// PROVISIONED 10 5
	// global: ByDue 2 1
	// global: GSI1 10 5
	// local: ByEmail
}

// Version 2 of a ticket model adds an index. Plan compares it with the
// live table; here the live table is a fixed description of what version
// 1 created (a *dynamodb.Client describes the real one).
func ExampleDefinition_Plan() {
	v1, _ := schema.Define("tickets", planV1)
	live := describeStub{table: liveOf(v1), ttl: &types.TimeToLiveDescription{TimeToLiveStatus: types.TimeToLiveStatusDisabled}}

	v2, err := schema.Define("tickets", planAssignee)
	if err != nil {
		fmt.Println(err)
		return
	}
	plan, err := v2.Plan(context.Background(), live)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(plan)
	// Output:
	// table tickets: 1 change (1 online)
	//
	// + create index ByAssignee [online]
	//     to:   HASH assignee (S), RANGE createdAt (S); projection ALL
	//     why: declared by the model and missing from the table; DynamoDB backfills it from the items already stored
	//     1. UpdateTable creates the index (one index per request).
	//     2. Wait until it is ACTIVE and no longer backfilling before querying it.
}

// An index no entity declares any more is deleted only when the caller
// names it in DropIndexes; otherwise Apply refuses before sending anything.
func ExampleDefinition_Apply() {
	v1, _ := schema.Define("tickets", planV1)
	client := &stuckClient{describeStub: describeStub{table: liveOf(v1), ttl: &types.TimeToLiveDescription{TimeToLiveStatus: types.TimeToLiveStatusDisabled}}}

	v2, _ := schema.Define("tickets", planNoIndex)
	_, err := v2.Apply(context.Background(), client)
	var refused *entity.InputError
	fmt.Println(errors.As(err, &refused) && refused.Rule == schema.RuleDropRefused && refused.Index == "ByStatus", client.updates)
	fmt.Println(err)
	// Output:
	// true 0
	// dynamodel: invalid input to schema.Apply, table tickets, index ByStatus (drop-refused): index drop not allowed: delete index ByStatus needs the DropIndexes option to name it
}
