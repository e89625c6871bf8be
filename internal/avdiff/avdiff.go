// Package avdiff holds the entity codec to attributevalue on generated
// inputs. It builds Go types — every scalar kind, named types, pointers one
// and two deep, slices, arrays and maps of each, structs embedded by value
// and by pointer (exported and not, recursive), interfaces holding each,
// and marshalers with value and pointer receivers at every position (field,
// map value, slice element, interface, the item itself) — with every
// dynamodbav option; then values of those types to encode, and stored
// attribute values of every kind to decode into them. Each result, and
// whether there was an error, must be attributevalue's.
//
// The entity tests run it against the attributevalue version in go.mod;
// internal/avcompat runs it against the newest one, so the codec agrees
// with every version a user's go.mod may select. It is test code shared by
// the two: nothing else imports it.
package avdiff

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	// The codec registers itself with codecprobe when initialised.
	_ "github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/codecprobe"
)

// Options sizes a run.
type Options struct {
	// Seed makes the run reproducible.
	Seed uint64
	// Types is how many struct types are generated; each is checked
	// with several values and several stored items.
	Types int
}

// SeedFromEnv returns the seed in $AVDIFF_SEED, or def: another seed
// explores other types (go test ./entity -run Generated with
// AVDIFF_SEED=n).
func SeedFromEnv(def uint64) uint64 {
	if n, err := strconv.ParseUint(os.Getenv("AVDIFF_SEED"), 10, 64); err == nil {
		return n
	}
	return def
}

// Stats counts what a run checked.
type Stats struct {
	Types, Encodes, Decodes int
	// AVPanics counts inputs on which attributevalue panicked; the codec
	// must not panic there (it encodes NULL for typed nil marshalers, as
	// attributevalue does since v1.21.21, and refuses the rest).
	AVPanics int
}

// Run generates the types, values and items and reports every difference
// between the codec and attributevalue through t.
func Run(t testing.TB, o Options) Stats {
	t.Helper()
	g := &gen{r: rand.New(rand.NewPCG(o.Seed, 0x5eed))}
	var st Stats
	fails := 0
	report := func(format string, args ...any) {
		t.Helper()
		fails++
		if fails <= 25 {
			t.Errorf(format, args...)
		}
	}
	for i := range o.Types {
		var typ reflect.Type
		if o.Types >= len(staticStructs) && i < len(staticStructs) {
			typ = staticStructs[i] // every static type at least once
		} else {
			typ = g.structType(3)
		}
		st.Types++
		for range 3 {
			v := reflect.New(typ)
			g.fill(v.Elem(), 3)
			st.Encodes++
			checkEncode(v, &st, report)
		}
		for k := range 4 {
			item := g.item(typ, k)
			st.Decodes++
			checkDecode(typ, item, &st, report)
		}
	}
	if fails > 25 {
		t.Errorf("... and %d more differences", fails-25)
	}
	return st
}

// marshalerPanic reports whether a panic came from calling a marshaler on
// a nil pointer, which is the marshaler's to handle.
func marshalerPanic(p any) bool {
	err, ok := p.(error)
	return ok && strings.Contains(err.Error(), "nil pointer dereference")
}

// call runs f, turning a panic into its value.
func call(f func()) (panicked any) {
	defer func() { panicked = recover() }()
	f()
	return nil
}

func checkEncode(v reflect.Value, st *Stats, report func(string, ...any)) {
	var want types.AttributeValue
	var wantErr error
	avPanic := call(func() { want, wantErr = attributevalue.Marshal(v.Interface()) })
	var got map[string]types.AttributeValue
	var err error
	panicked := call(func() { got, err = codecprobe.Marshal(v.Interface()) })
	if avPanic != nil {
		// A marshaler that panics (on a nil receiver, say) panics
		// under both; anything else attributevalue panics on, the
		// codec must encode or refuse.
		st.AVPanics++
		if panicked != nil && !marshalerPanic(panicked) {
			report("encode %s: attributevalue panics (%v), and so does the codec: %v\nvalue %s", v.Elem().Type(), avPanic, panicked, show(v))
		}
		return
	}
	if panicked != nil {
		report("encode %s: the codec panicked: %v\nvalue %s", v.Elem().Type(), panicked, show(v))
		return
	}
	m, isMap := want.(*types.AttributeValueMemberM)
	switch {
	case wantErr == nil && !isMap:
		// The item's own Marshaler returned something other than a
		// map: MarshalMap would give an empty item; the codec refuses
		// it (a documented deviation).
		if err == nil {
			report("encode %s: the item's marshaler returned %T; the codec accepted it as %s", v.Elem().Type(), want, dump(got))
		}
	case (err != nil) != (wantErr != nil):
		report("encode %s: error mismatch: codec %v, attributevalue %v\nvalue %s", v.Elem().Type(), err, wantErr, show(v))
	case err == nil && !reflect.DeepEqual(got, m.Value):
		report("encode %s:\n codec          %s\n attributevalue %s\nvalue %s", v.Elem().Type(), dump(got), dump(m.Value), show(v))
	}
}

func checkDecode(typ reflect.Type, item map[string]types.AttributeValue, st *Stats, report func(string, ...any)) {
	want := reflect.New(typ)
	var wantErr error
	avPanic := call(func() { wantErr = attributevalue.UnmarshalMap(item, want.Interface()) })
	got := reflect.New(typ)
	var err error
	if p := call(func() { err = codecprobe.Unmarshal(item, got.Interface()) }); p != nil {
		report("decode %s into %s: the codec panicked: %v", dump(item), typ, p)
		return
	}
	if avPanic != nil {
		st.AVPanics++
		if err == nil {
			report("decode %s into %s: attributevalue panics (%v); the codec accepted it as %s", dump(item), typ, avPanic, show(got))
		}
		return
	}
	switch {
	case (err != nil) != (wantErr != nil):
		report("decode %s into %s: error mismatch: codec %v, attributevalue %v", dump(item), typ, err, wantErr)
	case err == nil && !equal(got.Elem(), want.Elem(), 0):
		report("decode %s into %s:\n codec          %s\n attributevalue %s", dump(item), typ, show(got), show(want))
	}
}

var (
	staticStructs = []reflect.Type{
		reflect.TypeFor[S1](), reflect.TypeFor[S2](), reflect.TypeFor[S3](), reflect.TypeFor[S4](),
		reflect.TypeFor[S5](), reflect.TypeFor[S6](), reflect.TypeFor[S7](), reflect.TypeFor[S8](),
		reflect.TypeFor[S9](), reflect.TypeFor[S10](), reflect.TypeFor[S11](), reflect.TypeFor[S12](),
		reflect.TypeFor[S13](), reflect.TypeFor[EmbA](), reflect.TypeFor[EmbB](), reflect.TypeFor[EmbRec](),
		reflect.TypeFor[MutA](), reflect.TypeFor[NilM](), reflect.TypeFor[PtrM](), reflect.TypeFor[WholeV](),
		reflect.TypeFor[WholeP](), reflect.TypeFor[UnmarshalOnly](), reflect.TypeFor[TextKey](),
	}
	// embeddable are the exported struct types reflect.StructOf can
	// embed (it adds no methods, so none of these has any).
	embeddable = []reflect.Type{reflect.TypeFor[EmbA](), reflect.TypeFor[EmbA2](), reflect.TypeFor[EmbB](), reflect.TypeFor[EmbRec](), reflect.TypeFor[MutA]()}

	scalars = []reflect.Type{
		reflect.TypeFor[bool](), reflect.TypeFor[string](),
		reflect.TypeFor[int](), reflect.TypeFor[int8](), reflect.TypeFor[int16](), reflect.TypeFor[int32](), reflect.TypeFor[int64](),
		reflect.TypeFor[uint](), reflect.TypeFor[uint8](), reflect.TypeFor[uint16](), reflect.TypeFor[uint32](), reflect.TypeFor[uint64](),
		reflect.TypeFor[float32](), reflect.TypeFor[float64](),
		reflect.TypeFor[uintptr](), reflect.TypeFor[complex128](), reflect.TypeFor[chan int](), reflect.TypeFor[func()](),
		reflect.TypeFor[time.Time](), reflect.TypeFor[[]byte](), reflect.TypeFor[[][]byte](),
		reflect.TypeFor[json.Number](), reflect.TypeFor[attributevalue.Number](), reflect.TypeFor[Num](), reflect.TypeFor[Str](),
		reflect.TypeFor[NString](), reflect.TypeFor[NInt](), reflect.TypeFor[NUint8](), reflect.TypeFor[NFloat](), reflect.TypeFor[NBool](),
		reflect.TypeFor[NBytes](), reflect.TypeFor[NTime](), reflect.TypeFor[NStrings](), reflect.TypeFor[NMap](), reflect.TypeFor[NPtr](),
		reflect.TypeFor[NAny](), reflect.TypeFor[any](), reflect.TypeFor[fmt.Stringer](), reflect.TypeFor[attributevalue.Marshaler](),
		reflect.TypeFor[attributevalue.UnixTime](),
	}
	marshalers = []reflect.Type{
		reflect.TypeFor[ValM](), reflect.TypeFor[PtrM](), reflect.TypeFor[UUID](), reflect.TypeFor[NilM](),
		reflect.TypeFor[ErrM](), reflect.TypeFor[UnmarshalOnly](), reflect.TypeFor[WholeV](), reflect.TypeFor[WholeP](),
		reflect.TypeFor[*PtrM](), reflect.TypeFor[*UUID](), reflect.TypeFor[*ValM](),
	}
	mapKeys = []reflect.Type{
		reflect.TypeFor[string](), reflect.TypeFor[NString](), reflect.TypeFor[Str](), reflect.TypeFor[int](), reflect.TypeFor[int8](),
		reflect.TypeFor[uint16](), reflect.TypeFor[float64](), reflect.TypeFor[bool](), reflect.TypeFor[TextKey](),
		reflect.TypeFor[PtrTextKey](), reflect.TypeFor[any](), reflect.TypeFor[[2]int](),
	}
	tagNames = []string{"", "", "", "a", "b", "A", "x", "Shared", "é", "-"}
	tagOpts  = []string{"omitempty", "omitemptyelem", "nullempty", "nullemptyelem", "string", "stringset", "numberset", "binaryset", "unixtime", "bogus"}
)

type gen struct{ r *rand.Rand }

func (g *gen) pick(n int) int { return g.r.IntN(n) }

// typ returns a random type nested at most depth deep.
func (g *gen) typ(depth int) reflect.Type {
	if depth <= 0 || g.pick(3) == 0 {
		if g.pick(4) == 0 {
			return marshalers[g.pick(len(marshalers))]
		}
		return scalars[g.pick(len(scalars))]
	}
	switch g.pick(8) {
	case 0:
		return reflect.PointerTo(g.typ(depth - 1))
	case 1:
		return reflect.PointerTo(reflect.PointerTo(g.typ(depth - 1)))
	case 2, 3:
		return reflect.SliceOf(g.typ(depth - 1))
	case 4:
		return reflect.ArrayOf(g.pick(3), g.typ(depth-1))
	case 5:
		return reflect.MapOf(mapKeys[g.pick(len(mapKeys))], g.typ(depth-1))
	case 6:
		return g.structType(depth - 1)
	}
	if g.pick(2) == 0 {
		return staticStructs[g.pick(len(staticStructs))]
	}
	return marshalers[g.pick(len(marshalers))]
}

// tag returns a random dynamodbav tag, or none.
func (g *gen) tag() reflect.StructTag {
	if g.pick(4) == 0 {
		return ""
	}
	parts := []string{tagNames[g.pick(len(tagNames))]}
	for range g.pick(3) {
		parts = append(parts, tagOpts[g.pick(len(tagOpts))])
	}
	return reflect.StructTag(`dynamodbav:"` + strings.Join(parts, ",") + `"`)
}

// structType builds a struct of one to four fields with random tags, some
// of them embedded structs, or picks a static one.
func (g *gen) structType(depth int) reflect.Type {
	if g.pick(6) == 0 {
		return staticStructs[g.pick(len(staticStructs))]
	}
	n := 1 + g.pick(4)
	var fields []reflect.StructField
	used := map[string]bool{}
	for i := range n {
		if g.pick(5) == 0 {
			et := embeddable[g.pick(len(embeddable))]
			if used[et.Name()] {
				continue
			}
			used[et.Name()] = true
			f := reflect.StructField{Name: et.Name(), Type: et, Anonymous: true}
			if n == 1 && g.pick(2) == 0 {
				// StructOf embeds pointers only in one-field structs.
				f.Type = reflect.PointerTo(et)
			}
			if g.pick(4) == 0 {
				f.Tag = g.tag()
			}
			fields = append(fields, f)
			continue
		}
		fields = append(fields, reflect.StructField{Name: "F" + strconv.Itoa(i), Type: g.typ(depth), Tag: g.tag()})
	}
	var st reflect.Type
	if p := call(func() { st = reflect.StructOf(fields) }); p != nil {
		return staticStructs[g.pick(len(staticStructs))]
	}
	return st
}

// fill sets v (addressable) to a random value of its type.
func (g *gen) fill(v reflect.Value, depth int) {
	if !v.CanSet() {
		// Unexported fields and embedded structs: reachable through
		// their address.
		v = reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
	}
	t := v.Type()
	if t.ConvertibleTo(reflect.TypeFor[time.Time]()) && t.Kind() == reflect.Struct {
		var tm time.Time
		switch g.pick(4) {
		case 0:
		case 1:
			tm = time.Unix(g.r.Int64N(4e9)-2e9, 0).UTC()
		default:
			tm = time.Unix(g.r.Int64N(4e9)-2e9, g.r.Int64N(1e9)).In(time.FixedZone("", 3600*(g.pick(5)-2)))
		}
		v.Set(reflect.ValueOf(tm).Convert(t))
		return
	}
	switch t.Kind() {
	case reflect.Bool:
		v.SetBool(g.pick(2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		vals := []int64{0, 1, -1, 42, -300, math.MaxInt64, math.MinInt64, 1 << 40}
		n := vals[g.pick(len(vals))]
		if v.OverflowInt(n) {
			n %= 100
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		vals := []uint64{0, 1, 7, 255, 65535, math.MaxUint64}
		n := vals[g.pick(len(vals))]
		if v.OverflowUint(n) {
			n %= 200
		}
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		vals := []float64{0, 1.5, -2.25, 1e21, 1e-7, 3.14159, math.Inf(1), math.NaN()}
		v.SetFloat(vals[g.pick(len(vals))])
	case reflect.Complex64, reflect.Complex128:
		v.SetComplex(complex(float64(g.pick(3)), 1))
	case reflect.String:
		v.SetString(stringPool[g.pick(len(stringPool))])
	case reflect.Pointer:
		if depth <= 0 || g.pick(4) == 0 {
			return // nil
		}
		p := reflect.New(t.Elem())
		g.fill(p.Elem(), depth-1)
		v.Set(p)
	case reflect.Interface:
		if depth <= 0 || g.pick(5) == 0 {
			return // nil
		}
		if x, ok := g.implementer(t, depth-1); ok {
			v.Set(x)
		}
	case reflect.Slice:
		switch {
		case depth <= 0 || g.pick(5) == 0:
			return // nil
		case g.pick(5) == 0:
			v.Set(reflect.MakeSlice(t, 0, 0))
			return
		}
		n := 1 + g.pick(3)
		s := reflect.MakeSlice(t, n, n)
		for i := range n {
			g.fill(s.Index(i), depth-1)
		}
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			g.fill(v.Index(i), depth-1)
		}
	case reflect.Map:
		switch {
		case depth <= 0 || g.pick(5) == 0:
			return // nil
		case g.pick(5) == 0:
			v.Set(reflect.MakeMap(t))
			return
		}
		m := reflect.MakeMap(t)
		for range 1 + g.pick(3) {
			k := reflect.New(t.Key()).Elem()
			if t.Key().Kind() == reflect.Interface {
				// A key of interface type: a TextMarshaler, or
				// something attributevalue refuses.
				if g.pick(4) == 0 {
					k.Set(reflect.ValueOf(stringPool[g.pick(len(stringPool))]))
				} else {
					k.Set(reflect.ValueOf(TextKey{A: stringPool[g.pick(len(stringPool))], B: "k"}))
				}
			} else {
				g.fill(k, 0)
			}
			e := reflect.New(t.Elem()).Elem()
			g.fill(e, depth-1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			g.fill(v.Field(i), depth-1)
		}
	case reflect.Chan:
		if g.pick(2) == 0 {
			v.Set(reflect.MakeChan(t, 0))
		}
	}
}

var stringPool = []string{"", "x", "abc", "12", "-3", "1.5", "1e3", "true", "v:x", "a/b", "2025-01-02T03:04:05Z", "é"}

// implementer returns a value of a random type that can be held by an
// interface of type t, including typed nil pointers.
func (g *gen) implementer(t reflect.Type, depth int) (reflect.Value, bool) {
	for range 20 {
		var it reflect.Type
		switch g.pick(4) {
		case 0:
			it = marshalers[g.pick(len(marshalers))]
		case 1:
			it = scalars[g.pick(len(scalars))]
		default:
			it = g.typ(depth)
		}
		if it.Kind() == reflect.Interface || !it.Implements(t) {
			continue
		}
		x := reflect.New(it).Elem()
		if it.Kind() == reflect.Pointer && g.pick(3) == 0 {
			return x, true // a typed nil pointer
		}
		g.fill(x, depth)
		return x, true
	}
	return reflect.Value{}, false
}

// item returns a stored item to decode into a value of type typ: the
// first is attributevalue's encoding of a random value of the type; the
// others have attributes named after the type's fields (exactly, in
// another case, or not at all) holding values of every kind.
func (g *gen) item(typ reflect.Type, k int) map[string]types.AttributeValue {
	if k == 0 {
		v := reflect.New(typ)
		g.fill(v.Elem(), 3)
		var m map[string]types.AttributeValue
		if call(func() { m, _ = attributevalue.MarshalMap(v.Interface()) }) == nil && len(m) > 0 {
			return m
		}
	}
	names := fieldNames(typ, map[reflect.Type]bool{})
	names = append(names, "unknown", "wa", "wb", "packed")
	item := map[string]types.AttributeValue{}
	for range 1 + g.pick(4) {
		name := names[g.pick(len(names))]
		switch g.pick(4) {
		case 0:
			name = strings.ToUpper(name)
		case 1:
			name = strings.ToLower(name)
		}
		// Two attributes that fold onto one field leave
		// attributevalue's result to map order: keep one.
		if slices.ContainsFunc(slices.Collect(mapsKeys(item)), func(k string) bool { return strings.EqualFold(k, name) }) {
			continue
		}
		item[name] = g.av(2)
	}
	return item
}

func mapsKeys(m map[string]types.AttributeValue) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// fieldNames lists the Go names and tag names of the fields of t, nested
// and embedded ones included.
func fieldNames(t reflect.Type, seen map[reflect.Type]bool) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] {
		return nil
	}
	seen[t] = true
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		out = append(out, f.Name)
		if name, _, _ := strings.Cut(f.Tag.Get("dynamodbav"), ","); name != "" && name != "-" {
			out = append(out, name)
		}
		out = append(out, fieldNames(f.Type, seen)...)
	}
	return out
}

var (
	numberPool = []string{"0", "1", "12", "-3", "1.5", "300", "70000", "1e3", "1e400", "abc", "-0", "18446744073709551615", "9223372036854775808", "1700000000"}
	stringsAV  = append(slices.Clone(stringPool), "2025-01-02T03:04:05.123+01:00", "k/v")
)

// av returns a random attribute value of any kind.
func (g *gen) av(depth int) types.AttributeValue {
	kinds := 10
	if depth <= 0 {
		kinds = 8
	}
	switch g.pick(kinds) {
	case 0:
		return &types.AttributeValueMemberS{Value: stringsAV[g.pick(len(stringsAV))]}
	case 1:
		return &types.AttributeValueMemberN{Value: numberPool[g.pick(len(numberPool))]}
	case 2:
		b := make([]byte, []int{0, 1, 2, 4, 4, 5}[g.pick(6)])
		for i := range b {
			b[i] = byte(g.pick(256))
		}
		return &types.AttributeValueMemberB{Value: b}
	case 3:
		return &types.AttributeValueMemberBOOL{Value: g.pick(2) == 0}
	case 4:
		return &types.AttributeValueMemberNULL{Value: true}
	case 5:
		s := make([]string, 1+g.pick(3))
		for i := range s {
			s[i] = stringsAV[g.pick(len(stringsAV))]
		}
		return &types.AttributeValueMemberSS{Value: s}
	case 6:
		s := make([]string, 1+g.pick(3))
		for i := range s {
			s[i] = numberPool[g.pick(len(numberPool))]
		}
		return &types.AttributeValueMemberNS{Value: s}
	case 7:
		s := make([][]byte, 1+g.pick(3))
		for i := range s {
			s[i] = []byte{byte(i), 1, 2, 3}[:1+g.pick(4)]
		}
		return &types.AttributeValueMemberBS{Value: s}
	case 8:
		l := make([]types.AttributeValue, g.pick(4))
		for i := range l {
			l[i] = g.av(depth - 1)
		}
		return &types.AttributeValueMemberL{Value: l}
	}
	m := map[string]types.AttributeValue{}
	for range g.pick(4) {
		m[[]string{"a", "b", "A", "x", "wa", "N", "F0", "k/v", "1", "true"}[g.pick(10)]] = g.av(depth - 1)
	}
	return &types.AttributeValueMemberM{Value: m}
}

// equal is reflect.DeepEqual, except that NaN equals NaN.
func equal(a, b reflect.Value, depth int) bool {
	if depth > 64 {
		return true
	}
	if a.IsValid() != b.IsValid() {
		return false
	}
	if !a.IsValid() {
		return true
	}
	if a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Float32, reflect.Float64:
		x, y := a.Float(), b.Float()
		return x == y || (math.IsNaN(x) && math.IsNaN(y))
	case reflect.Complex64, reflect.Complex128:
		return a.Complex() == b.Complex()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	case reflect.String:
		return a.String() == b.String()
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return equal(a.Elem(), b.Elem(), depth+1)
	case reflect.Slice:
		if a.IsNil() != b.IsNil() {
			return false
		}
		fallthrough
	case reflect.Array:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !equal(a.Index(i), b.Index(i), depth+1) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		it := a.MapRange()
		for it.Next() {
			if k := it.Key(); (k.Kind() == reflect.Float64 || k.Kind() == reflect.Float32) && math.IsNaN(k.Float()) {
				continue // a NaN key cannot be looked up; the lengths agree
			}
			if !equal(it.Value(), b.MapIndex(it.Key()), depth+1) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := range a.NumField() {
			if !equal(a.Field(i), b.Field(i), depth+1) {
				return false
			}
		}
		return true
	}
	// Channels, functions: the same one, or both nil.
	return a.Pointer() == b.Pointer()
}

func show(v reflect.Value) string {
	s := fmt.Sprintf("%+v", v.Elem())
	if len(s) > 400 {
		s = s[:400] + "…"
	}
	return s
}

func dump(m map[string]types.AttributeValue) string {
	keys := slices.Sorted(mapsKeys(m))
	var b strings.Builder
	b.WriteString("{")
	for i, k := range keys {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(strconv.Quote(k) + ":" + avString(m[k]))
	}
	b.WriteString("}")
	return b.String()
}

func avString(v types.AttributeValue) string {
	switch x := v.(type) {
	case *types.AttributeValueMemberS:
		return "S" + strconv.Quote(x.Value)
	case *types.AttributeValueMemberN:
		return "N" + x.Value
	case *types.AttributeValueMemberB:
		return fmt.Sprintf("B%v", x.Value)
	case *types.AttributeValueMemberBOOL:
		return fmt.Sprintf("BOOL(%v)", x.Value)
	case *types.AttributeValueMemberNULL:
		return "NULL"
	case *types.AttributeValueMemberSS:
		return fmt.Sprintf("SS%q", x.Value)
	case *types.AttributeValueMemberNS:
		return fmt.Sprintf("NS%v", x.Value)
	case *types.AttributeValueMemberBS:
		return fmt.Sprintf("BS%v", x.Value)
	case *types.AttributeValueMemberM:
		return "M" + dump(x.Value)
	case *types.AttributeValueMemberL:
		parts := make([]string, len(x.Value))
		for i, e := range x.Value {
			parts[i] = avString(e)
		}
		return "L[" + strings.Join(parts, " ") + "]"
	case nil:
		return "<nil>"
	}
	return fmt.Sprintf("%T", v)
}
