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

// Query reads items with DynamoDB's Query operation: the items of one
// entity type from its base table or one of its indexes (New), or an item
// collection, the items of several entity types under one partition key
// (Collection.Query). It is a builder: each method changes the Query and
// returns it, and the first mistake is kept and returned by the terminal
// call (Input, Page, Pages, Items) before any request is sent. Use Clone to
// branch a Query.
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
//
// The terminal calls (Input, Page, Pages and Items) of a nil *Query return
// an *entity.InputError (entity.RuleInvalidArgument) rather than panic; its
// other methods need one made by query.New.
type Query[T any] struct {
	src        source
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

// source is what a Query reads: one entity's base table or one of its
// secondary indexes, or an item collection. What differs between the two —
// the key schema, how filter names are checked and values encoded, what a
// cursor is bound to — is decided here, and how items are decoded in
// Query.decode; building the request, paging and cursors are the same for
// both.
type source struct {
	table  string
	client entity.Client
	target *target     // the entity's base table or index; nil for a collection
	coll   *Collection // the collection read; nil for one entity
}

// schema is the key schema queried.
func (s *source) schema() keys.Schema {
	if s.coll != nil {
		return s.coll.key
	}
	return s.target.schema
}

// keyAttrs lists the key attributes a cursor holds.
func (s *source) keyAttrs() []keys.Attribute {
	if s.coll != nil {
		return s.coll.keyAttrs
	}
	return s.target.keyAttrs
}

// encoder encodes key-condition and filter values as they are stored.
func (s *source) encoder() expr.ValueEncoder {
	if s.coll != nil {
		return s.coll.enc
	}
	return model.Of(s.target.meta)
}

// checkPaths refuses a filter path no entity read declares.
func (s *source) checkPaths(paths []expr.Path) error {
	if s.coll != nil {
		return s.coll.checkPaths(paths)
	}
	return model.Of(s.target.meta).CheckPaths(s.table, paths...)
}

// global reports whether a global secondary index is queried.
func (s *source) global() bool { return s.target != nil && s.target.global() }

// binding is what a cursor of in is bound to: the table, the index and the
// key condition (see queryBinding), and what is read — the entity type, or
// the collection with its entity types — so that a cursor of one entity's
// query does not resume another's, nor a collection's.
func (s *source) binding(in *dynamodb.QueryInput) [bindingLen]byte {
	if s.coll != nil {
		return queryBinding(in, s.coll.identity...)
	}
	return queryBinding(in, s.target.meta.TypeName())
}

// New starts a Query on table's base table.
func New[T any](table *entity.Table[T]) *Query[T] {
	q := &Query[T]{}
	if q.err = argcheck.Table("query.New", table); q.err == nil {
		q.src.target, q.src.client = startOn(table)
		q.src.table = table.Name()
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
// base table. An item collection is read from the table's primary key:
// its Query refuses Index (RuleCollectionQuery).
func (q *Query[T]) Index(name string) *Query[T] {
	if q.err != nil {
		return q
	}
	if q.src.coll != nil {
		return q.fail(notForCollection("query.Index", q.src.table, "an item collection is read from the table's primary key, not from index %q", name))
	}
	t, ok := q.src.target.indexTarget(name)
	if !ok {
		return q.fail(unknownIndex("query.Index", q.src.table, q.src.target.meta.TypeName(), name))
	}
	q.src.target = t
	return q
}

// Where adds key conditions. Together they must constrain every partition
// attribute with Eq and a left-to-right prefix of the sort attributes, with
// a range operator only on the last one; anything else is refused with an
// *entity.InputError with one of the keys.Rule… rules before a request is
// sent. An item collection's partition is given to Collection.Query: Where
// adds at most one condition on the table's sort key, to read part of the
// collection, such as query.Attr("sk").BeginsWith("ITEM#").
func (q *Query[T]) Where(conds ...KeyCondition) *Query[T] {
	q.keyConds = append(q.keyConds, conds...)
	return q
}

// Filter adds a filter expression, ANDed with earlier ones. DynamoDB applies
// it after reading: filtered-out items still count in ScannedCount and still
// cost read capacity. Its attribute names are checked against the model
// when the request is built: one the model does not declare is an
// *entity.InputError with entity.RuleUnknownPath (DynamoDB would take it
// and match nothing), a key attribute of the index queried is refused
// with RuleFilterOnKey, and on a secondary index projecting KEYS_ONLY or
// INCLUDE, global or local, an attribute the index does not project is
// refused with RuleNotProjected (DynamoDB evaluates a filter on the index
// entry and refuses the Query). Name an undeclared attribute on purpose
// with cond.Undeclared; the index must still project it (list it in the
// model's project= tag). In an item
// collection, a name is known when any of its entities declares it, and a
// value is encoded as the first entity that declares the attribute stores
// it.
func (q *Query[T]) Filter(e cond.Expr) *Query[T] {
	q.filter = cond.And(q.filter, e)
	return q
}

// Project reads only the named top-level attributes. Key attributes are
// always read too (cursors need them); validation covers only what is read.
// An attribute the model does not declare is refused with an
// *entity.InputError (RuleUnknownPath) when the request is built, and so
// is, on a global secondary index, one the index does not project
// (RuleNotProjected): a global secondary index cannot fetch it from the
// table. A local secondary index can: DynamoDB reads each item's
// unprojected attributes from the table, an extra read (capacity and
// latency) per item. The items of a collection are each decoded whole into
// its own entity's type: its Query refuses Project (RuleCollectionQuery).
func (q *Query[T]) Project(attributes ...string) *Query[T] {
	if q.src.coll != nil {
		return q.fail(notForCollection("query.Project", q.src.table, "the items of a collection are read whole, each into its own entity's type"))
	}
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
// strictly as ever. In an item collection, an item of an entity type the
// collection does not hold (or of none) is such an item too, with an
// *UnknownTypeError.
func (q *Query[T]) SkipInvalid() *Query[T] { q.skipInvalid = true; return q }

// After returns a copy of the query that resumes from a cursor returned by
// an earlier page of the same query; q itself is not changed, so a shared
// query can be resumed from many goroutines, each with its own cursor. A
// cursor from another query (another table, index, entity type, key
// condition, or a collection's query against one entity's), altered, or
// garbage is refused with an error matching ErrInvalidCursor by the copy's
// terminal call.
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
	src       *source
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
		p.binding, p.bound = p.src.binding(p.in), true
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
	if q == nil {
		return argcheck.Nil("query.Query", "*query.Query", "query.New")
	}
	if q.err != nil {
		return q.err
	}
	src := &q.src
	schema := src.schema()
	var condArr [8]keyrules.Condition
	conds := condArr[:0]
	for _, c := range q.keyConds {
		conds = append(conds, keyrules.Condition{Attribute: c.attr, Op: c.op})
	}
	if err := keyrules.CheckConditions(schema, conds); err != nil {
		return err
	}
	if q.consistent && src.global() {
		return consistentGSI("query.ConsistentRead", src.table, src.target.indexName())
	}
	if err := checkFilterKeys("query.Filter", src.table, q.filter, schema); err != nil {
		return err
	}
	paths := expr.Expr(q.filter).Paths()
	if err := src.checkPaths(paths); err != nil {
		return err
	}
	if src.target != nil { // a collection reads the table's primary key
		if err := src.target.checkFilter("query.Filter", src.table, paths); err != nil {
			return err
		}
	}
	var proj *projection
	if len(q.project) > 0 { // also to refuse unknown attributes with CountOnly
		var err error
		if proj, err = src.target.projection("query.Project", src.table, q.project); err != nil {
			return err
		}
	}

	b := exprpool.Get(src.encoder())
	defer exprpool.Put(b)

	in := &dynamodb.QueryInput{TableName: aws.String(src.table), ReturnConsumedCapacity: q.capacity}
	if src.target != nil && src.target.index != nil {
		in.IndexName = aws.String(src.target.index.Name)
	}
	*p = plan{src: src, in: in, keyAttrs: src.keyAttrs()}

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
	case src.target != nil:
		p.projected, p.partial = src.target.indexOnly, src.target.partial
	}

	// Key conditions in schema order, each value encoded as the attribute
	// is stored and checked against its key type; then the filter.
	kc, err := renderKeyCondition(b, schema, q.keyConds)
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
// cursor to continue from. A collection's Query reads pages of any, one
// pointer per item, each of its own entity's type (a *Order, a *OrderItem,
// ...); Of picks the items of one type.
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
// the cursor are not lost (see SkipInvalid). Count and ScannedCount are
// DynamoDB's, and count the items in Invalid too.
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
	out, err := q.src.client.Query(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("dynamodel: Query %s: %w", q.src.table, err)
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
	q.decode(page, p, raw)
	if page.Cursor, err = encodeCursor(page.LastEvaluatedKey, p.bind(), q.cursorKey); err != nil {
		return nil, err
	}
	return page, nil
}

// decode decodes the items read into page: each as the entity's T, or, in
// a collection, each as its own entity's type.
func (q *Query[T]) decode(page *Page[T], p *plan, raw []map[string]types.AttributeValue) {
	if c := q.src.coll; c != nil {
		c.decode(any(page).(*Page[any]), raw) // Collection.Query makes a Query[any]
		return
	}
	decodeItems(q.src.target.meta, q.src.table, page, p.projected, p.partial, raw)
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
// shows it in Page.Invalid). A failed request ends the walk. A collection's
// Query yields a *any for each item, holding the pointer Page.Items holds.
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
