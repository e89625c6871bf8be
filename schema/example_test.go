package schema_test

import (
	"fmt"
	"time"

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
	in, err := schema.CreateTableInput("shipments", meta)
	if err != nil {
		fmt.Println(err)
		return
	}
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
func ExampleOptions_CreateTableInput() {
	opts := schema.Options{
		Provisioned:   &schema.Capacity{Read: 10, Write: 5},
		IndexCapacity: map[string]schema.Capacity{"ByDue": {Read: 2, Write: 1}},
	}
	in, err := opts.CreateTableInput("app", invoiceMeta, customerMeta)
	if err != nil {
		fmt.Println(err)
		return
	}
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
