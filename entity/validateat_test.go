package entity

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/dynamodel/dynamodel/cond"
)

type vatModel struct {
	Model `ddb:"table=vat"`
	ID    string `ddb:"pk" dynamodbav:"id"`
}

// TestValidateAtFastMatchesValidator holds ValidateAt's compiled checks to
// go-playground/validator: for random values under each tag, both give the
// same failing fields, tags, parameters and values, or both pass.
func TestValidateAtFastMatchesValidator(t *testing.T) {
	m, err := Register[vatModel]()
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(7, 11))
	str := func() any {
		return []string{"", "a", "bb", "open", "shipped", "in_transit", "xxxxxxxxxxxx"}[r.IntN(7)]
	}
	num := func() any { return r.IntN(40) - 10 }
	cases := []struct {
		tag   string
		value func() any
	}{
		{"required", str},
		{"required,oneof=open shipped", str},
		{"omitempty,min=2,max=5", str},
		{"len=2", str},
		{"gte=0,lte=23", num},
		{"gt=3", func() any { return uint8(r.IntN(8)) }},
		{"min=1,max=99", func() any { return r.Float64()*200 - 50 }},
		{"ne=0", num},
		{"oneof=1 2 3", num},
		{"max=3", func() any { return make([]string, r.IntN(6)) }},
		{"required", func() any {
			if r.IntN(2) == 0 {
				return []int(nil)
			}
			return []int{}
		}},
		{"", func() any { return vLine{SKU: str().(string), Qty: num().(int), Price: r.Float64() * 2000} }},
		{"", func() any { return vInner{Code: str().(string), N: uint8(r.IntN(5))} }},
	}
	compiled := 0
	for _, tc := range cases {
		for range 200 {
			v := tc.value()
			fails, ok := m.fastValidateAt(&PathInfo{Validate: tc.tag}, v)
			if !ok {
				t.Fatalf("%q on %T: no compiled checks", tc.tag, v)
			}
			compiled++
			path := cond.Name("attr").Index(2)
			info := PathInfo{Attribute: Attribute{Name: "attr"}, Validate: tc.tag}
			fast := m.ValidateAt(path, &info, v)
			slow := m.validateAtSlow(path, &info, v)
			if (len(fails) == 0) != (fast == nil) {
				t.Fatalf("%q on %#v: failures %v but error %v", tc.tag, v, fails, fast)
			}
			if !reflect.DeepEqual(fieldsOf(t, fast), fieldsOf(t, slow)) {
				t.Fatalf("%q on %#v:\n compiled  %v\n validator %v", tc.tag, v, fieldsOf(t, fast), fieldsOf(t, slow))
			}
		}
	}
	t.Logf("%d values checked both ways", compiled)
}

func fieldsOf(t *testing.T, err error) []FieldError {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, ErrValidation) {
		t.Fatalf("not a *ValidationError: %v", err)
	}
	return ve.Fields
}

func TestValidateAtFallsBack(t *testing.T) {
	m, err := Register[vatModel]()
	if err != nil {
		t.Fatal(err)
	}
	s := "x"
	for _, tc := range []struct {
		tag string
		v   any
	}{
		{"required", &s},                        // a pointer
		{"dive,required", []string{"a"}},        // dive on a value
		{"email", "a@b.c"},                      // a rule not compiled
		{"required", struct{ M map[int]int }{}}, // required on a struct value
		{"", nil},
	} {
		if _, ok := m.fastValidateAt(&PathInfo{Validate: tc.tag}, tc.v); ok {
			t.Errorf("%q on %T: compiled, want go-playground/validator", tc.tag, tc.v)
		}
	}
}

// TestValidateElemsMatchesValidator holds ValidateElems' compiled checks to
// go-playground/validator applied element by element.
func TestValidateElemsMatchesValidator(t *testing.T) {
	m, err := Register[vatModel]()
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 5))
	path := cond.Name("lines")
	info := PathInfo{Attribute: Attribute{Name: "lines"}}
	for range 500 {
		lines := make([]vLine, r.IntN(4))
		for i := range lines {
			lines[i] = vLine{SKU: []string{"", "a", "ok", "too-long-sku"}[r.IntN(4)], Qty: r.IntN(120), Price: r.Float64() * 1200}
		}
		got := m.ValidateElems(path, &info, lines)
		var want error
		for i := range lines {
			if want = m.validateAtSlow(path.Index(i), &info, lines[i]); want != nil {
				break
			}
		}
		if !reflect.DeepEqual(fieldsOf(t, got), fieldsOf(t, want)) {
			t.Fatalf("%+v:\n compiled  %v\n validator %v", lines, fieldsOf(t, got), fieldsOf(t, want))
		}
	}
	// Elements without rules of their own, and what is not a slice.
	if err := m.ValidateElems(path, &info, []string{"", "x"}); err != nil {
		t.Fatalf("strings: %v", err)
	}
	if err := m.ValidateElems(path, &info, "x"); !errors.Is(err, ErrValidation) {
		t.Fatalf("not a slice: %v", err)
	}
}
