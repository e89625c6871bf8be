package cost

import (
	"fmt"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
)

// The rules an input is refused by, found in entity.InputError.Rule. Every
// refusal is an *entity.InputError matching entity.ErrInvalidInput, naming
// the call, the entity's table (and the entity type in its Detail), and the
// index and attribute where they apply. A nil model is refused with
// entity.RuleInvalidArgument and an attribute the entity does not declare
// (in [WithUpdate] or [Sizes]) with entity.RuleUnknownPath; the rules below
// are the package's own.
const (
	// RuleSample: the sample given to [Estimate] does not encode as the
	// codec writes it (it fails validation, say). The codec's error is the
	// cause, so errors.Is(err, entity.ErrValidation) holds for an invalid
	// sample.
	RuleSample errs.Rule = "invalid-sample"
	// RuleUnknownIndex: an index the entity does not declare, given to
	// [Model.QueryPage] or as [Rates].QueryIndex (the same rule as
	// query.RuleUnknownIndex).
	RuleUnknownIndex errs.Rule = "unknown-index"
	// RuleIncompleteItem: the item priced (a sample, sizes or a stored
	// item) lacks what is to be priced: its primary key, an attribute
	// [WithUpdate] names, or an entry in the index [Rates].QueryIndex
	// queries.
	RuleIncompleteItem errs.Rule = "incomplete-item"
	// RuleKeyUpdate: [WithUpdate] names a primary-key attribute, which no
	// update can change (the same rule as update.RuleKeyUpdate).
	RuleKeyUpdate errs.Rule = "key-update"
	// RuleConsistency: a read consistency the read cannot have: none of
	// the [Consistency] constants, [Transactional] for a query page, or
	// [Strong] on a global secondary index.
	RuleConsistency errs.Rule = "consistency"
	// RuleSize: a [Sizes] entry the attribute cannot have: negative, a
	// number outside 1 to 21 bytes, or an empty key attribute.
	RuleSize errs.Rule = "invalid-size"
	// RuleOption: an option's value out of range: [WithQueryItems] below
	// 1, or [WithMonthly] rates or prices that are negative or not finite,
	// or prices without a billing mode.
	RuleOption errs.Rule = "invalid-option"
)

// Names of the calls, as InputError.Op gives them.
const (
	opNew           = "cost.New"
	opEstimate      = "cost.Estimate"
	opEstimateSizes = "cost.EstimateSizes"
	opEstimateItem  = "cost.EstimateItem"
	opGet           = "cost.Get"
	opQueryPage     = "cost.QueryPage"
)

// where says what a refusal concerns: the call, the entity's model (nil
// when none was given), and the index and attribute where they apply.
type where struct {
	op        string
	meta      *entity.Meta
	index     string
	attribute string
}

// refuse is the refusal, by rule, of the input w concerns; the entity type
// starts the detail, as package schema names entities in its refusals.
func (w where) refuse(rule errs.Rule, format string, args ...any) *errs.InputError {
	e := &errs.InputError{Op: w.op, Index: w.index, Attribute: w.attribute, Rule: rule, Detail: fmt.Sprintf(format, args...)}
	if w.meta != nil {
		e.Table = w.meta.Table()
		e.Detail = "entity " + w.meta.TypeName() + ": " + e.Detail
	}
	return e
}

// noModel refuses a nil model given to op.
func noModel(op string) *errs.InputError {
	return where{op: op}.refuse(entity.RuleInvalidArgument, "no entity model given")
}

func (w where) unknownAttribute() *errs.InputError {
	return w.refuse(entity.RuleUnknownPath, "the entity has no attribute %q", w.attribute)
}

func (w where) unknownIndex() *errs.InputError {
	return w.refuse(RuleUnknownIndex, "the entity declares no index %q", w.index)
}

func (w where) consistency(c Consistency, why string) *errs.InputError {
	return w.refuse(RuleConsistency, "consistency %q: %s", string(c), why)
}
