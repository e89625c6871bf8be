package cost

import (
	"fmt"
	"strconv"
	"strings"
)

// String renders the report for a person, one fact per line, in a fixed
// order (the same report always prints the same text).
func (r *Report) String() string {
	var b strings.Builder
	basis := "a sample item"
	if r.Assumed {
		basis = "assumed attribute sizes"
	}
	fmt.Fprintf(&b, "%s (table %s), from %s\n", r.Entity, r.Table, basis)
	fmt.Fprintf(&b, "  item: %d bytes, stored as %d with the %d-byte overhead\n", r.ItemBytes, r.StoredBytes, StorageOverheadBytes)
	for _, ix := range r.Indexes {
		kind := "global"
		if ix.Local {
			kind = "local"
		}
		sparse := ""
		if ix.Sparse {
			sparse = ", sparse"
		}
		if !ix.Contains {
			fmt.Fprintf(&b, "  index %s (%s, %s%s): the item is not in it\n", ix.Name, kind, ix.Projection, sparse)
			continue
		}
		fmt.Fprintf(&b, "  index %s (%s, %s%s): entry %d bytes, stored as %d, %s per write\n",
			ix.Name, kind, ix.Projection, sparse, ix.EntryBytes, ix.StoredBytes, units(ix.PutUnits, "WCU"))
		if ix.Projection != "KEYS_ONLY" {
			fmt.Fprintf(&b, "    projecting KEYS_ONLY would save %d bytes per entry and %s per write, and skip the index on updates of unprojected attributes\n",
				ix.EntryBytes-ix.KeysOnlyBytes, units(ix.PutUnits-ix.KeysOnlyPutUnits, "WCU"))
		}
	}
	fmt.Fprintf(&b, "  put (new item): %s\n", writeText(r.Put))
	fmt.Fprintf(&b, "  delete: %s\n", writeText(r.Delete))
	for _, u := range r.Updates {
		var what []string
		if len(u.Set) > 0 {
			what = append(what, "setting "+strings.Join(u.Set, ", "))
		}
		if len(u.Remove) > 0 {
			what = append(what, "removing "+strings.Join(u.Remove, ", "))
		}
		fmt.Fprintf(&b, "  update %s (%s): %s\n", strings.Join(what, " and "), u.Why, writeText(u.Write))
	}
	fmt.Fprintf(&b, "  get: %s eventually consistent, %s strongly consistent, %s in a transaction\n",
		units(r.Get.Eventual, "RCU"), num(r.Get.Strong), num(r.Get.Transactional))
	for _, q := range r.Queries {
		where := "the table"
		if q.Index != "" {
			where = q.Index
		}
		fmt.Fprintf(&b, "  query page of %d items on %s: %s eventually consistent", q.Items, where, units(q.Eventual, "RCU"))
		if q.Strong > 0 {
			fmt.Fprintf(&b, ", %s strongly consistent", num(q.Strong))
		}
		b.WriteString("\n")
	}
	if m := r.Monthly; m != nil {
		b.WriteString(m.String())
	}
	return b.String()
}

// String renders the monthly cost, indented to sit under a report.
func (m *Monthly) String() string {
	var b strings.Builder
	rt := m.Rates
	var parts []string
	add := func(v float64, what string) {
		if v > 0 {
			parts = append(parts, num(v)+" "+what)
		}
	}
	add(rt.Puts, "puts")
	add(rt.Updates, "updates")
	add(rt.Deletes, "deletes")
	add(rt.Gets, "gets")
	add(rt.StrongGets, "strong gets")
	if rt.Queries > 0 {
		on := "the table"
		if rt.QueryIndex != "" {
			on = rt.QueryIndex
		}
		parts = append(parts, num(rt.Queries)+" query pages on "+on)
	}
	rates := "no requests"
	if len(parts) > 0 {
		rates = strings.Join(parts, ", ") + " per second"
	}
	if rt.Transactional {
		rates += ", in transactions"
	}
	fmt.Fprintf(&b, "  monthly, %s, at %s and %s items:\n", m.Billing, rates, num(rt.Items))
	unit := "request units"
	if m.Billing == Provisioned {
		unit = "capacity units"
	}
	fmt.Fprintf(&b, "    writes: %s write %s per second, %s\n", num(m.WriteUnits), unit, money(m.Writes))
	fmt.Fprintf(&b, "    reads: %s read %s per second, %s\n", num(m.ReadUnits), unit, money(m.Reads))
	fmt.Fprintf(&b, "    storage: %s GB, %s\n", strconv.FormatFloat(m.StorageGB, 'f', 3, 64), money(m.Storage))
	fmt.Fprintf(&b, "    total: %s\n", money(m.Total))
	return b.String()
}

func writeText(w Write) string {
	var b strings.Builder
	b.WriteString(units(w.Total(), "WCU"))
	if len(w.Indexes) > 0 {
		fmt.Fprintf(&b, " = %s table", num(w.Table))
		for _, ix := range w.Indexes {
			fmt.Fprintf(&b, " + %s %s (%s)", num(ix.Units), ix.Index, ix.Change)
		}
	}
	fmt.Fprintf(&b, "; %s in a transaction", num(w.Transactional().Total()))
	return b.String()
}

func num(x float64) string { return strconv.FormatFloat(round(x), 'f', -1, 64) }

func units(x float64, unit string) string { return num(x) + " " + unit }

func money(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }
