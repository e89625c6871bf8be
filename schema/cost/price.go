package cost

import (
	"fmt"
	"math"
)

// Billing is how a table is billed.
type Billing string

// Billing modes.
const (
	// OnDemand bills each request unit (PAY_PER_REQUEST).
	OnDemand Billing = "on-demand"
	// Provisioned bills capacity units per hour, used or not.
	Provisioned Billing = "provisioned"
)

// Calendar figures AWS prices by.
const (
	HoursPerMonth   = 730
	SecondsPerMonth = HoursPerMonth * 3600
	// BytesPerGB is the gigabyte storage is billed in (2^30 bytes).
	BytesPerGB = 1 << 30
)

// Prices are the prices of one region and table class, in any currency;
// the model has none built in. Fill the ones for the billing mode used:
//
//	cost.Prices{Billing: cost.OnDemand, PerMillionWrites: 0.625, PerMillionReads: 0.125, PerGBMonth: 0.25}
type Prices struct {
	Billing Billing `json:"billing"`
	// PerMillionWrites and PerMillionReads price on-demand write and read
	// request units, per million.
	PerMillionWrites float64 `json:"perMillionWrites,omitempty"`
	PerMillionReads  float64 `json:"perMillionReads,omitempty"`
	// PerWCUHour and PerRCUHour price provisioned capacity units per hour.
	PerWCUHour float64 `json:"perWcuHour,omitempty"`
	PerRCUHour float64 `json:"perRcuHour,omitempty"`
	// PerGBMonth prices storage (items and index entries, each with its
	// 100 bytes of overhead).
	PerGBMonth float64 `json:"perGbMonth,omitempty"`
}

func (p Prices) check() error {
	if p.Billing != OnDemand && p.Billing != Provisioned {
		return fmt.Errorf("billing %q: want %q or %q", string(p.Billing), OnDemand, Provisioned)
	}
	for _, v := range []float64{p.PerMillionWrites, p.PerMillionReads, p.PerWCUHour, p.PerRCUHour, p.PerGBMonth} {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("prices must be finite and not negative")
		}
	}
	return nil
}

// Rates is an entity's workload: requests per second, each shaped like the
// report's sample item, and the number of items stored.
type Rates struct {
	// Puts of new items, Updates (shaped as the report's first update),
	// and Deletes, per second.
	Puts    float64 `json:"puts,omitempty"`
	Updates float64 `json:"updates,omitempty"`
	Deletes float64 `json:"deletes,omitempty"`
	// Gets (eventually consistent) and StrongGets per second.
	Gets       float64 `json:"gets,omitempty"`
	StrongGets float64 `json:"strongGets,omitempty"`
	// Queries is Query pages per second on QueryIndex ("" for the table),
	// eventually consistent, each of the report's page size.
	Queries    float64 `json:"queries,omitempty"`
	QueryIndex string  `json:"queryIndex,omitempty"`
	// Transactional: the writes and gets are made in transactions, at
	// twice the units.
	Transactional bool `json:"transactional,omitempty"`
	// Items is the number of items stored.
	Items float64 `json:"items,omitempty"`
}

func (r Rates) check() error {
	for _, v := range []float64{r.Puts, r.Updates, r.Deletes, r.Gets, r.StrongGets, r.Queries, r.Items} {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("rates must be finite and not negative")
		}
	}
	return nil
}

// Monthly is what a workload costs in a month of [HoursPerMonth] hours.
// Provisioned capacity is priced at the average rate, as if fully used:
// divide by the target utilisation of your auto scaling to compare.
type Monthly struct {
	Billing Billing `json:"billing"`
	Rates   Rates   `json:"rates"`
	// WriteUnits and ReadUnits per second, table and indexes together.
	WriteUnits float64 `json:"writeUnitsPerSecond"`
	ReadUnits  float64 `json:"readUnitsPerSecond"`
	Writes     float64 `json:"writes"`
	Reads      float64 `json:"reads"`
	StorageGB  float64 `json:"storageGB"`
	Storage    float64 `json:"storage"`
	Total      float64 `json:"total"`
}

func monthly(r *Report, rates Rates, p Prices) *Monthly {
	update := Write{Table: r.Put.Table}
	if len(r.Updates) > 0 {
		update = r.Updates[0].Write
	}
	put, del := r.Put, r.Delete
	get, strong := r.Get.Eventual, r.Get.Strong
	if rates.Transactional {
		put, del, update = put.Transactional(), del.Transactional(), update.Transactional()
		get, strong = r.Get.Transactional, r.Get.Transactional
	}
	var page float64
	for _, q := range r.Queries {
		if q.Index == rates.QueryIndex {
			page = q.Eventual
		}
	}
	m := &Monthly{Billing: p.Billing, Rates: rates}
	m.WriteUnits = round(rates.Puts*put.Total() + rates.Updates*update.Total() + rates.Deletes*del.Total())
	m.ReadUnits = round(rates.Gets*get + rates.StrongGets*strong + rates.Queries*page)
	if p.Billing == OnDemand {
		m.Writes = m.WriteUnits * SecondsPerMonth / 1e6 * p.PerMillionWrites
		m.Reads = m.ReadUnits * SecondsPerMonth / 1e6 * p.PerMillionReads
	} else {
		m.Writes = m.WriteUnits * HoursPerMonth * p.PerWCUHour
		m.Reads = m.ReadUnits * HoursPerMonth * p.PerRCUHour
	}
	gb := rates.Items * float64(r.StoredBytesPerItem()) / BytesPerGB
	m.Storage = gb * p.PerGBMonth
	m.Total = m.Writes + m.Reads + m.Storage
	// Figures are kept to a hundredth of a cent and a kilobyte, so that
	// JSON output reads as the text does.
	m.StorageGB = math.Round(gb*1e6) / 1e6
	for _, x := range []*float64{&m.Writes, &m.Reads, &m.Storage, &m.Total} {
		*x = math.Round(*x*1e4) / 1e4
	}
	return m
}
