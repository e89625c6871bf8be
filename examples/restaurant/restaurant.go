package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/schema/cost"
)

// Order is an order of a food-delivery app. Orders and their items are read
// together, so they share a table and an item collection: the partition key
// is the order id, the sort key "ORDER" for the order and "ITEM#01",
// "ITEM#02", ... for its items. The ByRestaurant index lists a restaurant's
// orders over time ("what did we sell last month?"); order items carry no
// restaurantId, so they stay out of it.
type Order struct {
	entity.Model `ddb:"table=restaurant-orders,type=Order"`
	OrderID      string    `dynamodbav:"orderId" ddb:"pk" validate:"required"`
	SK           string    `dynamodbav:"sk" ddb:"sk" validate:"eq=ORDER"`
	RestaurantID string    `dynamodbav:"restaurantId" ddb:"gsi=ByRestaurant:pk1" validate:"required"`
	CreatedAt    time.Time `dynamodbav:"createdAt" ddb:"gsi=ByRestaurant:sk1"`
	Status       string    `dynamodbav:"status" validate:"oneof=placed preparing ready delivered canceled"`
	Customer     string    `dynamodbav:"customer" validate:"required"`
	TotalCents   int       `dynamodbav:"totalCents" validate:"gte=0"`
}

// OrderItem is one line of an order.
type OrderItem struct {
	entity.Model `ddb:"table=restaurant-orders,type=OrderItem"`
	OrderID      string `dynamodbav:"orderId" ddb:"pk" validate:"required"`
	SK           string `dynamodbav:"sk" ddb:"sk" validate:"startswith=ITEM#"`
	Dish         string `dynamodbav:"dish" validate:"required"`
	Quantity     int    `dynamodbav:"quantity" validate:"min=1"`
	PriceCents   int    `dynamodbav:"priceCents" validate:"gte=0"`
}

var (
	orderMeta = entity.MustRegister[Order]()
	itemMeta  = entity.MustRegister[OrderItem]()
)

// activeStatuses are the statuses the kitchen board shows.
var activeStatuses = []any{"placed", "preparing", "ready"}

// lifecycle is the statuses an order goes through.
var lifecycle = []string{"placed", "preparing", "ready", "delivered"}

var (
	menu = []struct {
		dish  string
		cents int
	}{{"margherita", 950}, {"carbonara", 1250}, {"tiramisu", 650}, {"lemonade", 350}, {"minestrone", 800}}
	customers = []string{"ana", "ben", "chloe", "dev", "eva", "femi", "gus"}
)

// sampleData is a day of restaurant r-1 (120 orders, one every six
// minutes from 08:00; all but a few of the latest are delivered or
// canceled) and a few orders of restaurant r-2, each with one to three
// items.
func sampleData() ([]*Order, []*OrderItem) {
	var orders []*Order
	var items []*OrderItem
	add := func(restaurant string, id int, at time.Time, status string) {
		o := &Order{OrderID: fmt.Sprintf("o-%d", id), SK: "ORDER", RestaurantID: restaurant, CreatedAt: at,
			Status: status, Customer: customers[id%len(customers)]}
		for j := 0; j <= id%3; j++ {
			m := menu[(id+j)%len(menu)]
			it := &OrderItem{OrderID: o.OrderID, SK: fmt.Sprintf("ITEM#%02d", j+1), Dish: m.dish, Quantity: 1 + (id+j)%2, PriceCents: m.cents}
			o.TotalCents += it.Quantity * it.PriceCents
			items = append(items, it)
		}
		orders = append(orders, o)
	}
	start := time.Date(2025, 11, 3, 8, 0, 0, 0, time.UTC)
	latest := map[int]string{113: "ready", 115: "preparing", 116: "ready", 117: "canceled", 118: "preparing", 119: "placed"}
	for i := 0; i < 120; i++ {
		status := "delivered"
		if i%23 == 7 {
			status = "canceled"
		}
		if s, ok := latest[i]; ok {
			status = s
		}
		add("r-1", 1001+i, start.Add(time.Duration(i)*6*time.Minute), status)
	}
	for i := 0; i < 5; i++ {
		status := "delivered"
		if i >= 3 {
			status = "placed"
		}
		add("r-2", 2001+i, start.Add(time.Duration(i)*90*time.Minute), status)
	}
	return orders, items
}

func dollars(cents int) string { return fmt.Sprintf("$%d.%02d", cents/100, cents%100) }

// run is the example: create the table, write the orders and their items,
// show restaurant r-1's active orders from the index it already has, and
// read one order with its items as an item collection.
func run(ctx context.Context, client *dynamodb.Client, table string, w io.Writer) error {
	if _, err := schema.CreateTable(ctx, client, table, orderMeta, itemMeta); err != nil {
		return err
	}
	ix := orderMeta.Indexes()[0] // ByRestaurant, its one index
	fmt.Fprint(w, "table key: orderId(HASH) sk(RANGE), shared by Order (sk ORDER) and OrderItem (sk ITEM#nn); index ByRestaurant:")
	for _, k := range ix.Schema.Partition {
		fmt.Fprintf(w, " %s(HASH)", k.Name)
	}
	for _, k := range ix.Schema.Sort {
		fmt.Fprintf(w, " %s(RANGE)", k.Name)
	}
	fmt.Fprintln(w)

	orders, err := entity.NewTable[Order](client, entity.TableName(table))
	if err != nil {
		return err
	}
	lines, err := entity.NewTable[OrderItem](client, entity.TableName(table))
	if err != nil {
		return err
	}
	sampleOrders, sampleItems := sampleData()
	for _, o := range sampleOrders {
		if err := orders.Put(o).Run(ctx); err != nil {
			return err
		}
	}
	for _, it := range sampleItems {
		if err := lines.Put(it).Run(ctx); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "wrote %d orders of restaurants r-1 and r-2, and their %d items\n", len(sampleOrders), len(sampleItems))

	// Active orders are always among the latest ones: nobody forgets an
	// order for two weeks and starts cooking it now. So the kitchen board
	// reads the restaurant's latest 100 orders from the index it already
	// has for "orders over time" and filters out the completed ones.
	// Limit is DynamoDB's: it caps the items read before the filter, so
	// this is one request whatever the filter keeps.
	recent := func() *query.Query[Order] {
		return query.New(orders).Index("ByRestaurant").
			Where(query.Attr("restaurantId").Eq("r-1")).
			Descending().
			Limit(100).
			ConsumedCapacity(types.ReturnConsumedCapacityTotal)
	}
	board := recent().Filter(cond.Name("status").In(activeStatuses...))
	in, err := board.Input()
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "active orders of r-1: its latest 100 orders, newest first, completed ones filtered out")
	fmt.Fprintf(w, "  KeyConditionExpression %s, FilterExpression %s, Limit %d, ScanIndexForward %t\n",
		aws.ToString(in.KeyConditionExpression), aws.ToString(in.FilterExpression), aws.ToInt32(in.Limit), aws.ToBool(in.ScanIndexForward))
	page, err := board.Page(ctx)
	if err != nil {
		return err
	}
	activeBytes := 0
	for _, o := range page.Items {
		fmt.Fprintf(w, "  %s %s %-9s %-6s %s\n", o.CreatedAt.Format("15:04"), o.OrderID, o.Status, o.Customer, dollars(o.TotalCents))
		activeBytes += orderSize(&o)
	}
	fmt.Fprintf(w, "  %d request read %d orders (ScannedCount) and returned %d (Count) for %s RCU\n",
		page.Requests, page.ScannedCount, page.Count, capacity(page.ConsumedCapacity))

	// The same read without the filter costs the same: DynamoDB charges
	// for what it reads (ScannedCount), not for what it returns (Count).
	all, err := recent().Page(ctx)
	if err != nil {
		return err
	}
	allBytes := 0
	for i := range all.Items {
		allBytes += orderSize(&all.Items[i])
	}
	fmt.Fprintf(w, "  without the filter it returns %d for the same %s RCU: a filter saves bytes over the wire (%d item bytes instead of %d), not read capacity\n",
		all.Count, capacity(all.ConsumedCapacity), activeBytes, allBytes)

	// What a second index for this pattern, keyed on (restaurantId,
	// status), would cost: a write when an order is placed, and two on
	// every status change (the old index entry is deleted, the new one
	// written), for every order, read or not.
	indexWrites := 0
	for _, o := range sampleOrders {
		units := (orderSize(o) + 1023) / 1024
		indexWrites += units * (1 + 2*(len(lifecycle)-1))
	}
	fmt.Fprintf(w, "  a second index keyed on (restaurantId, status) would cost %d more write units per order (1 when placed, 2 per status change: %s),\n",
		1+2*(len(lifecycle)-1), strings.Join(lifecycle, " → "))
	fmt.Fprintf(w, "  %d for these %d orders; the latest 100 orders are one page of a Query, so this pattern needs no index of its own\n", indexWrites, len(sampleOrders))

	// The newest active order and its items: one item collection, one
	// Query, each item decoded into its own type.
	coll, err := query.NewCollection(client, table, orderMeta, itemMeta)
	if err != nil {
		return err
	}
	newest := page.Items[0].OrderID
	cp, err := coll.Query(newest).ConsumedCapacity(types.ReturnConsumedCapacityTotal).Page(ctx)
	if err != nil {
		return err
	}
	found := query.Of[Order](cp.Items)
	if len(found) == 0 {
		return fmt.Errorf("order %s not found", newest)
	}
	order := found[0]
	fmt.Fprintf(w, "order %s and its items, one Query of their item collection (%d items, %s RCU):\n", newest, len(cp.Items), capacity(cp.ConsumedCapacity))
	fmt.Fprintf(w, "  Order %s, %s, %s, total %s\n", order.Status, order.Customer, order.CreatedAt.Format("2006-01-02 15:04"), dollars(order.TotalCents))
	for _, it := range query.Of[OrderItem](cp.Items) {
		fmt.Fprintf(w, "  OrderItem %s: %d × %s at %s\n", it.SK, it.Quantity, it.Dish, dollars(it.PriceCents))
	}
	return nil
}

// orderCost is the cost model of an order, which knows DynamoDB's item
// size rules.
var orderCost = must(cost.New(orderMeta))

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// orderSize is the stored size of an order (with the library's _t and _v),
// as DynamoDB counts it.
func orderSize(o *Order) int {
	av, err := orderMeta.EncodeItem(o)
	if err != nil {
		panic(err) // every order here was written, so it encodes
	}
	return orderCost.ItemSize(av)
}

func capacity(c *types.ConsumedCapacity) string {
	if c == nil {
		return "?"
	}
	return fmt.Sprintf("%g", aws.ToFloat64(c.CapacityUnits))
}
