package bench

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/guregu/dynamo/v2"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/model"
)

// The item benchmarks make one whole PutItem or GetItem call through each
// library, against the in-memory stub of stub_test.go. dynamodel validates
// on both sides (the Order has validation rules); the plain SDK calls and
// guregu/dynamo do not validate, as their users would write them.

var sinkOrder *Order

// itemFixture is what every item benchmark and test starts from: the order,
// its stored form (what dynamodel writes, with the schema version) and a
// stub whose GetItem answers with that stored form.
type itemFixture struct {
	order  Order
	stored map[string]types.AttributeValue
	stub   *stubHTTP
}

func newItemFixture(tb testing.TB) *itemFixture {
	tb.Helper()
	order := sampleOrder()
	meta, err := entity.MetaOf[Order]()
	if err != nil {
		tb.Fatal(err)
	}
	stored, err := model.Of(meta).EncodeItem(tableName, &order)
	if err != nil {
		tb.Fatal(err)
	}
	return &itemFixture{order: order, stored: stored, stub: &stubHTTP{getBody: getItemBody(tb, stored)}}
}

func (f *itemFixture) table(tb testing.TB) *entity.Table[Order] {
	tb.Helper()
	t, err := entity.NewTable[Order](newStubClient(f.stub), entity.TableName(tableName))
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// sdkPut is a PutItem written with the SDK alone.
func sdkPut(ctx context.Context, client *dynamodb.Client, order *Order) error {
	item, err := attributevalue.MarshalMap(order)
	if err != nil {
		return err
	}
	_, err = client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(tableName), Item: item})
	return err
}

// sdkGet is a GetItem written with the SDK alone.
func sdkGet(ctx context.Context, client *dynamodb.Client, id string) (*Order, error) {
	out, err := client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(tableName),
		Key:       map[string]types.AttributeValue{"orderId": &types.AttributeValueMemberS{Value: id}},
	})
	if err != nil {
		return nil, err
	}
	if out.Item == nil {
		return nil, errors.New("not found")
	}
	order := new(Order)
	if err := attributevalue.UnmarshalMap(out.Item, order); err != nil {
		return nil, err
	}
	return order, nil
}

func gureguGet(ctx context.Context, table dynamo.Table, id string) (*Order, error) {
	order := new(Order)
	if err := table.Get("orderId", id).One(ctx, order); err != nil {
		return nil, err
	}
	return order, nil
}

func BenchmarkPut(b *testing.B) {
	ctx := context.Background()
	f := newItemFixture(b)

	b.Run("dynamodel", func(b *testing.B) {
		table := f.table(b)
		order := f.order
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			sinkErr = table.Put(&order).Run(ctx)
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
	b.Run("sdk", func(b *testing.B) {
		client := newStubClient(f.stub)
		order := f.order
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			sinkErr = sdkPut(ctx, client, &order)
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
	b.Run("guregu", func(b *testing.B) {
		table := newStubGuregu(f.stub).Table(tableName)
		order := f.order
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			sinkErr = table.Put(&order).Run(ctx)
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
}

func BenchmarkGet(b *testing.B) {
	ctx := context.Background()
	f := newItemFixture(b)
	id := f.order.OrderID

	b.Run("dynamodel", func(b *testing.B) {
		table := f.table(b)
		key := entity.NewKey(id)
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			sinkOrder, sinkErr = table.Get(key).Run(ctx)
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
	b.Run("sdk", func(b *testing.B) {
		client := newStubClient(f.stub)
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			sinkOrder, sinkErr = sdkGet(ctx, client, id)
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
	b.Run("guregu", func(b *testing.B) {
		table := newStubGuregu(f.stub).Table(tableName)
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			sinkOrder, sinkErr = gureguGet(ctx, table, id)
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
}

// TestItemCalls runs each contender's Put and Get once against the stub
// and checks that they did the same thing: the same item on the wire for
// Put (dynamodel's with its schema version), the same request for Get, and
// the order back from the canned response.
func TestItemCalls(t *testing.T) {
	ctx := context.Background()
	f := newItemFixture(t)
	f.stub.keep = true
	table := f.table(t)
	client := newStubClient(f.stub)
	gu := newStubGuregu(f.stub).Table(tableName)

	order := f.order
	if err := table.Put(&order).Run(ctx); err != nil {
		t.Fatalf("dynamodel Put: %v", err)
	}
	if err := sdkPut(ctx, client, &order); err != nil {
		t.Fatalf("sdk Put: %v", err)
	}
	if err := gu.Put(&order).Run(ctx); err != nil {
		t.Fatalf("guregu Put: %v", err)
	}

	gets := map[string]func() (*Order, error){
		"dynamodel": func() (*Order, error) { return table.Get(entity.NewKey(order.OrderID)).Run(ctx) },
		"sdk":       func() (*Order, error) { return sdkGet(ctx, client, order.OrderID) },
		"guregu":    func() (*Order, error) { return gureguGet(ctx, gu, order.OrderID) },
	}
	for _, name := range []string{"dynamodel", "sdk", "guregu"} {
		got, err := gets[name]()
		if err != nil {
			t.Fatalf("%s Get: %v", name, err)
		}
		if !reflect.DeepEqual(*got, f.order) {
			t.Errorf("%s Get:\n got  %+v\n want %+v", name, *got, f.order)
		}
	}

	reqs := f.stub.requests()
	if len(reqs) != 6 {
		t.Fatalf("stub saw %d requests, want 6", len(reqs))
	}
	type putReq struct {
		TableName string
		Item      map[string]json.RawMessage
	}
	var puts [3]putReq
	for i := range puts {
		if reqs[i].Op != "PutItem" {
			t.Fatalf("request %d is %s, want PutItem", i, reqs[i].Op)
		}
		if err := json.Unmarshal(reqs[i].Body, &puts[i]); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		if puts[i].TableName != tableName {
			t.Errorf("request %d: table %q", i, puts[i].TableName)
		}
	}
	if _, ok := puts[0].Item[entity.VersionAttribute]; !ok {
		t.Errorf("dynamodel's PutItem has no %s attribute", entity.VersionAttribute)
	}
	delete(puts[0].Item, entity.VersionAttribute)
	for i, name := range []string{"dynamodel", "sdk", "guregu"} {
		if !sameJSONItem(puts[i].Item, puts[1].Item) {
			t.Errorf("%s's PutItem item differs from the SDK's:\n %s\n %s", name, reqs[i].Body, reqs[1].Body)
		}
	}
	for i := 3; i < 6; i++ {
		if reqs[i].Op != "GetItem" {
			t.Fatalf("request %d is %s, want GetItem", i, reqs[i].Op)
		}
		var in struct {
			TableName string
			Key       map[string]map[string]string
		}
		if err := json.Unmarshal(reqs[i].Body, &in); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		if in.TableName != tableName || len(in.Key) != 1 || in.Key["orderId"]["S"] != order.OrderID {
			t.Errorf("request %d: GetItem %s", i, reqs[i].Body)
		}
	}
}

// sameJSONItem compares two wire-format items attribute by attribute,
// ignoring the order of keys within each attribute's JSON.
func sameJSONItem(a, b map[string]json.RawMessage) bool {
	if len(a) != len(b) {
		return false
	}
	for k, av := range a {
		bv, ok := b[k]
		if !ok {
			return false
		}
		var x, y any
		if json.Unmarshal(av, &x) != nil || json.Unmarshal(bv, &y) != nil || !reflect.DeepEqual(x, y) {
			return false
		}
	}
	return true
}

// BenchmarkPutOverhead and BenchmarkGetOverhead measure what each side does
// around the SDK call, without the call: building the PutItem input (for
// dynamodel: validation, encoding, key and size checks), and building the
// GetItem input and turning the returned item into an Order (for dynamodel:
// key encoding, version check, decoding and validation). The SDK call is
// the same for both, so the difference between the two is the difference
// between BenchmarkPut's (or BenchmarkGet's) contenders, measured without
// the SDK's much larger and noisier share.
func BenchmarkPutOverhead(b *testing.B) {
	f := newItemFixture(b)
	var sinkPut *dynamodb.PutItemInput

	b.Run("dynamodel", func(b *testing.B) {
		table := f.table(b)
		order := f.order
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			sinkPut, sinkErr = table.Put(&order).Input()
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
	b.Run("sdk", func(b *testing.B) {
		order := f.order
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			var item map[string]types.AttributeValue
			item, sinkErr = attributevalue.MarshalMap(&order)
			sinkPut = &dynamodb.PutItemInput{TableName: aws.String(tableName), Item: item}
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
	_ = sinkPut
}

func BenchmarkGetOverhead(b *testing.B) {
	f := newItemFixture(b)
	id := f.order.OrderID
	var sinkGet *dynamodb.GetItemInput

	b.Run("dynamodel", func(b *testing.B) {
		table := f.table(b)
		meta := table.Meta()
		key := entity.NewKey(id)
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			sinkGet, sinkErr = table.Get(key).Input()
			order := new(Order)
			if sinkErr == nil {
				sinkErr = model.Of(meta).DecodeItem(tableName, f.stored, order, nil)
			}
			sinkOrder = order
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			sinkGet = &dynamodb.GetItemInput{
				TableName: aws.String(tableName),
				Key:       map[string]types.AttributeValue{"orderId": &types.AttributeValueMemberS{Value: id}},
			}
			order := new(Order)
			sinkErr = attributevalue.UnmarshalMap(f.stored, order)
			sinkOrder = order
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
	_ = sinkGet
}

// BenchmarkPaired runs dynamodel's call and the plain SDK call alternately
// in one loop, timing each, so that whatever else the machine is doing
// weighs on both alike. It reports each side's wall time per call and the
// ratio dynamodel/sdk, the figure the design's bars are stated in; on
// Linux also cpu-ratio, the same ratio of the calling thread's CPU time,
// which time spent descheduled does not disturb.
func BenchmarkPaired(b *testing.B) {
	ctx := context.Background()
	f := newItemFixture(b)
	id := f.order.OrderID

	b.Run("Put", func(b *testing.B) {
		table := f.table(b)
		client := newStubClient(f.stub)
		order := f.order
		paired(b,
			func() error { return table.Put(&order).Run(ctx) },
			func() error { return sdkPut(ctx, client, &order) })
	})
	b.Run("Get", func(b *testing.B) {
		table := f.table(b)
		client := newStubClient(f.stub)
		key := entity.NewKey(id)
		paired(b,
			func() (err error) { sinkOrder, err = table.Get(key).Run(ctx); return err },
			func() (err error) { sinkOrder, err = sdkGet(ctx, client, id); return err })
	})
}

func paired(b *testing.B, ours, sdk func() error) {
	// One OS thread for the whole loop, so that its CPU clock follows the
	// calls.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	_, haveCPU := threadCPU()

	// What the timing itself adds to each call (reading the thread's CPU
	// clock is a system call, a microsecond on some machines) is measured
	// on an empty call and taken off both sides.
	nop := func() error { return nil }
	var calWall, calCPU time.Duration
	const calRounds = 2000
	for range calRounds {
		w, c, _ := timeCall(nop)
		calWall += w
		calCPU += c
	}
	calWall /= calRounds
	calCPU /= calRounds

	var wall, cpu [2]time.Duration // [0] dynamodel, [1] sdk
	calls := [2]func() error{ours, sdk}
	n := 0
	for b.Loop() {
		// Alternate which goes first, so neither always runs on the
		// caches the other warmed.
		order := [2]int{0, 1}
		if n%2 == 1 {
			order = [2]int{1, 0}
		}
		for _, side := range order {
			w, c, err := timeCall(calls[side])
			if err != nil {
				b.Fatal(err)
			}
			wall[side] += w - calWall
			cpu[side] += c - calCPU
		}
		n++
	}
	b.ReportMetric(float64(wall[0])/float64(n), "dynamodel-ns/op")
	b.ReportMetric(float64(wall[1])/float64(n), "sdk-ns/op")
	b.ReportMetric(float64(wall[0])/float64(wall[1]), "ratio")
	if haveCPU {
		b.ReportMetric(float64(cpu[0])/float64(cpu[1]), "cpu-ratio")
	}
}

// timeCall runs call and returns the wall time and the thread CPU time it
// took.
func timeCall(call func() error) (wall, cpu time.Duration, err error) {
	c0, _ := threadCPU()
	w0 := time.Now()
	err = call()
	wall = time.Since(w0)
	c1, _ := threadCPU()
	return wall, c1 - c0, err
}
