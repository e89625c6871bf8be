package model

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/avequal"
	"github.com/dynamodel/dynamodel/internal/outcome"
)

// ErrOutcomeUnknown: a write may or may not have been applied. A response
// was lost (the SDK retried the request, or gave up), and what DynamoDB
// answered does not tell whether the lost attempt was applied. It never
// matches ErrConditionFailed: retrying as after a conflict could apply the
// change twice. Read the item and decide.
var ErrOutcomeUnknown = errors.New("dynamodel: write outcome unknown")

// OutcomeUnknownError reports a write whose outcome cannot be known; it
// matches ErrOutcomeUnknown and unwraps to the SDK's error.
type OutcomeUnknownError struct {
	Op    string // the DynamoDB operation, e.g. "PutItem"
	Table string // empty for a transaction
	Key   string // empty for a transaction
	// Raw is the item as it is now, when DynamoDB returned it with a
	// false condition on a retry; Current is Raw decoded into the entity
	// type (a *T), nil when it could not be (DecodeErr says why).
	Raw       map[string]types.AttributeValue
	Current   any
	DecodeErr error
	// Err is the error of the last attempt.
	Err error
}

func (e *OutcomeUnknownError) Error() string {
	var b strings.Builder
	b.WriteString("dynamodel: ")
	b.WriteString(e.Op)
	for _, s := range []string{e.Table, e.Key} {
		if s != "" {
			b.WriteString(" ")
			b.WriteString(s)
		}
	}
	fmt.Fprintf(&b, ": outcome unknown (a response was lost and the write may or may not have been applied): %v", e.Err)
	return b.String()
}

// Is matches ErrOutcomeUnknown.
func (e *OutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// Unwrap returns the error of the last attempt.
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// OutcomeUnknown builds the *OutcomeUnknownError for a write to this table
// sent by another package (an UpdateItem, say): key is the item's key (or
// the item), err the SDK's error; the current item it carries, if any, is
// decoded.
func (t *Table) OutcomeUnknown(op string, key map[string]types.AttributeValue, err error) error {
	e := &OutcomeUnknownError{Op: op, Table: t.Name, Key: formatKey(t.Meta.KeyOf(key)), Err: err}
	if cur := conditionFailureItem(err); len(cur) > 0 {
		e.Raw = cur
		e.Current, e.DecodeErr = t.DecodeCurrent(cur)
		if e.DecodeErr != nil {
			e.Current = nil
		}
	}
	return e
}

// conditionFailureItem returns the current item DynamoDB returned with a
// false condition (ReturnValuesOnConditionCheckFailure=ALL_OLD), nil when
// err is not a false condition or no item has the key.
func conditionFailureItem(err error) map[string]types.AttributeValue {
	var ccf *types.ConditionalCheckFailedException
	if errors.As(err, &ccf) {
		return ccf.Item
	}
	return nil
}

// lostResponse decides a conditional Put that failed after an attempt
// whose response was lost. When the item as it is now is exactly the item
// sent (lock version included), the lost attempt was ours and the write
// succeeded. With a lock version, an item at most at the version ours
// would have written, and not ours, shows that ours was not applied: every
// write of the entity advances the version and versions never go back, so
// had ours been applied the item would be ours or at a later version. That
// is a plain condition failure. (A program writing the table without the
// library can put a version back, to 0 or none; its writes are outside
// what the lock orders, with or without a lost response.) Otherwise the outcome is unknown. It
// reports ok for a success and otherwise the error to return.
func (t *Table) lostResponse(op string, sent map[string]types.AttributeValue, err error, create bool, checks Checks) (bool, error) {
	cur := conditionFailureItem(err)
	if len(cur) > 0 && avequal.Items(cur, sent) {
		return true, nil
	}
	if lock, ok := t.Meta.LockAttribute(); ok && len(cur) > 0 {
		have, okHave := lockVersionIn(cur, lock.Name)
		ours, okOurs := lockVersionIn(sent, lock.Name)
		if okHave && okOurs && have <= ours {
			return false, t.writeError(op, sent, err, create, checks)
		}
	}
	return false, t.OutcomeUnknown(op, sent, err)
}

// track returns what records the attempts of a conditional write, nil for
// an unconditional one: DynamoDB applies those the same way however often
// the SDK sends them.
func track(conditional bool) *outcome.Attempts {
	if !conditional {
		return nil
	}
	return new(outcome.Attempts)
}
