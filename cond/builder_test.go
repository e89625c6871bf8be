package cond_test

import (
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/dynamodel/dynamodel/cond"
)

type renderCase struct {
	name   string
	expr   cond.Expr
	want   string
	names  []string
	values []string
}

func runRenderCases(t *testing.T, cases []renderCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := cond.NewBuilder(nil)
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
	p := cond.Name("price")
	runRenderCases(t, []renderCase{
		{"Eq", p.Eq(10), "#n0 = :v0", []string{"price"}, []string{"N:10"}},
		{"Ne", p.Ne("x"), "#n0 <> :v0", []string{"price"}, []string{`S:"x"`}},
		{"Lt", p.Lt(1.5), "#n0 < :v0", []string{"price"}, []string{"N:1.5"}},
		{"Le", p.Le(int64(-7)), "#n0 <= :v0", []string{"price"}, []string{"N:-7"}},
		{"Gt", p.Gt(uint8(200)), "#n0 > :v0", []string{"price"}, []string{"N:200"}},
		{"Ge", p.Ge(float32(0.1)), "#n0 >= :v0", []string{"price"}, []string{"N:0.1"}},
		{"Between", p.Between(1, 9), "#n0 BETWEEN :v0 AND :v1", []string{"price"}, []string{"N:1", "N:9"}},
		{"Eq bool", cond.Name("ok").Eq(true), "#n0 = :v0", []string{"ok"}, []string{"BOOL:true"}},
		{"Eq nil", cond.Name("x").Eq(nil), "#n0 = :v0", []string{"x"}, []string{"NULL"}},
		{"Eq bytes", cond.Name("x").Eq([]byte{1, 2}), "#n0 = :v0", []string{"x"}, []string{"B:0x0102"}},
		{"Eq nil bytes", cond.Name("x").Eq([]byte(nil)), "#n0 = :v0", []string{"x"}, []string{"NULL"}},
		{"Eq empty string", cond.Name("x").Eq(""), "#n0 = :v0", []string{"x"}, []string{`S:""`}},
		{"Eq raw value", cond.Name("x").Eq(&types.AttributeValueMemberNS{Value: []string{"1", "2"}}),
			"#n0 = :v0", []string{"x"}, []string{"NS:[1 2]"}},
		{"Eq string set via attributevalue", cond.Name("x").Eq(map[string]int{"b": 2, "a": 1}),
			"#n0 = :v0", []string{"x"}, []string{"M:{a=N:1 b=N:2}"}},
		{"Eq list via attributevalue", cond.Name("x").Eq([]string{"a", "b"}),
			"#n0 = :v0", []string{"x"}, []string{`L:[S:"a" S:"b"]`}},
		{"Eq named string type", cond.Name("x").Eq(status("on")), "#n0 = :v0", []string{"x"}, []string{`S:"on"`}},
		{"Eq time via attributevalue", cond.Name("t").Eq(time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)),
			"#n0 = :v0", []string{"t"}, []string{`S:"2024-05-06T07:08:09Z"`}},
		{"Eq pointer", cond.Name("x").Eq(ptr(42)), "#n0 = :v0", []string{"x"}, []string{"N:42"}},
		{"Eq nil pointer", cond.Name("x").Eq((*int)(nil)), "#n0 = :v0", []string{"x"}, []string{"NULL"}},
		{"path to path", cond.Name("a").Lt(cond.Name("b")), "#n0 < #n1", []string{"a", "b"}, nil},
		{"path to itself", cond.Name("a").Eq(cond.Name("a")), "#n0 = #n0", []string{"a"}, nil},
		{"path to size", cond.Name("a").Ge(cond.Name("b").Size()), "#n0 >= size(#n1)", []string{"a", "b"}, nil},
		{"between paths", cond.Name("a").Between(cond.Name("lo"), cond.Name("hi")),
			"#n0 BETWEEN #n1 AND #n2", []string{"a", "lo", "hi"}, nil},
		{"between mixed", cond.Name("a").Between(0, cond.Name("hi")),
			"#n0 BETWEEN :v0 AND #n1", []string{"a", "hi"}, []string{"N:0"}},
	})
}

type status string

func ptr[T any](v T) *T { return &v }

func TestSize(t *testing.T) {
	s := cond.Name("tags").Size()
	runRenderCases(t, []renderCase{
		{"Eq", s.Eq(3), "size(#n0) = :v0", []string{"tags"}, []string{"N:3"}},
		{"Ne", s.Ne(3), "size(#n0) <> :v0", []string{"tags"}, []string{"N:3"}},
		{"Lt", s.Lt(3), "size(#n0) < :v0", []string{"tags"}, []string{"N:3"}},
		{"Le", s.Le(3), "size(#n0) <= :v0", []string{"tags"}, []string{"N:3"}},
		{"Gt", s.Gt(3), "size(#n0) > :v0", []string{"tags"}, []string{"N:3"}},
		{"Ge", s.Ge(3), "size(#n0) >= :v0", []string{"tags"}, []string{"N:3"}},
		{"Between", s.Between(1, 5), "size(#n0) BETWEEN :v0 AND :v1", []string{"tags"}, []string{"N:1", "N:5"}},
		{"size to size", s.Lt(cond.Name("other").Size()), "size(#n0) < size(#n1)", []string{"tags", "other"}, nil},
		{"size to path", s.Eq(cond.Name("count")), "size(#n0) = #n1", []string{"tags", "count"}, nil},
		{"nested", cond.Name("a").Field("b").Index(0).Size().Gt(0), "size(#n0.#n1[0]) > :v0", []string{"a", "b"}, []string{"N:0"}},
	})
	if got := s.Path().Root(); got != "tags" {
		t.Errorf("Size.Path().Root() = %q", got)
	}
}

func TestFunctions(t *testing.T) {
	p := cond.Name("a").Field("b")
	runRenderCases(t, []renderCase{
		{"Exists", p.Exists(), "attribute_exists(#n0.#n1)", []string{"a", "b"}, nil},
		{"NotExists", cond.Name("pk").NotExists(), "attribute_not_exists(#n0)", []string{"pk"}, nil},
		{"HasType", p.HasType(cond.TypeSS), "attribute_type(#n0.#n1, :v0)", []string{"a", "b"}, []string{`S:"SS"`}},
		{"BeginsWith string", p.BeginsWith("ab"), "begins_with(#n0.#n1, :v0)", []string{"a", "b"}, []string{`S:"ab"`}},
		{"BeginsWith bytes", p.BeginsWith([]byte{0xff}), "begins_with(#n0.#n1, :v0)", []string{"a", "b"}, []string{"B:0xff"}},
		{"BeginsWith named string", p.BeginsWith(status("o")), "begins_with(#n0.#n1, :v0)", []string{"a", "b"}, []string{`S:"o"`}},
		{"BeginsWith raw S", p.BeginsWith(&types.AttributeValueMemberS{Value: "r"}), "begins_with(#n0.#n1, :v0)", []string{"a", "b"}, []string{`S:"r"`}},
		{"Contains value", p.Contains("red"), "contains(#n0.#n1, :v0)", []string{"a", "b"}, []string{`S:"red"`}},
		{"Contains number", cond.Name("ns").Contains(7), "contains(#n0, :v0)", []string{"ns"}, []string{"N:7"}},
		{"Contains path", p.Contains(cond.Name("c")), "contains(#n0.#n1, #n2)", []string{"a", "b", "c"}, nil},
		{"In one", cond.Name("s").In("x"), "#n0 IN (:v0)", []string{"s"}, []string{`S:"x"`}},
		{"In three", cond.Name("s").In("x", 2, cond.Name("t")), "#n0 IN (:v0, :v1, #n1)", []string{"s", "t"}, []string{`S:"x"`, "N:2"}},
	})
}

func TestHasTypeAllTypes(t *testing.T) {
	for _, at := range []cond.AttrType{cond.TypeS, cond.TypeSS, cond.TypeN, cond.TypeNS, cond.TypeB,
		cond.TypeBS, cond.TypeBool, cond.TypeNull, cond.TypeL, cond.TypeM} {
		b := cond.NewBuilder(nil)
		got, err := b.Condition(cond.Name("x").HasType(at))
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
	if cond.AttrType("X").Valid() || cond.AttrType("s").Valid() {
		t.Error("invalid types reported Valid")
	}
}

func TestPathsInExpressions(t *testing.T) {
	runRenderCases(t, []renderCase{
		{"nested map and list", cond.Name("a").Field("b").Index(2).Field("c").Eq(1),
			"#n0.#n1[2].#n2 = :v0", []string{"a", "b", "c"}, []string{"N:1"}},
		{"list of lists", cond.Name("m").Index(0).Index(10).Exists(),
			"attribute_exists(#n0[0][10])", []string{"m"}, nil},
		{"repeated key names", cond.Name("a").Field("a").Field("a").Exists(),
			"attribute_exists(#n0.#n0.#n0)", []string{"a"}, nil},
		{"dotted name", cond.Name("a.b").Eq(1), "#n0 = :v0", []string{"a.b"}, []string{"N:1"}},
		{"dotted key", cond.Name("a").Field("b.c").Eq(1), "#n0.#n1 = :v0", []string{"a", "b.c"}, []string{"N:1"}},
		{"dash", cond.Name("first-name").Exists(), "attribute_exists(#n0)", []string{"first-name"}, nil},
		{"space", cond.Name("first name").Exists(), "attribute_exists(#n0)", []string{"first name"}, nil},
		{"reserved status", cond.Name("status").Eq("ok"), "#n0 = :v0", []string{"status"}, []string{`S:"ok"`}},
		{"reserved name", cond.Name("name").Field("size").Exists(), "attribute_exists(#n0.#n1)", []string{"name", "size"}, nil},
		{"unicode", cond.Name("prénom").Field("日本").Eq("x"), "#n0.#n1 = :v0", []string{"prénom", "日本"}, []string{`S:"x"`}},
		{"brackets and quotes", cond.Name(`a[0]"#:v0`).Exists(), "attribute_exists(#n0)", []string{`a[0]"#:v0`}, nil},
		{"control bytes", cond.Name("\x00\x01\n\t)").Exists(), "attribute_exists(#n0)", []string{"\x00\x01\n\t)"}, nil},
		{"placeholder-looking name", cond.Name("#n1").Eq(cond.Name(":v0")), "#n0 = #n1", []string{"#n1", ":v0"}, nil},
		{"max depth", deepPath(cond.MaxPathDepth).Exists(),
			"attribute_exists(#n0" + strings.Repeat(".#n1", cond.MaxPathDepth) + ")", []string{"r", "k"}, nil},
	})
}

func deepPath(depth int) cond.Path {
	p := cond.Name("r")
	for i := 0; i < depth; i++ {
		p = p.Field("k")
	}
	return p
}

func TestLogic(t *testing.T) {
	a := cond.Name("a").Eq(1)
	b := cond.Name("b").Eq(2)
	c := cond.Name("c").Eq(3)
	var zero cond.Expr
	names := []string{"a", "b", "c"}
	values := []string{"N:1", "N:2", "N:3"}
	runRenderCases(t, []renderCase{
		{"And", cond.And(a, b, c), "#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2", names, values},
		{"Or", cond.Or(a, b, c), "#n0 = :v0 OR #n1 = :v1 OR #n2 = :v2", names, values},
		{"And method", a.And(b, c), "#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2", names, values},
		{"Or method", a.Or(b).Or(c), "#n0 = :v0 OR #n1 = :v1 OR #n2 = :v2", names, values},
		{"nested And flattened", cond.And(cond.And(a, b), c), "#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2", names, values},
		{"Or inside And", cond.And(a, cond.Or(b, c)), "#n0 = :v0 AND (#n1 = :v1 OR #n2 = :v2)", names, values},
		{"And inside Or", cond.Or(cond.And(a, b), c), "(#n0 = :v0 AND #n1 = :v1) OR #n2 = :v2", names, values},
		{"And method on Or", cond.Or(a, b).And(c), "(#n0 = :v0 OR #n1 = :v1) AND #n2 = :v2", names, values},
		{"Not", cond.Not(a), "NOT (#n0 = :v0)", names[:1], values[:1]},
		{"Not function", cond.Not(cond.Name("a").Exists()), "NOT (attribute_exists(#n0))", names[:1], nil},
		{"Not And", cond.Not(cond.And(a, b)), "NOT (#n0 = :v0 AND #n1 = :v1)", names[:2], values[:2]},
		{"Not Not", cond.Not(cond.Not(a)), "NOT (NOT (#n0 = :v0))", names[:1], values[:1]},
		{"Not in And", cond.And(cond.Not(a), b), "NOT (#n0 = :v0) AND #n1 = :v1", names[:2], values[:2]},
		{"Between in And", cond.And(cond.Name("a").Between(1, 2), b),
			"(#n0 BETWEEN :v0 AND :v1) AND #n1 = :v2", []string{"a", "b"}, []string{"N:1", "N:2", "N:2"}},
		{"Between in Or", cond.Or(b, cond.Name("a").Between(1, 2)),
			"#n0 = :v0 OR (#n1 BETWEEN :v1 AND :v2)", []string{"b", "a"}, []string{"N:2", "N:1", "N:2"}},
		{"deep", cond.Or(cond.And(a, cond.Or(b, cond.Not(c))), cond.Name("d").Exists()),
			"(#n0 = :v0 AND (#n1 = :v1 OR NOT (#n2 = :v2))) OR attribute_exists(#n3)",
			[]string{"a", "b", "c", "d"}, values},
		{"zeros ignored in And", cond.And(zero, a, zero, b, zero), "#n0 = :v0 AND #n1 = :v1", names[:2], values[:2]},
		{"zeros ignored in Or", cond.Or(zero, a, zero, b), "#n0 = :v0 OR #n1 = :v1", names[:2], values[:2]},
		{"single And is itself", cond.And(zero, a, zero), "#n0 = :v0", names[:1], values[:1]},
		{"single Or is itself", cond.Or(a), "#n0 = :v0", names[:1], values[:1]},
		{"zero And method", zero.And(a), "#n0 = :v0", names[:1], values[:1]},
		{"And method with zeros", a.And(zero, zero), "#n0 = :v0", names[:1], values[:1]},
		{"Or method zero receiver", zero.Or(zero, b), "#n0 = :v0", names[1:2], values[1:2]},
		{"shared subexpression", cond.And(a, cond.Or(a, b)), "#n0 = :v0 AND (#n0 = :v1 OR #n1 = :v2)",
			names[:2], []string{"N:1", "N:1", "N:2"}},
	})
}

func TestZeroExpr(t *testing.T) {
	var zero cond.Expr
	for name, e := range map[string]cond.Expr{
		"zero":        zero,
		"And()":       cond.And(),
		"Or()":        cond.Or(),
		"And(zeros)":  cond.And(zero, zero),
		"Or(zeros)":   cond.Or(zero),
		"Not(zero)":   cond.Not(zero),
		"zero.And()":  zero.And(),
		"zero.Or(z)":  zero.Or(zero),
		"And(Or())":   cond.And(cond.Or(), cond.And()),
		"Not(And())":  cond.Not(cond.And()),
		"zero.And(z)": zero.And(zero),
	} {
		if !e.IsZero() {
			t.Errorf("%s: not zero", name)
		}
		b := cond.NewBuilder(nil)
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
	if cond.Name("a").Exists().IsZero() {
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
		b := cond.NewBuilder(nil)
		got, err := b.Condition(cond.Name("x").In(values(tc.n)...))
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
		if !errors.Is(err, cond.ErrTooManyOperands) {
			t.Errorf("In(%d): error %v, want ErrTooManyOperands", tc.n, err)
		}
		var ce *cond.Error
		if !errors.As(err, &ce) || ce.Op != "In" || ce.Path != "x" {
			t.Errorf("In(%d): error %#v", tc.n, err)
		}
		if got != "" || b.Names() != nil || b.Values() != nil {
			t.Errorf("In(%d): builder not clean: %q %v %v", tc.n, got, b.Names(), b.Values())
		}
	}
}

type failingEncoder struct{ err error }

func (f failingEncoder) EncodeValue(cond.Path, any) (types.AttributeValue, bool, error) {
	return nil, true, f.err
}

type nilEncoder struct{}

func (nilEncoder) EncodeValue(cond.Path, any) (types.AttributeValue, bool, error) {
	return nil, true, nil
}

func TestErrors(t *testing.T) {
	encErr := errors.New("codec says no")
	tooLong := make([]cond.Expr, 300)
	for i := range tooLong {
		tooLong[i] = cond.Name("attr").Eq(i)
	}
	for _, tc := range []struct {
		name     string
		enc      cond.ValueEncoder
		expr     cond.Expr
		sentinel error
		op, path string
		also     error
	}{
		{"empty name", nil, cond.Name("").Eq(1), cond.ErrInvalidPath, "Eq", `""`, nil},
		{"zero path", nil, cond.Path{}.Exists(), cond.ErrInvalidPath, "Exists", "", nil},
		{"empty key", nil, cond.Name("a").Field("").Exists(), cond.ErrInvalidPath, "Exists", `a.""`, nil},
		{"negative index", nil, cond.Name("l").Index(-1).Eq(1), cond.ErrInvalidPath, "Eq", "l[-1]", nil},
		{"too deep", nil, deepPath(cond.MaxPathDepth + 1).Exists(), cond.ErrInvalidPath, "Exists", "", nil},
		{"invalid utf8", nil, cond.Name("a\xff").Exists(), cond.ErrInvalidPath, "Exists", `"a\xff"`, nil},
		{"invalid right path", nil, cond.Name("a").Eq(cond.Name("")), cond.ErrInvalidPath, "Eq", `""`, nil},
		{"invalid size path", nil, cond.Name("a").Eq(cond.Name("b").Index(-2).Size()), cond.ErrInvalidPath, "Eq", "b[-2]", nil},
		{"invalid path in And", nil, cond.And(cond.Name("ok").Exists(), cond.Name("").Exists()), cond.ErrInvalidPath, "Exists", `""`, nil},
		{"invalid path under Not", nil, cond.Not(cond.Name("").Exists()), cond.ErrInvalidPath, "Exists", `""`, nil},
		{"In empty", nil, cond.Name("a").In(), cond.ErrTooManyOperands, "In", "a", nil},
		{"BeginsWith number", nil, cond.Name("a").BeginsWith(5), cond.ErrInvalidOperand, "BeginsWith", "a", nil},
		{"BeginsWith nil", nil, cond.Name("a").BeginsWith(nil), cond.ErrInvalidOperand, "BeginsWith", "a", nil},
		{"BeginsWith path", nil, cond.Name("a").BeginsWith(cond.Name("b")), cond.ErrInvalidOperand, "BeginsWith", "a", nil},
		{"BeginsWith raw N", nil, cond.Name("a").BeginsWith(&types.AttributeValueMemberN{Value: "1"}), cond.ErrInvalidOperand, "BeginsWith", "a", nil},
		{"Contains size", nil, cond.Name("a").Contains(cond.Name("b").Size()), cond.ErrInvalidOperand, "Contains", "a", nil},
		{"HasType unknown", nil, cond.Name("a").HasType("STRING"), cond.ErrInvalidOperand, "HasType", "a", nil},
		{"Expr as value", nil, cond.Name("a").Eq(cond.Name("b").Exists()), cond.ErrInvalidOperand, "Eq", "a", nil},
		{"*Path as value", nil, cond.Name("a").Eq(ptr(cond.Name("b"))), cond.ErrInvalidOperand, "Eq", "a", nil},
		{"*Size as value", nil, cond.Name("a").In(1, ptr(cond.Name("b").Size())), cond.ErrInvalidOperand, "In", "a", nil},
		{"Expr as value with encoder", failingEncoder{encErr}, cond.Name("a").Eq(cond.Name("b").Exists()), cond.ErrInvalidOperand, "Eq", "a", nil},
		{"chan", nil, cond.Name("a").Eq(make(chan int)), cond.ErrEncode, "Eq", "a", nil},
		{"func", nil, cond.Name("a").Ne(func() {}), cond.ErrEncode, "Ne", "a", nil},
		{"NaN", nil, cond.Name("a").Lt(math.NaN()), cond.ErrEncode, "Lt", "a", nil},
		{"Inf", nil, cond.Name("a").Size().Lt(math.Inf(1)), cond.ErrEncode, "Lt", "a", nil},
		{"nil raw value", nil, cond.Name("a").Eq((*types.AttributeValueMemberS)(nil)), cond.ErrEncode, "Eq", "a", nil},
		{"chan in In", nil, cond.Name("a").In(1, make(chan int)), cond.ErrEncode, "In", "a", nil},
		{"chan in Between", nil, cond.Name("a").Between(1, make(chan int)), cond.ErrEncode, "Between", "a", nil},
		{"encoder error", failingEncoder{encErr}, cond.Name("a").Eq(1), cond.ErrEncode, "Eq", "a", encErr},
		{"encoder error in Contains", failingEncoder{encErr}, cond.Name("a").Contains(1), cond.ErrEncode, "Contains", "a", encErr},
		{"encoder returns nil", nilEncoder{}, cond.Name("a").Eq(1), cond.ErrEncode, "Eq", "a", nil},
		{"too long", nil, cond.And(tooLong...), cond.ErrExpressionTooLong, "Condition", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := cond.NewBuilder(tc.enc)
			got, err := b.Condition(tc.expr)
			if err == nil {
				t.Fatalf("no error, rendered %q", got)
			}
			if got != "" {
				t.Errorf("rendered %q alongside the error", got)
			}
			if !errors.Is(err, tc.sentinel) {
				t.Errorf("error %v is not %v", err, tc.sentinel)
			}
			if tc.also != nil && !errors.Is(err, tc.also) {
				t.Errorf("error %v does not wrap %v", err, tc.also)
			}
			var ce *cond.Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %T is not *cond.Error", err)
			}
			if ce.Op != tc.op {
				t.Errorf("Op = %q, want %q", ce.Op, tc.op)
			}
			if tc.path != "" && ce.Path != tc.path {
				t.Errorf("Path = %q, want %q", ce.Path, tc.path)
			}
			if !strings.HasPrefix(err.Error(), "cond: "+tc.op) {
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
		exprs := make([]cond.Expr, n)
		for i := range exprs {
			exprs[i] = cond.Name("a").Eq(i)
		}
		return cond.NewBuilder(nil).Condition(cond.And(exprs...))
	}
	n := 1
	for {
		s, err := build(n + 1)
		if err != nil {
			if !errors.Is(err, cond.ErrExpressionTooLong) {
				t.Fatalf("n=%d: %v", n+1, err)
			}
			break
		}
		if len(s) > cond.MaxExpressionLength {
			t.Fatalf("n=%d: rendered %d bytes without error", n+1, len(s))
		}
		n++
	}
	s, err := build(n)
	if err != nil || len(s) > cond.MaxExpressionLength || len(s) < cond.MaxExpressionLength-20 {
		t.Fatalf("largest accepted: %d bytes, %v", len(s), err)
	}

	// Projection and Path obey the limit too.
	paths := make([]cond.Path, 500)
	for i := range paths {
		paths[i] = cond.Name("l").Index(i)
	}
	b := cond.NewBuilder(nil)
	if _, err := b.Projection(paths...); !errors.Is(err, cond.ErrExpressionTooLong) {
		t.Errorf("long projection: %v", err)
	}
	if b.Names() != nil {
		t.Errorf("failed projection left names %v", b.Names())
	}
	if _, err := b.Path(cond.Name("l").Index(1 << 40)); err != nil {
		t.Errorf("Path: %v", err)
	}
}

func TestProjection(t *testing.T) {
	a := cond.Name("a")
	for _, tc := range []struct {
		name  string
		paths []cond.Path
		want  string
		names []string
		err   error
	}{
		{"none", nil, "", nil, nil},
		{"one", []cond.Path{a}, "#n0", []string{"a"}, nil},
		{"siblings", []cond.Path{a.Field("b"), a.Field("c")}, "#n0.#n1, #n0.#n2", []string{"a", "b", "c"}, nil},
		{"list siblings", []cond.Path{cond.Name("l").Index(0), cond.Name("l").Index(1)}, "#n0[0], #n0[1]", []string{"l"}, nil},
		{"four", []cond.Path{cond.Name("pk"), cond.Name("status"), a.Field("b").Index(3), cond.Name("x.y")},
			"#n0, #n1, #n2.#n3[3], #n4", []string{"pk", "status", "a", "b", "x.y"}, nil},
		{"same name different roots", []cond.Path{cond.Name("x").Field("k"), cond.Name("y").Field("k")},
			"#n0.#n1, #n2.#n1", []string{"x", "k", "y"}, nil},
		{"dotted name is not a parent", []cond.Path{a.Field("b"), cond.Name("a.b")}, "#n0.#n1, #n2", []string{"a", "b", "a.b"}, nil},
		{"parent and child", []cond.Path{a, a.Field("b")}, "", nil, cond.ErrOverlappingPaths},
		{"child and parent", []cond.Path{a.Field("b").Index(1), a.Field("b")}, "", nil, cond.ErrOverlappingPaths},
		{"list and element", []cond.Path{cond.Name("l"), cond.Name("l").Index(0)}, "", nil, cond.ErrOverlappingPaths},
		{"duplicate", []cond.Path{cond.Name("x"), a, cond.Name("x")}, "", nil, cond.ErrOverlappingPaths},
		{"invalid", []cond.Path{a, cond.Name("")}, "", nil, cond.ErrInvalidPath},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := cond.NewBuilder(nil)
			got, err := b.Projection(tc.paths...)
			if tc.err != nil {
				var ce *cond.Error
				if !errors.Is(err, tc.err) || !errors.As(err, &ce) || ce.Op != "Projection" {
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
	b := cond.NewBuilder(nil)
	if got := b.Name("status"); got != "#n0" {
		t.Errorf("Name = %q", got)
	}
	if got := b.Name("status"); got != "#n0" {
		t.Errorf("Name again = %q", got)
	}
	got, err := b.Path(cond.Name("a").Field("status").Index(2))
	if err != nil || got != "#n1.#n0[2]" {
		t.Errorf("Path = %q, %v", got, err)
	}
	if _, err := b.Path(cond.Name("a").Index(-1)); !errors.Is(err, cond.ErrInvalidPath) {
		t.Errorf("invalid Path: %v", err)
	}
	buf, err := b.AppendPath([]byte("SET "), cond.Name("new"))
	if err != nil || string(buf) != "SET #n2" {
		t.Errorf("AppendPath = %q, %v", buf, err)
	}
	if _, err := b.AppendPath(nil, cond.Name("")); !errors.Is(err, cond.ErrInvalidPath) {
		t.Errorf("invalid AppendPath: %v", err)
	}
	v, err := b.Value(cond.Name("a"), 5)
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
	_, err = b.Value(cond.Name("a"), make(chan int))
	var ce *cond.Error
	if !errors.Is(err, cond.ErrEncode) || !errors.As(err, &ce) || ce.Op != "Value" || ce.Path != "a" {
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
	b := cond.NewBuilder(nil)
	key := b.Name("pk") + " = " + mustValue(t, b, cond.Name("pk"), "user#1")
	filter, err := b.Condition(cond.And(cond.Name("status").Eq("active"), cond.Name("pk").Ne(cond.Name("sk"))))
	if err != nil {
		t.Fatal(err)
	}
	cnd, err := b.Condition(cond.Or(cond.Name("status").NotExists(), cond.Name("version").Lt(3)))
	if err != nil {
		t.Fatal(err)
	}
	proj, err := b.Projection(cond.Name("pk"), cond.Name("status"), cond.Name("data").Field("status"))
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
	if _, err := b.Condition(cond.And(cond.Name("fresh").Eq(1), cond.Name("x").BeginsWith(1))); err == nil {
		t.Fatal("no error")
	}
	if got := namesList(b); len(got) != 5 {
		t.Errorf("names after failure %q", got)
	}
	if got := valuesList(b); len(got) != 3 {
		t.Errorf("values after failure %q", got)
	}
	next, _ := b.Condition(cond.Name("fresh").Eq(1))
	if next != "#n5 = :v3" {
		t.Errorf("after failure: %q", next)
	}
}

func mustValue(t *testing.T, b *cond.Builder, p cond.Path, v any) string {
	t.Helper()
	s, err := b.Value(p, v)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestManyNames(t *testing.T) {
	// Past the static placeholder table and the linear-scan threshold.
	b := cond.NewBuilder(nil)
	var exprs []cond.Expr
	for i := 0; i < 150; i++ {
		exprs = append(exprs, cond.Name("n"+strconv.Itoa(i)).Exists())
	}
	for i := 0; i < 150; i += 7 {
		exprs = append(exprs, cond.Name("n"+strconv.Itoa(i)).Exists())
	}
	if _, err := b.Condition(cond.Or(exprs[:75]...)); err != nil {
		t.Fatal(err)
	}
	got, err := b.Condition(cond.Or(exprs[75:]...))
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
	if _, err := b.Condition(cond.And(cond.Name("new1").Exists(), cond.Name("new2").Eq(func() {}))); err == nil {
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
	build := func(b *cond.Builder) (string, string, map[string]string, map[string]types.AttributeValue) {
		f, err := b.Condition(cond.And(
			cond.Name("status").In("a", "b"),
			cond.Or(cond.Name("n").Field("x").Size().Gt(2), cond.Not(cond.Name("gone").Exists())),
			cond.Name("t").Between(1, 2),
		))
		if err != nil {
			t.Fatal(err)
		}
		p, err := b.Projection(cond.Name("status"), cond.Name("n").Field("y"))
		if err != nil {
			t.Fatal(err)
		}
		return f, p, b.Names(), b.Values()
	}
	f1, p1, n1, v1 := build(cond.NewBuilder(nil))
	f2, p2, n2, v2 := build(cond.NewBuilder(nil))
	if f1 != f2 || p1 != p2 || !reflect.DeepEqual(n1, n2) || !reflect.DeepEqual(v1, v2) {
		t.Fatalf("two builds differ:\n%q %q %v\n%q %q %v", f1, p1, n1, f2, p2, n2)
	}
	b := cond.NewBuilder(nil)
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
	var zb cond.Builder
	f4, p4, n4, v4 := build(&zb)
	if f1 != f4 || p1 != p4 || !reflect.DeepEqual(n1, n4) || !reflect.DeepEqual(v1, v4) {
		t.Fatal("zero Builder differs")
	}
	var zb2 cond.Builder
	zb2.Reset(nil)
	f5, _, _, _ := build(&zb2)
	if f5 != f1 {
		t.Fatal("Reset zero Builder differs")
	}
}

// unixEncoder stores time.Time values at path "ts" as unix seconds, and
// handles nothing else.
type unixEncoder struct{ calls []string }

func (e *unixEncoder) EncodeValue(p cond.Path, v any) (types.AttributeValue, bool, error) {
	e.calls = append(e.calls, p.String())
	if t, ok := v.(time.Time); ok && p.Root() == "ts" {
		return &types.AttributeValueMemberN{Value: strconv.Itoa(int(t.Unix()))}, true, nil
	}
	return nil, false, nil
}

func TestValueEncoder(t *testing.T) {
	enc := &unixEncoder{}
	b := cond.NewBuilder(enc)
	t0 := time.Unix(1000, 0)
	t1 := time.Unix(2000, 0)
	got, err := b.Condition(cond.And(
		cond.Name("ts").Between(t0, t1),
		cond.Name("ts").In(t0, t1),
		cond.Name("other").Eq(t0),
		cond.Name("ts").Size().Gt(1),
		cond.Name("ts").HasType(cond.TypeN),
		cond.Name("name").BeginsWith("ab"),
		cond.Name("set").Contains("x"),
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
	if v, err := b.Value(cond.Name("ts"), t1); err != nil || v != ":v9" {
		t.Errorf("Value = %q, %v", v, err)
	}
	if got := valuesList(b); got[9] != "N:2000" {
		t.Errorf("Value encoded %q", got[9])
	}
}

type numberPrefixEncoder struct{}

func (numberPrefixEncoder) EncodeValue(cond.Path, any) (types.AttributeValue, bool, error) {
	return &types.AttributeValueMemberN{Value: "1"}, true, nil
}

func TestBeginsWithEncoderMustGiveStringOrBinary(t *testing.T) {
	b := cond.NewBuilder(numberPrefixEncoder{})
	_, err := b.Condition(cond.Name("a").BeginsWith("x"))
	if !errors.Is(err, cond.ErrInvalidOperand) {
		t.Fatalf("error %v", err)
	}
}

func TestConcurrentRendering(t *testing.T) {
	shared := cond.And(cond.Name("a").Field("b").Eq("x"), cond.Or(cond.Name("c").In(1, 2, 3), cond.Name("d").Size().Lt(4)))
	want, err := cond.NewBuilder(nil).Condition(shared)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan string)
	for i := 0; i < 8; i++ {
		go func() {
			b := cond.NewBuilder(nil)
			var got string
			for j := 0; j < 200; j++ {
				b.Reset(nil)
				got, _ = b.Condition(shared.And(cond.Name("e").Exists()))
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
	comparisons := func(n int) cond.Expr {
		var c cond.Expr
		for i := range n {
			c = cond.And(c, cond.Name("attr"+strconv.Itoa(i)).Eq(i))
		}
		return c
	}
	fresh := cond.NewBuilder(nil).Retained()
	if fresh <= 0 || fresh > 1024 {
		t.Fatalf("a new Builder retains %d bytes, want its own few hundred", fresh)
	}
	small := cond.NewBuilder(nil)
	if _, err := small.Condition(comparisons(4)); err != nil {
		t.Fatal(err)
	}
	if got := small.Retained(); got != fresh {
		t.Errorf("a Builder that rendered 4 comparisons retains %d bytes, a new one %d: the usual request should fit the room it starts with", got, fresh)
	}
	for _, n := range []int{20, 100, 150} {
		b := cond.NewBuilder(nil)
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
