package model

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-playground/validator/v10"

	"github.com/dynamodel/dynamodel/internal/expr"
)

// The differential test below builds entity types field by field (type ×
// validate tag), fills them with values, and holds the library's verdict
// to go-playground/validator's Struct on the same value: for whole items,
// and for partial writes (the verdict on a value written at a path equals
// Struct's on an item holding that value there, counting only the failures
// at that place).

type diffInner struct {
	Code string `validate:"required,min=2"`
	N    int    `validate:"gte=0,lte=3"`
}

// diffUpper validates as its upper-case form (validator.Valuer).
type diffUpper string

func (u diffUpper) ValidatorValue() any { return strings.ToUpper(string(u)) }

// diffKind is one Go type with the values and validate tags tried on it.
type diffKind struct {
	typ    reflect.Type
	values []any // of typ; nil means the zero value
	tags   []string
	// custom: tags that need the custom validator (rules "even", "shout").
	custom []string
}

func ptrTo[T any](v T) *T { return &v }

func diffKinds() []diffKind {
	strs := []any{"", "a", "ab", "abc", "open", "x y", "me@example.com", "ÄÖÜ", "a,b", "0x2C", "shipped", "hello world"}
	strTags := []string{"", "required", "omitempty", "min=2", "max=3", "len=2", "omitempty,min=2", "required,max=5",
		"oneof=open shipped", "oneof='x y' a", "email", "omitempty,email", "alpha", "alphanum", "eq=ab", "ne=ab",
		"eq=a0x2Cb", "startswith=a", "contains=@", "excludesall=0x2C", "min=1|eq=", "gt=1,lt=4", "printascii"}
	ints := []any{0, 1, 5, -1, 10, 200}
	intTags := []string{"", "required", "omitempty", "min=1", "max=10", "gt=0,lt=100", "oneof=1 5 05", "oneof=05",
		"eq=5", "ne=0", "omitempty,min=5", "required,gte=-1", "lte=0x0A", "min=1|max=-1"}
	floats64 := []any{0.0, 0.1, 0.3, -0.5, 1.5, 100.0}
	floatTags := []string{"", "max=0.1", "gte=0.3", "gt=0", "lt=1.5", "required", "omitempty,min=0.1", "eq=0.1", "ne=0"}
	f32 := make([]any, len(floats64))
	for i, f := range floats64 {
		f32[i] = float32(f.(float64))
	}
	i8 := []any{int8(0), int8(1), int8(5), int8(-1), int8(127)}
	u16 := []any{uint16(0), uint16(1), uint16(5), uint16(65535)}
	ptrStr := []any{(*string)(nil), ptrTo(""), ptrTo("ab"), ptrTo("open"), ptrTo("a")}
	ptrPtrStr := []any{(**string)(nil), ptrTo((*string)(nil)), ptrTo(ptrTo("")), ptrTo(ptrTo("abc"))}
	ptrInt := []any{(*int)(nil), ptrTo(0), ptrTo(5), ptrTo(-1)}
	ptrF32 := []any{(*float32)(nil), ptrTo(float32(0.1)), ptrTo(float32(0.5))}
	zeroTime := time.Time{}
	someTime := time.Date(2024, 5, 17, 8, 14, 0, 0, time.UTC)
	nilStrs := []string(nil)
	sliceStr := []any{[]string(nil), []string{}, []string{""}, []string{"a"}, []string{"ab", "open"}, []string{"ab", "", "abc"}, []string{"open", "shipped", "x"}}
	sliceTags := []string{"", "required", "min=1", "max=2", "dive,required", "dive,min=2", "omitempty,dive,oneof=open shipped",
		"required,dive,required,min=2", "min=2,dive,required", "dive,required,min=2", "omitempty,max=2,dive,max=3", "dive,email"}
	inners := []any{diffInner{}, diffInner{Code: "ab", N: 1}, diffInner{Code: "a", N: 9}}
	innerPtrs := []any{(*diffInner)(nil), &diffInner{}, &diffInner{Code: "abc", N: 2}, &diffInner{Code: "x"}}
	return []diffKind{
		{typ: reflect.TypeFor[string](), values: strs, tags: strTags, custom: []string{"shout", "omitempty,shout", "shout|len=1"}},
		{typ: reflect.TypeFor[int](), values: ints, tags: intTags, custom: []string{"even", "omitempty,even", "even,min=2"}},
		{typ: reflect.TypeFor[int8](), values: i8, tags: intTags},
		{typ: reflect.TypeFor[uint16](), values: u16, tags: []string{"", "required", "max=10", "oneof=1 5", "gt=0"}},
		{typ: reflect.TypeFor[float64](), values: floats64, tags: floatTags},
		{typ: reflect.TypeFor[float32](), values: f32, tags: floatTags},
		{typ: reflect.TypeFor[bool](), values: []any{false, true}, tags: []string{"", "required", "eq=true"}},
		{typ: reflect.TypeFor[*string](), values: ptrStr, tags: []string{"", "required", "omitempty", "omitempty,min=2", "omitempty,required,min=2", "required,max=3", "omitnil,min=1", "min=1"}},
		{typ: reflect.TypeFor[**string](), values: ptrPtrStr, tags: []string{"", "required", "omitempty,min=2", "required,min=1"}},
		{typ: reflect.TypeFor[*int](), values: ptrInt, tags: []string{"", "required", "omitempty,min=1", "omitempty,required,gt=0", "oneof=0 5"}, custom: []string{"omitempty,even"}},
		{typ: reflect.TypeFor[*float32](), values: ptrF32, tags: []string{"", "required", "omitempty,max=0.1"}},
		{typ: reflect.TypeFor[diffUpper](), values: []any{diffUpper(""), diffUpper("ab"), diffUpper("AB"), diffUpper("cd ")}, tags: []string{"", "required", "oneof=AB CD", "alpha"}},
		{typ: reflect.TypeFor[time.Time](), values: []any{zeroTime, someTime}, tags: []string{"", "required", "omitempty"}},
		{typ: reflect.TypeFor[*time.Time](), values: []any{(*time.Time)(nil), &zeroTime, &someTime}, tags: []string{"", "required", "omitempty"}},
		{typ: reflect.TypeFor[[]string](), values: sliceStr, tags: sliceTags, custom: []string{"dive,shout", "min=1,dive,omitempty,shout"}},
		{typ: reflect.TypeFor[*[]string](), values: []any{(*[]string)(nil), &nilStrs, &[]string{""}, &[]string{"ab"}}, tags: []string{"", "required", "omitempty,dive,required", "dive,min=2"}},
		{typ: reflect.TypeFor[[2]string](), values: []any{[2]string{}, [2]string{"ab", ""}, [2]string{"ab", "open"}}, tags: []string{"", "dive,required", "dive,omitempty,min=2"}},
		{typ: reflect.TypeFor[[]int](), values: []any{[]int(nil), []int{0}, []int{1, 5}, []int{-1, 200}}, tags: []string{"", "required", "dive,min=1", "dive,oneof=1 5", "max=1,dive,gte=0"}, custom: []string{"dive,even"}},
		{typ: reflect.TypeFor[[][]int](), values: []any{[][]int(nil), [][]int{{}}, [][]int{{1}, {0, 2}}, [][]int{{5}}}, tags: []string{"", "dive,required", "dive,dive,min=1", "dive,min=1,dive,max=4"}},
		{typ: reflect.TypeFor[map[string]string](), values: []any{map[string]string(nil), map[string]string{}, map[string]string{"k": ""}, map[string]string{"kk": "v"}, map[string]string{"kk": "ab", "x": "open"}},
			tags: []string{"", "required", "min=1", "dive,required", "dive,keys,min=2,endkeys,required", "dive,keys,len=1,endkeys", "min=1,dive,keys,required,endkeys,min=2", "dive,keys,alpha,endkeys,oneof=v ab"}},
		{typ: reflect.TypeFor[map[string]int](), values: []any{map[string]int{"a": 0}, map[string]int{"ab": 5, "c": -1}}, tags: []string{"", "dive,min=1", "dive,keys,min=2,endkeys,gte=0"}},
		{typ: reflect.TypeFor[diffInner](), values: inners, tags: []string{"", "required", "omitempty"}},
		{typ: reflect.TypeFor[*diffInner](), values: innerPtrs, tags: []string{"", "required", "omitempty"}},
		{typ: reflect.TypeFor[[]diffInner](), values: []any{[]diffInner(nil), []diffInner{{}}, []diffInner{{Code: "ab"}, {Code: "a", N: 7}}}, tags: []string{"", "dive", "required,dive", "min=2,dive", "dive,required"}},
		{typ: reflect.TypeFor[[]*diffInner](), values: []any{[]*diffInner{nil}, []*diffInner{{Code: "ab"}}, []*diffInner{{}}}, tags: []string{"", "dive", "dive,required", "dive,omitempty"}},
		{typ: reflect.TypeFor[map[string]diffInner](), values: []any{map[string]diffInner{"k": {}}, map[string]diffInner{"kk": {Code: "ab"}}}, tags: []string{"", "dive", "dive,keys,min=2,endkeys"}},
		{typ: reflect.TypeFor[any](), values: []any{nil, "x", diffInner{}, &diffInner{Code: "ab"}, diffInner{Code: "abc"}, []diffInner{{}}}, tags: []string{"", "required"}},
	}
}

// diffCustomValidator is the validator some models are registered with:
// rules of its own, field-level and struct-level.
func diffCustomValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(v.RegisterValidation("even", func(fl validator.FieldLevel) bool { return fl.Field().Int()%2 == 0 }))
	must(v.RegisterValidation("shout", func(fl validator.FieldLevel) bool {
		s := fl.Field().String()
		return s == strings.ToUpper(s)
	}))
	// A struct-level rule on the nested struct: Code "abc" needs N 2.
	v.RegisterStructValidation(func(sl validator.StructLevel) {
		in := sl.Current().Interface().(diffInner)
		if in.Code == "abc" && in.N != 2 {
			sl.ReportError(in.N, "N", "N", "abcneeds2", "")
		}
	}, diffInner{})
	return v
}

// entityRule is a struct-level rule for a generated entity type: F0 must
// not hold its zero value.
func entityRule(sl validator.StructLevel) {
	f := sl.Current().Field(2)
	if f.IsZero() {
		sl.ReportError(f.Interface(), "F0", "F0", "notzero", "")
	}
}

// diffField is one generated field.
type diffField struct {
	kind diffKind
	tag  string
}

// diffType builds an entity type with the given fields, named F0, F1, …
// (also their attribute names). A cross-field rule on F1 may compare it
// with F0 when both have one type.
func diffType(fields []diffField) reflect.Type {
	sfs := []reflect.StructField{
		{Name: "Model", Type: modelType, Anonymous: true, Tag: `ddb:"table=gen"`},
		{Name: "ID", Type: reflect.TypeFor[string](), Tag: `ddb:"pk" dynamodbav:"id"`},
	}
	for i, f := range fields {
		sfs = append(sfs, reflect.StructField{Name: fmt.Sprintf("F%d", i), Type: f.kind.typ, Tag: reflect.StructTag(fmt.Sprintf("validate:%q", f.tag))})
	}
	return reflect.StructOf(sfs)
}

// verdict is a sorted list of "place rule=param" failures.
type verdict []string

func verdictOf(ves validator.ValidationErrors, keep func(ns string) (string, bool)) verdict {
	var out verdict
	for _, fe := range ves {
		if place, ok := keep(fe.StructNamespace()); ok {
			out = append(out, place+" "+fe.Tag()+"="+fe.Param())
		}
	}
	slices.Sort(out)
	return out
}

// oracle runs validator's Struct on item (a pointer).
func oracle(t *testing.T, v *validator.Validate, item reflect.Value) validator.ValidationErrors {
	t.Helper()
	err := v.Struct(item.Interface())
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		t.Fatalf("validator: %v", err)
	}
	return ves
}

// libraryVerdict turns the library's error into a verdict; base is the Go
// path (validator's namespace) the failures' Field starts with: the place
// written, or "" for whole items (the generated types have no name).
func libraryVerdict(t *testing.T, err error, base string) verdict {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, ErrValidation) {
		t.Fatalf("not a *ValidationError: %v", err)
	}
	var out verdict
	for _, f := range ve.Fields {
		if !strings.HasPrefix(f.Field, base) {
			t.Fatalf("field %q is not under %q", f.Field, base)
		}
		// Every field of the generated types is stored.
		if f.Attribute == "" {
			t.Fatalf("field %q names no attribute", f.Field)
		}
		out = append(out, f.Field[len(base):]+" "+f.Tag+"="+f.Param)
	}
	slices.Sort(out)
	return out
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func valueOf(kind diffKind, x any) reflect.Value {
	if x == nil {
		return reflect.Zero(kind.typ)
	}
	return reflect.ValueOf(x)
}

// TestValidationMatchesValidatorDifferential: whole items, and values
// written at top-level paths, list elements, map entries and fields of
// nested structs, over generated types × tags × values.
func TestValidationMatchesValidatorDifferential(t *testing.T) {
	kinds := diffKinds()
	custom := diffCustomValidator()
	std := validator.New(validator.WithRequiredStructEnabled())
	r := rand.New(rand.NewPCG(11, 17))
	types := 400
	if testing.Short() {
		types = 60
	}
	var whole, partial, elements, skipped int
	for range types {
		useCustom := r.IntN(4) == 0
		v := std
		var opts []Option
		if useCustom {
			v = custom
			opts = append(opts, WithValidator(custom))
		}
		fields := make([]diffField, 1+r.IntN(3))
		for i := range fields {
			k := pick(r, kinds)
			tags := k.tags
			if useCustom && len(k.custom) > 0 && r.IntN(2) == 0 {
				tags = k.custom
			}
			fields[i] = diffField{kind: k, tag: pick(r, tags)}
		}
		// Sometimes a cross-field rule between two fields of one type.
		if len(fields) >= 2 && fields[0].kind.typ.Kind() == reflect.String && r.IntN(3) == 0 {
			fields[1] = diffField{kind: fields[0].kind, tag: pick(r, []string{"eqfield=F0", "nefield=F0", "required_with=F0", "required_without=F0", "omitempty,eqfield=F0"})}
		}
		typ := diffType(fields)
		if useCustom && r.IntN(2) == 0 {
			custom.RegisterStructValidation(entityRule, reflect.New(typ).Elem().Interface())
		}
		m, err := build(typ, opts)
		if err != nil {
			skipped++ // a type the codec refuses (e.g. a key rule)
			continue
		}
		desc := func() string {
			var b strings.Builder
			for i, f := range fields {
				fmt.Fprintf(&b, "F%d %s `%s`; ", i, f.kind.typ, f.tag)
			}
			return b.String()
		}

		// Whole items.
		for range 8 {
			item := reflect.New(typ)
			item.Elem().Field(1).SetString("id")
			for i, f := range fields {
				item.Elem().Field(2 + i).Set(valueOf(f.kind, pick(r, f.kind.values)))
			}
			want := verdictOf(oracle(t, v, item), func(ns string) (string, bool) { return ns, true })
			got := libraryVerdict(t, m.Validate("gen", item.Interface()), "")
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s\nitem %+v\nlibrary   %q\nvalidator %q", desc(), item.Elem().Interface(), got, want)
			}
			whole++
		}

		// Partial writes.
		for i, f := range fields {
			name := fmt.Sprintf("F%d", i)
			for _, x := range f.kind.values {
				val := valueOf(f.kind, x)
				item := reflect.New(typ)
				item.Elem().Field(2 + i).Set(val)
				want := verdictOf(oracle(t, v, item), underPlace(name))
				p := expr.Name(name)
				info, err := m.ResolvePath(expr.Path(p))
				if err != nil {
					t.Fatal(err)
				}
				got := libraryVerdict(t, m.ValidateAt("gen", nil, expr.Path(p), &info, val.Interface()), name)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s\nSet(%s, %#v)\nlibrary   %q\nvalidator %q", desc(), p, val.Interface(), got, want)
				}
				partial++
				e, s := checkElements(t, r, m, v, typ, i, f, val)
				elements += e
				skipped += s
			}
		}
	}
	t.Logf("%d types: %d whole items, %d top-level writes, %d element and nested writes checked; %d skipped", types, whole, partial, elements, skipped)
}

// underPlace keeps the failures at ns or inside it, named from there.
func underPlace(ns string) func(string) (string, bool) {
	return func(full string) (string, bool) {
		if !within(full, ns) {
			return "", false
		}
		return full[len(ns):], true
	}
}

// checkElements compares the partial writes below field i holding val: a
// list element, a map entry, a field of a nested struct, and elements
// appended. The oracle is an item whose field holds the element (n times
// for a list, next to n-1 other entries for a map), n chosen so that the
// rules on the list or map as a whole pass and validator dives into it.
func checkElements(t *testing.T, r *rand.Rand, m *Meta, v *validator.Validate, typ reflect.Type, i int, f diffField, val reflect.Value) (checked, skipped int) {
	t.Helper()
	name := fmt.Sprintf("F%d", i)
	ft := f.kind.typ
	dt := derefType(ft)
	holding := func(container reflect.Value) reflect.Value {
		item := reflect.New(typ)
		slot := item.Elem().Field(2 + i)
		if ft.Kind() == reflect.Pointer {
			slot.Set(reflect.New(dt))
			slot = slot.Elem()
		}
		slot.Set(container)
		return item
	}
	// compare checks a write of elem at p, whose Go path is goPath.
	compare := func(p expr.Path, goPath string, elem reflect.Value, build func(n int) (reflect.Value, string)) {
		t.Helper()
		var want verdict
		found := false
		for n := 1; n <= 4 && !found; n++ {
			container, place := build(n)
			ves := oracle(t, v, holding(container))
			if slices.ContainsFunc(ves, func(fe validator.FieldError) bool { return fe.StructNamespace() == name }) {
				continue // the list's own rules fail: validator does not dive
			}
			want, found = verdictOf(ves, underPlace(place)), true
		}
		if !found {
			skipped++
			return
		}
		info, err := m.ResolvePath(expr.Path(p))
		if err != nil {
			t.Fatal(err)
		}
		got := libraryVerdict(t, m.ValidateAt("gen", nil, expr.Path(p), &info, elem.Interface()), goPath)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("F%d %s `%s`: Set(%s, %#v)\nlibrary   %q\nvalidator %q", i, ft, f.tag, p, elem.Interface(), got, want)
		}
		checked++
	}
	switch {
	case dt.Kind() == reflect.Slice || dt.Kind() == reflect.Array:
		src := deref(reflect.New(ft).Elem())
		if val.Kind() == reflect.Pointer {
			if val.IsNil() {
				return
			}
			src = val.Elem()
		} else {
			src = val
		}
		for j := 0; j < src.Len(); j++ {
			elem := src.Index(j)
			k := r.IntN(5)
			listOf := func(n int) (reflect.Value, string) {
				if dt.Kind() == reflect.Array {
					arr := reflect.New(dt).Elem()
					for x := 0; x < dt.Len(); x++ {
						arr.Index(x).Set(elem)
					}
					return arr, name + "[0]"
				}
				s := reflect.MakeSlice(dt, n, n)
				for x := 0; x < n; x++ {
					s.Index(x).Set(elem)
				}
				return s, name + "[0]"
			}
			compare(expr.Name(name).Index(k), fmt.Sprintf("%s[%d]", name, k), elem, listOf)
			// A field of a struct element.
			if et := derefType(dt.Elem()); et == reflect.TypeFor[diffInner]() && !(elem.Kind() == reflect.Pointer && elem.IsNil()) {
				code := reflect.ValueOf(pick(r, []string{"", "a", "abc"}))
				inner := reflect.New(dt.Elem()).Elem()
				deref(inner).Field(0).Set(code)
				compare(expr.Name(name).Index(k).Field("Code"), fmt.Sprintf("%s[%d].Code", name, k), code, func(n int) (reflect.Value, string) {
					c, place := listOf(n)
					for x := 0; x < c.Len(); x++ {
						c.Index(x).Set(inner)
					}
					return c, place + ".Code"
				})
			}
			// Nested lists: an element of an element.
			if dt.Elem().Kind() == reflect.Slice && elem.Len() > 0 {
				leaf := elem.Index(0)
				j := r.IntN(3)
				compare(expr.Name(name).Index(k).Index(j), fmt.Sprintf("%s[%d][%d]", name, k, j), leaf, func(n int) (reflect.Value, string) {
					inner := reflect.MakeSlice(dt.Elem(), n, n)
					for x := 0; x < n; x++ {
						inner.Index(x).Set(leaf)
					}
					outer := reflect.MakeSlice(dt, n, n)
					for x := 0; x < n; x++ {
						outer.Index(x).Set(inner)
					}
					return outer, name + "[0][0]"
				})
			}
		}
		// Appended elements, each judged as a write at its index.
		if dt.Kind() == reflect.Slice && src.Len() > 0 {
			p := expr.Name(name)
			info, err := m.ResolvePath(expr.Path(p))
			if err != nil {
				t.Fatal(err)
			}
			var want verdict
			for j := 0; j < src.Len(); j++ {
				elem := src.Index(j)
				found := false
				for n := 1; n <= 4 && !found; n++ {
					s := reflect.MakeSlice(dt, n, n)
					for x := 0; x < n; x++ {
						s.Index(x).Set(elem)
					}
					ves := oracle(t, v, holding(s))
					if slices.ContainsFunc(ves, func(fe validator.FieldError) bool { return fe.StructNamespace() == name }) {
						continue
					}
					for _, w := range verdictOf(ves, underPlace(name+"[0]")) {
						want = append(want, fmt.Sprintf("[%d]%s", j, w))
					}
					found = true
				}
				if !found {
					skipped++
					return
				}
			}
			slices.Sort(want)
			got := libraryVerdict(t, m.ValidateElems("gen", nil, expr.Path(p), &info, src.Interface()), name)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("F%d %s `%s`: Append(%s, %#v)\nlibrary   %q\nvalidator %q", i, ft, f.tag, p, src.Interface(), got, want)
			}
			checked++
		}
	case dt.Kind() == reflect.Map:
		if val.IsNil() {
			return
		}
		for _, key := range val.MapKeys() {
			elem := val.MapIndex(key)
			compare(expr.Name(name).Field(key.String()), fmt.Sprintf("%s[%v]", name, key), elem, func(n int) (reflect.Value, string) {
				mp := reflect.MakeMap(dt)
				mp.SetMapIndex(key, elem)
				for x := 1; x < n; x++ {
					mp.SetMapIndex(reflect.ValueOf(fmt.Sprintf("%s~%d", key.String(), x)), elem)
				}
				return mp, fmt.Sprintf("%s[%v]", name, key)
			})
		}
	case dt == reflect.TypeFor[diffInner]():
		for _, code := range []string{"", "a", "abc"} {
			cv := reflect.ValueOf(code)
			compare(expr.Name(name).Field("Code"), name+".Code", cv, func(int) (reflect.Value, string) {
				in := reflect.New(dt).Elem()
				in.Field(0).Set(cv)
				return in, name + ".Code"
			})
		}
	}
	return checked, skipped
}
