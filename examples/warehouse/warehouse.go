package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/keys"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/schema/cost"
)

// Order is the talk's warehouse order. Pickers ask "my open orders in this
// warehouse, most urgent first, oldest first": one global secondary index
// whose partition key is three natural attributes and whose sort key is
// two. No GSI1PK = "w-1#ana#open" strings to build, parse or keep in sync.
type Order struct {
	entity.Model `ddb:"table=warehouse-orders,project=ByAssignee:INCLUDE(total)"`
	OrderID      string    `dynamodbav:"orderId" ddb:"pk" validate:"required"`
	WarehouseID  string    `dynamodbav:"warehouseId" ddb:"gsi=ByAssignee:pk1" validate:"required"`
	AssigneeID   string    `dynamodbav:"assigneeId,omitempty" ddb:"gsi=ByAssignee:pk2"`
	Status       string    `dynamodbav:"status" ddb:"gsi=ByAssignee:pk3" validate:"oneof=open picked shipped"`
	Priority     int       `dynamodbav:"priority" ddb:"gsi=ByAssignee:sk1" validate:"min=1,max=5"`
	CreatedAt    time.Time `dynamodbav:"createdAt" ddb:"gsi=ByAssignee:sk2"`
	Total        float64   `dynamodbav:"total" validate:"gte=0"`
}

// SyntheticOrder is the same order modelled the way single-attribute GSIs
// forced: the index keys are extra attributes concatenated from the others.
type SyntheticOrder struct {
	entity.Model `ddb:"table=warehouse-orders-synthetic"`
	OrderID      string    `dynamodbav:"orderId" ddb:"pk"`
	WarehouseID  string    `dynamodbav:"warehouseId"`
	AssigneeID   string    `dynamodbav:"assigneeId"`
	Status       string    `dynamodbav:"status"`
	Priority     int       `dynamodbav:"priority"`
	CreatedAt    time.Time `dynamodbav:"createdAt"`
	Total        float64   `dynamodbav:"total"`
	GSI1PK       string    `dynamodbav:"GSI1PK,omitempty" ddb:"gsi=GSI1:pk1"`
	GSI1SK       string    `dynamodbav:"GSI1SK,omitempty" ddb:"gsi=GSI1:sk1"`
}

func synthetic(o *Order) *SyntheticOrder {
	s := &SyntheticOrder{
		OrderID: o.OrderID, WarehouseID: o.WarehouseID, AssigneeID: o.AssigneeID, Status: o.Status,
		Priority: o.Priority, CreatedAt: o.CreatedAt, Total: o.Total,
	}
	if o.AssigneeID != "" { // unassigned orders stay out of the index here too
		s.GSI1PK = fmt.Sprintf("WAREHOUSE#%s#ASSIGNEE#%s#STATUS#%s", o.WarehouseID, o.AssigneeID, o.Status)
		s.GSI1SK = fmt.Sprintf("PRIORITY#%03d#CREATED#%s", o.Priority, o.CreatedAt.UTC().Format(time.RFC3339Nano))
	}
	return s
}

var (
	orderMeta     = entity.MustRegister[Order]()
	syntheticMeta = entity.MustRegister[SyntheticOrder]()
)

// countingClient counts the requests that reach DynamoDB, to show that
// invalid data and invalid queries send none.
type countingClient struct {
	*dynamodb.Client
	puts, queries atomic.Int64
}

func (c *countingClient) PutItem(ctx context.Context, in *dynamodb.PutItemInput, o ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	c.puts.Add(1)
	return c.Client.PutItem(ctx, in, o...)
}

func (c *countingClient) Query(ctx context.Context, in *dynamodb.QueryInput, o ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	c.queries.Add(1)
	return c.Client.Query(ctx, in, o...)
}

func sampleOrders() []*Order {
	at := func(day, hour int) time.Time { return time.Date(2025, 11, day, hour, 0, 0, 0, time.UTC) }
	return []*Order{
		{OrderID: "o-1001", WarehouseID: "w-1", AssigneeID: "ana", Status: "open", Priority: 2, CreatedAt: at(3, 9), Total: 120.5},
		{OrderID: "o-1002", WarehouseID: "w-1", AssigneeID: "ana", Status: "open", Priority: 1, CreatedAt: at(3, 11), Total: 15},
		{OrderID: "o-1003", WarehouseID: "w-1", AssigneeID: "ana", Status: "picked", Priority: 1, CreatedAt: at(2, 8), Total: 80},
		{OrderID: "o-1004", WarehouseID: "w-1", AssigneeID: "ben", Status: "open", Priority: 3, CreatedAt: at(1, 7), Total: 42.25},
		// Not assigned yet: no assigneeId, so not in ByAssignee (sparse).
		{OrderID: "o-1005", WarehouseID: "w-2", Status: "open", Priority: 1, CreatedAt: at(4, 6), Total: 9.99},
	}
}

// run is the example: create the table, write the orders, read them back,
// refuse an invalid one, query the multi-attribute index (and refuse a
// query DynamoDB would refuse), and compare the cost model's figures with
// the synthetic-key design's.
func run(ctx context.Context, client *dynamodb.Client, table string, w io.Writer) error {
	if _, err := schema.CreateTable(ctx, client, table, orderMeta); err != nil {
		return err
	}
	ix := orderMeta.Indexes()[0] // ByAssignee, its one index
	fmt.Fprintf(w, "table with index %s:", ix.Name)
	for _, k := range ix.Schema.Partition {
		fmt.Fprintf(w, " %s(HASH)", k.Name)
	}
	for _, k := range ix.Schema.Sort {
		fmt.Fprintf(w, " %s(RANGE)", k.Name)
	}
	fmt.Fprintln(w)

	counting := &countingClient{Client: client}
	orders, err := entity.NewTable[Order](counting, entity.TableName(table))
	if err != nil {
		return err
	}
	for _, o := range sampleOrders() {
		if err := orders.Create(o).Run(ctx); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "created %d orders with %d PutItem requests\n", len(sampleOrders()), counting.puts.Load())

	got, err := orders.Get(entity.NewKey("o-1001")).Run(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "read back %s: %s/%s/%s priority %d, created %s, total %.2f\n",
		got.OrderID, got.WarehouseID, got.AssigneeID, got.Status, got.Priority, got.CreatedAt.Format(time.RFC3339), got.Total)

	before := counting.puts.Load()
	bad := &Order{OrderID: "o-bad", WarehouseID: "", Status: "lost", Priority: 9, CreatedAt: time.Now()}
	err = orders.Put(bad).Run(ctx)
	var ve *entity.ValidationError
	if errors.As(err, &ve) {
		fmt.Fprintf(w, "invalid order refused, %d requests sent:\n", counting.puts.Load()-before)
		for _, f := range ve.Fields {
			fmt.Fprintf(w, "  %s (%s) failed %s\n", f.Field, f.Attribute, f.Tag)
		}
	} else {
		return fmt.Errorf("the invalid order was not refused: %v", err)
	}
	if _, err := orders.Get(entity.NewKey("o-bad")).Run(ctx); !errors.Is(err, entity.ErrNotFound) {
		return fmt.Errorf("the invalid order was stored: %v", err)
	}

	if err := queries(ctx, orders, counting, w); err != nil {
		return err
	}

	return costs(w)
}

// costs compares, with the cost model, the multi-attribute index with the
// synthetic-key design it replaces: bytes per item, write units per put
// and per status change (a key of the index in both designs; the synthetic
// one must rewrite GSI1PK with it), and storage per million orders (items
// and index entries, each with DynamoDB's 100 bytes of overhead).
func costs(w io.Writer) error {
	fmt.Fprintln(w, "cost model, multi-attribute keys vs synthetic GSI1PK/GSI1SK:")
	var first, firstSyn *cost.Report
	for _, o := range sampleOrders() {
		natural, err := cost.Estimate(orderMeta, o, cost.WithUpdate("status"))
		if err != nil {
			return err
		}
		change := []string{"status"}
		if o.AssigneeID != "" {
			change = append(change, "GSI1PK")
		}
		syn, err := cost.Estimate(syntheticMeta, synthetic(o), cost.WithUpdate(change...))
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %s: %d vs %d bytes per item, %s vs %s WCU per put, %s vs %s WCU per status change\n",
			o.OrderID, natural.ItemBytes, syn.ItemBytes, units(natural.Put.Total()), units(syn.Put.Total()),
			units(natural.Updates[0].Write.Total()), units(syn.Updates[0].Write.Total()))
		if first == nil {
			first, firstSyn = natural, syn
		}
	}
	// Bytes per item × a million items / a million bytes per MB.
	fmt.Fprintf(w, "  a million orders like o-1001 store %d MB vs %d MB (items and index entries)\n",
		first.StoredBytesPerItem(), firstSyn.StoredBytesPerItem())
	fmt.Fprint(w, first)
	return nil
}

func units(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// queries asks the pickers' question of the multi-attribute index: ana's
// open orders in w-1 with priority 1 or 2, most urgent first (the index
// sorts by priority, then createdAt). Each key attribute is a condition of
// its own; no "w-1#ana#open" string is built. A condition DynamoDB would
// refuse, createdAt without priority before it, is refused before sending.
func queries(ctx context.Context, orders *entity.Table[Order], counting *countingClient, w io.Writer) error {
	urgent := query.New(orders).Index("ByAssignee").Where(
		query.Attr("warehouseId").Eq("w-1"),
		query.Attr("assigneeId").Eq("ana"),
		query.Attr("status").Eq("open"),
		query.Attr("priority").Le(2),
	)
	in, err := urgent.Input()
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "ana's open orders in w-1 with priority <= 2, most urgent first (index ByAssignee):")
	fmt.Fprintf(w, "  KeyConditionExpression: %s\n", aws.ToString(in.KeyConditionExpression))
	fmt.Fprint(w, " ")
	for _, ph := range slices.Sorted(maps.Keys(in.ExpressionAttributeNames)) {
		fmt.Fprintf(w, " %s=%s", ph, in.ExpressionAttributeNames[ph])
	}
	for _, ph := range slices.Sorted(maps.Keys(in.ExpressionAttributeValues)) {
		fmt.Fprintf(w, " %s=%s", ph, formatValue(in.ExpressionAttributeValues[ph]))
	}
	fmt.Fprintln(w)
	page, err := urgent.Page(ctx)
	if err != nil {
		return err
	}
	for _, o := range page.Items {
		fmt.Fprintf(w, "  %s priority %d, created %s, total %.2f\n", o.OrderID, o.Priority, o.CreatedAt.Format(time.RFC3339), o.Total)
	}
	fmt.Fprintf(w, "  %d request, Count %d, ScannedCount %d\n", page.Requests, page.Count, page.ScannedCount)

	before := counting.queries.Load()
	_, err = query.New(orders).Index("ByAssignee").Where(
		query.Attr("warehouseId").Eq("w-1"),
		query.Attr("assigneeId").Eq("ana"),
		query.Attr("status").Eq("open"),
		query.Attr("createdAt").Ge(time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC)),
	).Page(ctx)
	var ie *entity.InputError
	if !errors.As(err, &ie) || ie.Rule != keys.RuleSortGap || ie.Index != "ByAssignee" || ie.Attribute != "createdAt" {
		return fmt.Errorf("the query with a gap in the sort key was not refused: %v", err)
	}
	fmt.Fprintf(w, "createdAt without priority refused, %d requests sent:\n  %v\n", counting.queries.Load()-before, err)
	return nil
}

func formatValue(v types.AttributeValue) string {
	switch x := v.(type) {
	case *types.AttributeValueMemberS:
		return fmt.Sprintf("%q", x.Value)
	case *types.AttributeValueMemberN:
		return x.Value
	}
	return fmt.Sprintf("%T", v)
}
