package review

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/describe"
	"github.com/dynamodel/dynamodel/internal/keyrules"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/internal/validtag"
	"github.com/dynamodel/dynamodel/keys"
	"github.com/dynamodel/dynamodel/schema/cost"
)

// entityFindings runs the checks that need one entity's model only.
func (c *config) entityFindings(m *entity.Meta) ([]Finding, error) {
	var out []Finding
	add := func(code Code, index, attr, reason, fix string) {
		out = append(out, Finding{Code: code, Table: m.Table(), Entity: m.TypeName(), Index: index, Attribute: attr, Reason: reason, Fix: fix})
	}
	c.hotPartitions(m, add)
	c.sparse(m, add)
	if err := c.wide(m, add); err != nil {
		return nil, err
	}
	for _, ix := range m.Indexes() {
		if ix.Schema.Kind == keys.Local {
			add(LocalIndex, ix.Name, ix.Schema.Sort[0].Name,
				"a local secondary index is created with the table or never, and stays until the table is recreated (a one-way door); while a table has one, each item collection (the items sharing a partition-key value) is capped at 10 GB, and writes beyond fail",
				"use a global secondary index with the same keys, which can be added to and dropped from the live table and has no size cap, unless the index must be read strongly consistent")
		}
	}
	c.omitEmptyKeys(m, add)
	c.stringSort(m, add)
	return out, nil
}

type addFunc func(code Code, index, attr, reason, fix string)

func rulesOf(m *entity.Meta, a entity.Attribute) validtag.Rules {
	if sf, ok := m.GoType().FieldByName(a.GoName); ok {
		return validtag.Of(sf)
	}
	return validtag.Rules{}
}

// values is the number of values attribute can take: declared with
// Values, else bounded by the Go type and validation; 0 when unbounded.
func (c *config) valuesOf(m *entity.Meta, name string) (n int, why string) {
	if v, ok := c.values[m][name]; ok {
		return v, "declared"
	}
	a, _ := describe.Attribute(m, name)
	r := rulesOf(m, a)
	n = r.Values(a.GoType)
	switch {
	case n == 0:
		return 0, ""
	case r.OneOf != nil:
		return n, "oneof=" + strings.Join(r.OneOf, " ")
	case r.Boolean || derefType(a.GoType).Kind() == reflect.Bool:
		return n, "a boolean"
	}
	return n, fmt.Sprintf("min=%v,max=%v", r.Min, r.Max)
}

func (c *config) hotPartitions(m *entity.Meta, add addFunc) {
	check := func(index string, schema keys.Schema) {
		total := 1
		var names, whys []string
		for _, k := range schema.Partition {
			n, why := c.valuesOf(m, k.Name)
			if n == 0 {
				return // one unbounded attribute spreads the key
			}
			total *= n
			names = append(names, k.Name)
			whys = append(whys, fmt.Sprintf("%s takes %d: %s", k.Name, n, why))
			if total > c.maxValues {
				return
			}
		}
		where := "the table"
		extra := ""
		if index != "" {
			where = "index " + index
			extra = "; a throttled global index throttles the writes to the table too"
		}
		add(HotPartition, index, strings.Join(names, ","),
			fmt.Sprintf("the partition key of %s can take at most %d values (%s), so all its items sit in at most %d partitions, and a partition serves at most 3,000 reads and 1,000 writes per second%s",
				where, total, strings.Join(whys, "; "), total, extra),
			"add a high-cardinality attribute to the partition key (a multi-attribute key takes up to four, such as warehouseId with status), or move the low-cardinality attribute to the sort key")
	}
	check("", m.PrimaryKey())
	for _, ix := range m.Indexes() {
		if ix.Schema.Kind == keys.Global {
			check(ix.Name, ix.Schema)
		}
	}
}

func optional(a entity.Attribute) bool { return a.OmitEmpty || a.GoType.Kind() == reflect.Pointer }

func derefType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// sparse reports sparse indexes that will hold almost every item or almost
// none: from declared shares, and from the model when every optional key
// attribute is required by validation.
func (c *config) sparse(m *entity.Meta, add addFunc) {
	for _, ix := range m.Indexes() {
		var opt []string
		allRequired := true
		for _, k := range keyrules.All(ix.Schema) {
			a, _ := describe.Attribute(m, k.Name)
			if optional(a) {
				opt = append(opt, k.Name)
				allRequired = allRequired && rulesOf(m, a).Required
			}
		}
		if len(opt) == 0 {
			continue
		}
		attr := strings.Join(opt, ",")
		share, declared := c.shares[m][ix.Name]
		switch {
		case declared && share >= c.shareHigh, !declared && allRequired:
			why := fmt.Sprintf("about %s of the items are expected in it", percent(share))
			if !declared {
				why = fmt.Sprintf("validation requires %s, so every item has it", attr)
			}
			add(SparseNearlyFull, ix.Name, attr,
				fmt.Sprintf("%s is sparse (an item without %s is not in it), but %s: the index costs as much as a full one and filters almost nothing; a key attribute stored as a \"no\" value (false, 0, \"n\") instead of left out keeps items in", ix.Name, attr, why),
				fmt.Sprintf("leave %s out of items that should not be in the index (an empty value with omitempty, or a nil pointer); if nearly every item belongs, drop the sparse design and require the attribute", attr))
		case declared && share <= c.shareLow:
			add(SparseNearlyEmpty, ix.Name, attr,
				fmt.Sprintf("about %s of the items are expected in %s: queries on it find almost nothing, and an item that belongs but was written without %s (by older code, or before a backfill) is missing without a word", percent(share), ix.Name, attr),
				fmt.Sprintf("make sure every writer sets %s on the items that belong and backfill the old ones; if the index is meant to be this selective, silence this with the reason", attr))
		}
	}
}

func percent(share float64) string {
	return strconv.FormatFloat(share*100, 'f', -1, 64) + "%"
}

// wide reports global indexes projecting ALL of a wide item.
func (c *config) wide(m *entity.Meta, add addFunc) error {
	var r *cost.Report
	var err error
	basis := "a sample"
	if s, ok := c.samples[m]; ok {
		r, err = cost.Estimate(m, s)
	} else {
		basis = "assumed sizes"
		r, err = cost.EstimateSizes(m, cost.DefaultSizes(m))
	}
	if err != nil {
		e := &Error{Entity: m.TypeName(), Err: fmt.Errorf("estimating the item's size: %w", err)}
		if refused := (*entity.InputError)(nil); errors.As(err, &refused) {
			e.Rule = refused.Rule // the cost model's, such as cost.RuleSample
		}
		return e
	}
	var nonKey, documents []string
	for _, a := range m.Attributes() {
		if a.KeyType != "" {
			continue
		}
		nonKey = append(nonKey, a.Name)
		switch t := derefType(a.GoType); {
		case t.Kind() == reflect.Map, t.Kind() == reflect.Struct && t != reflect.TypeFor[time.Time](),
			(t.Kind() == reflect.Slice || t.Kind() == reflect.Array) && t.Elem().Kind() != reflect.Uint8:
			documents = append(documents, a.Name)
		}
	}
	for _, ix := range r.Indexes {
		if ix.Local || ix.Projection != string(types.ProjectionTypeAll) || !ix.Contains {
			continue
		}
		moreUnits := ix.PutUnits > ix.KeysOnlyPutUnits
		if !moreUnits && len(nonKey) < c.wideAttrs && len(documents) == 0 {
			continue
		}
		var what []string
		if moreUnits {
			what = append(what, fmt.Sprintf("an entry costs %v WCU per write where KEYS_ONLY would cost %v", ix.PutUnits, ix.KeysOnlyPutUnits))
		}
		if len(nonKey) >= c.wideAttrs {
			what = append(what, fmt.Sprintf("the item has %d non-key attributes, and an update of any of them rewrites the entry", len(nonKey)))
		}
		if len(documents) > 0 {
			what = append(what, fmt.Sprintf("%s can grow without bound", strings.Join(documents, ", ")))
		}
		add(WideProjection, ix.Name, "",
			fmt.Sprintf("%s projects ALL: each entry copies the whole item (%d bytes, from %s; KEYS_ONLY would store %d); %s", ix.Name, ix.EntryBytes, basis, ix.KeysOnlyBytes, strings.Join(what, "; ")),
			fmt.Sprintf("project what the queries on %s read: INCLUDE(those attributes) or KEYS_ONLY (then Get the full items); to change a live table, create a new index with the narrower projection, switch readers, drop the old one", ix.Name))
	}
	return nil
}

// omitEmptyKeys reports index key attributes that may be left empty
// without validation requiring a value.
func (c *config) omitEmptyKeys(m *entity.Meta, add addFunc) {
	for _, ix := range m.Indexes() {
		for _, k := range keyrules.All(ix.Schema) {
			a, _ := describe.Attribute(m, k.Name)
			if !optional(a) || rulesOf(m, a).Required {
				continue
			}
			empty := "empty"
			switch t := derefType(a.GoType); {
			case a.GoType.Kind() == reflect.Pointer:
				empty = "nil"
			case t.Kind() == reflect.String:
				empty = `""`
			case t.Kind() >= reflect.Int && t.Kind() <= reflect.Float64:
				empty = "0"
			case t == reflect.TypeFor[time.Time]():
				empty = "the zero time"
			}
			add(OmitEmptyKey, ix.Name, k.Name,
				fmt.Sprintf("%s is a key of %s and may be left out of an item (omitempty or a pointer): an item whose %s is %s is written without it and is not in %s, with no error", a.GoName, ix.Name, a.GoName, empty, ix.Name),
				fmt.Sprintf("if %s is meant to be sparse, silence this with the reason; otherwise require a value (validate:\"required\") so that an item missing it is refused", ix.Name))
		}
	}
}

// stringSort reports sort-key attributes stored as strings whose string
// order is not the order of their values.
func (c *config) stringSort(m *entity.Meta, add addFunc) {
	type sortKey struct{ index, attr string }
	var sks []sortKey
	for _, k := range m.PrimaryKey().Sort {
		sks = append(sks, sortKey{"", k.Name})
	}
	for _, ix := range m.Indexes() {
		for _, k := range ix.Schema.Sort {
			sks = append(sks, sortKey{ix.Name, k.Name})
		}
	}
	for _, sk := range sks {
		a, _ := describe.Attribute(m, sk.attr)
		if a.KeyType != types.ScalarAttributeTypeS {
			continue
		}
		where := "the table's sort key"
		if sk.index != "" {
			where = "a sort key of " + sk.index
		}
		fix := fmt.Sprintf("store %s as a number (drop the string option), or, in a string key, zero-pad it to a fixed width", a.GoName)
		t := derefType(a.GoType)
		r := rulesOf(m, a)
		switch {
		case t.Kind() >= reflect.Int && t.Kind() <= reflect.Float64:
			add(StringSort, sk.index, sk.attr,
				fmt.Sprintf("%s is a number stored as a string and %s: strings sort character by character, so \"10\" comes before \"9\" and range conditions pick the wrong items", a.GoName, where), fix)
		case t.Kind() == reflect.String && r.Numeric:
			add(StringSort, sk.index, sk.attr,
				fmt.Sprintf("%s holds numbers (validate numeric) as a string and is %s: \"10\" sorts before \"9\"", a.GoName, where),
				fmt.Sprintf("make %s a number type, or zero-pad its values to a fixed width", a.GoName))
		case t.Kind() == reflect.String && r.Datetime != "" && unsortableLayout(r.Datetime):
			add(StringSort, sk.index, sk.attr,
				fmt.Sprintf("%s holds times in layout %q and is %s: the layout has variable width, names or zone offsets, so string order is not time order", a.GoName, r.Datetime, where),
				fmt.Sprintf("make %s a time.Time (stored fixed-width in UTC in keys), or use a fixed-width UTC layout such as 2006-01-02T15:04:05.000Z", a.GoName))
		}
		for _, tp := range model.Of(m).Templates() {
			if tp.Attribute != sk.attr {
				continue
			}
			for _, comp := range tp.Components {
				sf, ok := m.GoType().FieldByName(comp)
				if !ok {
					continue
				}
				if k := derefType(sf.Type).Kind(); k >= reflect.Int && k <= reflect.Uint64 {
					add(StringSort, sk.index, sk.attr,
						fmt.Sprintf("%s is %s and its template %s writes %s (an integer) without padding: %s sorts before %s", sk.attr, where, tp.String(), comp,
							strings.Replace(tp.String(), "{"+comp+"}", "10", 1), strings.Replace(tp.String(), "{"+comp+"}", "9", 1)),
						fmt.Sprintf("make %s a zero-padded string (fmt.Sprintf(\"%%06d\", n)) or move it to a number attribute of a multi-attribute key", comp))
				}
			}
		}
	}
}

// unsortableLayout reports time layouts whose strings do not sort in time
// order: fractional seconds with trailing zeros trimmed, zone offsets or
// names, month or day names, unpadded or space-padded fields, AM/PM.
func unsortableLayout(layout string) bool {
	for _, bad := range []string{".9", ",9", "Z07", "-07", "MST", "Jan", "Mon", "PM", "pm", "_2", "__2"} {
		if strings.Contains(layout, bad) {
			return true
		}
	}
	// Unpadded month (1), day (2), hour (3 or 15 is fine), minute (4),
	// second (5): a digit not part of a padded token.
	padded := []string{"2006", "01", "02", "03", "04", "05", "15", "06", "002"}
	rest := layout
	for _, p := range padded {
		rest = strings.ReplaceAll(rest, p, "")
	}
	return strings.ContainsAny(rest, "12345")
}
