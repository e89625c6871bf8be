package avdiff

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The types below cannot be built with reflect.StructOf, which adds no
// methods and no unexported fields: marshalers with value and pointer
// receivers, map keys with text methods, unexported and recursive
// embedding. The generator combines them with the shapes it builds.

// ValM marshals through a value receiver and unmarshals through a pointer.
type ValM string

// MarshalDynamoDBAttributeValue stores the string with a prefix.
func (v ValM) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberS{Value: "v:" + string(v)}, nil
}

// UnmarshalDynamoDBAttributeValue reads what MarshalDynamoDBAttributeValue stores.
func (v *ValM) UnmarshalDynamoDBAttributeValue(av types.AttributeValue) error {
	s, ok := av.(*types.AttributeValueMemberS)
	if !ok {
		return fmt.Errorf("ValM: want S, got %T", av)
	}
	*v = ValM(strings.TrimPrefix(s.Value, "v:"))
	return nil
}

// PtrM marshals through a pointer receiver and reads it, so a nil receiver
// panics, as most real marshalers do.
type PtrM struct{ N int }

// MarshalDynamoDBAttributeValue stores ten times N.
func (p *PtrM) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberN{Value: strconv.Itoa(p.N * 10)}, nil
}

// UnmarshalDynamoDBAttributeValue reads what MarshalDynamoDBAttributeValue stores.
func (p *PtrM) UnmarshalDynamoDBAttributeValue(av types.AttributeValue) error {
	n, ok := av.(*types.AttributeValueMemberN)
	if !ok {
		return fmt.Errorf("PtrM: want N, got %T", av)
	}
	v, err := strconv.Atoi(n.Value)
	p.N = v / 10
	return err
}

// UUID is an array with a pointer-receiver marshaler that returns its own
// memory, the way UUID types commonly do.
type UUID [4]byte

// MarshalDynamoDBAttributeValue stores the bytes of the array itself.
func (u *UUID) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberB{Value: u[:]}, nil
}

// UnmarshalDynamoDBAttributeValue reads four bytes.
func (u *UUID) UnmarshalDynamoDBAttributeValue(av types.AttributeValue) error {
	b, ok := av.(*types.AttributeValueMemberB)
	if !ok || len(b.Value) != len(u) {
		return errors.New("UUID: want 4 bytes")
	}
	copy(u[:], b.Value)
	return nil
}

// NilM's marshaler returns nothing, which leaves the value to the default
// rules.
type NilM struct {
	A int
	B string `dynamodbav:"b,omitempty"`
}

// MarshalDynamoDBAttributeValue returns nothing.
func (NilM) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) { return nil, nil }

// ErrM fails to marshal or unmarshal negative numbers.
type ErrM int

// MarshalDynamoDBAttributeValue fails for negative values.
func (e ErrM) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	if e < 0 {
		return nil, errors.New("ErrM: negative")
	}
	return &types.AttributeValueMemberN{Value: strconv.Itoa(int(e))}, nil
}

// UnmarshalDynamoDBAttributeValue fails for anything but a non-negative N.
func (e *ErrM) UnmarshalDynamoDBAttributeValue(av types.AttributeValue) error {
	n, ok := av.(*types.AttributeValueMemberN)
	if !ok {
		return errors.New("ErrM: want N")
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil || v < 0 {
		return errors.New("ErrM: want a non-negative whole number")
	}
	*e = ErrM(v)
	return nil
}

// UnmarshalOnly has an Unmarshaler and no Marshaler.
type UnmarshalOnly struct{ A string }

// UnmarshalDynamoDBAttributeValue takes any S.
func (u *UnmarshalOnly) UnmarshalDynamoDBAttributeValue(av types.AttributeValue) error {
	s, ok := av.(*types.AttributeValueMemberS)
	if !ok {
		return errors.New("UnmarshalOnly: want S")
	}
	u.A = s.Value
	return nil
}

// WholeV marshals itself as a whole map through a value receiver: as an
// item, it decides the item.
type WholeV struct {
	A string
	B int
}

// MarshalDynamoDBAttributeValue stores the fields under other names.
func (w WholeV) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
		"wa": &types.AttributeValueMemberS{Value: w.A},
		"wb": &types.AttributeValueMemberN{Value: strconv.Itoa(w.B)},
	}}, nil
}

// UnmarshalDynamoDBAttributeValue reads what MarshalDynamoDBAttributeValue stores.
func (w *WholeV) UnmarshalDynamoDBAttributeValue(av types.AttributeValue) error {
	m, ok := av.(*types.AttributeValueMemberM)
	if !ok {
		return errors.New("WholeV: want M")
	}
	a, _ := m.Value["wa"].(*types.AttributeValueMemberS)
	b, _ := m.Value["wb"].(*types.AttributeValueMemberN)
	if a == nil || b == nil {
		return errors.New("WholeV: wa and wb are required")
	}
	n, err := strconv.Atoi(b.Value)
	w.A, w.B = a.Value, n
	return err
}

// WholeP marshals itself as a whole map through a pointer receiver.
type WholeP struct {
	A string
	N int `dynamodbav:"-"`
}

// MarshalDynamoDBAttributeValue packs both fields into one string.
func (w *WholeP) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
		"packed": &types.AttributeValueMemberS{Value: w.A + "|" + strconv.Itoa(w.N)},
	}}, nil
}

// UnmarshalDynamoDBAttributeValue reads what MarshalDynamoDBAttributeValue stores.
func (w *WholeP) UnmarshalDynamoDBAttributeValue(av types.AttributeValue) error {
	m, ok := av.(*types.AttributeValueMemberM)
	if !ok {
		return errors.New("WholeP: want M")
	}
	p, _ := m.Value["packed"].(*types.AttributeValueMemberS)
	if p == nil {
		return errors.New("WholeP: packed is required")
	}
	a, n, _ := strings.Cut(p.Value, "|")
	w.A = a
	w.N, _ = strconv.Atoi(n)
	return nil
}

// TextKey is a map key with a value-receiver TextMarshaler and a
// pointer-receiver TextUnmarshaler.
type TextKey struct{ A, B string }

// MarshalText joins the two parts.
func (k TextKey) MarshalText() ([]byte, error) { return []byte(k.A + "/" + k.B), nil }

// UnmarshalText splits the two parts.
func (k *TextKey) UnmarshalText(b []byte) error {
	a, c, ok := strings.Cut(string(b), "/")
	if !ok {
		return errors.New("TextKey: want a/b")
	}
	k.A, k.B = a, c
	return nil
}

// PtrTextKey's TextMarshaler has a pointer receiver, which a map key (not
// addressable) never reaches.
type PtrTextKey struct{ A string }

// MarshalText returns A.
func (k *PtrTextKey) MarshalText() ([]byte, error) { return []byte(k.A), nil }

// Num is a string kind with the methods of json.Number: stored as N.
type Num string

// Float64 parses the number.
func (n Num) Float64() (float64, error) { return strconv.ParseFloat(string(n), 64) }

// Int64 parses the number.
func (n Num) Int64() (int64, error) { return strconv.ParseInt(string(n), 10, 64) }

// String returns the number's text.
func (n Num) String() string { return string(n) }

// Str is a string kind with a String method: fmt prints map keys with it.
type Str string

// String decorates the value.
func (s Str) String() string { return "<" + string(s) + ">" }

// Named versions of built-in types.
type (
	NString  string
	NInt     int
	NUint8   uint8
	NFloat   float64
	NBool    bool
	NBytes   []byte
	NTime    time.Time
	NStrings []string
	NMap     map[string]int
	NPtr     *int
	NAny     any
)

// Embedded structs: exported and not, by value and by pointer, recursive
// and mutually recursive.
type (
	// EmbA is embedded by value and by pointer.
	EmbA struct {
		A      string
		Shared int
		T      time.Time `dynamodbav:",omitempty"`
	}
	// EmbA2 clashes with EmbA on A.
	EmbA2 struct{ A string }
	// EmbB has a tagged field that wins a clash.
	EmbB struct {
		B      int `dynamodbav:"Shared"`
		Shared int
	}
	embU struct {
		U      string
		Shared int
	}
	// EmbRec embeds a pointer to itself.
	EmbRec struct {
		R int
		*EmbRec
	}
	// MutA and MutB embed pointers to each other.
	MutA struct {
		MA int
		*MutB
	}
	// MutB: see MutA.
	MutB struct {
		MB string
		*MutA
	}
	embRecU struct {
		RU int
		*embRecU
	}
	myInt int
)

// Struct types with embedding the generator cannot build.
type (
	S1 struct {
		EmbA
		*EmbB
		X int
	}
	S2 struct {
		embU
		EmbB
		Shared string
	}
	S3 struct {
		*embU
		Y int
	}
	S4 struct {
		EmbRec
		Z string
	}
	S5 struct {
		*MutA
		*MutB
	}
	S6 struct {
		embRecU
		W int
	}
	// S7 embeds a pointer-receiver marshaler: *S7 is a Marshaler.
	S7 struct {
		PtrM
		V int
	}
	// S8 embeds it by pointer: S8 itself is a Marshaler.
	S8 struct {
		*PtrM
		V int
	}
	// S9 embeds a value-receiver marshaler.
	S9 struct {
		ValM
		V int
	}
	// S10 names its embedded structs: they are fields, not flattened.
	S10 struct {
		EmbA `dynamodbav:"emb"`
		EmbB `dynamodbav:",omitempty"`
	}
	S11 struct {
		EmbA
		EmbA2
		C int
	}
	// S12 embeds an unexported non-struct: a field named myInt.
	S12 struct {
		myInt
		X int
	}
	S13 struct {
		*embRecU
		Q []S13 `dynamodbav:",omitempty"`
	}
)
