package expr_test

import (
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/expr"
	"github.com/dynamodel/dynamodel/internal/number"
)

type renderCase struct {
	name   string
	expr   expr.Expr
	want   string
	names  []string
	values []string
}

func runRenderCases(t *testing.T, cases []renderCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := expr.NewBuilder(nil)
			got, err := b.Condition(tc.expr)
			if err != nil {
				t.Fatalf("Condition: %v", err)
			}
			if got != tc.want {
				t.Errorf("expression\n got %q\nwant %q", got, tc.want)
			}
			if names := namesList(b); !equalStrings(names, tc.names) {
				t.Errorf("names\n got %q\nwant %q", names, tc.names)
			}
			if values := valuesList(b); !equalStrings(values, tc.values) {
				t.Errorf("values\n got %q\nwant %q", values, tc.values)
			}
		})
	}
}

func equalStrings(a, b []string) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

func TestComparisons(t *testing.T) {
	p := expr.Name("price")
	runRenderCases(t, []renderCase{
		{"Eq", p.Eq(10), "#n0 = :v0", []string{"price"}, []string{"N:10"}},
		{"Ne", p.Ne("x"), "#n0 <> :v0", []string{"price"}, []string{`S:"x"`}},
		{"Lt", p.Lt(1.5), "#n0 < :v0", []string{"price"}, []string{"N:1.5"}},
		{"Le", p.Le(int64(-7)), "#n0 <= :v0", []string{"price"}, []string{"N:-7"}},
		{"Gt", p.Gt(uint8(200)), "#n0 > :v0", []string{"price"}, []string{"N:200"}},
		{"Ge", p.Ge(float32(0.1)), "#n0 >= :v0", []string{"price"}, []string{"N:0.1"}},
		{"Between", p.Between(1, 9), "#n0 BETWEEN :v0 AND :v1", []string{"price"}, []string{"N:1", "N:9"}},
		{"Eq bool", expr.Name("ok").Eq(true), "#n0 = :v0", []string{"ok"}, []string{"BOOL:true"}},
		{"Eq nil", expr.Name("x").Eq(nil), "#n0 = :v0", []string{"x"}, []string{"NULL"}},
		{"Eq bytes", expr.Name("x").Eq([]byte{1, 2}), "#n0 = :v0", []string{"x"}, []string{"B:0x0102"}},
		{"Eq nil bytes", expr.Name("x").Eq([]byte(nil)), "#n0 = :v0", []string{"x"}, []string{"NULL"}},
		{"Eq empty string", expr.Name("x").Eq(""), "#n0 = :v0", []string{"x"}, []string{`S:""`}},
		{"Eq raw value", expr.Name("x").Eq(&types.AttributeValueMemberNS{Value: []string{"1", "2"}}),
			"#n0 = :v0", []string{"x"}, []string{"NS:[1 2]"}},
		{"Eq string set via attributevalue", expr.Name("x").Eq(map[string]int{"b": 2, "a": 1}),
			"#n0 = :v0", []string{"x"}, []string{"M:{a=N:1 b=N:2}"}},
		{"Eq list via attributevalue", expr.Name("x").Eq([]string{"a", "b"}),
			"#n0 = :v0", []string{"x"}, []string{`L:[S:"a" S:"b"]`}},
		{"Eq named string type", expr.Name("x").Eq(status("on")), "#n0 = :v0", []string{"x"}, []string{`S:"on"`}},
		{"Eq time via attributevalue", expr.Name("t").Eq(time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)),
			"#n0 = :v0", []string{"t"}, []string{`S:"2024-05-06T07:08:09Z"`}},
		{"Eq pointer", expr.Name("x").Eq(ptr(42)), "#n0 = :v0", []string{"x"}, []string{"N:42"}},
		{"Eq nil pointer", expr.Name("x").Eq((*int)(nil)), "#n0 = :v0", []string{"x"}, []string{"NULL"}},
		{"path to path", expr.Name("a").Lt(expr.Name("b")), "#n0 < #n1", []string{"a", "b"}, nil},
		{"path to itself", expr.Name("a").Eq(expr.Name("a")), "#n0 = #n0", []string{"a"}, nil},
		{"path to size", expr.Name("a").Ge(expr.Name("b").Size()), "#n0 >= size(#n1)", []string{"a", "b"}, nil},
		{"between paths", expr.Name("a").Between(expr.Name("lo"), expr.Name("hi")),
			"#n0 BETWEEN #n1 AND #n2", []string{"a", "lo", "hi"}, nil},
		{"between mixed", expr.Name("a").Between(0, expr.Name("hi")),
			"#n0 BETWEEN :v0 AND #n1", []string{"a", "hi"}, []string{"N:0"}},
	})
}

type status string

func ptr[T any](v T) *T { return &v }

func TestSize(t *testing.T) {
	s := expr.Name("tags").Size()
	runRenderCases(t, []renderCase{
		{"Eq", s.Eq(3), "size(#n0) = :v0", []string{"tags"}, []string{"N:3"}},
		{"Ne", s.Ne(3), "size(#n0) <> :v0", []string{"tags"}, []string{"N:3"}},
		{"Lt", s.Lt(3), "size(#n0) < :v0", []string{"tags"}, []string{"N:3"}},
		{"Le", s.Le(3), "size(#n0) <= :v0", []string{"tags"}, []string{"N:3"}},
		{"Gt", s.Gt(3), "size(#n0) > :v0", []string{"tags"}, []string{"N:3"}},
		{"Ge", s.Ge(3), "size(#n0) >= :v0", []string{"tags"}, []string{"N:3"}},
		{"Between", s.Between(1, 5), "size(#n0) BETWEEN :v0 AND :v1", []string{"tags"}, []string{"N:1", "N:5"}},
		{"size to size", s.Lt(expr.Name("other").Size()), "size(#n0) < size(#n1)", []string{"tags", "other"}, nil},
		{"size to path", s.Eq(expr.Name("count")), "size(#n0) = #n1", []string{"tags", "count"}, nil},
		{"nested", expr.Name("a").Field("b").Index(0).Size().Gt(0), "size(#n0.#n1[0]) > :v0", []string{"a", "b"}, []string{"N:0"}},
	})
	if got := s.Path().Root(); got != "tags" {
		t.Errorf("Size.Path().Root() = %q", got)
	}
}

func TestFunctions(t *testing.T) {
	p := expr.Name("a").Field("b")
	runRenderCases(t, []renderCase{
		{"Exists", p.Exists(), "attribute_exists(#n0.#n1)", []string{"a", "b"}, nil},
		{"NotExists", expr.Name("pk").NotExists(), "attribute_not_exists(#n0)", []string{"pk"}, nil},
		{"HasType", p.HasType(expr.TypeSS), "attribute_type(#n0.#n1, :v0)", []string{"a", "b"}, []string{`S:"SS"`}},
		{"BeginsWith string", p.BeginsWith("ab"), "begins_with(#n0.#n1, :v0)", []string{"a", "b"}, []string{`S:"ab"`}},
		{"BeginsWith bytes", p.BeginsWith([]byte{0xff}), "begins_with(#n0.#n1, :v0)", []string{"a", "b"}, []string{"B:0xff"}},
		{"BeginsWith named string", p.BeginsWith(status("o")), "begins_with(#n0.#n1, :v0)", []string{"a", "b"}, []string{`S:"o"`}},
		{"BeginsWith raw S", p.BeginsWith(&types.AttributeValueMemberS{Value: "r"}), "begins_with(#n0.#n1, :v0)", []string{"a", "b"}, []string{`S:"r"`}},
		{"Contains value", p.Contains("red"), "contains(#n0.#n1, :v0)", []string{"a", "b"}, []string{`S:"red"`}},
		{"Contains number", expr.Name("ns").Contains(7), "contains(#n0, :v0)", []string{"ns"}, []string{"N:7"}},
		{"Contains path", p.Contains(expr.Name("c")), "contains(#n0.#n1, #n2)", []string{"a", "b", "c"}, nil},
		{"In one", expr.Name("s").In("x"), "#n0 IN (:v0)", []string{"s"}, []string{`S:"x"`}},
		{"In three", expr.Name("s").In("x", 2, expr.Name("t")), "#n0 IN (:v0, :v1, #n1)", []string{"s", "t"}, []string{`S:"x"`, "N:2"}},
	})
}

func TestHasTypeAllTypes(t *testing.T) {
	for _, at := range []expr.AttrType{expr.TypeS, expr.TypeSS, expr.TypeN, expr.TypeNS, expr.TypeB,
		expr.TypeBS, expr.TypeBool, expr.TypeNull, expr.TypeL, expr.TypeM} {
		b := expr.NewBuilder(nil)
		got, err := b.Condition(expr.Name("x").HasType(at))
		if err != nil {
			t.Fatalf("%s: %v", at, err)
		}
		if got != "attribute_type(#n0, :v0)" {
			t.Errorf("%s: got %q", at, got)
		}
		if v := valuesList(b); len(v) != 1 || v[0] != `S:"`+string(at)+`"` {
			t.Errorf("%s: values %q", at, v)
		}
		if !at.Valid() {
			t.Errorf("%s: not Valid", at)
		}
	}
	if expr.AttrType("X").Valid() || expr.AttrType("s").Valid() {
		t.Error("invalid types reported Valid")
	}
}

func TestPathsInExpressions(t *testing.T) {
	runRenderCases(t, []renderCase{
		{"nested map and list", expr.Name("a").Field("b").Index(2).Field("c").Eq(1),
			"#n0.#n1[2].#n2 = :v0", []string{"a", "b", "c"}, []string{"N:1"}},
		{"list of lists", expr.Name("m").Index(0).Index(10).Exists(),
			"attribute_exists(#n0[0][10])", []string{"m"}, nil},
		{"repeated key names", expr.Name("a").Field("a").Field("a").Exists(),
			"attribute_exists(#n0.#n0.#n0)", []string{"a"}, nil},
		{"dotted name", expr.Name("a.b").Eq(1), "#n0 = :v0", []string{"a.b"}, []string{"N:1"}},
		{"dotted key", expr.Name("a").Field("b.c").Eq(1), "#n0.#n1 = :v0", []string{"a", "b.c"}, []string{"N:1"}},
		{"dash", expr.Name("first-name").Exists(), "attribute_exists(#n0)", []string{"first-name"}, nil},
		{"space", expr.Name("first name").Exists(), "attribute_exists(#n0)", []string{"first name"}, nil},
		{"reserved status", expr.Name("status").Eq("ok"), "#n0 = :v0", []string{"status"}, []string{`S:"ok"`}},
		{"reserved name", expr.Name("name").Field("size").Exists(), "attribute_exists(#n0.#n1)", []string{"name", "size"}, nil},
		{"unicode", expr.Name("prénom").Field("日本").Eq("x"), "#n0.#n1 = :v0", []string{"prénom", "日本"}, []string{`S:"x"`}},
		{"brackets and quotes", expr.Name(`a[0]"#:v0`).Exists(), "attribute_exists(#n0)", []string{`a[0]"#:v0`}, nil},
		{"control bytes", expr.Name("\x00\x01\n\t)").Exists(), "attribute_exists(#n0)", []string{"\x00\x01\n\t)"}, nil},
		{"placeholder-looking name", expr.Name("#n1").Eq(expr.Name(":v0")), "#n0 = #n1", []string{"#n1", ":v0"}, nil},
		{"max depth", deepPath(expr.MaxPathDepth).Exists(),
			"attribute_exists(#n0" + strings.Repeat(".#n1", expr.MaxPathDepth) + ")", []string{"r", "k"}, nil},
	})
}

func deepPath(depth int) expr.Path {
	p := expr.Name("r")
	for i := 0; i < depth; i++ {
		p = p.Field("k")
	}
	return p
}

func TestLogic(t *testing.T) {
	a := expr.Name("a").Eq(1)
	b := expr.Name("b").Eq(2)
	c := expr.Name("c").Eq(3)
	var zero expr.Expr
	names := []string{"a", "b", "c"}
	values := []string{"N:1", "N:2", "N:3"}
	runRenderCases(t, []renderCase{
		{"And", expr.And(a, b, c), "#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2", names, values},
		{"Or", expr.Or(a, b, c), "#n0 = :v0 OR #n1 = :v1 OR #n2 = :v2", names, values},
		{"And method", a.And(b, c), "#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2", names, values},
		{"Or method", a.Or(b).Or(c), "#n0 = :v0 OR #n1 = :v1 OR #n2 = :v2", names, values},
		{"nested And flattened", expr.And(expr.And(a, b), c), "#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2", names, values},
		{"Or inside And", expr.And(a, expr.Or(b, c)), "#n0 = :v0 AND (#n1 = :v1 OR #n2 = :v2)", names, values},
		{"And inside Or", expr.Or(expr.And(a, b), c), "(#n0 = :v0 AND #n1 = :v1) OR #n2 = :v2", names, values},
		{"And method on Or", expr.Or(a, b).And(c), "(#n0 = :v0 OR #n1 = :v1) AND #n2 = :v2", names, values},
		{"Not", expr.Not(a), "NOT (#n0 = :v0)", names[:1], values[:1]},
		{"Not function", expr.Not(expr.Name("a").Exists()), "NOT (attribute_exists(#n0))", names[:1], nil},
		{"Not And", expr.Not(expr.And(a, b)), "NOT (#n0 = :v0 AND #n1 = :v1)", names[:2], values[:2]},
		{"Not Not", expr.Not(expr.Not(a)), "NOT (NOT (#n0 = :v0))", names[:1], values[:1]},
		{"Not in And", expr.And(expr.Not(a), b), "NOT (#n0 = :v0) AND #n1 = :v1", names[:2], values[:2]},
		{"Between in And", expr.And(expr.Name("a").Between(1, 2), b),
			"(#n0 BETWEEN :v0 AND :v1) AND #n1 = :v2", []string{"a", "b"}, []string{"N:1", "N:2", "N:2"}},
		{"Between in Or", expr.Or(b, expr.Name("a").Between(1, 2)),
			"#n0 = :v0 OR (#n1 BETWEEN :v1 AND :v2)", []string{"b", "a"}, []string{"N:2", "N:1", "N:2"}},
		{"deep", expr.Or(expr.And(a, expr.Or(b, expr.Not(c))), expr.Name("d").Exists()),
			"(#n0 = :v0 AND (#n1 = :v1 OR NOT (#n2 = :v2))) OR attribute_exists(#n3)",
			[]string{"a", "b", "c", "d"}, values},
		{"zeros ignored in And", expr.And(zero, a, zero, b, zero), "#n0 = :v0 AND #n1 = :v1", names[:2], values[:2]},
		{"zeros ignored in Or", expr.Or(zero, a, zero, b), "#n0 = :v0 OR #n1 = :v1", names[:2], values[:2]},
		{"single And is itself", expr.And(zero, a, zero), "#n0 = :v0", names[:1], values[:1]},
		{"single Or is itself", expr.Or(a), "#n0 = :v0", names[:1], values[:1]},
		{"zero And method", zero.And(a), "#n0 = :v0", names[:1], values[:1]},
		{"And method with zeros", a.And(zero, zero), "#n0 = :v0", names[:1], values[:1]},
		{"Or method zero receiver", zero.Or(zero, b), "#n0 = :v0", names[1:2], values[1:2]},
		{"shared subexpression", expr.And(a, expr.Or(a, b)), "#n0 = :v0 AND (#n0 = :v1 OR #n1 = :v2)",
			names[:2], []string{"N:1", "N:1", "N:2"}},
	})
}

func TestZeroExpr(t *testing.T) {
	var zero expr.Expr
	for name, e := range map[string]expr.Expr{
		"zero":        zero,
		"And()":       expr.And[expr.Expr](),
		"Or()":        expr.Or[expr.Expr](),
		"And(zeros)":  expr.And(zero, zero),
		"Or(zeros)":   expr.Or(zero),
		"Not(zero)":   expr.Not(zero),
		"zero.And()":  zero.And(),
		"zero.Or(z)":  zero.Or(zero),
		"And(Or())":   expr.And(expr.Or[expr.Expr](), expr.And[expr.Expr]()),
		"Not(And())":  expr.Not(expr.And[expr.Expr]()),
		"zero.And(z)": zero.And(zero),
	} {
		if !e.IsZero() {
			t.Errorf("%s: not zero", name)
		}
		b := expr.NewBuilder(nil)
		got, err := b.Condition(e)
		if got != "" || err != nil {
			t.Errorf("%s: Condition = %q, %v", name, got, err)
		}
		if b.Names() != nil || b.Values() != nil {
			t.Errorf("%s: maps not nil", name)
		}
		if e.Paths() != nil || e.String() != "" {
			t.Errorf("%s: Paths/String not empty", name)
		}
	}
	if expr.Name("a").Exists().IsZero() {
		t.Error("a real Expr is zero")
	}
}

func TestInLimits(t *testing.T) {
	values := func(n int) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	for _, tc := range []struct {
		n  int
		ok bool
	}{{0, false}, {1, true}, {2, true}, {99, true}, {100, true}, {101, false}, {1000, false}} {
		b := expr.NewBuilder(nil)
		got, err := b.Condition(expr.Name("x").In(values(tc.n)...))
		if tc.ok {
			if err != nil {
				t.Errorf("In(%d): %v", tc.n, err)
				continue
			}
			if b.NumValues() != tc.n {
				t.Errorf("In(%d): %d values", tc.n, b.NumValues())
			}
			if !strings.HasPrefix(got, "#n0 IN (:v0") || !strings.HasSuffix(got, ":v"+strconv.Itoa(tc.n-1)+")") ||
				strings.Count(got, ":v") != tc.n {
				t.Errorf("In(%d): %q", tc.n, got)
			}
			continue
		}
		if ruleOf(err) != expr.RuleTooManyOperands {
			t.Errorf("In(%d): error %v, want ErrTooManyOperands", tc.n, err)
		}
		var ce *errs.InputError
		if !errors.As(err, &ce) || ce.Op != "cond.Path.In" || ce.Attribute != "x" {
			t.Errorf("In(%d): error %#v", tc.n, err)
		}
		if got != "" || b.Names() != nil || b.Values() != nil {
			t.Errorf("In(%d): builder not clean: %q %v %v", tc.n, got, b.Names(), b.Values())
		}
	}
}

type failingEncoder struct{ err error }

func (f failingEncoder) EncodeValue(expr.Path, any) (types.AttributeValue, bool, error) {
	return nil, true, f.err
}

type nilEncoder struct{}

func (nilEncoder) EncodeValue(expr.Path, any) (types.AttributeValue, bool, error) {
	return nil, true, nil
}

func TestErrors(t *testing.T) {
	encErr := errors.New("codec says no")
	tooLong := make([]expr.Expr, 300)
	for i := range tooLong {
		tooLong[i] = expr.Name("attr").Eq(i)
	}
	for _, tc := range []struct {
		name     string
		enc      expr.ValueEncoder
		expr     expr.Expr
		rule     errs.Rule
		op, path string
		also     error
	}{
		{"empty name", nil, expr.Name("").Eq(1), expr.RuleInvalidPath, "cond.Path.Eq", `""`, nil},
		{"zero path", nil, expr.Path{}.Exists(), expr.RuleInvalidPath, "cond.Path.Exists", "", nil},
		{"empty key", nil, expr.Name("a").Field("").Exists(), expr.RuleInvalidPath, "cond.Path.Exists", `a.""`, nil},
		{"negative index", nil, expr.Name("l").Index(-1).Eq(1), expr.RuleInvalidPath, "cond.Path.Eq", "l[-1]", nil},
		{"too deep", nil, deepPath(expr.MaxPathDepth + 1).Exists(), expr.RuleInvalidPath, "cond.Path.Exists", "", nil},
		{"invalid utf8", nil, expr.Name("a\xff").Exists(), expr.RuleInvalidPath, "cond.Path.Exists", `"a\xff"`, nil},
		{"invalid right path", nil, expr.Name("a").Eq(expr.Name("")), expr.RuleInvalidPath, "cond.Path.Eq", `""`, nil},
		{"invalid size path", nil, expr.Name("a").Eq(expr.Name("b").Index(-2).Size()), expr.RuleInvalidPath, "cond.Path.Eq", "b[-2]", nil},
		{"invalid path in And", nil, expr.And(expr.Name("ok").Exists(), expr.Name("").Exists()), expr.RuleInvalidPath, "cond.Path.Exists", `""`, nil},
		{"invalid path under Not", nil, expr.Not(expr.Name("").Exists()), expr.RuleInvalidPath, "cond.Path.Exists", `""`, nil},
		{"In empty", nil, expr.Name("a").In(), expr.RuleTooManyOperands, "cond.Path.In", "a", nil},
		{"BeginsWith number", nil, expr.Name("a").BeginsWith(5), expr.RuleInvalidOperand, "cond.Path.BeginsWith", "a", nil},
		{"BeginsWith nil", nil, expr.Name("a").BeginsWith(nil), expr.RuleInvalidOperand, "cond.Path.BeginsWith", "a", nil},
		{"BeginsWith path", nil, expr.Name("a").BeginsWith(expr.Name("b")), expr.RuleInvalidOperand, "cond.Path.BeginsWith", "a", nil},
		{"BeginsWith raw N", nil, expr.Name("a").BeginsWith(&types.AttributeValueMemberN{Value: "1"}), expr.RuleInvalidOperand, "cond.Path.BeginsWith", "a", nil},
		{"Contains size", nil, expr.Name("a").Contains(expr.Name("b").Size()), expr.RuleInvalidOperand, "cond.Path.Contains", "a", nil},
		{"HasType unknown", nil, expr.Name("a").HasType("STRING"), expr.RuleInvalidOperand, "cond.Path.HasType", "a", nil},
		{"Expr as value", nil, expr.Name("a").Eq(expr.Name("b").Exists()), expr.RuleInvalidOperand, "cond.Path.Eq", "a", nil},
		{"*Path as value", nil, expr.Name("a").Eq(ptr(expr.Name("b"))), expr.RuleInvalidOperand, "cond.Path.Eq", "a", nil},
		{"*Size as value", nil, expr.Name("a").In(1, ptr(expr.Name("b").Size())), expr.RuleInvalidOperand, "cond.Path.In", "a", nil},
		{"Expr as value with encoder", failingEncoder{encErr}, expr.Name("a").Eq(expr.Name("b").Exists()), expr.RuleInvalidOperand, "cond.Path.Eq", "a", nil},
		{"chan", nil, expr.Name("a").Eq(make(chan int)), expr.RuleEncode, "cond.Path.Eq", "a", nil},
		{"func", nil, expr.Name("a").Ne(func() {}), expr.RuleEncode, "cond.Path.Ne", "a", nil},
		{"NaN", nil, expr.Name("a").Lt(math.NaN()), expr.RuleInvalidNumber, "cond.Path.Lt", "a", number.ErrInvalid},
		{"Inf", nil, expr.Name("a").Size().Lt(math.Inf(1)), expr.RuleInvalidNumber, "cond.Size.Lt", "a", number.ErrInvalid},
		{"nil raw value", nil, expr.Name("a").Eq((*types.AttributeValueMemberS)(nil)), expr.RuleEncode, "cond.Path.Eq", "a", nil},
		{"chan in In", nil, expr.Name("a").In(1, make(chan int)), expr.RuleEncode, "cond.Path.In", "a", nil},
		{"chan in Between", nil, expr.Name("a").Between(1, make(chan int)), expr.RuleEncode, "cond.Path.Between", "a", nil},
		{"encoder error", failingEncoder{encErr}, expr.Name("a").Eq(1), expr.RuleEncode, "cond.Path.Eq", "a", encErr},
		{"encoder error in Contains", failingEncoder{encErr}, expr.Name("a").Contains(1), expr.RuleEncode, "cond.Path.Contains", "a", encErr},
		{"encoder returns nil", nilEncoder{}, expr.Name("a").Eq(1), expr.RuleEncode, "cond.Path.Eq", "a", nil},
		{"too long", nil, expr.And(tooLong...), expr.RuleExpressionTooLong, "condition expression", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := expr.NewBuilder(tc.enc)
			got, err := b.Condition(tc.expr)
			if err == nil {
				t.Fatalf("no error, rendered %q", got)
			}
			if got != "" {
				t.Errorf("rendered %q alongside the error", got)
			}
			if ruleOf(err) != tc.rule {
				t.Errorf("error %v is not %v", err, tc.rule)
			}
			if tc.also != nil && !errors.Is(err, tc.also) {
				t.Errorf("error %v does not wrap %v", err, tc.also)
			}
			var ce *errs.InputError
			if !errors.As(err, &ce) {
				t.Fatalf("error %T is not *expr.Error", err)
			}
			if ce.Op != tc.op {
				t.Errorf("Op = %q, want %q", ce.Op, tc.op)
			}
			if tc.path != "" && ce.Attribute != tc.path {
				t.Errorf("Path = %q, want %q", ce.Attribute, tc.path)
			}
			if !strings.HasPrefix(err.Error(), "dynamodel: invalid input to "+tc.op) {
				t.Errorf("message %q", err.Error())
			}
			if b.Names() != nil || b.Values() != nil {
				t.Errorf("failed Condition left placeholders: %v %v", b.Names(), b.Values())
			}
		})
	}
}

func TestExpressionLengthLimit(t *testing.T) {
	// "#n0 = :vN" joined by " AND ": find the largest count under the limit.
	build := func(n int) (string, error) {
		exprs := make([]expr.Expr, n)
		for i := range exprs {
			exprs[i] = expr.Name("a").Eq(i)
		}
		return expr.NewBuilder(nil).Condition(expr.And(exprs...))
	}
	n := 1
	for {
		s, err := build(n + 1)
		if err != nil {
			if ruleOf(err) != expr.RuleExpressionTooLong {
				t.Fatalf("n=%d: %v", n+1, err)
			}
			break
		}
		if len(s) > expr.MaxExpressionLength {
			t.Fatalf("n=%d: rendered %d bytes without error", n+1, len(s))
		}
		n++
	}
	s, err := build(n)
	if err != nil || len(s) > expr.MaxExpressionLength || len(s) < expr.MaxExpressionLength-20 {
		t.Fatalf("largest accepted: %d bytes, %v", len(s), err)
	}

	// Projection and Path obey the limit too.
	paths := make([]expr.Path, 500)
	for i := range paths {
		paths[i] = expr.Name("l").Index(i)
	}
	b := expr.NewBuilder(nil)
	if _, err := b.Projection(paths...); ruleOf(err) != expr.RuleExpressionTooLong {
		t.Errorf("long projection: %v", err)
	}
	if b.Names() != nil {
		t.Errorf("failed projection left names %v", b.Names())
	}
	if _, err := b.Path(expr.Name("l").Index(1 << 40)); err != nil {
		t.Errorf("Path: %v", err)
	}
}

func TestProjection(t *testing.T) {
	a := expr.Name("a")
	for _, tc := range []struct {
		name  string
		paths []expr.Path
		want  string
		names []string
		err   errs.Rule
	}{
		{"none", nil, "", nil, ""},
		{"one", []expr.Path{a}, "#n0", []string{"a"}, ""},
		{"siblings", []expr.Path{a.Field("b"), a.Field("c")}, "#n0.#n1, #n0.#n2", []string{"a", "b", "c"}, ""},
		{"list siblings", []expr.Path{expr.Name("l").Index(0), expr.Name("l").Index(1)}, "#n0[0], #n0[1]", []string{"l"}, ""},
		{"four", []expr.Path{expr.Name("pk"), expr.Name("status"), a.Field("b").Index(3), expr.Name("x.y")},
			"#n0, #n1, #n2.#n3[3], #n4", []string{"pk", "status", "a", "b", "x.y"}, ""},
		{"same name different roots", []expr.Path{expr.Name("x").Field("k"), expr.Name("y").Field("k")},
			"#n0.#n1, #n2.#n1", []string{"x", "k", "y"}, ""},
		{"dotted name is not a parent", []expr.Path{a.Field("b"), expr.Name("a.b")}, "#n0.#n1, #n2", []string{"a", "b", "a.b"}, ""},
		{"parent and child", []expr.Path{a, a.Field("b")}, "", nil, expr.RuleOverlappingPaths},
		{"child and parent", []expr.Path{a.Field("b").Index(1), a.Field("b")}, "", nil, expr.RuleOverlappingPaths},
		{"list and element", []expr.Path{expr.Name("l"), expr.Name("l").Index(0)}, "", nil, expr.RuleOverlappingPaths},
		{"duplicate", []expr.Path{expr.Name("x"), a, expr.Name("x")}, "", nil, expr.RuleOverlappingPaths},
		{"invalid", []expr.Path{a, expr.Name("")}, "", nil, expr.RuleInvalidPath},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := expr.NewBuilder(nil)
			got, err := b.Projection(tc.paths...)
			if tc.err != "" {
				var ce *errs.InputError
				if ruleOf(err) != tc.err || !errors.As(err, &ce) || ce.Op != "projection expression" {
					t.Fatalf("error %v, want %v", err, tc.err)
				}
				if b.Names() != nil {
					t.Errorf("names registered: %v", b.Names())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if names := namesList(b); !equalStrings(names, tc.names) {
				t.Errorf("names %q, want %q", names, tc.names)
			}
			if b.Values() != nil {
				t.Errorf("values registered: %v", b.Values())
			}
		})
	}
}

func TestBuilderPathNameValue(t *testing.T) {
	b := expr.NewBuilder(nil)
	if got := b.Name("status"); got != "#n0" {
		t.Errorf("Name = %q", got)
	}
	if got := b.Name("status"); got != "#n0" {
		t.Errorf("Name again = %q", got)
	}
	got, err := b.Path(expr.Name("a").Field("status").Index(2))
	if err != nil || got != "#n1.#n0[2]" {
		t.Errorf("Path = %q, %v", got, err)
	}
	if _, err := b.Path(expr.Name("a").Index(-1)); ruleOf(err) != expr.RuleInvalidPath {
		t.Errorf("invalid Path: %v", err)
	}
	buf, err := b.AppendPath([]byte("SET "), expr.Name("new"))
	if err != nil || string(buf) != "SET #n2" {
		t.Errorf("AppendPath = %q, %v", buf, err)
	}
	if _, err := b.AppendPath(nil, expr.Name("")); ruleOf(err) != expr.RuleInvalidPath {
		t.Errorf("invalid AppendPath: %v", err)
	}
	v, err := b.Value(expr.Name("a"), 5)
	if err != nil || v != ":v0" {
		t.Errorf("Value = %q, %v", v, err)
	}
	if v := b.RawValue(&types.AttributeValueMemberS{Value: "raw"}); v != ":v1" {
		t.Errorf("RawValue = %q", v)
	}
	if v := b.RawValue(nil); v != ":v2" {
		t.Errorf("RawValue(nil) = %q", v)
	}
	if v := b.RawValue((*types.AttributeValueMemberS)(nil)); v != ":v3" {
		t.Errorf("RawValue(typed nil) = %q", v)
	}
	_, err = b.Value(expr.Name("a"), make(chan int))
	var ce *errs.InputError
	if ruleOf(err) != expr.RuleEncode || !errors.As(err, &ce) || ce.Op != "value" || ce.Attribute != "a" {
		t.Errorf("bad Value: %v", err)
	}
	if got := namesList(b); !equalStrings(got, []string{"status", "a", "new"}) {
		t.Errorf("names %q", got)
	}
	if got := valuesList(b); !equalStrings(got, []string{"N:5", `S:"raw"`, "NULL", "NULL"}) {
		t.Errorf("values %q", got)
	}
	if b.NumNames() != 3 || b.NumValues() != 4 {
		t.Errorf("counts %d %d", b.NumNames(), b.NumValues())
	}
}

// TestSharedBuilder renders the expressions of one request through one
// Builder: names are shared, values are numbered across expressions.
func TestSharedBuilder(t *testing.T) {
	b := expr.NewBuilder(nil)
	key := b.Name("pk") + " = " + mustValue(t, b, expr.Name("pk"), "user#1")
	filter, err := b.Condition(expr.And(expr.Name("status").Eq("active"), expr.Name("pk").Ne(expr.Name("sk"))))
	if err != nil {
		t.Fatal(err)
	}
	cnd, err := b.Condition(expr.Or(expr.Name("status").NotExists(), expr.Name("version").Lt(3)))
	if err != nil {
		t.Fatal(err)
	}
	proj, err := b.Projection(expr.Name("pk"), expr.Name("status"), expr.Name("data").Field("status"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ got, want string }{
		{key, "#n0 = :v0"},
		{filter, "#n1 = :v1 AND #n0 <> #n2"},
		{cnd, "attribute_not_exists(#n1) OR #n3 < :v2"},
		{proj, "#n0, #n1, #n4.#n1"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if got := namesList(b); !equalStrings(got, []string{"pk", "status", "sk", "version", "data"}) {
		t.Errorf("names %q", got)
	}
	if got := valuesList(b); !equalStrings(got, []string{`S:"user#1"`, `S:"active"`, "N:3"}) {
		t.Errorf("values %q", got)
	}
	// A failing expression in the middle leaves everything as it was.
	if _, err := b.Condition(expr.And(expr.Name("fresh").Eq(1), expr.Name("x").BeginsWith(1))); err == nil {
		t.Fatal("no error")
	}
	if got := namesList(b); len(got) != 5 {
		t.Errorf("names after failure %q", got)
	}
	if got := valuesList(b); len(got) != 3 {
		t.Errorf("values after failure %q", got)
	}
	next, _ := b.Condition(expr.Name("fresh").Eq(1))
	if next != "#n5 = :v3" {
		t.Errorf("after failure: %q", next)
	}
}

func mustValue(t *testing.T, b *expr.Builder, p expr.Path, v any) string {
	t.Helper()
	s, err := b.Value(p, v)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestManyNames(t *testing.T) {
	// Past the static placeholder table and the linear-scan threshold.
	b := expr.NewBuilder(nil)
	var exprs []expr.Expr
	for i := 0; i < 150; i++ {
		exprs = append(exprs, expr.Name("n"+strconv.Itoa(i)).Exists())
	}
	for i := 0; i < 150; i += 7 {
		exprs = append(exprs, expr.Name("n"+strconv.Itoa(i)).Exists())
	}
	if _, err := b.Condition(expr.Or(exprs[:75]...)); err != nil {
		t.Fatal(err)
	}
	got, err := b.Condition(expr.Or(exprs[75:]...))
	if err != nil {
		t.Fatal(err)
	}
	names := namesList(b)
	if len(names) != 150 {
		t.Fatalf("%d names", len(names))
	}
	for i, n := range names {
		if n != "n"+strconv.Itoa(i) {
			t.Fatalf("name %d = %q", i, n)
		}
	}
	if !strings.HasSuffix(got, "attribute_exists(#n147)") {
		t.Errorf("tail: %q", got[len(got)-40:])
	}
	// Rollback after the switch to the map index.
	if _, err := b.Condition(expr.And(expr.Name("new1").Exists(), expr.Name("new2").Eq(func() {}))); err == nil {
		t.Fatal("no error")
	}
	if b.NumNames() != 150 {
		t.Fatalf("rollback left %d names", b.NumNames())
	}
	if got := b.Name("new2"); got != "#n150" {
		t.Errorf("after rollback: %q", got)
	}
	if got := b.Name("n3"); got != "#n3" {
		t.Errorf("dedup after rollback: %q", got)
	}
	// Reset clears the index.
	b.Reset(nil)
	if got := b.Name("n149"); got != "#n0" {
		t.Errorf("after Reset: %q", got)
	}
	if got := b.Name("n148"); got != "#n1" {
		t.Errorf("after Reset: %q", got)
	}
}

func TestDeterminismAndReset(t *testing.T) {
	build := func(b *expr.Builder) (string, string, map[string]string, map[string]types.AttributeValue) {
		f, err := b.Condition(expr.And(
			expr.Name("status").In("a", "b"),
			expr.Or(expr.Name("n").Field("x").Size().Gt(2), expr.Not(expr.Name("gone").Exists())),
			expr.Name("t").Between(1, 2),
		))
		if err != nil {
			t.Fatal(err)
		}
		p, err := b.Projection(expr.Name("status"), expr.Name("n").Field("y"))
		if err != nil {
			t.Fatal(err)
		}
		return f, p, b.Names(), b.Values()
	}
	f1, p1, n1, v1 := build(expr.NewBuilder(nil))
	f2, p2, n2, v2 := build(expr.NewBuilder(nil))
	if f1 != f2 || p1 != p2 || !reflect.DeepEqual(n1, n2) || !reflect.DeepEqual(v1, v2) {
		t.Fatalf("two builds differ:\n%q %q %v\n%q %q %v", f1, p1, n1, f2, p2, n2)
	}
	b := expr.NewBuilder(nil)
	build(b)
	b.Reset(nil)
	f3, p3, n3, v3 := build(b)
	if f1 != f3 || p1 != p3 || !reflect.DeepEqual(n1, n3) || !reflect.DeepEqual(v1, v3) {
		t.Fatalf("build after Reset differs:\n%q %q %v\n%q %q %v", f1, p1, n1, f3, p3, n3)
	}
	// Maps returned before a Reset are not affected by later use.
	b.Reset(nil)
	b.Name("other")
	b.RawValue(&types.AttributeValueMemberS{Value: "other"})
	if !reflect.DeepEqual(n1, n3) || !reflect.DeepEqual(v1, v3) {
		t.Fatal("maps changed after Reset")
	}
	// The zero Builder works, and so does Reset on it.
	var zb expr.Builder
	f4, p4, n4, v4 := build(&zb)
	if f1 != f4 || p1 != p4 || !reflect.DeepEqual(n1, n4) || !reflect.DeepEqual(v1, v4) {
		t.Fatal("zero Builder differs")
	}
	var zb2 expr.Builder
	zb2.Reset(nil)
	f5, _, _, _ := build(&zb2)
	if f5 != f1 {
		t.Fatal("Reset zero Builder differs")
	}
}

// unixEncoder stores time.Time values at path "ts" as unix seconds, and
// handles nothing else.
type unixEncoder struct{ calls []string }

func (e *unixEncoder) EncodeValue(p expr.Path, v any) (types.AttributeValue, bool, error) {
	e.calls = append(e.calls, p.String())
	if t, ok := v.(time.Time); ok && p.Root() == "ts" {
		return &types.AttributeValueMemberN{Value: strconv.Itoa(int(t.Unix()))}, true, nil
	}
	return nil, false, nil
}

func TestValueEncoder(t *testing.T) {
	enc := &unixEncoder{}
	b := expr.NewBuilder(enc)
	t0 := time.Unix(1000, 0)
	t1 := time.Unix(2000, 0)
	got, err := b.Condition(expr.And(
		expr.Name("ts").Between(t0, t1),
		expr.Name("ts").In(t0, t1),
		expr.Name("other").Eq(t0),
		expr.Name("ts").Size().Gt(1),
		expr.Name("ts").HasType(expr.TypeN),
		expr.Name("name").BeginsWith("ab"),
		expr.Name("set").Contains("x"),
	))
	if err != nil {
		t.Fatal(err)
	}
	want := "(#n0 BETWEEN :v0 AND :v1) AND #n0 IN (:v2, :v3) AND #n1 = :v4 AND size(#n0) > :v5 AND " +
		"attribute_type(#n0, :v6) AND begins_with(#n2, :v7) AND contains(#n3, :v8)"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	wantValues := []string{"N:1000", "N:2000", "N:1000", "N:2000", `S:"` + t0.UTC().Format(time.RFC3339Nano) + `"`,
		"N:1", `S:"N"`, `S:"ab"`, `S:"x"`}
	if got := valuesList(b); !equalStrings(got, wantValues) {
		t.Errorf("values\n got %q\nwant %q", got, wantValues)
	}
	// Not called for size() values nor attribute_type.
	wantCalls := []string{"ts", "ts", "ts", "ts", "other", "name", "set"}
	if !equalStrings(enc.calls, wantCalls) {
		t.Errorf("encoder calls %q, want %q", enc.calls, wantCalls)
	}
	// Value goes through the encoder too.
	if v, err := b.Value(expr.Name("ts"), t1); err != nil || v != ":v9" {
		t.Errorf("Value = %q, %v", v, err)
	}
	if got := valuesList(b); got[9] != "N:2000" {
		t.Errorf("Value encoded %q", got[9])
	}
}

type numberPrefixEncoder struct{}

func (numberPrefixEncoder) EncodeValue(expr.Path, any) (types.AttributeValue, bool, error) {
	return &types.AttributeValueMemberN{Value: "1"}, true, nil
}

func TestBeginsWithEncoderMustGiveStringOrBinary(t *testing.T) {
	b := expr.NewBuilder(numberPrefixEncoder{})
	_, err := b.Condition(expr.Name("a").BeginsWith("x"))
	if ruleOf(err) != expr.RuleInvalidOperand {
		t.Fatalf("error %v", err)
	}
}

func TestConcurrentRendering(t *testing.T) {
	shared := expr.And(expr.Name("a").Field("b").Eq("x"), expr.Or(expr.Name("c").In(1, 2, 3), expr.Name("d").Size().Lt(4)))
	want, err := expr.NewBuilder(nil).Condition(shared)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan string)
	for i := 0; i < 8; i++ {
		go func() {
			b := expr.NewBuilder(nil)
			var got string
			for j := 0; j < 200; j++ {
				b.Reset(nil)
				got, _ = b.Condition(shared.And(expr.Name("e").Exists()))
			}
			done <- got
		}()
	}
	for i := 0; i < 8; i++ {
		if got := <-done; got != want+" AND attribute_exists(#n4)" {
			t.Errorf("got %q", got)
		}
	}
}

// TestRetained: Retained counts the room a Builder's buffers and name index
// have grown to, which Reset keeps; the usual request stays small.
func TestRetained(t *testing.T) {
	comparisons := func(n int) expr.Expr {
		var c expr.Expr
		for i := range n {
			c = expr.And(c, expr.Name("attr"+strconv.Itoa(i)).Eq(i))
		}
		return c
	}
	fresh := expr.NewBuilder(nil).Retained()
	if fresh <= 0 || fresh > 1024 {
		t.Fatalf("a new Builder retains %d bytes, want its own few hundred", fresh)
	}
	small := expr.NewBuilder(nil)
	if _, err := small.Condition(comparisons(4)); err != nil {
		t.Fatal(err)
	}
	if got := small.Retained(); got != fresh {
		t.Errorf("a Builder that rendered 4 comparisons retains %d bytes, a new one %d: the usual request should fit the room it starts with", got, fresh)
	}
	for _, n := range []int{20, 100, 150} {
		b := expr.NewBuilder(nil)
		if _, err := b.Condition(comparisons(n)); err != nil {
			t.Fatal(err)
		}
		// n names and n values, at 16 bytes a header each, the index
		// (there are more than 16 names) and the text.
		least := 2*16*n + 24*n + len("#n0 = :v0 AND ")*n/2
		got := b.Retained()
		b.Reset(nil)
		if after := b.Retained(); after != got {
			t.Errorf("%d comparisons: Retained %d before Reset, %d after; Reset keeps the room", n, got, after)
		}
		if got < least {
			t.Errorf("%d comparisons: Retained %d, want at least %d", n, got, least)
		}
	}
}
