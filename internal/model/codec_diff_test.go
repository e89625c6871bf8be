package model

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The tests in this file hold the codec to attributevalue: for the same
// struct and tags, encoding yields the same attribute map and decoding
// yields the same Go value.

type upperString string

func (u upperString) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberS{Value: "U:" + string(u)}, nil
}

func (u *upperString) UnmarshalDynamoDBAttributeValue(av types.AttributeValue) error {
	s, ok := av.(*types.AttributeValueMemberS)
	if !ok || len(s.Value) < 2 {
		return errors.New("upperString: want S")
	}
	*u = upperString(s.Value[2:])
	return nil
}

type ptrMarshaler struct{ N int }

func (p *ptrMarshaler) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberN{Value: strconv.Itoa(p.N * 10)}, nil
}

func (p *ptrMarshaler) UnmarshalDynamoDBAttributeValue(av types.AttributeValue) error {
	n, ok := av.(*types.AttributeValueMemberN)
	if !ok {
		return errors.New("ptrMarshaler: want N")
	}
	v, err := strconv.Atoi(n.Value)
	p.N = v / 10
	return err
}

type Inner struct {
	A string
	B int `dynamodbav:"b,omitempty"`
	C []string
	D *Inner
}

type Embedded struct {
	EmbeddedName string `dynamodbav:"embName"`
	Shadowed     string
}

type EmbeddedPtr struct {
	Deep int
}

type status string

type kitchenSink struct {
	Embedded
	*EmbeddedPtr
	Shadowed string

	Str       string
	StrOmit   string `dynamodbav:"strOmit,omitempty"`
	StrNull   string `dynamodbav:",nullempty"`
	Named     status
	Int       int
	Int8      int8
	Int16     int16
	Int32     int32
	Int64     int64 `dynamodbav:"i64"`
	Uint      uint
	Uint8     uint8
	Uint16    uint16
	Uint32    uint32
	Uint64    uint64
	F32       float32
	F64       float64
	IntAsStr  int `dynamodbav:",string"`
	Bool      bool
	BoolOmit  bool `dynamodbav:",omitempty"`
	Time      time.Time
	TimeOmit  time.Time `dynamodbav:",omitempty"`
	Unix      time.Time `dynamodbav:",unixtime"`
	TimePtr   *time.Time
	PtrStr    *string
	PtrInt    *int `dynamodbav:",omitempty"`
	PtrPtr    **int
	Bytes     []byte
	Array     [4]byte
	Strings   []string
	SS        []string `dynamodbav:",stringset"`
	SSOmit    []string `dynamodbav:",stringset,omitempty"`
	NS        []int    `dynamodbav:",numberset"`
	BS        [][]byte
	Ints      []int
	Floats    []float64 `dynamodbav:",omitemptyelem"`
	MapSS     map[string]string
	MapSI     map[string]int
	MapAny    map[string]any
	MapNested map[string]Inner
	MapOmit   map[string]string `dynamodbav:",omitemptyelem"`
	Nested    Inner
	NestedPtr *Inner
	Nesteds   []Inner
	Any       any
	Custom    upperString
	CustomP   ptrMarshaler
	Skip      string `dynamodbav:"-"`
	unexp     string
}

func sampleSink(seed int) kitchenSink {
	s := fmt.Sprint("v", seed)
	n := seed
	np := &n
	tm := time.Date(2025, 1, 2, 3, 4, 5, seed*1000, time.UTC)
	k := kitchenSink{
		Embedded:    Embedded{EmbeddedName: "emb" + s, Shadowed: "hidden"},
		EmbeddedPtr: &EmbeddedPtr{Deep: seed},
		Shadowed:    "visible",
		Str:         s, Named: status("open"),
		Int: seed, Int8: int8(seed), Int16: -300, Int32: 1 << 20, Int64: math.MaxInt64,
		Uint: 7, Uint8: 255, Uint16: 65535, Uint32: 1 << 31, Uint64: math.MaxUint64,
		F32: 1.25, F64: 3.14159265358979, IntAsStr: 42, Bool: true,
		Time: tm, Unix: tm, TimePtr: &tm, PtrStr: &s, PtrInt: np, PtrPtr: &np,
		Bytes: []byte{1, 2, 3}, Array: [4]byte{9, 8, 7, 6},
		Strings: []string{"a", "", "c"}, SS: []string{"x", "y"}, SSOmit: []string{},
		NS: []int{1, 2, 3}, BS: [][]byte{{1}, {2}},
		Ints: []int{}, Floats: []float64{0, 1.5, 0},
		MapSS:     map[string]string{"k": "v", "e": ""},
		MapSI:     map[string]int{"one": 1},
		MapAny:    map[string]any{"s": "x", "n": 1.5, "l": []any{"a", 2.0}, "m": map[string]any{"z": true}},
		MapNested: map[string]Inner{"i": {A: "in", C: []string{"q"}}},
		MapOmit:   map[string]string{"keep": "x", "drop": ""},
		Nested:    Inner{A: "a", B: 0, D: &Inner{A: "deep", B: 2}},
		Nesteds:   []Inner{{A: "1"}, {A: "2", B: 3}},
		Any:       map[string]any{"x": "y"},
		Custom:    "hello", CustomP: ptrMarshaler{N: 4},
		Skip: "never", unexp: "never",
	}
	return k
}

func encodeForTest(v any) (map[string]types.AttributeValue, error) {
	rv := reflect.ValueOf(v).Elem()
	return structPlan(rv.Type()).encode(newEncState(), rv, 0)
}

func decodeForTest(m map[string]types.AttributeValue, out any) error {
	rv := reflect.ValueOf(out).Elem()
	return structDecPlan(rv.Type()).decodeFromMap(m, rv)
}

func TestEncodeMatchesAttributeValue(t *testing.T) {
	cases := map[string]kitchenSink{
		"full":  sampleSink(3),
		"zero":  {},
		"other": sampleSink(-17),
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			want, wantErr := attributevalue.MarshalMap(&in)
			got, err := encodeForTest(&in)
			if (err != nil) != (wantErr != nil) {
				t.Fatalf("error mismatch: ours %v, attributevalue %v", err, wantErr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("encode mismatch\nours: %s\navm:  %s", dump(got), dump(want))
			}
		})
	}
}

func TestDecodeMatchesAttributeValue(t *testing.T) {
	for _, seed := range []int{0, 3, -17} {
		in := sampleSink(seed)
		if seed == 0 {
			in = kitchenSink{}
		}
		m, err := attributevalue.MarshalMap(&in)
		if err != nil {
			t.Fatal(err)
		}
		var want, got kitchenSink
		wantErr := attributevalue.UnmarshalMap(m, &want)
		gotErr := decodeForTest(m, &got)
		if (gotErr != nil) != (wantErr != nil) {
			t.Fatalf("seed %d: error mismatch: ours %v, attributevalue %v", seed, gotErr, wantErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d: decode mismatch\nours: %+v\navm:  %+v", seed, got, want)
		}
	}
}

func dump(m map[string]types.AttributeValue) string {
	out := ""
	for k, v := range m {
		out += fmt.Sprintf("%s=%s ", k, avString(v))
	}
	return out
}

func avString(v types.AttributeValue) string {
	switch x := v.(type) {
	case *types.AttributeValueMemberS:
		return strconv.Quote(x.Value)
	case *types.AttributeValueMemberN:
		return "N" + x.Value
	case *types.AttributeValueMemberM:
		return "{" + dump(x.Value) + "}"
	case *types.AttributeValueMemberL:
		s := "["
		for _, e := range x.Value {
			s += avString(e) + " "
		}
		return s + "]"
	}
	return fmt.Sprintf("%#v", v)
}

type hiddenLabels struct {
	Labels map[string]string `dynamodbav:"labels"`
}

type withHiddenLabels struct {
	ID string `dynamodbav:"id"`
	hiddenLabels
}

// String maps take a direct path: plain, empty and nil maps, one promoted
// from an unexported embedded struct, and one with an empty key (an error)
// come out as attributevalue has them.
func TestStringMapsMatchAttributeValue(t *testing.T) {
	for name, in := range map[string]any{
		"promoted through an unexported struct": &withHiddenLabels{ID: "a", hiddenLabels: hiddenLabels{Labels: map[string]string{"k": "v", "e": ""}}},
		"plain":                                 &struct{ M map[string]string }{M: map[string]string{"a": "1", "b": ""}},
		"empty":                                 &struct{ M map[string]string }{M: map[string]string{}},
		"nil":                                   &struct{ M map[string]string }{},
		"empty key":                             &struct{ M map[string]string }{M: map[string]string{"": "x"}},
	} {
		want, wantErr := attributevalue.MarshalMap(in)
		got, err := encodeForTest(in)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("%s: error mismatch: ours %v, attributevalue %v", name, err, wantErr)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("%s: encode mismatch\nours: %s\navm:  %s", name, dump(got), dump(want))
		}
	}
}
