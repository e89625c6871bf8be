package query

import (
	"context"
	"encoding/binary"
	"fmt"
	"iter"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/argcheck"
	"github.com/dynamodel/dynamodel/internal/capacity"
	"github.com/dynamodel/dynamodel/internal/expr"
	"github.com/dynamodel/dynamodel/internal/exprpool"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/internal/typerule"
	"github.com/dynamodel/dynamodel/keys"
)

// MaxTotalSegments is the most segments DynamoDB splits a parallel scan
// into.
const MaxTotalSegments = 1_000_000

// Scan reads every item of one entity type from the base table or one of its
// indexes with DynamoDB's Scan operation. A Scan reads the whole table (or
// segment) and pays for every item it reads, filtered out or not; it is
// never what a Query turns into, only what is asked for by name.
//
// It is a builder like Query: each method changes the Scan and returns it,
// the first mistake is kept and returned by the terminal call (Input, Page,
// Pages, Items, ParallelScan) before any request is sent, and Clone
// branches a Scan. Like a Query, a built Scan can be shared between
// goroutines: the terminal calls only read it, and After returns a copy.
//
// When the model stamps its entity type (type= in its Model tag) and the
// items read carry it, the Scan adds "_t = <type>" to its filter, so items
// of other entity types sharing the table are skipped rather than refused
// by the decoder. They still count in ScannedCount and cost read capacity.
//
// The terminal calls (Input, Page, Pages, Items and ParallelScan) of a nil
// *Scan return an *entity.InputError (entity.RuleInvalidArgument) rather
// than panic; its other methods need one made by query.NewScan.
type Scan[T any] struct {
	table      *entity.Table[T]
	meta       *entity.Meta
	client     entity.Client
	target     *target // the base table or the index scanned
	filter     cond.Expr
	project    []string
	limit      int
	maxResults int
	consistent bool
	count      bool
	capacity   types.ReturnConsumedCapacity
	cursor     string
	cursorKey  []byte
	segment    int
	total      int // TotalSegments; 0 when not segmented
	err        error

	skipInvalid bool // SkipInvalid: report unreadable items in the page, not as an error
}

// NewScan starts a Scan of table's base table.
func NewScan[T any](table *entity.Table[T]) *Scan[T] {
	s := &Scan[T]{table: table}
	if s.err = argcheck.Table("query.NewScan", table); s.err == nil {
		s.meta = table.Meta()
		s.target, s.client = startOn(table)
	}
	return s
}

func (s *Scan[T]) fail(err error) *Scan[T] {
	if s.err == nil {
		s.err = err
	}
	return s
}

// Clone returns an independent copy.
func (s *Scan[T]) Clone() *Scan[T] {
	c := *s
	c.project = slices.Clone(s.project)
	c.cursorKey = slices.Clone(s.cursorKey)
	return &c
}

// Index scans the named global or local secondary index instead of the base
// table.
func (s *Scan[T]) Index(name string) *Scan[T] {
	if s.err != nil {
		return s
	}
	t, ok := s.target.indexTarget(name)
	if !ok {
		return s.fail(unknownIndex("query.Scan.Index", s.table.Name(), s.meta.TypeName(), name))
	}
	s.target = t
	return s
}

// Filter adds a filter expression, ANDed with earlier ones. Unlike a Query's,
// a Scan's filter may use any attribute, keys included. DynamoDB applies it
// after reading: filtered-out items still count in ScannedCount and still
// cost read capacity. Its attribute names are checked against the model
// when the request is built: one the model does not declare is an
// *entity.InputError (RuleUnknownPath) (DynamoDB would take it and match
// nothing); name an undeclared attribute on purpose with cond.Undeclared.
// On a secondary index projecting KEYS_ONLY or INCLUDE, global or local,
// an attribute the index does not project is refused with
// RuleNotProjected, Undeclared or not: DynamoDB evaluates a Scan's filter
// on the index entry, as if the attribute were absent.
func (s *Scan[T]) Filter(e cond.Expr) *Scan[T] {
	s.filter = cond.And(s.filter, e)
	return s
}

// Project reads only the named top-level attributes. Key attributes are
// always read too (cursors need them); validation covers only what is read.
// An attribute the model does not declare is refused with an
// *entity.InputError (RuleUnknownPath) when the request is built, and on a
// global secondary index one it does not project (RuleNotProjected); a
// local secondary index fetches it from the table, an extra read per item
// (see Query.Project).
func (s *Scan[T]) Project(attributes ...string) *Scan[T] {
	s.project = append(s.project, attributes...)
	return s
}

// Limit sets DynamoDB's Limit: the most items evaluated per request, before
// the filter. A page may hold fewer items than Limit, even none, and still
// have a cursor. In a parallel scan it paces every worker.
func (s *Scan[T]) Limit(n int) *Scan[T] {
	if n < 1 {
		return s.fail(badLimit("query.Scan.Limit", n))
	}
	s.limit = n
	return s
}

// MaxResults asks for at most n matching items, as for a Query: Page sends
// as many requests as it takes and its cursor resumes right after the last
// item returned; Pages and Items stop after n items. A parallel scan
// refuses it.
func (s *Scan[T]) MaxResults(n int) *Scan[T] {
	if n < 1 {
		return s.fail(badLimit("query.Scan.MaxResults", n))
	}
	s.maxResults = n
	return s
}

// ConsistentRead asks for a strongly consistent read (twice the RCU). Global
// secondary indexes refuse it.
func (s *Scan[T]) ConsistentRead() *Scan[T] { s.consistent = true; return s }

// CountOnly asks for the count alone (Select=COUNT): pages carry Count and
// ScannedCount but no items. It costs the same read capacity.
func (s *Scan[T]) CountOnly() *Scan[T] { s.count = true; return s }

// ConsumedCapacity asks DynamoDB to report capacity (TOTAL or INDEXES) on
// every page.
func (s *Scan[T]) ConsumedCapacity(mode types.ReturnConsumedCapacity) *Scan[T] {
	s.capacity = mode
	return s
}

// SkipInvalid reports the items that cannot be read in the page's Invalid
// and leaves them out of Items, instead of returning a *PageError; see
// Query.SkipInvalid. In a parallel scan, a page with such items then no
// longer stops the scan.
func (s *Scan[T]) SkipInvalid() *Scan[T] { s.skipInvalid = true; return s }

// After returns a copy of the scan that resumes from a cursor returned by
// an earlier page of the same scan: same table and index, and for a
// segmented scan the same Segment. s itself is not changed (see Query.After).
// Any other cursor is refused with an error matching ErrInvalidCursor,
// including a Query's.
func (s *Scan[T]) After(cursor string) *Scan[T] {
	c := s.Clone()
	c.cursor = cursor
	return c
}

// SignCursors signs cursors with key (HMAC-SHA-256) and accepts only cursors
// signed with it; see Query.SignCursors.
func (s *Scan[T]) SignCursors(key []byte) *Scan[T] {
	s.cursorKey = slices.Clone(key)
	return s
}

// Segment reads segment i of a scan split into total segments
// (DynamoDB's Segment and TotalSegments: total in 1..MaxTotalSegments, i in
// 0..total-1), for scanning one segment by hand. Page, Pages and Items then
// read that segment only, and its cursors resume that segment only.
// ParallelScan does this for every segment at once.
func (s *Scan[T]) Segment(i, total int) *Scan[T] {
	switch {
	case total < 1 || total > MaxTotalSegments:
		return s.fail(refuse("query.Scan.Segment", RuleSegment, "TotalSegments %d is not in 1..%d", total, MaxTotalSegments))
	case i < 0 || i >= total:
		return s.fail(refuse("query.Scan.Segment", RuleSegment, "Segment %d is not in 0..%d", i, total-1))
	}
	s.segment, s.total = i, total
	return s
}

// scanPlan is a built Scan request plus what reading its answers needs.
type scanPlan struct {
	in        *dynamodb.ScanInput
	binding   [bindingLen]byte
	keyAttrs  []keys.Attribute // table and index key attributes: a cursor's content
	projected []string         // attributes read; nil for whole items
	partial   bool             // reading from an index that does not project everything
}

// Input builds the ScanInput without sending it.
func (s *Scan[T]) Input() (*dynamodb.ScanInput, error) {
	p, err := s.build()
	if err != nil {
		return nil, err
	}
	return p.in, nil
}

// errNilScan is what the terminal calls of a nil *Scan return.
func errNilScan() error { return argcheck.Nil("query.Scan", "*query.Scan", "query.NewScan") }

// build checks the Scan and renders its request. The cursor given with
// After is decoded into ExclusiveStartKey.
func (s *Scan[T]) build() (*scanPlan, error) {
	if s == nil {
		return nil, errNilScan()
	}
	p, err := s.buildBase()
	if err != nil {
		return nil, err
	}
	if s.total > 0 {
		p.in.Segment = aws.Int32(int32(s.segment))
		p.in.TotalSegments = aws.Int32(int32(s.total))
	}
	p.binding = s.binding(s.segment, s.total)
	if s.cursor != "" {
		lek, err := decodeCursor(s.cursor, p.binding, s.cursorKey, p.keyAttrs)
		if err != nil {
			return nil, err
		}
		p.in.ExclusiveStartKey = lek
	}
	return p, nil
}

// buildBase renders everything but the segment, the cursor binding and the
// start key.
func (s *Scan[T]) buildBase() (*scanPlan, error) {
	if s.err != nil {
		return nil, s.err
	}
	t := s.target
	if s.consistent && t.global() {
		return nil, consistentGSI("query.Scan.ConsistentRead", s.table.Name(), t.indexName())
	}
	paths := expr.Expr(s.filter).Paths()
	if err := model.Of(s.meta).CheckPaths(s.table.Name(), paths...); err != nil {
		return nil, err
	}
	if err := t.checkFilter("query.Scan.Filter", s.table.Name(), paths); err != nil {
		return nil, err
	}
	var proj *projection
	if len(s.project) > 0 { // also to refuse unknown attributes with CountOnly
		var err error
		if proj, err = t.projection("query.Scan.Project", s.table.Name(), s.project); err != nil {
			return nil, err
		}
	}
	b := exprpool.Get(model.Of(s.meta))
	defer exprpool.Put(b)
	in := &dynamodb.ScanInput{TableName: aws.String(s.table.Name()), ReturnConsumedCapacity: s.capacity}
	if t.index != nil {
		in.IndexName = aws.String(t.index.Name)
	}

	// The projection's names come first, as in a Query.
	p := &scanPlan{in: in, keyAttrs: t.keyAttrs}
	switch {
	case s.count:
		in.Select = types.SelectCount
	case proj != nil:
		if err := b.Start(proj.preset); err != nil {
			return nil, err
		}
		in.ProjectionExpression = aws.String(proj.preset.Projection())
		p.projected = proj.names
	default:
		p.projected, p.partial = t.indexOnly, t.partial
	}

	filter := s.filter
	if t.metadata {
		filter = cond.And(filter, typerule.Of(model.Of(s.meta)).Filter())
	}
	if !expr.Expr(filter).IsZero() {
		f, err := b.Condition(expr.Expr(filter))
		if err != nil {
			return nil, err
		}
		in.FilterExpression = aws.String(f)
	}

	if s.limit > 0 {
		in.Limit = aws.Int32(int32(min(s.limit, 1<<31-1)))
	}
	if s.consistent {
		in.ConsistentRead = aws.Bool(true)
	}
	in.ExpressionAttributeNames = b.Names()
	in.ExpressionAttributeValues = b.Values()
	return p, nil
}

// binding is what a scan cursor is valid for: table, index, the word "scan"
// (so that no Query cursor fits), and for a segmented scan the segment and
// the number of segments.
func (s *Scan[T]) binding(segment, total int) [bindingLen]byte {
	index := []byte(s.target.indexName())
	parts := [][]byte{[]byte(s.table.Name()), index, []byte("scan")}
	if total > 0 {
		parts = append(parts, binary.BigEndian.AppendUint32(nil, uint32(segment)), binary.BigEndian.AppendUint32(nil, uint32(total)))
	}
	return bindingOf(parts...)
}

// Page sends one request (or, with MaxResults, as many as it takes) and
// returns the page. When items of the page cannot be read, the error is a
// *PageError holding the page, which is returned too; see Query.Page.
func (s *Scan[T]) Page(ctx context.Context) (*Page[T], error) {
	p, err := s.build()
	if err != nil {
		return nil, err
	}
	var page *Page[T]
	if s.maxResults == 0 {
		page, err = s.fetch(ctx, p, p.in, 0)
	} else {
		page, err = s.collect(ctx, p, s.maxResults)
	}
	if err != nil {
		return nil, err
	}
	return page, pageError(page, s.skipInvalid)
}

// fetch sends one request. want > 0 cuts the page after want items and
// points the cursor just after the last one kept.
func (s *Scan[T]) fetch(ctx context.Context, p *scanPlan, in *dynamodb.ScanInput, want int) (*Page[T], error) {
	out, err := s.client.Scan(ctx, in)
	if err != nil {
		if in.TotalSegments != nil {
			return nil, fmt.Errorf("dynamodel: Scan %s segment %d of %d: %w", s.table.Name(), aws.ToInt32(in.Segment), aws.ToInt32(in.TotalSegments), err)
		}
		return nil, fmt.Errorf("dynamodel: Scan %s: %w", s.table.Name(), err)
	}
	page := &Page[T]{
		Count: int(out.Count), ScannedCount: int(out.ScannedCount),
		ConsumedCapacity: out.ConsumedCapacity, Requests: 1,
		LastEvaluatedKey: out.LastEvaluatedKey,
	}
	raw := out.Items
	if want > 0 && len(raw) > want {
		raw = raw[:want]
		page.LastEvaluatedKey = keyOf(raw[want-1], p.keyAttrs)
	}
	decodeItems(s.meta, s.table.Name(), page, p.projected, p.partial, raw)
	if page.Cursor, err = encodeCursor(page.LastEvaluatedKey, p.binding, s.cursorKey); err != nil {
		return nil, err
	}
	return page, nil
}

// decodeItems decodes raw into page.Items with the rules of every read in
// this package: a projected or partial read validates only what it read,
// and carries no metadata when the version attribute is absent. An item
// that does not decode or validate goes to page.Invalid with its key.
func decodeItems[T any](meta *entity.Meta, table string, page *Page[T], projected []string, partial bool, raw []map[string]types.AttributeValue) {
	if len(raw) == 0 {
		return
	}
	page.Items = make([]T, 0, len(raw))
	for _, item := range raw {
		opts := model.DecodeOptions{Projected: projected}
		if partial || projected != nil {
			_, hasVersion := item[entity.VersionAttribute]
			opts.NoMetadata = !hasVersion
		}
		page.Items = append(page.Items, *new(T))
		dst := &page.Items[len(page.Items)-1]
		if err := model.Of(meta).Decode(table, item, dst, opts); err != nil {
			*dst = *new(T) // no half-decoded value left behind
			page.Items = page.Items[:len(page.Items)-1]
			page.addInvalid(entity.ItemError{Table: table, Key: model.Of(meta).KeyOf(item), Err: err})
		}
	}
}

// collect pages until want items have been found or the segment ends.
func (s *Scan[T]) collect(ctx context.Context, p *scanPlan, want int) (*Page[T], error) {
	total := &Page[T]{}
	in := *p.in
	for {
		if s.limit == 0 && !s.count {
			in.Limit = aws.Int32(int32(min(want-len(total.Items), 1<<31-1)))
		}
		page, err := s.fetch(ctx, p, &in, want-len(total.Items))
		if err != nil {
			return nil, err
		}
		total.appendItems(page)
		total.Count += page.Count
		total.ScannedCount += page.ScannedCount
		total.Requests++
		total.ConsumedCapacity = capacity.Add(total.ConsumedCapacity, page.ConsumedCapacity)
		total.Cursor, total.LastEvaluatedKey = page.Cursor, page.LastEvaluatedKey
		if len(total.Items) >= want || len(page.LastEvaluatedKey) == 0 {
			if s.count {
				total.Count = min(total.Count, want)
			}
			return total, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		in.ExclusiveStartKey = page.LastEvaluatedKey
	}
}

// Pages walks the scan (or its segment) a page at a time, one request each,
// until the end, a failed request (its error yielded, then the walk stops)
// or the caller stops. A page with items that cannot be read is yielded
// with its *PageError (nil with SkipInvalid), and the walk goes on if the
// caller does. With MaxResults, the walk ends once that many items have
// been yielded, the last page cut with a cursor right after its last item.
func (s *Scan[T]) Pages(ctx context.Context) iter.Seq2[*Page[T], error] {
	return func(yield func(*Page[T], error) bool) {
		p, err := s.build()
		if err != nil {
			yield(nil, err)
			return
		}
		in := *p.in
		seen := 0
		for {
			want := 0
			if s.maxResults > 0 {
				want = s.maxResults - seen
			}
			page, err := s.fetch(ctx, p, &in, want)
			if err != nil {
				yield(nil, err)
				return
			}
			seen += len(page.Items)
			if !yield(page, pageError(page, s.skipInvalid)) {
				return
			}
			if page.Cursor == "" || (s.maxResults > 0 && seen >= s.maxResults) {
				return
			}
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			in.ExclusiveStartKey = page.LastEvaluatedKey
		}
	}
}

// Items walks the items across pages; see Pages and Query.Items: an item
// that cannot be read is yielded in its place as its *entity.ItemError
// (left out with SkipInvalid), and a failed request ends the walk.
func (s *Scan[T]) Items(ctx context.Context) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		for page, err := range s.Pages(ctx) {
			if page == nil {
				yield(nil, err)
				return
			}
			if !yieldItems(page, s.skipInvalid, yield) {
				return
			}
		}
	}
}

// ScanProgress is where each segment of a parallel scan stands: the
// progress ParallelScan starts from, and the one it returns, with or
// without an error, to continue from.
//
// Segment i is finished when Done[i]; otherwise it continues from
// Cursors[i], or from its start when that is "". The whole scan is finished
// when every segment is: !slices.Contains(p.Done, false). Its length is the
// number of segments. The fields are exported so that progress can be
// stored (as JSON, say) between runs.
type ScanProgress struct {
	Cursors []string
	Done    []bool
}

// NewScanProgress is the progress of a parallel scan of total segments that
// has not started: what ParallelScan starts a new scan from.
func NewScanProgress(total int) *ScanProgress {
	total = max(total, 0)
	return &ScanProgress{Cursors: make([]string, total), Done: make([]bool, total)}
}

// Record notes that segment has been handled up to a page whose cursor is
// cursor: "" marks the segment finished. Calling it on a progress of one's
// own from the function given to ParallelScan, after the page has been
// handled, keeps a progress that can be saved as often as wanted.
// Concurrent calls for different segments are safe.
func (p *ScanProgress) Record(segment int, cursor string) {
	p.Cursors[segment] = cursor
	p.Done[segment] = cursor == ""
}

func (p *ScanProgress) clone() *ScanProgress {
	return &ScanProgress{Cursors: slices.Clone(p.Cursors), Done: slices.Clone(p.Done)}
}

// ParallelScan reads the whole table (or index) split into segments, each in
// its own goroutine, starting from the progress from: NewScanProgress(total)
// for a new scan of total segments, or the progress an earlier ParallelScan
// returned (or one kept with ScanProgress.Record) to continue it. The number
// of workers is the number of segments not finished, so choose total for
// the table's size and capacity, and use Limit to pace them. Each worker
// pages its segment to the end and calls fn with every page, in order for
// that segment; fn is called concurrently from different segments and must
// be safe for that. segment is 0..total-1.
//
// A page with items that cannot be read is still given to fn, with the
// items that could be read and the others in Page.Invalid. Unless the Scan
// has SkipInvalid, its segment then stops with the *PageError (wrapped with
// the segment's number) as the first error; the page counts as handled
// when fn accepted it, so continuing goes on after it.
//
// The first error, from a request or from fn, cancels the ctx given to the
// other workers, which stop before their next request; ParallelScan waits
// for all of them and returns that error. The progress it returns, with or
// without an error, says for each segment which pages fn has accepted:
// ParallelScan continues from there, handing fn again the page it refused.
// Pages are thus delivered at least once across runs, so fn should be
// idempotent. from is not modified; the progress returned is new.
//
// Everything is checked before the first request: from must have 1 to
// MaxTotalSegments segments, each cursor must fit its segment (same table,
// index and signing key as the scan that made it; ErrInvalidCursor), and
// the Scan must not set Segment, After or MaxResults (RuleSegment,
// RuleParallelScan).
func (s *Scan[T]) ParallelScan(ctx context.Context, from *ScanProgress, fn func(ctx context.Context, segment int, page *Page[T]) error) (*ScanProgress, error) {
	if from == nil || len(from.Cursors) != len(from.Done) {
		return nil, refuse("query.ParallelScan", RuleSegment, "a ScanProgress needs one cursor and one done flag per segment")
	}
	if n := len(from.Cursors); n < 1 || n > MaxTotalSegments {
		return nil, refuse("query.ParallelScan", RuleSegment, "TotalSegments %d is not in 1..%d", n, MaxTotalSegments)
	}
	return s.parallel(ctx, from.clone(), fn)
}

func (s *Scan[T]) parallel(ctx context.Context, progress *ScanProgress, fn func(ctx context.Context, segment int, page *Page[T]) error) (*ScanProgress, error) {
	switch {
	case s == nil:
		return nil, errNilScan()
	case s.err != nil:
		return nil, s.err
	case fn == nil:
		return nil, refuse("query.ParallelScan", RuleParallelScan, "no function to call with the pages")
	case s.total > 0:
		return nil, refuse("query.ParallelScan", RuleParallelScan, "it chooses the segments itself; do not set Segment")
	case s.cursor != "":
		return nil, refuse("query.ParallelScan", RuleParallelScan, "one cursor cannot resume every segment; give a ScanProgress")
	case s.maxResults > 0:
		return nil, refuse("query.ParallelScan", RuleParallelScan, "MaxResults counts the items of one walk; a parallel scan has one per segment")
	}
	base, err := s.buildBase()
	if err != nil {
		return nil, err
	}
	total := len(progress.Cursors)
	starts := make(map[int]map[string]types.AttributeValue)
	for i, c := range progress.Cursors {
		if progress.Done[i] || c == "" {
			continue
		}
		lek, err := decodeCursor(c, s.binding(i, total), s.cursorKey, base.keyAttrs)
		if err != nil {
			return nil, fmt.Errorf("segment %d: %w", i, err)
		}
		starts[i] = lek
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for i := range total {
		if progress.Done[i] {
			continue
		}
		wg.Go(func() {
			if err := s.worker(ctx, base, i, total, starts[i], progress, fn); err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
					cancel()
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return progress, firstErr
}

// worker pages one segment to its end, recording in progress each page fn
// accepted.
func (s *Scan[T]) worker(ctx context.Context, base *scanPlan, segment, total int, start map[string]types.AttributeValue, progress *ScanProgress, fn func(context.Context, int, *Page[T]) error) error {
	p := *base
	p.binding = s.binding(segment, total)
	in := *base.in
	in.Segment = aws.Int32(int32(segment))
	in.TotalSegments = aws.Int32(int32(total))
	in.ExclusiveStartKey = start
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		page, err := s.fetch(ctx, &p, &in, 0)
		if err != nil {
			return err
		}
		if err := fn(ctx, segment, page); err != nil {
			return err
		}
		progress.Record(segment, page.Cursor)
		if err := pageError(page, s.skipInvalid); err != nil {
			return fmt.Errorf("dynamodel: Scan %s segment %d of %d: %w", s.table.Name(), segment, total, err)
		}
		if page.Cursor == "" {
			return nil
		}
		in.ExclusiveStartKey = page.LastEvaluatedKey
	}
}
