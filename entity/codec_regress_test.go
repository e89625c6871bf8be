package entity

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Regression tests for codec defects, each checked against what
// attributevalue does for the same input.

// uuid16 marshals itself through a pointer receiver, the way UUID types
// usually do.
type uuid16 [16]byte

func (u *uuid16) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberB{Value: u[:]}, nil
}

type uuidMapHolder struct {
	ID  string `ddb:"pk"`
	IDs map[string]uuid16
}

// A map value is not addressable: attributevalue does not call a
// pointer-receiver marshaler on it and encodes the array itself. Every
// entry keeps its own value.
func TestMapValuesWithPointerMarshalersKeepTheirOwnValue(t *testing.T) {
	in := &uuidMapHolder{ID: "a", IDs: map[string]uuid16{}}
	for i := range 20 {
		var u uuid16
		u[0], u[15] = byte(i), byte(100+i)
		in.IDs[strconv.Itoa(i)] = u
	}
	want, err := attributevalue.MarshalMap(in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := encodeForTest(in)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ours %s\nattributevalue %s", dump(got), dump(want))
	}
}

type recursiveEmbed struct {
	PK string `ddb:"pk"`
	*recursiveEmbed
	N int
}

type mutualA struct {
	PK string `ddb:"pk"`
	*MutualB
	A int
}

type MutualB struct {
	*mutualA
	B int
}

// A type that embeds a pointer to itself (directly or through another type)
// registers, and encodes and decodes as attributevalue does.
func TestRecursiveEmbeddedPointersRegister(t *testing.T) {
	t.Run("self", func(t *testing.T) {
		m, err := Register[recursiveEmbed]()
		if err != nil {
			t.Fatal(err)
		}
		in := &recursiveEmbed{PK: "p", N: 1, recursiveEmbed: &recursiveEmbed{PK: "q", N: 2}}
		checkMetaRoundTrip(t, m, in, new(recursiveEmbed))
	})
	t.Run("mutual", func(t *testing.T) {
		m, err := Register[mutualA]()
		if err != nil {
			t.Fatal(err)
		}
		in := &mutualA{PK: "p", A: 1, MutualB: &MutualB{B: 2, mutualA: &mutualA{PK: "inner"}}}
		checkMetaRoundTrip(t, m, in, new(mutualA))
	})
}

// checkMetaRoundTrip compares Meta.Marshal and Meta.Unmarshal with
// attributevalue's MarshalMap and UnmarshalMap.
func checkMetaRoundTrip(t *testing.T, m *Meta, in, out any) {
	t.Helper()
	want, wantErr := attributevalue.MarshalMap(in)
	got, err := m.Marshal(in)
	if (err != nil) != (wantErr != nil) || !reflect.DeepEqual(got, want) {
		t.Fatalf("Marshal: ours %s (%v)\nattributevalue %s (%v)", dump(got), err, dump(want), wantErr)
	}
	if err != nil {
		return
	}
	wantOut := reflect.New(reflect.TypeOf(out).Elem()).Interface()
	wantErr = attributevalue.UnmarshalMap(want, wantOut)
	err = m.Unmarshal(want, out)
	if (err != nil) != (wantErr != nil) || !reflect.DeepEqual(out, wantOut) {
		t.Fatalf("Unmarshal: ours %+v (%v)\nattributevalue %+v (%v)", out, err, wantOut, wantErr)
	}
}

// selfMarshaled implements both interfaces itself: attributevalue's
// MarshalMap and UnmarshalMap use them, and so must the codec.
type selfMarshaled struct {
	ID    string `ddb:"pk" dynamodbav:"id"`
	Value int    `dynamodbav:"-"`
}

func (s *selfMarshaled) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
		"id":     &types.AttributeValueMemberS{Value: s.ID},
		"packed": &types.AttributeValueMemberS{Value: fmt.Sprint(s.Value)},
	}}, nil
}

func (s *selfMarshaled) UnmarshalDynamoDBAttributeValue(av types.AttributeValue) error {
	m, ok := av.(*types.AttributeValueMemberM)
	if !ok {
		return errors.New("selfMarshaled: want a map")
	}
	id, _ := m.Value["id"].(*types.AttributeValueMemberS)
	packed, _ := m.Value["packed"].(*types.AttributeValueMemberS)
	if id == nil || packed == nil {
		return errors.New("selfMarshaled: id and packed are required")
	}
	s.ID = id.Value
	n, err := strconv.Atoi(packed.Value)
	s.Value = n
	return err
}

func TestEntityMarshalerIsUsed(t *testing.T) {
	m, err := Register[selfMarshaled]()
	if err != nil {
		t.Fatal(err)
	}
	in := &selfMarshaled{ID: "a", Value: 42}
	checkMetaRoundTrip(t, m, in, new(selfMarshaled))

	item, err := m.EncodeItem("t", in)
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := item["packed"].(*types.AttributeValueMemberS); !ok || p.Value != "42" {
		t.Fatalf("EncodeItem did not use the entity's marshaler: %s", dump(item))
	}
	var out selfMarshaled
	if err := m.DecodeItem("t", item, &out, nil); err != nil {
		t.Fatal(err)
	}
	if out != *in {
		t.Fatalf("DecodeItem = %+v, want %+v", out, *in)
	}
}

type stringAny struct {
	A  any  `dynamodbav:"a,string"`
	PA *any `dynamodbav:"pa,string"`
}

// `,string` reaches fields of interface type: S"123" decodes as the number
// 123 there, and S"abc" is an error.
func TestStringOptionOnInterfaceFields(t *testing.T) {
	for _, s := range []string{"123", "-1.5", "abc", ""} {
		item := map[string]types.AttributeValue{
			"a":  &types.AttributeValueMemberS{Value: s},
			"pa": &types.AttributeValueMemberS{Value: s},
		}
		var want, got stringAny
		wantErr := attributevalue.UnmarshalMap(item, &want)
		err := decodeForTest(item, &got)
		// After an error the value is not used: only the outcome counts.
		if (err != nil) != (wantErr != nil) || (err == nil && !reflect.DeepEqual(got, want)) {
			t.Errorf("S%q: ours %#v (%v), attributevalue %#v (%v)", s, got, err, want, wantErr)
		}
	}
}

type textKey struct{ A, B string }

func (k textKey) MarshalText() ([]byte, error) { return []byte(k.A + "/" + k.B), nil }

type anyKeyed struct {
	M map[any]int
}

// Map keys of interface type are encoded by their dynamic value:
// TextMarshalers by their text; anything else is refused.
func TestInterfaceMapKeys(t *testing.T) {
	for name, in := range map[string]*anyKeyed{
		"text marshalers": {M: map[any]int{textKey{"a", "b"}: 1, textKey{"c", "d"}: 2}},
		"a string":        {M: map[any]int{"s": 1}},
		"empty":           {M: map[any]int{}},
	} {
		want, wantErr := attributevalue.MarshalMap(in)
		got, err := encodeForTest(in)
		if (err != nil) != (wantErr != nil) || (err == nil && !reflect.DeepEqual(got, want)) {
			t.Errorf("%s: ours %s (%v)\nattributevalue %s (%v)", name, dump(got), err, dump(want), wantErr)
		}
	}
}

type typedNils struct {
	Any  any
	Map  map[string]any
	List []any
	PP   **ptrMarshaler
	PPO  **ptrMarshaler `dynamodbav:",omitempty,omitemptyelem"`
}

// A typed nil pointer whose type has a pointer-receiver marshaler, inside an
// interface or a double pointer, is NULL (attributevalue since v1.21.21;
// earlier versions panic).
func TestTypedNilMarshalersAreNull(t *testing.T) {
	var nilP *ptrMarshaler
	in := &typedNils{Any: nilP, Map: map[string]any{"x": nilP}, List: []any{nilP}, PP: &nilP, PPO: &nilP}
	null := &types.AttributeValueMemberNULL{Value: true}
	want := map[string]types.AttributeValue{
		"Any":  null,
		"Map":  &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"x": null}},
		"List": &types.AttributeValueMemberL{Value: []types.AttributeValue{null}},
		"PP":   null,
	}
	got, err := encodeForTest(in)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ours %s\nwant %s", dump(got), dump(want))
	}
}

type numberText string

func (n numberText) Float64() (float64, error) { return strconv.ParseFloat(string(n), 64) }
func (n numberText) Int64() (int64, error)     { return strconv.ParseInt(string(n), 10, 64) }
func (n numberText) String() string            { return string(n) }

type manyNumbers struct {
	ID   string `ddb:"pk" dynamodbav:"id"`
	JSON []json.Number
	Own  []numberText
}

// Numbers held in string kinds (json.Number and the like) count toward the
// item size like every other number: an item over 400 KB is refused.
func TestNumberStringsCountTowardTheItemSize(t *testing.T) {
	m, err := Register[manyNumbers]()
	if err != nil {
		t.Fatal(err)
	}
	digits := strings.Repeat("7", 38)
	for _, which := range []string{"json.Number", "own number type"} {
		in := &manyNumbers{ID: "a"}
		for range 25000 { // 25,000 × (19 + 1 + 1) bytes ≈ 512 KB
			if which == "json.Number" {
				in.JSON = append(in.JSON, json.Number(digits))
			} else {
				in.Own = append(in.Own, numberText(digits))
			}
		}
		_, err := m.EncodeItem("t", in)
		var se *SizeError
		if !errors.Is(err, ErrItemTooLarge) || !errors.As(err, &se) {
			t.Fatalf("%s: err = %v, want ErrItemTooLarge", which, err)
		}
		item, _ := m.Marshal(in)
		if se.Size != ItemSize(item)+m.metadataSizeForTest() {
			t.Errorf("%s: reported size %d, the item's size is %d", which, se.Size, ItemSize(item)+m.metadataSizeForTest())
		}
	}
}

// metadataSizeForTest is the size of the metadata attributes EncodeItem adds.
func (m *Meta) metadataSizeForTest() int {
	n := len(VersionAttribute) + numberSize(strconv.Itoa(m.version))
	if m.stamp {
		n += len(TypeAttribute) + len(m.typeName)
	}
	return n
}

type stamped struct {
	Model `ddb:"table=t,type=Stamped,version=3"`
	ID    string `ddb:"pk" dynamodbav:"id"`
}

// Every encoded item has its own metadata values: editing one item must
// not change another.
func TestItemsDoNotShareMetadataValues(t *testing.T) {
	m, err := Register[stamped]()
	if err != nil {
		t.Fatal(err)
	}
	first, err := m.EncodeItem("t", &stamped{ID: "a"})
	if err != nil {
		t.Fatal(err)
	}
	second, err := m.EncodeItem("t", &stamped{ID: "b"})
	if err != nil {
		t.Fatal(err)
	}
	first[VersionAttribute].(*types.AttributeValueMemberN).Value = "99"
	first[TypeAttribute].(*types.AttributeValueMemberS).Value = "Other"
	if v := second[VersionAttribute].(*types.AttributeValueMemberN).Value; v != "3" {
		t.Errorf("editing one item's version changed another's to %s", v)
	}
	if v := second[TypeAttribute].(*types.AttributeValueMemberS).Value; v != "Stamped" {
		t.Errorf("editing one item's type changed another's to %s", v)
	}
	tbl, err := NewTable[stamped]((*dynamodb.Client)(nil))
	if err != nil {
		t.Fatal(err)
	}
	in, err := tbl.PutInput(&stamped{ID: "c"})
	if err != nil {
		t.Fatal(err)
	}
	if in.Item[VersionAttribute] == second[VersionAttribute] || in.Item[TypeAttribute] == second[TypeAttribute] {
		t.Error("PutInput shares metadata values with EncodeItem")
	}
}

// A panic while a type's codec is compiled is reported to every caller; no
// later caller waits forever for a codec that will never be finished.
func TestCodecCompilePanicDoesNotHang(t *testing.T) {
	var c codecCache[func() int]
	key := codecKey{t: reflect.TypeFor[int]()}
	build := func() func() int { panic("compile failed") }
	var wg sync.WaitGroup
	panics := make(chan any, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { panics <- recover() }()
			c.get(key, build)()
		}()
	}
	wg.Wait() // a deadlock here fails the test by timing out the binary
	close(panics)
	for r := range panics {
		if r == nil {
			t.Error("a caller did not see the compile panic")
		}
	}
	// The same holds for codecs that reach themselves while compiling.
	var self codecCache[func() int]
	var get func() func() int
	get = self.get(key, func() func() int {
		inner := get // resolved only when called, after compilation
		_ = inner
		panic("compile failed")
	})
	for range 2 {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("a later use did not report the compile panic")
				}
			}()
			get()
		}()
	}
}
