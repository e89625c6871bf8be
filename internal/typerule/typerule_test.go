package typerule

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func item(t, sk string) map[string]types.AttributeValue {
	m := map[string]types.AttributeValue{"sk": &types.AttributeValueMemberS{Value: sk}}
	if t != "" {
		m[TypeAttribute] = &types.AttributeValueMemberS{Value: t}
	}
	return m
}

func TestCheck(t *testing.T) {
	unchecked := Rule{Type: "Order"}
	typed := Rule{Type: "Order", Checked: true}
	all := Rule{Type: "Order", Checked: true, Untyped: true}
	prefix := Rule{Type: "Order", Checked: true, Untyped: true, Attribute: "sk", Prefix: "ORDER#"}
	numberSK := map[string]types.AttributeValue{"sk": &types.AttributeValueMemberN{Value: "1"}}
	numberT := map[string]types.AttributeValue{TypeAttribute: &types.AttributeValueMemberN{Value: "1"}}
	for _, c := range []struct {
		name  string
		rule  Rule
		item  map[string]types.AttributeValue
		ok    bool
		found string
	}{
		{"unchecked reads anything", unchecked, item("Line", "LINE#1"), true, ""},
		{"same type", typed, item("Order", "x"), true, "Order"},
		{"other type", typed, item("Line", "x"), false, "Line"},
		{"untyped, not claimed", typed, item("", "ORDER#1"), false, ""},
		{"untyped, all", all, item("", "LINE#1"), true, ""},
		{"other type, all", all, item("Line", "ORDER#1"), false, "Line"},
		{"untyped, prefix matches", prefix, item("", "ORDER#1"), true, ""},
		{"untyped, prefix equal", prefix, item("", "ORDER#"), true, ""},
		{"untyped, prefix differs", prefix, item("", "LINE#1"), false, ""},
		{"untyped, no attribute", prefix, map[string]types.AttributeValue{}, false, ""},
		{"untyped, number attribute", prefix, numberSK, false, ""},
		{"_t not a string", all, numberT, false, ""},
	} {
		found, ok := c.rule.Check(c.item)
		if ok != c.ok || found != c.found {
			t.Errorf("%s: Check = %q, %v; want %q, %v", c.name, found, ok, c.found, c.ok)
		}
	}
}

func TestOverlaps(t *testing.T) {
	claim := func(attr, prefix string) Rule {
		return Rule{Type: "X", Checked: true, Untyped: true, Attribute: attr, Prefix: prefix}
	}
	for _, c := range []struct {
		a, b Rule
		want bool
	}{
		{claim("", ""), claim("sk", "A#"), true},
		{claim("", ""), claim("", ""), true},
		{claim("sk", "A#"), claim("sk", "B#"), false},
		{claim("sk", "A#"), claim("sk", "A#1"), true},
		{claim("sk", "A"), claim("sk", "AB"), true},
		{claim("sk", "A#"), claim("pk", "B#"), true},
		{claim("sk", "A#"), Rule{Type: "Y", Checked: true}, false},
		{claim("", ""), Rule{Type: "Y"}, false},
	} {
		if got := c.a.Overlaps(c.b); got != c.want {
			t.Errorf("%s overlaps %s = %v, want %v", c.a.Describe(), c.b.Describe(), got, c.want)
		}
		if got := c.b.Overlaps(c.a); got != c.want {
			t.Errorf("overlap of %s and %s is not symmetric", c.a.Describe(), c.b.Describe())
		}
	}
}

func TestFilter(t *testing.T) {
	for _, c := range []struct {
		rule Rule
		want string
	}{
		{Rule{Type: "Order"}, ""},
		{Rule{Type: "Order", Checked: true}, `_t = "Order"`},
		{Rule{Type: "Order", Checked: true, Untyped: true}, `_t = "Order" OR attribute_not_exists(_t)`},
		{Rule{Type: "Order", Checked: true, Untyped: true, Attribute: "sk", Prefix: "ORDER#"}, `_t = "Order" OR (attribute_not_exists(_t) AND begins_with(sk, "ORDER#"))`},
	} {
		f := c.rule.Filter()
		got := ""
		if !f.IsZero() {
			got = f.String()
		}
		if got != c.want {
			t.Errorf("Filter = %s, want %s", got, c.want)
		}
	}
}
