package expr_test

import (
	"errors"
	"maps"
	"math"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/expr"
	"github.com/dynamodel/dynamodel/internal/number"
)

func TestPathString(t *testing.T) {
	for _, tc := range []struct {
		p    expr.Path
		want string
	}{
		{expr.Name("a"), "a"},
		{expr.Name("a").Field("b").Index(2).Field("c"), "a.b[2].c"},
		{expr.Name("first-name"), "first-name"},
		{expr.Name("prénom"), "prénom"},
		{expr.Name("a.b"), `"a.b"`},
		{expr.Name("a").Field("b.c"), `a."b.c"`},
		{expr.Name("with space"), `"with space"`},
		{expr.Name("l[0]"), `"l[0]"`},
		{expr.Name("\x00"), `"\x00"`},
		{expr.Name(""), `""`},
		{expr.Path{}, `""`},
		{expr.Name("l").Index(-1), "l[-1]"},
	} {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}

func TestPathAccessors(t *testing.T) {
	p := expr.Name("a").Field("b").Index(3)
	if p.Root() != "a" || !p.IsNested() || p.Depth() != 2 {
		t.Errorf("Root %q IsNested %v Depth %d", p.Root(), p.IsNested(), p.Depth())
	}
	if e := p.Elem(0); e.IsIndex || e.Name != "b" {
		t.Errorf("Elem(0) = %+v", e)
	}
	if e := p.Elem(1); !e.IsIndex || e.Index != 3 {
		t.Errorf("Elem(1) = %+v", e)
	}
	if expr.Name("a").IsNested() || expr.Name("a.b").IsNested() {
		t.Error("top-level path reported nested")
	}
	parent, ok := p.Parent()
	if !ok || parent.String() != "a.b" {
		t.Errorf("Parent = %v, %v", parent, ok)
	}
	grand, ok := parent.Parent()
	if !ok || !grand.Equal(expr.Name("a")) {
		t.Errorf("grandparent = %v, %v", grand, ok)
	}
	if _, ok := grand.Parent(); ok {
		t.Error("top-level path has a parent")
	}
	// Deriving from a parent must not disturb siblings.
	c1 := parent.Field("c")
	c2 := parent.Field("d")
	if c1.String() != "a.b.c" || c2.String() != "a.b.d" || p.String() != "a.b[3]" {
		t.Errorf("derived paths interfere: %s %s %s", c1, c2, p)
	}
}

func TestPathImmutable(t *testing.T) {
	base := expr.Name("a").Field("b")
	x := base.Field("x")
	y := base.Field("y")
	z := base.Index(1)
	if x.String() != "a.b.x" || y.String() != "a.b.y" || z.String() != "a.b[1]" || base.String() != "a.b" {
		t.Fatalf("got %s %s %s %s", x, y, z, base)
	}
	copied := x
	_ = copied.Field("more")
	if x.String() != "a.b.x" {
		t.Fatalf("copy changed: %s", x)
	}
}

func TestPathEqualOverlaps(t *testing.T) {
	a := expr.Name("a")
	for _, tc := range []struct {
		p, q            expr.Path
		equal, overlaps bool
	}{
		{a, expr.Name("a"), true, true},
		{a, expr.Name("b"), false, false},
		{a, a.Field("b"), false, true},
		{a.Field("b"), a, false, true},
		{a.Field("b"), a.Field("c"), false, false},
		{a.Field("b"), a.Field("b"), true, true},
		{a.Index(0), a.Index(1), false, false},
		{a.Index(0), a.Index(0).Field("x"), false, true},
		{a.Field("0"), a.Index(0), false, false},
		{expr.Name("a.b"), a.Field("b"), false, false},
	} {
		if got := tc.p.Equal(tc.q); got != tc.equal {
			t.Errorf("%s Equal %s = %v", tc.p, tc.q, got)
		}
		if got := tc.p.Overlaps(tc.q); got != tc.overlaps {
			t.Errorf("%s Overlaps %s = %v", tc.p, tc.q, got)
		}
	}
}

func TestPathErr(t *testing.T) {
	for _, tc := range []struct {
		p      expr.Path
		reason string // "" when valid
	}{
		{expr.Name("a"), ""},
		{expr.Name("a").Field("b").Index(0), ""},
		{expr.Name("a\x00b"), ""},
		{deepPath(expr.MaxPathDepth), ""},
		{expr.Name(""), "attribute name is empty"},
		{expr.Path{}, "attribute name is empty"},
		{expr.Name("a").Field(""), "map key name is empty"},
		{expr.Name("a").Index(-1), "negative list index"},
		{expr.Name("\xff"), "not valid UTF-8"},
		{expr.Name("a").Field("\xc3"), "not valid UTF-8"},
		{deepPath(expr.MaxPathDepth + 1), "more than 32 dereferences"},
	} {
		err := tc.p.Err()
		if tc.reason == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.p, err)
			}
			continue
		}
		var ce *errs.InputError
		if ruleOf(err) != expr.RuleInvalidPath || !errors.As(err, &ce) || ce.Op != "attribute path" || ce.Attribute != tc.p.String() {
			t.Errorf("%s: error %#v", tc.p, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.reason) {
			t.Errorf("%s: message %q lacks %q", tc.p, err, tc.reason)
		}
	}
}

func TestExprPaths(t *testing.T) {
	e := expr.And(
		expr.Name("a").Eq(expr.Name("b")),
		expr.Or(expr.Name("c").Field("d").Size().Gt(expr.Name("e").Size()), expr.Not(expr.Name("a").Exists())),
		expr.Name("f").In(1, expr.Name("g"), 3),
		expr.Name("h").Between(expr.Name("i"), 2),
		expr.Name("j").Contains(expr.Name("b")),
		expr.Name("k").BeginsWith("x"),
		expr.Name("l").HasType(expr.TypeS),
		expr.Name("m").Index(0).NotExists(),
	)
	var got []string
	for _, p := range e.Paths() {
		got = append(got, p.String())
	}
	want := []string{"a", "b", "c.d", "e", "f", "g", "h", "i", "j", "k", "l", "m[0]"}
	if !equalStrings(got, want) {
		t.Errorf("Paths = %q, want %q", got, want)
	}
}

func TestExprString(t *testing.T) {
	for _, tc := range []struct {
		e    expr.Expr
		want string
	}{
		{expr.Name("a").Field("b").Eq("x"), `a.b = "x"`},
		{expr.Name("a").Ne(1), `a <> 1`},
		{expr.Name("a").Lt(1.5), `a < 1.5`},
		{expr.Name("a").Le(expr.Name("b")), `a <= b`},
		{expr.Name("a").Gt(expr.Name("b").Size()), `a > size(b)`},
		{expr.Name("a").Size().Ge(3), `size(a) >= 3`},
		{expr.Name("a").Between(1, 2), `a BETWEEN 1 AND 2`},
		{expr.Name("a").In("x", 2), `a IN ("x", 2)`},
		{expr.Name("a").In(), `a IN (<0 operands>)`},
		{expr.Name("a").Exists(), `attribute_exists(a)`},
		{expr.Name("a b").NotExists(), `attribute_not_exists("a b")`},
		{expr.Name("a").HasType(expr.TypeBool), `attribute_type(a, BOOL)`},
		{expr.Name("a").BeginsWith([]byte{1}), `begins_with(a, 0x01)`},
		{expr.Name("a").Contains(nil), `contains(a, NULL)`},
		{expr.Name("a").Eq(&types.AttributeValueMemberN{Value: "7"}), `a = 7`},
		{expr.Name("a").Eq(true), `a = true`},
		{expr.And(expr.Name("a").Eq(1), expr.Or(expr.Name("b").Eq(2), expr.Not(expr.Name("c").Exists()))),
			`a = 1 AND (b = 2 OR NOT (attribute_exists(c)))`},
		{expr.Or(expr.Name("a").Between(1, 2), expr.Name("b").Eq(2)), `(a BETWEEN 1 AND 2) OR b = 2`},
	} {
		if got := tc.e.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	_, err := expr.NewBuilder(nil).Condition(expr.Name("a").Field("b").BeginsWith(5))
	want := "dynamodel: invalid input to cond.Path.BeginsWith, attribute a.b (invalid-operand): the prefix must be a string or []byte, got int"
	if err == nil || err.Error() != want {
		t.Errorf("Error() = %v, want %s", err, want)
	}
	if ruleOf(err) != expr.RuleInvalidOperand {
		t.Errorf("rule of %v", err)
	}
	_, err = expr.NewBuilder(nil).Condition(expr.Name("n").Size().Gt(math.NaN()))
	var ie *errs.InputError
	if !errors.As(err, &ie) || ie.Op != "cond.Size.Gt" || ie.Rule != expr.RuleInvalidNumber || !errors.Is(err, number.ErrInvalid) {
		t.Errorf("NaN compared with a size: %v", err)
	}
}

// Undeclared names the same stored attribute as Name, renders the same, and
// keeps its mark through every derived path; only Equal tells the two apart,
// so that a checked and an unchecked use of one path are never merged.
func TestUndeclaredPaths(t *testing.T) {
	derived := map[string]func(expr.Path) expr.Path{
		"top-level": func(p expr.Path) expr.Path { return p },
		"field":     func(p expr.Path) expr.Path { return p.Field("b") },
		"index":     func(p expr.Path) expr.Path { return p.Field("b").Index(2) },
		"parent": func(p expr.Path) expr.Path {
			q, _ := p.Field("b").Index(2).Parent()
			return q
		},
		"parent of one step": func(p expr.Path) expr.Path {
			q, _ := p.Field("b").Parent()
			return q
		},
	}
	for name, derive := range derived {
		u, n := derive(expr.Undeclared("a")), derive(expr.Name("a"))
		if !u.IsUndeclared() || n.IsUndeclared() {
			t.Errorf("%s: IsUndeclared %v and %v", name, u.IsUndeclared(), n.IsUndeclared())
		}
		if u.String() != n.String() || !u.Overlaps(n) || u.Equal(n) || !u.Equal(derive(expr.Undeclared("a"))) {
			t.Errorf("%s: %s vs %s: Overlaps %v Equal %v", name, u, n, u.Overlaps(n), u.Equal(n))
		}
		bu, bn := expr.NewBuilder(nil), expr.NewBuilder(nil)
		eu, err1 := bu.Condition(u.Eq(1))
		en, err2 := bn.Condition(n.Eq(1))
		if err1 != nil || err2 != nil || eu != en || !maps.Equal(bu.Names(), bn.Names()) {
			t.Errorf("%s: rendered %q %v and %q %v", name, eu, err1, en, err2)
		}
	}
	if err := expr.Undeclared("").Err(); ruleOf(err) != expr.RuleInvalidPath {
		t.Errorf("empty undeclared name: %v", err)
	}
	// An expression naming one attribute both ways lists both paths.
	e := expr.Undeclared("x").Eq(1).And(expr.Name("x").Eq(2), expr.Undeclared("x").Ne(3))
	if got := e.Paths(); len(got) != 2 || !got[0].IsUndeclared() || got[1].IsUndeclared() {
		t.Errorf("Paths = %v", got)
	}
}
