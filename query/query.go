package query

import (
	"context"
	"fmt"
	"iter"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/argcheck"
	"github.com/dynamodel/dynamodel/internal/capacity"
	"github.com/dynamodel/dynamodel/internal/expr"
	"github.com/dynamodel/dynamodel/internal/exprpool"
	"github.com/dynamodel/dynamodel/internal/keyrules"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/keys"
)

// Query reads items of one entity type from the base table or one of its
// indexes with DynamoDB's Query operation. It is a builder: each method
// changes the Query and returns it, and the first mistake is kept and
// returned by the terminal call (Input, Page, Pages, Items) before any
// request is sent. Use Clone to branch a Query.
//
// A built Query can be shared: kept in a package variable and used from
// many goroutines at once. The terminal calls only read it, and After
// returns a copy resuming from a cursor, leaving the Query as it was, so
// each goroutine pages with its own cursor:
//
//	var openByAssignee = query.New(orders).Index("ByAssignee").Where(...)
//
//	page, err := openByAssignee.After(cursor).Page(ctx) // from any goroutine
//
// The other methods change the Query they are called on: finish building
// before sharing it, or build on a Clone.
//
// Nothing is hidden: Limit is DynamoDB's Limit (items evaluated per request,
// before the filter); one Page call is one request unless MaxResults asks
// for more; Count, ScannedCount and consumed capacity are on every page.
type Query[T any] struct {
	table      *entity.Table[T]
	meta       *entity.Meta
	client     entity.Client
	target     *target // the base table or the index queried
	keyConds   []KeyCondition
	filter     cond.Expr
	project    []string
	limit      int
	maxResults int
	descending bool
	consistent bool
	count      bool
	capacity   types.ReturnConsumedCapacity
	cursor     string
	cursorKey  []byte
	err        error

	skipInvalid bool // SkipInvalid: report unreadable items in the page, not as an error
}

// New starts a Query on table's base table.
func New[T any](table *entity.Table[T]) *Query[T] {
	q := &Query[T]{table: table}
	if q.err = argcheck.Table("query.New", table); q.err == nil {
		q.meta, q.target, q.client = startOn(table)
	}
	return q
}

func (q *Query[T]) fail(err error) *Query[T] {
	if q.err == nil {
		q.err = err
	}
	return q
}

// Clone returns an independent copy.
func (q *Query[T]) Clone() *Query[T] {
	c := *q
	c.keyConds = slices.Clone(q.keyConds)
	c.project = slices.Clone(q.project)
	c.cursorKey = slices.Clone(q.cursorKey)
	return &c
}

// Index queries the named global or local secondary index instead of the
// base table.
func (q *Query[T]) Index(name string) *Query[T] {
	if q.err != nil {
		return q
	}
	t, ok := q.target.indexTarget(name)
	if !ok {
		return q.fail(unknownIndex("query.Index", q.table.Name(), q.meta.TypeName(), name))
	}
	q.target = t
	return q
}

// Where adds key conditions. Together they must constrain every partition
// attribute with Eq and a left-to-right prefix of the sort attributes, with
// a range operator only on the last one; anything else is refused with an
// *entity.InputError with one of the keys.Rule… rules before a request is sent.
func (q *Query[T]) Where(conds ...KeyCondition) *Query[T] {
	q.keyConds = append(q.keyConds, conds...)
	return q
}

// Filter adds a filter expression, ANDed with earlier ones. DynamoDB applies
// it after reading: filtered-out items still count in ScannedCount and still
// cost read capacity. Its attribute names are checked against the model
// when the request is built: one the model does not declare is an
// *entity.InputError with entity.RuleUnknownPath (DynamoDB would take it
// and match nothing), and a key attribute of the index queried is refused
// with RuleFilterOnKey. Name an
// undeclared attribute on purpose with cond.Undeclared.
func (q *Query[T]) Filter(e cond.Expr) *Query[T] {
	q.filter = cond.And(q.filter, e)
	return q
}

// Project reads only the named top-level attributes. Key attributes are
// always read too (cursors need them); validation covers only what is read.
// An attribute the model does not declare is refused with an
// *entity.InputError (RuleUnknownPath) when the request is built.
func (q *Query[T]) Project(attributes ...string) *Query[T] {
	q.project = append(q.project, attributes...)
	return q
}

// Limit sets DynamoDB's Limit: the most items evaluated per request, before
// the filter. A page may hold fewer items than Limit, even none, and still
// have a cursor.
func (q *Query[T]) Limit(n int) *Query[T] {
	if n < 1 {
		return q.fail(badLimit("query.Limit", n))
	}
	q.limit = n
	return q
}

// MaxResults asks for at most n matching items: Page sends as many requests
// as it takes to find them (or reach the end) and its cursor resumes right
// after the last item returned. Without Limit, each request's Limit is the
// number still wanted, so no more is read than needed when there is no
// filter.
func (q *Query[T]) MaxResults(n int) *Query[T] {
	if n < 1 {
		return q.fail(badLimit("query.MaxResults", n))
	}
	q.maxResults = n
	return q
}

// Descending returns items in descending sort-key order
// (ScanIndexForward=false). The default is ascending.
func (q *Query[T]) Descending() *Query[T] { q.descending = true; return q }

// ConsistentRead asks for a strongly consistent read (twice the RCU). Global
// secondary indexes refuse it.
func (q *Query[T]) ConsistentRead() *Query[T] { q.consistent = true; return q }

// CountOnly asks for the count alone (Select=COUNT): pages carry Count and
// ScannedCount but no items. It costs the same read capacity.
func (q *Query[T]) CountOnly() *Query[T] { q.count = true; return q }

// ConsumedCapacity asks DynamoDB to report capacity (TOTAL or INDEXES) on
// every page.
func (q *Query[T]) ConsumedCapacity(mode types.ReturnConsumedCapacity) *Query[T] {
	q.capacity = mode
	return q
}

// SkipInvalid reports the items that cannot be read (a wrong attribute
// type, a failed validation, an unknown schema version) in the page's
// Invalid, each with its key and typed error, and leaves them out of Items,
// instead of returning a *PageError: Page returns no error for them, Pages
// and Items go on. The items that can be read are decoded and validated as
// strictly as ever.
func (q *Query[T]) SkipInvalid() *Query[T] { q.skipInvalid = true; return q }

// After returns a copy of the query that resumes from a cursor returned by
// an earlier page of the same query; q itself is not changed, so a shared
// query can be resumed from many goroutines, each with its own cursor. A
// cursor from another query, altered, or garbage is refused with an error
// matching ErrInvalidCursor by the copy's terminal call.
func (q *Query[T]) After(cursor string) *Query[T] {
	c := q.Clone()
	c.cursor = cursor
	return c
}

// SignCursors signs cursors with key (HMAC-SHA-256) and accepts only cursors
// signed with it, so clients cannot forge them. Without it, cursors are
// bound to their query and checked for corruption, but not signed.
func (q *Query[T]) SignCursors(key []byte) *Query[T] {
	q.cursorKey = slices.Clone(key)
	return q
}

// plan is a built request plus what reading its answers needs.
type plan struct {
	in        *dynamodb.QueryInput
	binding   [bindingLen]byte
	bound     bool             // binding is computed
	keyAttrs  []keys.Attribute // table and index key attributes: a cursor's content
	projected []string         // attributes read; nil for whole items
	partial   bool             // reading from an index that does not project everything
}

// bind returns the cursor binding, computing it on first use.
func (p *plan) bind() [bindingLen]byte {
	if !p.bound {
		p.binding, p.bound = queryBinding(p.in, ""), true
	}
	return p.binding
}

// Input builds the QueryInput without sending it.
func (q *Query[T]) Input() (*dynamodb.QueryInput, error) {
	var p plan
	if err := q.build(&p); err != nil {
		return nil, err
	}
	return p.in, nil
}

func (q *Query[T]) build(p *plan) error {
	if q.err != nil {
		return q.err
	}
	t := q.target
	var condArr [8]keyrules.Condition
	conds := condArr[:0]
	for _, c := range q.keyConds {
		conds = append(conds, keyrules.Condition{Attribute: c.attr, Op: c.op})
	}
	if err := keyrules.CheckConditions(t.schema, conds); err != nil {
		return err
	}
	if q.consistent && t.global() {
		return consistentGSI("query.ConsistentRead", q.table.Name(), t.indexName())
	}
	if err := checkFilterKeys("query.Filter", q.table.Name(), q.filter, t.schema); err != nil {
		return err
	}
	if err := model.Of(q.meta).CheckPaths(q.table.Name(), expr.Expr(q.filter).Paths()...); err != nil {
		return err
	}
	var proj *projection
	if len(q.project) > 0 { // also to refuse unknown attributes with CountOnly
		var err error
		if proj, err = t.projection(q.table.Name(), q.project); err != nil {
			return err
		}
	}

	b := exprpool.Get(model.Of(q.meta))
	defer exprpool.Put(b)

	in := &dynamodb.QueryInput{TableName: aws.String(q.table.Name()), ReturnConsumedCapacity: q.capacity}
	if t.index != nil {
		in.IndexName = aws.String(t.index.Name)
	}
	*p = plan{in: in, keyAttrs: t.keyAttrs}

	// The projection's names come first: its expression and placeholder
	// map are then the same on every request and are worked out once.
	switch {
	case q.count:
		in.Select = types.SelectCount
	case proj != nil:
		if err := b.Start(proj.preset); err != nil {
			return err
		}
		in.ProjectionExpression = aws.String(proj.preset.Projection())
		p.projected = proj.names
	default:
		p.projected, p.partial = t.indexOnly, t.partial
	}

	// Key conditions in schema order, each value encoded as the attribute
	// is stored and checked against its key type; then the filter.
	kc, err := renderKeyCondition(b, t.schema, q.keyConds)
	if err != nil {
		return err
	}
	in.KeyConditionExpression = aws.String(kc)
	if !expr.Expr(q.filter).IsZero() {
		f, err := b.Condition(expr.Expr(q.filter))
		if err != nil {
			return err
		}
		in.FilterExpression = aws.String(f)
	}

	if q.limit > 0 {
		in.Limit = aws.Int32(int32(min(q.limit, 1<<31-1)))
	}
	if q.descending {
		in.ScanIndexForward = aws.Bool(false)
	}
	if q.consistent {
		in.ConsistentRead = aws.Bool(true)
	}
	in.ExpressionAttributeNames = b.Names()
	in.ExpressionAttributeValues = b.Values()
	if q.cursor != "" {
		lek, err := decodeCursor(q.cursor, p.bind(), q.cursorKey, p.keyAttrs)
		if err != nil {
			return err
		}
		in.ExclusiveStartKey = lek
	}
	return nil
}

// Page is one answer: the items (decoded, upgraded and validated), the items
// that could not be read, DynamoDB's counts, the capacity consumed and the
// cursor to continue from. Collections read pages of any, one pointer per
// item.
type Page[T any] struct {
	Items []T
	// Invalid lists the items read that could not be returned, in the
	// order read, each with its primary key and typed error (a
	// *entity.DecodeError, *entity.ValidationError, *UnknownTypeError).
	// They are not in Items and not counted by MaxResults. A strict read
	// (the default) returns a *PageError with the page when Invalid is
	// not empty; SkipInvalid returns the page alone.
	Invalid []entity.ItemError
	// invalidAt[i] is the number of Items read before Invalid[i], so
	// that Items yields each failure in its place.
	invalidAt []int
	// Count is the number of items that passed the filter; ScannedCount
	// the number evaluated. Both are summed over the requests of a page.
	Count, ScannedCount int
	// ConsumedCapacity is reported when asked for, summed over the
	// requests of a page.
	ConsumedCapacity *types.ConsumedCapacity
	// Cursor continues after this page; "" when there is nothing more.
	// A page can be empty and still have a cursor.
	Cursor string
	// Requests is the number of Query or Scan requests sent for this page.
	Requests int
	// LastEvaluatedKey is DynamoDB's raw key behind Cursor.
	LastEvaluatedKey map[string]types.AttributeValue
}

// Page sends one request (or, with MaxResults, as many as it takes) and
// returns the page. When items of the page cannot be read, the error is a
// *PageError holding the page, which is returned too: the other items and
// the cursor are not lost (see SkipInvalid).
func (q *Query[T]) Page(ctx context.Context) (*Page[T], error) {
	p := new(plan)
	if err := q.build(p); err != nil {
		return nil, err
	}
	var page *Page[T]
	var err error
	if q.maxResults == 0 {
		page, err = q.fetch(ctx, p, p.in, 0)
	} else {
		page, err = q.collect(ctx, p, q.maxResults)
	}
	if err != nil {
		return nil, err
	}
	return page, pageError(page, q.skipInvalid)
}

// fetch sends one request. want > 0 cuts the page after want items and
// points the cursor just after the last one kept.
func (q *Query[T]) fetch(ctx context.Context, p *plan, in *dynamodb.QueryInput, want int) (*Page[T], error) {
	out, err := q.client.Query(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("dynamodel: Query %s: %w", q.table.Name(), err)
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
	decodeItems(q.meta, q.table.Name(), page, p.projected, p.partial, raw)
	if page.Cursor, err = encodeCursor(page.LastEvaluatedKey, p.bind(), q.cursorKey); err != nil {
		return nil, err
	}
	return page, nil
}

func keyOf(item map[string]types.AttributeValue, attrs []keys.Attribute) map[string]types.AttributeValue {
	k := make(map[string]types.AttributeValue, len(attrs))
	for _, a := range attrs {
		if v, ok := item[a.Name]; ok {
			k[a.Name] = v
		}
	}
	return k
}

// collect pages until want items have been found or the query ends.
func (q *Query[T]) collect(ctx context.Context, p *plan, want int) (*Page[T], error) {
	total := &Page[T]{}
	in := *p.in
	for {
		if q.limit == 0 && !q.count {
			in.Limit = aws.Int32(int32(min(want-len(total.Items), 1<<31-1)))
		}
		page, err := q.fetch(ctx, p, &in, want-len(total.Items))
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
			if q.count {
				total.Count = min(total.Count, want)
			}
			return total, nil
		}
		in.ExclusiveStartKey = page.LastEvaluatedKey
	}
}

// Pages walks the query a page at a time, one request each, until the end,
// a failed request (its error yielded, then the walk stops) or the caller
// stops. A page with items that cannot be read is yielded with its
// *PageError (nil with SkipInvalid), and the walk goes on if the caller
// does. With MaxResults, the walk ends once that many items have been
// yielded, the last page cut with a cursor right after its last item.
func (q *Query[T]) Pages(ctx context.Context) iter.Seq2[*Page[T], error] {
	return func(yield func(*Page[T], error) bool) {
		p := new(plan)
		if err := q.build(p); err != nil {
			yield(nil, err)
			return
		}
		in := *p.in
		seen := 0
		for {
			want := 0
			if q.maxResults > 0 {
				want = q.maxResults - seen
			}
			page, err := q.fetch(ctx, p, &in, want)
			if err != nil {
				yield(nil, err)
				return
			}
			seen += len(page.Items)
			if !yield(page, pageError(page, q.skipInvalid)) {
				return
			}
			if page.Cursor == "" || (q.maxResults > 0 && seen >= q.maxResults) {
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

// Items walks the matching items across pages; see Pages. An item that
// cannot be read is yielded in its place as its *entity.ItemError, and the
// walk goes on if the caller does; with SkipInvalid it is left out (Pages
// shows it in Page.Invalid). A failed request ends the walk.
func (q *Query[T]) Items(ctx context.Context) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		for page, err := range q.Pages(ctx) {
			if page == nil {
				yield(nil, err)
				return
			}
			if !yieldItems(page, q.skipInvalid, yield) {
				return
			}
		}
	}
}
