package query_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/keys"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/schema"
)

func TestMain(m *testing.M) { dynamotest.Main(m) }

type Order struct {
	entity.Model `ddb:"table=orders"`
	OrderID      string    `dynamodbav:"orderId" ddb:"pk" validate:"required"`
	WarehouseID  string    `dynamodbav:"warehouseId" ddb:"gsi=ByAssignee:pk1"`
	AssigneeID   string    `dynamodbav:"assigneeId,omitempty" ddb:"gsi=ByAssignee:pk2"`
	Status       string    `dynamodbav:"status" ddb:"gsi=ByAssignee:pk3"`
	Priority     int       `dynamodbav:"priority" ddb:"gsi=ByAssignee:sk1"`
	CreatedAt    time.Time `dynamodbav:"createdAt" ddb:"gsi=ByAssignee:sk2"`
	Total        float64   `dynamodbav:"total"`
}

var orderMeta = entity.MustRegister[Order]()

// counting wraps the client and counts Query requests.
type counting struct {
	*dynamodb.Client
	queries atomic.Int32
}

func (c *counting) Query(ctx context.Context, in *dynamodb.QueryInput, o ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	c.queries.Add(1)
	return c.Client.Query(ctx, in, o...)
}

// ordersFixture creates the warehouse table and fills it: in w-1/ana/open,
// priorities 1..4 (numbers that sort wrongly as strings: 1, 10, 2, 5) at
// several times; one order without an assignee.
func ordersFixture(t *testing.T) (*entity.Table[Order], *counting) {
	t.Helper()
	ctx := context.Background()
	client := dynamotest.Client(t)
	name := dynamotest.TableName(t, "orders")
	dynamotest.DeleteTableOnCleanup(t, client, name)
	if _, err := schema.CreateTable(ctx, client, name, orderMeta); err != nil {
		t.Fatal(err)
	}
	c := &counting{Client: client}
	tbl, err := entity.NewTable[Order](c, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	n := 0
	for _, prio := range []int{10, 2, 1, 5} {
		for h := 2; h >= 0; h-- {
			n++
			o := &Order{OrderID: fmt.Sprintf("o%02d", n), WarehouseID: "w-1", AssigneeID: "ana", Status: "open",
				Priority: prio, CreatedAt: base.Add(time.Duration(h) * time.Hour), Total: float64(n)}
			if err := tbl.Put(o).Run(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	others := []*Order{
		{OrderID: "x1", WarehouseID: "w-1", AssigneeID: "ana", Status: "shipped", Priority: 1, CreatedAt: base},
		{OrderID: "x2", WarehouseID: "w-1", AssigneeID: "ben", Status: "open", Priority: 1, CreatedAt: base},
		{OrderID: "x3", WarehouseID: "w-1", Status: "open", Priority: 1, CreatedAt: base}, // no assignee
	}
	for _, o := range others {
		if err := tbl.Put(o).Run(ctx); err != nil {
			t.Fatal(err)
		}
	}
	return tbl, c
}

func byAssignee(tbl *entity.Table[Order]) *query.Query[Order] {
	return query.New(tbl).Index("ByAssignee").Where(
		query.Attr("warehouseId").Eq("w-1"), query.Attr("assigneeId").Eq("ana"), query.Attr("status").Eq("open"))
}

func ids(items []Order) []string {
	out := make([]string, len(items))
	for i, o := range items {
		out[i] = o.OrderID
	}
	return out
}

func TestResultsFollowTheWholeSortTuple(t *testing.T) {
	tbl, _ := ordersFixture(t)
	page, err := byAssignee(tbl).Page(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// priority numerically (1, 2, 5, 10), then createdAt ascending.
	want := []string{"o09", "o08", "o07", "o06", "o05", "o04", "o12", "o11", "o10", "o03", "o02", "o01"}
	if got := ids(page.Items); !slices.Equal(got, want) {
		t.Fatalf("order = %v\nwant    %v", got, want)
	}
	if page.Count != 12 || page.ScannedCount != 12 || page.Cursor != "" || page.Requests != 1 {
		t.Fatalf("page = count %d scanned %d cursor %q requests %d", page.Count, page.ScannedCount, page.Cursor, page.Requests)
	}
	desc, err := byAssignee(tbl).Where(query.Attr("priority").Eq(5)).Descending().Page(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(desc.Items); !slices.Equal(got, []string{"o10", "o11", "o12"}) {
		t.Fatalf("priority 5 descending = %v", got)
	}
	r, err := byAssignee(tbl).Where(query.Attr("priority").Eq(1), query.Attr("createdAt").Ge(time.Date(2025, 1, 1, 1, 0, 0, 0, time.UTC))).Page(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(r.Items); !slices.Equal(got, []string{"o08", "o07"}) {
		t.Fatalf("priority 1 from 01:00 = %v", got)
	}
	between, err := byAssignee(tbl).Where(query.Attr("priority").Between(2, 5)).Page(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(between.Items) != 6 {
		t.Fatalf("priority 2..5 = %v", ids(between.Items))
	}
}

func TestSparseIndexLeavesOutItemsWithoutAKeyAttribute(t *testing.T) {
	tbl, _ := ordersFixture(t)
	ctx := context.Background()
	for _, assignee := range []string{"ana", "ben"} {
		page, err := query.New(tbl).Index("ByAssignee").Where(
			query.Attr("warehouseId").Eq("w-1"), query.Attr("assigneeId").Eq(assignee), query.Attr("status").Eq("open")).Page(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(ids(page.Items), "x3") {
			t.Fatalf("the order without an assignee is in the index: %v", ids(page.Items))
		}
	}
	// Setting the attribute puts it in the index.
	o, _ := tbl.Get(entity.NewKey("x3")).Run(ctx)
	o.AssigneeID = "ben"
	if err := tbl.Put(o).Run(ctx); err != nil {
		t.Fatal(err)
	}
	page, _ := query.New(tbl).Index("ByAssignee").Where(
		query.Attr("warehouseId").Eq("w-1"), query.Attr("assigneeId").Eq("ben"), query.Attr("status").Eq("open")).Page(ctx)
	if !slices.Contains(ids(page.Items), "x3") {
		t.Fatalf("after assigning, x3 is not in the index: %v", ids(page.Items))
	}
}

// Each broken key condition is refused before sending, and the same
// condition written by hand is refused by DynamoDB Local too.
func TestKeyConditionRulesAgreeWithDynamoDB(t *testing.T) {
	tbl, c := ordersFixture(t)
	ctx := context.Background()
	p := func(w, a, s string) []query.KeyCondition {
		return []query.KeyCondition{query.Attr("warehouseId").Eq(w), query.Attr("assigneeId").Eq(a), query.Attr("status").Eq(s)}
	}
	full := p("w-1", "ana", "open")
	tests := []struct {
		name  string
		conds []query.KeyCondition
		is    errs.Rule
		// the same condition as DynamoDB would see it
		expr   string
		values map[string]types.AttributeValue
	}{
		{"missing a partition attribute", []query.KeyCondition{query.Attr("warehouseId").Eq("w-1"), query.Attr("assigneeId").Eq("ana")}, keys.RulePartitionMissing,
			"#w = :w AND #a = :a", nil},
		{"range on a partition attribute", []query.KeyCondition{query.Attr("warehouseId").Eq("w-1"), query.Attr("assigneeId").Eq("ana"), query.Attr("status").BeginsWith("op")}, keys.RulePartitionNotEqual,
			"#w = :w AND #a = :a AND begins_with(#s, :s)", nil},
		{"second sort attribute without the first", append(slices.Clone(full), query.Attr("createdAt").Gt(time.Unix(0, 0))), keys.RuleSortGap,
			"#w = :w AND #a = :a AND #s = :s AND #c > :c", nil},
		{"range before an equality", append(slices.Clone(full), query.Attr("priority").Gt(1), query.Attr("createdAt").Eq(time.Unix(0, 0))), keys.RuleRangeNotLast,
			"#w = :w AND #a = :a AND #s = :s AND #p > :p AND #c = :c", nil},
		{"begins_with on a number", append(slices.Clone(full), query.Attr("priority").BeginsWith("1")), keys.RuleBeginsWithNumber,
			"#w = :w AND #a = :a AND #s = :s AND begins_with(#p, :ps)", nil},
		{"not a key of the index", append(slices.Clone(full), query.Attr("total").Eq(1)), keys.RuleNotKeyAttribute,
			"#w = :w AND #a = :a AND #s = :s AND #t = :t", nil},
	}
	names := map[string]string{"#w": "warehouseId", "#a": "assigneeId", "#s": "status", "#p": "priority", "#c": "createdAt", "#t": "total"}
	vals := map[string]types.AttributeValue{
		":w": &types.AttributeValueMemberS{Value: "w-1"}, ":a": &types.AttributeValueMemberS{Value: "ana"},
		":s": &types.AttributeValueMemberS{Value: "open"}, ":p": &types.AttributeValueMemberN{Value: "1"},
		":ps": &types.AttributeValueMemberS{Value: "1"}, ":c": &types.AttributeValueMemberS{Value: "1970-01-01T00:00:00.000000000Z"},
		":t": &types.AttributeValueMemberN{Value: "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := c.queries.Load()
			_, err := query.New(tbl).Index("ByAssignee").Where(tt.conds...).Page(ctx)
			if !refused(err, tt.is) {
				t.Fatalf("error = %v, want %v", err, tt.is)
			}
			var ce *errs.InputError
			if !errors.As(err, &ce) || ce.Index != "ByAssignee" {
				t.Fatalf("error %#v does not name the index", err)
			}
			if n := c.queries.Load() - before; n != 0 {
				t.Fatalf("%d requests sent for a refused condition", n)
			}
			// DynamoDB Local agrees.
			usedNames, usedVals := map[string]string{}, map[string]types.AttributeValue{}
			for ph, n := range names {
				if strings.Contains(tt.expr, ph+" ") || strings.Contains(tt.expr, ph+",") || strings.HasSuffix(tt.expr, ph) {
					usedNames[ph] = n
				}
			}
			for ph, v := range vals {
				if strings.Contains(tt.expr, ph+" ") || strings.Contains(tt.expr, ph+")") || strings.HasSuffix(tt.expr, ph) {
					usedVals[ph] = v
				}
			}
			_, err = c.Client.Query(ctx, &dynamodb.QueryInput{
				TableName: aws.String(tbl.Name()), IndexName: aws.String("ByAssignee"),
				KeyConditionExpression: aws.String(tt.expr), ExpressionAttributeNames: usedNames, ExpressionAttributeValues: usedVals,
			})
			var ae smithy.APIError
			if !errors.As(err, &ae) || ae.ErrorCode() != "ValidationException" {
				t.Fatalf("DynamoDB Local accepted %q: %v", tt.expr, err)
			}
		})
	}
}

func TestRefusalsBeforeSending(t *testing.T) {
	tbl, c := ordersFixture(t)
	ctx := context.Background()
	tests := map[string]struct {
		q  *query.Query[Order]
		is any // an error or an errs.Rule, see refused
	}{
		"filter on an index key":      {byAssignee(tbl).Filter(cond.Name("priority").Gt(1)), wantRule(query.RuleFilterOnKey)},
		"consistent read on a GSI":    {byAssignee(tbl).ConsistentRead(), wantRule(query.RuleConsistentGSI)},
		"unknown index":               {query.New(tbl).Index("Nope"), wantRule(query.RuleUnknownIndex)},
		"zero limit":                  {byAssignee(tbl).Limit(0), wantRule(query.RuleLimit)},
		"unknown projected attribute": {byAssignee(tbl).Project("nope"), wantRule(entity.RuleUnknownPath)},
		"wrongly typed key value":     {query.New(tbl).Index("ByAssignee").Where(query.Attr("warehouseId").Eq(7), query.Attr("assigneeId").Eq("a"), query.Attr("status").Eq("s")), keys.RuleKeyValueTypeMismatch},
		"empty key value":             {query.New(tbl).Index("ByAssignee").Where(query.Attr("warehouseId").Eq(""), query.Attr("assigneeId").Eq("a"), query.Attr("status").Eq("s")), keys.RuleEmptyKeyValue},
		"garbage cursor":              {byAssignee(tbl).After("not a cursor!"), query.ErrInvalidCursor},
	}
	for name, tt := range tests {
		before := c.queries.Load()
		if _, err := tt.q.Page(ctx); !refused(err, tt.is) {
			t.Errorf("%s: error = %v, want %v", name, err, tt.is)
		}
		if n := c.queries.Load() - before; n != 0 {
			t.Errorf("%s: %d requests sent", name, n)
		}
	}
	// A filter on the base table's key is fine on an index.
	if _, err := byAssignee(tbl).Filter(cond.Name("orderId").BeginsWith("o")).Page(ctx); err != nil {
		t.Fatalf("filter on the table key while querying an index: %v", err)
	}
}

func TestFilterThatDiscardsEverythingStillPages(t *testing.T) {
	tbl, _ := ordersFixture(t)
	ctx := context.Background()
	q := byAssignee(tbl).Filter(cond.Name("total").Gt(1000)).Limit(5)
	page, err := q.Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 0 || page.Count != 0 || page.ScannedCount != 5 || page.Cursor == "" {
		t.Fatalf("first page: %d items, count %d, scanned %d, cursor %q", len(page.Items), page.Count, page.ScannedCount, page.Cursor)
	}
	pages, scanned := 0, 0
	for p, err := range byAssignee(tbl).Filter(cond.Name("total").Gt(10)).Limit(5).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		pages++
		scanned += p.ScannedCount
	}
	if pages != 3 || scanned != 12 {
		t.Fatalf("walked %d pages, scanned %d; want 3 pages (5+5+2) and 12", pages, scanned)
	}
	var matched []string
	for o, err := range byAssignee(tbl).Filter(cond.Name("total").Gt(10)).Limit(5).Items(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		matched = append(matched, o.OrderID)
	}
	if !slices.Equal(matched, []string{"o12", "o11"}) {
		t.Fatalf("items with total > 10 = %v", matched)
	}
}

func TestMaxResultsReturnsExactlyNAndResumes(t *testing.T) {
	tbl, c := ordersFixture(t)
	ctx := context.Background()
	var all []string
	cursor := ""
	for i := 0; ; i++ {
		q := byAssignee(tbl).MaxResults(5).SignCursors([]byte("secret"))
		if cursor != "" {
			q = q.After(cursor)
		}
		page, err := q.Page(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if (i < 2 && len(page.Items) != 5) || (i == 2 && len(page.Items) != 2) {
			t.Fatalf("page %d has %d items", i, len(page.Items))
		}
		all = append(all, ids(page.Items)...)
		cursor = page.Cursor
		if cursor == "" || i > 5 {
			break
		}
	}
	whole, _ := byAssignee(tbl).Page(ctx)
	if !slices.Equal(all, ids(whole.Items)) {
		t.Fatalf("resumed pages %v\ndiffer from one query %v", all, ids(whole.Items))
	}

	// With a filter, MaxResults pages through as many requests as needed.
	before := c.queries.Load()
	// Index order by total: 9 8 7 6 5 4 12 11 10 3 2 1; four evaluated per request.
	page, err := byAssignee(tbl).Filter(cond.Name("total").Ge(10)).Limit(4).MaxResults(2).Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(page.Items); !slices.Equal(got, []string{"o12", "o11"}) || page.Requests != int(c.queries.Load()-before) || page.Requests != 2 || page.ScannedCount != 8 {
		t.Fatalf("filtered MaxResults = %v in %d requests, scanned %d", got, page.Requests, page.ScannedCount)
	}
	rest, err := byAssignee(tbl).Filter(cond.Name("total").Ge(10)).Limit(4).After(page.Cursor).Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(rest.Items); !slices.Equal(got, []string{"o10"}) {
		t.Fatalf("after the cursor: %v", got)
	}
}

func TestCursorsAreBoundAndTamperEvident(t *testing.T) {
	tbl, _ := ordersFixture(t)
	ctx := context.Background()
	key := []byte("app-secret")
	page, err := byAssignee(tbl).Limit(3).SignCursors(key).Page(ctx)
	if err != nil || page.Cursor == "" {
		t.Fatalf("page: %v cursor %q", err, page.Cursor)
	}
	next, err := byAssignee(tbl).Limit(3).SignCursors(key).After(page.Cursor).Page(ctx)
	if err != nil || len(next.Items) != 3 || next.Items[0].OrderID == page.Items[0].OrderID {
		t.Fatalf("resuming: %v", err)
	}
	flipped := []byte(page.Cursor)
	flipped[len(flipped)/2] ^= 1
	if flipped[len(flipped)/2] == '-'^1 || flipped[len(flipped)/2] == '_'^1 {
		flipped[len(flipped)/2] = 'A'
	}
	other := query.New(tbl).Index("ByAssignee").Where(query.Attr("warehouseId").Eq("w-1"), query.Attr("assigneeId").Eq("ben"), query.Attr("status").Eq("open"))
	tests := map[string]struct {
		q  *query.Query[Order]
		is error
	}{
		"tampered":           {byAssignee(tbl).SignCursors(key).After(string(flipped)), query.ErrInvalidCursor},
		"wrong signing key":  {byAssignee(tbl).SignCursors([]byte("other")).After(page.Cursor), wantRule(query.RuleCursorTampered)},
		"unsigned reader":    {byAssignee(tbl).After(page.Cursor), wantRule(query.RuleCursorTampered)},
		"another partition":  {other.SignCursors(key).After(page.Cursor), wantRule(query.RuleCursorMismatch)},
		"another sort range": {byAssignee(tbl).Where(query.Attr("priority").Eq(1)).SignCursors(key).After(page.Cursor), wantRule(query.RuleCursorMismatch)},
		"the base table":     {query.New(tbl).Where(query.Attr("orderId").Eq("o01")).SignCursors(key).After(page.Cursor), wantRule(query.RuleCursorMismatch)},
		"empty base64":       {byAssignee(tbl).After("AAAA"), query.ErrInvalidCursor},
		"very long":          {byAssignee(tbl).After(strings.Repeat("A", 20000)), query.ErrInvalidCursor},
	}
	for name, tt := range tests {
		if _, err := tt.q.Page(ctx); !matches(err, tt.is) {
			t.Errorf("%s: error = %v, want %v", name, err, tt.is)
		}
	}
}

func TestCountOnlyAndProjection(t *testing.T) {
	tbl, _ := ordersFixture(t)
	ctx := context.Background()
	page, err := byAssignee(tbl).CountOnly().ConsumedCapacity(types.ReturnConsumedCapacityTotal).Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if page.Count != 12 || len(page.Items) != 0 || page.ConsumedCapacity == nil || aws.ToFloat64(page.ConsumedCapacity.CapacityUnits) <= 0 {
		t.Fatalf("count page = %+v", page)
	}
	proj, err := byAssignee(tbl).Project("total").MaxResults(1).Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	o := proj.Items[0]
	if o.OrderID != "o09" || o.Total != 9 || o.WarehouseID != "w-1" || o.Priority != 1 {
		t.Fatalf("projected item = %+v (key attributes and total expected)", o)
	}
}

func TestBaseTableQueryAndInput(t *testing.T) {
	tbl, _ := ordersFixture(t)
	page, err := query.New(tbl).Where(query.Attr("orderId").Eq("o03")).ConsistentRead().Page(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].Priority != 10 {
		t.Fatalf("base table query = %+v", page.Items)
	}
	in, err := byAssignee(tbl).Where(query.Attr("priority").Eq(1), query.Attr("createdAt").Between(time.Unix(0, 0), time.Unix(60, 0))).
		Filter(cond.Name("total").Gt(2)).Project("total").Input()
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(in.KeyConditionExpression); got != "#n2 = :v0 AND #n3 = :v1 AND #n4 = :v2 AND #n5 = :v3 AND #n6 BETWEEN :v4 AND :v5" {
		t.Fatalf("KeyConditionExpression = %q", got)
	}
	if got := aws.ToString(in.FilterExpression); got != "#n0 > :v6" {
		t.Fatalf("FilterExpression = %q", got)
	}
	if got := in.ExpressionAttributeValues[":v4"]; got.(*types.AttributeValueMemberS).Value != "1970-01-01T00:00:00.000000000Z" {
		t.Fatalf("a time in a key condition is encoded as the key stores it, got %v", got)
	}
	// The projection's names come first: the attributes asked for, the
	// table's and the index's keys, the schema version.
	if got := aws.ToString(in.ProjectionExpression); got != "#n0, #n1, #n2, #n3, #n4, #n5, #n6, #n7" {
		t.Fatalf("ProjectionExpression = %q (names %v)", got, in.ExpressionAttributeNames)
	}
	if got := in.ExpressionAttributeNames; got["#n0"] != "total" || got["#n1"] != "orderId" || got["#n7"] != "_v" || len(got) != 8 {
		t.Fatalf("ExpressionAttributeNames = %v", got)
	}
}

// Reading has an index whose key is four partition and four sort
// attributes, the most DynamoDB allows.
type Reading struct {
	entity.Model `ddb:"table=readings"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Site         string `dynamodbav:"site" ddb:"gsi=ByPlace:pk1"`
	Building     string `dynamodbav:"building" ddb:"gsi=ByPlace:pk2"`
	Floor        int    `dynamodbav:"floor" ddb:"gsi=ByPlace:pk3"`
	Room         string `dynamodbav:"room" ddb:"gsi=ByPlace:pk4"`
	Day          string `dynamodbav:"day" ddb:"gsi=ByPlace:sk1"`
	Hour         int    `dynamodbav:"hour" ddb:"gsi=ByPlace:sk2"`
	Sensor       string `dynamodbav:"sensor" ddb:"gsi=ByPlace:sk3"`
	Seq          int    `dynamodbav:"seq" ddb:"gsi=ByPlace:sk4"`
}

// TestKeyConditionsGivenInPieces: key conditions may come in several
// Where calls, up to the eight a key can have; all of them are used, in the
// key's order, and a Clone does not share them.
func TestKeyConditionsGivenInPieces(t *testing.T) {
	tbl, err := entity.NewTable[Reading]((*dynamodb.Client)(nil), entity.TableName("offline"))
	if err != nil {
		t.Fatal(err)
	}
	partition := []query.KeyCondition{query.Attr("site").Eq("s1"), query.Attr("building").Eq("b2"),
		query.Attr("floor").Eq(3), query.Attr("room").Eq("r4")}
	for _, tc := range []struct {
		name  string
		build func() *query.Query[Reading]
		want  string
	}{
		{"one call", func() *query.Query[Reading] {
			return query.New(tbl).Index("ByPlace").Where(append(partition, query.Attr("day").Eq("d"))...)
		}, "#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2 AND #n3 = :v3 AND #n4 = :v4"},
		{"three calls", func() *query.Query[Reading] {
			return query.New(tbl).Index("ByPlace").Where(partition[0]).
				Where(partition[1], partition[2], partition[3], query.Attr("day").Eq("d"), query.Attr("hour").Eq(7)).
				Where(query.Attr("sensor").Eq("t"), query.Attr("seq").Gt(9))
		}, "#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2 AND #n3 = :v3 AND #n4 = :v4 AND #n5 = :v5 AND #n6 = :v6 AND #n7 > :v7"},
		{"one at a time, in another order", func() *query.Query[Reading] {
			q := query.New(tbl).Index("ByPlace")
			for _, c := range []query.KeyCondition{query.Attr("hour").Eq(7), query.Attr("day").Eq("d"),
				partition[3], partition[2], partition[1], partition[0]} {
				q.Where(c)
			}
			return q
		}, "#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2 AND #n3 = :v3 AND #n4 = :v4 AND #n5 = :v5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.build()
			// A branch with one more condition leaves q as it was.
			branch := q.Clone().Where(query.Attr("extra").Eq(1))
			in, err := q.Input()
			if err != nil {
				t.Fatal(err)
			}
			if got := aws.ToString(in.KeyConditionExpression); got != tc.want {
				t.Fatalf("KeyConditionExpression\n got %q\nwant %q", got, tc.want)
			}
			order := []string{"site", "building", "floor", "room", "day", "hour", "sensor", "seq"}
			for i, attr := range order[:strings.Count(tc.want, "#n")] {
				if got := in.ExpressionAttributeNames[fmt.Sprintf("#n%d", i)]; got != attr {
					t.Errorf("#n%d = %q, want %q", i, got, attr)
				}
			}
			if _, err := branch.Input(); err == nil {
				t.Error("the branch's condition on an attribute outside the key was not refused")
			}
		})
	}
}
