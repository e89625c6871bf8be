package model

import (
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
)

// The lock-version rule, in one place: every write that checks a lock
// version (Put and a transaction's Put, Delete and a transaction's Delete
// with IfVersion, an update with IfVersion, WithLock) requires the stored
// version to be the one expected, and an expected version of 0 means "the
// item has no version yet". Such an item is new, predates the lock field,
// or was written by another program: attributevalue.MarshalMap and
// guregu/dynamo store a zero lock field as 0, so 0 and absent are the same
// state. Every write through the library advances the version to at least
// 1, so a writer holding version 0 still loses to one who wrote first.
// (Create is not a version check: it requires no item at all.)

// VersionCondition is the condition that the lock version attribute name
// holds want: absent or 0 for want 0, otherwise exactly want.
func VersionCondition(name string, want int64) cond.Expr {
	if want == 0 {
		return cond.Or(cond.Name(name).NotExists(), cond.Name(name).Eq(0))
	}
	return cond.Name(name).Eq(want)
}

// VersionConditionText is VersionCondition written out for a condition
// expression assembled by hand (an update's fixed form): name is the
// attribute's name placeholder, value the placeholder bound to want.
func VersionConditionText(name, value string, want int64) string {
	if want == 0 {
		return "(attribute_not_exists(" + name + ") OR " + name + " = " + value + ")"
	}
	return name + " = " + value
}

// VersionHolds reports whether a stored item satisfies VersionCondition:
// what DynamoDB decided, told again from the item it returned with a false
// condition. A version that is not a number fails any check.
func VersionHolds(item map[string]types.AttributeValue, name string, want int64) bool {
	have, ok := lockVersionIn(item, name)
	return ok && have == want
}

// lockVersionIn reads a lock version from a stored item; a missing one is
// 0, like a stored 0. ok is false for a value that is not an integer.
func lockVersionIn(item map[string]types.AttributeValue, name string) (int64, bool) {
	av, present := item[name]
	if !present {
		return 0, true
	}
	n, isN := av.(*types.AttributeValueMemberN)
	if !isN {
		return 0, false
	}
	v, err := strconv.ParseInt(n.Value, 10, 64)
	return v, err == nil
}

// Checks are the parts of a write's condition that the library adds on
// its own, beyond the caller's If: which of them a write carries decides
// what a false condition can be blamed on.
type Checks struct {
	// Type: the item is of the model's entity type, or has none and is
	// claimed by untyped= (an update of a model with type=).
	Type bool
	// Version, when not nil: the lock version is *Version
	// (VersionCondition).
	Version *int64
}

// failedCheck tells which of the library's checks a stored item fails,
// from the item DynamoDB returned with a false condition (the item the
// condition was evaluated on): the entity type first, then the lock
// version. nil means they hold, so the caller's condition is what failed
// (or the item is missing, which ConditionFailedError says by itself).
func (t *Table) failedCheck(current map[string]types.AttributeValue, c Checks) error {
	if len(current) == 0 {
		return nil
	}
	if c.Type && t.Meta.stamp {
		if err := t.Meta.checkType(current); err != nil {
			return fmt.Errorf("the entity-type check the library adds failed: %w", err)
		}
	}
	if lock, ok := t.Meta.LockAttribute(); ok && c.Version != nil && !VersionHolds(current, lock.Name, *c.Version) {
		return &versionConflict{name: lock.Name, want: *c.Version, stored: current[lock.Name]}
	}
	return nil
}

// versionConflict is the lock-version check failing: another writer has
// written the item since the version expected was read.
type versionConflict struct {
	name   string
	want   int64
	stored types.AttributeValue // nil when the item has none
}

func (e *versionConflict) Error() string {
	var have string
	switch v := e.stored.(type) {
	case nil:
		have = "none"
	case *types.AttributeValueMemberN:
		have = v.Value
	default:
		have = "not a number"
	}
	expected := strconv.FormatInt(e.want, 10)
	if e.want == 0 {
		expected = "0 (none yet)"
	}
	return fmt.Sprintf("the stored lock version is %s, not %s as expected: the item was written since that version was read (lock attribute %s)", have, expected, e.name)
}
