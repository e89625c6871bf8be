package entity_test

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/schema/cost"
)

func show(v types.AttributeValue) string {
	switch x := v.(type) {
	case *types.AttributeValueMemberS:
		return "S:" + x.Value
	case *types.AttributeValueMemberN:
		return "N:" + x.Value
	}
	return fmt.Sprintf("%T", v)
}

type Shipment struct {
	entity.Model `ddb:"table=shipments,project=ByCarrier:KEYS_ONLY"`
	ID           string    `dynamodbav:"id" ddb:"pk" validate:"required"`
	Carrier      string    `dynamodbav:"carrier" ddb:"gsi=ByCarrier:pk1" validate:"required"`
	Region       string    `dynamodbav:"region" ddb:"gsi=ByCarrier:pk2"`
	ShippedAt    time.Time `dynamodbav:"shippedAt" ddb:"gsi=ByCarrier:sk1"`
	Weight       float64   `dynamodbav:"weight" validate:"gt=0"`
}

// Register reads the tags once; the model knows the multi-attribute index.
func ExampleRegister() {
	meta, err := entity.Register[Shipment]()
	if err != nil {
		fmt.Println(err)
		return
	}
	ix := meta.Indexes()[0]
	fmt.Println(ix.Name)
	for _, k := range ix.Schema.Partition {
		fmt.Println(k.Name, "HASH")
	}
	for _, k := range ix.Schema.Sort {
		fmt.Println(k.Name, "RANGE")
	}
	fmt.Println(ix.Projection.ProjectionType)
	// Output:
	// ByCarrier
	// carrier HASH
	// region HASH
	// shippedAt RANGE
	// KEYS_ONLY
}

// EncodeItem validates and encodes; a time in a key sorts as a string.
func ExampleMeta_EncodeItem() {
	meta := entity.MustRegister[Shipment]()
	item, err := meta.EncodeItem(&Shipment{
		ID: "s-1", Carrier: "acme", Region: "eu", Weight: 2.5,
		ShippedAt: time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	names := make([]string, 0, len(item))
	for name := range item {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Printf("%s %s\n", name, show(item[name]))
	}
	size, err := cost.New(meta)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(size.ItemSize(item), "bytes")

	_, err = model.Of(meta).EncodeItem("shipments", &Shipment{ID: "s-2"})
	var ve *entity.ValidationError
	fmt.Println(errors.As(err, &ve), len(ve.Fields), ve.Fields[0])
	// Output:
	// _v N:1
	// carrier S:acme
	// id S:s-1
	// region S:eu
	// shippedAt S:2025-06-01T08:00:00.000000000Z
	// weight N:2.5
	// 76 bytes
	// true 2 Shipment.Carrier (carrier): required
}

// Names in conditions and projections are checked against the model before
// a request is built; a misspelt one is refused, naming the path and the
// table. cond.Undeclared names an attribute the model does not declare.
func ExampleDelete_If() {
	// No request is sent here: a client with no configuration will do.
	shipments, err := entity.NewTable[Shipment](dynamodb.New(dynamodb.Options{}))
	if err != nil {
		fmt.Println(err)
		return
	}
	key := entity.NewKey("s-1")
	_, err = shipments.Delete(key).If(cond.Name("wieght").Gt(1)).Input()
	var refused *entity.InputError
	fmt.Println(errors.As(err, &refused), refused.Rule, refused.Attribute)
	fmt.Println(err)

	_, err = shipments.Delete(key).If(cond.Undeclared("legacy_route").Field("leg").Index(0).Exists()).Input()
	fmt.Println(err)
	// Output:
	// true unknown-path wieght
	// dynamodel: invalid input, table shipments, attribute wieght (unknown-path): Shipment declares no attribute "wieght" (name an attribute the model does not declare with cond.Undeclared)
	// <nil>
}

// Get, Put, Create and Delete are builders: their optional parameters are
// methods, Input builds the request and Run sends it.
func ExampleTable_Put() {
	// No request is sent here: a client with no configuration will do.
	shipments, err := entity.NewTable[Shipment](dynamodb.New(dynamodb.Options{}))
	if err != nil {
		fmt.Println(err)
		return
	}
	s := &Shipment{ID: "s-1", Carrier: "acme", Region: "eu", Weight: 2.5}
	put, err := shipments.Put(s).If(cond.Name("weight").Lt(10)).Input()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("Put:", aws.ToString(put.ConditionExpression), put.ExpressionAttributeNames)
	create, err := shipments.Create(s).Input()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("Create:", aws.ToString(create.ConditionExpression), create.ExpressionAttributeNames)
	get, err := shipments.Get(entity.NewKey("s-1")).ConsistentRead().Project("carrier").Input()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("Get:", aws.ToBool(get.ConsistentRead), aws.ToString(get.ProjectionExpression), get.ExpressionAttributeNames)
	del, err := shipments.Delete(entity.NewKey("s-1")).ReturnOld().Input()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("Delete:", del.ReturnValues)
	// Output:
	// Put: #n0 < :v0 map[#n0:weight]
	// Create: attribute_not_exists(#n0) map[#n0:id]
	// Get: true #n0, #n1 map[#n0:carrier #n1:_v]
	// Delete: ALL_OLD
}

// A Key prints by position, strings quoted, as errors print a key's values;
// so does a slice of them, such as a batch read's Missing keys.
func ExampleKey_String() {
	fmt.Println(entity.NewKey("T12"))
	fmt.Println([]entity.Key{entity.NewKey("order-1", 3), entity.NewKey("order-2", 1)})
	// Output:
	// {"T12"}
	// [{"order-1", 3} {"order-2", 1}]
}
