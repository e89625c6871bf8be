package model

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/go-playground/validator/v10"
)

// Each type below holds one rule on which a hand-written validator once
// disagreed with go-playground/validator. Validation must now give
// validator's verdict on each.

type regTimePtr struct {
	Model `ddb:"table=reg"`
	ID    string     `ddb:"pk" dynamodbav:"id"`
	At    *time.Time `validate:"required"`
}

type regSlicePtr struct {
	Model `ddb:"table=reg"`
	ID    string    `ddb:"pk" dynamodbav:"id"`
	Tags  *[]string `validate:"required"`
}

type regNilPtr struct {
	Model `ddb:"table=reg"`
	ID    string  `ddb:"pk" dynamodbav:"id"`
	N     *int    `validate:"omitempty,min=1"`
	S     *string `validate:"omitempty,required,min=2"`
}

type regFloat32 struct {
	Model `ddb:"table=reg"`
	ID    string  `ddb:"pk" dynamodbav:"id"`
	Ratio float32 `validate:"max=0.1"`
	Low   float32 `validate:"gte=0.3"`
}

type regOneOfInt struct {
	Model `ddb:"table=reg"`
	ID    string `ddb:"pk" dynamodbav:"id"`
	Level int    `validate:"oneof=05 7"`
}

type regOneOfSpace struct {
	Model `ddb:"table=reg"`
	ID    string `ddb:"pk" dynamodbav:"id"`
	// U+00A0 is whitespace to Unicode, not to validator.
	Status string `validate:"oneof=open shipped"`
}

type regEscapes struct {
	Model `ddb:"table=reg"`
	ID    string `ddb:"pk" dynamodbav:"id"`
	Pair  string `validate:"eq=a0x2Cb"`
	Alt   string `validate:"oneof=x0x7Cy z"`
}

// regCode validates as its upper-case form.
type regCode string

func (c regCode) ValidatorValue() any { return strings.ToUpper(string(c)) }

var _ validator.Valuer = regCode("")

type regValuer struct {
	Model `ddb:"table=reg"`
	ID    string  `ddb:"pk" dynamodbav:"id"`
	Code  regCode `validate:"oneof=AB CD"`
}

type regLine struct {
	SKU string `validate:"required,min=2"`
}

type regInterface struct {
	Model `ddb:"table=reg"`
	ID    string `ddb:"pk" dynamodbav:"id"`
	Any   any
}

type regSubTest struct {
	Email string `validate:"required,email"`
}

type regGeneric[T any] struct {
	Model `ddb:"table=reg"`
	ID    string `ddb:"pk" dynamodbav:"id"`
	Sub   T
}

// validatorFields is what go-playground/validator's Struct says about item
// (a *T of a struct type named name): the failing fields, below the type's
// name, with their rule and parameter.
func validatorFields(t *testing.T, item any) []string {
	t.Helper()
	err := validator.New(validator.WithRequiredStructEnabled()).Struct(item)
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		t.Fatalf("validator: %v", err)
	}
	prefix := reflect.TypeOf(item).Elem().Name() + "."
	var out []string
	for _, fe := range ves {
		out = append(out, strings.TrimPrefix(fe.StructNamespace(), prefix)+" "+fe.Tag()+"="+fe.Param())
	}
	return out
}

// libraryFields is what the model's validation says about item.
func libraryFields(t *testing.T, m *Meta, item any) []string {
	t.Helper()
	err := m.Validate("reg", item)
	if err == nil {
		return nil
	}
	var ve *ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, ErrValidation) {
		t.Fatalf("not a *ValidationError: %v", err)
	}
	if ve.Table != "reg" {
		t.Errorf("table %q, want reg", ve.Table)
	}
	// Field starts with the type's name, which validator spells out in
	// full for a generic type.
	prefix := m.goTypeName() + "."
	var out []string
	for _, f := range ve.Fields {
		if !strings.HasPrefix(f.Field, prefix) {
			t.Errorf("field %q does not start with %q", f.Field, prefix)
		}
		out = append(out, strings.TrimPrefix(f.Field, prefix)+" "+f.Tag+"="+f.Param)
	}
	return out
}

func mustMeta[T any](t *testing.T) *Meta {
	t.Helper()
	m, err := Register[T]()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestValidationIsValidators pins each rule a hand-written validator got
// wrong: the library's verdict and failing fields are validator's, and
// validator's verdict is the one stated.
func TestValidationIsValidators(t *testing.T) {
	zero := time.Time{}
	var nilSlice []string
	empty := ""
	cases := []struct {
		name  string
		meta  *Meta
		item  any
		valid bool
	}{
		{"required *time.Time at the zero time", mustMeta[regTimePtr](t), &regTimePtr{ID: "a", At: &zero}, true},
		{"required *[]T at a nil slice", mustMeta[regSlicePtr](t), &regSlicePtr{ID: "a", Tags: &nilSlice}, false},
		{"omitempty on nil pointers", mustMeta[regNilPtr](t), &regNilPtr{ID: "a"}, true},
		{"omitempty on a pointer to zero", mustMeta[regNilPtr](t), &regNilPtr{ID: "a", S: &empty}, false},
		{"float32 max=0.1 at float32(0.1)", mustMeta[regFloat32](t), &regFloat32{ID: "a", Ratio: 0.1, Low: 0.3}, true},
		{"integer oneof=05 at 5", mustMeta[regOneOfInt](t), &regOneOfInt{ID: "a", Level: 5}, false},
		{"oneof split on ASCII spaces only", mustMeta[regOneOfSpace](t), &regOneOfSpace{ID: "a", Status: "open"}, false},
		{"oneof keeps the no-break space", mustMeta[regOneOfSpace](t), &regOneOfSpace{ID: "a", Status: "open\u00a0shipped"}, true},
		{"0x2C and 0x7C escapes", mustMeta[regEscapes](t), &regEscapes{ID: "a", Pair: "a,b", Alt: "x|y"}, true},
		{"0x2C escape refuses the raw text", mustMeta[regEscapes](t), &regEscapes{ID: "a", Pair: "a0x2Cb", Alt: "z"}, false},
		{"validator.Valuer", mustMeta[regValuer](t), &regValuer{ID: "a", Code: "ab"}, true},
		{"validator.Valuer refuses", mustMeta[regValuer](t), &regValuer{ID: "a", Code: "AB "}, false},
		{"struct in an interface field", mustMeta[regInterface](t), &regInterface{ID: "a", Any: regLine{SKU: "x"}}, false},
		{"pointer to struct in an interface field", mustMeta[regInterface](t), &regInterface{ID: "a", Any: &regLine{}}, false},
		{"generic entity type", mustMeta[regGeneric[regSubTest]](t), &regGeneric[regSubTest]{ID: "a", Sub: regSubTest{Email: "nope"}}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := validatorFields(t, tc.item)
			if (want == nil) != tc.valid {
				t.Fatalf("validator says %v; the case expects valid=%v", want, tc.valid)
			}
			if got := libraryFields(t, tc.meta, tc.item); !reflect.DeepEqual(got, want) {
				t.Fatalf("library %q\nvalidator %q", got, want)
			}
		})
	}
}

// TestGenericEntityFieldPath: a generic type's name holds dots and
// brackets; failing fields are still named from the entity down.
func TestGenericEntityFieldPath(t *testing.T) {
	m := mustMeta[regGeneric[regSubTest]](t)
	err := m.Validate("reg", &regGeneric[regSubTest]{ID: "a", Sub: regSubTest{Email: "nope"}})
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 1 {
		t.Fatalf("error %v, want one failing field", err)
	}
	if f := ve.Fields[0]; f.Field != "regGeneric.Sub.Email" || f.Attribute != "Sub.Email" || f.Tag != "email" {
		t.Fatalf("field %+v, want regGeneric.Sub.Email (attribute Sub.Email) failing email", f)
	}
}

type regBase struct {
	Email string `dynamodbav:"email" validate:"email"`
}

type regEmbedded struct {
	Model `ddb:"table=reg"`
	ID    string `ddb:"pk" dynamodbav:"id"`
	regBase
	Name string `dynamodbav:"name" validate:"required"`
}

// TestProjectedReadChecksWhatWasRead: a projected read is validated on the
// attributes read, promoted ones included, and only on those.
func TestProjectedReadChecksWhatWasRead(t *testing.T) {
	m := mustMeta[regEmbedded](t)
	raw := map[string]types.AttributeValue{
		"id":    &types.AttributeValueMemberS{Value: "a"},
		"email": &types.AttributeValueMemberS{Value: "nope"},
	}
	var out regEmbedded
	err := m.Decode("reg", raw, &out, DecodeOptions{Projected: []string{"id", "email"}, NoMetadata: true})
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != "regEmbedded.regBase.Email" || ve.Fields[0].Attribute != "email" || !ve.Read {
		t.Fatalf("error %v, want the read's email (and not the unread name) failing", err)
	}
	raw["email"] = &types.AttributeValueMemberS{Value: "me@example.com"}
	if err := m.Decode("reg", raw, &out, DecodeOptions{Projected: []string{"id", "email"}, NoMetadata: true}); err != nil {
		t.Fatalf("a valid projection: %v", err)
	}
}
