package model

import (
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/expr"
)

type plainModel struct {
	Model `ddb:"table=plain"`
	ID    string    `ddb:"pk" dynamodbav:"id"`
	At    time.Time `ddb:"sk" dynamodbav:"at"`
	Count int       `dynamodbav:"count"`
	Big   int64     `dynamodbav:"big"`
	Ratio float64   `dynamodbav:"ratio"`
	Text  string    `dynamodbav:"text,omitempty"`
	When  time.Time `dynamodbav:"when"`
	Code  int32     `dynamodbav:"code"`
	Tags  []string  `dynamodbav:"tags,stringset"`
	Nums  []int     `dynamodbav:"nums"`
	Blob  []byte    `dynamodbav:"blob"`
}

// TestElementValues: a lone string or int given for a list or set
// attribute (contains' operand) is what attributevalue makes of it, through
// EncodeScalar as without it; EncodeValue leaves it to the default rules.
func TestElementValues(t *testing.T) {
	m, err := Register[plainModel]()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		attr  string
		value any
		want  types.AttributeValue
		ok    bool
	}{
		{"tags", "fragile", &types.AttributeValueMemberS{Value: "fragile"}, true},
		{"nums", 42, &types.AttributeValueMemberN{Value: "42"}, true},
		{"nums", 2.5, nil, false},
		{"blob", "x", nil, false},
	} {
		_, _, ok := m.EncodeScalar(expr.Name(tc.attr), tc.value)
		if ok != tc.ok {
			t.Errorf("%s %v: EncodeScalar ok = %v", tc.attr, tc.value, ok)
		}
		if _, handled, _ := m.EncodeValue(expr.Name(tc.attr), tc.value); handled {
			t.Errorf("%s %v: EncodeValue handled an element", tc.attr, tc.value)
		}
		with, err1 := expr.NewBuilder(m).Encode(expr.Name(tc.attr), tc.value)
		without, err2 := expr.NewBuilder(nil).Encode(expr.Name(tc.attr), tc.value)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(with, without) {
			t.Errorf("%s %v: with the model %#v (%v), without %#v (%v)", tc.attr, tc.value, with, err1, without, err2)
		}
		if tc.want != nil && !reflect.DeepEqual(with, tc.want) {
			t.Errorf("%s %v: %#v, want %#v", tc.attr, tc.value, with, tc.want)
		}
	}
}

// TestPlainValuesEncodeAsTheirField holds the reflection-free encoding of
// lone values of plain types (EncodeScalar, and EncodeValue's fast path) to
// the field encoders it stands in for.
func TestPlainValuesEncodeAsTheirField(t *testing.T) {
	m, err := Register[plainModel]()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 5, 17, 8, 14, 3, 120, time.FixedZone("x", 3600))
	cases := []struct {
		attr  string
		value any
		plain bool
	}{
		{"id", "o-1", true},
		{"id", "", true},
		{"at", at, true},
		{"at", time.Time{}, true},
		{"count", 0, true},
		{"count", -42, true},
		{"count", math.MaxInt, true},
		{"big", int64(math.MinInt64), true},
		{"ratio", 2.5, true},
		{"ratio", 1e21, true},
		{"ratio", 1.0 / 3, true},
		{"ratio", math.Inf(1), true},
		{"text", "hello", true},
		{"when", at, false}, // not a key: stored as RFC 3339 by the field encoder
		{"code", int32(7), false},
	}
	for _, tc := range cases {
		i := m.byName[tc.attr]
		_, _, plain := m.EncodeScalar(expr.Name(tc.attr), tc.value)
		if plain != tc.plain {
			t.Errorf("%s %v: EncodeScalar ok = %v, want %v", tc.attr, tc.value, plain, tc.plain)
		}
		got, handled, err := m.EncodeValue(expr.Name(tc.attr), tc.value)
		if err != nil || !handled {
			t.Fatalf("%s %v: EncodeValue = %v, %v", tc.attr, tc.value, handled, err)
		}
		rv := reflect.ValueOf(tc.value)
		if rv.Type() != m.attrs[i].GoType {
			rv, err = convertTo(tc.value, m.attrs[i].GoType, RuleWrongKind)
			if err != nil {
				t.Fatal(err)
			}
		}
		want, err := encodeOne(m.enc[i].enc, rv)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s %v: EncodeValue = %#v, field encoder = %#v", tc.attr, tc.value, got, want)
		}
		// Through a Builder, which asks EncodeScalar first, the value
		// is the same; a number DynamoDB would refuse (the field encoder
		// writes +Inf as attributevalue does) is refused there.
		b := expr.NewBuilder(m)
		viaBuilder, err := b.Encode(expr.Name(tc.attr), tc.value)
		if f, ok := tc.value.(float64); ok && math.IsInf(f, 0) {
			if !errs.HasRule(err, expr.RuleInvalidNumber) {
				t.Errorf("%s %v: Builder.Encode = %#v, %v; want ErrInvalidNumber", tc.attr, tc.value, viaBuilder, err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(viaBuilder, want) {
			t.Errorf("%s %v: Builder.Encode = %#v, %v; field encoder = %#v", tc.attr, tc.value, viaBuilder, err, want)
		}
	}
}

type setElemsModel struct {
	Model `ddb:"table=sets"`
	ID    string   `ddb:"pk" dynamodbav:"id"`
	Tags  []string `dynamodbav:"tags,stringset"`
	Loose []string `dynamodbav:"loose,stringset,omitemptyelem"`
	List  []string `dynamodbav:"list"`
}

// TestStringSetElements: elements for a plain string set (set ADD/DELETE)
// come out as the reflection encoder writes them, a copy of the caller's
// slice; tagged sets and lists keep their own rules.
func TestStringSetElements(t *testing.T) {
	m, err := Register[setElemsModel]()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		attr  string
		value any
	}{
		{"tags", []string{"hold"}},
		{"tags", []string{"a", "b", "c"}},
		{"tags", []string{"a", "b", "c", "d"}},
		{"tags", []string{"a", "b", "c", "d", "e"}},
		{"tags", []string{""}},
		{"tags", []string{}},
		{"loose", []string{"a", "", "b"}},
		{"list", []string{"a", "b"}},
	} {
		info, err := m.ResolvePath(expr.Name(tc.attr))
		if err != nil {
			t.Fatal(err)
		}
		got, err := m.EncodeElems(&info, tc.value)
		if err != nil {
			t.Fatalf("%s %v: %v", tc.attr, tc.value, err)
		}
		want, err := encodeOne(encoderFor(info.GoType, info.elemOpts()), reflect.ValueOf(tc.value))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s %v: got %#v, want %#v", tc.attr, tc.value, got, want)
		}
		if ss, ok := got.(*types.AttributeValueMemberSS); ok {
			in := tc.value.([]string)
			if len(in) > 0 && &ss.Value[0] == &in[0] {
				t.Errorf("%s %v: the set shares the caller's slice", tc.attr, tc.value)
			}
		}
	}
}
