package query_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"maps"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/query"
)

// WarehouseOrder is queried by its multi-attribute index ByAssignee:
// (warehouseId, assigneeId, status) × (priority, createdAt).
type WarehouseOrder struct {
	entity.Model `ddb:"table=orders"`
	OrderID      string    `dynamodbav:"orderId" ddb:"pk"`
	WarehouseID  string    `dynamodbav:"warehouseId" ddb:"gsi=ByAssignee:pk1"`
	AssigneeID   string    `dynamodbav:"assigneeId" ddb:"gsi=ByAssignee:pk2"`
	Status       string    `dynamodbav:"status" ddb:"gsi=ByAssignee:pk3"`
	Priority     int       `dynamodbav:"priority" ddb:"gsi=ByAssignee:sk1"`
	CreatedAt    time.Time `dynamodbav:"createdAt" ddb:"gsi=ByAssignee:sk2"`
	Total        float64   `dynamodbav:"total"`
}

// printExpressions prints the expressions of a request, then its names
// and values in placeholder order.
func printExpressions(exprs [][2]string, names map[string]string, values map[string]types.AttributeValue) {
	for _, e := range exprs {
		if e[1] != "" {
			fmt.Printf("%s: %s\n", e[0], e[1])
		}
	}
	for _, k := range slices.Sorted(maps.Keys(names)) {
		fmt.Printf("%s = %s\n", k, names[k])
	}
	for _, k := range slices.Sorted(maps.Keys(values)) {
		switch v := values[k].(type) {
		case *types.AttributeValueMemberS:
			fmt.Printf("%s = %q\n", k, v.Value)
		case *types.AttributeValueMemberN:
			fmt.Printf("%s = %s\n", k, v.Value)
		default:
			fmt.Printf("%s = %T\n", k, v)
		}
	}
}

// The query of the package documentation, and the request it builds:
// every partition attribute of the index with Eq, the first sort attribute
// with a range, a filter on an attribute outside the key. Input builds the
// request without sending it.
func ExampleQuery_Input() {
	client := dynamodb.New(dynamodb.Options{Region: "eu-west-1"}) // nothing is sent
	orders, err := entity.NewTable[WarehouseOrder](client)
	if err != nil {
		log.Fatal(err)
	}
	in, err := query.New(orders).Index("ByAssignee").
		Where(
			query.Attr("warehouseId").Eq("w-1"),
			query.Attr("assigneeId").Eq("ana"),
			query.Attr("status").Eq("open"),
			query.Attr("priority").Le(2),
		).
		Filter(cond.Name("total").Gt(100)).
		Limit(50).
		Input()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(aws.ToString(in.TableName), aws.ToString(in.IndexName), aws.ToInt32(in.Limit))
	printExpressions([][2]string{
		{"KeyConditionExpression", aws.ToString(in.KeyConditionExpression)},
		{"FilterExpression", aws.ToString(in.FilterExpression)},
	}, in.ExpressionAttributeNames, in.ExpressionAttributeValues)
	// Output:
	// orders ByAssignee 50
	// KeyConditionExpression: #n0 = :v0 AND #n1 = :v1 AND #n2 = :v2 AND #n3 <= :v3
	// FilterExpression: #n4 > :v4
	// #n0 = warehouseId
	// #n1 = assigneeId
	// #n2 = status
	// #n3 = priority
	// #n4 = total
	// :v0 = "w-1"
	// :v1 = "ana"
	// :v2 = "open"
	// :v3 = 2
	// :v4 = 100
}

// A query built once can be shared: After returns a copy that resumes from
// a cursor and leaves the shared query as it was, so every request (every
// goroutine) pages with its own cursor.
func ExampleQuery_After() {
	client := dynamodb.New(dynamodb.Options{Region: "eu-west-1"})
	orders, err := entity.NewTable[WarehouseOrder](client)
	if err != nil {
		log.Fatal(err)
	}
	// Kept in a package variable, say, and used by every request handler.
	openForAna := query.New(orders).Index("ByAssignee").Where(
		query.Attr("warehouseId").Eq("w-1"),
		query.Attr("assigneeId").Eq("ana"),
		query.Attr("status").Eq("open"),
	).Limit(20)

	// A handler given a cursor by its client resumes from it:
	// page, err := openForAna.After(cursor).Page(ctx)
	_, err = openForAna.After("not a cursor").Input()
	fmt.Println("a forged cursor is refused:", errors.Is(err, query.ErrInvalidCursor))
	in, _ := openForAna.Input()
	fmt.Println("the shared query still starts at the beginning:", in.ExclusiveStartKey == nil)
	// Output:
	// a forged cursor is refused: true
	// the shared query still starts at the beginning: true
}

// batchPrinter is a client that prints each BatchGetItem request and
// answers that no key has an item.
type batchPrinter struct{ entity.Client }

func (batchPrinter) BatchGetItem(_ context.Context, in *dynamodb.BatchGetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	for table, ka := range in.RequestItems {
		fmt.Println("BatchGetItem", table, len(ka.Keys), "keys, consistent:", aws.ToBool(ka.ConsistentRead))
		printExpressions([][2]string{{"ProjectionExpression", aws.ToString(ka.ProjectionExpression)}}, ka.ExpressionAttributeNames, nil)
	}
	return &dynamodb.BatchGetItemOutput{}, nil
}

// A BatchGet is a builder: its settings are methods, and Run sends one
// BatchGetItem per 100 distinct keys (the key given twice is read once).
// Here every key is missing.
func ExampleNewBatchGet() {
	orders, err := entity.NewTable[WarehouseOrder](batchPrinter{})
	if err != nil {
		log.Fatal(err)
	}
	res, err := query.NewBatchGet(orders, entity.NewKey("o-1"), entity.NewKey("o-2"), entity.NewKey("o-1")).
		ConsistentRead().
		Project("total").
		Run(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(res.Items), "items,", len(res.Missing), "missing,", res.Requests, "request")

	// A mistake is kept and returned by Run before anything is sent.
	_, err = query.NewBatchGet(orders, entity.NewKey("o-1")).MaxAttempts(0).Run(context.Background())
	var ie *entity.InputError
	fmt.Println(errors.As(err, &ie) && ie.Rule == query.RuleBatchOption)
	// Output:
	// BatchGetItem orders 2 keys, consistent: true
	// ProjectionExpression: #n0, #n1, #n2
	// #n0 = total
	// #n1 = orderId
	// #n2 = _v
	// 0 items, 2 missing, 1 request
	// true
}

// An order and its lines share a partition key; the sort key tells them
// apart.
type (
	ShopOrder struct {
		entity.Model `ddb:"table=shop,type=Order"`
		OrderID      string `dynamodbav:"orderId" ddb:"pk"`
		SK           string `dynamodbav:"sk" ddb:"sk"`
	}
	ShopLine struct {
		entity.Model `ddb:"table=shop,type=Line"`
		OrderID      string `dynamodbav:"orderId" ddb:"pk"`
		SK           string `dynamodbav:"sk" ddb:"sk"`
		Quantity     int    `dynamodbav:"quantity"`
	}
)

// A collection's Query is a Query[any]: one request reads an order and its
// lines, each decoded into its own type (query.Of picks those of one
// type). It takes the same methods as one entity's query, except Index and
// Project, which it refuses.
func ExampleCollection_Query() {
	client := dynamodb.New(dynamodb.Options{Region: "eu-west-1"}) // nothing is sent
	shop, err := query.NewCollection(client, "shop", entity.MustRegister[ShopOrder](), entity.MustRegister[ShopLine]())
	if err != nil {
		log.Fatal(err)
	}
	in, err := shop.Query("o-1").
		Where(query.Attr("sk").BeginsWith("LINE#")).
		Filter(cond.Name("quantity").Ge(2)).
		Input()
	if err != nil {
		log.Fatal(err)
	}
	printExpressions([][2]string{
		{"KeyConditionExpression", aws.ToString(in.KeyConditionExpression)},
		{"FilterExpression", aws.ToString(in.FilterExpression)},
	}, in.ExpressionAttributeNames, in.ExpressionAttributeValues)

	_, err = shop.Query("o-1").Project("quantity").Input()
	var ie *entity.InputError
	fmt.Println("Project refused:", errors.As(err, &ie) && ie.Rule == query.RuleCollectionQuery)

	// Sent, it reads a page whose Items are *ShopOrder and *ShopLine values:
	//	page, err := shop.Query("o-1").Page(ctx)
	//	lines := query.Of[ShopLine](page.Items)

	// Output:
	// KeyConditionExpression: #n0 = :v0 AND begins_with(#n1, :v1)
	// FilterExpression: #n2 >= :v2
	// #n0 = orderId
	// #n1 = sk
	// #n2 = quantity
	// :v0 = "o-1"
	// :v1 = "LINE#"
	// :v2 = 2
	// Project refused: true
}

// Delivery is read through ByCourier, a global secondary index projecting
// KEYS_ONLY, and ByDoor, a local one projecting INCLUDE(window).
type Delivery struct {
	entity.Model `ddb:"table=deliveries,project=ByCourier:KEYS_ONLY,project=ByDoor:INCLUDE(window)"`
	RouteID      string `dynamodbav:"routeId" ddb:"pk"`
	Stop         int    `dynamodbav:"stop" ddb:"sk"`
	Courier      string `dynamodbav:"courier" ddb:"gsi=ByCourier:pk1"`
	Door         string `dynamodbav:"door" ddb:"lsi=ByDoor"`
	Window       string `dynamodbav:"window"`
	Status       string `dynamodbav:"status"`
}

// An index entry holds only what the index projects. A filter on anything
// else is refused before a request is sent, for a global secondary index
// as for a local one; a projection of it is refused on a global index,
// which cannot fetch it from the table, and taken by a local one, which
// does (an extra read of the table per item).
func ExampleQuery_Filter_notProjected() {
	deliveries, err := entity.NewTable[Delivery](dynamodb.New(dynamodb.Options{Region: "eu-west-1"}), entity.TableName("deliveries"))
	if err != nil {
		log.Fatal(err)
	}
	_, err = query.New(deliveries).Index("ByCourier").Where(query.Attr("courier").Eq("ana")).
		Filter(cond.Name("status").Eq("late")).Input()
	var ie *entity.InputError
	fmt.Println(errors.As(err, &ie) && ie.Rule == query.RuleNotProjected, ie.Index, ie.Attribute)
	fmt.Println(err)

	_, err = query.New(deliveries).Index("ByCourier").Where(query.Attr("courier").Eq("ana")).Project("window").Input()
	fmt.Println(errors.As(err, &ie) && ie.Rule == query.RuleNotProjected, ie.Index, ie.Attribute)

	in, err := query.New(deliveries).Index("ByDoor").Where(query.Attr("routeId").Eq("r-7")).
		Filter(cond.Name("window").BeginsWith("AM")).Project("status").Input()
	if err != nil {
		log.Fatal(err)
	}
	printExpressions([][2]string{
		{"FilterExpression", aws.ToString(in.FilterExpression)},
		{"ProjectionExpression", aws.ToString(in.ProjectionExpression)},
	}, in.ExpressionAttributeNames, nil)
	// Output:
	// true ByCourier status
	// dynamodel: invalid input to query.Filter, table deliveries, index ByCourier, attribute status (not-projected): index ByCourier projects KEYS_ONLY, without status: a filter sees only the index entry (DynamoDB refuses it in a Query; a Scan would match as if status were absent); read the base table, or project status into the index
	// true ByCourier window
	// FilterExpression: begins_with(#n5, :v1)
	// ProjectionExpression: #n0, #n1, #n2, #n3, #n4
	// #n0 = status
	// #n1 = routeId
	// #n2 = stop
	// #n3 = door
	// #n4 = _v
	// #n5 = window
}
