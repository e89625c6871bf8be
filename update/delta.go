package update

import (
	"math"
	"reflect"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/expr"
	"github.com/dynamodel/dynamodel/internal/number"
)

// A delta (Increment, or Add on a number) must fit the attribute's Go type,
// or the item could no longer be read back into it:
//
//   - an integer attribute takes whole numbers (a float delta such as 2.0
//     is written as the integer 2; 2.5 is refused) whose magnitude fits the
//     type (int8 takes -128 to 127);
//   - an unsigned attribute takes deltas whose magnitude fits the type. A
//     positive one is written as it is. Whether a negative one takes the
//     stored value below zero depends on that value, which only DynamoDB
//     knows: the update then carries the condition "attribute ≥ |delta|",
//     so DynamoDB refuses (entity.ErrConditionFailed) a decrement that
//     would leave a negative number, or one of a missing attribute, which
//     counts as 0;
//   - a float attribute takes any finite number in its type's range; a
//     float32 delta is written at 32-bit precision (float32(0.1) is
//     "0.1"), as attributevalue writes float32 values;
//   - NaN, ±Inf and numbers DynamoDB cannot hold are refused
//     (cond.RuleInvalidNumber).
//
// Whether the sum overflows the type is not decidable before sending (the
// stored value is not known) and is not checked.

// delta is a checked delta: the text to send, and for a negative delta of
// an unsigned attribute, the magnitude the stored value must reach.
type delta struct {
	text  string
	guard uint64 // 0: no condition needed
}

// deltaFor checks v as a delta for an attribute of Go type target (which
// the shape has found numeric) and formats it.
func deltaFor(v any, target reflect.Type) (delta, error) {
	for target.Kind() == reflect.Pointer {
		target = target.Elem()
	}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || !(rv.CanInt() || rv.CanUint() || rv.CanFloat()) || rv.Kind() == reflect.Uintptr {
		return delta{}, refusal(RuleWrongKind, "want a number, got %T", v)
	}
	bits := 64
	if rv.Kind() == reflect.Float32 {
		bits = 32
	}
	if rv.CanFloat() {
		if err := number.CheckFloat(rv.Float(), bits); err != nil {
			return delta{}, invalidNumber(err)
		}
	}
	misfit := func(why string) (delta, error) {
		return delta{}, refusal(RuleWrongKind, "%v %s a %s attribute", v, why, target)
	}
	switch {
	case target.Kind() == reflect.Float32 || target.Kind() == reflect.Float64:
		if rv.CanFloat() {
			f := rv.Float()
			if target.Kind() == reflect.Float32 && math.Abs(f) > math.MaxFloat32 {
				return misfit("does not fit")
			}
			return delta{text: strconv.FormatFloat(f, 'f', -1, bits)}, nil
		}
		return delta{text: integerText(rv)}, nil
	case target.Kind() >= reflect.Int && target.Kind() <= reflect.Int64:
		neg, mag, ok := integerParts(rv)
		if !ok {
			return misfit("is not a whole number, for")
		}
		limit := uint64(math.MaxInt64) >> (64 - target.Bits()) // the largest positive value
		if neg {
			limit++ // one more negative one
		}
		if mag > limit {
			return misfit("does not fit")
		}
		return delta{text: formatInteger(neg, mag)}, nil
	default: // unsigned
		neg, mag, ok := integerParts(rv)
		if !ok {
			return misfit("is not a whole number, for")
		}
		if mag > uint64(math.MaxUint64)>>(64-target.Bits()) {
			return misfit("does not fit")
		}
		d := delta{text: formatInteger(neg, mag)}
		if neg {
			d.guard = mag
		}
		return d, nil
	}
}

// integerParts splits a Go number into sign and magnitude; ok is false for
// a float that is not a whole number or is beyond 64-bit integers.
func integerParts(rv reflect.Value) (neg bool, mag uint64, ok bool) {
	switch {
	case rv.CanInt():
		n := rv.Int()
		if n < 0 {
			return true, uint64(-(n + 1)) + 1, true
		}
		return false, uint64(n), true
	case rv.CanUint():
		return false, rv.Uint(), true
	}
	f := rv.Float()
	if f != math.Trunc(f) || math.Abs(f) >= 1<<64 {
		return false, 0, false
	}
	if f < 0 {
		return true, uint64(-f), true
	}
	return false, uint64(f), true
}

func formatInteger(neg bool, mag uint64) string {
	if neg && mag != 0 {
		return "-" + strconv.FormatUint(mag, 10)
	}
	return strconv.FormatUint(mag, 10)
}

func integerText(rv reflect.Value) string {
	if rv.CanInt() {
		return strconv.FormatInt(rv.Int(), 10)
	}
	return strconv.FormatUint(rv.Uint(), 10)
}

// numberValue checks and encodes a delta for the attribute of Go type
// target, into b's shared memory.
func numberValue(b *expr.Builder, v any, target reflect.Type) (types.AttributeValue, delta, error) {
	d, err := deltaFor(v, target)
	if err != nil {
		return nil, d, err
	}
	return b.NewScalar(d.text, true), d, nil
}

// guard adds to c the condition a negative delta d of an unsigned
// attribute at p needs.
func guard(c expr.Expr, p expr.Path, d delta) expr.Expr {
	if d.guard == 0 {
		return c
	}
	return expr.And(c, p.Ge(d.guard))
}

// checkNumbers refuses a value holding a number DynamoDB would refuse.
func checkNumbers(av types.AttributeValue) error {
	if err := number.CheckValue(av); err != nil {
		return invalidNumber(err)
	}
	return nil
}

// invalidNumber refuses a number DynamoDB would refuse with the rule every
// package gives it (cond.RuleInvalidNumber), the refused number as cause.
func invalidNumber(err error) *errs.InputError {
	return &errs.InputError{Rule: number.Rule, Err: err}
}

// isInteger reports whether t (or what it points to) is a signed or
// unsigned integer type.
func isInteger(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}
