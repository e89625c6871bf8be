package query_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/schema"
)

// scanCounter wraps the client and counts the requests of each kind.
type scanCounter struct {
	*dynamodb.Client
	scans, queries, batchGets atomic.Int32
}

func (c *scanCounter) Scan(ctx context.Context, in *dynamodb.ScanInput, o ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error) {
	c.scans.Add(1)
	return c.Client.Scan(ctx, in, o...)
}

func (c *scanCounter) Query(ctx context.Context, in *dynamodb.QueryInput, o ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	c.queries.Add(1)
	return c.Client.Query(ctx, in, o...)
}

func (c *scanCounter) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, o ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	c.batchGets.Add(1)
	return c.Client.BatchGetItem(ctx, in, o...)
}

func (c *scanCounter) requests() int32 { return c.scans.Load() + c.queries.Load() + c.batchGets.Load() }

// scanOrder is order number i of a scan fixture: id s000, s001, ...; total
// i; every other one assigned to ana (so in the ByAssignee index), every
// third one shipped.
func scanOrder(i int) *Order {
	o := &Order{OrderID: fmt.Sprintf("s%03d", i), WarehouseID: "w-1", Status: "open", Priority: i % 5,
		CreatedAt: time.Date(2025, 1, 1, 0, i, 0, 0, time.UTC), Total: float64(i)}
	if i%2 == 0 {
		o.AssigneeID = "ana"
	}
	if i%3 == 0 {
		o.Status = "shipped"
	}
	return o
}

// scanFixture creates an orders table holding n orders (see scanOrder),
// written with BatchWriteItem to keep it quick, and a Table that sends
// through a scanCounter.
func scanFixture(t *testing.T, n int) (*entity.Table[Order], *scanCounter) {
	t.Helper()
	ctx := context.Background()
	client := dynamotest.Client(t)
	name := dynamotest.TableName(t, "orders")
	dynamotest.DeleteTableOnCleanup(t, client, name)
	if _, err := schema.CreateTable(ctx, client, name, orderMeta); err != nil {
		t.Fatal(err)
	}
	var writes []types.WriteRequest
	flush := func() {
		if len(writes) == 0 {
			return
		}
		req := map[string][]types.WriteRequest{name: writes}
		for len(req) > 0 {
			out, err := client.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: req})
			if err != nil {
				t.Fatal(err)
			}
			req = out.UnprocessedItems
		}
		writes = nil
	}
	for i := range n {
		item, err := model.Of(orderMeta).EncodeItem(name, scanOrder(i))
		if err != nil {
			t.Fatal(err)
		}
		writes = append(writes, types.WriteRequest{PutRequest: &types.PutRequest{Item: item}})
		if len(writes) == 25 {
			flush()
		}
	}
	flush()
	c := &scanCounter{Client: client}
	tbl, err := entity.NewTable[Order](c, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	return tbl, c
}

func orderIDs(from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprintf("s%03d", i))
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

func TestScanFilterProjectionAndLimitPages(t *testing.T) {
	tbl, c := scanFixture(t, 30)
	ctx := context.Background()
	var got []string
	pages, scanned, count := 0, 0, 0
	for page, err := range query.NewScan(tbl).Filter(cond.Name("total").Ge(10)).Project("total").Limit(7).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		pages++
		scanned += page.ScannedCount
		count += page.Count
		for _, o := range page.Items {
			if o.Total != float64(atoi(t, o.OrderID[1:])) || o.Status != "" || o.WarehouseID != "" {
				t.Fatalf("projected item = %+v; want the id and total only", o)
			}
			got = append(got, o.OrderID)
		}
	}
	// 30 items, 7 evaluated per request: 7+7+7+7+2.
	if pages != 5 || scanned != 30 || count != 20 || c.scans.Load() != 5 {
		t.Fatalf("%d pages, %d requests, scanned %d, count %d; want 5, 5, 30, 20", pages, c.scans.Load(), scanned, count)
	}
	if !slices.Equal(sorted(got), orderIDs(10, 30)) {
		t.Fatalf("items with total >= 10 = %v", sorted(got))
	}

	// A filter on the key is allowed in a scan.
	var keyed []string
	for o, err := range query.NewScan(tbl).Filter(cond.Name("orderId").BeginsWith("s01")).Items(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		keyed = append(keyed, o.OrderID)
	}
	if !slices.Equal(sorted(keyed), orderIDs(10, 20)) {
		t.Fatalf("orderId begins with s01: %v", sorted(keyed))
	}

	// The index holds the orders assigned to someone: the even ones.
	idx, err := query.NewScan(tbl).Index("ByAssignee").ConsumedCapacity(types.ReturnConsumedCapacityTotal).Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(idx.Items) != 15 || idx.Cursor != "" || idx.ConsumedCapacity == nil {
		t.Fatalf("index scan: %d items, cursor %q, capacity %v", len(idx.Items), idx.Cursor, idx.ConsumedCapacity)
	}
	for _, o := range idx.Items {
		if o.AssigneeID != "ana" || o.CreatedAt.IsZero() {
			t.Fatalf("index item = %+v", o)
		}
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestScanFilterThatDiscardsEverythingStillPages(t *testing.T) {
	tbl, c := scanFixture(t, 25)
	ctx := context.Background()
	page, err := query.NewScan(tbl).Filter(cond.Name("total").Gt(1000)).Limit(10).Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 0 || page.Count != 0 || page.ScannedCount != 10 || page.Cursor == "" {
		t.Fatalf("first page: %d items, count %d, scanned %d, cursor %q", len(page.Items), page.Count, page.ScannedCount, page.Cursor)
	}
	next, err := query.NewScan(tbl).Filter(cond.Name("total").Gt(1000)).Limit(10).After(page.Cursor).Page(ctx)
	if err != nil || next.ScannedCount != 10 || next.Cursor == "" {
		t.Fatalf("second page: %v, scanned %d, cursor %q", err, next.ScannedCount, next.Cursor)
	}
	before := c.scans.Load()
	pages, scanned, items := 0, 0, 0
	for p, err := range query.NewScan(tbl).Filter(cond.Name("total").Gt(1000)).Limit(10).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		pages++
		scanned += p.ScannedCount
		items += len(p.Items)
	}
	if pages != 3 || scanned != 25 || items != 0 || c.scans.Load()-before != 3 {
		t.Fatalf("walked %d empty pages (%d requests), scanned %d, %d items; want 3 pages (10+10+5), 25 scanned, none", pages, c.scans.Load()-before, scanned, items)
	}
}

func TestScanMaxResultsReturnsExactlyNAndResumes(t *testing.T) {
	tbl, c := scanFixture(t, 23)
	ctx := context.Background()
	key := []byte("secret")
	var all []string
	cursor := ""
	for i := 0; ; i++ {
		s := query.NewScan(tbl).MaxResults(5).SignCursors(key)
		if cursor != "" {
			s = s.After(cursor)
		}
		page, err := s.Page(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := min(5, 23-5*i); len(page.Items) != want {
			t.Fatalf("page %d has %d items, want %d", i, len(page.Items), want)
		}
		all = append(all, ids(page.Items)...)
		if cursor = page.Cursor; cursor == "" {
			break
		}
		if i > 5 {
			t.Fatal("too many pages")
		}
	}
	if got := sorted(all); !slices.Equal(got, orderIDs(0, 23)) {
		t.Fatalf("resumed pages read %v", got)
	}

	// With a filter and a Limit, MaxResults pages through as many
	// requests as it needs, and the cursor resumes right after the last
	// item returned: nothing lost, nothing twice.
	var matched []string
	cursor = ""
	for i := 0; i < 10; i++ {
		s := query.NewScan(tbl).Filter(cond.Name("total").Ge(10)).Limit(4).MaxResults(3)
		if cursor != "" {
			s = s.After(cursor)
		}
		before := c.scans.Load()
		page, err := s.Page(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if page.Requests != int(c.scans.Load()-before) || len(page.Items) > 3 || (page.Cursor != "" && len(page.Items) != 3) {
			t.Fatalf("page %d: %d items in %d requests (counted %d), cursor %q", i, len(page.Items), page.Requests, c.scans.Load()-before, page.Cursor)
		}
		matched = append(matched, ids(page.Items)...)
		if cursor = page.Cursor; cursor == "" {
			break
		}
	}
	if got := sorted(matched); !slices.Equal(got, orderIDs(10, 23)) || len(matched) != 13 {
		t.Fatalf("filtered pages read %v", matched)
	}

	n := 0
	for _, err := range query.NewScan(tbl).Limit(3).MaxResults(7).Items(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 7 {
		t.Fatalf("Items with MaxResults(7) yielded %d", n)
	}
}

func TestScanAndQueryCursorsDoNotMix(t *testing.T) {
	tbl, c := scanFixture(t, 40)
	ctx := context.Background()
	q := func() *query.Query[Order] {
		return query.New(tbl).Index("ByAssignee").Where(
			query.Attr("warehouseId").Eq("w-1"), query.Attr("assigneeId").Eq("ana"), query.Attr("status").Eq("open")).Limit(1)
	}
	qp, err := q().Page(ctx)
	if err != nil || qp.Cursor == "" {
		t.Fatalf("query page: %v, cursor %q", err, qp.Cursor)
	}
	sp, err := query.NewScan(tbl).Index("ByAssignee").Limit(1).Page(ctx)
	if err != nil || sp.Cursor == "" {
		t.Fatalf("index scan page: %v, cursor %q", err, sp.Cursor)
	}
	tp, err := query.NewScan(tbl).Limit(1).Page(ctx)
	if err != nil || tp.Cursor == "" {
		t.Fatalf("table scan page: %v, cursor %q", err, tp.Cursor)
	}
	seg, err := query.NewScan(tbl).Segment(0, 2).Limit(1).Page(ctx)
	if err != nil || seg.Cursor == "" {
		t.Fatalf("segment page: %v, cursor %q", err, seg.Cursor)
	}

	tests := map[string]func() error{
		"query cursor in a scan of the same index": func() error {
			_, err := query.NewScan(tbl).Index("ByAssignee").After(qp.Cursor).Page(ctx)
			return err
		},
		"index scan cursor in a query of that index": func() error {
			_, err := q().After(sp.Cursor).Page(ctx)
			return err
		},
		"index scan cursor in a table scan": func() error {
			_, err := query.NewScan(tbl).After(sp.Cursor).Page(ctx)
			return err
		},
		"table scan cursor in an index scan": func() error {
			_, err := query.NewScan(tbl).Index("ByAssignee").After(tp.Cursor).Page(ctx)
			return err
		},
		"table scan cursor in a segment": func() error {
			_, err := query.NewScan(tbl).Segment(0, 2).After(tp.Cursor).Page(ctx)
			return err
		},
		"segment cursor in another segment": func() error {
			_, err := query.NewScan(tbl).Segment(1, 2).After(seg.Cursor).Page(ctx)
			return err
		},
		"segment cursor with other total segments": func() error {
			_, err := query.NewScan(tbl).Segment(0, 3).After(seg.Cursor).Page(ctx)
			return err
		},
		"segment cursor in a whole scan": func() error {
			_, err := query.NewScan(tbl).After(seg.Cursor).Page(ctx)
			return err
		},
		"segment cursor resuming another segment of a parallel scan": func() error {
			_, err := query.NewScan(tbl).ParallelScan(ctx, &query.ScanProgress{Cursors: []string{"", seg.Cursor}, Done: []bool{false, false}},
				func(context.Context, int, *query.Page[Order]) error { return nil })
			return err
		},
	}
	for name, run := range tests {
		before := c.requests()
		if err := run(); !matches(err, wantRule(query.RuleCursorMismatch)) {
			t.Errorf("%s: error = %v, want RuleCursorMismatch", name, err)
		}
		if n := c.requests() - before; n != 0 {
			t.Errorf("%s: %d requests sent", name, n)
		}
	}

	// Each resumes where it belongs.
	if _, err := query.NewScan(tbl).Index("ByAssignee").After(sp.Cursor).Page(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := query.NewScan(tbl).After(tp.Cursor).Page(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := query.NewScan(tbl).Segment(0, 2).After(seg.Cursor).Page(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestScanRefusalsBeforeSending(t *testing.T) {
	tbl, c := scanFixture(t, 3)
	ctx := context.Background()
	s := func() *query.Scan[Order] { return query.NewScan(tbl) }
	tests := map[string]struct {
		s  *query.Scan[Order]
		is error
	}{
		"consistent read on a GSI":    {s().Index("ByAssignee").ConsistentRead(), wantRule(query.RuleConsistentGSI)},
		"unknown index":               {s().Index("Nope"), wantRule(query.RuleUnknownIndex)},
		"zero limit":                  {s().Limit(0), wantRule(query.RuleLimit)},
		"zero max results":            {s().MaxResults(0), wantRule(query.RuleLimit)},
		"unknown projected attribute": {s().Project("total", "nope"), wantRule(entity.RuleUnknownPath)},
		"garbage cursor":              {s().After("not a cursor!"), query.ErrInvalidCursor},
		"zero segments":               {s().Segment(0, 0), wantRule(query.RuleSegment)},
		"too many segments":           {s().Segment(0, query.MaxTotalSegments+1), wantRule(query.RuleSegment)},
		"segment past the last":       {s().Segment(4, 4), wantRule(query.RuleSegment)},
		"negative segment":            {s().Segment(-1, 4), wantRule(query.RuleSegment)},
		"negative total":              {s().Segment(0, -1), wantRule(query.RuleSegment)},
		"first mistake wins":          {s().Limit(0).Index("Nope"), wantRule(query.RuleLimit)},
	}
	for name, tt := range tests {
		before := c.requests()
		if _, err := tt.s.Page(ctx); !matches(err, tt.is) {
			t.Errorf("%s: Page error = %v, want %v", name, err, tt.is)
		}
		for _, err := range tt.s.Pages(ctx) {
			if !matches(err, tt.is) {
				t.Errorf("%s: Pages error = %v, want %v", name, err, tt.is)
			}
		}
		for _, err := range tt.s.Items(ctx) {
			if !matches(err, tt.is) {
				t.Errorf("%s: Items error = %v, want %v", name, err, tt.is)
			}
		}
		if _, err := tt.s.Input(); !matches(err, tt.is) {
			t.Errorf("%s: Input error = %v, want %v", name, err, tt.is)
		}
		if n := c.requests() - before; n != 0 {
			t.Errorf("%s: %d requests sent", name, n)
		}
	}
}

func TestScanInput(t *testing.T) {
	tbl, err := entity.NewTable[Order](dynamodb.New(dynamodb.Options{}), entity.TableName("orders-input"))
	if err != nil {
		t.Fatal(err)
	}
	in, err := query.NewScan(tbl).Filter(cond.Name("total").Gt(2)).Filter(cond.Name("orderId").BeginsWith("s")).
		Project("total").Limit(10).ConsistentRead().ConsumedCapacity(types.ReturnConsumedCapacityTotal).
		Segment(2, 4).Input()
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(in.TableName) != "orders-input" || in.IndexName != nil || aws.ToInt32(in.Limit) != 10 ||
		!aws.ToBool(in.ConsistentRead) || in.ReturnConsumedCapacity != types.ReturnConsumedCapacityTotal ||
		aws.ToInt32(in.Segment) != 2 || aws.ToInt32(in.TotalSegments) != 4 || in.Select != "" || in.ExclusiveStartKey != nil {
		t.Fatalf("input = %+v", in)
	}
	if got := aws.ToString(in.FilterExpression); got != "#n0 > :v0 AND begins_with(#n1, :v1)" {
		t.Fatalf("FilterExpression = %q", got)
	}
	// The key attribute and the schema version are read too.
	if got := aws.ToString(in.ProjectionExpression); got != "#n0, #n1, #n2" {
		t.Fatalf("ProjectionExpression = %q", got)
	}
	if want := map[string]string{"#n0": "total", "#n1": "orderId", "#n2": entity.VersionAttribute}; !mapsEqual(in.ExpressionAttributeNames, want) {
		t.Fatalf("names = %v", in.ExpressionAttributeNames)
	}

	whole, err := query.NewScan(tbl).Index("ByAssignee").CountOnly().Input()
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(whole.IndexName) != "ByAssignee" || whole.Select != types.SelectCount || whole.ProjectionExpression != nil ||
		whole.FilterExpression != nil || whole.Segment != nil || whole.TotalSegments != nil || whole.Limit != nil || whole.ConsistentRead != nil {
		t.Fatalf("count input = %+v", whole)
	}

	// Clone branches a Scan.
	base := query.NewScan(tbl).Limit(5)
	branch := base.Clone().Project("total").Limit(6)
	a, _ := base.Input()
	b, _ := branch.Input()
	if aws.ToInt32(a.Limit) != 5 || a.ProjectionExpression != nil || aws.ToInt32(b.Limit) != 6 || b.ProjectionExpression == nil {
		t.Fatalf("clone shares state: %+v / %+v", a, b)
	}
}

func mapsEqual[K comparable, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// Two entity types sharing one table, with a KEYS_ONLY index.
type scanThing struct {
	entity.Model `ddb:"table=things,type=Thing,project=ByKind:KEYS_ONLY"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Kind         string `dynamodbav:"kind" ddb:"gsi=ByKind:pk1"`
	Name         string `dynamodbav:"name" validate:"required"`
}

type scanGadget struct {
	entity.Model `ddb:"table=things,type=Gadget"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Weight       int    `dynamodbav:"weight" validate:"required"`
}

var (
	thingMeta  = entity.MustRegister[scanThing]()
	gadgetMeta = entity.MustRegister[scanGadget]()
)

func TestScanSkipsOtherEntityTypesAndReadsKeysOnlyIndexes(t *testing.T) {
	ctx := context.Background()
	client := dynamotest.Client(t)
	name := dynamotest.TableName(t, "things")
	dynamotest.DeleteTableOnCleanup(t, client, name)
	if _, err := schema.CreateTable(ctx, client, name, thingMeta, gadgetMeta); err != nil {
		t.Fatal(err)
	}
	things, err := entity.NewTable[scanThing](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	gadgets, err := entity.NewTable[scanGadget](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		if err := things.Put(&scanThing{ID: fmt.Sprintf("t%d", i), Kind: "k", Name: "n"}).Run(ctx); err != nil {
			t.Fatal(err)
		}
		if err := gadgets.Put(&scanGadget{ID: fmt.Sprintf("g%d", i), Weight: i + 1}).Run(ctx); err != nil {
			t.Fatal(err)
		}
	}
	page, err := query.NewScan(things).Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if page.Count != 4 || page.ScannedCount != 8 {
		t.Fatalf("things: count %d of %d scanned", page.Count, page.ScannedCount)
	}
	in, _ := query.NewScan(things).Input()
	if aws.ToString(in.FilterExpression) != "#n0 = :v0" || in.ExpressionAttributeNames["#n0"] != entity.TypeAttribute {
		t.Fatalf("the entity type filter is not in the input: %+v", in)
	}
	g, err := query.NewScan(gadgets).CountOnly().Page(ctx)
	if err != nil || g.Count != 4 {
		t.Fatalf("gadgets counted: %v, %d", err, g.Count)
	}

	// A KEYS_ONLY index holds no metadata and no name: no type filter,
	// and the required name, not read, is not judged.
	in, _ = query.NewScan(things).Index("ByKind").Input()
	if in.FilterExpression != nil {
		t.Fatalf("type filter on a KEYS_ONLY index: %q", aws.ToString(in.FilterExpression))
	}
	keysOnly, err := query.NewScan(things).Index("ByKind").Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(keysOnly.Items) != 4 {
		t.Fatalf("KEYS_ONLY index scan: %d items", len(keysOnly.Items))
	}
	for _, it := range keysOnly.Items {
		if it.ID == "" || it.Kind != "k" || it.Name != "" {
			t.Fatalf("KEYS_ONLY item = %+v", it)
		}
	}
}

// collectParallel runs fn over a parallel scan and returns the ids seen,
// per segment.
func collectParallel(t *testing.T, s *query.Scan[Order], total int) (map[int][]string, map[int]int, *query.ScanProgress) {
	t.Helper()
	var mu sync.Mutex
	seen := map[int][]string{}
	pages := map[int]int{}
	progress, err := s.ParallelScan(context.Background(), query.NewScanProgress(total), func(_ context.Context, segment int, page *query.Page[Order]) error {
		mu.Lock()
		defer mu.Unlock()
		seen[segment] = append(seen[segment], ids(page.Items)...)
		pages[segment]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return seen, pages, progress
}

func TestParallelScanVisitsEveryItemOnce(t *testing.T) {
	tbl, c := scanFixture(t, 200)
	for _, total := range []int{4, 7} {
		t.Run(fmt.Sprint(total, " segments"), func(t *testing.T) {
			before := c.scans.Load()
			seen, pages, progress := collectParallel(t, query.NewScan(tbl).Limit(9), total)
			var all []string
			paged := 0
			for seg, got := range seen {
				if seg < 0 || seg >= total {
					t.Fatalf("segment %d reported", seg)
				}
				all = append(all, got...)
				if pages[seg] > 1 {
					paged++
				}
			}
			if got := sorted(all); len(all) != 200 || !slices.Equal(got, orderIDs(0, 200)) {
				t.Fatalf("visited %d items, %d distinct; want each of 200 once", len(all), len(slices.Compact(got)))
			}
			if paged < 2 {
				t.Fatalf("only %d segments took more than one page: %v", paged, pages)
			}
			sent := 0
			for _, n := range pages {
				sent += n
			}
			if int(c.scans.Load()-before) != sent {
				t.Fatalf("%d requests for %d pages", c.scans.Load()-before, sent)
			}
			if slices.Contains(progress.Done, false) || len(progress.Cursors) != total {
				t.Fatalf("progress = %+v", progress)
			}
			// Resuming a finished scan sends nothing.
			before = c.scans.Load()
			again, err := query.NewScan(tbl).Limit(9).ParallelScan(context.Background(), progress, func(context.Context, int, *query.Page[Order]) error {
				t.Error("fn called for a finished scan")
				return nil
			})
			if err != nil || slices.Contains(again.Done, false) || c.scans.Load() != before {
				t.Fatalf("resuming a finished scan: %v, %d requests", err, c.scans.Load()-before)
			}
		})
	}
}

func TestParallelScanStopsOnFirstErrorAndResumes(t *testing.T) {
	tbl, c := scanFixture(t, 200)
	errBoom := errors.New("boom")
	var mu sync.Mutex
	accepted := map[string]int{}
	pages := map[int]int{}
	waited := make(chan error, 1)
	// The first segment to reach its second page holds it until ctx is
	// cancelled; another one fails on its third page.
	var holder, failer atomic.Int32
	holder.Store(-1)
	failer.Store(-1)
	s := query.NewScan(tbl).Limit(5)
	progress, err := s.ParallelScan(context.Background(), query.NewScanProgress(4), func(ctx context.Context, segment int, page *query.Page[Order]) error {
		mu.Lock()
		pages[segment]++
		n := pages[segment]
		mu.Unlock()
		switch {
		case n == 2 && holder.CompareAndSwap(-1, int32(segment)):
			select {
			case <-ctx.Done():
				waited <- nil
				return ctx.Err()
			case <-time.After(10 * time.Second):
				waited <- errors.New("ctx was not cancelled after another segment failed")
				return errors.New("timeout")
			}
		case n == 3 && int32(segment) != holder.Load() && failer.CompareAndSwap(-1, int32(segment)):
			return errBoom
		}
		mu.Lock()
		for _, id := range ids(page.Items) {
			accepted[id]++
		}
		mu.Unlock()
		return nil
	})
	if err != errBoom {
		t.Fatalf("ParallelScan error = %v, want fn's error", err)
	}
	if err := <-waited; err != nil {
		t.Fatal(err)
	}
	// 200 items at 5 a request take over 40 requests; the workers stop
	// soon after the third page of segment 2.
	if n := c.scans.Load(); n >= 40 {
		t.Fatalf("%d requests sent: workers did not stop", n)
	}
	if progress == nil || !slices.Contains(progress.Done, false) || progress.Done[holder.Load()] || progress.Done[failer.Load()] {
		t.Fatalf("progress = %+v", progress)
	}

	// Resuming from the progress delivers the refused pages again and
	// the rest once: with what was accepted, every item exactly once.
	progress2, err := s.ParallelScan(context.Background(), progress, func(_ context.Context, _ int, page *query.Page[Order]) error {
		mu.Lock()
		defer mu.Unlock()
		for _, id := range ids(page.Items) {
			accepted[id]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(progress2.Done, false) || !slices.Contains(progress.Done, false) {
		t.Fatalf("progress after resuming = %+v (and the first one was changed: %v)", progress2, !slices.Contains(progress.Done, false))
	}
	if len(accepted) != 200 {
		t.Fatalf("%d distinct items accepted, want 200", len(accepted))
	}
	for id, n := range accepted {
		if n != 1 {
			t.Fatalf("%s accepted %d times", id, n)
		}
	}
}

func TestParallelScanRecordKeepsResumableProgress(t *testing.T) {
	tbl, _ := scanFixture(t, 60)
	errStop := errors.New("stop")
	saved := query.NewScanProgress(3)
	var mu sync.Mutex
	got := map[string]int{}
	var calls atomic.Int32
	_, err := query.NewScan(tbl).Limit(4).ParallelScan(context.Background(), query.NewScanProgress(3), func(_ context.Context, segment int, page *query.Page[Order]) error {
		if calls.Add(1) > 5 {
			return errStop
		}
		mu.Lock()
		for _, id := range ids(page.Items) {
			got[id]++
		}
		mu.Unlock()
		saved.Record(segment, page.Cursor)
		return nil
	})
	if !errors.Is(err, errStop) {
		t.Fatalf("error = %v", err)
	}
	_, err = query.NewScan(tbl).Limit(4).ParallelScan(context.Background(), saved, func(_ context.Context, _ int, page *query.Page[Order]) error {
		mu.Lock()
		defer mu.Unlock()
		for _, id := range ids(page.Items) {
			got[id]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 60 {
		t.Fatalf("%d distinct items", len(got))
	}
	for id, n := range got {
		if n != 1 {
			t.Fatalf("%s seen %d times", id, n)
		}
	}
}

func TestSegmentPagesResumeOnlyThatSegment(t *testing.T) {
	tbl, c := scanFixture(t, 60)
	ctx := context.Background()
	segIDs := make([][]string, 4)
	var all []string
	for seg := range 4 {
		for o, err := range query.NewScan(tbl).Segment(seg, 4).Items(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			segIDs[seg] = append(segIDs[seg], o.OrderID)
		}
		all = append(all, segIDs[seg]...)
	}
	if got := sorted(all); !slices.Equal(got, orderIDs(0, 60)) {
		t.Fatalf("segments do not split the table: %d items", len(all))
	}
	seg := slices.IndexFunc(segIDs, func(s []string) bool { return len(s) > 4 })
	if seg < 0 {
		t.Fatalf("no segment with more than 4 items: %v", segIDs)
	}
	first, err := query.NewScan(tbl).Segment(seg, 4).Limit(3).Page(ctx)
	if err != nil || first.Cursor == "" {
		t.Fatalf("first page of segment %d: %v, cursor %q", seg, err, first.Cursor)
	}
	resumed := ids(first.Items)
	for page, err := range query.NewScan(tbl).Segment(seg, 4).Limit(3).After(first.Cursor).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		resumed = append(resumed, ids(page.Items)...)
	}
	if !slices.Equal(resumed, segIDs[seg]) {
		t.Fatalf("segment %d resumed: %v\nwant %v", seg, resumed, segIDs[seg])
	}

	// The cursor fits that segment only.
	before := c.scans.Load()
	other := (seg + 1) % 4
	if _, err := query.NewScan(tbl).Segment(other, 4).After(first.Cursor).Page(ctx); !matches(err, wantRule(query.RuleCursorMismatch)) {
		t.Fatalf("cursor of segment %d in segment %d: %v", seg, other, err)
	}
	progress := query.NewScanProgress(4)
	progress.Cursors[other] = first.Cursor
	if _, err := query.NewScan(tbl).ParallelScan(ctx, progress, func(context.Context, int, *query.Page[Order]) error { return nil }); !matches(err, wantRule(query.RuleCursorMismatch)) {
		t.Fatalf("ParallelScan from a cursor in the wrong segment: %v", err)
	}
	if n := c.scans.Load() - before; n != 0 {
		t.Fatalf("%d requests sent for refused cursors", n)
	}

	// In a parallel scan, that segment resumes from the cursor and the
	// others start over.
	progress = query.NewScanProgress(4)
	progress.Cursors[seg] = first.Cursor
	var mu sync.Mutex
	got := map[int][]string{}
	_, err = query.NewScan(tbl).Limit(3).ParallelScan(ctx, progress, func(_ context.Context, segment int, page *query.Page[Order]) error {
		mu.Lock()
		defer mu.Unlock()
		got[segment] = append(got[segment], ids(page.Items)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for s := range 4 {
		want := segIDs[s]
		if s == seg {
			want = want[len(first.Items):]
		}
		if !slices.Equal(got[s], want) {
			t.Fatalf("segment %d: %v\nwant %v", s, got[s], want)
		}
	}
}

func TestParallelScanRefusalsBeforeSending(t *testing.T) {
	tbl, c := scanFixture(t, 3)
	ctx := context.Background()
	fn := func(context.Context, int, *query.Page[Order]) error { return nil }
	tests := map[string]struct {
		run func() (*query.ScanProgress, error)
		is  error
	}{
		"zero segments": {func() (*query.ScanProgress, error) {
			return query.NewScan(tbl).ParallelScan(ctx, query.NewScanProgress(0), fn)
		}, wantRule(query.RuleSegment)},
		"negative segments": {func() (*query.ScanProgress, error) {
			return query.NewScan(tbl).ParallelScan(ctx, query.NewScanProgress(-3), fn)
		}, wantRule(query.RuleSegment)},
		"too many segments": {func() (*query.ScanProgress, error) {
			return query.NewScan(tbl).ParallelScan(ctx, query.NewScanProgress(query.MaxTotalSegments+1), fn)
		}, wantRule(query.RuleSegment)},
		"segments chosen already": {func() (*query.ScanProgress, error) {
			return query.NewScan(tbl).Segment(0, 2).ParallelScan(ctx, query.NewScanProgress(2), fn)
		}, wantRule(query.RuleParallelScan)},
		"one cursor": {func() (*query.ScanProgress, error) {
			return query.NewScan(tbl).After("x").ParallelScan(ctx, query.NewScanProgress(2), fn)
		}, wantRule(query.RuleParallelScan)},
		"max results": {func() (*query.ScanProgress, error) {
			return query.NewScan(tbl).MaxResults(3).ParallelScan(ctx, query.NewScanProgress(2), fn)
		}, wantRule(query.RuleParallelScan)},
		"no function": {func() (*query.ScanProgress, error) {
			return query.NewScan(tbl).ParallelScan(ctx, query.NewScanProgress(2), nil)
		}, wantRule(query.RuleParallelScan)},
		"builder mistake": {func() (*query.ScanProgress, error) {
			return query.NewScan(tbl).Index("ByAssignee").ConsistentRead().ParallelScan(ctx, query.NewScanProgress(2), fn)
		}, wantRule(query.RuleConsistentGSI)},
		"nil progress": {func() (*query.ScanProgress, error) { return query.NewScan(tbl).ParallelScan(ctx, nil, fn) }, wantRule(query.RuleSegment)},
		"empty progress": {func() (*query.ScanProgress, error) {
			return query.NewScan(tbl).ParallelScan(ctx, query.NewScanProgress(0), fn)
		}, wantRule(query.RuleSegment)},
		"progress of mismatched parts": {func() (*query.ScanProgress, error) {
			return query.NewScan(tbl).ParallelScan(ctx, &query.ScanProgress{Cursors: make([]string, 3), Done: make([]bool, 2)}, fn)
		}, wantRule(query.RuleSegment)},
		"garbage cursor in progress": {func() (*query.ScanProgress, error) {
			return query.NewScan(tbl).ParallelScan(ctx, &query.ScanProgress{Cursors: []string{"", "garbage!"}, Done: make([]bool, 2)}, fn)
		}, query.ErrInvalidCursor},
	}
	for name, tt := range tests {
		before := c.requests()
		p, err := tt.run()
		if !matches(err, tt.is) || p != nil {
			t.Errorf("%s: error = %v (progress %v), want %v", name, err, p, tt.is)
		}
		if n := c.requests() - before; n != 0 {
			t.Errorf("%s: %d requests sent", name, n)
		}
	}
}
