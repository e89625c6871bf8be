package avequal

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestEqual(t *testing.T) {
	type av = types.AttributeValue
	s := func(v string) av { return &types.AttributeValueMemberS{Value: v} }
	n := func(v string) av { return &types.AttributeValueMemberN{Value: v} }
	m := func(kv ...any) av {
		out := map[string]av{}
		for i := 0; i < len(kv); i += 2 {
			out[kv[i].(string)] = kv[i+1].(av)
		}
		return &types.AttributeValueMemberM{Value: out}
	}
	l := func(vs ...av) av { return &types.AttributeValueMemberL{Value: vs} }
	cases := []struct {
		a, b av
		want bool
	}{
		{s("a"), s("a"), true},
		{s("a"), s("A"), false},
		{s("1"), n("1"), false},
		{n("1"), n("1.0"), true},
		{n("1"), n("10E-1"), true},
		{n("-0"), n("0"), true},
		{n("0.10"), n(".1"), true},
		{n("1e125"), n("1" + strings.Repeat("0", 125)), true},
		{n("1e124"), n("1" + strings.Repeat("0", 125)), false},
		{n("12345678901234567890123456789012345678"), n("12345678901234567890123456789012345679"), false},
		{n("1"), n("x"), false},
		{&types.AttributeValueMemberB{Value: []byte{1, 2}}, &types.AttributeValueMemberB{Value: []byte{1, 2}}, true},
		{&types.AttributeValueMemberB{Value: []byte{1, 2}}, &types.AttributeValueMemberB{Value: []byte{2, 1}}, false},
		{&types.AttributeValueMemberBOOL{Value: true}, &types.AttributeValueMemberBOOL{Value: true}, true},
		{&types.AttributeValueMemberBOOL{Value: true}, &types.AttributeValueMemberBOOL{Value: false}, false},
		{&types.AttributeValueMemberNULL{Value: true}, &types.AttributeValueMemberNULL{Value: true}, true},
		{&types.AttributeValueMemberNULL{Value: true}, &types.AttributeValueMemberBOOL{Value: false}, false},
		{l(n("1"), s("x")), l(n("1.0"), s("x")), true},
		{l(n("1"), s("x")), l(s("x"), n("1")), false}, // lists are ordered
		{l(n("1")), l(n("1"), n("1")), false},
		{m("a", n("2"), "b", l()), m("b", l(), "a", n("2.00")), true},
		{m("a", n("2")), m("a", n("2"), "b", s("")), false},
		{m("a", n("2")), m("b", n("2")), false},
		{&types.AttributeValueMemberSS{Value: []string{"a", "b", "c"}}, &types.AttributeValueMemberSS{Value: []string{"c", "a", "b"}}, true},
		{&types.AttributeValueMemberSS{Value: []string{"a", "b"}}, &types.AttributeValueMemberSS{Value: []string{"a", "c"}}, false},
		{&types.AttributeValueMemberNS{Value: []string{"1", "2.50"}}, &types.AttributeValueMemberNS{Value: []string{"2.5", "1.0"}}, true},
		{&types.AttributeValueMemberNS{Value: []string{"1", "2"}}, &types.AttributeValueMemberNS{Value: []string{"1", "3"}}, false},
		{&types.AttributeValueMemberBS{Value: [][]byte{{1}, {2}}}, &types.AttributeValueMemberBS{Value: [][]byte{{2}, {1}}}, true},
		{&types.AttributeValueMemberBS{Value: [][]byte{{1}}}, &types.AttributeValueMemberBS{Value: [][]byte{{1}, {2}}}, false},
		{&types.AttributeValueMemberSS{Value: []string{"1"}}, &types.AttributeValueMemberNS{Value: []string{"1"}}, false},
		{nil, nil, false},
		{s("a"), nil, false},
	}
	for i, c := range cases {
		if got := Equal(c.a, c.b); got != c.want {
			t.Errorf("case %d: Equal(%#v, %#v) = %v, want %v", i, c.a, c.b, got, c.want)
		}
		if c.b != nil {
			if got := Equal(c.b, c.a); got != c.want {
				t.Errorf("case %d: Equal is not symmetric", i)
			}
		}
	}
}

func TestItems(t *testing.T) {
	a := map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: "x"}, "n": &types.AttributeValueMemberN{Value: "5"}}
	b := map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: "x"}, "n": &types.AttributeValueMemberN{Value: "5.0"}}
	if !Items(a, b) || !Items(nil, map[string]types.AttributeValue{}) {
		t.Fatal("equal items reported different")
	}
	b["extra"] = &types.AttributeValueMemberS{Value: ""}
	if Items(a, b) || Items(b, a) {
		t.Fatal("an extra attribute went unnoticed")
	}
}
