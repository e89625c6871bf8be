package update

// The batch writer's tests run against DynamoDB Local (the TestMain of
// package update_test starts it for the whole test binary). Faults DynamoDB
// Local never produces (unprocessed items, throttling, 5xx, dropped
// connections) are injected by wrapping the real client.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/backoff"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/schema"
)

type bwOrder struct {
	entity.Model `ddb:"table=orders"`
	OrderID      string   `dynamodbav:"orderId" ddb:"pk" validate:"required"`
	Customer     string   `dynamodbav:"customer" validate:"required"`
	Total        float64  `dynamodbav:"total" validate:"gte=0"`
	Lines        []string `dynamodbav:"lines"`
}

// bwLine lives in a second table with a composite key; its orderId values
// are the same as the orders', which is no conflict.
type bwLine struct {
	entity.Model `ddb:"table=lines"`
	OrderID      string `dynamodbav:"orderId" ddb:"pk"`
	No           int    `dynamodbav:"no" ddb:"sk"`
	SKU          string `dynamodbav:"sku" validate:"required"`
}

type bwLocked struct {
	entity.Model `ddb:"table=locked"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Version      int    `dynamodbav:"ver" ddb:"lock"`
}

type bwMember struct {
	entity.Model `ddb:"table=members"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Email        string `dynamodbav:"email" ddb:"unique"`
}

type bwBlob struct {
	entity.Model `ddb:"table=blobs"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Data         string `dynamodbav:"data"`
}

var (
	bwOrderMeta = entity.MustRegister[bwOrder]()
	bwLineMeta  = entity.MustRegister[bwLine]()
)

func bwOrderN(i int) *bwOrder {
	return &bwOrder{OrderID: fmt.Sprintf("o%04d", i), Customer: fmt.Sprintf("c%d", i%7), Total: float64(i) / 4, Lines: []string{"a", fmt.Sprint(i)}}
}

func bwOrders(n int) []*bwOrder {
	out := make([]*bwOrder, n)
	for i := range out {
		out[i] = bwOrderN(i)
	}
	return out
}

// bwTable creates a fresh table for T in DynamoDB Local and returns a
// handle on it.
func bwTable[T any](t *testing.T, meta *entity.Meta) *entity.Table[T] {
	t.Helper()
	client := dynamotest.Client(t)
	name := dynamotest.TableName(t, meta.Table())
	dynamotest.DeleteTableOnCleanup(t, client, name)
	if _, err := schema.CreateTable(context.Background(), client, name, meta); err != nil {
		t.Fatal(err)
	}
	tbl, err := entity.NewTable[T](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	return tbl
}

// bwScan reads a whole table with plain Scan requests.
func bwScan(t *testing.T, table string) []map[string]types.AttributeValue {
	t.Helper()
	client := dynamotest.Client(t)
	var items []map[string]types.AttributeValue
	in := &dynamodb.ScanInput{TableName: aws.String(table), ConsistentRead: aws.Bool(true)}
	for {
		out, err := client.Scan(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, out.Items...)
		if len(out.LastEvaluatedKey) == 0 {
			return items
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

// bwStoredOrders scans the orders table and checks that each stored item
// decodes and appears once; it returns them by id.
func bwStoredOrders(t *testing.T, tbl *entity.Table[bwOrder]) map[string]bwOrder {
	t.Helper()
	out := map[string]bwOrder{}
	for _, raw := range bwScan(t, tbl.Name()) {
		var o bwOrder
		if err := model.Of(tbl.Meta()).DecodeItem(tbl.Name(), raw, &o, nil); err != nil {
			t.Fatal(err)
		}
		if _, dup := out[o.OrderID]; dup {
			t.Fatalf("%s stored twice", o.OrderID)
		}
		out[o.OrderID] = o
	}
	return out
}

// bwCheckAllStored checks that the table holds exactly the given orders.
func bwCheckAllStored(t *testing.T, tbl *entity.Table[bwOrder], want []*bwOrder) {
	t.Helper()
	got := bwStoredOrders(t, tbl)
	if len(got) != len(want) {
		t.Fatalf("%d items stored, want %d", len(got), len(want))
	}
	for _, o := range want {
		if g, ok := got[o.OrderID]; !ok || !reflect.DeepEqual(g, *o) {
			t.Fatalf("stored %s = %+v (found %v), want %+v", o.OrderID, g, ok, *o)
		}
	}
}

// faulty wraps a client's BatchWriteItem and injects faults. Operations it lets
// through are counted by item (table and primary key) in forwarded.
type faulty struct {
	entity.Client // the operations it does not wrap, unused
	next          entity.Client

	mu        sync.Mutex
	rng       *rand.Rand
	calls     int
	forwarded map[string]int

	// before, when it returns an error, fails the request without sending
	// anything.
	before func(call int, rng *rand.Rand) error
	// hold, when it returns true for a request, keeps the operation back
	// and returns it in UnprocessedItems.
	hold func(call int, rng *rand.Rand, table string, req types.WriteRequest) bool
	// after, when it returns an error, fails the request after sending it
	// (the response is lost).
	after func(call int, rng *rand.Rand) error
}

func newFaulty(next entity.Client, seed uint64) *faulty {
	return &faulty{next: next, rng: rand.New(rand.NewPCG(seed, 7)), forwarded: map[string]int{}}
}

func (f *faulty) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, o ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	f.mu.Lock()
	f.calls++
	call := f.calls
	if f.before != nil {
		if err := f.before(call, f.rng); err != nil {
			f.mu.Unlock()
			return nil, err
		}
	}
	send := map[string][]types.WriteRequest{}
	held := map[string][]types.WriteRequest{}
	for table, reqs := range in.RequestItems {
		for _, r := range reqs {
			if f.hold != nil && f.hold(call, f.rng, table, r) {
				held[table] = append(held[table], r)
				continue
			}
			send[table] = append(send[table], r)
			f.forwarded[bwReqID(table, r)]++
		}
	}
	var after error
	if f.after != nil {
		after = f.after(call, f.rng)
	}
	f.mu.Unlock()

	out := &dynamodb.BatchWriteItemOutput{}
	if len(send) > 0 {
		cp := *in
		cp.RequestItems = send
		var err error
		if out, err = f.next.BatchWriteItem(ctx, &cp, o...); err != nil {
			return nil, err
		}
	}
	if after != nil {
		return nil, after
	}
	if len(held) > 0 {
		if out.UnprocessedItems == nil {
			out.UnprocessedItems = map[string][]types.WriteRequest{}
		}
		for table, reqs := range held {
			out.UnprocessedItems[table] = append(out.UnprocessedItems[table], reqs...)
		}
	}
	return out, nil
}

func (f *faulty) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// bwReqID names the item a write request targets, for the test entities'
// key attributes.
func bwReqID(table string, r types.WriteRequest) string {
	attrs := map[string]types.AttributeValue{}
	if r.PutRequest != nil {
		attrs = r.PutRequest.Item
	} else if r.DeleteRequest != nil {
		attrs = r.DeleteRequest.Key
	}
	key := map[string]types.AttributeValue{}
	for _, n := range []string{"orderId", "no", "id"} {
		if v, ok := attrs[n]; ok {
			key[n] = v
		}
	}
	return table + " " + model.FormatKey(key)
}

// checkForwardedOnce checks that every order reached DynamoDB exactly once.
func (f *faulty) checkForwardedOnce(t *testing.T, table string, orders []*bwOrder) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.forwarded) != len(orders) {
		t.Errorf("%d distinct items forwarded, want %d", len(f.forwarded), len(orders))
	}
	for _, o := range orders {
		id := table + " " + model.FormatKey(map[string]types.AttributeValue{"orderId": &types.AttributeValueMemberS{Value: o.OrderID}})
		if n := f.forwarded[id]; n != 1 {
			t.Fatalf("%s forwarded %d times, want exactly 1", id, n)
		}
	}
}

// newFastWriter returns a writer whose retries wait little, which keeps the
// injected-fault tests quick.
func newFastWriter(client entity.Client) *BatchWriter {
	return NewBatchWriter(client).Backoff(time.Millisecond, 20*time.Millisecond)
}

func TestBatchWritesAThousandItemsAndDeletes(t *testing.T) {
	ctx := context.Background()
	client := dynamotest.Client(t)
	tbl := bwTable[bwOrder](t, bwOrderMeta)

	// Ten items exist; the batch deletes five of them.
	old := make([]*bwOrder, 10)
	for i := range old {
		old[i] = &bwOrder{OrderID: fmt.Sprintf("old%d", i), Customer: "x"}
		if err := tbl.Put(old[i]).Run(ctx); err != nil {
			t.Fatal(err)
		}
	}
	orders := bwOrders(1000)
	w := NewBatchWriter(client).ConsumedCapacity(types.ReturnConsumedCapacityTotal)
	if err := BatchPut(w, tbl, orders...); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if err := BatchDelete(w, tbl, entity.NewKey(old[i].OrderID)); err != nil {
			t.Fatal(err)
		}
	}
	if w.Len() != 1005 {
		t.Fatalf("Len = %d", w.Len())
	}
	rep, err := w.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Puts != 1000 || rep.Deletes != 5 || (rep.Puts+rep.Deletes) != 1005 || len(rep.NotWritten) != 0 {
		t.Fatalf("report: %d puts, %d deletes, %d not written", rep.Puts, rep.Deletes, len(rep.NotWritten))
	}
	// 1005 operations in requests of at most 25: at least 41 requests.
	if rep.Requests < 41 || rep.Retries != 0 {
		t.Fatalf("report: %d requests, %d retries", rep.Requests, rep.Retries)
	}
	if len(rep.ConsumedCapacity) != 1 || aws.ToString(rep.ConsumedCapacity[0].TableName) != tbl.Name() ||
		aws.ToFloat64(rep.ConsumedCapacity[0].CapacityUnits) < 1005 {
		t.Fatalf("consumed capacity = %+v", rep.ConsumedCapacity)
	}
	if w.Len() != 0 {
		t.Fatalf("Run left %d operations in the writer", w.Len())
	}

	bwCheckAllStored(t, tbl, append(orders, old[5:]...))
	for _, o := range old[:5] {
		out, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(tbl.Name()),
			Key: map[string]types.AttributeValue{"orderId": &types.AttributeValueMemberS{Value: o.OrderID}}})
		if err != nil {
			t.Fatal(err)
		}
		if out.Item != nil {
			t.Fatalf("%s was not deleted", o.OrderID)
		}
	}
}

func TestBatchRefusesInvalidItemsAndSendsNothing(t *testing.T) {
	f := newFaulty(dynamotest.Client(t), 1)
	tbl := bwTable[bwOrder](t, bwOrderMeta)
	w := NewBatchWriter(f)

	orders := bwOrders(100)
	orders[37].Customer = "" // required
	orders[64].Total = -1    // gte=0
	orders[80] = nil         // no item at all
	err := BatchPut(w, tbl, orders...)
	if got := refusedOps(t, err); !slices.Equal(got, []int{37, 64, 80}) {
		t.Fatalf("BatchPut: refused %v: %v", got, err)
	}
	// A key that does not fit the table: it has no sort key.
	if err := BatchDelete(w, tbl, entity.NewKey("o1", 2)); !errs.HasRule(err, entity.RuleInvalidKey) {
		t.Fatalf("BatchDelete: %v", err)
	}
	// Valid operations added afterwards do not make the batch valid.
	if err := BatchPut(w, tbl, bwOrderN(500)); err != nil {
		t.Fatal(err)
	}

	rep, err := w.Run(context.Background())
	var outer *errs.InputError
	if !errors.As(err, &outer) || outer.Rule != RuleBatchRefused || outer.Op != "update.BatchWriter.Run" || !errors.Is(err, errs.ErrInvalidInput) {
		t.Fatalf("Run: %v", err)
	}
	if idx := refusedOps(t, outer.Err); !slices.Equal(idx, []int{37, 64, 80, 100}) {
		t.Fatalf("refused operations %v, want [37 64 80 100]\n%v", idx, err)
	}
	items := outer.Err.(interface{ Unwrap() []error }).Unwrap()
	var ve *entity.ValidationError
	if !errors.As(items[0], &ve) || ve.Fields[0].Attribute != "customer" || ve.Fields[0].Tag != "required" {
		t.Fatalf("item 37: %v", items[0])
	}
	if !errors.As(items[1], &ve) || ve.Fields[0].Tag != "gte" {
		t.Fatalf("item 64: %v", items[1])
	}
	if !errs.HasRule(items[2], entity.RuleInvalidArgument) || items[2].(*errs.InputError).Op != "update.BatchPut" {
		t.Fatalf("item 80: %v", items[2])
	}
	if !errs.HasRule(items[3], entity.RuleInvalidKey) || items[3].(*errs.InputError).Op != "update.BatchDelete" || items[3].(*errs.InputError).Table != tbl.Name() {
		t.Fatalf("operation 100: %+v", items[3])
	}
	if !errors.As(err, &ve) || !strings.Contains(err.Error(), "update.BatchPut, table "+tbl.Name()) || !strings.Contains(err.Error(), "operation 37") {
		t.Fatalf("Run's error does not show the items: %v", err)
	}
	if f.callCount() != 0 || rep.Requests != 0 || (rep.Puts+rep.Deletes) != 0 {
		t.Fatalf("%d requests sent, report %+v", f.callCount(), rep)
	}
	if n := len(bwScan(t, tbl.Name())); n != 0 {
		t.Fatalf("%d items stored", n)
	}
	// The writer was emptied: it can be used again.
	if err := BatchPut(w, tbl, bwOrderN(1)); err != nil {
		t.Fatal(err)
	}
	if rep, err := w.Run(context.Background()); err != nil || rep.Puts != 1 {
		t.Fatalf("second Run: %v, %+v", err, rep)
	}
}

func TestBatchRefusesTwoWritesOfOneItem(t *testing.T) {
	f := newFaulty(dynamotest.Client(t), 1)
	orders := bwTable[bwOrder](t, bwOrderMeta)
	lines := bwTable[bwLine](t, bwLineMeta)
	w := NewBatchWriter(f)

	if err := BatchPut(w, orders, bwOrders(30)...); err != nil {
		t.Fatal(err)
	}
	// The same key values in another table, and another sort key, are
	// other items.
	if err := BatchPut(w, lines, &bwLine{OrderID: "o0003", No: 1, SKU: "s"}, &bwLine{OrderID: "o0003", No: 2, SKU: "s"}); err != nil {
		t.Fatal(err)
	}
	err := BatchDelete(w, orders, entity.NewKey("o0003"))
	if !hasRule(err, RuleDuplicateKey) {
		t.Fatalf("delete of a put item: %v", err)
	}
	err = BatchPut(w, lines, &bwLine{OrderID: "o0003", No: 2, SKU: "t"})
	if !hasRule(err, RuleDuplicateKey) {
		t.Fatalf("second put of a line: %v", err)
	}
	rep, err := w.Run(context.Background())
	var outer *errs.InputError
	if !errors.As(err, &outer) || outer.Rule != RuleBatchRefused {
		t.Fatalf("Run: %v", err)
	}
	items := outer.Err.(interface{ Unwrap() []error }).Unwrap()
	if len(items) != 2 || !slices.Equal(refusedOps(t, outer.Err), []int{32, 33}) {
		t.Fatalf("Run: %v", err)
	}
	first := items[0].(*errs.InputError)
	if first.Rule != RuleDuplicateKey || first.Op != "update.BatchDelete" || first.Key != `{orderId="o0003"}` || !strings.Contains(first.Detail, "operation 3 (Put)") {
		t.Fatalf("first refused: %+v", first)
	}
	if second := items[1].(*errs.InputError); second.Rule != RuleDuplicateKey || second.Key != `{no=2, orderId="o0003"}` {
		t.Fatalf("second refused: %+v", second)
	}
	if f.callCount() != 0 || rep.Requests != 0 {
		t.Fatalf("%d requests sent", f.callCount())
	}
}

func TestBatchRefusesLockedEntities(t *testing.T) {
	tbl, err := entity.NewTable[bwLocked](dynamotest.NewClient("http://127.0.0.1:1"))
	if err != nil {
		t.Fatal(err)
	}
	f := newFaulty(nil, 1)
	w := NewBatchWriter(f)
	if err := BatchPut(w, tbl, &bwLocked{ID: "a"}); !hasRule(err, RuleLocked) {
		t.Fatalf("BatchPut: %v", err)
	}
	if _, err := w.Run(context.Background()); !hasRule(err, RuleBatchRefused) || !errors.Is(err, errs.ErrInvalidInput) {
		t.Fatalf("Run: %v", err)
	}
	if f.callCount() != 0 {
		t.Fatal("a request was sent")
	}
}

func TestBatchRefusesEntitiesWithUniqueConstraints(t *testing.T) {
	tbl, err := entity.NewTable[bwMember](dynamotest.NewClient("http://127.0.0.1:1"))
	if err != nil {
		t.Fatal(err)
	}
	f := newFaulty(nil, 1)
	w := NewBatchWriter(f)
	if err := BatchPut(w, tbl, &bwMember{ID: "a", Email: "a@example.com"}); !errs.HasRule(err, entity.RuleUnique) {
		t.Fatalf("BatchPut: %v", err)
	}
	if err := BatchDelete(w, tbl, entity.NewKey("b")); !errs.HasRule(err, entity.RuleUnique) {
		t.Fatalf("BatchDelete: %v", err)
	}
	if _, err := w.Run(context.Background()); !errs.HasRule(errors.Unwrap(err), entity.RuleUnique) || !hasRule(err, RuleBatchRefused) {
		t.Fatalf("Run: %v", err)
	}
	if f.callCount() != 0 {
		t.Fatal("a request was sent")
	}
}

func TestBatchOptionsAreChecked(t *testing.T) {
	for _, c := range []struct {
		op  string
		set func(*BatchWriter) *BatchWriter
	}{
		{"update.BatchWriter.Concurrency", func(w *BatchWriter) *BatchWriter { return w.Concurrency(0) }},
		{"update.BatchWriter.Concurrency", func(w *BatchWriter) *BatchWriter { return w.Concurrency(-3) }},
		{"update.BatchWriter.MaxAttempts", func(w *BatchWriter) *BatchWriter { return w.MaxAttempts(0) }},
		{"update.BatchWriter.Backoff", func(w *BatchWriter) *BatchWriter { return w.Backoff(0, time.Second) }},
		{"update.BatchWriter.Backoff", func(w *BatchWriter) *BatchWriter { return w.Backoff(time.Second, time.Millisecond) }},
	} {
		f := newFaulty(nil, 1)
		w := NewBatchWriter(f)
		if got := c.set(w); got != w {
			t.Fatalf("%s returned another writer", c.op)
		}
		// A valid setting made afterwards does not hide the first mistake.
		w.Concurrency(2).MaxAttempts(3).Backoff(time.Millisecond, time.Second)
		tbl, _ := entity.NewTable[bwOrder](dynamotest.NewClient("http://127.0.0.1:1"))
		if err := BatchPut(w, tbl, bwOrderN(1)); err != nil {
			t.Fatal(err)
		}
		rep, err := w.Run(context.Background())
		var ie *entity.InputError
		if !errors.As(err, &ie) || ie.Rule != RuleBatchOption || ie.Op != c.op || f.callCount() != 0 {
			t.Fatalf("%s: Run: %v, %d requests", c.op, err, f.callCount())
		}
		if rep == nil || rep.Requests != 0 || len(rep.NotWritten) != 0 {
			t.Fatalf("%s: report %+v", c.op, rep)
		}
		// The mistake stays with the writer: a later Run refuses too.
		if err := BatchPut(w, tbl, bwOrderN(2)); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Run(context.Background()); !hasRule(err, RuleBatchOption) || f.callCount() != 0 {
			t.Fatalf("%s: second Run: %v, %d requests", c.op, err, f.callCount())
		}
	}
	if _, err := NewBatchWriter(nil).Run(context.Background()); !hasRule(err, RuleBatchOption) {
		t.Fatalf("no client: %v", err)
	}
	if _, err := NewBatchWriter(nil).Concurrency(2).Run(context.Background()); !hasRule(err, RuleBatchOption) {
		t.Fatalf("no client, then a setting: %v", err)
	}
}

func TestBatchResendsUnprocessedItems(t *testing.T) {
	f := newFaulty(dynamotest.Client(t), 42)
	// On half of the requests, hold back about 40% of the items, without
	// writing them, as DynamoDB does when a partition is busy.
	f.hold = func(call int, rng *rand.Rand, _ string, _ types.WriteRequest) bool {
		return call%2 == 1 && rng.Float64() < 0.4
	}
	tbl := bwTable[bwOrder](t, bwOrderMeta)
	orders := bwOrders(600)
	w := newFastWriter(f).Concurrency(4)
	if err := BatchPut(w, tbl, orders...); err != nil {
		t.Fatal(err)
	}
	rep, err := w.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Puts != 600 || rep.Retries == 0 || rep.Requests != 24+rep.Retries || rep.Requests != f.callCount() {
		t.Fatalf("report: %d puts, %d requests, %d retries; %d calls", rep.Puts, rep.Requests, rep.Retries, f.callCount())
	}
	f.checkForwardedOnce(t, tbl.Name(), orders)
	bwCheckAllStored(t, tbl, orders)
}

func bwThrottle(i int) error {
	switch i % 5 {
	case 0:
		return &types.ProvisionedThroughputExceededException{Message: aws.String("injected")}
	case 1:
		return &types.ThrottlingException{Message: aws.String("injected")}
	case 2:
		return &types.RequestLimitExceeded{Message: aws.String("injected")}
	case 3:
		return &smithy.OperationError{ServiceID: "DynamoDB", OperationName: "BatchWriteItem", Err: &awshttp.ResponseError{
			ResponseError: &smithyhttp.ResponseError{
				Response: &smithyhttp.Response{Response: &http.Response{StatusCode: http.StatusServiceUnavailable}},
				Err:      &smithy.GenericAPIError{Code: "ServiceUnavailable", Message: "injected"},
			},
		}}
	default:
		return &smithyhttp.RequestSendError{Err: errors.New("read tcp: connection reset by peer")}
	}
}

func TestBatchRetriesThrottlingAnd5xx(t *testing.T) {
	f := newFaulty(dynamotest.Client(t), 9)
	// A third of the requests fail as a whole, before anything is written.
	f.before = func(call int, rng *rand.Rand) error {
		if rng.Float64() < 0.33 {
			return bwThrottle(call)
		}
		return nil
	}
	tbl := bwTable[bwOrder](t, bwOrderMeta)
	orders := bwOrders(500)
	w := newFastWriter(f)
	if err := BatchPut(w, tbl, orders...); err != nil {
		t.Fatal(err)
	}
	rep, err := w.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Puts != 500 || rep.Retries == 0 || rep.Requests != 20+rep.Retries {
		t.Fatalf("report: %d puts, %d requests, %d retries", rep.Puts, rep.Requests, rep.Retries)
	}
	f.checkForwardedOnce(t, tbl.Name(), orders)
	bwCheckAllStored(t, tbl, orders)
}

func TestBatchRetriesLostResponses(t *testing.T) {
	f := newFaulty(dynamotest.Client(t), 5)
	// A quarter of the requests are written, but the connection drops
	// before the response arrives; puts are idempotent, so sending them
	// again stores each item once.
	f.after = func(call int, rng *rand.Rand) error {
		if rng.Float64() < 0.25 {
			return &smithyhttp.RequestSendError{Err: io.ErrUnexpectedEOF}
		}
		return nil
	}
	tbl := bwTable[bwOrder](t, bwOrderMeta)
	orders := bwOrders(300)
	w := newFastWriter(f)
	if err := BatchPut(w, tbl, orders...); err != nil {
		t.Fatal(err)
	}
	rep, err := w.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Puts != 300 || rep.Retries == 0 {
		t.Fatalf("report: %d puts, %d retries", rep.Puts, rep.Retries)
	}
	bwCheckAllStored(t, tbl, orders)
}

func TestBatchReportsItemsNeverProcessed(t *testing.T) {
	f := newFaulty(dynamotest.Client(t), 3)
	stuck := map[string]bool{"o0007": true, "o0123": true, "o0124": true}
	f.hold = func(_ int, _ *rand.Rand, _ string, r types.WriteRequest) bool {
		id := r.PutRequest.Item["orderId"].(*types.AttributeValueMemberS).Value
		return stuck[id]
	}
	tbl := bwTable[bwOrder](t, bwOrderMeta)
	orders := bwOrders(200)
	var last BatchProgress
	w := newFastWriter(f).MaxAttempts(4).OnProgress(func(p BatchProgress) { last = p })
	if err := BatchPut(w, tbl, orders...); err != nil {
		t.Fatal(err)
	}
	rep, err := w.Run(context.Background())
	if !errors.Is(err, ErrBatchIncomplete) || !errors.Is(err, ErrBatchUnprocessed) || !strings.Contains(err.Error(), "3 of 200 operations not written") {
		t.Fatalf("Run: %v", err)
	}
	if rep.Puts != 197 || len(rep.NotWritten) != 3 {
		t.Fatalf("report: %d puts, %d not written", rep.Puts, len(rep.NotWritten))
	}
	for i, want := range []int{7, 123, 124} {
		u := rep.NotWritten[i]
		if u.Index != want || u.Op != "Put" || u.Table != tbl.Name() || !errors.Is(u.Err, ErrBatchUnprocessed) ||
			model.FormatKey(u.Key) != fmt.Sprintf(`{orderId="o%04d"}`, want) || u.Item["customer"] == nil {
			t.Fatalf("not written #%d: %+v", i, u)
		}
	}
	// Chunk 0 (with o0007) and chunk 4 (o0123, o0124) used all 4 attempts;
	// the six others one each.
	if rep.Requests != 6+2*4 || rep.Retries != 2*3 {
		t.Fatalf("%d requests, %d retries", rep.Requests, rep.Retries)
	}
	if last.Written != 197 || last.Failed != 3 || last.Total != 200 {
		t.Fatalf("last progress %+v", last)
	}
	var written []*bwOrder
	for _, o := range orders {
		if !stuck[o.OrderID] {
			written = append(written, o)
		}
	}
	bwCheckAllStored(t, tbl, written)
}

func TestBatchGivesUpARefusedRequestAtOnce(t *testing.T) {
	ctx := context.Background()
	client := dynamotest.Client(t)
	// A table that does not exist: DynamoDB refuses every request naming
	// it, and no retry can help.
	missing, err := entity.NewTable[bwOrder](client, entity.TableName(dynamotest.TableName(t, "missing")))
	if err != nil {
		t.Fatal(err)
	}
	f := newFaulty(client, 1)
	w := NewBatchWriter(f)
	if err := BatchPut(w, missing, bwOrders(60)...); err != nil {
		t.Fatal(err)
	}
	rep, err := w.Run(ctx)
	var rnf *types.ResourceNotFoundException
	if !errors.Is(err, ErrBatchIncomplete) || !errors.As(err, &rnf) {
		t.Fatalf("Run: %v", err)
	}
	if rep.Requests != 3 || rep.Retries != 0 || (rep.Puts+rep.Deletes) != 0 || len(rep.NotWritten) != 60 {
		t.Fatalf("report: %d requests, %d retries, %d written, %d not written", rep.Requests, rep.Retries, (rep.Puts + rep.Deletes), len(rep.NotWritten))
	}
	for i, u := range rep.NotWritten {
		if u.Index != i || !errors.As(u.Err, &rnf) {
			t.Fatalf("not written #%d: %+v", i, u)
		}
	}

	// A ValidationException on one chunk: that chunk is given up after one
	// request, the others are written.
	tbl := bwTable[bwOrder](t, bwOrderMeta)
	poisoned := newFaulty(client, 1)
	poison := entity.Client(batchWriteFunc(func(ctx context.Context, in *dynamodb.BatchWriteItemInput, o ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
		for _, reqs := range in.RequestItems {
			for _, r := range reqs {
				if r.PutRequest.Item["orderId"].(*types.AttributeValueMemberS).Value == "o0050" {
					return nil, &smithy.GenericAPIError{Code: "ValidationException", Message: "injected"}
				}
			}
		}
		return poisoned.BatchWriteItem(ctx, in, o...)
	}))
	orders := bwOrders(100)
	w = newFastWriter(poison)
	if err := BatchPut(w, tbl, orders...); err != nil {
		t.Fatal(err)
	}
	rep, err = w.Run(ctx)
	var api smithy.APIError
	if !errors.Is(err, ErrBatchIncomplete) || !errors.As(err, &api) || api.ErrorCode() != "ValidationException" {
		t.Fatalf("Run: %v", err)
	}
	if rep.Requests != 4 || rep.Puts != 75 || len(rep.NotWritten) != 25 || rep.NotWritten[0].Index != 50 || rep.NotWritten[24].Index != 74 {
		t.Fatalf("report: %d requests, %d puts, %d not written", rep.Requests, rep.Puts, len(rep.NotWritten))
	}
	bwCheckAllStored(t, tbl, slices.Concat(orders[:50], orders[75:]))
}

// batchWriteFunc is a client that has only BatchWriteItem.
type batchWriteFunc func(ctx context.Context, in *dynamodb.BatchWriteItemInput, o ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error)

func (batchWriteFunc) GetItem(context.Context, *dynamodb.GetItemInput, ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	panic("unused")
}
func (batchWriteFunc) PutItem(context.Context, *dynamodb.PutItemInput, ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	panic("unused")
}
func (batchWriteFunc) DeleteItem(context.Context, *dynamodb.DeleteItemInput, ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	panic("unused")
}
func (batchWriteFunc) UpdateItem(context.Context, *dynamodb.UpdateItemInput, ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	panic("unused")
}
func (batchWriteFunc) Query(context.Context, *dynamodb.QueryInput, ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	panic("unused")
}
func (batchWriteFunc) Scan(context.Context, *dynamodb.ScanInput, ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error) {
	panic("unused")
}
func (batchWriteFunc) BatchGetItem(context.Context, *dynamodb.BatchGetItemInput, ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	panic("unused")
}
func (batchWriteFunc) TransactGetItems(context.Context, *dynamodb.TransactGetItemsInput, ...func(*dynamodb.Options)) (*dynamodb.TransactGetItemsOutput, error) {
	panic("unused")
}
func (batchWriteFunc) TransactWriteItems(context.Context, *dynamodb.TransactWriteItemsInput, ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	panic("unused")
}

func (fn batchWriteFunc) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, o ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	return fn(ctx, in, o...)
}

func TestBatchGivesUpAfterMaxAttemptsOfThrottling(t *testing.T) {
	f := newFaulty(nil, 1)
	f.before = func(call int, _ *rand.Rand) error { return bwThrottle(call) }
	tbl, _ := entity.NewTable[bwOrder](dynamotest.NewClient("http://127.0.0.1:1"))
	w := newFastWriter(f).MaxAttempts(3).Concurrency(1)
	if err := BatchPut(w, tbl, bwOrders(30)...); err != nil {
		t.Fatal(err)
	}
	rep, err := w.Run(context.Background())
	if !errors.Is(err, ErrBatchIncomplete) {
		t.Fatalf("Run: %v", err)
	}
	// Two chunks, three requests each.
	if rep.Requests != 6 || rep.Retries != 4 || f.callCount() != 6 || len(rep.NotWritten) != 30 {
		t.Fatalf("report: %d requests, %d retries, %d not written", rep.Requests, rep.Retries, len(rep.NotWritten))
	}
	if !strings.Contains(rep.NotWritten[0].Err.Error(), "after 3 attempts") {
		t.Fatalf("last error: %v", rep.NotWritten[0].Err)
	}
}

func TestBatchTwoTablesInOneRun(t *testing.T) {
	client := dynamotest.Client(t)
	orders := bwTable[bwOrder](t, bwOrderMeta)
	lines := bwTable[bwLine](t, bwLineMeta)
	w := NewBatchWriter(client)
	ords := bwOrders(40)
	var ls []*bwLine
	for _, o := range ords {
		for no := 1; no <= 2; no++ {
			ls = append(ls, &bwLine{OrderID: o.OrderID, No: no, SKU: fmt.Sprintf("sku-%s-%d", o.OrderID, no)})
		}
	}
	// Interleaved, so that requests mix the tables.
	for i, o := range ords {
		if err := BatchPut(w, orders, o); err != nil {
			t.Fatal(err)
		}
		if err := BatchPut(w, lines, ls[2*i], ls[2*i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := BatchDelete(w, lines, entity.NewKey("o0000", 9)); err != nil {
		t.Fatal(err)
	}
	rep, err := w.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Puts != 120 || rep.Deletes != 1 || rep.Requests != 5 {
		t.Fatalf("report: %d puts, %d deletes, %d requests", rep.Puts, rep.Deletes, rep.Requests)
	}
	bwCheckAllStored(t, orders, ords)
	stored := bwScan(t, lines.Name())
	if len(stored) != len(ls) {
		t.Fatalf("%d lines stored, want %d", len(stored), len(ls))
	}
	got := map[string]bwLine{}
	for _, raw := range stored {
		var l bwLine
		if err := model.Of(lines.Meta()).DecodeItem(lines.Name(), raw, &l, nil); err != nil {
			t.Fatal(err)
		}
		got[fmt.Sprint(l.OrderID, "/", l.No)] = l
	}
	for _, l := range ls {
		if got[fmt.Sprint(l.OrderID, "/", l.No)] != *l {
			t.Fatalf("line %s/%d not stored", l.OrderID, l.No)
		}
	}
}

func TestBatchProgressOnlyGrows(t *testing.T) {
	f := newFaulty(dynamotest.Client(t), 11)
	f.hold = func(call int, rng *rand.Rand, _ string, _ types.WriteRequest) bool {
		return call%3 == 0 && rng.Float64() < 0.5
	}
	tbl := bwTable[bwOrder](t, bwOrderMeta)
	// The callback is not synchronised: the writer promises one call at a
	// time, and the race detector checks it.
	var seen []BatchProgress
	w := newFastWriter(f).Concurrency(4).OnProgress(func(p BatchProgress) { seen = append(seen, p) })
	if err := BatchPut(w, tbl, bwOrders(400)...); err != nil {
		t.Fatal(err)
	}
	rep, err := w.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != rep.Requests {
		t.Fatalf("%d progress calls for %d requests", len(seen), rep.Requests)
	}
	for i, p := range seen {
		if p.Total != 400 || p.Failed != 0 || p.Requests != i+1 {
			t.Fatalf("progress %d: %+v", i, p)
		}
		if i > 0 && (p.Written < seen[i-1].Written || p.Retries < seen[i-1].Retries) {
			t.Fatalf("progress went back: %+v after %+v", p, seen[i-1])
		}
	}
	if last := seen[len(seen)-1]; last.Written != 400 || last.Retries != rep.Retries {
		t.Fatalf("last progress %+v", last)
	}
}

func TestBatchStopsWhenTheContextEnds(t *testing.T) {
	f := newFaulty(dynamotest.Client(t), 1)
	tbl := bwTable[bwOrder](t, bwOrderMeta)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// One request at a time; cancel once two requests are written.
	w := NewBatchWriter(f).Concurrency(1).OnProgress(func(p BatchProgress) {
		if p.Written >= 50 {
			cancel()
		}
	})
	if err := BatchPut(w, tbl, bwOrders(200)...); err != nil {
		t.Fatal(err)
	}
	rep, err := w.Run(ctx)
	if !errors.Is(err, ErrBatchIncomplete) || !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "150 of 200 operations not written") {
		t.Fatalf("Run: %v", err)
	}
	if rep.Puts != 50 || rep.Requests != 2 || f.callCount() != 2 || len(rep.NotWritten) != 150 {
		t.Fatalf("report: %d puts, %d requests, %d not written", rep.Puts, rep.Requests, len(rep.NotWritten))
	}
	for i, u := range rep.NotWritten {
		if u.Index != 50+i || !errors.Is(u.Err, context.Canceled) {
			t.Fatalf("not written #%d: %+v", i, u)
		}
	}
	if n := len(bwScan(t, tbl.Name())); n != 50 {
		t.Fatalf("%d items stored, want 50", n)
	}

	// A context that has already ended sends nothing.
	if err := BatchPut(w, tbl, bwOrders(10)...); err != nil {
		t.Fatal(err)
	}
	rep, err = w.Run(ctx)
	if !errors.Is(err, context.Canceled) || rep.Requests != 0 || len(rep.NotWritten) != 10 || f.callCount() != 2 {
		t.Fatalf("Run with an ended context: %v, %+v", err, rep)
	}
}

func TestBatchStopsBackingOffWhenTheContextEnds(t *testing.T) {
	f := newFaulty(nil, 1)
	f.before = func(call int, _ *rand.Rand) error { return bwThrottle(0) }
	tbl, _ := entity.NewTable[bwOrder](dynamotest.NewClient("http://127.0.0.1:1"))
	w := NewBatchWriter(f).Backoff(time.Hour, time.Hour)
	if err := BatchPut(w, tbl, bwOrders(5)...); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	rep, err := w.Run(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || len(rep.NotWritten) != 5 || time.Since(start) > 10*time.Second {
		t.Fatalf("Run: %v after %v", err, time.Since(start))
	}
}

// stubBatchHTTP answers every BatchWriteItem with success and records the
// size of each request body and the operations in it.
type stubBatchHTTP struct {
	mu     sync.Mutex
	bodies []int
	ops    []int
}

func (s *stubBatchHTTP) Do(req *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.bodies = append(s.bodies, len(body))
	s.ops = append(s.ops, bytes.Count(body, []byte(`"PutRequest"`))+bytes.Count(body, []byte(`"DeleteRequest"`)))
	s.mu.Unlock()
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": []string{"application/x-amz-json-1.0"}},
		Body:       io.NopCloser(strings.NewReader(`{"UnprocessedItems":{}}`)),
	}, nil
}

func TestBatchRequestsStayWithinDynamoDBLimits(t *testing.T) {
	stub := &stubBatchHTTP{}
	client := dynamotest.NewClient("http://stub.invalid", func(o *dynamodb.Options) { o.HTTPClient = stub })
	tbl, err := entity.NewTable[bwBlob](client)
	if err != nil {
		t.Fatal(err)
	}
	w := NewBatchWriter(client)
	// 60 small items.
	for i := range 60 {
		if err := BatchPut(w, tbl, &bwBlob{ID: fmt.Sprint("s", i), Data: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	// 40 items of 390 KB of quotes, about 780 KB each in JSON: 25 of them
	// would be a 19.5 MB request.
	for i := range 40 {
		if err := BatchPut(w, tbl, &bwBlob{ID: fmt.Sprint("b", i), Data: strings.Repeat(`"`, 390_000)}); err != nil {
			t.Fatal(err)
		}
	}
	// Items over 400 KB are refused with the entity's size error.
	if err := BatchPut(w, tbl, &bwBlob{ID: "huge", Data: strings.Repeat("x", 410_000)}); !errors.Is(err, entity.ErrItemTooLarge) {
		t.Fatalf("huge item: %v", err)
	}
	if _, err := w.Run(context.Background()); !errors.Is(err, entity.ErrItemTooLarge) {
		t.Fatalf("Run: %v", err)
	}
	if len(stub.bodies) != 0 {
		t.Fatal("sent a batch with an invalid item")
	}
	w = NewBatchWriter(client).Concurrency(1)
	for i := range 60 {
		_ = BatchPut(w, tbl, &bwBlob{ID: fmt.Sprint("s", i), Data: "x"})
	}
	for i := range 40 {
		_ = BatchPut(w, tbl, &bwBlob{ID: fmt.Sprint("b", i), Data: strings.Repeat(`"`, 390_000)})
	}
	rep, err := w.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Puts != 100 {
		t.Fatalf("%d puts", rep.Puts)
	}
	total := 0
	for i, n := range stub.ops {
		total += n
		if n > 25 || stub.bodies[i] > 16_000_000 {
			t.Fatalf("request %d: %d operations, %d bytes", i, n, stub.bodies[i])
		}
	}
	// 60 small ones, then the large ones 20 at a time (the third request
	// is full at 25 before it reaches 16 MB).
	if total != 100 || !slices.Equal(stub.ops, []int{25, 25, 25, 20, 5}) {
		t.Fatalf("operations per request: %v, bytes %v", stub.ops, stub.bodies)
	}
	if big := slices.Max(stub.bodies); big < 12_000_000 {
		t.Fatalf("the largest request is %d bytes; the chunks are cut too small", big)
	}
}

func TestBatchBackoffHasFullJitterWithinBounds(t *testing.T) {
	// The writer's schedule, as NewBatchWriter and Backoff set it.
	batchDelay := func(retry int, base, maxDelay time.Duration) time.Duration {
		return backoff.Backoff{Base: base, Max: maxDelay}.Delay(retry)
	}
	base, maxDelay := 10*time.Millisecond, time.Second
	for retry := 1; retry <= 12; retry++ {
		ceiling := min(maxDelay, base<<(retry-1))
		const n = 4000
		var sum time.Duration
		lo, hi := time.Duration(1<<62), time.Duration(0)
		distinct := map[time.Duration]bool{}
		for range n {
			d := batchDelay(retry, base, maxDelay)
			if d < 0 || d > ceiling {
				t.Fatalf("retry %d: delay %v outside [0, %v]", retry, d, ceiling)
			}
			sum += d
			lo, hi = min(lo, d), max(hi, d)
			distinct[d] = true
		}
		// Uniform over [0, ceiling]: the mean is near the middle, and the
		// samples reach close to both ends.
		mean := sum / n
		if mean < ceiling*4/10 || mean > ceiling*6/10 || lo > ceiling/20 || hi < ceiling*19/20 || len(distinct) < n/2 {
			t.Fatalf("retry %d (ceiling %v): mean %v, min %v, max %v, %d distinct", retry, ceiling, mean, lo, hi, len(distinct))
		}
	}
	// Far retries stay at the cap, without overflowing.
	for _, retry := range []int{40, 62, 63, 64, 1000} {
		if d := batchDelay(retry, base, maxDelay); d < 0 || d > maxDelay {
			t.Fatalf("retry %d: %v", retry, d)
		}
	}
	if d := batchDelay(0, base, maxDelay); d < 0 || d > base {
		t.Fatalf("retry 0: %v", d)
	}
	if d := batchDelay(3, 0, maxDelay); d != 0 {
		t.Fatalf("zero base: %v", d)
	}
}

func TestBatchWireSizeIsAnUpperBound(t *testing.T) {
	// The estimate must never be below what the SDK sends.
	stub := &stubBatchHTTP{}
	client := dynamotest.NewClient("http://stub.invalid", func(o *dynamodb.Options) { o.HTTPClient = stub })
	items := []map[string]types.AttributeValue{
		{"id": &types.AttributeValueMemberS{Value: "plain"}},
		{"id": &types.AttributeValueMemberS{Value: "\x00\x01\"\\<>&\u2028\u2029é漢字"}},
		{"id": &types.AttributeValueMemberS{Value: "bad\xff\xfeutf8"}},
		{"id": &types.AttributeValueMemberS{Value: "x"}, "b": &types.AttributeValueMemberB{Value: []byte{0, 1, 2, 3, 4}},
			"n": &types.AttributeValueMemberN{Value: "-12.5e3"}, "t": &types.AttributeValueMemberBOOL{Value: true},
			"z":  &types.AttributeValueMemberNULL{Value: true},
			"ss": &types.AttributeValueMemberSS{Value: []string{"a", "\"b\""}}, "ns": &types.AttributeValueMemberNS{Value: []string{"1", "2"}},
			"bs": &types.AttributeValueMemberBS{Value: [][]byte{{1}, {2, 3}}},
			"l":  &types.AttributeValueMemberL{Value: []types.AttributeValue{&types.AttributeValueMemberS{Value: "q"}, &types.AttributeValueMemberL{}}},
			"m":  &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"k\"ey": &types.AttributeValueMemberN{Value: "1"}}}},
	}
	const table = "t"
	for i, item := range items {
		stub.bodies = nil
		_, err := client.BatchWriteItem(context.Background(), &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{
			table: {{PutRequest: &types.PutRequest{Item: item}}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		// The request around one item: {"RequestItems":{"t":[{"PutRequest":{"Item":…}}]}}
		overhead := len(`{"RequestItems":{"t":[{"PutRequest":{"Item":}}]}}`)
		if got, est := stub.bodies[0]-overhead, batchWireItem(item); got > est {
			t.Fatalf("item %d: sent %d bytes, estimated %d", i, got, est)
		}
	}
}

// refusedOps lists the positions of the operations err (one refusal, or
// several joined) refused, read from each input error's detail.
func refusedOps(t *testing.T, err error) []int {
	t.Helper()
	var all []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		all = j.Unwrap()
	} else if err != nil {
		all = []error{err}
	}
	var out []int
	for _, e := range all {
		ie, ok := e.(*errs.InputError)
		var n int
		if !ok || !errors.Is(e, errs.ErrInvalidInput) {
			t.Fatalf("not an input error: %v", e)
		}
		if _, err := fmt.Sscanf(ie.Detail, "operation %d", &n); err != nil {
			t.Fatalf("no operation in %q", ie.Detail)
		}
		out = append(out, n)
	}
	return out
}

// hasRule reports an input error breaking rule, matching
// errs.ErrInvalidInput.
func hasRule(err error, rule errs.Rule) bool {
	var ie *errs.InputError
	return errors.As(err, &ie) && ie.Rule == rule && errors.Is(err, errs.ErrInvalidInput)
}
