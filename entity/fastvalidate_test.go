package entity

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-playground/validator/v10"
)

type vLine struct {
	SKU   string  `validate:"required,min=2,max=8"`
	Qty   int     `validate:"min=1,max=99"`
	Price float64 `validate:"gte=0,lt=1000"`
}

type vInner struct {
	Code string `validate:"oneof=a bb ccc"`
	N    uint8  `validate:"ne=3"`
}

type vSink struct {
	Name    string    `validate:"required"`
	Status  string    `validate:"oneof=open shipped cancelled"`
	Email   string    `validate:"omitempty,min=3"`
	Count   int       `validate:"gte=0,lte=50"`
	Level   int8      `validate:"oneof=1 2 3"`
	Big     uint64    `validate:"gt=10"`
	Ratio   float32   `validate:"gt=0,max=1.5"`
	Flag    bool      `validate:"required"`
	When    time.Time `validate:"required"`
	Tags    []string  `validate:"max=3,dive,required,min=1"`
	Lines   []vLine   `validate:"required,min=1,dive"`
	Codes   [2]string `validate:"dive,omitempty,len=2"`
	Note    *string   `validate:"omitempty,max=5"`
	Must    *int      `validate:"required,gte=2"`
	Inner   vInner
	PInner  *vInner
	Exact   string `validate:"len=4"`
	Same    string `validate:"eq=x"`
	Other   string `validate:"ne=x"`
	NoRules map[string]string
	Free    string
	Skipped string `validate:"-"`
}

func fastNS(t *testing.T, v any) []string {
	t.Helper()
	p := fastPlanFor(reflect.TypeOf(v).Elem())
	if p == nil {
		t.Fatal("no compiled plan for the test type")
	}
	var out []string
	for _, f := range p.check(reflect.ValueOf(v).Elem(), nil) {
		out = append(out, f.ns+" "+f.tag+"="+f.param)
	}
	return out
}

func validatorNS(t *testing.T, val *validator.Validate, v any) []string {
	t.Helper()
	err := val.Struct(v)
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		t.Fatal(err)
	}
	var out []string
	for _, fe := range ves {
		_, ns, _ := strings.Cut(fe.StructNamespace(), ".")
		out = append(out, ns+" "+fe.Tag()+"="+fe.Param())
	}
	return out
}

// The compiled plan reports exactly what go-playground/validator reports.
func TestFastValidationMatchesValidator(t *testing.T) {
	val := validator.New(validator.WithRequiredStructEnabled())
	r := rand.New(rand.NewPCG(3, 4))
	pick := func(opts ...string) string { return opts[r.IntN(len(opts))] }
	for i := 0; i < 5000; i++ {
		var in vSink
		in.Name = pick("", "x")
		in.Status = pick("", "open", "lost", "shipped")
		in.Email = pick("", "ab", "abc@d")
		in.Count = r.IntN(60) - 5
		in.Level = int8(r.IntN(5))
		in.Big = uint64(r.IntN(20))
		in.Ratio = float32(r.IntN(4)) * 0.5
		in.Flag = r.IntN(2) == 0
		if r.IntN(2) == 0 {
			in.When = time.Unix(int64(r.IntN(1000)), 0)
		}
		for j := r.IntN(5); j > 0; j-- {
			in.Tags = append(in.Tags, pick("", "t", "tag"))
		}
		if r.IntN(4) == 0 {
			in.Lines = []vLine{}
		}
		for j := r.IntN(3); j > 0; j-- {
			in.Lines = append(in.Lines, vLine{SKU: pick("", "a", "ab", "abcdefghij"), Qty: r.IntN(120) - 5, Price: float64(r.IntN(3000)-100) / 2})
		}
		in.Codes = [2]string{pick("", "a", "ab"), pick("", "abc", "cd")}
		if r.IntN(2) == 0 {
			s := pick("", "abcdefg", "ok")
			in.Note = &s
		}
		if r.IntN(3) > 0 {
			n := r.IntN(4)
			in.Must = &n
		}
		in.Inner = vInner{Code: pick("", "a", "bb", "zz"), N: uint8(r.IntN(5))}
		if r.IntN(2) == 0 {
			in.PInner = &vInner{Code: pick("ccc", "q"), N: uint8(r.IntN(5))}
		}
		in.Exact = pick("", "abcd", "ab", "éééé")
		in.Same = pick("x", "y")
		in.Other = pick("x", "y")
		got, want := fastNS(t, &in), validatorNS(t, val, &in)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("value %+v\nfast:      %v\nvalidator: %v", in, got, want)
		}
	}
}

type (
	vCustom struct {
		A string `validate:"email"`
	}
	vEmbedded struct {
		vInner
		B string `validate:"required"`
	}
	vNilPtrRule struct {
		P *string `validate:"max=3"`
	}
	vMapRule struct {
		M map[string]int `validate:"required"`
	}
)

// Anything the plan does not cover goes to go-playground/validator.
func TestFastValidationFallsBack(t *testing.T) {
	for name, typ := range map[string]reflect.Type{
		"other rules":               reflect.TypeFor[vCustom](),
		"embedded struct":           reflect.TypeFor[vEmbedded](),
		"pointer without omitempty": reflect.TypeFor[vNilPtrRule](),
		"rules on a map":            reflect.TypeFor[vMapRule](),
	} {
		if fastPlanFor(typ) != nil {
			t.Errorf("%s: compiled, want the validator", name)
		}
	}
}

// A valid struct, nested structs and dived lists included, is checked
// without building any field name: validating a good item allocates
// nothing.
func TestFastValidationOfValidValueAllocatesNothing(t *testing.T) {
	note, must := "ok", 3
	in := vSink{
		Name: "x", Status: "open", Count: 1, Level: 2, Big: 11, Ratio: 1, Flag: true,
		When: time.Unix(1, 0), Tags: []string{"a", "bb"},
		Lines: []vLine{{SKU: "ab", Qty: 1, Price: 2}, {SKU: "cd", Qty: 2, Price: 3}},
		Codes: [2]string{"", "ab"}, Note: &note, Must: &must,
		Inner: vInner{Code: "a"}, PInner: &vInner{Code: "bb"}, Exact: "abcd", Same: "x", Other: "y",
	}
	p := fastPlanFor(reflect.TypeFor[vSink]())
	v := reflect.ValueOf(&in).Elem()
	if fails := p.check(v, nil); len(fails) != 0 {
		t.Fatalf("valid value failed: %+v", fails)
	}
	if n := testing.AllocsPerRun(100, func() { p.check(v, nil) }); n != 0 {
		t.Errorf("checking a valid value allocates %v times, want 0", n)
	}
}
