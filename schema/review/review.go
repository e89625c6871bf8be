package review

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/model"
)

// Code identifies a kind of finding. Codes are stable: silence them, and
// gate CI on them.
type Code string

// The findings the review makes.
const (
	// HotPartition: a partition key (of the table or a global index) can
	// take only a few values, such as a bool or an enum.
	HotPartition Code = "HOT_PARTITION"
	// SparseNearlyFull: a sparse index will hold almost every item.
	SparseNearlyFull Code = "SPARSE_NEARLY_FULL"
	// SparseNearlyEmpty: a sparse index will hold almost no item.
	SparseNearlyEmpty Code = "SPARSE_NEARLY_EMPTY"
	// WideProjection: a global index projects ALL of a wide item.
	WideProjection Code = "WIDE_PROJECTION"
	// KitchenSink: entity types share partition-key values in one table
	// with no declared access pattern reading them together.
	KitchenSink Code = "KITCHEN_SINK"
	// LocalIndex: a local secondary index, a one-way door.
	LocalIndex Code = "LOCAL_INDEX"
	// OmitEmptyKey: an index key attribute that may be left empty, which
	// drops the item from the index without a word.
	OmitEmptyKey Code = "OMITEMPTY_INDEX_KEY"
	// StringSort: a sort-key attribute stored as a string that does not
	// sort as its values do (numbers as text, variable-width times,
	// unpadded integers in a key template).
	StringSort Code = "STRING_SORT"
)

// Codes lists every code, in the order findings are printed.
var Codes = []Code{HotPartition, SparseNearlyFull, SparseNearlyEmpty, WideProjection, KitchenSink, LocalIndex, OmitEmptyKey, StringSort}

// Finding is one thing to act on: what (Code), where (Table, Entity, Index,
// Attribute), why (Reason) and what to do (Fix).
type Finding struct {
	Code      Code   `json:"code"`
	Table     string `json:"table"`
	Entity    string `json:"entity"`
	Index     string `json:"index,omitempty"`
	Attribute string `json:"attribute,omitempty"`
	Reason    string `json:"reason"`
	Fix       string `json:"fix"`
	// Silenced is the reason given for silencing the finding ("" when
	// it is not silenced).
	Silenced string `json:"silenced,omitempty"`
}

// Report is the outcome of a review: the findings to act on, the silenced
// ones (with their reasons), and the silences nothing matched (stale, or
// mistyped). It prints as text ([Report.String]) and marshals to JSON.
type Report struct {
	Findings []Finding `json:"findings"`
	Silenced []Finding `json:"silenced,omitempty"`
	Unused   []Unused  `json:"unusedSilences,omitempty"`
}

// Unused is a silence that matched no finding.
type Unused struct {
	Entity string `json:"entity"`
	Code   Code   `json:"code"`
	Index  string `json:"index,omitempty"`
	Reason string `json:"reason"`
}

// Clean reports whether nothing is left to act on.
func (r *Report) Clean() bool { return len(r.Findings) == 0 }

// Option adds an expectation, a declared access pattern or a silence to a
// review. An option that names an entity, index, attribute or code the
// review does not know, or lacks what it needs, is kept as a mistake:
// Review returns the first one (a *[Error]) and reviews nothing.
type Option func(*config)

// checked makes an Option of apply, recording the error it returns.
func checked(apply func(*config) error) Option {
	return func(c *config) {
		if err := apply(c); err != nil && c.err == nil {
			c.err = err
		}
	}
}

type silence struct {
	meta   *entity.Meta
	code   Code
	index  string
	reason string
	used   bool
}

type config struct {
	metas     []*entity.Meta
	values    map[*entity.Meta]map[string]int
	shares    map[*entity.Meta]map[string]float64
	samples   map[*entity.Meta]any
	together  [][]*entity.Meta
	silences  []*silence
	maxValues int
	wideAttrs int
	shareLow  float64
	shareHigh float64
	err       error // the first option refused
}

// Defaults for the thresholds.
const (
	// DefaultMaxPartitionValues: a partition key that can take at most
	// this many values is reported as a hot partition.
	DefaultMaxPartitionValues = 100
	// DefaultWideAttributes: an item with at least this many non-key
	// attributes is wide.
	DefaultWideAttributes = 8
	// NearlyEmptyShare and NearlyFullShare bound the expected share of
	// items in a sparse index outside which it is reported.
	NearlyEmptyShare = 0.01
	NearlyFullShare  = 0.9
)

// known refuses an option about m unless m is one of the models under
// review.
func (c *config) known(m *entity.Meta) *Error {
	if m == nil {
		return &Error{Rule: entity.RuleInvalidArgument, Err: errors.New("no entity model given")}
	}
	if !slices.Contains(c.metas, m) {
		return &Error{Entity: m.TypeName(), Rule: RuleNotReviewed, Err: errors.New("the entity is not under review")}
	}
	return nil
}

// Silence silences every finding of code on the entity, for the reason
// given (required: it is printed with the silenced finding, so the next
// reader knows why).
func Silence(meta *entity.Meta, code Code, reason string) Option {
	return silenceOption(meta, code, "", reason)
}

// SilenceIndex silences the findings of code on one index of the entity,
// leaving those on its other indexes.
func SilenceIndex(meta *entity.Meta, code Code, index, reason string) Option {
	if index == "" {
		return checked(func(*config) error {
			return &Error{Entity: name(meta), Code: code, Rule: entity.RuleInvalidArgument,
				Err: errors.New("SilenceIndex needs an index name (Silence covers the whole entity)")}
		})
	}
	return silenceOption(meta, code, index, reason)
}

func silenceOption(meta *entity.Meta, code Code, index, reason string) Option {
	return checked(func(c *config) error {
		fail := func(rule entity.Rule, what string) error {
			return &Error{Entity: name(meta), Index: index, Code: code, Rule: rule, Err: errors.New(what)}
		}
		if err := c.known(meta); err != nil {
			err.Index, err.Code = index, code
			return err
		}
		if !slices.Contains(Codes, code) {
			return fail(RuleUnknownCode, "unknown code")
		}
		if reason == "" {
			return fail(RuleNoReason, "a silence needs a reason")
		}
		if index != "" {
			if _, ok := model.Of(meta).Index(index); !ok {
				return fail(RuleUnknownIndex, "the entity declares no such index")
			}
		}
		c.silences = append(c.silences, &silence{meta: meta, code: code, index: index, reason: reason})
		return nil
	})
}

// Values declares that attribute takes about n distinct values, where the
// model cannot tell (a tenant ID with three tenants) or tells it wrong.
// It overrides what validation rules imply.
func Values(meta *entity.Meta, attribute string, n int) Option {
	return checked(func(c *config) error {
		fail := func(rule entity.Rule, err error) error {
			return &Error{Entity: name(meta), Attribute: attribute, Rule: rule, Err: err}
		}
		if err := c.known(meta); err != nil {
			err.Attribute = attribute
			return err
		}
		if _, ok := model.Of(meta).Attribute(attribute); !ok {
			return fail(entity.RuleUnknownPath, errors.New("the entity has no such attribute"))
		}
		if n < 1 {
			return fail(RuleOutOfRange, fmt.Errorf("an attribute takes at least one value, not %d", n))
		}
		if c.values[meta] == nil {
			c.values[meta] = map[string]int{}
		}
		c.values[meta][attribute] = n
		return nil
	})
}

// Share declares the share of the entity's items (0 to 1) expected in a
// sparse index, such as 0.02 for "about 2% of tickets are urgent".
func Share(meta *entity.Meta, index string, share float64) Option {
	return checked(func(c *config) error {
		fail := func(rule entity.Rule, err error) error {
			return &Error{Entity: name(meta), Index: index, Rule: rule, Err: err}
		}
		if err := c.known(meta); err != nil {
			err.Index = index
			return err
		}
		if _, ok := model.Of(meta).Index(index); !ok {
			return fail(RuleUnknownIndex, errors.New("the entity declares no such index"))
		}
		if !(share >= 0 && share <= 1) || math.IsNaN(share) {
			return fail(RuleOutOfRange, fmt.Errorf("a share is between 0 and 1, not %v", share))
		}
		if c.shares[meta] == nil {
			c.shares[meta] = map[string]float64{}
		}
		c.shares[meta][index] = share
		return nil
	})
}

// Sample gives a typical item of the entity (a pointer to its type), for
// the figures of wide-item findings; without one, sizes are assumed (see
// cost.DefaultSizes).
func Sample(meta *entity.Meta, sample any) Option {
	return checked(func(c *config) error {
		if err := c.known(meta); err != nil {
			return err
		}
		c.samples[meta] = sample
		return nil
	})
}

// ReadTogether declares an access pattern that reads items of these entity
// types from one item collection (one Query), such as an order with its
// lines. Entity types sharing partition-key values are expected to have
// one.
func ReadTogether(metas ...*entity.Meta) Option {
	return checked(func(c *config) error {
		if len(metas) < 2 {
			return &Error{Rule: RuleReadTogether, Err: errors.New("reading together takes at least two entity types")}
		}
		for _, m := range metas {
			if err := c.known(m); err != nil {
				return err
			}
			if m.Table() != metas[0].Table() {
				return &Error{Entity: name(m), Rule: RuleReadTogether,
					Err: fmt.Errorf("in table %q, not %q with %s: one Query reads one table", m.Table(), metas[0].Table(), name(metas[0]))}
			}
		}
		c.together = append(c.together, slices.Clone(metas))
		return nil
	})
}

// MaxPartitionValues sets the most values a partition key may be able to
// take and still be reported hot (default [DefaultMaxPartitionValues]).
func MaxPartitionValues(n int) Option {
	return checked(func(c *config) error {
		if n < 1 {
			return &Error{Rule: RuleOutOfRange, Err: fmt.Errorf("MaxPartitionValues wants at least 1, not %d", n)}
		}
		c.maxValues = n
		return nil
	})
}

func name(m *entity.Meta) string {
	if m == nil {
		return ""
	}
	return m.TypeName()
}

// Review examines the models of the entities of a service (one table or
// several) and reports the findings, in a fixed order: by table, entity,
// code (in [Codes] order), index and attribute. A refused option is
// returned (the first, when several are) before anything is reviewed.
func Review(metas []*entity.Meta, opts ...Option) (*Report, error) {
	c := &config{
		values: map[*entity.Meta]map[string]int{}, shares: map[*entity.Meta]map[string]float64{},
		samples: map[*entity.Meta]any{}, maxValues: DefaultMaxPartitionValues, wideAttrs: DefaultWideAttributes,
		shareLow: NearlyEmptyShare, shareHigh: NearlyFullShare,
	}
	for _, m := range metas {
		if m == nil {
			return nil, &Error{Rule: entity.RuleInvalidArgument, Err: errors.New("no entity model given")}
		}
		if !slices.Contains(c.metas, m) {
			c.metas = append(c.metas, m)
		}
	}
	for _, o := range opts {
		o(c)
	}
	if c.err != nil {
		return nil, c.err
	}
	var all []Finding
	for _, m := range c.metas {
		fs, err := c.entityFindings(m)
		if err != nil {
			return nil, err
		}
		all = append(all, fs...)
	}
	all = append(all, c.kitchenSink()...)
	order := func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Table, b.Table), cmp.Compare(a.Entity, b.Entity),
			cmp.Compare(slices.Index(Codes, a.Code), slices.Index(Codes, b.Code)),
			cmp.Compare(a.Index, b.Index), cmp.Compare(a.Attribute, b.Attribute))
	}
	slices.SortStableFunc(all, order)
	r := &Report{Findings: []Finding{}}
	for _, f := range all {
		if s := c.silenceFor(f); s != nil {
			f.Silenced = s.reason
			r.Silenced = append(r.Silenced, f)
			continue
		}
		r.Findings = append(r.Findings, f)
	}
	for _, s := range c.silences {
		if !s.used {
			r.Unused = append(r.Unused, Unused{Entity: s.meta.TypeName(), Code: s.code, Index: s.index, Reason: s.reason})
		}
	}
	return r, nil
}

func (c *config) silenceFor(f Finding) *silence {
	var found *silence
	for _, s := range c.silences {
		if s.meta.TypeName() == f.Entity && s.meta.Table() == f.Table && s.code == f.Code && (s.index == "" || s.index == f.Index) {
			s.used = true
			if found == nil {
				found = s
			}
		}
	}
	return found
}
