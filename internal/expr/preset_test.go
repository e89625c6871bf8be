package expr_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/expr"
)

func TestPresetRegistersNamesFirst(t *testing.T) {
	p, err := expr.NewPreset("status", "a.b", "tenant")
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Projection(); got != "#n0, #n1, #n2" {
		t.Fatalf("Projection = %q", got)
	}
	b := expr.NewBuilder(nil)
	if err := b.Start(p); err != nil {
		t.Fatal(err)
	}
	// A name of the preset keeps its placeholder; a new one comes after.
	got, err := b.Condition(expr.And(expr.Name("tenant").Eq("acme"), expr.Name("weight").Gt(2)))
	if err != nil {
		t.Fatal(err)
	}
	if got != "#n2 = :v0 AND #n3 > :v1" {
		t.Fatalf("Condition = %q", got)
	}
	want := map[string]string{"#n0": "status", "#n1": "a.b", "#n2": "tenant", "#n3": "weight"}
	names := b.Names()
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("Names = %v, want %v", names, want)
	}
	// The map is the caller's: changing it changes neither the preset nor
	// later requests.
	names["#n0"] = "changed"
	b.Reset(nil)
	if err := b.Start(p); err != nil {
		t.Fatal(err)
	}
	if got := b.Names(); !reflect.DeepEqual(got, map[string]string{"#n0": "status", "#n1": "a.b", "#n2": "tenant"}) {
		t.Fatalf("Names after Reset and Start = %v", got)
	}
	if got := p.Names(); !reflect.DeepEqual(got, []string{"status", "a.b", "tenant"}) {
		t.Fatalf("Preset.Names = %v", got)
	}
}

func TestPresetMatchesProjection(t *testing.T) {
	// A preset gives what rendering the same names as a projection on a
	// new Builder gives, for few names and for more than the Builder keeps
	// in its first arrays.
	for _, n := range []int{1, 8, 17, 40} {
		names := make([]string, n)
		paths := make([]expr.Path, n)
		for i := range names {
			names[i] = fmt.Sprintf("attr-%d", i)
			paths[i] = expr.Name(names[i])
		}
		p, err := expr.NewPreset(names...)
		if err != nil {
			t.Fatal(err)
		}
		plain := expr.NewBuilder(nil)
		want, err := plain.Projection(paths...)
		if err != nil {
			t.Fatal(err)
		}
		started := expr.NewBuilder(nil)
		if err := started.Start(p); err != nil {
			t.Fatal(err)
		}
		if p.Projection() != want || !reflect.DeepEqual(started.Names(), plain.Names()) {
			t.Fatalf("%d names: preset %q %v, projection %q %v", n, p.Projection(), started.Names(), want, plain.Names())
		}
		// Names already registered are found again, past the point where
		// the Builder switches to an index.
		if ph := started.Name(names[n-1]); ph != fmt.Sprintf("#n%d", n-1) {
			t.Fatalf("%d names: Name(last) = %q", n, ph)
		}
		if started.NumNames() != n {
			t.Fatalf("%d names: NumNames = %d", n, started.NumNames())
		}
	}
}

func TestPresetRefusals(t *testing.T) {
	cases := []struct {
		name  string
		names []string
		want  errs.Rule
	}{
		{"empty name", []string{"a", ""}, expr.RuleInvalidPath},
		{"invalid UTF-8", []string{"\xff"}, expr.RuleInvalidPath},
		{"twice", []string{"a", "b", "a"}, expr.RuleOverlappingPaths},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := expr.NewPreset(tc.names...)
			var ce *errs.InputError
			if ruleOf(err) != tc.want || !errors.As(err, &ce) || ce.Op != "preset" || p != nil {
				t.Fatalf("NewPreset(%q) = %v, %v; want %v", tc.names, p, err, tc.want)
			}
		})
	}

	p, err := expr.NewPreset("a")
	if err != nil {
		t.Fatal(err)
	}
	b := expr.NewBuilder(nil)
	b.Name("x")
	if err := b.Start(p); ruleOf(err) != expr.RulePresetNotFirst {
		t.Fatalf("Start after a name = %v", err)
	}
	if b.NumNames() != 1 {
		t.Fatalf("a refused Start changed the Builder: %d names", b.NumNames())
	}
	b.Reset(nil)
	if _, err := b.Value(expr.Name("x"), 1); err != nil {
		t.Fatal(err)
	}
	if err := b.Start(p); ruleOf(err) != expr.RulePresetNotFirst {
		t.Fatalf("Start after a value = %v", err)
	}
	b.Reset(nil)
	if err := b.Start(p); err != nil {
		t.Fatal(err)
	}
	if err := b.Start(p); ruleOf(err) != expr.RulePresetNotFirst {
		t.Fatalf("Start twice = %v", err)
	}
}
