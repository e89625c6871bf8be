package update

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/argcheck"
	"github.com/dynamodel/dynamodel/internal/backoff"
	"github.com/dynamodel/dynamodel/internal/capacity"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/itemid"
	"github.com/dynamodel/dynamodel/internal/keyrules"
	"github.com/dynamodel/dynamodel/internal/model"
)

// Outcomes of batch writes. (Refusals before sending are *entity.InputError
// values with this package's rules.)
var (
	// ErrBatchIncomplete: Run sent the batch but some operations were not
	// written; the report lists them in NotWritten. The error also
	// matches the first such operation's error (or the context's, when
	// Run was cancelled).
	ErrBatchIncomplete = errors.New("update: batch write incomplete")
	// ErrBatchUnprocessed: DynamoDB kept returning the operation in
	// UnprocessedItems until the writer ran out of attempts.
	ErrBatchUnprocessed = errors.New("update: left unprocessed by DynamoDB")
)

// DynamoDB's limits on one BatchWriteItem request.
const (
	batchMaxOps = 25
	// batchMaxBytes is the 16 MB request limit, taken as 16,000,000 bytes
	// (the smaller reading) and compared with an upper bound of the JSON
	// the SDK sends.
	batchMaxBytes = 16_000_000
	// batchReserve covers the request's own JSON: table names, the
	// ReturnConsumedCapacity member, braces.
	batchReserve = 64 << 10
)

// Defaults of a BatchWriter.
const (
	DefaultBatchConcurrency = 4
	DefaultBatchAttempts    = 10
	DefaultBatchBaseDelay   = 50 * time.Millisecond
	DefaultBatchMaxDelay    = 5 * time.Second
)

// batchConfig is a BatchWriter's settings, copied by Run for its requests.
type batchConfig struct {
	concurrency int
	attempts    int
	backoff     backoff.Backoff
	progress    func(BatchProgress)
	capacity    types.ReturnConsumedCapacity
	err         error // the first setting refused
}

func (c *batchConfig) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// BatchWriter collects puts and deletes for any number of tables and entity
// types and writes them with BatchWriteItem when Run is called.
//
// Operations are added with the generic functions BatchPut and BatchDelete,
// which validate and encode each one at once (a put of an invalid item is
// refused then, not at the server). Run then sends nothing at all unless
// every operation added is valid and no two of them write the same item;
// otherwise it returns an *entity.InputError (RuleBatchRefused) whose cause
// joins each refused operation's own input error, naming it by its
// position. Once the batch is accepted, Run splits it into requests of
// at most 25 operations and 16 MB, sends them from a bounded pool of
// goroutines, resends UnprocessedItems and retries throttled or failed
// (5xx, connection) requests with exponential backoff and full jitter, and
// returns a BatchReport that accounts for every operation: written, or
// listed in NotWritten with the last error.
//
// BatchWriteItem has no conditions and returns no old items: a put replaces
// the item with its key, a delete of a missing item is not an error. Each
// operation is atomic, the batch as a whole is not: when Run reports
// operations not written, the others are written.
//
// A BatchWriter holds the encoded items until Run, and Run empties it, so
// it can be filled again for the next batch. For an unbounded stream, call
// Run every few thousand items.
//
// Its settings (Concurrency, MaxAttempts, Backoff, ConsumedCapacity,
// OnProgress) are methods that return the writer, to be chained on
// NewBatchWriter. A setting out of range is kept, and Run returns it (an
// *entity.InputError with RuleBatchOption) before anything is sent; the
// first such mistake is the one reported. Make the settings before the
// writer is shared: once set up, a BatchWriter is safe for concurrent use
// (BatchPut, BatchDelete, Len and Run from any goroutines), and each Run
// uses the settings it finds when it starts.
type BatchWriter struct {
	client entity.Client
	cfg    batchConfig

	mu      sync.Mutex
	ops     []*batchOp
	seen    map[string]int // table + key → position of the first operation
	refused []error
}

// NewBatchWriter returns a writer that sends through client, such as the
// client the tables written were made with, with the default settings
// (DefaultBatchConcurrency, DefaultBatchAttempts, DefaultBatchBaseDelay,
// DefaultBatchMaxDelay). A nil client is reported by Run, before anything
// is sent.
//
//	w := update.NewBatchWriter(client).Concurrency(8).OnProgress(report)
func NewBatchWriter(client entity.Client) *BatchWriter {
	w := &BatchWriter{client: client, seen: map[string]int{}}
	w.cfg = batchConfig{
		concurrency: DefaultBatchConcurrency,
		attempts:    DefaultBatchAttempts,
		backoff:     backoff.Backoff{Base: DefaultBatchBaseDelay, Max: DefaultBatchMaxDelay},
	}
	if client == nil {
		w.cfg.fail(batchOptionError("update.NewBatchWriter", "no client"))
	}
	return w
}

// set applies one setting under the writer's lock, so that a setting made
// while a Run starts is either seen by it entirely or not at all.
func (w *BatchWriter) set(fn func(c *batchConfig)) *BatchWriter {
	if w == nil { // Run reports it
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	fn(&w.cfg)
	return w
}

// Concurrency sets how many BatchWriteItem requests Run has in flight at
// once (default DefaultBatchConcurrency). n must be at least 1.
func (w *BatchWriter) Concurrency(n int) *BatchWriter {
	return w.set(func(c *batchConfig) {
		if n < 1 {
			c.fail(batchOptionError("update.BatchWriter.Concurrency", "%d is less than 1", n))
			return
		}
		c.concurrency = n
	})
}

// MaxAttempts bounds the requests Run sends for each chunk of up to 25
// operations, the first included (default DefaultBatchAttempts). Every
// request counts, whether it was throttled as a whole or left items
// unprocessed. Operations still not written after that are reported in
// BatchReport.NotWritten. n must be at least 1.
func (w *BatchWriter) MaxAttempts(n int) *BatchWriter {
	return w.set(func(c *batchConfig) {
		if n < 1 {
			c.fail(batchOptionError("update.BatchWriter.MaxAttempts", "%d is less than 1", n))
			return
		}
		c.attempts = n
	})
}

// Backoff sets the waits before retries: before retry n of a chunk, a
// random time between 0 and min(max, base·2^(n-1)) ("full jitter", which
// spreads the retries of many writers instead of letting them collide).
// The defaults are DefaultBatchBaseDelay and DefaultBatchMaxDelay. base
// must be positive and max at least base.
func (w *BatchWriter) Backoff(base, max time.Duration) *BatchWriter {
	return w.set(func(c *batchConfig) {
		if why := backoff.Check(base, max); why != "" {
			c.fail(batchOptionError("update.BatchWriter.Backoff", "%s", why))
			return
		}
		c.backoff = backoff.Backoff{Base: base, Max: max}
	})
}

// ConsumedCapacity asks DynamoDB to report the capacity consumed (TOTAL,
// or INDEXES for a breakdown per index), summed per table into
// BatchReport.ConsumedCapacity, as Update.ConsumedCapacity does for an
// update.
func (w *BatchWriter) ConsumedCapacity(mode types.ReturnConsumedCapacity) *BatchWriter {
	return w.set(func(c *batchConfig) { c.capacity = mode })
}

// OnProgress has fn called after every BatchWriteItem response, and
// whenever operations are given up, with the counts so far. The calls come
// from the writer's goroutines one at a time, with counts that never
// decrease; the writer waits for each, so fn should be quick.
func (w *BatchWriter) OnProgress(fn func(BatchProgress)) *BatchWriter {
	return w.set(func(c *batchConfig) { c.progress = fn })
}

// batchOp is one validated, encoded operation.
type batchOp struct {
	index int
	table string
	put   bool
	item  map[string]types.AttributeValue // puts
	key   map[string]types.AttributeValue // deletes; puts build it on demand
	names []string                        // the primary-key attribute names, sorted
	id    string                          // the item's identity (internal/itemid)
	size  int                             // upper bound of its JSON in the request
}

// primaryKey returns the operation's primary key.
func (op *batchOp) primaryKey() map[string]types.AttributeValue {
	if op.key == nil && op.item != nil {
		op.key = make(map[string]types.AttributeValue, len(op.names))
		for _, n := range op.names {
			op.key[n] = op.item[n]
		}
	}
	return op.key
}

// batchKeyNames returns meta's primary-key attribute names, sorted.
func batchKeyNames(meta *entity.Meta) []string {
	var names []string
	for _, a := range keyrules.All(meta.PrimaryKey()) {
		names = append(names, a.Name)
	}
	slices.Sort(names)
	return names
}

func (op *batchOp) request() types.WriteRequest {
	if op.put {
		return types.WriteRequest{PutRequest: &types.PutRequest{Item: op.item}}
	}
	return types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: op.key}}
}

func (op *batchOp) opName() string {
	if op.put {
		return "Put"
	}
	return "Delete"
}

// BatchPut adds a put of each item to w: each is validated and encoded as
// Table.Put would (validate tags, keys, the 400 KB limit). It returns a
// *entity.InputError for each item refused (joined with errors.Join when
// several are), which w also keeps, so that Run sends nothing; nil when all
// were accepted. Items of an entity with an optimistic-lock version field
// are refused with RuleLocked, and those
// of an entity with unique constraints with entity.RuleUnique (their guard
// items are written by the txn package). The
// items are copied into their encoded form, so they may change after the
// call without affecting the batch. A nil w is refused with
// entity.RuleInvalidArgument.
func BatchPut[T any](w *BatchWriter, table *entity.Table[T], items ...*T) error {
	if w == nil {
		return argcheck.Nil("update.BatchPut", "*update.BatchWriter", "update.NewBatchWriter")
	}
	if err := argcheck.Table("update.BatchPut", table); err != nil {
		return w.refuseAll(len(items), "Put", err)
	}
	meta, name := table.Meta(), table.Name()
	names := batchKeyNames(meta)
	unique := batchUniqueError(meta)
	_, locked := model.Of(meta).LockAttribute()
	// Encode before taking the lock, so that concurrent callers do not
	// wait for each other.
	ops := make([]batchOp, len(items))
	errs := make([]error, len(items))
	batchEach(len(items), func(i int) {
		op := &ops[i]
		*op = batchOp{table: name, put: true, names: names}
		if unique != nil {
			errs[i] = unique
			return
		}
		if locked {
			errs[i] = refusal(RuleLocked, "%s has lock field %s: BatchWriteItem cannot check it", meta.TypeName(), batchLockName(meta))
			return
		}
		av, err := model.Of(meta).EncodeItem(name, items[i])
		if err != nil {
			errs[i] = err
			return
		}
		op.item = av
		op.id = itemid.OfItem(name, names, av)
		op.size = 32 + batchWireItem(av)
	})
	return w.add(ops, errs)
}

// batchEach calls fn for 0 ≤ i < n, spread over the available processors
// when n is large enough to make it worth it: validating and encoding
// thousands of items is CPU work done before the first request is sent.
func batchEach(n int, fn func(i int)) {
	const perWorker = 128
	workers := min(runtime.GOMAXPROCS(0), n/perWorker)
	if workers < 2 {
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	for k := range workers {
		lo, hi := k*n/workers, (k+1)*n/workers
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// BatchDelete adds a delete of the item with each key to w. A key that does
// not fit the table's key schema is refused like an invalid put, and so are
// deletes of an entity with unique constraints (entity.RuleUnique). Deletes
// do not check a lock version, like Table.Delete without IfVersion. A nil
// w is refused with entity.RuleInvalidArgument.
func BatchDelete[T any](w *BatchWriter, table *entity.Table[T], keys ...entity.Key) error {
	if w == nil {
		return argcheck.Nil("update.BatchDelete", "*update.BatchWriter", "update.NewBatchWriter")
	}
	if err := argcheck.Table("update.BatchDelete", table); err != nil {
		return w.refuseAll(len(keys), "Delete", err)
	}
	meta, name := table.Meta(), table.Name()
	names := batchKeyNames(meta)
	unique := batchUniqueError(meta)
	ops := make([]batchOp, len(keys))
	errs := make([]error, len(keys))
	for i, k := range keys {
		op := &ops[i]
		*op = batchOp{table: name, names: names}
		if unique != nil {
			errs[i] = unique
			continue
		}
		av, err := model.Of(meta).EncodeKey(name, k)
		if err != nil {
			errs[i] = err
			continue
		}
		op.key = av
		op.id = itemid.OfItem(name, names, av)
		op.size = 32 + batchWireItem(av)
	}
	return w.add(ops, errs)
}

// add appends encoded operations, numbering them, and records the refused
// ones (errs[i] != nil) and those writing an item already in the batch.
func (w *BatchWriter) add(ops []batchOp, errs []error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	var refused []error
	for i := range ops {
		op := &ops[i]
		op.index = len(w.ops)
		w.ops = append(w.ops, op)
		if errs[i] != nil {
			refused = append(refused, op.refused(errs[i], ""))
			continue
		}
		if first, dup := w.seen[op.id]; dup {
			refused = append(refused, op.refused(refusal(RuleDuplicateKey, "operation %d (%s) writes it too", first, w.ops[first].opName()), model.FormatKey(op.primaryKey())))
			continue
		}
		w.seen[op.id] = op.index
	}
	if len(refused) == 0 {
		return nil
	}
	w.refused = append(w.refused, refused...)
	if len(refused) == 1 {
		return refused[0]
	}
	return errors.Join(refused...)
}

// refused reports err, why op was refused, as an input error naming the
// operation by its position among those added since the last Run, and the
// item's key when known.
func (op *batchOp) refused(err error, key string) *errs.InputError {
	e := errs.Within(err, "update.Batch"+op.opName(), op.table, fmt.Sprintf("operation %d", op.index))
	if e.Key == "" {
		e.Key = key
	}
	return e
}

func batchOptionError(op, format string, args ...any) *errs.InputError {
	e := refusal(RuleBatchOption, format, args...)
	e.Op = op
	return e
}

// refuseAll records n operations refused with err, as add does for
// invalid ones, so that Run sends nothing. With no operation to refuse,
// err is returned alone.
func (w *BatchWriter) refuseAll(n int, opName string, err error) error {
	if n == 0 {
		return err
	}
	ops := make([]batchOp, n)
	errs := make([]error, n)
	for i := range ops {
		ops[i].put = opName == "Put"
		errs[i] = err
	}
	return w.add(ops, errs)
}

// batchUniqueError refuses entities with unique constraints, as Table.Put
// and Table.Delete do: their guard items are kept in step only by the txn
// package.
func batchUniqueError(meta *entity.Meta) error {
	if len(model.Of(meta).Uniques()) == 0 {
		return nil
	}
	return &entity.InputError{Rule: entity.RuleUnique, Detail: meta.TypeName() + " has unique constraints; write it with the txn package so its guard items stay in step"}
}

func batchLockName(meta *entity.Meta) string {
	a, _ := model.Of(meta).LockAttribute()
	return a.Name
}

// Len is the number of operations added since the last Run, refused ones
// included.
func (w *BatchWriter) Len() int {
	if w == nil {
		return 0
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.ops)
}

// BatchProgress is what an OnProgress callback receives.
type BatchProgress struct {
	Written  int // operations written so far
	Failed   int // operations given up so far
	Total    int // operations in the batch
	Requests int // BatchWriteItem requests sent so far
	Retries  int // of which retries
}

// BatchReport accounts for every operation of a Run.
type BatchReport struct {
	Puts, Deletes int // operations written
	Requests      int // BatchWriteItem requests sent, retries included
	Retries       int // requests that resent operations (unprocessed, or after a retryable error)
	// ConsumedCapacity is the capacity consumed per table, summed over the
	// requests, in table-name order; nil unless ConsumedCapacity is given.
	ConsumedCapacity []types.ConsumedCapacity
	// NotWritten lists the operations that were not written, in the order
	// they were added; empty when Run returns nil.
	NotWritten []BatchUnwritten
	Duration   time.Duration // how long Run took
}

// BatchUnwritten is an operation Run could not write.
type BatchUnwritten struct {
	// Index is the operation's position among those added, from 0; -1 in
	// the unlikely case DynamoDB returned an unprocessed item that cannot
	// be matched with one (it is still reported, never dropped).
	Index int
	Op    string // "Put" or "Delete"
	Table string
	Key   map[string]types.AttributeValue // the item's primary key
	Item  map[string]types.AttributeValue // the encoded item, for puts
	// Err is the last error: ErrBatchUnprocessed (wrapped) when DynamoDB
	// left the operation unprocessed on every attempt, the request's
	// error when DynamoDB refused the request or kept failing it, or the
	// context's error when Run was cancelled. An operation in a request cut
	// short by the context or by a connection error may still have been
	// applied by DynamoDB.
	Err error
}

// Run sends every operation added since the last Run and empties the
// writer. It first checks the whole batch: if a setting was invalid (or
// the client nil) it returns an *entity.InputError with RuleBatchOption, and if any operation
// was refused by BatchPut or BatchDelete one with RuleBatchRefused, whose
// cause joins every refused operation's error; either way nothing is sent
// and the report is empty. On a nil *BatchWriter (whose settings methods
// return nil) it returns an empty report and an *entity.InputError with
// entity.RuleInvalidArgument.
//
// Otherwise it writes the operations in requests of at most 25 operations
// and 16 MB, in the order they were added, with up to Concurrency
// requests in flight. Items returned in UnprocessedItems are resent, and
// requests that fail with a throttling error
// (ProvisionedThroughputExceededException, ThrottlingException,
// RequestLimitExceeded, …), a 5xx status or a connection error are sent
// again, both after a backoff with full jitter (Backoff), up to
// MaxAttempts requests per chunk. Any other error
// (ValidationException, ResourceNotFoundException, …) gives up that chunk
// at once; the other chunks go on. When ctx ends, no more requests are
// sent.
//
// The report always accounts for every operation. When some were not
// written they are in report.NotWritten, and Run returns an error matching
// ErrBatchIncomplete and the first such operation's error (or
// context.Canceled or context.DeadlineExceeded when ctx ended).
//
// The client's own retryer still works beneath Run: with the SDK's
// default, each request Run counts may be up to three HTTP attempts.
func (w *BatchWriter) Run(ctx context.Context) (*BatchReport, error) {
	if w == nil {
		return &BatchReport{}, argcheck.Nil("update.BatchWriter.Run", "*update.BatchWriter", "update.NewBatchWriter")
	}
	w.mu.Lock()
	ops, refused, cfg := w.ops, w.refused, w.cfg
	w.ops, w.refused, w.seen = nil, nil, map[string]int{}
	w.mu.Unlock()

	report := &BatchReport{}
	if cfg.err != nil {
		return report, cfg.err
	}
	if len(refused) > 0 {
		e := refusal(RuleBatchRefused, "%d of %d operations refused, nothing sent", len(refused), len(ops))
		e.Op, e.Err = "update.BatchWriter.Run", errors.Join(refused...)
		return report, e
	}
	if len(ops) == 0 {
		return report, nil
	}
	start := time.Now()
	r := &batchRun{w: w, cfg: cfg, report: report, total: len(ops)}
	chunks := batchChunks(ops)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(cfg.concurrency, len(chunks)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(chunks) {
					return
				}
				r.send(ctx, chunks[i])
			}
		})
	}
	wg.Wait()
	report.Duration = time.Since(start)
	if len(r.capacity) > 0 {
		for _, table := range slices.Sorted(maps.Keys(r.capacity)) {
			report.ConsumedCapacity = append(report.ConsumedCapacity, *r.capacity[table])
		}
	}
	if len(report.NotWritten) == 0 {
		return report, nil
	}
	slices.SortStableFunc(report.NotWritten, func(a, b BatchUnwritten) int { return a.Index - b.Index })
	cause := report.NotWritten[0].Err
	if err := ctx.Err(); err != nil && slices.ContainsFunc(report.NotWritten, func(u BatchUnwritten) bool { return errors.Is(u.Err, err) }) {
		cause = err
	}
	return report, fmt.Errorf("%w: %d of %d operations not written: %w", ErrBatchIncomplete, len(report.NotWritten), len(ops), cause)
}

// batchChunks splits ops, in order, into requests of at most 25 operations
// and batchMaxBytes. Keys are unique within the whole batch, so they are
// within each chunk.
func batchChunks(ops []*batchOp) [][]*batchOp {
	var chunks [][]*batchOp
	var cur []*batchOp
	size := batchReserve
	for _, op := range ops {
		if len(cur) == batchMaxOps || (len(cur) > 0 && size+op.size > batchMaxBytes) {
			chunks = append(chunks, cur)
			cur, size = nil, batchReserve
		}
		cur = append(cur, op)
		size += op.size
	}
	return append(chunks, cur)
}

// batchRun is the shared state of one Run.
type batchRun struct {
	w     *BatchWriter
	cfg   batchConfig // the writer's settings when Run started
	total int

	mu       sync.Mutex
	report   *BatchReport
	failed   int
	capacity map[string]*types.ConsumedCapacity
}

// send writes one chunk, with retries, and records the outcome of each of
// its operations.
func (r *batchRun) send(ctx context.Context, chunk []*batchOp) {
	cfg := &r.cfg
	pending := make(map[string][]types.WriteRequest)
	for _, op := range chunk {
		pending[op.table] = append(pending[op.table], op.request())
	}
	var lastErr error
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			r.giveUp(chunk, pending, err)
			return
		}
		if attempt > cfg.attempts {
			if lastErr == nil {
				lastErr = fmt.Errorf("%w after %d attempts", ErrBatchUnprocessed, cfg.attempts)
			} else {
				lastErr = fmt.Errorf("after %d attempts: %w", cfg.attempts, lastErr)
			}
			r.giveUp(chunk, pending, lastErr)
			return
		}
		if attempt > 1 {
			if err := backoff.Sleep(ctx, cfg.backoff.Delay(attempt-1)); err != nil {
				r.giveUp(chunk, pending, err)
				return
			}
		}
		out, err := r.w.client.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{
			RequestItems:           pending,
			ReturnConsumedCapacity: cfg.capacity,
		})
		if err != nil {
			r.record(attempt, nil, nil, nil)
			if ctx.Err() != nil {
				r.giveUp(chunk, pending, ctx.Err())
				return
			}
			lastErr = fmt.Errorf("update: BatchWriteItem: %w", err)
			if !batchRetryable(err) {
				r.giveUp(chunk, pending, lastErr)
				return
			}
			continue
		}
		lastErr = nil
		left := out.UnprocessedItems
		r.record(attempt, pending, left, out.ConsumedCapacity)
		if batchCount(left) == 0 {
			return
		}
		pending = left
	}
}

// record counts one request and what it wrote: what was sent minus what
// was left.
func (r *batchRun) record(attempt int, sent, left map[string][]types.WriteRequest, cc []types.ConsumedCapacity) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rep := r.report
	rep.Requests++
	if attempt > 1 {
		rep.Retries++
	}
	if sent != nil {
		sp, sd := batchCountKinds(sent)
		lp, ld := batchCountKinds(left)
		rep.Puts += sp - lp
		rep.Deletes += sd - ld
	}
	for i := range cc {
		table := aws.ToString(cc[i].TableName)
		if r.capacity == nil {
			r.capacity = map[string]*types.ConsumedCapacity{}
		}
		sum := r.capacity[table]
		if sum == nil {
			sum = &types.ConsumedCapacity{TableName: aws.String(table)}
			r.capacity[table] = sum
		}
		capacity.Add(sum, &cc[i])
	}
	r.progress()
}

// giveUp reports the pending operations of chunk as not written.
func (r *batchRun) giveUp(chunk []*batchOp, pending map[string][]types.WriteRequest, err error) {
	// Match what is pending with the chunk's operations by table and key.
	byID := make(map[string]*batchOp, len(chunk))
	names := map[string][][]string{} // table → the key attribute names of its operations
	for _, op := range chunk {
		byID[op.id] = op
		if !slices.ContainsFunc(names[op.table], func(n []string) bool { return slices.Equal(n, op.names) }) {
			names[op.table] = append(names[op.table], op.names)
		}
	}
	var lost []BatchUnwritten
	for _, table := range slices.Sorted(maps.Keys(pending)) {
		for _, req := range pending[table] {
			u := BatchUnwritten{Index: -1, Table: table, Err: err}
			var attrs map[string]types.AttributeValue
			switch {
			case req.PutRequest != nil:
				u.Op, u.Item, attrs = "Put", req.PutRequest.Item, req.PutRequest.Item
			case req.DeleteRequest != nil:
				u.Op, u.Key, attrs = "Delete", req.DeleteRequest.Key, req.DeleteRequest.Key
			default:
				continue
			}
			for _, n := range names[table] {
				if op, ok := byID[itemid.OfItem(table, n, attrs)]; ok {
					u.Index, u.Key = op.index, op.primaryKey()
					break
				}
			}
			lost = append(lost, u)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.report.NotWritten = append(r.report.NotWritten, lost...)
	r.failed += len(lost)
	r.progress()
}

// progress calls the progress callback; r.mu is held.
func (r *batchRun) progress() {
	fn := r.cfg.progress
	if fn == nil {
		return
	}
	fn(BatchProgress{
		Written:  r.report.Puts + r.report.Deletes,
		Failed:   r.failed,
		Total:    r.total,
		Requests: r.report.Requests,
		Retries:  r.report.Retries,
	})
}

func batchCount(m map[string][]types.WriteRequest) int {
	n := 0
	for _, reqs := range m {
		n += len(reqs)
	}
	return n
}

func batchCountKinds(m map[string][]types.WriteRequest) (puts, deletes int) {
	for _, reqs := range m {
		for _, r := range reqs {
			switch {
			case r.PutRequest != nil:
				puts++
			case r.DeleteRequest != nil:
				deletes++
			}
		}
	}
	return puts, deletes
}

// batchRetryables are the SDK's own checks: throttling codes, 5xx statuses,
// connection errors, RequestTimeout.
var batchRetryables = retry.IsErrorRetryables(retry.DefaultRetryables)

// batchRetryable says whether a failed request is worth sending again. A
// client-side retry quota running out is, as it says nothing about the
// request; a cancelled or expired context is not.
func batchRetryable(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var quota ratelimit.QuotaExceededError
	if errors.As(err, &quota) {
		return true
	}
	return batchRetryables.IsErrorRetryable(err) == aws.TrueTernary
}

// batchWireItem is an upper bound of the JSON the SDK writes for an item
// or key: names and string values counted with the worst case of their
// escapes, binary values in base64, a few bytes of syntax per element.
func batchWireItem(item map[string]types.AttributeValue) int {
	n := 2
	for name, v := range item {
		n += batchWireString(name) + 1 + batchWireValue(v) + 1
	}
	return n
}

func batchWireValue(v types.AttributeValue) int {
	const wrap = 8 // {"S":} and the like
	switch x := v.(type) {
	case *types.AttributeValueMemberS:
		return wrap + batchWireString(x.Value)
	case *types.AttributeValueMemberN:
		return wrap + batchWireString(x.Value)
	case *types.AttributeValueMemberB:
		return wrap + batchWireBase64(len(x.Value))
	case *types.AttributeValueMemberBOOL:
		return wrap + 5
	case *types.AttributeValueMemberNULL:
		return wrap + 5
	case *types.AttributeValueMemberSS:
		n := wrap + 2
		for _, s := range x.Value {
			n += batchWireString(s) + 1
		}
		return n
	case *types.AttributeValueMemberNS:
		n := wrap + 2
		for _, s := range x.Value {
			n += batchWireString(s) + 1
		}
		return n
	case *types.AttributeValueMemberBS:
		n := wrap + 2
		for _, b := range x.Value {
			n += batchWireBase64(len(b)) + 3
		}
		return n
	case *types.AttributeValueMemberL:
		n := wrap + 2
		for _, e := range x.Value {
			n += batchWireValue(e) + 1
		}
		return n
	case *types.AttributeValueMemberM:
		return wrap + batchWireItem(x.Value)
	}
	return wrap + 16
}

func batchWireBase64(n int) int { return (n+2)/3*4 + 2 }

// batchWireString bounds the length of s as a JSON string with its quotes:
// control characters become \u00XX, quote and backslash take two bytes,
// and non-ASCII bytes are counted twice (U+2028 and U+2029 may be escaped
// as six bytes from three), or six times when s is not valid UTF-8 (each
// bad byte may become \ufffd).
func batchWireString(s string) int {
	n := 2
	wide := 0 // bytes counted per non-ASCII byte, decided on the first one
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20:
			n += 6
		case c == '"' || c == '\\':
			n += 2
		case c < utf8.RuneSelf:
			n++
		default:
			if wide == 0 {
				wide = 2
				if !utf8.ValidString(s) {
					wide = 6
				}
			}
			n += wide
		}
	}
	return n
}
