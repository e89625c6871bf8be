package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/itemsize"
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
	n := len(VersionAttribute) + itemsize.Number(strconv.Itoa(m.version))
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
	tbl := &Table{Meta: m, Name: "t"}
	in, err := tbl.PutInput(&stamped{ID: "c"}, WriteOpts{}, false)
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

type caseFields struct {
	ID    string `ddb:"pk" dynamodbav:"id"`
	Name  string
	Count int `dynamodbav:"count"`
}

// Attribute names that match no field exactly reach a field whose name
// differs only in case, as in attributevalue; an exact match wins.
func TestAttributeNamesMatchCaseInsensitively(t *testing.T) {
	m, err := Register[caseFields]()
	if err != nil {
		t.Fatal(err)
	}
	item := map[string]types.AttributeValue{
		"ID":    &types.AttributeValueMemberS{Value: "a"},
		"NAME":  &types.AttributeValueMemberS{Value: "n"},
		"Count": &types.AttributeValueMemberN{Value: "3"},
	}
	var want, got caseFields
	if err := attributevalue.UnmarshalMap(item, &want); err != nil {
		t.Fatal(err)
	}
	if err := m.Unmarshal(item, &got); err != nil {
		t.Fatal(err)
	}
	if got != want || got != (caseFields{ID: "a", Name: "n", Count: 3}) {
		t.Fatalf("Unmarshal = %+v, attributevalue %+v", got, want)
	}
	// Nested structs too.
	type outer struct{ In caseFields }
	nested := map[string]types.AttributeValue{"in": &types.AttributeValueMemberM{Value: item}}
	var wantOuter, gotOuter outer
	if err := attributevalue.UnmarshalMap(nested, &wantOuter); err != nil {
		t.Fatal(err)
	}
	if err := decodeForTest(nested, &gotOuter); err != nil || gotOuter != wantOuter {
		t.Fatalf("nested: %+v (%v), attributevalue %+v", gotOuter, err, wantOuter)
	}
	// With both spellings stored, the exact one is decoded.
	item["Name"] = &types.AttributeValueMemberS{Value: "exact"}
	if err := m.Unmarshal(item, &got); err != nil || got.Name != "exact" {
		t.Fatalf("with an exact match: %+v (%v)", got, err)
	}
}

type filled struct {
	ID    string `ddb:"pk" dynamodbav:"id"`
	Note  string
	List  []int
	Arr   [3]int
	Tags  map[string]string
	Inner *Inner
}

// Decoding starts from the zero value: nothing the target held before
// survives (a deliberate difference: attributevalue keeps absent fields,
// reuses slices, arrays and maps, and fills existing pointers).
func TestDecodingStartsFromTheZeroValue(t *testing.T) {
	m, err := Register[filled]()
	if err != nil {
		t.Fatal(err)
	}
	item := map[string]types.AttributeValue{
		"id":   &types.AttributeValueMemberS{Value: "a"},
		"List": &types.AttributeValueMemberL{},
		"Arr":  &types.AttributeValueMemberL{Value: []types.AttributeValue{&types.AttributeValueMemberN{Value: "7"}}},
		"Tags": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"k": &types.AttributeValueMemberS{Value: "v"}}},
		"Inner": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
			"A": &types.AttributeValueMemberS{Value: "new"},
		}},
	}
	want := filled{ID: "a", List: []int{}, Arr: [3]int{7}, Tags: map[string]string{"k": "v"}, Inner: &Inner{A: "new"}}
	old := func() *filled {
		return &filled{ID: "old", Note: "stale", List: []int{1, 2, 3}, Arr: [3]int{1, 2, 3}, Tags: map[string]string{"stale": "x"}, Inner: &Inner{A: "old", B: 9}}
	}
	for name, decode := range map[string]func(*filled) error{
		"Unmarshal":  func(out *filled) error { return m.Unmarshal(item, out) },
		"DecodeItem": func(out *filled) error { return m.DecodeItem("t", item, out, nil) },
	} {
		out := old()
		if err := decode(out); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(*out, want) {
			t.Errorf("%s into a filled value = %+v, want %+v", name, *out, want)
		}
	}
	// attributevalue keeps what the item does not overwrite: the
	// difference this test pins.
	out := old()
	if err := attributevalue.UnmarshalMap(item, out); err != nil {
		t.Fatal(err)
	}
	if out.Note != "stale" || out.Tags["stale"] != "x" || out.Inner.B != 9 || out.Arr != [3]int{7, 2, 3} {
		t.Errorf("attributevalue no longer keeps stale values (%+v): revisit the README's Decoding section", *out)
	}
}

// notAMap is an entity whose own marshaler returns something other than a
// map: attributevalue.MarshalMap silently makes an empty item of it; the
// codec refuses it (a deliberate difference).
type notAMap struct {
	ID string `ddb:"pk" dynamodbav:"id"`
}

func (notAMap) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberS{Value: "x"}, nil
}

func TestEntityMarshalerMustReturnAMap(t *testing.T) {
	m, err := Register[notAMap]()
	if err != nil {
		t.Fatal(err)
	}
	if item, err := attributevalue.MarshalMap(&notAMap{ID: "a"}); err != nil || len(item) != 0 {
		t.Fatalf("attributevalue: %v, %v; revisit the README's Encoding section", item, err)
	}
	_, err = m.Marshal(&notAMap{ID: "a"})
	if !errs.HasRule(err, RuleEncode) {
		t.Fatalf("Marshal: err = %v, want RuleEncode", err)
	}
	if _, err := m.EncodeItem("t", &notAMap{ID: "a"}); !errs.HasRule(err, RuleEncode) {
		t.Fatalf("EncodeItem: err = %v, want RuleEncode", err)
	}
}

type namedByte uint8

type hiddenOwner struct{ U string }

type withNilHidden struct {
	*hiddenOwner
	X int
}

type hiddenInt int

type withHiddenInt struct {
	ID string `ddb:"pk"`
	hiddenInt
}

// Inputs on which attributevalue panics: the codec never does. Slices of a
// named byte type are stored as B (and decode back); a field promoted
// through a nil pointer to an unexported struct, and an interface type
// that the stored value does not implement, are decode errors; an embedded
// unexported non-struct is refused at registration.
func TestWhereAttributeValuePanicsTheCodecDoesNot(t *testing.T) {
	panics := func(f func()) (p bool) {
		defer func() { p = recover() != nil }()
		f()
		return false
	}
	bytesIn := &struct{ B []namedByte }{B: []namedByte{1, 2}}
	if !panics(func() { _, _ = attributevalue.MarshalMap(bytesIn) }) {
		t.Log("attributevalue no longer panics on []namedByte: compare instead")
	}
	got, err := encodeForTest(bytesIn)
	want := map[string]types.AttributeValue{"B": &types.AttributeValueMemberB{Value: []byte{1, 2}}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("[]namedByte: %s (%v)", dump(got), err)
	}
	var back struct{ B []namedByte }
	if err := decodeForTest(got, &back); err != nil || !reflect.DeepEqual(back.B, bytesIn.B) {
		t.Fatalf("[]namedByte back: %v (%v)", back.B, err)
	}
	if err := attributevalue.UnmarshalMap(got, &back); err != nil || !reflect.DeepEqual(back.B, bytesIn.B) {
		t.Fatalf("attributevalue reads []namedByte back as %v (%v)", back.B, err)
	}

	promoted := map[string]types.AttributeValue{"U": &types.AttributeValueMemberS{Value: "u"}}
	if !panics(func() { _ = attributevalue.UnmarshalMap(promoted, new(withNilHidden)) }) {
		t.Log("attributevalue no longer panics on a nil unexported embedded pointer")
	}
	if err := decodeForTest(promoted, new(withNilHidden)); !errors.Is(err, ErrDecode) {
		t.Fatalf("nil unexported embedded pointer: err = %v, want ErrDecode", err)
	}

	stringer := map[string]types.AttributeValue{"S": &types.AttributeValueMemberS{Value: "x"}}
	if err := decodeForTest(stringer, new(struct{ S fmt.Stringer })); err == nil {
		t.Fatal("decoding S into a fmt.Stringer field succeeded")
	}

	_, err = Register[withHiddenInt]()
	var me *ModelError
	if !errors.As(err, &me) {
		t.Fatalf("Register with an embedded unexported int: err = %v, want a *ModelError", err)
	}
}

// Encoding follows attributevalue on shapes the generated tests found:
// empty maps whose key type it refuses per key, NaN float keys, sets whose
// elements reach an Unmarshaler through pointers, and pointers to
// interfaces.
func TestShapesFoundByTheGenerator(t *testing.T) {
	nilVal := ValMarshalerForTest("")
	var nilIface attributevalue.Marshaler
	encodes := map[string]any{
		"empty map with array keys":  &struct{ M map[[2]int]int }{M: map[[2]int]int{}},
		"empty map with struct keys": &struct{ M map[textKeyPtr]int }{M: map[textKeyPtr]int{}},
		"NaN keys":                   &struct{ M map[float64]int }{M: map[float64]int{math.NaN(): 1, 2: 3}},
		"NaN keys, omitemptyelem": &struct {
			M map[float64]int `dynamodbav:",omitemptyelem"`
		}{M: map[float64]int{math.NaN(): 1}},
		"pointer to a nil interface":   &struct{ P *attributevalue.Marshaler }{P: &nilIface},
		"pointer to a set interface":   &struct{ P *attributevalue.Marshaler }{P: ptrTo[attributevalue.Marshaler](nilVal)},
		"unnamed struct, value method": &struct{ S struct{ upperString } }{},
	}
	for name, in := range encodes {
		want, wantErr := attributevalue.MarshalMap(in)
		got, err := encodeForTest(in)
		if (err != nil) != (wantErr != nil) || (err == nil && !reflect.DeepEqual(got, want)) {
			t.Errorf("%s: ours %s (%v)\nattributevalue %s (%v)", name, dump(got), err, dump(want), wantErr)
		}
	}
	ns := map[string]types.AttributeValue{"S": &types.AttributeValueMemberNS{Value: []string{"1", "2"}}}
	type chain struct{ S []**ptrMarshaler }
	var want, got chain
	wantErr := attributevalue.UnmarshalMap(ns, &want)
	err := decodeForTest(ns, &got)
	if (err != nil) != (wantErr != nil) || (err == nil && !reflect.DeepEqual(got, want)) {
		t.Errorf("set into []**T: ours %+v (%v), attributevalue %+v (%v)", got, err, want, wantErr)
	}
}

type textKeyPtr struct{ A string }

func (k *textKeyPtr) MarshalText() ([]byte, error) { return []byte(k.A), nil }

// ValMarshalerForTest is a value-receiver marshaler.
type ValMarshalerForTest string

func (v ValMarshalerForTest) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberS{Value: "v" + string(v)}, nil
}
