package query

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/expr"
	"github.com/dynamodel/dynamodel/internal/keyrules"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/internal/typerule"
	"github.com/dynamodel/dynamodel/keys"
)

// UnknownTypeError reports an item, read by a collection, whose entity type
// the collection does not hold. It matches ErrUnknownType and
// entity.ErrEntityType.
type UnknownTypeError struct {
	Table string
	Key   string // the item's primary key, e.g. {orderId="o-1", sk="NOTE#1"}
	Type  string // the item's entity type; "" when it has none
	Known []string
}

func (e *UnknownTypeError) Error() string {
	what := fmt.Sprintf("has entity type %q", e.Type)
	if e.Type == "" {
		what = "has no entity type (" + entity.TypeAttribute + ")"
	}
	return fmt.Sprintf("query: item %s in %s %s; the collection holds %s", e.Key, e.Table, what, strings.Join(e.Known, ", "))
}

func (e *UnknownTypeError) Is(target error) bool {
	return target == ErrUnknownType || target == entity.ErrEntityType
}

// Collection reads item collections: the items of several entity types
// stored under one partition key of one table, such as an order and its
// order items. One Query returns the whole collection (or the part its
// sort-key condition selects) and each item is decoded into its own Go type,
// chosen by the entity type every item carries in _t (or, for an item
// without one, by the entity that claims it with untyped=). A Collection is
// immutable and safe for concurrent use.
type Collection struct {
	client entity.Client
	table  string
	key    keys.Schema
	metas  []*entity.Meta
	byType map[string]*entity.Meta
	known  []string // type names, sorted, for messages
}

// NewCollection returns the collection of the given entities in table. Every
// entity must declare type= in its Model tag (so its items carry _t), the
// type names must differ, all must declare the same primary key
// (attribute names and types), and no item without _t may be claimed by two
// of them (untyped= in the Model tag; that error also matches
// entity.ErrInvalidModel); anything else is an *entity.InputError with
// RuleCollection, naming the entity concerned. Requests are sent through
// client.
func NewCollection(client entity.Client, table string, metas ...*entity.Meta) (*Collection, error) {
	fail := func(ent string, format string, args ...any) error {
		e := refuse("query.NewCollection", RuleCollection, format, args...)
		e.Table = table
		if ent != "" {
			e.Detail = "entity " + ent + " " + e.Detail
		}
		return e
	}
	if table == "" {
		return nil, fail("", "no table name")
	}
	if client == nil {
		return nil, fail("", "no client")
	}
	if len(metas) == 0 {
		return nil, fail("", "no entities")
	}
	c := &Collection{client: client, table: table, byType: make(map[string]*entity.Meta, len(metas))}
	for i, m := range metas {
		if m == nil {
			return nil, fail("", "entity %d is nil", i)
		}
		name := m.TypeName()
		if !model.Of(m).StampsType() {
			return nil, fail(name, "declares no type= in its entity.Model tag, so its items carry no %s to be told apart by", entity.TypeAttribute)
		}
		if _, dup := c.byType[name]; dup {
			return nil, fail(name, "type name given by two entities")
		}
		if i == 0 {
			c.key = m.PrimaryKey()
		} else if !sameKey(c.key, m.PrimaryKey()) {
			return nil, fail(name, "primary key %s differs from %s's %s", describeKey(m.PrimaryKey()), metas[0].TypeName(), describeKey(c.key))
		}
		c.byType[name] = m
		c.metas = append(c.metas, m)
		c.known = append(c.known, name)
	}
	if err := typerule.Conflict(modelsOf(c.metas)...); err != nil {
		e := refuse("query.NewCollection", RuleCollection, "two entities claim the items without %s", entity.TypeAttribute)
		e.Table, e.Err = table, fmt.Errorf("%w: %w", entity.ErrInvalidModel, err)
		return nil, e
	}
	sort.Strings(c.known)
	return c, nil
}

func modelsOf(metas []*entity.Meta) []typerule.Model {
	out := make([]typerule.Model, len(metas))
	for i, m := range metas {
		out[i] = model.Of(m)
	}
	return out
}

func sameKey(a, b keys.Schema) bool {
	return slices.Equal(a.Partition, b.Partition) && slices.Equal(a.Sort, b.Sort)
}

func describeKey(s keys.Schema) string {
	parts := make([]string, 0, 2)
	for _, a := range keyrules.All(s) {
		parts = append(parts, fmt.Sprintf("%s(%s)", a.Name, a.Type))
	}
	return strings.Join(parts, " ")
}

// Query starts a Query for the collection under partition, the value of the
// table's partition key.
func (c *Collection) Query(partition any) *CollectionQuery {
	return &CollectionQuery{c: c, partition: partition}
}

// CollectionQuery reads one item collection with DynamoDB's Query
// operation. Like Query, it is a builder: the first mistake is kept and
// returned by the terminal call (Input, Page, Pages) before any request is
// sent. Use Clone to branch it. Like a Query, a built CollectionQuery can
// be shared between goroutines: the terminal calls only read it, and After
// returns a copy.
type CollectionQuery struct {
	c           *Collection
	partition   any
	keyConds    []KeyCondition
	filter      cond.Expr
	limit       int
	descending  bool
	consistent  bool
	skipInvalid bool
	capacity    types.ReturnConsumedCapacity
	cursor      string
	cursorKey   []byte
	err         error
}

func (q *CollectionQuery) fail(err error) *CollectionQuery {
	if q.err == nil {
		q.err = err
	}
	return q
}

// Clone returns an independent copy.
func (q *CollectionQuery) Clone() *CollectionQuery {
	c := *q
	c.keyConds = slices.Clone(q.keyConds)
	c.cursorKey = slices.Clone(q.cursorKey)
	return &c
}

// Where adds a condition on the table's sort key (Eq, Lt, Le, Gt, Ge,
// Between or BeginsWith), to read part of the collection, such as
// query.Attr("sk").BeginsWith("ITEM#"). The partition key is given to
// Collection.Query; a second condition on it, on any other attribute, or
// more than one sort-key condition is refused with an *entity.InputError
// (a keys.Rule…) before a request is sent.
func (q *CollectionQuery) Where(conds ...KeyCondition) *CollectionQuery {
	q.keyConds = append(q.keyConds, conds...)
	return q
}

// Filter adds a filter expression, ANDed with earlier ones, on the
// attributes of the collection's entities, such as leaving out cancelled
// order items. A value is encoded as the first of the collection's entities
// that declares the attribute stores it. The table's key cannot be filtered
// on (DynamoDB refuses it; use Where): that is refused with RuleFilterOnKey.
// A name none of the collection's entities declares is refused with an
// *entity.InputError (RuleUnknownPath) (name an undeclared attribute on purpose with
// cond.Undeclared). Filtered-out items still count in ScannedCount and cost
// read capacity.
func (q *CollectionQuery) Filter(e cond.Expr) *CollectionQuery {
	q.filter = cond.And(q.filter, e)
	return q
}

// Limit sets DynamoDB's Limit: the most items read per request. A page
// with a cursor may hold fewer items than Limit.
func (q *CollectionQuery) Limit(n int) *CollectionQuery {
	if n < 1 {
		return q.fail(badLimit("query.CollectionQuery.Limit", n))
	}
	q.limit = n
	return q
}

// Descending returns items in descending sort-key order
// (ScanIndexForward=false). The default is ascending.
func (q *CollectionQuery) Descending() *CollectionQuery { q.descending = true; return q }

// ConsistentRead asks for a strongly consistent read (twice the RCU).
func (q *CollectionQuery) ConsistentRead() *CollectionQuery { q.consistent = true; return q }

// SkipInvalid reports the items that cannot be read — of an entity type
// the collection does not hold (or of none), or that do not decode or
// validate as their type — in the page's Invalid, each with its key and
// typed error (an *UnknownTypeError, *entity.DecodeError,
// *entity.ValidationError), and leaves them out of Items, instead of
// returning a *PageError. The other items are decoded and validated as
// strictly as ever.
func (q *CollectionQuery) SkipInvalid() *CollectionQuery { q.skipInvalid = true; return q }

// ConsumedCapacity asks DynamoDB to report capacity (TOTAL or INDEXES) on
// every page.
func (q *CollectionQuery) ConsumedCapacity(mode types.ReturnConsumedCapacity) *CollectionQuery {
	q.capacity = mode
	return q
}

// After returns a copy of the collection query that resumes from a cursor
// returned by an earlier page of the same collection query (same table,
// partition and sort-key condition); q itself is not changed (see
// Query.After). Any other cursor is refused with an error matching
// ErrInvalidCursor.
func (q *CollectionQuery) After(cursor string) *CollectionQuery {
	c := q.Clone()
	c.cursor = cursor
	return c
}

// SignCursors signs cursors with key (HMAC-SHA-256) and accepts only cursors
// signed with it.
func (q *CollectionQuery) SignCursors(key []byte) *CollectionQuery {
	q.cursorKey = slices.Clone(key)
	return q
}

type collectionPlan struct {
	in      *dynamodb.QueryInput
	binding [bindingLen]byte
}

// Input builds the QueryInput without sending it.
func (q *CollectionQuery) Input() (*dynamodb.QueryInput, error) {
	p, err := q.build()
	if err != nil {
		return nil, err
	}
	return p.in, nil
}

func (q *CollectionQuery) build() (*collectionPlan, error) {
	if q.err != nil {
		return nil, q.err
	}
	s := q.c.key
	all := make([]KeyCondition, 0, 1+len(q.keyConds))
	all = append(all, Attr(s.Partition[0].Name).Eq(q.partition))
	all = append(all, q.keyConds...)
	conds := make([]keyrules.Condition, len(all))
	for i, c := range all {
		conds[i] = keyrules.Condition{Attribute: c.attr, Op: c.op}
	}
	if err := keyrules.CheckConditions(s, conds); err != nil {
		return nil, err
	}
	if err := checkFilterKeys("query.CollectionQuery.Filter", q.c.table, q.filter, s); err != nil {
		return nil, err
	}
	if err := q.c.checkPaths(expr.Expr(q.filter).Paths()); err != nil {
		return nil, err
	}

	b := expr.NewBuilder(collectionEncoder(q.c.metas))
	kc, err := renderKeyCondition(b, s, all)
	if err != nil {
		return nil, err
	}

	in := &dynamodb.QueryInput{
		TableName:              aws.String(q.c.table),
		KeyConditionExpression: aws.String(kc),
		ReturnConsumedCapacity: q.capacity,
	}
	if !expr.Expr(q.filter).IsZero() {
		f, err := b.Condition(expr.Expr(q.filter))
		if err != nil {
			return nil, err
		}
		in.FilterExpression = aws.String(f)
	}
	in.ExpressionAttributeNames = b.Names()
	in.ExpressionAttributeValues = b.Values()
	if q.limit > 0 {
		in.Limit = aws.Int32(int32(min(q.limit, 1<<31-1)))
	}
	if q.descending {
		in.ScanIndexForward = aws.Bool(false)
	}
	if q.consistent {
		in.ConsistentRead = aws.Bool(true)
	}
	// A cursor is bound to the table, to being a collection read (never
	// an index name: index names cannot contain '#') and to the key
	// condition.
	p := &collectionPlan{in: in, binding: queryBinding(in, "#collection")}
	if q.cursor != "" {
		lek, err := decodeCursor(q.cursor, p.binding, q.cursorKey, keyrules.All(s))
		if err != nil {
			return nil, err
		}
		in.ExclusiveStartKey = lek
	}
	return p, nil
}

// checkPaths checks the paths of a filter against the collection's
// entities: a path is known when any of them declares it. An unknown one is
// an *entity.InputError (RuleUnknownPath) naming every entity type of the collection,
// with the reason the first entity that declares its top-level attribute
// gives (a nested field it lacks, say).
func (c *Collection) checkPaths(paths []expr.Path) error {
	for _, p := range paths {
		var first *model.PathError
		known := false
		for _, m := range c.metas {
			err := model.Of(m).CheckPaths(c.table, p)
			if err == nil {
				known = true
				break
			}
			var u *model.PathError
			if !errors.As(err, &u) {
				return err // an invalid path
			}
			if first == nil || first.Reason == "" && u.Reason != "" {
				first = u
			}
		}
		if !known {
			merged := *first
			merged.Entity = strings.Join(c.known, " or ")
			return model.UnknownPath(c.table, &merged)
		}
	}
	return nil
}

// collectionEncoder encodes key and filter values as the first of the
// entities that declares the attribute stores it.
type collectionEncoder []*entity.Meta

func (metas collectionEncoder) EncodeValue(p expr.Path, v any) (types.AttributeValue, bool, error) {
	for _, m := range metas {
		if av, handled, err := model.Of(m).EncodeValue(p, v); err != nil || handled {
			return av, handled, err
		}
	}
	return nil, false, nil
}

// Page sends one request and returns the page. Its Items hold one pointer
// per item, in sort-key order, each of its own entity's type (a *Order, a
// *OrderItem, ...); Of picks the items of one type. Count and
// ScannedCount are DynamoDB's, and count the items in Invalid too. When
// items cannot be read, the error is a *PageError[any] holding the page,
// which is returned too (see SkipInvalid).
func (q *CollectionQuery) Page(ctx context.Context) (*Page[any], error) {
	p, err := q.build()
	if err != nil {
		return nil, err
	}
	page, err := q.fetch(ctx, p, p.in)
	if err != nil {
		return nil, err
	}
	return page, pageError(page, q.skipInvalid)
}

// Pages walks the collection a page at a time, one request each, until the
// end, a failed request (its error yielded, then the walk stops) or the
// caller stops. A page with items that cannot be read is yielded with its
// *PageError (nil with SkipInvalid), and the walk goes on if the caller
// does.
func (q *CollectionQuery) Pages(ctx context.Context) iter.Seq2[*Page[any], error] {
	return func(yield func(*Page[any], error) bool) {
		p, err := q.build()
		if err != nil {
			yield(nil, err)
			return
		}
		in := *p.in
		for {
			page, err := q.fetch(ctx, p, &in)
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(page, pageError(page, q.skipInvalid)) || page.Cursor == "" {
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

func (q *CollectionQuery) fetch(ctx context.Context, p *collectionPlan, in *dynamodb.QueryInput) (*Page[any], error) {
	out, err := q.c.client.Query(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("dynamodel: Query %s: %w", q.c.table, err)
	}
	page := &Page[any]{
		Count: int(out.Count), ScannedCount: int(out.ScannedCount),
		ConsumedCapacity: out.ConsumedCapacity, Requests: 1,
		LastEvaluatedKey: out.LastEvaluatedKey,
		Items:            make([]any, 0, len(out.Items)),
	}
	for _, raw := range out.Items {
		m, err := q.c.entityOf(raw)
		if err == nil {
			// Upgraded, decoded and validated like every read.
			item := reflect.New(m.GoType()).Interface()
			if err = model.Of(m).Decode(q.c.table, raw, item, model.DecodeOptions{}); err == nil {
				page.Items = append(page.Items, item)
				continue
			}
		}
		page.addInvalid(entity.ItemError{Table: q.c.table, Key: q.c.keyOf(raw), Err: err})
	}
	if page.Cursor, err = encodeCursor(page.LastEvaluatedKey, p.binding, q.cursorKey); err != nil {
		return nil, err
	}
	return page, nil
}

// entityOf finds the model of a stored item by its entity type.
func (c *Collection) entityOf(raw map[string]types.AttributeValue) (*entity.Meta, error) {
	name := ""
	if t, ok := raw[entity.TypeAttribute].(*types.AttributeValueMemberS); ok {
		name = t.Value
	}
	if m := c.byType[name]; m != nil {
		return m, nil
	}
	if _, typed := raw[entity.TypeAttribute]; !typed {
		// NewCollection made sure at most one entity claims the item.
		for _, m := range c.metas {
			if typerule.Of(model.Of(m)).ClaimsUntyped(raw) {
				return m, nil
			}
		}
	}
	return nil, &UnknownTypeError{Table: c.table, Key: c.formatKey(raw), Type: name, Known: slices.Clone(c.known)}
}

// keyOf is an item's primary key.
func (c *Collection) keyOf(item map[string]types.AttributeValue) map[string]types.AttributeValue {
	key := make(map[string]types.AttributeValue, 2)
	for _, a := range keyrules.All(c.key) {
		if v, ok := item[a.Name]; ok {
			key[a.Name] = v
		}
	}
	return key
}

// formatKey renders an item's primary key for messages.
func (c *Collection) formatKey(item map[string]types.AttributeValue) string {
	return model.FormatKey(c.keyOf(item))
}

// Of returns the items of type T (as *T, in their order) among items, such
// as a collection page's Items. A T the collection does not hold gives none.
func Of[T any](items []any) []*T {
	var out []*T
	for _, it := range items {
		if t, ok := it.(*T); ok {
			out = append(out, t)
		}
	}
	return out
}
