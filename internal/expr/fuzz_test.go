package expr_test

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dynamodel/dynamodel/internal/expr"
)

// allowedText matches expression text made only of placeholders, list
// indexes, operators, keywords and function names.
var allowedText = regexp.MustCompile(`^(?:#n[0-9]+|:v[0-9]+|\[[0-9]+\]|[ .,()]|=|<>|<=|>=|<|>|AND|OR|NOT|BETWEEN|IN|` +
	`attribute_exists|attribute_not_exists|attribute_type|begins_with|contains|size)*$`)

var placeholderRE = regexp.MustCompile(`[#:][nv][0-9]+`)

// FuzzConditionNames checks that no byte of an attribute name, whatever it
// is, reaches the expression text, and that the names map gives back the raw
// names.
func FuzzConditionNames(f *testing.F) {
	for _, seed := range []struct{ a, b string }{
		{"status", "name"},
		{"a.b", "c-d"},
		{"with space", "#n0"},
		{":v0", ")) OR ((x"},
		{"prénom", "日本語"},
		{"\x00\n\t", "\xff\xfe"},
		{"", "x"},
		{"a[0]", "size(a)"},
	} {
		f.Add(seed.a, seed.b)
	}
	f.Fuzz(func(t *testing.T, a, k string) { fuzzBody(t, a, k) })
}

func fuzzBody(t testing.TB, a, k string) {
	b := expr.NewBuilder(nil)
	text, err := b.Condition(fuzzExpr(a, k))
	valid := a != "" && k != "" && utf8.ValidString(a) && utf8.ValidString(k)
	if !valid {
		if ruleOf(err) != expr.RuleInvalidPath {
			t.Fatalf("names %q %q: error %v, want ErrInvalidPath", a, k, err)
		}
		if text != "" || b.Names() != nil || b.Values() != nil {
			t.Fatalf("failed build left %q %v %v", text, b.Names(), b.Values())
		}
		return
	}
	if err != nil {
		t.Fatalf("names %q %q: %v", a, k, err)
	}
	proj, err := b.Projection(expr.Name(a), expr.Name(k).Index(0))
	if a == k {
		if ruleOf(err) != expr.RuleOverlappingPaths {
			t.Fatalf("projection of %q and %q[0]: %v", a, k, err)
		}
	} else if err != nil {
		t.Fatalf("projection: %v", err)
	}
	for _, s := range []string{text, proj} {
		if !allowedText.MatchString(s) {
			t.Fatalf("names %q %q leak into %q", a, k, s)
		}
	}
	// The text must not depend on the names at all, only on which of
	// them are equal.
	ref1, ref2 := "A", "K"
	if a == k {
		ref2 = ref1
	}
	if want, _ := expr.NewBuilder(nil).Condition(fuzzExpr(ref1, ref2)); text != want {
		t.Fatalf("names %q %q rendered %q, plain names rendered %q", a, k, text, want)
	}

	names := b.Names()
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Fatalf("name %q registered twice: %v", n, names)
		}
		seen[n] = true
	}
	if !seen[a] || !seen[k] || len(names) != len(seen) || (a != k && len(names) != 2) || (a == k && len(names) != 1) {
		t.Fatalf("names map %q does not round-trip %q %q", names, a, k)
	}
	// Every placeholder used is defined and every defined one is used.
	values := b.Values()
	used := map[string]bool{}
	for _, ph := range placeholderRE.FindAllString(text+" "+proj, -1) {
		used[ph] = true
		if _, ok := names[ph]; !ok && strings.HasPrefix(ph, "#") {
			t.Fatalf("undefined %s in %q", ph, text)
		}
		if _, ok := values[ph]; !ok && strings.HasPrefix(ph, ":") {
			t.Fatalf("undefined %s in %q", ph, text)
		}
	}
	for ph := range names {
		if !used[ph] {
			t.Fatalf("unused %s", ph)
		}
	}
	for ph := range values {
		if !used[ph] {
			t.Fatalf("unused %s", ph)
		}
	}
}

// fuzzExpr uses the names a and k in every kind of position.
func fuzzExpr(a, k string) expr.Expr {
	return expr.And(
		expr.Name(a).Eq("v"),
		expr.Or(expr.Name(a).Field(k).Index(1).Exists(), expr.Name(k).NotExists()),
		expr.Not(expr.Name(a).Field(k).BeginsWith(k)),
		expr.Name(k).Size().Between(1, expr.Name(a)),
		expr.Name(a).In(a, k),
		expr.Name(a).HasType(expr.TypeS),
		expr.Name(k).Contains(expr.Name(a)),
	)
}
