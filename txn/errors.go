package txn

import (
	"errors"
	"fmt"

	"github.com/dynamodel/dynamodel/internal/argcheck"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/update"
)

// Outcomes a caller branches on. A cancellation is a *CanceledError
// matching ErrCanceled (and entity.ErrConditionFailed when a condition
// failed, ErrUniqueViolation when a unique value was taken). Refusals made
// before anything is sent are *entity.InputError values, matching
// entity.ErrInvalidInput, with one of the rules below (or another
// package's, for an operation that package refused).
var (
	ErrCanceled        = errors.New("txn: transaction canceled")
	ErrUniqueViolation = errors.New("txn: unique constraint violated")
	// ErrConflict is update.ErrConflict, the one outcome for giving up
	// after retries because other writers kept getting there first:
	// RetryConflicts returns it when the transaction is still cancelled
	// by conflicts after its retries (the *CanceledError is wrapped too).
	ErrConflict = update.ErrConflict
)

// The rules a transaction refuses input by, found in
// entity.InputError.Rule.
const (
	// RuleEmpty: a transaction with no operation (or get).
	RuleEmpty errs.Rule = "empty-transaction"
	// RuleTooMany: more than MaxOperations operations (MaxGets gets).
	RuleTooMany errs.Rule = "too-many-operations"
	// RuleTooLarge: a request over MaxRequestBytes.
	RuleTooLarge errs.Rule = "request-too-large"
	// RuleSameItem: two operations (or gets) on the same item.
	RuleSameItem errs.Rule = "same-item"
	// RuleNoCondition: a condition check without a condition.
	RuleNoCondition errs.Rule = "no-condition"
	// RuleToken: a client request token that is not 1 to MaxTokenLength
	// characters.
	RuleToken errs.Rule = "token"
	// RuleNotAllowed: what a transaction cannot do (ReturnValues, a Put
	// or Delete by key of an entity with unique constraints, Replace with
	// a different key, an update of a unique attribute).
	RuleNotAllowed errs.Rule = "not-allowed"
	// RuleGuardKey: the entity's table cannot hold guard items (its keys
	// are not strings); give a separate table with Write.GuardTable.
	RuleGuardKey errs.Rule = "guard-key"
)

// refuse is the refusal of op's input by rule.
func refuse(op string, rule errs.Rule, format string, args ...any) *errs.InputError {
	return &errs.InputError{Op: op, Rule: rule, Detail: fmt.Sprintf(format, args...)}
}

// mustWrite panics when w is nil: the functions adding operations return
// an Op, not an error, so a nil *Write cannot be reported later; the panic
// value is the *entity.InputError (entity.RuleInvalidArgument) naming call.
func mustWrite(w *Write, call string) {
	if w == nil {
		panic(argcheck.Nil(call, "*txn.Write", "txn.NewWrite"))
	}
}

// mustRead is mustWrite for Get and a nil *Read.
func mustRead(r *Read, call string) {
	if r == nil {
		panic(argcheck.Nil(call, "*txn.Read", "txn.NewRead"))
	}
}
