package update

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/argcheck"
	"github.com/dynamodel/dynamodel/internal/expr"
	"github.com/dynamodel/dynamodel/internal/model"
)

// Bound keeps a counter within limits; see AtLeast and AtMost.
type Bound struct {
	min, max *int64
}

// AtLeast refuses an increment that would take the counter below n.
func AtLeast(n int64) Bound { return Bound{min: &n} }

// AtMost refuses an increment that would take the counter above n.
func AtMost(n int64) Bound { return Bound{max: &n} }

// Counter is what Increment returns: the counter's new value, and what it
// cost, as Result reports it for an update.
type Counter struct {
	Value            int64
	ConsumedCapacity *types.ConsumedCapacity
	// UpgradedFrom and Requests are as in Result: an item of an older
	// schema version is upgraded in place first, at the cost of more
	// requests.
	UpgradedFrom, Requests int
}

// Increment adds delta (negative to decrement) to the number attribute at p
// of the item with key in one UpdateItem, and returns the new value with
// the capacity consumed (always asked for, TOTAL): no read-modify-write, no
// lost increments under concurrency. A missing attribute counts as 0.
// Bounds become conditions on the stored value (value ≥ min − delta, value
// ≤ max − delta), so an increment that would cross one fails with
// entity.ErrConditionFailed and changes nothing. Like every Update, the
// item must exist unless the Upsert-style creation is wanted, for which use
// New(...).Increment(...).Upsert().
//
// p must be a top-level attribute of an integer Go type (the new value is
// returned as an int64; use New(...).Increment for others), and delta must
// fit it as Update.Increment requires: a negative delta of an unsigned
// attribute fails with entity.ErrConditionFailed rather than take it below
// zero.
func Increment[T any](ctx context.Context, table *entity.Table[T], key entity.Key, p cond.Path, delta int64, bounds ...Bound) (Counter, error) {
	if err := argcheck.Table("update.Increment", table); err != nil {
		return Counter{}, err
	}
	attr := expr.Path(p).Root()
	if expr.Path(p).IsNested() {
		return Counter{}, at("update.Increment", table.Name(), p.String(), refusal(entity.RuleInvalidArgument, "Increment returns the value of a top-level attribute (use New(...).Increment)"))
	}
	if a, ok := model.Of(table.Meta()).Attribute(attr); ok && !isInteger(a.GoType) {
		return Counter{}, at("update.Increment", table.Name(), attr, refusal(RuleWrongKind, "Increment returns an int64; %s is a %s (use New(...).Increment)", attr, a.GoType))
	}
	u := New(table, key).Increment(p, delta).ReturnValues(types.ReturnValueUpdatedNew).ConsumedCapacity(types.ReturnConsumedCapacityTotal)
	for _, b := range bounds {
		if b.min != nil {
			need := *b.min - delta
			c := p.Ge(need)
			if 0 >= need { // a missing counter is 0, which is in bounds
				c = cond.Or(c, p.NotExists())
			}
			u.If(c)
		}
		if b.max != nil {
			need := *b.max - delta
			c := p.Le(need)
			if 0 <= need {
				c = cond.Or(c, p.NotExists())
			}
			u.If(c)
		}
	}
	res, err := u.Run(ctx)
	if err != nil {
		return Counter{}, err
	}
	out := Counter{ConsumedCapacity: res.ConsumedCapacity, UpgradedFrom: res.UpgradedFrom, Requests: res.Requests}
	n, ok := res.Raw[attr].(*types.AttributeValueMemberN)
	if !ok {
		return out, fmt.Errorf("%w: %s is not a number after the increment", entity.ErrDecode, attr)
	}
	v, err := strconv.ParseInt(n.Value, 10, 64)
	if err != nil {
		return out, fmt.Errorf("%w: %s after the increment: %w", entity.ErrDecode, attr, err)
	}
	out.Value = v
	return out, nil
}
