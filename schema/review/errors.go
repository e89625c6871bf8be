package review

import (
	"strings"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
)

// The rules a review option is refused by, found in [Error].Rule. A nil
// model, or [SilenceIndex] without an index, is refused with
// entity.RuleInvalidArgument, and [Values] of an attribute the entity does
// not declare with entity.RuleUnknownPath; a [Sample] the cost model
// cannot price has the rule of the cost model's refusal (cost.RuleSample
// for a sample that does not encode), which is its cause.
const (
	// RuleNotReviewed: the option names an entity that is not among the
	// models given to [Review].
	RuleNotReviewed errs.Rule = "not-under-review"
	// RuleUnknownCode: a silence of a code that is not in [Codes].
	RuleUnknownCode errs.Rule = "unknown-code"
	// RuleNoReason: a silence without a reason.
	RuleNoReason errs.Rule = "no-reason"
	// RuleUnknownIndex: an index the entity does not declare (the same
	// rule as query.RuleUnknownIndex).
	RuleUnknownIndex errs.Rule = "unknown-index"
	// RuleOutOfRange: an expectation no model can meet: [Values] below 1,
	// a [Share] outside 0 to 1, [MaxPartitionValues] below 1.
	RuleOutOfRange errs.Rule = "out-of-range"
	// RuleReadTogether: [ReadTogether] of fewer than two entity types, or
	// of entity types in different tables.
	RuleReadTogether errs.Rule = "read-together"
)

// Error reports a refused review option, naming the entity and, where it
// applies, the index, attribute and code, with the rule broken. It is the
// review's member of the module's one family of refused input: it matches
// entity.ErrInvalidInput, as an *entity.InputError does, and carries what
// an InputError has no field for (the entity type and the finding code),
// by which a caller tells which option was refused.
type Error struct {
	Entity    string
	Index     string
	Attribute string
	Code      Code
	Rule      entity.Rule
	Err       error // what was wrong, and the cause when there is one
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("review")
	if e.Entity != "" {
		b.WriteString(": entity ")
		b.WriteString(e.Entity)
	}
	if e.Index != "" {
		b.WriteString(", index ")
		b.WriteString(e.Index)
	}
	if e.Attribute != "" {
		b.WriteString(", attribute ")
		b.WriteString(e.Attribute)
	}
	if e.Code != "" {
		b.WriteString(", code ")
		b.WriteString(string(e.Code))
	}
	if e.Rule != "" {
		b.WriteString(" (")
		b.WriteString(string(e.Rule))
		b.WriteString(")")
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Is makes every Error match entity.ErrInvalidInput.
func (e *Error) Is(target error) bool { return target == entity.ErrInvalidInput }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }
