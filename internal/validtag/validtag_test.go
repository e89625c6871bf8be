package validtag

import (
	"reflect"
	"slices"
	"testing"
)

func TestParse(t *testing.T) {
	cases := []struct {
		tag    string
		typ    reflect.Type
		values int
		oneOf  []string
		req    bool
	}{
		{"oneof=open picked shipped", reflect.TypeFor[string](), 3, []string{"open", "picked", "shipped"}, false},
		{"required,oneof='in stock' gone", reflect.TypeFor[string](), 2, []string{"in stock", "gone"}, true},
		{"min=1,max=5", reflect.TypeFor[int](), 5, nil, false},
		{"gte=0,lte=99", reflect.TypeFor[*int](), 100, nil, false},
		{"min=1,max=5", reflect.TypeFor[string](), 0, nil, false},
		{"boolean", reflect.TypeFor[string](), 2, nil, false},
		{"", reflect.TypeFor[bool](), 2, nil, false},
		{"required", reflect.TypeFor[string](), 0, nil, true},
		{"dive,oneof=a b", reflect.TypeFor[[]string](), 0, nil, false},
		{"oneof=a b|len=3", reflect.TypeFor[string](), 0, nil, false},
		{"eq=x", reflect.TypeFor[string](), 1, []string{"x"}, false},
	}
	for _, c := range cases {
		r := Parse(c.tag)
		if got := r.Values(c.typ); got != c.values {
			t.Errorf("%q on %s: %d values, want %d", c.tag, c.typ, got, c.values)
		}
		if !slices.Equal(r.OneOf, c.oneOf) || r.Required != c.req {
			t.Errorf("%q: oneof %q required %v, want %q %v", c.tag, r.OneOf, r.Required, c.oneOf, c.req)
		}
	}
}
