package query_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/keys"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/schema"
)

// An order and its order items share the partition key orderId; the sort
// key tells them apart ("ORDER", "ITEM#001", ...).
type collOrder struct {
	entity.Model `ddb:"table=collection-orders,type=Order"`
	OrderID      string `dynamodbav:"orderId" ddb:"pk"`
	SK           string `dynamodbav:"sk" ddb:"sk" validate:"eq=ORDER"`
	Customer     string `dynamodbav:"customer" validate:"required"`
}

type collItem struct {
	entity.Model `ddb:"table=collection-orders,type=OrderItem"`
	OrderID      string `dynamodbav:"orderId" ddb:"pk"`
	SK           string `dynamodbav:"sk" ddb:"sk" validate:"startswith=ITEM#"`
	Product      string `dynamodbav:"product" validate:"required"`
	Quantity     int    `dynamodbav:"quantity" validate:"min=1"`
}

// collNote shares the table but not the collection's reader.
type collNote struct {
	entity.Model `ddb:"table=collection-orders,type=Note"`
	OrderID      string `dynamodbav:"orderId" ddb:"pk"`
	SK           string `dynamodbav:"sk" ddb:"sk"`
	Text         string `dynamodbav:"text"`
}

var (
	collOrderMeta = entity.MustRegister[collOrder]()
	collItemMeta  = entity.MustRegister[collItem]()
	collNoteMeta  = entity.MustRegister[collNote]()
)

// collFixture creates a table holding order o-1 with three items and
// order o-2 with one, and returns the collection of orders and items.
func collFixture(t *testing.T) (*query.Collection, *counting) {
	t.Helper()
	ctx := context.Background()
	client := dynamotest.Client(t)
	name := dynamotest.TableName(t, "collection")
	dynamotest.DeleteTableOnCleanup(t, client, name)
	if _, err := schema.CreateTable(ctx, client, name, collOrderMeta, collItemMeta, collNoteMeta); err != nil {
		t.Fatal(err)
	}
	orders, err := entity.NewTable[collOrder](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	items, err := entity.NewTable[collItem](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []*collOrder{{OrderID: "o-1", SK: "ORDER", Customer: "ana"}, {OrderID: "o-2", SK: "ORDER", Customer: "ben"}} {
		if err := orders.Put(o).Run(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// Written out of order: the collection comes back in sort-key order.
	for _, it := range []*collItem{
		{OrderID: "o-1", SK: "ITEM#002", Product: "tea", Quantity: 2},
		{OrderID: "o-1", SK: "ITEM#001", Product: "bread", Quantity: 1},
		{OrderID: "o-2", SK: "ITEM#001", Product: "soup", Quantity: 4},
		{OrderID: "o-1", SK: "ITEM#003", Product: "jam", Quantity: 3},
	} {
		if err := items.Put(it).Run(ctx); err != nil {
			t.Fatal(err)
		}
	}
	c := &counting{Client: client}
	coll, err := query.NewCollection(c, name, collOrderMeta, collItemMeta)
	if err != nil {
		t.Fatal(err)
	}
	collTables.Store(coll, name)
	return coll, c
}

// collTables holds the table name of each collection collFixture made.
var collTables sync.Map // *query.Collection → string

func collTable(c *query.Collection) string {
	name, _ := collTables.Load(c)
	return name.(string)
}

// sortKeys lists each item's type and sort key.
func sortKeys(items []any) []string {
	out := make([]string, len(items))
	for i, it := range items {
		switch x := it.(type) {
		case *collOrder:
			out[i] = "Order " + x.OrderID + "/" + x.SK
		case *collItem:
			out[i] = "OrderItem " + x.OrderID + "/" + x.SK
		default:
			out[i] = fmt.Sprintf("%T", it)
		}
	}
	return out
}

func TestCollectionDecodesEachItemIntoItsType(t *testing.T) {
	coll, c := collFixture(t)
	ctx := context.Background()
	page, err := coll.Query("o-1").ConsumedCapacity(types.ReturnConsumedCapacityTotal).Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"OrderItem o-1/ITEM#001", "OrderItem o-1/ITEM#002", "OrderItem o-1/ITEM#003", "Order o-1/ORDER"}
	if got := sortKeys(page.Items); !slices.Equal(got, want) {
		t.Fatalf("items = %v\nwant    %v", got, want)
	}
	if page.Count != 4 || page.ScannedCount != 4 || len(page.Invalid) != 0 || page.Cursor != "" || page.Requests != 1 || c.queries.Load() != 1 {
		t.Fatalf("page: count %d scanned %d skipped %d cursor %q requests %d (sent %d)",
			page.Count, page.ScannedCount, len(page.Invalid), page.Cursor, page.Requests, c.queries.Load())
	}
	if page.ConsumedCapacity == nil || aws.ToFloat64(page.ConsumedCapacity.CapacityUnits) <= 0 {
		t.Fatalf("consumed capacity = %+v", page.ConsumedCapacity)
	}
	orders := query.Of[collOrder](page.Items)
	order, ok := (*collOrder)(nil), len(orders) > 0
	if ok {
		order = orders[0]
	}
	if !ok || order.Customer != "ana" {
		t.Fatalf("order = %+v, %v", order, ok)
	}
	items := query.Of[collItem](page.Items)
	if len(items) != 3 || items[0].Product != "bread" || items[1].Quantity != 2 || items[2].Product != "jam" {
		t.Fatalf("items = %+v", items)
	}
	if notes := query.Of[collNote](page.Items); notes != nil {
		t.Fatalf("notes = %v", notes)
	}

	// A sort-key condition reads part of the collection.
	onlyItems, err := coll.Query("o-1").Where(query.Attr("sk").BeginsWith("ITEM#")).Descending().Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := sortKeys(onlyItems.Items); !slices.Equal(got, []string{"OrderItem o-1/ITEM#003", "OrderItem o-1/ITEM#002", "OrderItem o-1/ITEM#001"}) {
		t.Fatalf("items only, descending = %v", got)
	}
	between, err := coll.Query("o-1").Where(query.Attr("sk").Between("ITEM#002", "ITEM#999")).ConsistentRead().Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := sortKeys(between.Items); !slices.Equal(got, []string{"OrderItem o-1/ITEM#002", "OrderItem o-1/ITEM#003"}) {
		t.Fatalf("ITEM#002..ITEM#999 = %v", got)
	}
	other, err := coll.Query("o-2").Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := sortKeys(other.Items); !slices.Equal(got, []string{"OrderItem o-2/ITEM#001", "Order o-2/ORDER"}) {
		t.Fatalf("o-2 = %v", got)
	}
	none, err := coll.Query("o-404").Page(ctx)
	if err != nil || len(none.Items) != 0 || none.Cursor != "" {
		t.Fatalf("missing collection: %v, %d items", err, len(none.Items))
	}
}

func TestCollectionUnknownTypes(t *testing.T) {
	coll, c := collFixture(t)
	ctx := context.Background()
	notes, err := entity.NewTable[collNote](c.Client, entity.TableName(collTable(coll)))
	if err != nil {
		t.Fatal(err)
	}
	if err := notes.Put(&collNote{OrderID: "o-1", SK: "NOTE#1", Text: "ring twice"}).Run(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = coll.Query("o-1").Page(ctx)
	var ute *query.UnknownTypeError
	if !errors.Is(err, query.ErrUnknownType) || !errors.Is(err, entity.ErrEntityType) || !errors.As(err, &ute) {
		t.Fatalf("error = %v, want an *UnknownTypeError", err)
	}
	if ute.Type != "Note" || ute.Table != collTable(coll) || ute.Key != `{orderId="o-1", sk="NOTE#1"}` || !slices.Equal(ute.Known, []string{"Order", "OrderItem"}) {
		t.Fatalf("error = %+v", ute)
	}

	// An item without an entity type is unknown too.
	_, err = c.Client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(collTable(coll)), Item: map[string]types.AttributeValue{
		"orderId": &types.AttributeValueMemberS{Value: "o-1"}, "sk": &types.AttributeValueMemberS{Value: "LEGACY"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = coll.Query("o-1").Where(query.Attr("sk").Eq("LEGACY")).Page(ctx)
	if !errors.As(err, &ute) || ute.Type != "" || !strings.Contains(ute.Error(), "has no entity type") {
		t.Fatalf("untyped item: %v", err)
	}

	page, err := coll.Query("o-1").SkipInvalid().Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"OrderItem o-1/ITEM#001", "OrderItem o-1/ITEM#002", "OrderItem o-1/ITEM#003", "Order o-1/ORDER"}
	if got := sortKeys(page.Items); !slices.Equal(got, want) || len(page.Invalid) != 2 || page.Count != 6 {
		t.Fatalf("SkipInvalid: %v, skipped %d, count %d", got, len(page.Invalid), page.Count)
	}

	// A collection that holds notes reads them.
	withNotes, err := query.NewCollection(c, collTable(coll), collOrderMeta, collItemMeta, collNoteMeta)
	if err != nil {
		t.Fatal(err)
	}
	page, err = withNotes.Query("o-1").Where(query.Attr("sk").BeginsWith("N")).Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := query.Of[collNote](page.Items); len(n) != 1 || n[0].Text != "ring twice" || len(page.Items) != 1 {
		t.Fatalf("notes = %v", sortKeys(page.Items))
	}
}

// TestCollectionFilter: a filter on the entities' attributes leaves items
// out of the page; they still count as scanned.
func TestCollectionFilter(t *testing.T) {
	coll, _ := collFixture(t)
	ctx := context.Background()
	// Items ordered more than once, and the order itself (which has no
	// quantity but a customer).
	page, err := coll.Query("o-1").
		Filter(cond.Name("quantity").Gt(1).Or(cond.Name("customer").Exists())).
		Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"OrderItem o-1/ITEM#002", "OrderItem o-1/ITEM#003", "Order o-1/ORDER"}
	if got := sortKeys(page.Items); !slices.Equal(got, want) || page.Count != 3 || page.ScannedCount != 4 {
		t.Fatalf("filtered collection = %v (Count %d, ScannedCount %d), want %v", got, page.Count, page.ScannedCount, want)
	}
	in, err := coll.Query("o-1").Filter(cond.Name("quantity").Ge(2)).Input()
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(in.FilterExpression) != "#n1 >= :v1" || in.ExpressionAttributeNames["#n1"] != "quantity" ||
		!reflect.DeepEqual(in.ExpressionAttributeValues[":v1"], &types.AttributeValueMemberN{Value: "2"}) {
		t.Fatalf("filter = %q %v %v", aws.ToString(in.FilterExpression), in.ExpressionAttributeNames, in.ExpressionAttributeValues)
	}
}

func TestCollectionRefusesBeforeSending(t *testing.T) {
	coll, c := collFixture(t)
	ctx := context.Background()
	first, err := coll.Query("o-1").Limit(1).Page(ctx)
	if err != nil || first.Cursor == "" {
		t.Fatalf("first page: %v", err)
	}
	orders, err := entity.NewTable[collOrder](c, entity.TableName(collTable(coll)))
	if err != nil {
		t.Fatal(err)
	}
	typed, err := query.New(orders).Where(query.Attr("orderId").Eq("o-1"), query.Attr("sk").Eq("ORDER")).Limit(1).Page(ctx)
	if err != nil || typed.Cursor == "" {
		t.Fatalf("typed query: %v", err)
	}
	tests := map[string]struct {
		q  *query.Query[any]
		is any // an error or an errs.Rule, see refused
	}{
		"partition key again":         {coll.Query("o-1").Where(query.Attr("orderId").Eq("o-1")), keys.RuleDuplicateCondition},
		"two sort-key conditions":     {coll.Query("o-1").Where(query.Attr("sk").Ge("A"), query.Attr("sk").Lt("Z")), keys.RuleDuplicateCondition},
		"not a key attribute":         {coll.Query("o-1").Where(query.Attr("customer").Eq("ana")), keys.RuleNotKeyAttribute},
		"wrongly typed sort value":    {coll.Query("o-1").Where(query.Attr("sk").Eq(5)), keys.RuleKeyValueTypeMismatch},
		"wrongly typed partition":     {coll.Query(1), keys.RuleKeyValueTypeMismatch},
		"empty partition":             {coll.Query(""), keys.RuleEmptyKeyValue},
		"nil partition":               {coll.Query(nil), keys.RuleKeyValueTypeMismatch},
		"zero limit":                  {coll.Query("o-1").Limit(0), wantRule(query.RuleLimit)},
		"garbage cursor":              {coll.Query("o-1").After("not a cursor"), query.ErrInvalidCursor},
		"cursor of another partition": {coll.Query("o-2").After(first.Cursor), wantRule(query.RuleCursorMismatch)},
		"cursor of another range":     {coll.Query("o-1").Where(query.Attr("sk").BeginsWith("ITEM#")).After(first.Cursor), wantRule(query.RuleCursorMismatch)},
		"cursor of a typed query":     {coll.Query("o-1").Where(query.Attr("sk").Eq("ORDER")).After(typed.Cursor), wantRule(query.RuleCursorMismatch)},
		"unsigned cursor when signed": {coll.Query("o-1").SignCursors([]byte("k")).After(first.Cursor), wantRule(query.RuleCursorTampered)},
		"filter on the sort key":      {coll.Query("o-1").Filter(cond.Name("sk").BeginsWith("ITEM#")), wantRule(query.RuleFilterOnKey)},
		"filter on the partition key": {coll.Query("o-1").Filter(cond.Name("quantity").Gt(1).Or(cond.Name("orderId").Eq("x"))), wantRule(query.RuleFilterOnKey)},
		"invalid filter path":         {coll.Query("o-1").Filter(cond.Name("").Exists()), cond.RuleInvalidPath},
	}
	before := c.queries.Load()
	for name, tt := range tests {
		if _, err := tt.q.Page(ctx); !refused(err, tt.is) {
			t.Errorf("%s: error = %v, want %v", name, err, tt.is)
		}
		for _, err := range tt.q.Pages(ctx) {
			if !refused(err, tt.is) {
				t.Errorf("%s: Pages error = %v, want %v", name, err, tt.is)
			}
		}
	}
	if n := c.queries.Load() - before; n != 0 {
		t.Fatalf("%d requests sent for refused queries", n)
	}
	var ce *errs.InputError
	if _, err := coll.Query("o-1").Where(query.Attr("customer").Eq("ana")).Input(); !errors.As(err, &ce) || ce.Attribute != "customer" || ce.Rule != keys.RuleNotKeyAttribute {
		t.Fatalf("condition error does not name the attribute: %v", err)
	}
}

func TestCollectionInput(t *testing.T) {
	coll, err := query.NewCollection(inputOnly{}, "orders", collOrderMeta, collItemMeta)
	if err != nil {
		t.Fatal(err)
	}
	in, err := coll.Query("o-1").Where(query.Attr("sk").BeginsWith("ITEM#")).Limit(10).ConsistentRead().Descending().Input()
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(in.KeyConditionExpression); got != "#n0 = :v0 AND begins_with(#n1, :v1)" {
		t.Fatalf("KeyConditionExpression = %q", got)
	}
	if in.ExpressionAttributeNames["#n0"] != "orderId" || in.ExpressionAttributeNames["#n1"] != "sk" ||
		in.ExpressionAttributeValues[":v1"].(*types.AttributeValueMemberS).Value != "ITEM#" {
		t.Fatalf("names %v values %v", in.ExpressionAttributeNames, in.ExpressionAttributeValues)
	}
	if aws.ToString(in.TableName) != "orders" || in.IndexName != nil || aws.ToInt32(in.Limit) != 10 ||
		!aws.ToBool(in.ConsistentRead) || aws.ToBool(in.ScanIndexForward) || in.FilterExpression != nil || in.ProjectionExpression != nil {
		t.Fatalf("input = %+v", in)
	}
	between, err := coll.Query("o-1").Where(query.Attr("sk").Between("A", "B")).Input()
	if err != nil || aws.ToString(between.KeyConditionExpression) != "#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2" {
		t.Fatalf("between: %v %q", err, aws.ToString(between.KeyConditionExpression))
	}
	lt, err := coll.Query("o-1").Where(query.Attr("sk").Lt("ITEM#")).Input()
	if err != nil || aws.ToString(lt.KeyConditionExpression) != "#n0 = :v0 AND #n1 < :v1" {
		t.Fatalf("lt: %v %q", err, aws.ToString(lt.KeyConditionExpression))
	}
	// Clone branches without sharing conditions.
	base := coll.Query("o-1")
	branch := base.Clone().Where(query.Attr("sk").Eq("ORDER"))
	if in, _ := base.Input(); aws.ToString(in.KeyConditionExpression) != "#n0 = :v0" {
		t.Fatalf("Clone shared conditions: %q", aws.ToString(in.KeyConditionExpression))
	}
	if in, _ := branch.Input(); aws.ToString(in.KeyConditionExpression) != "#n0 = :v0 AND #n1 = :v1" {
		t.Fatalf("branch: %q", aws.ToString(in.KeyConditionExpression))
	}
}

func TestNewCollectionRefusesEntitiesThatCannotShareIt(t *testing.T) {
	type untyped struct {
		entity.Model `ddb:"table=collection-orders"`
		OrderID      string `dynamodbav:"orderId" ddb:"pk"`
		SK           string `dynamodbav:"sk" ddb:"sk"`
	}
	type otherSort struct {
		entity.Model `ddb:"table=collection-orders,type=Payment"`
		OrderID      string `dynamodbav:"orderId" ddb:"pk"`
		Seq          int    `dynamodbav:"seq" ddb:"sk"`
	}
	type sameName struct {
		entity.Model `ddb:"table=collection-orders,type=Order"`
		OrderID      string `dynamodbav:"orderId" ddb:"pk"`
		SK           string `dynamodbav:"sk" ddb:"sk"`
	}
	tests := map[string]struct {
		table  string
		metas  []*entity.Meta
		entity string
	}{
		"no entities":       {"t", nil, ""},
		"no table":          {"", []*entity.Meta{collOrderMeta}, ""},
		"nil entity":        {"t", []*entity.Meta{collOrderMeta, nil}, ""},
		"no type name":      {"t", []*entity.Meta{collOrderMeta, entity.MustRegister[untyped]()}, "untyped"},
		"other primary key": {"t", []*entity.Meta{collOrderMeta, entity.MustRegister[otherSort]()}, "Payment"},
		"same type twice":   {"t", []*entity.Meta{collOrderMeta, entity.MustRegister[sameName]()}, "Order"},
	}
	for name, tt := range tests {
		c, err := query.NewCollection(inputOnly{}, tt.table, tt.metas...)
		var ie *errs.InputError
		if c != nil || !matches(err, wantRule(query.RuleCollection)) || !errors.As(err, &ie) || ie.Table != tt.table || tt.entity != "" && !strings.HasPrefix(ie.Detail, "entity "+tt.entity+" ") {
			t.Errorf("%s: collection %v, error %v (entity %q)", name, c, err, tt.entity)
		}
	}
}

func TestCollectionPagesWithLimitAndCursors(t *testing.T) {
	coll, c := collFixture(t)
	ctx := context.Background()
	key := []byte("secret")
	var got []string
	cursor := ""
	for i := 0; ; i++ {
		q := coll.Query("o-1").Limit(3).SignCursors(key)
		if cursor != "" {
			q = q.After(cursor)
		}
		page, err := q.Page(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if (i == 0 && len(page.Items) != 3) || (i == 1 && len(page.Items) != 1) || i > 1 {
			t.Fatalf("page %d: %v", i, sortKeys(page.Items))
		}
		got = append(got, sortKeys(page.Items)...)
		if cursor = page.Cursor; cursor == "" {
			break
		}
	}
	want := []string{"OrderItem o-1/ITEM#001", "OrderItem o-1/ITEM#002", "OrderItem o-1/ITEM#003", "Order o-1/ORDER"}
	if !slices.Equal(got, want) {
		t.Fatalf("resumed pages = %v", got)
	}

	// Pages walks the same, one request per page; with Limit 2 the second
	// page is full, so a third (empty) one ends the walk.
	before := c.queries.Load()
	got, sizes := nil, []int{}
	for page, err := range coll.Query("o-1").Limit(2).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, sortKeys(page.Items)...)
		sizes = append(sizes, len(page.Items))
	}
	if !slices.Equal(got, want) || !slices.Equal(sizes, []int{2, 2, 0}) || c.queries.Load()-before != 3 {
		t.Fatalf("Pages: %v, sizes %v, %d requests", got, sizes, c.queries.Load()-before)
	}
	// Stopping early sends no more requests.
	before = c.queries.Load()
	for range coll.Query("o-1").Limit(1).Pages(ctx) {
		break
	}
	if n := c.queries.Load() - before; n != 1 {
		t.Fatalf("stopping after one page sent %d requests", n)
	}
}

func TestCollectionValidatesEveryItem(t *testing.T) {
	coll, c := collFixture(t)
	ctx := context.Background()
	put := func(sk string, quantity types.AttributeValue) {
		t.Helper()
		_, err := c.Client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(collTable(coll)), Item: map[string]types.AttributeValue{
			"orderId": &types.AttributeValueMemberS{Value: "o-2"}, "sk": &types.AttributeValueMemberS{Value: sk},
			"product": &types.AttributeValueMemberS{Value: "cake"}, "quantity": quantity,
			entity.TypeAttribute: &types.AttributeValueMemberS{Value: "OrderItem"}, entity.VersionAttribute: &types.AttributeValueMemberN{Value: "1"},
		}})
		if err != nil {
			t.Fatal(err)
		}
	}
	// Written past the library: a quantity of 0 breaks min=1.
	put("ITEM#009", &types.AttributeValueMemberN{Value: "0"})
	_, err := coll.Query("o-2").Page(ctx)
	var ve *entity.ValidationError
	if !errors.As(err, &ve) || ve.Table != collTable(coll) || ve.Entity != "OrderItem" || ve.Key != `{orderId="o-2", sk="ITEM#009"}` || !ve.Read ||
		len(ve.Fields) != 1 || ve.Fields[0].Attribute != "quantity" {
		t.Fatalf("error = %v", err)
	}
	// The rest of the collection still reads with a narrower condition.
	if page, err := coll.Query("o-2").Where(query.Attr("sk").Lt("ITEM#009")).Page(ctx); err != nil || len(page.Items) != 1 {
		t.Fatalf("ITEM#001 alone: %v", err)
	}
	put("ITEM#009", &types.AttributeValueMemberS{Value: "many"})
	_, err = coll.Query("o-2").Page(ctx)
	var de *entity.DecodeError
	if !errors.As(err, &de) || de.Table != collTable(coll) || de.Key != `{orderId="o-2", sk="ITEM#009"}` || de.Attribute != "quantity" {
		t.Fatalf("error = %v", err)
	}
}

// TestCollectionQueryRefusesIndexAndProject: a collection is read whole from
// the table's primary key, so Index and Project are refused with
// RuleCollectionQuery by every terminal call, and nothing is sent.
func TestCollectionQueryRefusesIndexAndProject(t *testing.T) {
	coll, c := collFixture(t)
	ctx := context.Background()
	tests := map[string]struct {
		q  *query.Query[any]
		op string
	}{
		"Index":                {coll.Query("o-1").Index("ByCustomer"), "query.Index"},
		"Project":              {coll.Query("o-1").Project("customer"), "query.Project"},
		"Project, then Index":  {coll.Query("o-1").Limit(2).Project("sk").Index("x"), "query.Project"},
		"after a sort-key set": {coll.Query("o-1").Where(query.Attr("sk").BeginsWith("ITEM#")).Index("x"), "query.Index"},
	}
	check := func(name, call string, err error, op string) {
		t.Helper()
		var ie *errs.InputError
		if !matches(err, wantRule(query.RuleCollectionQuery)) || !errors.As(err, &ie) || ie.Op != op || ie.Table != collTable(coll) {
			t.Errorf("%s, %s: error = %v; want %s refused with %s", name, call, err, op, query.RuleCollectionQuery)
		}
	}
	for name, tt := range tests {
		_, err := tt.q.Input()
		check(name, "Input", err, tt.op)
		_, err = tt.q.Page(ctx)
		check(name, "Page", err, tt.op)
		for page, err := range tt.q.Pages(ctx) {
			if page != nil {
				t.Errorf("%s: Pages yielded a page", name)
			}
			check(name, "Pages", err, tt.op)
		}
		for item, err := range tt.q.Items(ctx) {
			if item != nil {
				t.Errorf("%s: Items yielded an item", name)
			}
			check(name, "Items", err, tt.op)
		}
	}
	if n := c.queries.Load(); n != 0 {
		t.Fatalf("%d requests sent for refused collection queries", n)
	}
	// A nil *Collection is refused, not a panic.
	if _, err := (*query.Collection)(nil).Query("o-1").Page(ctx); !errs.HasRule(err, entity.RuleInvalidArgument) {
		t.Fatalf("nil collection: %v", err)
	}
}

// TestCollectionQueryMaxResultsAndCountOnly: MaxResults and CountOnly work
// on a collection as on one entity's query: MaxResults pages until that many
// items, with a cursor right after the last one; CountOnly counts every
// entity's items and reads none.
func TestCollectionQueryMaxResultsAndCountOnly(t *testing.T) {
	coll, c := collFixture(t)
	ctx := context.Background()
	q := coll.Query("o-1").Limit(1).MaxResults(3)
	page, err := q.Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"OrderItem o-1/ITEM#001", "OrderItem o-1/ITEM#002", "OrderItem o-1/ITEM#003"}
	if got := sortKeys(page.Items); !slices.Equal(got, want) || page.Requests != 3 || c.queries.Load() != 3 || page.Cursor == "" {
		t.Fatalf("MaxResults(3): %v, %d requests (%d sent), cursor %q", got, page.Requests, c.queries.Load(), page.Cursor)
	}
	rest, err := q.After(page.Cursor).Page(ctx)
	if err != nil || !slices.Equal(sortKeys(rest.Items), []string{"Order o-1/ORDER"}) {
		t.Fatalf("after MaxResults(3): %v, %v", err, rest)
	}
	// Without Limit, each request asks for the number still wanted: one
	// request, cut at two items, resumes at the third.
	before := c.queries.Load()
	two, err := coll.Query("o-1").MaxResults(2).Page(ctx)
	if err != nil || !slices.Equal(sortKeys(two.Items), want[:2]) || c.queries.Load()-before != 1 {
		t.Fatalf("MaxResults(2): %v, %v, %d requests", err, two, c.queries.Load()-before)
	}
	var walked []string
	for page, err := range coll.Query("o-1").After(two.Cursor).MaxResults(1).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		walked = append(walked, sortKeys(page.Items)...)
	}
	if !slices.Equal(walked, want[2:]) {
		t.Fatalf("Pages with MaxResults(1) after two: %v", walked)
	}

	in, err := coll.Query("o-1").CountOnly().Input()
	if err != nil || in.Select != types.SelectCount || in.ProjectionExpression != nil {
		t.Fatalf("CountOnly input: %v, %+v", err, in)
	}
	counted, err := coll.Query("o-1").CountOnly().Page(ctx)
	if err != nil || counted.Count != 4 || counted.ScannedCount != 4 || len(counted.Items) != 0 || len(counted.Invalid) != 0 {
		t.Fatalf("CountOnly: %v, %+v", err, counted)
	}
	items, err := coll.Query("o-1").Where(query.Attr("sk").BeginsWith("ITEM#")).CountOnly().Page(ctx)
	if err != nil || items.Count != 3 || len(items.Items) != 0 {
		t.Fatalf("CountOnly of the items: %v, %+v", err, items)
	}
}

// TestCollectionQueryItems: Items walks a collection across pages, each
// item a *any holding its own entity's pointer; an item that cannot be read
// is yielded in its place as its *entity.ItemError, and left out with
// SkipInvalid.
func TestCollectionQueryItems(t *testing.T) {
	coll, c := collFixture(t)
	ctx := context.Background()
	walk := func(q *query.Query[any]) (got []string, errs []error) {
		t.Helper()
		for item, err := range q.Items(ctx) {
			if err != nil {
				errs = append(errs, err)
				got = append(got, "error")
				continue
			}
			got = append(got, sortKeys([]any{*item})...)
		}
		return got, errs
	}
	want := []string{"OrderItem o-1/ITEM#001", "OrderItem o-1/ITEM#002", "OrderItem o-1/ITEM#003", "Order o-1/ORDER"}
	if got, errs := walk(coll.Query("o-1").Limit(3)); !slices.Equal(got, want) || errs != nil {
		t.Fatalf("Items = %v, %v", got, errs)
	}
	_, err := c.Client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(collTable(coll)), Item: map[string]types.AttributeValue{
		"orderId": &types.AttributeValueMemberS{Value: "o-1"}, "sk": &types.AttributeValueMemberS{Value: "ITEM#002x"},
		"product": &types.AttributeValueMemberS{Value: "cake"}, "quantity": &types.AttributeValueMemberN{Value: "0"},
		entity.TypeAttribute: &types.AttributeValueMemberS{Value: "OrderItem"}, entity.VersionAttribute: &types.AttributeValueMemberN{Value: "1"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	got, errs := walk(coll.Query("o-1").Limit(2))
	var ie *entity.ItemError
	if !slices.Equal(got, []string{want[0], want[1], "error", want[2], want[3]}) || len(errs) != 1 ||
		!errors.As(errs[0], &ie) || ie.Key["sk"].(*types.AttributeValueMemberS).Value != "ITEM#002x" || !errors.Is(errs[0], entity.ErrValidation) {
		t.Fatalf("Items over a bad item = %v, %v", got, errs)
	}
	if got, errs := walk(coll.Query("o-1").Limit(2).SkipInvalid()); !slices.Equal(got, want) || errs != nil {
		t.Fatalf("Items with SkipInvalid = %v, %v", got, errs)
	}
}

// TestCursorsAreBoundToWhatIsRead: a cursor resumes only a query of what it
// was read from. With the same table and the same key condition, a
// collection's cursor is refused by one entity's query and the reverse, and
// one entity's cursor by another entity's query.
func TestCursorsAreBoundToWhatIsRead(t *testing.T) {
	coll, c := collFixture(t)
	ctx := context.Background()
	orders, err := entity.NewTable[collOrder](c, entity.TableName(collTable(coll)))
	if err != nil {
		t.Fatal(err)
	}
	items, err := entity.NewTable[collItem](c, entity.TableName(collTable(coll)))
	if err != nil {
		t.Fatal(err)
	}
	// The same key condition for all three: orderId = "o-1".
	ofCollection := coll.Query("o-1").Limit(1)
	ofOrders := query.New(orders).Where(query.Attr("orderId").Eq("o-1")).Descending().Limit(1).SkipInvalid()
	ofItems := query.New(items).Where(query.Attr("orderId").Eq("o-1")).Limit(1)
	cursor := func(q interface {
		Input() (*dynamodb.QueryInput, error)
	}, page func() (string, error)) string {
		t.Helper()
		in, err := q.Input()
		if err != nil || aws.ToString(in.KeyConditionExpression) != "#n0 = :v0" || in.ExpressionAttributeNames["#n0"] != "orderId" {
			t.Fatalf("key condition: %v, %+v", err, in)
		}
		s, err := page()
		if err != nil || s == "" {
			t.Fatalf("first page: cursor %q, %v", s, err)
		}
		return s
	}
	collCursor := cursor(ofCollection, func() (string, error) { p, err := ofCollection.Page(ctx); return p.Cursor, err })
	orderCursor := cursor(ofOrders, func() (string, error) { p, err := ofOrders.Page(ctx); return p.Cursor, err })
	itemCursor := cursor(ofItems, func() (string, error) { p, err := ofItems.Page(ctx); return p.Cursor, err })

	before := c.queries.Load()
	for name, err := range map[string]error{
		"collection cursor, order query":      pageErr(ctx, query.New(orders).Where(query.Attr("orderId").Eq("o-1")).After(collCursor)),
		"collection cursor, item query":       pageErr(ctx, ofItems.After(collCursor)),
		"order cursor, collection query":      pageErr(ctx, ofCollection.After(orderCursor)),
		"item cursor, collection query":       pageErr(ctx, ofCollection.After(itemCursor)),
		"item cursor, order query":            pageErr(ctx, ofOrders.After(itemCursor)),
		"order cursor, item query":            pageErr(ctx, ofItems.After(orderCursor)),
		"collection cursor, other collection": pageErr(ctx, mustCollection(t, c, collTable(coll), collOrderMeta, collItemMeta, collNoteMeta).Query("o-1").After(collCursor)),
	} {
		if !matches(err, wantRule(query.RuleCursorMismatch)) {
			t.Errorf("%s: error = %v, want %s", name, err, query.RuleCursorMismatch)
		}
	}
	if n := c.queries.Load() - before; n != 0 {
		t.Fatalf("%d requests sent for refused cursors", n)
	}
	// Each resumes its own query.
	for name, err := range map[string]error{
		"collection": pageErr(ctx, ofCollection.After(collCursor)),
		"orders":     pageErr(ctx, ofOrders.After(orderCursor)),
		"items":      pageErr(ctx, ofItems.After(itemCursor)),
	} {
		if err != nil {
			t.Errorf("%s resumed from its own cursor: %v", name, err)
		}
	}
}

func pageErr[T any](ctx context.Context, q *query.Query[T]) error {
	_, err := q.Page(ctx)
	return err
}

func mustCollection(t *testing.T, client entity.Client, table string, metas ...*entity.Meta) *query.Collection {
	t.Helper()
	c, err := query.NewCollection(client, table, metas...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
