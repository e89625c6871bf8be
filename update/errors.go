package update

import (
	"fmt"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/model"
)

// The rules an update, a counter, WithLock or a batch write refuses input
// by, found in entity.InputError.Rule. Every such refusal is an
// *entity.InputError matching entity.ErrInvalidInput, made before anything
// is sent, and names the call, the table, the item's key when it is known
// and the path of the action at fault.
const (
	// RuleEmpty: an update with no actions.
	RuleEmpty errs.Rule = "empty-update"
	// RuleKeyUpdate: an action on a primary-key attribute (or a component
	// of a templated primary key); delete the item and put a new one.
	RuleKeyUpdate errs.Rule = "key-update"
	// RuleManaged: an action on an attribute the library maintains (schema
	// version, entity type, lock version, a templated key).
	RuleManaged errs.Rule = "managed-attribute"
	// RuleRemoveRequired: Remove of an attribute whose zero value its
	// validate tag refuses.
	RuleRemoveRequired errs.Rule = "remove-required"
	// RuleOverlap: two actions on overlapping paths.
	RuleOverlap errs.Rule = "overlapping-paths"
	// RuleWrongKind: a value or action that does not fit the attribute's
	// type (a delta that is not a whole number for an integer, Append to a
	// non-list, a set action on a non-set, a value of another Go type).
	RuleWrongKind = model.RuleWrongKind
	// RuleEmptyValue: a value that encodes to nothing (use Remove), an
	// empty set, or NULL for an index key.
	RuleEmptyValue errs.Rule = "empty-value"
	// RuleTooComplex: an update over DynamoDB's expression limits (4 KB,
	// 300 operators, 2 MB of names and values).
	RuleTooComplex errs.Rule = "too-complex"
	// RuleTemplateIncomplete: an update that changes part of a templated
	// key without setting every component, so the key cannot be
	// recomputed.
	RuleTemplateIncomplete errs.Rule = "template-incomplete"
	// RuleNoLock: IfVersion or WithLock on an entity without a ddb:"lock"
	// field, or a version that does not fit it.
	RuleNoLock errs.Rule = "lock-version"
	// RuleBatchRefused: Run refused the batch, sending nothing, because
	// operations were refused when added. The error's cause joins each
	// refused operation's own *entity.InputError.
	RuleBatchRefused errs.Rule = "batch-refused"
	// RuleDuplicateKey: two operations of one batch write the same item
	// (same table and primary key). DynamoDB rejects a request holding
	// both, and which one should win is not for the library to guess.
	RuleDuplicateKey errs.Rule = "duplicate-key"
	// RuleLocked: a batch put of an entity with an optimistic-lock version
	// field. BatchWriteItem takes no conditions, so the version cannot be
	// checked; use Table.Put (or a transaction) for such items.
	RuleLocked errs.Rule = "batch-locked"
	// RuleBatchOption: a BatchWriter setting out of range (Concurrency,
	// MaxAttempts, Backoff), or no client.
	RuleBatchOption errs.Rule = "batch-option"
)

// refusal is a refused input, to be placed (with at) by the caller.
func refusal(rule errs.Rule, format string, args ...any) *errs.InputError {
	return &errs.InputError{Rule: rule, Detail: fmt.Sprintf(format, args...)}
}

// at reports err, found while op checked the action on path of an item of
// table, as an input error naming them: err itself (a copy) when it is one,
// otherwise a new one with err as its cause.
func at(op, table, path string, err error) *errs.InputError {
	e := errs.Within(err, op, table, "")
	if e.Attribute == "" {
		e.Attribute = path
	}
	return e
}
