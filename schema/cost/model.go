package cost

import (
	"math"
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/avequal"
	"github.com/dynamodel/dynamodel/internal/itemsize"
	"github.com/dynamodel/dynamodel/internal/keyrules"
	"github.com/dynamodel/dynamodel/keys"
)

// Units and overheads DynamoDB bills by.
const (
	// WriteUnitBytes is the item size one write unit covers (1 KB).
	WriteUnitBytes = 1024
	// ReadUnitBytes is the item size one strongly consistent read unit
	// covers (4 KB).
	ReadUnitBytes = 4096
	// StorageOverheadBytes is added to every item and every index entry
	// for storage billing.
	StorageOverheadBytes = 100
	// LocalIndexWriteOverheadBytes is added to a local secondary index
	// entry when its write units are computed: the developer guide defines
	// an LSI entry's size with the 100 bytes of overhead, and DynamoDB
	// Local charges LSI writes on that size (a GSI entry is charged on its
	// attributes alone).
	LocalIndexWriteOverheadBytes = 100
)

// Item is an item as DynamoDB stores it.
type Item = map[string]types.AttributeValue

// Model is the cost model of one entity type: its table key, its indexes
// and what each projects, from the entity's model alone. It computes the
// capacity units of single operations on given items; [Estimate] builds a
// readable report from it. A Model is immutable and safe for concurrent
// use.
type Model struct {
	meta    *entity.Meta
	primary []string
	indexes []indexModel
}

type indexModel struct {
	ix     entity.Index
	keys   []string
	local  bool
	all    bool
	extras map[string]bool // projected non-key attributes (INCLUDE)
}

// New returns the cost model of the entity described by meta.
func New(meta *entity.Meta) (*Model, error) {
	if meta == nil {
		return nil, noModel(opNew)
	}
	m := &Model{meta: meta}
	for _, a := range keyrules.All(meta.PrimaryKey()) {
		m.primary = append(m.primary, a.Name)
	}
	for _, ix := range meta.Indexes() {
		im := indexModel{ix: ix, local: ix.Schema.Kind == keys.Local}
		for _, a := range keyrules.All(ix.Schema) {
			im.keys = append(im.keys, a.Name)
		}
		switch ix.Projection.ProjectionType {
		case types.ProjectionTypeAll, "":
			im.all = true
		case types.ProjectionTypeInclude:
			// schema projects the library's metadata with every INCLUDE
			// list, so that entries decode; they cost bytes here too.
			im.extras = map[string]bool{entity.VersionAttribute: true, entity.TypeAttribute: true}
			for _, a := range ix.Projection.NonKeyAttributes {
				im.extras[a] = true
			}
		}
		m.indexes = append(m.indexes, im)
	}
	return m, nil
}

// Meta is the entity model the cost model was built from.
func (m *Model) Meta() *entity.Meta { return m.meta }

// ItemSize is the size of item by DynamoDB's rules (attribute names and
// values; not the 100 bytes of storage overhead).
func (m *Model) ItemSize(item Item) int { return itemsize.Item(item) }

// InIndex reports whether item has an entry in the named index: it has
// every key attribute of the index. It reports false for an index the
// model does not declare.
func (m *Model) InIndex(index string, item Item) bool {
	im, ok := m.index(index)
	return ok && im.contains(item)
}

// EntrySize is the size of item's entry in the named index: the table's key
// attributes, the index's key attributes and the projected attributes the
// item has. ok is false when the item has no entry there (a sparse index)
// or the index is not declared.
func (m *Model) EntrySize(index string, item Item) (size int, ok bool) {
	im, found := m.index(index)
	if !found || !im.contains(item) {
		return 0, false
	}
	return m.entrySize(im, item), true
}

func (m *Model) index(name string) (*indexModel, bool) {
	for i := range m.indexes {
		if m.indexes[i].ix.Name == name {
			return &m.indexes[i], true
		}
	}
	return nil, false
}

func (im *indexModel) contains(item Item) bool {
	if item == nil {
		return false
	}
	for _, k := range im.keys {
		if _, ok := item[k]; !ok {
			return false
		}
	}
	return true
}

// projects reports whether the index stores attribute name of an item.
func (m *Model) projects(im *indexModel, name string) bool {
	return im.all || slices.Contains(m.primary, name) || slices.Contains(im.keys, name) || im.extras[name]
}

func (m *Model) entrySize(im *indexModel, item Item) int {
	n := 0
	for name, v := range item {
		if m.projects(im, name) {
			n += itemsize.Attribute(name, v)
		}
	}
	return n
}

// keysOnlySize is the entry size the index would have with a KEYS_ONLY
// projection.
func (m *Model) keysOnlySize(im *indexModel, item Item) int {
	n := 0
	for name, v := range item {
		if slices.Contains(m.primary, name) || slices.Contains(im.keys, name) {
			n += itemsize.Attribute(name, v)
		}
	}
	return n
}

// Change says what a write does to an index entry.
type Change string

// The changes a write can make to an index.
const (
	// ChangePut: the item enters the index (a new item, or a key
	// attribute it lacked is set).
	ChangePut Change = "put"
	// ChangeDelete: the item leaves the index (deleted, or a key
	// attribute removed).
	ChangeDelete Change = "delete"
	// ChangeMove: an index key value changed, which DynamoDB writes as a
	// delete of the old entry and a put of the new one.
	ChangeMove Change = "delete+put"
	// ChangeUpdate: the keys are unchanged but a projected attribute
	// changed; the entry is rewritten.
	ChangeUpdate Change = "update"
)

// IndexWrite is the write units one write consumes on one index.
type IndexWrite struct {
	Index  string  `json:"index"`
	Change Change  `json:"change"`
	Units  float64 `json:"units"`
}

// Write is the write units one write consumes: on the table and on every
// index it touches (indexes it does not touch are not listed).
type Write struct {
	Table   float64      `json:"table"`
	Indexes []IndexWrite `json:"indexes,omitempty"`
}

// Total is the write units on the table and all indexes.
func (w Write) Total() float64 {
	t := w.Table
	for _, ix := range w.Indexes {
		t += ix.Units
	}
	return t
}

// Index returns the units consumed on the named index (0 when untouched).
func (w Write) Index(name string) float64 {
	for _, ix := range w.Indexes {
		if ix.Index == name {
			return ix.Units
		}
	}
	return 0
}

// Transactional is the same write inside TransactWriteItems, which costs
// twice the units (a prepare and a commit per item), on the table and on
// every index.
func (w Write) Transactional() Write {
	out := Write{Table: 2 * w.Table}
	for _, ix := range w.Indexes {
		ix.Units *= 2
		out.Indexes = append(out.Indexes, ix)
	}
	return out
}

// WriteUnits is the write units for an item (or index entry) of size bytes:
// one per started kilobyte, at least one.
func WriteUnits(size int) float64 {
	if size <= 0 {
		return 1
	}
	return float64((size + WriteUnitBytes - 1) / WriteUnitBytes)
}

// ReadUnits is the strongly consistent read units for size bytes: one per
// started 4 KB, at least one.
func ReadUnits(size int) float64 {
	if size <= 0 {
		return 1
	}
	return float64((size + ReadUnitBytes - 1) / ReadUnitBytes)
}

// Write computes the units of a write that turns before into after: a Put
// of a new item (before nil), a Put replacing an item or an Update (both
// set), or a Delete (after nil). The table is charged on the larger of the
// two items (a delete of a missing item, both nil, costs 1). Each index is
// charged by what happens to the item's entry there: a put or delete on
// the entry's size, a key change as a delete plus a put, a change of
// projected attributes on the larger entry, and nothing when the entry
// does not change or the item is in the index neither before nor after.
// The items must have the same primary key.
func (m *Model) Write(before, after Item) Write {
	w := Write{Table: WriteUnits(max(itemsize.Item(before), itemsize.Item(after)))}
	for i := range m.indexes {
		im := &m.indexes[i]
		inB, inA := im.contains(before), im.contains(after)
		var iw IndexWrite
		switch {
		case !inB && !inA:
			continue
		case !inB:
			iw = IndexWrite{Change: ChangePut, Units: m.entryUnits(im, after)}
		case !inA:
			iw = IndexWrite{Change: ChangeDelete, Units: m.entryUnits(im, before)}
		case !sameAttributes(before, after, im.keys):
			iw = IndexWrite{Change: ChangeMove, Units: m.entryUnits(im, before) + m.entryUnits(im, after)}
		case !m.sameEntry(im, before, after):
			iw = IndexWrite{Change: ChangeUpdate, Units: max(m.entryUnits(im, before), m.entryUnits(im, after))}
		default:
			continue
		}
		iw.Index = im.ix.Name
		w.Indexes = append(w.Indexes, iw)
	}
	return w
}

func (m *Model) entryUnits(im *indexModel, item Item) float64 {
	size := m.entrySize(im, item)
	if im.local {
		size += LocalIndexWriteOverheadBytes
	}
	return WriteUnits(size)
}

func (m *Model) sameEntry(im *indexModel, a, b Item) bool {
	for name, v := range a {
		if m.projects(im, name) {
			w, ok := b[name]
			if !ok || !equalValue(v, w) {
				return false
			}
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok && m.projects(im, name) {
			return false
		}
	}
	return true
}

func sameAttributes(a, b Item, names []string) bool {
	for _, n := range names {
		if !equalValue(a[n], b[n]) {
			return false
		}
	}
	return true
}

// equalValue compares attribute values as DynamoDB does (numbers by
// value, sets as sets); an attribute absent from both items counts as
// equal.
func equalValue(a, b types.AttributeValue) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return avequal.Equal(a, b)
}

// Consistency is how a read is made; it sets the units per 4 KB.
type Consistency string

// Read consistencies.
const (
	// Eventual: half a unit per 4 KB (the default for reads, and the only
	// choice on a global secondary index).
	Eventual Consistency = "eventual"
	// Strong: one unit per 4 KB.
	Strong Consistency = "strong"
	// Transactional: two units per 4 KB (TransactGetItems).
	Transactional Consistency = "transactional"
)

func (c Consistency) factor() (float64, bool) {
	switch c {
	case Eventual, "":
		return 0.5, true
	case Strong:
		return 1, true
	case Transactional:
		return 2, true
	}
	return 0, false
}

// Get is the read units of a GetItem returning item (nil: no item, which
// still costs the minimum).
func (m *Model) Get(item Item, c Consistency) (float64, error) {
	f, ok := c.factor()
	if !ok {
		return 0, where{op: opGet, meta: m.meta}.consistency(c, "want eventual, strong or transactional")
	}
	return f * ReadUnits(itemsize.Item(item)), nil
}

// QueryPage is the read units of one Query page returning items, on the
// table (index "") or on a secondary index: the sizes of what is read (the
// items, or their index entries) are summed and rounded up to 4 KB once. A
// global secondary index is read eventually consistent only, and
// transactions do not query.
func (m *Model) QueryPage(index string, items []Item, c Consistency) (float64, error) {
	at := where{op: opQueryPage, meta: m.meta, index: index}
	f, ok := c.factor()
	switch {
	case !ok:
		return 0, at.consistency(c, "want eventual or strong")
	case c == Transactional:
		return 0, at.consistency(c, "transactions do not query")
	}
	total := 0
	if index == "" {
		for _, it := range items {
			total += itemsize.Item(it)
		}
		return f * ReadUnits(total), nil
	}
	im, found := m.index(index)
	if !found {
		return 0, at.unknownIndex()
	}
	if !im.local && c == Strong {
		return 0, at.consistency(c, "a global secondary index is read eventually consistent only")
	}
	for _, it := range items {
		if im.contains(it) {
			total += m.entrySize(im, it)
		}
	}
	return f * ReadUnits(total), nil
}

// round keeps figures printable: capacity arithmetic is in halves, money
// is rounded at print time.
func round(x float64) float64 { return math.Round(x*1e6) / 1e6 }
