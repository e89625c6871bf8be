package query

import (
	"github.com/dynamodel/dynamodel/keys"
)

// KeyCondition constrains one key attribute of the table or index queried.
// It is a different type from a filter (cond.Expr) on purpose: a key
// condition can only be one of the operators DynamoDB allows on keys, so a
// filter can never silently become a key condition or the reverse. Build it
// with Key.
type KeyCondition struct {
	attr   string
	op     keys.Op
	values [2]any
}

// KeyAttr names a key attribute, to build a KeyCondition.
type KeyAttr string

// Key names a key attribute of the table or index being queried.
func Key(attribute string) KeyAttr { return KeyAttr(attribute) }

// Eq is attribute = v: the only operator for partition attributes.
func (k KeyAttr) Eq(v any) KeyCondition { return KeyCondition{string(k), keys.Equal, [2]any{v}} }

// Lt is attribute < v (the last sort attribute constrained only).
func (k KeyAttr) Lt(v any) KeyCondition { return KeyCondition{string(k), keys.Less, [2]any{v}} }

// Le is attribute <= v (the last sort attribute constrained only).
func (k KeyAttr) Le(v any) KeyCondition {
	return KeyCondition{string(k), keys.LessOrEqual, [2]any{v}}
}

// Gt is attribute > v (the last sort attribute constrained only).
func (k KeyAttr) Gt(v any) KeyCondition { return KeyCondition{string(k), keys.Greater, [2]any{v}} }

// Ge is attribute >= v (the last sort attribute constrained only).
func (k KeyAttr) Ge(v any) KeyCondition {
	return KeyCondition{string(k), keys.GreaterOrEqual, [2]any{v}}
}

// Between is attribute BETWEEN lo AND hi, both ends included (the last sort
// attribute constrained only).
func (k KeyAttr) Between(lo, hi any) KeyCondition {
	return KeyCondition{string(k), keys.Between, [2]any{lo, hi}}
}

// BeginsWith is begins_with(attribute, prefix), for S and B sort attributes
// (the last one constrained only).
func (k KeyAttr) BeginsWith(prefix any) KeyCondition {
	return KeyCondition{string(k), keys.BeginsWith, [2]any{prefix}}
}

// Attribute is the key attribute constrained.
func (c KeyCondition) Attribute() string { return c.attr }

// Op is the operator.
func (c KeyCondition) Op() keys.Op { return c.op }
