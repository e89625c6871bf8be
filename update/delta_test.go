package update_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/expr"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/update"
)

// Gauges has a field of every numeric Go type a delta can be added to.
type Gauges struct {
	entity.Model `ddb:"table=gauges"`
	ID           string             `dynamodbav:"id" ddb:"pk"`
	I            int                `dynamodbav:"i"`
	I8           int8               `dynamodbav:"i8"`
	I16          int16              `dynamodbav:"i16"`
	I32          int32              `dynamodbav:"i32"`
	I64          int64              `dynamodbav:"i64"`
	U            uint               `dynamodbav:"u"`
	U8           uint8              `dynamodbav:"u8"`
	U16          uint16             `dynamodbav:"u16"`
	U32          uint32             `dynamodbav:"u32"`
	U64          uint64             `dynamodbav:"u64"`
	F32          float32            `dynamodbav:"f32"`
	F64          float64            `dynamodbav:"f64"`
	PI8          *int8              `dynamodbav:"pi8"`
	PU16         *uint16            `dynamodbav:"pu16"`
	PF32         *float32           `dynamodbav:"pf32"`
	ByName       map[string]uint8   `dynamodbav:"byName"`
	Ratios       map[string]float32 `dynamodbav:"ratios"`
	Version      uint8              `dynamodbav:"ver" ddb:"lock"`
}

var gaugesMeta = entity.MustRegister[Gauges]()

// exact is the exact value of a Go number, nil for NaN and ±Inf.
func exact(v any) *big.Rat {
	rv := reflect.ValueOf(v)
	switch {
	case rv.CanInt():
		return new(big.Rat).SetInt64(rv.Int())
	case rv.CanUint():
		return new(big.Rat).SetInt(new(big.Int).SetUint64(rv.Uint()))
	}
	f := rv.Float()
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return new(big.Rat).SetFloat64(f)
}

// wantDelta is the rule, stated on exact values: what a delta v for a
// field of type t is written as ("" when refused) and whether the update
// then needs "attribute ≥ |v|".
func wantDelta(v any, t reflect.Type) (text string, guard bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	x := exact(v)
	if x == nil {
		return "", false
	}
	rv := reflect.ValueOf(v)
	if t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64 {
		if t.Kind() == reflect.Float32 && new(big.Rat).Abs(x).Cmp(new(big.Rat).SetFloat64(math.MaxFloat32)) > 0 {
			return "", false
		}
		if !rv.CanFloat() {
			return x.RatString(), false
		}
		bits := 64
		if rv.Kind() == reflect.Float32 {
			bits = 32
		}
		f := rv.Float()
		if f != 0 && (math.Abs(f) >= 1e126 || math.Abs(f) < 1e-130) {
			return "", false
		}
		return strconv.FormatFloat(f, 'f', -1, bits), false
	}
	if !x.IsInt() {
		return "", false
	}
	n := x.Num()
	z := reflect.New(t).Elem()
	abs := new(big.Int).Abs(n)
	if z.CanInt() {
		if !n.IsInt64() || z.OverflowInt(n.Int64()) {
			return "", false
		}
		return n.String(), false
	}
	if !abs.IsUint64() || z.OverflowUint(abs.Uint64()) {
		return "", false
	}
	return n.String(), n.Sign() < 0
}

// TestDeltasFitTheirAttribute: every numeric field type × deltas of every
// Go number type at the edges, for Increment and Add, against the rule
// computed on exact values.
func TestDeltasFitTheirAttribute(t *testing.T) {
	tbl, err := entity.NewTable[Gauges]((*dynamodb.Client)(nil), entity.TableName("offline"))
	if err != nil {
		t.Fatal(err)
	}
	deltas := []any{
		0, 1, -1, 2, 127, 128, -128, -129, 255, 256, -255, -256, 32767, 65535, 65536, -65536,
		math.MaxInt32, math.MinInt32, math.MaxInt64, math.MinInt64,
		int8(-128), int8(127), int16(-300), int32(70000), int64(1) << 40,
		uint(7), uint8(200), uint16(65535), uint32(1) << 31, uint64(math.MaxUint64), uint64(1) << 63,
		2.0, -2.0, 2.5, -0.5, 1e9, 1e18, 1e19, 1e20, -1e19, math.MaxFloat32, math.MaxFloat64, 1e-200,
		float32(0.1), float32(2), float32(-3.5), float32(math.MaxFloat32), float32(1e-30),
		math.NaN(), math.Inf(1), math.Inf(-1), float32(math.Inf(-1)),
	}
	paths := map[string]reflect.Type{}
	for _, a := range gaugesMeta.Attributes() {
		if a.Name == "id" || a.Name == "ver" || a.GoType.Kind() == reflect.Map {
			continue
		}
		paths[a.Name] = a.GoType
	}
	cases := 0
	check := func(p cond.Path, target reflect.Type, d any) {
		cases++
		wantText, wantGuard := wantDelta(d, target)
		for _, op := range []string{"Increment", "Add"} {
			u := update.New(tbl, key("g"))
			if op == "Increment" {
				u.Increment(p, d)
			} else {
				u.Add(p, d)
			}
			in, err := u.Input()
			what := fmt.Sprintf("%s(%s %s, %T %v)", op, p, target, d, d)
			if wantText == "" {
				if err == nil {
					t.Errorf("%s accepted: writes %v", what, in.ExpressionAttributeValues)
					continue
				}
				var ie *errs.InputError
				if !errors.As(err, &ie) || ie.Attribute != p.String() || !(matches(err, wantRule(update.RuleWrongKind)) || matches(err, wantRule(cond.RuleInvalidNumber))) {
					t.Errorf("%s: error %v, want an input error naming the path, with RuleWrongKind or cond.RuleInvalidNumber", what, err)
				}
				if exact(d) == nil && !matches(err, wantRule(cond.RuleInvalidNumber)) {
					t.Errorf("%s: error %v, want cond.RuleInvalidNumber", what, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s: %v", what, err)
				continue
			}
			ph := ":v0"
			if expr.Path(p).IsNested() && op == "Increment" {
				ph = ":v1" // after the 0 of if_not_exists
			}
			got, ok := in.ExpressionAttributeValues[ph].(*types.AttributeValueMemberN)
			if !ok || got.Value != wantText {
				t.Errorf("%s writes %#v, want N %s", what, in.ExpressionAttributeValues[ph], wantText)
			}
			guarded := false
			for _, v := range in.ExpressionAttributeValues {
				if x, ok := v.(*types.AttributeValueMemberN); ok && wantGuard && x.Value == wantText[1:] {
					guarded = true
				}
			}
			if guarded != wantGuard {
				t.Errorf("%s: condition %q, guard %v, want %v", what, *in.ConditionExpression, guarded, wantGuard)
			}
		}
	}
	for name, typ := range paths {
		for _, d := range deltas {
			check(cond.Name(name), typ, d)
		}
	}
	for _, d := range deltas {
		check(cond.Name("byName").Field("x"), reflect.TypeFor[uint8](), d)
		check(cond.Name("ratios").Field("x"), reflect.TypeFor[float32](), d)
	}
	t.Logf("%d cases × 2 operations", cases)
}

func gauges(t *testing.T) (*entity.Table[Gauges], *counting) {
	t.Helper()
	client := dynamotest.Client(t)
	name := dynamotest.TableName(t, "gauges")
	dynamotest.DeleteTableOnCleanup(t, client, name)
	if _, err := schema.CreateTable(context.Background(), client, name, gaugesMeta); err != nil {
		t.Fatal(err)
	}
	c := &counting{Client: client}
	tbl, err := entity.NewTable[Gauges](c, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	return tbl, c
}

// TestDeltasKeepTheItemReadable: against DynamoDB, what is accepted leaves
// an item that reads back into the struct; what would not is refused
// before sending, or (a decrement of an unsigned number below zero) by
// the update's condition.
func TestDeltasKeepTheItemReadable(t *testing.T) {
	ctx := context.Background()
	tbl, c := gauges(t)
	if err := tbl.Put(&Gauges{ID: "g", I: 1, U8: 5, F32: 1}).Run(ctx); err != nil {
		t.Fatal(err)
	}
	refused := func(what string, err error, want error) {
		t.Helper()
		before := c.updates.Load()
		if !matches(err, want) {
			t.Errorf("%s: %v, want %v", what, err, want)
		}
		if c.updates.Load() != before {
			t.Errorf("%s: a request was sent", what)
		}
	}
	_, err := update.New(tbl, key("g")).Increment(cond.Name("i"), 2.5).Run(ctx)
	refused("Increment(int, 2.5)", err, wantRule(update.RuleWrongKind))
	_, err = update.New(tbl, key("g")).Add(cond.Name("i8"), 300).Run(ctx)
	refused("Add(int8, 300)", err, wantRule(update.RuleWrongKind))
	_, err = update.New(tbl, key("g")).Increment(cond.Name("f64"), math.NaN()).Run(ctx)
	refused("Increment(float64, NaN)", err, wantRule(cond.RuleInvalidNumber))
	_, err = update.Increment(ctx, tbl, key("g"), cond.Name("u8"), 256)
	refused("update.Increment(uint8, 256)", err, wantRule(update.RuleWrongKind))
	_, err = update.Increment(ctx, tbl, key("g"), cond.Name("f32"), 1)
	refused("update.Increment(float32, 1)", err, wantRule(update.RuleWrongKind))

	// Unsigned: a decrement within the stored value is applied; one past
	// it fails its condition and changes nothing.
	if got, err := update.Increment(ctx, tbl, key("g"), cond.Name("u8"), -3); err != nil || got.Value != 2 {
		t.Fatalf("u8 5 - 3 = %d, %v", got.Value, err)
	}
	if _, err := update.Increment(ctx, tbl, key("g"), cond.Name("u8"), -3); !errors.Is(err, entity.ErrConditionFailed) {
		t.Fatalf("u8 2 - 3: %v, want ErrConditionFailed", err)
	}
	if _, err := update.New(tbl, key("g")).Increment(cond.Name("byName").Field("a"), -1).Run(ctx); !errors.Is(err, entity.ErrConditionFailed) {
		t.Fatalf("missing map entry - 1: %v, want ErrConditionFailed", err)
	}
	if _, err := update.New(tbl, key("g")).Increment(cond.Name("f32"), float32(0.1)).Increment(cond.Name("i8"), int8(-128)).Run(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := tbl.Get(key("g")).ConsistentRead().Run(ctx)
	if err != nil {
		t.Fatalf("the item no longer reads: %v", err)
	}
	if got.U8 != 2 || got.I8 != -128 || got.F32 != 1.1 || got.ByName != nil {
		t.Fatalf("stored %+v", got)
	}
}

// TestLockVersionFitsItsField: a version the lock field cannot hold is
// refused before sending, by Put and by Update.IfVersion.
func TestLockVersionFitsItsField(t *testing.T) {
	ctx := context.Background()
	tbl, c := gauges(t)
	for _, n := range []int64{-1, 255, math.MaxInt64} {
		_, err := update.New(tbl, key("g")).Set(cond.Name("i"), 1).IfVersion(n).Run(ctx)
		if !matches(err, wantRule(update.RuleNoLock)) {
			t.Errorf("IfVersion(%d) of a uint8 lock: %v", n, err)
		}
	}
	if _, err := update.New(tbl, key("g")).Set(cond.Name("i"), 1).IfVersion(254).Input(); err != nil {
		t.Errorf("IfVersion(254) of a uint8 lock: %v", err)
	}
	err := tbl.Put(&Gauges{ID: "g", Version: 255}).Run(ctx)
	if !errs.HasRule(err, entity.RuleInvalidArgument) {
		t.Errorf("Put at version 255 of a uint8 lock: %v", err)
	}
	if c.updates.Load() != 0 {
		t.Errorf("%d requests sent", c.updates.Load())
	}
}
