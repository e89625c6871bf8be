package cond_test

import (
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/dynamodel/dynamodel/cond"
)

func TestPathString(t *testing.T) {
	for _, tc := range []struct {
		p    cond.Path
		want string
	}{
		{cond.Name("a"), "a"},
		{cond.Name("a").Field("b").Index(2).Field("c"), "a.b[2].c"},
		{cond.Name("first-name"), "first-name"},
		{cond.Name("prénom"), "prénom"},
		{cond.Name("a.b"), `"a.b"`},
		{cond.Name("a").Field("b.c"), `a."b.c"`},
		{cond.Name("with space"), `"with space"`},
		{cond.Name("l[0]"), `"l[0]"`},
		{cond.Name("\x00"), `"\x00"`},
		{cond.Name(""), `""`},
		{cond.Path{}, `""`},
		{cond.Name("l").Index(-1), "l[-1]"},
	} {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}

func TestPathAccessors(t *testing.T) {
	p := cond.Name("a").Field("b").Index(3)
	if p.Root() != "a" || !p.IsNested() || p.Depth() != 2 {
		t.Errorf("Root %q IsNested %v Depth %d", p.Root(), p.IsNested(), p.Depth())
	}
	if e := p.Elem(0); e.IsIndex || e.Name != "b" {
		t.Errorf("Elem(0) = %+v", e)
	}
	if e := p.Elem(1); !e.IsIndex || e.Index != 3 {
		t.Errorf("Elem(1) = %+v", e)
	}
	if cond.Name("a").IsNested() || cond.Name("a.b").IsNested() {
		t.Error("top-level path reported nested")
	}
	parent, ok := p.Parent()
	if !ok || parent.String() != "a.b" {
		t.Errorf("Parent = %v, %v", parent, ok)
	}
	grand, ok := parent.Parent()
	if !ok || !grand.Equal(cond.Name("a")) {
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
	base := cond.Name("a").Field("b")
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
	a := cond.Name("a")
	for _, tc := range []struct {
		p, q            cond.Path
		equal, overlaps bool
	}{
		{a, cond.Name("a"), true, true},
		{a, cond.Name("b"), false, false},
		{a, a.Field("b"), false, true},
		{a.Field("b"), a, false, true},
		{a.Field("b"), a.Field("c"), false, false},
		{a.Field("b"), a.Field("b"), true, true},
		{a.Index(0), a.Index(1), false, false},
		{a.Index(0), a.Index(0).Field("x"), false, true},
		{a.Field("0"), a.Index(0), false, false},
		{cond.Name("a.b"), a.Field("b"), false, false},
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
		p      cond.Path
		reason string // "" when valid
	}{
		{cond.Name("a"), ""},
		{cond.Name("a").Field("b").Index(0), ""},
		{cond.Name("a\x00b"), ""},
		{deepPath(cond.MaxPathDepth), ""},
		{cond.Name(""), "attribute name is empty"},
		{cond.Path{}, "attribute name is empty"},
		{cond.Name("a").Field(""), "map key name is empty"},
		{cond.Name("a").Index(-1), "negative list index"},
		{cond.Name("\xff"), "not valid UTF-8"},
		{cond.Name("a").Field("\xc3"), "not valid UTF-8"},
		{deepPath(cond.MaxPathDepth + 1), "more than 32 dereferences"},
	} {
		err := tc.p.Err()
		if tc.reason == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.p, err)
			}
			continue
		}
		var ce *cond.Error
		if !errors.Is(err, cond.ErrInvalidPath) || !errors.As(err, &ce) || ce.Op != "Path" || ce.Path != tc.p.String() {
			t.Errorf("%s: error %#v", tc.p, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.reason) {
			t.Errorf("%s: message %q lacks %q", tc.p, err, tc.reason)
		}
	}
}

func TestExprPaths(t *testing.T) {
	e := cond.And(
		cond.Name("a").Eq(cond.Name("b")),
		cond.Or(cond.Name("c").Field("d").Size().Gt(cond.Name("e").Size()), cond.Not(cond.Name("a").Exists())),
		cond.Name("f").In(1, cond.Name("g"), 3),
		cond.Name("h").Between(cond.Name("i"), 2),
		cond.Name("j").Contains(cond.Name("b")),
		cond.Name("k").BeginsWith("x"),
		cond.Name("l").HasType(cond.TypeS),
		cond.Name("m").Index(0).NotExists(),
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
		e    cond.Expr
		want string
	}{
		{cond.Name("a").Field("b").Eq("x"), `a.b = "x"`},
		{cond.Name("a").Ne(1), `a <> 1`},
		{cond.Name("a").Lt(1.5), `a < 1.5`},
		{cond.Name("a").Le(cond.Name("b")), `a <= b`},
		{cond.Name("a").Gt(cond.Name("b").Size()), `a > size(b)`},
		{cond.Name("a").Size().Ge(3), `size(a) >= 3`},
		{cond.Name("a").Between(1, 2), `a BETWEEN 1 AND 2`},
		{cond.Name("a").In("x", 2), `a IN ("x", 2)`},
		{cond.Name("a").In(), `a IN (<0 operands>)`},
		{cond.Name("a").Exists(), `attribute_exists(a)`},
		{cond.Name("a b").NotExists(), `attribute_not_exists("a b")`},
		{cond.Name("a").HasType(cond.TypeBool), `attribute_type(a, BOOL)`},
		{cond.Name("a").BeginsWith([]byte{1}), `begins_with(a, 0x01)`},
		{cond.Name("a").Contains(nil), `contains(a, NULL)`},
		{cond.Name("a").Eq(&types.AttributeValueMemberN{Value: "7"}), `a = 7`},
		{cond.Name("a").Eq(true), `a = true`},
		{cond.And(cond.Name("a").Eq(1), cond.Or(cond.Name("b").Eq(2), cond.Not(cond.Name("c").Exists()))),
			`a = 1 AND (b = 2 OR NOT (attribute_exists(c)))`},
		{cond.Or(cond.Name("a").Between(1, 2), cond.Name("b").Eq(2)), `(a BETWEEN 1 AND 2) OR b = 2`},
	} {
		if got := tc.e.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}

func TestErrorType(t *testing.T) {
	e := &cond.Error{Op: "Eq", Path: "a.b", Err: cond.ErrInvalidOperand}
	if e.Error() != "cond: Eq a.b: invalid operand" {
		t.Errorf("Error() = %q", e.Error())
	}
	if (&cond.Error{Op: "Condition", Err: cond.ErrExpressionTooLong}).Error() != "cond: Condition: expression too long" {
		t.Error("Error() without path")
	}
	if !errors.Is(e, cond.ErrInvalidOperand) || errors.Is(e, cond.ErrEncode) {
		t.Error("Unwrap")
	}
}

// Undeclared names the same stored attribute as Name, renders the same, and
// keeps its mark through every derived path; only Equal tells the two apart,
// so that a checked and an unchecked use of one path are never merged.
func TestUndeclaredPaths(t *testing.T) {
	derived := map[string]func(cond.Path) cond.Path{
		"top-level": func(p cond.Path) cond.Path { return p },
		"field":     func(p cond.Path) cond.Path { return p.Field("b") },
		"index":     func(p cond.Path) cond.Path { return p.Field("b").Index(2) },
		"parent": func(p cond.Path) cond.Path {
			q, _ := p.Field("b").Index(2).Parent()
			return q
		},
		"parent of one step": func(p cond.Path) cond.Path {
			q, _ := p.Field("b").Parent()
			return q
		},
	}
	for name, derive := range derived {
		u, n := derive(cond.Undeclared("a")), derive(cond.Name("a"))
		if !u.IsUndeclared() || n.IsUndeclared() {
			t.Errorf("%s: IsUndeclared %v and %v", name, u.IsUndeclared(), n.IsUndeclared())
		}
		if u.String() != n.String() || !u.Overlaps(n) || u.Equal(n) || !u.Equal(derive(cond.Undeclared("a"))) {
			t.Errorf("%s: %s vs %s: Overlaps %v Equal %v", name, u, n, u.Overlaps(n), u.Equal(n))
		}
		bu, bn := cond.NewBuilder(nil), cond.NewBuilder(nil)
		eu, err1 := bu.Condition(u.Eq(1))
		en, err2 := bn.Condition(n.Eq(1))
		if err1 != nil || err2 != nil || eu != en || !maps.Equal(bu.Names(), bn.Names()) {
			t.Errorf("%s: rendered %q %v and %q %v", name, eu, err1, en, err2)
		}
	}
	if err := cond.Undeclared("").Err(); !errors.Is(err, cond.ErrInvalidPath) {
		t.Errorf("empty undeclared name: %v", err)
	}
	// An expression naming one attribute both ways lists both paths.
	e := cond.Undeclared("x").Eq(1).And(cond.Name("x").Eq(2), cond.Undeclared("x").Ne(3))
	if got := e.Paths(); len(got) != 2 || !got[0].IsUndeclared() || got[1].IsUndeclared() {
		t.Errorf("Paths = %v", got)
	}
}
