package expr

import (
	"errors"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/number"
)

// The rules of the refusals this package makes. Every error it returns is
// an *errs.InputError with one of these as its Rule; package cond exports
// all but RulePresetNotFirst, which only a sibling package can break.
const (
	// RuleInvalidPath: an unusable attribute path: an empty name or map
	// key, a name that is not valid UTF-8, a negative list index, or more
	// than MaxPathDepth dereferences.
	RuleInvalidPath errs.Rule = "invalid-path"
	// RuleTooManyOperands: an IN list with no operands or with more than
	// MaxInOperands operands.
	RuleTooManyOperands errs.Rule = "too-many-operands"
	// RuleInvalidOperand: an operand that cannot be used where it was
	// given: a number passed to BeginsWith, an unknown AttrType, an Expr
	// used as a value.
	RuleInvalidOperand errs.Rule = "invalid-operand"
	// RuleExpressionTooLong: a rendered expression longer than
	// MaxExpressionLength bytes.
	RuleExpressionTooLong errs.Rule = "expression-too-long"
	// RuleOverlappingPaths: a projection naming the same path twice, or a
	// path and one of its descendants.
	RuleOverlappingPaths errs.Rule = "overlapping-paths"
	// RuleEncode: a value that cannot be encoded as a DynamoDB attribute
	// value; the encoder's error, if any, is the cause.
	RuleEncode errs.Rule = "cannot-encode"
	// RuleInvalidNumber: a number DynamoDB would refuse (NaN, ±Inf, out of
	// range, more than 38 significant digits, or N text that is not a
	// number); the *number.Error is the cause.
	RuleInvalidNumber = number.Rule
	// RulePresetNotFirst: Builder.Start on a Builder that already has
	// placeholders.
	RulePresetNotFirst errs.Rule = "preset-not-first"
)

// refusal returns the InputError of rule, placed later by at.
func refusal(rule errs.Rule, detail string) *errs.InputError {
	return &errs.InputError{Rule: rule, Detail: detail}
}

// encodeRefusal is the refusal of a value its encoder failed on: a number
// DynamoDB would refuse has its own rule, anything else cannot be encoded.
func encodeRefusal(cause error) *errs.InputError {
	rule := RuleEncode
	if errors.Is(cause, number.ErrInvalid) {
		rule = RuleInvalidNumber
	}
	return &errs.InputError{Rule: rule, Err: cause}
}

// at names the call and the path of a refusal, unless an inner step
// already did.
func at(op string, p Path, e *errs.InputError) *errs.InputError {
	if e.Op == "" {
		e.Op = op
	}
	if e.Attribute == "" {
		e.Attribute = p.String()
	}
	return e
}

// The calls a refusal names: what the user wrote, where it is one of
// cond's expression methods, or the expression being rendered.
const (
	opCondition  = "condition expression"
	opProjection = "projection expression"
	opPath       = "attribute path"
	opValue      = "value"
	opPreset     = "preset"
)
