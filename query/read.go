package query

import (
	"fmt"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/bounded"
	"github.com/dynamodel/dynamodel/internal/expr"
	"github.com/dynamodel/dynamodel/internal/keyrules"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/keys"
)

// What Query and Scan read is worked out the same way for both, once per
// entity and index: a target holds it, and every Query and Scan on that
// entity and index shares it. Models never change after registration, so
// neither does a target, except for the projections it remembers.

// target is one entity's base table or one of its secondary indexes, as a
// read sees it.
type target struct {
	meta   *entity.Meta
	index  *entity.Index // nil: the base table
	schema keys.Schema   // the key schema queried

	// keyAttrs lists the table's and the index's key attributes: what a
	// cursor (a LastEvaluatedKey) holds.
	keyAttrs []keys.Attribute

	// indexOnly lists what an index that projects only some attributes
	// holds; partial is false for the base table and ALL indexes, which
	// hold whole items.
	indexOnly []string
	partial   bool

	// metadata reports whether the items read carry the version and type
	// attributes: the base table and ALL or INCLUDE indexes do (tables
	// created by the schema package add them to INCLUDE projections);
	// KEYS_ONLY indexes do not.
	metadata bool

	// projections remembers the projections asked for, up to
	// maxProjections of them.
	projections bounded.List[*projection]

	// base is the entity's base table target; its indexes are the targets
	// of the entity's secondary indexes.
	base    *target
	indexes []*target
}

// projection is what a projected read asks for: the attributes given to
// Project, then the key attributes (cursors need them) and the metadata.
type projection struct {
	asked  []string     // as given to Project
	preset *expr.Preset // the names read, registered first in the request
	names  []string     // the names read
}

// maxProjections bounds the projections a target remembers, so a program
// that projects on attribute lists made up at run time does not grow
// without end; projections beyond it are worked out on every request.
const maxProjections = 32

// startOn returns what a read of table starts from: its base table as the
// target, and the table's client.
func startOn[T any](table *entity.Table[T]) (*target, entity.Client) {
	return baseTarget(table.Meta()), model.TableOf(table).Client
}

// baseTarget returns the target for meta's base table, with the targets of
// its secondary indexes.
func baseTarget(meta *entity.Meta) *target {
	if t, ok := targets.Load(meta); ok {
		return t.(*target)
	}
	base := newTarget(meta, nil)
	base.base = base
	for _, ix := range meta.Indexes() {
		t := newTarget(meta, &ix)
		t.base = base
		base.indexes = append(base.indexes, t)
	}
	got, _ := targets.LoadOrStore(meta, base)
	return got.(*target)
}

var targets sync.Map // *entity.Meta → *target of its base table

// index returns the target of the named secondary index of t's entity.
func (t *target) indexTarget(name string) (*target, bool) {
	for _, ix := range t.base.indexes {
		if ix.index.Name == name {
			return ix, true
		}
	}
	return nil, false
}

func newTarget(meta *entity.Meta, index *entity.Index) *target {
	t := &target{meta: meta, index: index, schema: meta.PrimaryKey()}
	t.projections.Max = maxProjections
	if index != nil {
		t.schema = index.Schema
	}
	t.keyAttrs = cursorKeyAttrs(meta, t.index)
	t.metadata = t.index == nil || t.index.Projection.ProjectionType != types.ProjectionTypeKeysOnly
	if t.index != nil && t.index.Projection.ProjectionType != types.ProjectionTypeAll {
		t.indexOnly = make([]string, 0, len(t.keyAttrs)+len(t.index.Projection.NonKeyAttributes))
		for _, a := range t.keyAttrs {
			t.indexOnly = append(t.indexOnly, a.Name)
		}
		t.indexOnly = append(t.indexOnly, t.index.Projection.NonKeyAttributes...)
		t.partial = true
	}
	return t
}

// indexName is the index's name, "" for the base table.
func (t *target) indexName() string {
	if t.index == nil {
		return ""
	}
	return t.index.Name
}

// global reports whether t is a global secondary index.
func (t *target) global() bool { return t.index != nil && t.index.Schema.Kind == keys.Global }

// checkFilter refuses a filter path of a read of t whose top-level
// attribute t does not hold: DynamoDB evaluates a filter on the index
// entry, for a local secondary index as for a global one (it fetches
// unprojected attributes from the table for a projection, never for a
// filter). A path started with cond.Undeclared is checked too: it says the
// model declares no such attribute, not that the index holds it; an
// attribute the index holds is named in the model's project= tag, which
// may list undeclared attributes. The refusal is an *entity.InputError
// with RuleNotProjected naming table.
func (t *target) checkFilter(op, table string, paths []expr.Path) error {
	if !t.partial {
		return nil
	}
	m := model.Of(t.meta)
	for _, p := range paths {
		if !m.Projects(t.index.Name, p.Root()) {
			return t.notProjected(op, table, p.String(), p.Root(), false)
		}
	}
	return nil
}

// notProjected is the refusal of path, whose top-level attribute root t
// does not hold.
func (t *target) notProjected(op, table, path, root string, projection bool) error {
	ix, _ := model.Of(t.meta).Index(t.index.Name)
	return notProjected(op, table, t.index.Name, ix.Projection, path, root, projection)
}

// projection returns the projection reading the attributes asked for. An
// attribute the model does not declare is refused with an
// *entity.InputError (RuleUnknownPath) naming table, and on a global
// secondary index one it does not project with RuleNotProjected (a local
// secondary index fetches it from the table).
func (t *target) projection(op, table string, asked []string) (*projection, error) {
	if p, ok := t.projections.Find(func(p *projection) bool { return slices.Equal(p.asked, asked) }); ok {
		return p, nil
	}
	p, err := t.newProjection(op, table, asked)
	if err != nil {
		return nil, err
	}
	t.projections.Add(p)
	return p, nil
}

func (t *target) newProjection(op, table string, asked []string) (*projection, error) {
	m := model.Of(t.meta)
	for _, a := range asked {
		if err := m.CheckPaths(table, expr.Name(a)); err != nil {
			return nil, err
		}
		if t.partial && t.global() && !m.Projects(t.index.Name, a) {
			return nil, t.notProjected(op, table, a, a, true)
		}
	}
	names := make([]string, 0, len(asked)+len(t.keyAttrs)+2)
	add := func(name string) {
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	for _, a := range asked {
		add(a)
	}
	for _, a := range t.keyAttrs {
		add(a.Name)
	}
	if t.metadata {
		add(entity.VersionAttribute)
		if model.Of(t.meta).StampsType() {
			add(entity.TypeAttribute)
		}
	}
	preset, err := expr.NewPreset(names...)
	if err != nil {
		return nil, err
	}
	return &projection{asked: slices.Clone(asked), preset: preset, names: names}, nil
}

// cursorKeyAttrs lists the table's and the index's key attributes.
func cursorKeyAttrs(meta *entity.Meta, index *entity.Index) []keys.Attribute {
	pk := meta.PrimaryKey()
	out := make([]keys.Attribute, 0, keyrules.Len(pk)+8)
	for i := 0; i < keyrules.Len(pk); i++ {
		out = append(out, keyrules.At(pk, i))
	}
	if index != nil {
		s := index.Schema
		for i := 0; i < keyrules.Len(s); i++ {
			a := keyrules.At(s, i)
			if !slices.ContainsFunc(out, func(k keys.Attribute) bool { return k.Name == a.Name }) {
				out = append(out, a)
			}
		}
	}
	return out
}

// Items that cannot be read are reported the same way by every read of this
// package: the page (or batch result) keeps the items that could be read
// and lists the others in Invalid with their keys and errors; a strict read
// (the default) also returns an error that carries all of it, and
// SkipInvalid makes the list the only report.

// PageError is the error of a strict read (the default) whose page holds
// items that could not be read: a wrong attribute type, a failed
// validation, an unknown schema version, an entity type a collection does
// not hold. It carries the page — the items that could be read, the
// counts, the cursor to go on from, and in Page.Invalid every failing item's
// key and error — so one bad item takes neither its neighbours nor the
// cursor down with it.
//
// It unwraps to an *entity.ItemErrors holding Page.Invalid: errors.Is
// matches entity.ErrValidation, entity.ErrDecode, entity.ErrUnknownVersion,
// entity.ErrEntityType or ErrUnknownType through the items' errors, and
// errors.As finds *entity.ItemErrors as well as the items' own error types.
// Collections return a *PageError[any].
type PageError[T any] struct {
	Page  *Page[T]
	items entity.ItemErrors
}

func (e *PageError[T]) Error() string {
	if e.Page == nil || len(e.Page.Invalid) == 0 {
		return "query: page error without items that could not be read"
	}
	bad := e.Page.Invalid
	more := ""
	if len(bad) > 1 {
		more = fmt.Sprintf(" (and %d more)", len(bad)-1)
	}
	return fmt.Sprintf("query: %d of the page's items could not be read, %d were: %v%s", len(bad), len(e.Page.Items), &bad[0], more)
}

func (e *PageError[T]) Unwrap() error { return &e.items }

// pageError returns the error a read reports for page: a *PageError when
// items could not be read, unless the read skips them.
func pageError[T any](page *Page[T], skip bool) error {
	if skip || len(page.Invalid) == 0 {
		return nil
	}
	return &PageError[T]{Page: page, items: entity.ItemErrors{Errors: page.Invalid}}
}

// addInvalid records an item that could not be read, after the items
// already in p.Items.
func (p *Page[T]) addInvalid(e entity.ItemError) {
	p.Invalid = append(p.Invalid, e)
	p.invalidAt = append(p.invalidAt, len(p.Items))
}

// appendItems appends next's items, and the items it could not read, to
// p's, keeping their order.
func (p *Page[T]) appendItems(next *Page[T]) {
	for i, e := range next.Invalid {
		p.Invalid = append(p.Invalid, e)
		p.invalidAt = append(p.invalidAt, len(p.Items)+next.invalidAt[i])
	}
	p.Items = append(p.Items, next.Items...)
}

// yieldItems yields page's items in the order read, and unless skip the
// items that could not be read in their places, as their *entity.ItemError.
// It reports whether the caller wants more.
func yieldItems[T any](page *Page[T], skip bool, yield func(*T, error) bool) bool {
	j := 0
	failed := func(before int) bool {
		for ; !skip && j < len(page.Invalid) && page.invalidAt[j] <= before; j++ {
			if !yield(nil, &page.Invalid[j]) {
				return false
			}
		}
		return true
	}
	for i := range page.Items {
		if !failed(i) || !yield(&page.Items[i], nil) {
			return false
		}
	}
	return failed(len(page.Items))
}
