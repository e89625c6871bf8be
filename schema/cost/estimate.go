package cost

import (
	"cmp"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/describe"
	"github.com/dynamodel/dynamodel/internal/keyrules"
	"github.com/dynamodel/dynamodel/internal/model"
)

// DefaultQueryItems is the number of items a Query page is priced with
// unless [WithQueryItems] says otherwise.
const DefaultQueryItems = 100

// Option adjusts an estimate.
type Option func(*options)

type options struct {
	queryItems int
	update     []string
	rates      *Rates
	prices     *Prices
}

// WithQueryItems prices Query pages of n items.
func WithQueryItems(n int) Option { return func(o *options) { o.queryItems = n } }

// WithUpdate adds, as the report's first update (the one [Rates].Updates
// prices), an update that changes the given attributes.
func WithUpdate(attributes ...string) Option {
	return func(o *options) { o.update = append(o.update, attributes...) }
}

// WithMonthly adds the monthly cost of rates at prices.
func WithMonthly(rates Rates, prices Prices) Option {
	return func(o *options) { o.rates, o.prices = &rates, &prices }
}

// Report is the cost of one entity, computed from its model and one sample
// item (or assumed sizes). Every figure is for one item shaped like the
// sample. It prints as text ([Report.String]) and marshals to JSON.
type Report struct {
	Entity string `json:"entity"`
	Table  string `json:"table"`
	// Assumed: the item was built from [Sizes], not a sample.
	Assumed bool `json:"assumed"`
	// ItemBytes is the item's size; StoredBytes adds the 100 bytes of
	// storage overhead.
	ItemBytes   int           `json:"itemBytes"`
	StoredBytes int           `json:"storedBytes"`
	Indexes     []IndexReport `json:"indexes,omitempty"`
	// Put writes the item new; Delete deletes it.
	Put    Write `json:"put"`
	Delete Write `json:"delete"`
	// Updates are typical updates: those asked for with [WithUpdate],
	// then one changing a key attribute of each index, one moving the
	// item out of (or into) each sparse index, and one changing an
	// attribute no index key uses.
	Updates []UpdateReport `json:"updates,omitempty"`
	Get     Reads          `json:"get"`
	Queries []QueryReport  `json:"queries"`
	Monthly *Monthly       `json:"monthly,omitempty"`
}

// IndexReport is the cost of the item's entry in one secondary index.
type IndexReport struct {
	Name       string `json:"name"`
	Local      bool   `json:"local,omitempty"`
	Projection string `json:"projection"`
	// Sparse: a key attribute of the index may be absent (omitempty or a
	// pointer), leaving items out of the index.
	Sparse bool `json:"sparse,omitempty"`
	// Contains: the sample has an entry (it has every key attribute).
	Contains bool `json:"contains"`
	// EntryBytes is the entry's size; StoredBytes adds the 100 bytes of
	// storage overhead; PutUnits is the write units of writing it.
	EntryBytes  int     `json:"entryBytes"`
	StoredBytes int     `json:"storedBytes"`
	PutUnits    float64 `json:"putUnits"`
	// KeysOnlyBytes and KeysOnlyPutUnits are the same with a KEYS_ONLY
	// projection.
	KeysOnlyBytes    int     `json:"keysOnlyBytes"`
	KeysOnlyPutUnits float64 `json:"keysOnlyPutUnits"`
}

// UpdateReport is the cost of one kind of update.
type UpdateReport struct {
	// Set and Remove are the attributes the update changes and removes.
	Set    []string `json:"set,omitempty"`
	Remove []string `json:"remove,omitempty"`
	// Why says what the update is an example of.
	Why   string `json:"why"`
	Write Write  `json:"write"`
}

// Reads is the read units of a GetItem of the item.
type Reads struct {
	Eventual      float64 `json:"eventual"`
	Strong        float64 `json:"strong"`
	Transactional float64 `json:"transactional"`
}

// QueryReport is the read units of a Query page of Items items on the
// table (Index "") or an index. Strong is 0 on a global secondary index,
// which cannot be read strongly consistent.
type QueryReport struct {
	Index    string  `json:"index,omitempty"`
	Items    int     `json:"items"`
	Eventual float64 `json:"eventual"`
	Strong   float64 `json:"strong,omitempty"`
}

// StoredBytesPerItem is the storage one item takes with its index entries,
// each with its 100 bytes of overhead.
func (r *Report) StoredBytesPerItem() int {
	n := r.StoredBytes
	for _, ix := range r.Indexes {
		if ix.Contains {
			n += ix.StoredBytes
		}
	}
	return n
}

// Estimate reports the cost of the entity described by meta for sample, a
// pointer to a value of the entity's type, encoded exactly as the codec
// writes it (so it must be valid). The sample decides which sparse indexes
// the item is in and how large every attribute is.
func Estimate(meta *entity.Meta, sample any, opts ...Option) (*Report, error) {
	if meta == nil {
		return nil, noModel(opEstimate)
	}
	item, err := model.Of(meta).EncodeItem(meta.Table(), sample)
	if err != nil {
		e := where{op: opEstimate, meta: meta}.refuse(RuleSample, "the sample does not encode")
		e.Err = err
		return nil, e
	}
	return estimate(opEstimate, meta, item, false, opts)
}

// EstimateSizes reports the cost of the entity described by meta for an
// item whose attribute values have the given sizes (see [Sizes] and
// [DefaultSizes]).
func EstimateSizes(meta *entity.Meta, sizes Sizes, opts ...Option) (*Report, error) {
	if meta == nil {
		return nil, noModel(opEstimateSizes)
	}
	item, err := itemFromSizes(meta, sizes)
	if err != nil {
		return nil, err
	}
	return estimate(opEstimateSizes, meta, item, true, opts)
}

// EstimateItem reports the cost of the entity described by meta for an
// item as stored (such as one read from the table).
func EstimateItem(meta *entity.Meta, item Item, opts ...Option) (*Report, error) {
	if meta == nil {
		return nil, noModel(opEstimateItem)
	}
	return estimate(opEstimateItem, meta, maps.Clone(item), false, opts)
}

func estimate(op string, meta *entity.Meta, item Item, assumed bool, opts []Option) (*Report, error) {
	o := options{queryItems: DefaultQueryItems}
	for _, opt := range opts {
		opt(&o)
	}
	at := where{op: op, meta: meta}
	if o.queryItems < 1 {
		return nil, at.refuse(RuleOption, "a query page holds at least one item, not %d", o.queryItems)
	}
	for _, k := range keyrules.All(meta.PrimaryKey()) {
		if _, ok := item[k.Name]; !ok {
			return nil, where{op: op, meta: meta, attribute: k.Name}.refuse(RuleIncompleteItem, "the item lacks its primary key")
		}
	}
	m, err := New(meta)
	if err != nil {
		return nil, err
	}
	r := &Report{Entity: meta.TypeName(), Table: meta.Table(), Assumed: assumed}
	r.ItemBytes = m.ItemSize(item)
	r.StoredBytes = r.ItemBytes + StorageOverheadBytes
	for i := range m.indexes {
		im := &m.indexes[i]
		ir := IndexReport{Name: im.ix.Name, Local: im.local, Projection: projectionText(im.ix.Projection), Sparse: sparse(meta, im)}
		if im.contains(item) {
			ir.Contains = true
			ir.EntryBytes = m.entrySize(im, item)
			ir.StoredBytes = ir.EntryBytes + StorageOverheadBytes
			ir.PutUnits = m.entryUnits(im, item)
			ir.KeysOnlyBytes = m.keysOnlySize(im, item)
			ko := ir.KeysOnlyBytes
			if im.local {
				ko += LocalIndexWriteOverheadBytes
			}
			ir.KeysOnlyPutUnits = WriteUnits(ko)
		}
		r.Indexes = append(r.Indexes, ir)
	}
	r.Put = m.Write(nil, item)
	r.Delete = m.Write(item, nil)

	updates, err := m.typicalUpdates(op, item, o.update)
	if err != nil {
		return nil, err
	}
	r.Updates = updates

	r.Get.Eventual, _ = m.Get(item, Eventual)
	r.Get.Strong, _ = m.Get(item, Strong)
	r.Get.Transactional, _ = m.Get(item, Transactional)
	page := make([]Item, o.queryItems)
	for i := range page {
		page[i] = item
	}
	q := QueryReport{Items: o.queryItems}
	q.Eventual, _ = m.QueryPage("", page, Eventual)
	q.Strong, _ = m.QueryPage("", page, Strong)
	r.Queries = append(r.Queries, q)
	for i := range m.indexes {
		im := &m.indexes[i]
		if !im.contains(item) {
			continue
		}
		q := QueryReport{Index: im.ix.Name, Items: o.queryItems}
		q.Eventual, _ = m.QueryPage(im.ix.Name, page, Eventual)
		if im.local {
			q.Strong, _ = m.QueryPage(im.ix.Name, page, Strong)
		}
		r.Queries = append(r.Queries, q)
	}

	if o.rates != nil {
		if err := o.rates.check(); err != nil {
			return nil, at.refuse(RuleOption, "%v", err)
		}
		if err := o.prices.check(); err != nil {
			return nil, at.refuse(RuleOption, "%v", err)
		}
		if ix := o.rates.QueryIndex; ix != "" && o.rates.Queries > 0 &&
			!slices.ContainsFunc(r.Queries, func(q QueryReport) bool { return q.Index == ix }) {
			at := where{op: op, meta: meta, index: ix}
			if _, declared := m.index(ix); !declared {
				return nil, at.unknownIndex()
			}
			return nil, at.refuse(RuleIncompleteItem, "the item is not in the index, so queries on it cannot be priced")
		}
		r.Monthly = monthly(r, *o.rates, *o.prices)
	}
	return r, nil
}

// typicalUpdates prices the updates the report lists.
func (m *Model) typicalUpdates(op string, item Item, asked []string) ([]UpdateReport, error) {
	var out []UpdateReport
	seen := map[string]bool{}
	isPrimary := func(name string) bool { return slices.Contains(m.primary, name) }
	set := func(why string, names ...string) {
		after := maps.Clone(item)
		for _, n := range names {
			after[n] = changed(item[n])
			seen[n] = true
		}
		out = append(out, UpdateReport{Set: names, Why: why, Write: m.Write(item, after)})
	}
	if len(asked) > 0 {
		for _, n := range asked {
			at := where{op: op, meta: m.meta, attribute: n}
			if _, ok := describe.Attribute(m.meta, n); !ok {
				return nil, at.unknownAttribute()
			}
			if isPrimary(n) {
				return nil, at.refuse(RuleKeyUpdate, "an update cannot change the primary key")
			}
			if _, ok := item[n]; !ok {
				return nil, at.refuse(RuleIncompleteItem, "the item lacks the attribute, so an update of it cannot be priced")
			}
		}
		set("asked for", asked...)
	}
	for i := range m.indexes {
		im := &m.indexes[i]
		if !im.contains(item) {
			continue
		}
		for _, k := range im.keys {
			if !isPrimary(k) && !seen[k] {
				set("a key of "+im.ix.Name, k)
				break
			}
		}
	}
	for i := range m.indexes {
		im := &m.indexes[i]
		for _, k := range im.keys {
			a, _ := describe.Attribute(m.meta, k)
			if !optional(a) {
				continue
			}
			if _, ok := item[k]; ok {
				after := maps.Clone(item)
				delete(after, k)
				out = append(out, UpdateReport{Remove: []string{k}, Why: "the item leaves " + im.ix.Name, Write: m.Write(item, after)})
			}
			break
		}
	}
	// An attribute no index uses as a key, preferring one no INCLUDE
	// projection lists, to show what projecting less saves.
	var plain []string
	for _, a := range m.meta.Attributes() {
		if _, ok := item[a.Name]; ok && a.KeyType == "" && !seen[a.Name] {
			plain = append(plain, a.Name)
		}
	}
	slices.SortStableFunc(plain, func(x, y string) int { return cmp.Compare(m.includedBy(x), m.includedBy(y)) })
	if len(plain) > 0 {
		why := "no index key"
		if m.includedBy(plain[0]) > 0 {
			why = "projected by INCLUDE"
		}
		set(why, plain[0])
	}
	return out, nil
}

// includedBy counts the INCLUDE projections listing name.
func (m *Model) includedBy(name string) int {
	n := 0
	for _, im := range m.indexes {
		if im.extras[name] {
			n++
		}
	}
	return n
}

func optional(a entity.Attribute) bool {
	return a.OmitEmpty || a.GoType.Kind() == reflect.Pointer
}

func sparse(meta *entity.Meta, im *indexModel) bool {
	for _, k := range im.keys {
		if a, ok := describe.Attribute(meta, k); ok && optional(a) {
			return true
		}
	}
	return false
}

func projectionText(p types.Projection) string {
	if p.ProjectionType == types.ProjectionTypeInclude {
		return "INCLUDE(" + strings.Join(p.NonKeyAttributes, ",") + ")"
	}
	if p.ProjectionType == "" {
		return string(types.ProjectionTypeAll)
	}
	return string(p.ProjectionType)
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
