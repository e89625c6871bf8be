package cond_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/expr"
)

// rendered is what a request carries for one condition.
type rendered struct {
	text   string
	names  map[string]string
	values map[string]types.AttributeValue
	err    error
}

func render(e expr.Expr) rendered {
	b := expr.NewBuilder(nil)
	text, err := b.Condition(e)
	return rendered{text, b.Names(), b.Values(), err}
}

// Every expression built with cond is the expression built with the
// internal package it is defined on: same rendering, same placeholders,
// same values, including cond values given as operands (paths, sizes,
// attribute types), which cond hands over as the internal ones.
func TestCondBuildsTheInternalExpression(t *testing.T) {
	cp, ip := cond.Name("a").Field("b").Index(2), expr.Name("a").Field("b").Index(2)
	cu, iu := cond.Undeclared("legacy"), expr.Undeclared("legacy")
	cases := []struct {
		name string
		c    cond.Expr
		i    expr.Expr
	}{
		{"Eq", cp.Eq("x"), ip.Eq("x")},
		{"Ne path", cp.Ne(cond.Name("c")), ip.Ne(expr.Name("c"))},
		{"Lt size", cp.Lt(cond.Name("c").Size()), ip.Lt(expr.Name("c").Size())},
		{"Le", cp.Le(3), ip.Le(3)},
		{"Gt", cp.Gt(2.5), ip.Gt(2.5)},
		{"Ge", cp.Ge(uint8(1)), ip.Ge(uint8(1))},
		{"Between paths", cp.Between(cond.Name("lo"), cond.Name("hi").Size()), ip.Between(expr.Name("lo"), expr.Name("hi").Size())},
		{"In mixed", cp.In("x", cond.Name("c"), 3), ip.In("x", expr.Name("c"), 3)},
		{"In none", cp.In(), ip.In()},
		{"Exists", cp.Exists(), ip.Exists()},
		{"NotExists", cu.NotExists(), iu.NotExists()},
		{"HasType", cp.HasType(cond.TypeSS), ip.HasType(expr.TypeSS)},
		{"HasType unknown", cp.HasType("STRING"), ip.HasType("STRING")},
		{"BeginsWith", cp.BeginsWith([]byte("p")), ip.BeginsWith([]byte("p"))},
		{"BeginsWith path", cp.BeginsWith(cond.Name("c")), ip.BeginsWith(expr.Name("c"))},
		{"Contains", cu.Field("k").Contains(cond.Name("c")), iu.Field("k").Contains(expr.Name("c"))},
		{"Contains size", cp.Contains(cond.Name("c").Size()), ip.Contains(expr.Name("c").Size())},
		{"Size Eq", cp.Size().Eq(cond.Name("n")), ip.Size().Eq(expr.Name("n"))},
		{"Size Ne", cp.Size().Ne(1), ip.Size().Ne(1)},
		{"Size Lt", cp.Size().Lt(1), ip.Size().Lt(1)},
		{"Size Le", cp.Size().Le(1), ip.Size().Le(1)},
		{"Size Gt", cp.Size().Gt(cond.Name("d").Size()), ip.Size().Gt(expr.Name("d").Size())},
		{"Size Ge", cp.Size().Ge(1), ip.Size().Ge(1)},
		{"Size Between", cp.Size().Between(1, 2), ip.Size().Between(1, 2)},
		{"And Or Not", cond.And(cp.Eq(1), cond.Or(cu.Exists(), cond.Not(cp.Lt(0))), cond.Expr{}),
			expr.And(ip.Eq(1), expr.Or(iu.Exists(), expr.Not(ip.Lt(0))), expr.Expr{})},
		{"methods", cp.Eq(1).And(cp.Ne(2)).Or(cp.Gt(3), cond.Expr{}), ip.Eq(1).And(ip.Ne(2)).Or(ip.Gt(3), expr.Expr{})},
		{"zero", cond.And(cond.Expr{}, cond.Or()), expr.Expr{}},
		{"Not zero", cond.Not(cond.Expr{}), expr.Expr{}},
		{"invalid path", cond.Name("").Field("x").Index(-1).Eq(1), expr.Name("").Field("x").Index(-1).Eq(1)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, want := render(expr.Expr(tc.c)), render(tc.i)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("cond renders\n %#v\nthe internal package\n %#v", got, want)
			}
			if tc.c.String() != tc.i.String() {
				t.Fatalf("String() = %q, want %q", tc.c.String(), tc.i.String())
			}
		})
	}
}

// A path keeps what it is through cond: its name, its dereferences and
// whether it was started with Undeclared, which the entity-aware packages
// read to decide whether to check it against the model.
func TestCondPathIsTheInternalPath(t *testing.T) {
	p := cond.Undeclared("legacy").Field("team").Index(3)
	ip := expr.Path(p)
	if !ip.IsUndeclared() || ip.Root() != "legacy" || ip.Depth() != 2 || !ip.Equal(expr.Undeclared("legacy").Field("team").Index(3)) {
		t.Fatalf("cond path read as %v (undeclared %v, depth %d)", ip, ip.IsUndeclared(), ip.Depth())
	}
	if p.String() != "legacy.team[3]" || cond.Name("a b").String() != `"a b"` {
		t.Fatalf("String() = %q, %q", p.String(), cond.Name("a b").String())
	}
	if expr.Path(cond.Name("legacy")).IsUndeclared() {
		t.Fatal("a Name path reads as undeclared")
	}
}

// A cond value given where a Go value belongs is a mistake attributevalue
// would encode as an empty map: it is refused, named as the user wrote it.
func TestCondValuesAreNotValues(t *testing.T) {
	p, s, e := cond.Name("b"), cond.Name("b").Size(), cond.Name("b").Exists()
	for _, tc := range []struct {
		value any
		name  string
	}{
		{e, "cond.Expr"}, {&e, "*cond.Expr"}, {&p, "*cond.Path"}, {&s, "*cond.Size"},
	} {
		err := render(expr.Expr(cond.Name("a").Eq(tc.value))).err
		var ie *errs.InputError
		want := fmt.Sprintf("a %s is not a value", tc.name)
		if !errors.As(err, &ie) || ie.Rule != cond.RuleInvalidOperand || ie.Detail != want || ie.Op != "cond.Path.Eq" || ie.Attribute != "a" {
			t.Errorf("%s as a value: %v, want %s", tc.name, err, want)
		}
	}
}

// The rules cond exports are the ones its refusals carry.
func TestCondRules(t *testing.T) {
	for _, tc := range []struct {
		e    cond.Expr
		rule errs.Rule
	}{
		{cond.Name("").Exists(), cond.RuleInvalidPath},
		{cond.Name("a").In(), cond.RuleTooManyOperands},
		{cond.Name("a").BeginsWith(1), cond.RuleInvalidOperand},
		{cond.Name("a").Eq(make(chan int)), cond.RuleEncode},
		{cond.Name("a").Eq(&types.AttributeValueMemberN{Value: "1e126"}), cond.RuleInvalidNumber},
	} {
		err := render(expr.Expr(tc.e)).err
		var ie *errs.InputError
		if !errors.As(err, &ie) || ie.Rule != tc.rule || !errors.Is(err, errs.ErrInvalidInput) {
			t.Errorf("%s: %v, want rule %s", tc.e, err, tc.rule)
		}
	}
}

// The same holds for a value registered on its own, as update actions and
// key conditions register theirs: a cond value there is a mistake, not an
// empty map.
func TestCondValuesAreNotRegisteredValues(t *testing.T) {
	p, s, e := cond.Name("b"), cond.Name("b").Size(), cond.Name("b").Exists()
	for _, tc := range []struct {
		value any
		name  string
	}{
		{e, "cond.Expr"}, {&e, "*cond.Expr"}, {p, "cond.Path"}, {&p, "*cond.Path"}, {s, "cond.Size"}, {&s, "*cond.Size"},
	} {
		b := expr.NewBuilder(nil)
		_, err := b.Value(expr.Name("a"), tc.value)
		_, err2 := b.Encode(expr.Name("a"), tc.value)
		want := fmt.Sprintf("a %s is not a value", tc.name)
		for _, err := range []error{err, err2} {
			var ie *errs.InputError
			if !errors.As(err, &ie) || ie.Rule != cond.RuleInvalidOperand || ie.Detail != want || ie.Attribute != "a" {
				t.Errorf("%s registered as a value: %v, want %s", tc.name, err, want)
			}
		}
		if b.Values() != nil {
			t.Errorf("%s: a value was registered: %v", tc.name, b.Values())
		}
	}
}

// Building through cond costs what building with the internal package
// does: its types are conversions of the internal ones, not wrappers.
func TestCondBuildsWithoutExtraAllocations(t *testing.T) {
	viaCond := testing.AllocsPerRun(100, func() {
		_ = cond.And(cond.Name("a").Field("b").Eq("x"), cond.Name("c").Size().Gt(2), cond.Name("d").In(1, 2)).Or(cond.Name("e").Exists())
	})
	direct := testing.AllocsPerRun(100, func() {
		_ = expr.And(expr.Name("a").Field("b").Eq("x"), expr.Name("c").Size().Gt(2), expr.Name("d").In(1, 2)).Or(expr.Name("e").Exists())
	})
	if viaCond > direct {
		t.Fatalf("building through cond: %.0f allocations, with the internal package: %.0f", viaCond, direct)
	}
}
