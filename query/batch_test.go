package query_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/schema"
)

// batchFake sends BatchGetItem to the real client, except that it holds back
// the keys hold says to: those come back in UnprocessedKeys, as DynamoDB
// does when it is throttled. It records the ids of every request.
type batchFake struct {
	*dynamodb.Client
	hold func(id string, timesSeen int) bool

	mu       sync.Mutex
	seen     map[string]int
	requests [][]string
}

func keyString(k map[string]types.AttributeValue) string {
	return k["orderId"].(*types.AttributeValueMemberS).Value
}

func (f *batchFake) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, o ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	f.mu.Lock()
	if f.seen == nil {
		f.seen = map[string]int{}
	}
	out := &dynamodb.BatchGetItemOutput{Responses: map[string][]map[string]types.AttributeValue{}, UnprocessedKeys: map[string]types.KeysAndAttributes{}}
	send := map[string]types.KeysAndAttributes{}
	var ids []string
	for table, ka := range in.RequestItems {
		var pass, held []map[string]types.AttributeValue
		for _, k := range ka.Keys {
			id := keyString(k)
			ids = append(ids, id)
			f.seen[id]++
			if f.hold != nil && f.hold(id, f.seen[id]) {
				held = append(held, k)
			} else {
				pass = append(pass, k)
			}
		}
		if len(pass) > 0 {
			ka2 := ka
			ka2.Keys = pass
			send[table] = ka2
		}
		if len(held) > 0 {
			ka2 := ka
			ka2.Keys = held
			out.UnprocessedKeys[table] = ka2
		}
	}
	f.requests = append(f.requests, ids)
	f.mu.Unlock()
	if len(send) == 0 {
		return out, nil
	}
	real, err := f.Client.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: send, ReturnConsumedCapacity: in.ReturnConsumedCapacity}, o...)
	if err != nil {
		return nil, err
	}
	out.Responses = real.Responses
	out.ConsumedCapacity = real.ConsumedCapacity
	for table, ka := range real.UnprocessedKeys {
		u := out.UnprocessedKeys[table]
		u.Keys = append(u.Keys, ka.Keys...)
		out.UnprocessedKeys[table] = u
	}
	return out, nil
}

func (f *batchFake) sent() [][]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.requests)
}

func keysOf(ids ...string) []entity.Key {
	out := make([]entity.Key, len(ids))
	for i, id := range ids {
		out[i] = entity.NewKey(id)
	}
	return out
}

func idsOfKeys(ks []entity.Key) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = fmt.Sprint(k) // checked below against the keys given
	}
	return out
}

func missingIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("m%03d", i)
	}
	return out
}

func TestBatchGetFindsItemsReportsMissingAndChunks(t *testing.T) {
	tbl, c := scanFixture(t, 200)
	ctx := context.Background()
	// 200 that exist and 50 that do not, interleaved, then duplicates
	// of both.
	var given []string
	missing := missingIDs(50)
	for i := range 200 {
		given = append(given, fmt.Sprintf("s%03d", i))
		if i%4 == 3 {
			given = append(given, missing[i/4])
		}
	}
	given = append(given, "s007", "m003", "s199", "s007")
	fake := &batchFake{Client: c.Client}
	res, err := query.NewBatchGet(via(t, tbl, fake), keysOf(given...)...).ConsumedCapacity(types.ReturnConsumedCapacityTotal).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var sizes []int
	for _, r := range fake.sent() {
		sizes = append(sizes, len(r))
		if len(slices.Compact(sorted(r))) != len(r) {
			t.Fatalf("a request names a key twice: %v", r)
		}
	}
	if !slices.Equal(sizes, []int{100, 100, 50}) || res.Requests != 3 {
		t.Fatalf("requests of %v keys (Requests = %d); want 100, 100, 50", sizes, res.Requests)
	}
	// Items come once each, in the order their keys were first given.
	if got := ids(res.Items); !slices.Equal(got, orderIDs(0, 200)) {
		t.Fatalf("items = %v", got)
	}
	for _, o := range res.Items {
		if want := scanOrder(atoi(t, o.OrderID[1:])); o.Total != want.Total || o.Status != want.Status || !o.CreatedAt.Equal(want.CreatedAt) {
			t.Fatalf("item %+v, want %+v", o, want)
		}
	}
	if got := idsOfKeys(res.Missing); !slices.Equal(got, idsOfKeys(keysOf(missing...))) {
		t.Fatalf("missing = %v", got)
	}
	if len(res.Unprocessed) != 0 {
		t.Fatalf("unprocessed = %v", res.Unprocessed)
	}
	if res.ConsumedCapacity == nil || aws.ToFloat64(res.ConsumedCapacity.CapacityUnits) <= 0 {
		t.Fatalf("capacity = %+v", res.ConsumedCapacity)
	}

	// Through the table's own client, with a projection.
	res, err = query.NewBatchGet(tbl, keysOf("s001", "s002", "m000")...).Project("total").ConsistentRead().Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 2 || res.Items[1].OrderID != "s002" || res.Items[1].Total != 2 || res.Items[1].Status != "" || len(res.Missing) != 1 || c.batchGets.Load() != 1 {
		t.Fatalf("projected batch = %+v (%d requests)", res, c.batchGets.Load())
	}
}

func TestBatchGetRetriesUnprocessedKeys(t *testing.T) {
	tbl, c := scanFixture(t, 120)
	ctx := context.Background()
	// Keys ending in 7 are throttled twice before they are read.
	fake := &batchFake{Client: c.Client, hold: func(id string, seen int) bool { return id[len(id)-1] == '7' && seen <= 2 }}
	res, err := query.NewBatchGet(via(t, tbl, fake), keysOf(orderIDs(0, 120)...)...).Backoff(time.Millisecond, 4*time.Millisecond).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res.Items); !slices.Equal(got, orderIDs(0, 120)) || len(res.Missing) != 0 || len(res.Unprocessed) != 0 {
		t.Fatalf("items %v, missing %v, unprocessed %v", got, res.Missing, res.Unprocessed)
	}
	// Two chunks, each sent once whole and twice more for its throttled
	// keys only.
	sent := fake.sent()
	if len(sent) != 6 || res.Requests != 6 {
		t.Fatalf("%d requests (Requests = %d): %v", len(sent), res.Requests, sent)
	}
	wantRetry := func(from, to int) []string {
		var out []string
		for _, id := range orderIDs(from, to) {
			if id[len(id)-1] == '7' {
				out = append(out, id)
			}
		}
		return out
	}
	for i, want := range [][]string{orderIDs(0, 100), wantRetry(0, 100), wantRetry(0, 100), orderIDs(100, 120), wantRetry(100, 120), wantRetry(100, 120)} {
		if !slices.Equal(sorted(sent[i]), want) {
			t.Fatalf("request %d: %v\nwant %v", i, sent[i], want)
		}
	}
}

func TestBatchGetReturnsKeysStillUnprocessed(t *testing.T) {
	tbl, c := scanFixture(t, 30)
	ctx := context.Background()
	never := func(id string) bool { return id == "s005" || id == "s017" || id == "m001" }
	fake := &batchFake{Client: c.Client, hold: func(id string, _ int) bool { return never(id) }}
	given := append(orderIDs(0, 30), "m000", "m001")
	start := time.Now()
	res, err := query.NewBatchGet(via(t, tbl, fake), keysOf(given...)...).
		MaxAttempts(4).Backoff(time.Millisecond, 2*time.Millisecond).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if time.Since(start) > 2*time.Second {
		t.Fatalf("took %v", time.Since(start))
	}
	if got := idsOfKeys(res.Unprocessed); !slices.Equal(got, idsOfKeys(keysOf("s005", "s017", "m001"))) {
		t.Fatalf("unprocessed = %v", got)
	}
	if got := idsOfKeys(res.Missing); !slices.Equal(got, idsOfKeys(keysOf("m000"))) {
		t.Fatalf("missing = %v", got)
	}
	if len(res.Items) != 28 || slices.Contains(ids(res.Items), "s005") {
		t.Fatalf("items = %v", ids(res.Items))
	}
	if res.Requests != 4 || len(fake.sent()) != 4 {
		t.Fatalf("%d requests, want 4 attempts", res.Requests)
	}
	for _, r := range fake.sent()[1:] {
		if !slices.Equal(sorted(r), []string{"m001", "s005", "s017"}) {
			t.Fatalf("retry sent %v", r)
		}
	}

	// A BatchGet of the keys returned finishes the job once the
	// throttling is over.
	fake.hold = nil
	again, err := query.NewBatchGet(via(t, tbl, fake), res.Unprocessed...).Run(ctx)
	if err != nil || !slices.Equal(ids(again.Items), []string{"s005", "s017"}) || len(again.Missing) != 1 {
		t.Fatalf("second BatchGet: %v, %+v", err, again)
	}

	// The waits end with ctx; nothing read is lost and nothing unread is
	// dropped.
	fake.hold = func(id string, _ int) bool { return never(id) }
	ctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	start = time.Now()
	res, err = query.NewBatchGet(via(t, tbl, fake), keysOf(given...)...).Backoff(time.Hour, time.Hour).Run(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Fatalf("error = %v after %v", err, time.Since(start))
	}
	if res == nil || len(res.Items) != 28 || len(res.Missing) != 1 || len(res.Unprocessed) != 3 {
		t.Fatalf("result with the error = %+v", res)
	}
}

func TestBatchGetErrorKeepsEveryKey(t *testing.T) {
	tbl, c := scanFixture(t, 150)
	failing := &failAfter{Client: c.Client, ok: 1}
	res, err := query.NewBatchGet(via(t, tbl, failing), keysOf(orderIDs(0, 150)...)...).Run(context.Background())
	if !errors.Is(err, errInjected) {
		t.Fatalf("error = %v", err)
	}
	if len(res.Items) != 100 || len(res.Missing) != 0 || !slices.Equal(idsOfKeys(res.Unprocessed), idsOfKeys(keysOf(orderIDs(100, 150)...))) || res.Requests != 2 {
		t.Fatalf("result with the error: %d items, %d missing, %d unprocessed, %d requests", len(res.Items), len(res.Missing), len(res.Unprocessed), res.Requests)
	}
}

var errInjected = errors.New("injected failure")

// failAfter lets ok requests through, then fails.
type failAfter struct {
	entity.Client
	ok int
}

func (f *failAfter) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, o ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	if f.ok == 0 {
		return nil, errInjected
	}
	f.ok--
	return f.Client.BatchGetItem(ctx, in, o...)
}

func TestBatchGetRefusesBeforeSending(t *testing.T) {
	tbl, c := scanFixture(t, 3)
	ctx := context.Background()
	good := keysOf("s000", "s001")
	for name, ks := range map[string][]entity.Key{
		"empty partition value": append(slices.Clone(good), entity.NewKey("")),
		"wrong type":            append(slices.Clone(good), entity.NewKey(7)),
		"a sort value too many": append(slices.Clone(good), entity.NewKey("s002", "x")),
		"nil value":             append(slices.Clone(good), entity.NewKey(nil)),
	} {
		res, err := query.NewBatchGet(tbl, ks...).Run(ctx)
		var ie *errs.InputError
		if !errors.As(err, &ie) || ie.Op != "query.BatchGet" || ie.Table != tbl.Name() || !strings.Contains(ie.Detail, "key 2 of 3") ||
			ie.Rule != entity.RuleInvalidKey || !errors.Is(err, errs.ErrInvalidInput) || res != nil {
			t.Errorf("%s: error = %v, result %v", name, err, res)
		}
	}
	for name, tt := range map[string]struct {
		get  *query.BatchGet[Order]
		rule entity.Rule
	}{
		"zero attempts":          {query.NewBatchGet(tbl, good...).MaxAttempts(0), query.RuleBatchOption},
		"zero base delay":        {query.NewBatchGet(tbl, good...).Backoff(0, time.Second), query.RuleBatchOption},
		"max delay below base":   {query.NewBatchGet(tbl, good...).Backoff(time.Second, time.Millisecond), query.RuleBatchOption},
		"unknown projected attr": {query.NewBatchGet(tbl, good...).Project("total", "nope"), entity.RuleUnknownPath},
		// The first mistake is the one returned.
		"first of two mistakes":     {query.NewBatchGet(tbl, good...).Backoff(0, 0).ConsistentRead().MaxAttempts(0), query.RuleBatchOption},
		"projection, then attempts": {query.NewBatchGet(tbl, good...).Project("nope").MaxAttempts(0), entity.RuleUnknownPath},
	} {
		res, err := tt.get.Run(ctx)
		if !matches(err, wantRule(tt.rule)) || res != nil {
			t.Errorf("%s: error = %v, result %v; want rule %s", name, err, res, tt.rule)
		}
	}
	var first *errs.InputError
	if _, err := query.NewBatchGet(tbl, good...).Backoff(0, 0).MaxAttempts(0).Run(ctx); !errors.As(err, &first) || first.Op != "query.BatchGet.Backoff" {
		t.Errorf("two mistakes: %v; want Backoff's", err)
	}
	res, err := query.NewBatchGet(tbl).Run(ctx)
	if err != nil || len(res.Items)+len(res.Missing)+len(res.Unprocessed)+res.Requests != 0 {
		t.Errorf("no keys: %v, %+v", err, res)
	}
	if n := c.batchGets.Load(); n != 0 {
		t.Fatalf("%d requests sent", n)
	}
}

// TestBatchGetBuilderIsReusable: NewBatchGet copies the keys given, and
// Run only reads the builder, so a built BatchGet runs again with the same
// result and a caller changing its slice afterwards changes nothing.
func TestBatchGetBuilderIsReusable(t *testing.T) {
	tbl, c := scanFixture(t, 3)
	ctx := context.Background()
	ks := keysOf("s000", "s002", "m000")
	get := query.NewBatchGet(tbl, ks...).Project("total")
	ks[0] = entity.NewKey("s001")
	for i := range 2 {
		res, err := get.Run(ctx)
		if err != nil || !slices.Equal(ids(res.Items), []string{"s000", "s002"}) || res.Items[1].Total != 2 || res.Items[1].Status != "" ||
			len(res.Missing) != 1 || res.Requests != 1 {
			t.Fatalf("run %d: %v, %+v", i, err, res)
		}
	}
	if n := c.batchGets.Load(); n != 2 {
		t.Fatalf("%d requests for two runs", n)
	}
}

// A table keyed by a number: DynamoDB compares numbers by value, so 7, 07
// and 7.0 are one key, and the item comes back as 7.
type batchCounter struct {
	entity.Model `ddb:"table=counters"`
	N            float64 `dynamodbav:"n" ddb:"pk"`
	Hits         int     `dynamodbav:"hits"`
}

func TestBatchGetMatchesNumbersByValue(t *testing.T) {
	ctx := context.Background()
	client := dynamotest.Client(t)
	meta := entity.MustRegister[batchCounter]()
	name := dynamotest.TableName(t, "counters")
	dynamotest.DeleteTableOnCleanup(t, client, name)
	if _, err := schema.CreateTable(ctx, client, name, meta); err != nil {
		t.Fatal(err)
	}
	tbl, err := entity.NewTable[batchCounter](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []float64{7, 0.5, -120} {
		if err := tbl.Put(&batchCounter{N: n, Hits: 1}).Run(ctx); err != nil {
			t.Fatal(err)
		}
	}
	num := func(s string) entity.Key { return entity.NewKey(&types.AttributeValueMemberN{Value: s}) }
	res, err := query.NewBatchGet(tbl,
		num("07"), num("7.0"), entity.NewKey(7.0), num("70e-1"),
		num("0.50"), num("5E-1"), num("-1.2e2"), num("-120"), num("8"),
	).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []float64
	for _, it := range res.Items {
		got = append(got, it.N)
	}
	if !slices.Equal(got, []float64{7, 0.5, -120}) || len(res.Missing) != 1 || len(res.Unprocessed) != 0 || res.Requests != 1 {
		t.Fatalf("items %v, missing %v, unprocessed %v, %d requests", got, res.Missing, res.Unprocessed, res.Requests)
	}
}

// via is tbl with its requests sent through client.
func via[T any](t *testing.T, tbl *entity.Table[T], client entity.Client) *entity.Table[T] {
	t.Helper()
	v, err := entity.NewTable[T](client, entity.TableName(tbl.Name()))
	if err != nil {
		t.Fatal(err)
	}
	return v
}
