package entity

import "github.com/dynamodel/dynamodel/internal/errs"

// The one family of refused input, shared by every package: a refusal made
// before a request is sent is an *InputError (or wraps one) naming the
// call, table, index, key, attribute and the Rule broken, and matches
// ErrInvalidInput. Each package declares the rules it checks as Rule
// constants (query.RuleFilterOnKey, update.RuleOverlap, txn.RuleSameItem…).
type (
	InputError = errs.InputError
	Rule       = errs.Rule
)

// ErrInvalidInput is matched by every refusal of input made before a
// request is sent.
var ErrInvalidInput = errs.ErrInvalidInput
