package cond

import "github.com/dynamodel/dynamodel/internal/expr"

// The rules of the refusals of expressions and paths. An expression, a
// filter, a condition or a projection that cannot be sent is refused
// before any request with an *entity.InputError (it matches
// entity.ErrInvalidInput) naming the call and the path, with one of these
// as its Rule:
//
//	var ie *entity.InputError
//	if errors.As(err, &ie) && ie.Rule == cond.RuleInvalidPath { … }
const (
	// RuleInvalidPath: an unusable attribute path: an empty name or map
	// key, a name that is not valid UTF-8, a negative list index, or more
	// than MaxPathDepth dereferences.
	RuleInvalidPath = expr.RuleInvalidPath
	// RuleTooManyOperands: an IN list with no operands or with more than
	// MaxInOperands operands.
	RuleTooManyOperands = expr.RuleTooManyOperands
	// RuleInvalidOperand: an operand that cannot be used where it was
	// given: a number passed to BeginsWith, an unknown AttrType, an Expr
	// or a *Path used as a value.
	RuleInvalidOperand = expr.RuleInvalidOperand
	// RuleExpressionTooLong: a rendered expression longer than DynamoDB's
	// limit of 4 KB.
	RuleExpressionTooLong = expr.RuleExpressionTooLong
	// RuleOverlappingPaths: a projection naming the same path twice, or a
	// path and one of its descendants (a and a.b), which DynamoDB refuses.
	RuleOverlappingPaths = expr.RuleOverlappingPaths
	// RuleEncode: a value that cannot be encoded as a DynamoDB attribute
	// value (a channel, a function, a nil types.AttributeValue, or one its
	// attribute's encoding refuses); the encoder's error is the cause.
	RuleEncode = expr.RuleEncode
	// RuleInvalidNumber: a number DynamoDB would refuse: NaN, ±Inf, a
	// magnitude of 1E+126 or more or below 1E-130, more than 38 significant
	// digits, or N text that is not a number. A key value, a key condition,
	// a condition or a filter holding one is refused with this rule before
	// a request is sent.
	RuleInvalidNumber = expr.RuleInvalidNumber
)
