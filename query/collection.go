package query

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

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
	client   entity.Client
	table    string
	key      keys.Schema
	keyAttrs []keys.Attribute // the primary key's attributes: a cursor's content
	metas    []*entity.Meta
	byType   map[string]*entity.Meta
	known    []string          // type names, sorted, for messages
	enc      expr.ValueEncoder // a collectionEncoder of metas
	identity []string          // what its queries' cursors are bound to, beside the table and key condition
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
	c.keyAttrs = keyrules.All(c.key)
	c.enc = collectionEncoder(c.metas)
	// A marker no entity type name matches, then the entity types.
	c.identity = append([]string{"#collection"}, c.known...)
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

// Query starts a Query of the item collection under partition, the value
// of the table's partition key. Its pages hold one pointer per item, in
// sort-key order, each of its own entity's type (a *Order, a *OrderItem,
// ...); Of picks the items of one type. Where adds a condition on the sort
// key to read part of the collection; Index and Project are refused
// (RuleCollectionQuery) by the terminal call, since a collection is read
// whole from the table's primary key.
func (c *Collection) Query(partition any) *Query[any] {
	q := &Query[any]{}
	if c == nil {
		q.err = &entity.InputError{Op: "query.Collection.Query", Rule: entity.RuleInvalidArgument, Detail: "needs a *Collection made by NewCollection, got nil"}
		return q
	}
	q.src = source{table: c.table, client: c.client, coll: c}
	q.keyConds = []KeyCondition{Attr(c.key.Partition[0].Name).Eq(partition)}
	return q
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

// decode decodes each item read as its own entity, upgraded, decoded and
// validated like every read, into page.Items as a pointer; an item that
// cannot be read goes to page.Invalid.
func (c *Collection) decode(page *Page[any], raw []map[string]types.AttributeValue) {
	page.Items = make([]any, 0, len(raw))
	for _, item := range raw {
		m, err := c.entityOf(item)
		if err == nil {
			v := reflect.New(m.GoType()).Interface()
			if err = model.Of(m).Decode(c.table, item, v, model.DecodeOptions{}); err == nil {
				page.Items = append(page.Items, v)
				continue
			}
		}
		page.addInvalid(entity.ItemError{Table: c.table, Key: c.keyOf(item), Err: err})
	}
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
	key := make(map[string]types.AttributeValue, len(c.keyAttrs))
	for _, a := range c.keyAttrs {
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
