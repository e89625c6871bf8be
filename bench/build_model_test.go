package bench

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/dynamodel/dynamodel/entity"
)

// Shipment is the entity of the request-building benchmarks. Its global
// secondary index ByRoute has a multi-attribute key: three partition
// attributes (tenant, origin, carrier) and two sort attributes (day, slot).
// Its other attributes cover what an update acts on: a string, numbers, a
// string set, a list of structs and an optional note. It has no unique
// constraints, so a transaction writes it without guard items.
type Shipment struct {
	ShipmentID string   `dynamodbav:"shipmentId" ddb:"pk" validate:"required"`
	Tenant     string   `dynamodbav:"tenant" ddb:"gsi=ByRoute:pk1" validate:"required"`
	Origin     string   `dynamodbav:"origin" ddb:"gsi=ByRoute:pk2" validate:"required"`
	Carrier    string   `dynamodbav:"carrier" ddb:"gsi=ByRoute:pk3" validate:"required"`
	Day        string   `dynamodbav:"day" ddb:"gsi=ByRoute:sk1" validate:"required,len=10"`
	Slot       int      `dynamodbav:"slot" ddb:"gsi=ByRoute:sk2" validate:"gte=0,lte=23"`
	Status     string   `dynamodbav:"status" validate:"required,oneof=open in_transit delivered returned"`
	Weight     float64  `dynamodbav:"weight" validate:"gte=0"`
	Attempts   int      `dynamodbav:"attempts" validate:"gte=0"`
	Scans      int      `dynamodbav:"scans" validate:"gte=0"`
	Labels     []string `dynamodbav:"labels,stringset" validate:"max=16,dive,required"`
	Events     []Event  `dynamodbav:"events" validate:"dive"`
	Note       *string  `dynamodbav:"note" validate:"omitempty,max=500"`
}

// Event is one entry of a shipment's history.
type Event struct {
	Code string `dynamodbav:"code" validate:"required"`
	At   string `dynamodbav:"at" validate:"required"`
}

const (
	shipmentTable = "shipments"
	shipmentIndex = "ByRoute"
)

// nilClient satisfies NewTable: building a request needs no client to talk
// to, and the request-building benchmarks never send one.
var nilClient = (*dynamodb.Client)(nil)

// buildTables returns the tables the request-building benchmarks build
// requests for.
func buildTables(tb testing.TB) (*entity.Table[Shipment], *entity.Table[Order]) {
	tb.Helper()
	shipments, err := entity.NewTable[Shipment](nilClient, entity.TableName(shipmentTable))
	if err != nil {
		tb.Fatal(err)
	}
	orders, err := entity.NewTable[Order](nilClient, entity.TableName(tableName))
	if err != nil {
		tb.Fatal(err)
	}
	return shipments, orders
}
