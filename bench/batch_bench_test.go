package bench

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/update"
)

// The batch-load benchmark writes the same 5,000 orders into a fresh table
// of a real DynamoDB Local three ways: with dynamodel's BatchWriter, with a
// hand-written BatchWriteItem loop at the same concurrency, and with one
// PutItem after another. Each iteration is one whole load, from Go structs
// to stored items (validation and encoding included); creating the table
// and checking its contents afterwards are not timed.
//
// The "paired" sub-benchmark runs the three alternately and reports the
// ratios; it is the one to read on a shared or noisy machine.
//
// DynamoDB Local is $DYNAMODB_ENDPOINT when set; otherwise dynamotest starts
// one on first use and TestMain stops it. Run the benchmark with a fixed
// number of iterations:
//
//	go test -run '^$' -bench BatchLoad -benchtime 3x

// TestMain stops the DynamoDB Local that dynamotest.Client starts for the
// benchmarks that need a server (only when one asks for it, so the
// stub-based tests and benchmarks never start one).
func TestMain(m *testing.M) { dynamotest.Main(m) }

const (
	loadItems       = 5000
	loadConcurrency = 4 // requests in flight, for dynamodel and raw alike
)

func loadOrders() []Order {
	orders := make([]Order, loadItems)
	for i := range orders {
		o := sampleOrder()
		o.OrderID = fmt.Sprintf("o-%05d", i)
		o.Quantity = 1 + i%9
		o.Total = float64(i%1000) + 0.99
		orders[i] = o
	}
	return orders
}

// loadFixture is shared by every run of the benchmark in a process.
type loadFixture struct {
	client *dynamodb.Client
	meta   *entity.Meta
	orders []Order
	tables int
}

var (
	loadOnce sync.Once
	loadFix  *loadFixture
	loadErr  error
)

// loaders are the contenders, each loading orders into an empty table.
var loaders = []struct {
	name string
	load loadFunc
}{
	{"dynamodel", dynamodelBatchLoad},
	{"raw", rawBatchLoad},
	{"sequential-put", sequentialLoad},
}

func newLoadFixture(b *testing.B) *loadFixture {
	client := dynamotest.Client(b)
	loadOnce.Do(func() {
		meta, err := entity.MetaOf[Order]()
		if err != nil {
			loadErr = err
			return
		}
		f := &loadFixture{client: client, meta: meta, orders: loadOrders()}
		// DynamoDB Local is a Java program: its first loads are much
		// slower while the JIT compiles (3 s, then 2 s, ... down to under
		// 1 s after some 30,000 items here). Warm it up once, so that the
		// contender measured first is not penalised.
		ctx := context.Background()
		for _, i := range []int{2, 1, 0, 1, 0, 1, 0, 1, 0} {
			if err := f.once(ctx, loaders[i].load); err != nil {
				loadErr = err
				return
			}
		}
		loadFix = f
	})
	if loadErr != nil {
		b.Fatal(loadErr)
	}
	return loadFix
}

// once loads the orders into a new table, checks that every one was
// stored, and deletes the table.
func (f *loadFixture) once(ctx context.Context, load loadFunc) error {
	_, _, err := f.timed(ctx, nil, load)
	return err
}

type loadFunc = func(ctx context.Context, f *loadFixture, table string) (requests int, err error)

// timed is once that also returns how long the load took, and runs b's
// timer (when b is not nil) for the load alone.
func (f *loadFixture) timed(ctx context.Context, b *testing.B, load loadFunc) (requests int, took time.Duration, err error) {
	f.tables++
	name := fmt.Sprintf("batchload-%d-%d", time.Now().UnixNano(), f.tables)
	if _, err := schema.CreateTable(ctx, f.client, name, f.meta); err != nil {
		return 0, 0, err
	}
	defer func() {
		_, derr := f.client.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(name)})
		if err == nil {
			err = derr
		}
	}()
	if b != nil {
		b.StartTimer()
	}
	start := time.Now()
	requests, err = load(ctx, f, name)
	took = time.Since(start)
	if b != nil {
		b.StopTimer()
	}
	if err != nil {
		return 0, 0, err
	}
	n, err := loadCount(ctx, f.client, name)
	if err != nil {
		return 0, 0, err
	}
	if n != loadItems {
		return 0, 0, fmt.Errorf("%s: %d items stored, want %d", name, n, loadItems)
	}
	return requests, took, nil
}

func BenchmarkBatchLoad(b *testing.B) {
	ctx := context.Background()
	f := newLoadFixture(b)
	for _, l := range loaders {
		b.Run(l.name, func(b *testing.B) {
			defer reportCPU(b)()
			b.StopTimer()
			requests := 0
			for range b.N {
				n, _, err := f.timed(ctx, b, l.load)
				if err != nil {
					b.Fatal(err)
				}
				requests += n
			}
			b.ReportMetric(float64(loadItems*b.N)/b.Elapsed().Seconds(), "items/s")
			b.ReportMetric(float64(requests)/float64(b.N), "requests/op")
		})
	}
	// paired runs one load of each contender per iteration, rotating
	// which goes first, so that the server's drift and whatever else the
	// machine is doing weigh on all of them alike. Its ratios are the
	// figures the design's bars are stated in: dynamodel's throughput over
	// raw's and over sequential-put's, the median of the per-iteration
	// ratios (a burst of other work spoils one iteration, not the result).
	b.Run("paired", func(b *testing.B) {
		b.StopTimer()
		total := make([]time.Duration, len(loaders))
		var overRaw, overSequential []float64
		for i := range b.N {
			took := make([]time.Duration, len(loaders))
			for k := range loaders {
				j := (i + k) % len(loaders)
				_, d, err := f.timed(ctx, b, loaders[j].load)
				if err != nil {
					b.Fatal(err)
				}
				took[j] = d
				total[j] += d
			}
			// took follows loaders: dynamodel, raw, sequential-put.
			overRaw = append(overRaw, took[1].Seconds()/took[0].Seconds())
			overSequential = append(overSequential, took[2].Seconds()/took[0].Seconds())
		}
		for j, l := range loaders {
			b.ReportMetric(float64(loadItems*b.N)/total[j].Seconds(), l.name+"-items/s")
		}
		b.ReportMetric(loadMedian(overRaw), "ratio-raw")
		b.ReportMetric(loadMedian(overSequential), "ratio-sequential")
	})
}

func loadMedian(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// dynamodelBatchLoad is the BatchWriter as an application uses it.
func dynamodelBatchLoad(ctx context.Context, f *loadFixture, name string) (int, error) {
	table, err := entity.NewTable[Order](f.client, entity.TableName(name))
	if err != nil {
		return 0, err
	}
	items := make([]*Order, len(f.orders))
	for i := range f.orders {
		items[i] = &f.orders[i]
	}
	w := update.NewBatchWriter(f.client).Concurrency(loadConcurrency)
	if err := update.BatchPut(w, table, items...); err != nil {
		return 0, err
	}
	rep, err := w.Run(ctx)
	return rep.Requests, err
}

// sequentialLoad puts one item after another with Table.Put.
func sequentialLoad(ctx context.Context, f *loadFixture, name string) (int, error) {
	table, err := entity.NewTable[Order](f.client, entity.TableName(name))
	if err != nil {
		return 0, err
	}
	for i := range f.orders {
		if err := table.Put(&f.orders[i]).Run(ctx); err != nil {
			return i, err
		}
	}
	return len(f.orders), nil
}

// rawBatchLoad is the loader one writes with the SDK alone: MarshalMap
// every item, cut the requests into chunks of 25, send them from
// loadConcurrency goroutines, and resend UnprocessedItems after a short,
// growing pause.
func rawBatchLoad(ctx context.Context, f *loadFixture, table string) (int, error) {
	client, orders := f.client, f.orders
	chunks := make(chan []types.WriteRequest)
	var requests atomic.Int64
	var mu sync.Mutex
	var firstErr error
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
		}
	}
	var wg sync.WaitGroup
	for range loadConcurrency {
		wg.Go(func() {
			for chunk := range chunks {
				pending := map[string][]types.WriteRequest{table: chunk}
				for attempt := 0; len(pending) > 0; attempt++ {
					if attempt > 0 {
						time.Sleep(time.Duration(attempt) * 50 * time.Millisecond)
					}
					requests.Add(1)
					out, err := client.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: pending})
					if err != nil {
						fail(err)
						break
					}
					pending = out.UnprocessedItems
				}
			}
		})
	}
	var chunk []types.WriteRequest
	for i := range orders {
		item, err := attributevalue.MarshalMap(&orders[i])
		if err != nil {
			fail(err)
			break
		}
		chunk = append(chunk, types.WriteRequest{PutRequest: &types.PutRequest{Item: item}})
		if len(chunk) == 25 || i == len(orders)-1 {
			chunks <- chunk
			chunk = nil
		}
	}
	close(chunks)
	wg.Wait()
	return int(requests.Load()), firstErr
}

// loadCount counts the items of a table with Scan (Select=COUNT).
func loadCount(ctx context.Context, client *dynamodb.Client, table string) (int, error) {
	in := &dynamodb.ScanInput{TableName: aws.String(table), Select: types.SelectCount}
	n := 0
	for {
		out, err := client.Scan(ctx, in)
		if err != nil {
			return 0, err
		}
		n += int(out.Count)
		if len(out.LastEvaluatedKey) == 0 {
			return n, nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}
