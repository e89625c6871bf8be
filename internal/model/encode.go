package model

import (
	"encoding"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/keys"
)

// The codec compiles, once per (type, options), a function that turns a Go
// value into an AttributeValue. Its output is what attributevalue.Marshal
// produces for the same value and tags: each compiled step below mirrors a
// step of attributevalue's encoder (the empty-value test, one dereference,
// the Marshaler, then the value's kind), and the differential tests in
// internal/avdiff hold the two together over generated types, tags and
// values. The compiled plan only skips the per-call reflection and tag
// parsing attributevalue repeats. Deliberate differences are listed in the
// README ("Encoding"): time values in key attributes use keys.TimeLayout,
// and a typed nil pointer inside an interface or a double pointer is NULL
// (as attributevalue has it since v1.21.21; earlier versions panic).

// encodeFunc encodes v; a nil AttributeValue with a nil error means "omit".
type encodeFunc func(e *encState, v reflect.Value) (types.AttributeValue, error)

type codecKey struct {
	t reflect.Type
	o avOpts
}

// codecCache holds the compiled codec function of each (type, options).
// An entry is a sync.OnceValue: the first caller compiles, concurrent
// callers wait for it, and a panic while compiling is re-raised to every
// caller instead of leaving them waiting for a codec that never comes.
type codecCache[F any] struct{ m sync.Map } // codecKey → func() F

// get returns the entry of key, compiling it with build on first use.
// build must not call the returned function itself: types that reach
// themselves do so through lazy references (see encoderFor).
func (c *codecCache[F]) get(key codecKey, build func() F) func() F {
	if f, ok := c.m.Load(key); ok {
		return f.(func() F)
	}
	f, _ := c.m.LoadOrStore(key, sync.OnceValue(build))
	return f.(func() F)
}

var (
	encoders      codecCache[encodeFunc] // full encoders: empty test included
	elemEncoders  codecCache[encodeFunc] // after the dereference: see elemEncoder
	timeType      = reflect.TypeFor[time.Time]()
	bytesTyp      = reflect.TypeFor[[]byte]()
	bytes2        = reflect.TypeFor[[][]byte]()
	marshalerType = reflect.TypeFor[attributevalue.Marshaler]()

	unmarshalerType     = reflect.TypeFor[attributevalue.Unmarshaler]()
	textMarshalerType   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	numberInterface     = reflect.TypeFor[interface {
		Float64() (float64, error)
		Int64() (int64, error)
		String() string
	}]()
)

// errMarshal is the cause of encoding failures that attributevalue reports
// as InvalidMarshalError.
var errMarshal = errors.New("cannot encode value")

func marshalErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errMarshal}, args...)...)
}

// encoderFor returns the encoder for values of type t with options o,
// including the empty-value handling (omitempty, nullempty, NULL for nil).
// The encoder is compiled on its first call, so a type that reaches itself
// (type T []T, a struct holding *itself) never recurses while compiling.
func encoderFor(t reflect.Type, o avOpts) encodeFunc {
	get := encoders.get(codecKey{t, o}, func() encodeFunc { return compileEncoder(t, o) })
	return func(e *encState, v reflect.Value) (types.AttributeValue, error) { return get()(e, v) }
}

// elemEncoder is attributevalue's encoding of a value after its empty test
// and its one dereference: the value may be a nil pointer (from an
// interface or a double pointer), the Marshaler is tried, then the kind
// decides.
func elemEncoder(t reflect.Type, o avOpts) encodeFunc {
	get := elemEncoders.get(codecKey{t, o}, func() encodeFunc { return compileElemEncoder(t, o) })
	return func(e *encState, v reflect.Value) (types.AttributeValue, error) { return get()(e, v) }
}

// dynamicElemEncoder is elemEncoder for the dynamic type of an interface
// value, looked up on every call: compiled already, it is returned as is.
func dynamicElemEncoder(t reflect.Type, o avOpts) encodeFunc {
	if f, ok := elemEncoders.m.Load(codecKey{t, o}); ok {
		return f.(func() encodeFunc)()
	}
	return elemEncoders.get(codecKey{t, o}, func() encodeFunc { return compileElemEncoder(t, o) })()
}

func compileEncoder(t reflect.Type, o avOpts) encodeFunc {
	var body encodeFunc
	switch t.Kind() {
	case reflect.Pointer:
		// Nil pointers are handled as empty values below.
		inner := elemEncoder(t.Elem(), o)
		body = func(e *encState, v reflect.Value) (types.AttributeValue, error) { return inner(e, v.Elem()) }
	case reflect.Interface:
		// The dynamic value: not addressable, so only its own method
		// set can make it a Marshaler.
		body = func(e *encState, v reflect.Value) (types.AttributeValue, error) {
			x := v.Elem()
			return dynamicElemEncoder(x.Type(), o)(e, x)
		}
	default:
		body = compileElemEncoder(t, o)
	}
	zero := zeroTest(t)
	if zero == nil {
		return body
	}
	// Map, slice, interface and pointer values are empty exactly when
	// nil, and nil is NULL unless omitted.
	nullable := false
	switch t.Kind() {
	case reflect.Map, reflect.Slice, reflect.Interface, reflect.Pointer:
		nullable = true
	}
	switch {
	case o.omitEmpty && o.nullEmpty:
		return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
			if zero(v) {
				return nil, marshalErr("zero value with both omitempty and nullempty")
			}
			return body(e, v)
		}
	case o.omitEmpty:
		return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
			if zero(v) {
				return nil, nil
			}
			return body(e, v)
		}
	case nullable || o.nullEmpty:
		return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
			if zero(v) {
				return e.null(), nil
			}
			return body(e, v)
		}
	}
	return body
}

// zeroTest returns the emptiness test attributevalue applies before
// encoding, or nil for types it never considers empty (structs, including
// time.Time).
func zeroTest(t reflect.Type) func(reflect.Value) bool {
	switch t.Kind() {
	case reflect.Array:
		n := t.Len()
		return func(reflect.Value) bool { return n == 0 }
	case reflect.Map, reflect.Slice, reflect.Interface, reflect.Pointer:
		return reflect.Value.IsNil
	case reflect.String:
		return func(v reflect.Value) bool { return v.Len() == 0 }
	case reflect.Bool:
		return func(v reflect.Value) bool { return !v.Bool() }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(v reflect.Value) bool { return v.Int() == 0 }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(v reflect.Value) bool { return v.Uint() == 0 }
	case reflect.Float32, reflect.Float64:
		return func(v reflect.Value) bool { return v.Float() == 0 }
	}
	return nil
}

func compileElemEncoder(t reflect.Type, o avOpts) encodeFunc {
	byKind := kindEncoder(t, o)
	if m := marshalerOf(t); m != nil {
		next := byKind
		byKind = func(e *encState, v reflect.Value) (types.AttributeValue, error) {
			if mv := m(v); mv != nil {
				av, err := mv.MarshalDynamoDBAttributeValue()
				if err != nil || av != nil {
					return av, err
				}
			}
			// A marshaler that returns nothing leaves the value to the
			// default rules.
			return next(e, v)
		}
	}
	if t.Kind() != reflect.Pointer {
		return byKind
	}
	// A nil pointer here came out of an interface or a double pointer:
	// it has no value to marshal, and is NULL (or left out when both
	// omitempty and omitemptyelem apply).
	omitNil := o.omitEmpty && o.omitEmptyElem
	return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
		if v.IsNil() {
			if omitNil {
				return nil, nil
			}
			return e.null(), nil
		}
		return byKind(e, v)
	}
}

// marshalerOf returns how to reach the Marshaler of a value of type t the
// way attributevalue does, or nil when no value of t has one. A named
// non-pointer value that is addressable is marshaled through its address
// (so pointer-receiver methods count); any other value through its own
// method set. Map values and the values held by interfaces are not
// addressable.
func marshalerOf(t reflect.Type) func(reflect.Value) attributevalue.Marshaler {
	viaAddr := t.Kind() != reflect.Pointer && t.Name() != "" && reflect.PointerTo(t).Implements(marshalerType)
	viaValue := t.Kind() != reflect.Interface && t.Implements(marshalerType)
	// An unnamed interface with methods (reached through a pointer to
	// it) is asked about its dynamic value.
	dynamic := t.Kind() == reflect.Interface && t.Name() == "" && t.NumMethod() > 0
	addressed := t.Kind() != reflect.Pointer && t.Name() != ""
	if !viaAddr && !viaValue && !dynamic {
		return nil
	}
	return func(v reflect.Value) attributevalue.Marshaler {
		if addressed && v.CanAddr() {
			if viaAddr && v.Addr().CanInterface() {
				return v.Addr().Interface().(attributevalue.Marshaler)
			}
			return nil
		}
		if !v.CanInterface() {
			return nil
		}
		if viaValue {
			return v.Interface().(attributevalue.Marshaler)
		}
		if dynamic {
			m, _ := v.Interface().(attributevalue.Marshaler)
			return m
		}
		return nil
	}
}

func kindEncoder(t reflect.Type, o avOpts) encodeFunc {
	switch t.Kind() {
	case reflect.Struct:
		if t.ConvertibleTo(timeType) {
			return timeEncoder(t, o)
		}
		return structEncoder(t)
	case reflect.Map:
		return mapEncoder(t, o)
	case reflect.Slice, reflect.Array:
		return sliceEncoder(t, o)
	case reflect.Chan, reflect.Func, reflect.UnsafePointer, reflect.Interface:
		// attributevalue skips these; so do we.
		return func(*encState, reflect.Value) (types.AttributeValue, error) { return nil, nil }
	case reflect.Pointer:
		// A pointer to a pointer (nil was handled by the caller): the
		// inner one gets the full treatment, its empty test included.
		inner := encoderFor(t.Elem(), o)
		return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
			return inner(e, v.Elem())
		}
	case reflect.String:
		if t.Implements(numberInterface) {
			if o.asString {
				return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
					return e.str(v.String()), nil
				}
			}
			return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
				return e.num(v.String()), nil
			}
		}
		return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
			return e.str(v.String()), nil
		}
	case reflect.Bool:
		return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
			return &types.AttributeValueMemberBOOL{Value: v.Bool()}, nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return numberEncoder(o, func(b []byte, v reflect.Value) []byte { return strconv.AppendInt(b, v.Int(), 10) })
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return numberEncoder(o, func(b []byte, v reflect.Value) []byte { return strconv.AppendUint(b, v.Uint(), 10) })
	case reflect.Float32:
		return numberEncoder(o, func(b []byte, v reflect.Value) []byte { return strconv.AppendFloat(b, v.Float(), 'f', -1, 32) })
	case reflect.Float64:
		return numberEncoder(o, func(b []byte, v reflect.Value) []byte { return strconv.AppendFloat(b, v.Float(), 'f', -1, 64) })
	}
	// Complex numbers, uintptr and the like are not encodable; attributevalue
	// leaves them out.
	return func(*encState, reflect.Value) (types.AttributeValue, error) { return nil, nil }
}

func numberEncoder(o avOpts, format func([]byte, reflect.Value) []byte) encodeFunc {
	if o.asString {
		return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
			return e.str(e.text(func(b []byte) []byte { return format(b, v) })), nil
		}
	}
	return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
		return e.num(e.text(func(b []byte) []byte { return format(b, v) })), nil
	}
}

func timeEncoder(t reflect.Type, o avOpts) encodeFunc {
	get := func(v reflect.Value) time.Time {
		if t == timeType {
			if v.CanAddr() {
				return *(*time.Time)(v.Addr().UnsafePointer())
			}
			return v.Interface().(time.Time)
		}
		return v.Convert(timeType).Interface().(time.Time)
	}
	switch {
	case o.unixTime:
		return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
			return e.num(e.text(func(b []byte) []byte { return strconv.AppendInt(b, get(v).Unix(), 10) })), nil
		}
	case o.keyTime:
		return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
			return e.str(e.text(func(b []byte) []byte { return keys.AppendTime(b, get(v)) })), nil
		}
	}
	return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
		return e.str(e.text(func(b []byte) []byte { return get(v).AppendFormat(b, time.RFC3339Nano) })), nil
	}
}

func mapEncoder(t reflect.Type, o avOpts) encodeFunc {
	keyOf := mapKeyEncoder(t.Key())
	elemOpts := o.elem()
	enc := encoderFor(t.Elem(), elemOpts)
	if t == stringMapType && elemOpts == (avOpts{}) {
		// The usual map[string]string, ranged over directly: what the
		// general loop below does for it, without a reflect.Value per
		// entry. Only exported fields are encoded, so v can always be
		// interfaced.
		return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
			src := v.Interface().(map[string]string)
			out := make(map[string]types.AttributeValue, len(src))
			for k, s := range src {
				if k == "" {
					return nil, marshalErr("map key cannot be empty")
				}
				out[k] = e.str(s)
			}
			return e.mapValue(out), nil
		}
	}
	nanKey := t.Key().Kind() == reflect.Float32 || t.Key().Kind() == reflect.Float64
	return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
		out := make(map[string]types.AttributeValue, v.Len())
		it := v.MapRange()
		for it.Next() {
			k, err := keyOf(it.Key())
			if err != nil {
				return nil, err
			}
			if k == "" {
				return nil, marshalErr("map key cannot be empty")
			}
			// it.Value is a copy, not addressable: as in
			// attributevalue, a pointer-receiver Marshaler of the
			// value type is not called.
			ev := it.Value()
			if nanKey && math.IsNaN(it.Key().Float()) {
				// attributevalue looks the value up by its key,
				// and a NaN key finds nothing: an absent value.
				ev = reflect.Value{}
			}
			av, err := encodeAbsent(enc, elemOpts, e, ev)
			if err != nil {
				return nil, &fieldError{attr: k, err: err}
			}
			if av != nil {
				out[k] = av
			}
		}
		return e.mapValue(out), nil
	}
}

// encodeAbsent encodes v with enc, or, when v is the invalid Value (no
// value at all), as attributevalue encodes one: left out with omitempty,
// an error with omitempty and nullempty, else NULL.
func encodeAbsent(enc encodeFunc, o avOpts, e *encState, v reflect.Value) (types.AttributeValue, error) {
	if v.IsValid() {
		return enc(e, v)
	}
	switch {
	case o.omitEmpty && o.nullEmpty:
		return nil, marshalErr("zero value with both omitempty and nullempty")
	case o.omitEmpty:
		return nil, nil
	}
	return e.null(), nil
}

var (
	stringMapType   = reflect.TypeFor[map[string]string]()
	stringSliceType = reflect.TypeFor[[]string]()
)

// mapKeyEncoder returns the text of a map key as attributevalue has it: a
// TextMarshaler's text (asked of the key's dynamic value, so interface keys
// qualify by what they hold), else the key printed with fmt for strings,
// numbers and bools; any other key is refused.
func mapKeyEncoder(k reflect.Type) func(reflect.Value) (string, error) {
	byText := func(m encoding.TextMarshaler) (string, error) {
		b, err := m.MarshalText()
		if err != nil {
			return "", fmt.Errorf("failed to marshal text, %w", err)
		}
		return string(b), nil
	}
	switch {
	case k.Kind() == reflect.Interface:
		return func(v reflect.Value) (string, error) {
			if m, ok := v.Interface().(encoding.TextMarshaler); ok {
				return byText(m)
			}
			return "", marshalErr("map key type not supported, must be string, number, bool, or TextMarshaler")
		}
	case k.Implements(textMarshalerType):
		return func(v reflect.Value) (string, error) { return byText(v.Interface().(encoding.TextMarshaler)) }
	}
	switch k.Kind() {
	case reflect.String:
		if k.NumMethod() == 0 {
			return func(v reflect.Value) (string, error) { return v.String(), nil }
		}
		fallthrough
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return func(v reflect.Value) (string, error) { return fmt.Sprint(v.Interface()), nil }
	}
	return func(reflect.Value) (string, error) {
		return "", marshalErr("map key type %s not supported, must be string, number, bool, or TextMarshaler", k)
	}
}

func sliceEncoder(t reflect.Type, o avOpts) encodeFunc {
	elem := t.Elem()
	if elem.Kind() == reflect.Uint8 {
		return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
			b := make([]byte, v.Len())
			switch {
			case t.Kind() == reflect.Slice && elem == bytesTyp.Elem():
				copy(b, v.Bytes())
			case elem == bytesTyp.Elem():
				reflect.Copy(reflect.ValueOf(b), v)
			default:
				// A named byte type: attributevalue panics
				// (reflect.Copy wants the same element type);
				// stored as the bytes it holds, as it meant to,
				// and as it decodes them back.
				for i := range b {
					b[i] = byte(v.Index(i).Uint())
				}
			}
			return &types.AttributeValueMemberB{Value: b}, nil
		}
	}
	elemOpts := o.elem()
	switch {
	case o.binSet || t == bytes2:
		return setEncoder(elem, elemOpts, func(n int) setBuilder { return &binSet{v: make([][]byte, 0, n)} })
	case o.numSet:
		return setEncoder(elem, elemOpts, func(n int) setBuilder { return &numSet{v: make([]string, 0, n)} })
	case o.strSet:
		return setEncoder(elem, elemOpts, func(n int) setBuilder { return &strSet{v: make([]string, 0, n)} })
	}
	enc := encoderFor(elem, elemOpts)
	return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
		n := v.Len()
		out := make([]types.AttributeValue, 0, n)
		for i := 0; i < n; i++ {
			av, err := enc(e, v.Index(i))
			if err != nil {
				return nil, listError(i, err)
			}
			if av != nil {
				out = append(out, av)
			}
		}
		return e.list(out), nil
	}
}

type setBuilder interface {
	add(types.AttributeValue) error
	value() types.AttributeValue
}

type strSet struct{ v []string }

func (s *strSet) add(av types.AttributeValue) error {
	x, ok := av.(*types.AttributeValueMemberS)
	if !ok || x == nil {
		return marshalErr("string set must only contain non-nil strings")
	}
	s.v = append(s.v, x.Value)
	return nil
}
func (s *strSet) value() types.AttributeValue { return &types.AttributeValueMemberSS{Value: s.v} }

type numSet struct{ v []string }

func (s *numSet) add(av types.AttributeValue) error {
	x, ok := av.(*types.AttributeValueMemberN)
	if !ok || x == nil {
		return marshalErr("number set must only contain non-nil string numbers")
	}
	s.v = append(s.v, x.Value)
	return nil
}
func (s *numSet) value() types.AttributeValue { return &types.AttributeValueMemberNS{Value: s.v} }

type binSet struct{ v [][]byte }

func (s *binSet) add(av types.AttributeValue) error {
	x, ok := av.(*types.AttributeValueMemberB)
	if !ok || x == nil || x.Value == nil {
		return marshalErr("binary set must only contain non-nil byte slices")
	}
	s.v = append(s.v, x.Value)
	return nil
}
func (s *binSet) value() types.AttributeValue { return &types.AttributeValueMemberBS{Value: s.v} }

func setEncoder(elem reflect.Type, elemOpts avOpts, newSet func(int) setBuilder) encodeFunc {
	// Fast path for the common []string string set.
	if elem.Kind() == reflect.String && elem.NumMethod() == 0 && elemOpts == (avOpts{}) {
		probe := newSet(0)
		if _, ok := probe.(*strSet); ok {
			return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
				n := v.Len()
				if n == 0 {
					return e.null(), nil
				}
				out := make([]string, n)
				for i := 0; i < n; i++ {
					out[i] = v.Index(i).String()
				}
				return &types.AttributeValueMemberSS{Value: out}, nil
			}
		}
	}
	enc := encoderFor(elem, elemOpts)
	return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
		n := v.Len()
		if n == 0 {
			// attributevalue encodes empty sets as NULL: DynamoDB has no
			// empty sets.
			return e.null(), nil
		}
		set := newSet(n)
		for i := 0; i < n; i++ {
			av, err := enc(e, v.Index(i))
			if err != nil {
				return nil, err
			}
			if av == nil {
				continue
			}
			if err := set.add(av); err != nil {
				return nil, err
			}
		}
		return set.value(), nil
	}
}

// fieldEnc is one attribute of a struct plan.
type fieldEnc struct {
	name   string
	index  []int
	single int // index[0] when the field is not promoted, else -1
	enc    encodeFunc
	plain  plainKind // for lone values of the field's plain type, see scalar
}

// plainKind marks a field whose type is one of a few built-in types stored
// the plain way, so a lone value of that type (a key condition value, a
// comparison operand) can be encoded without reflection.
type plainKind uint8

const (
	notPlain plainKind = iota
	plainString
	plainInt
	plainInt64
	plainFloat64
	plainKeyTime // time.Time stored as keys.TimeLayout text
	// plainElems: a list, set or map; a lone string or int compared with
	// it (an operand of contains) is encoded by attributevalue's rules,
	// as EncodeValue leaves it to them.
	plainElems
)

func plainKindOf(t reflect.Type, o avOpts) plainKind {
	switch {
	case (t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map) && t.Elem().Kind() != reflect.Uint8:
		return plainElems
	case t == timeType && o.keyTime && !o.unixTime && !o.asString:
		return plainKeyTime
	case !o.neutral():
		return notPlain
	case t == reflect.TypeFor[string]():
		return plainString
	case t == reflect.TypeFor[int]():
		return plainInt
	case t == reflect.TypeFor[int64]():
		return plainInt64
	case t == reflect.TypeFor[float64]():
		return plainFloat64
	}
	return notPlain
}

// scalar gives v's stored text, and whether it is a number, when v has the
// field's exact plain type; ok is false otherwise. The text is what the
// field's encoder would store.
func (f *fieldEnc) scalar(v any) (text string, number, ok bool) {
	switch f.plain {
	case plainString:
		if x, ok := v.(string); ok {
			return x, false, true
		}
	case plainInt:
		if x, ok := v.(int); ok {
			return strconv.Itoa(x), true, true
		}
	case plainInt64:
		if x, ok := v.(int64); ok {
			return strconv.FormatInt(x, 10), true, true
		}
	case plainFloat64:
		if x, ok := v.(float64); ok {
			return strconv.FormatFloat(x, 'f', -1, 64), true, true
		}
	case plainKeyTime:
		if x, ok := v.(time.Time); ok {
			return keys.FormatTime(x), false, true
		}
	case plainElems:
		switch x := v.(type) {
		case string:
			return x, false, true
		case int:
			return strconv.Itoa(x), true, true
		}
	}
	return "", false, false
}

// scalarValue is the attribute value holding a scalar's text.
func scalarValue(text string, number bool) types.AttributeValue {
	if number {
		return &types.AttributeValueMemberN{Value: text}
	}
	return &types.AttributeValueMemberS{Value: text}
}

func structEncoder(t reflect.Type) encodeFunc {
	// The fields' encoders compile on their first use, so a struct that
	// reaches itself does not recurse here.
	plan := structPlan(t)
	return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
		m, err := plan.encode(e, v, 0)
		if err != nil {
			return nil, err
		}
		return e.mapValue(m), nil
	}
}

type encPlan struct {
	fields []fieldEnc
	err    error
}

var encPlans sync.Map // reflect.Type → *encPlan

func structPlan(t reflect.Type) *encPlan {
	if p, ok := encPlans.Load(t); ok {
		return p.(*encPlan)
	}
	p := &encPlan{}
	for _, f := range structFields(t) {
		if f.name == "" {
			p.err = marshalErr("map key cannot be empty")
		}
		p.fields = append(p.fields, newFieldEnc(f, f.tag.opts))
	}
	actual, _ := encPlans.LoadOrStore(t, p)
	return actual.(*encPlan)
}

func newFieldEnc(f structField, o avOpts) fieldEnc {
	fe := fieldEnc{name: f.name, index: f.index, single: -1, enc: encoderFor(f.typ, o), plain: plainKindOf(f.typ, o)}
	if f.hidden {
		fe.enc, fe.plain = hiddenEncoder(f.typ, o), notPlain
	}
	if len(f.index) == 1 {
		fe.single = f.index[0]
	}
	return fe
}

// encode writes the plan's attributes into a new map sized for extra more.
func (p *encPlan) encode(e *encState, v reflect.Value, extra int) (map[string]types.AttributeValue, error) {
	if p.err != nil {
		return nil, p.err
	}
	m := make(map[string]types.AttributeValue, len(p.fields)+extra)
	for i := range p.fields {
		f := &p.fields[i]
		var fv reflect.Value
		if f.single >= 0 {
			fv = v.Field(f.single)
		} else {
			var ok bool
			if fv, ok = fieldForEncode(v, f.index); !ok {
				continue
			}
		}
		av, err := f.enc(e, fv)
		if err != nil {
			return nil, &fieldError{attr: f.name, err: err}
		}
		if av != nil {
			m[f.name] = av
		}
	}
	return m, nil
}

// hiddenEncoder encodes a field of an unexported embedded non-struct type
// (see structField.hidden) only where attributevalue settles it without
// reading it: an empty value that is left out or NULL. Anything else is an
// error, where attributevalue panics.
func hiddenEncoder(t reflect.Type, o avOpts) encodeFunc {
	full := encoderFor(t, o)
	zero := zeroTest(t)
	nullable := t.Kind() == reflect.Pointer
	return func(e *encState, v reflect.Value) (types.AttributeValue, error) {
		if zero != nil && zero(v) && (o.omitEmpty || o.nullEmpty || nullable) {
			return full(e, v)
		}
		return nil, marshalErr("a field of the unexported embedded type %s cannot be encoded", t)
	}
}

// fieldForEncode follows an index path; a nil embedded pointer on the way
// means the promoted field is absent.
func fieldForEncode(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

// fieldError carries the attribute path of an encoding or decoding failure:
// a map key (attr) or a list position (index ≥ 0), wrapping the failure
// further down.
type fieldError struct {
	attr  string
	index int
	err   error
}

func listError(i int, err error) error { return &fieldError{index: i, err: err} }

func (e *fieldError) Error() string { return e.path() + ": " + e.leaf().Error() }
func (e *fieldError) Unwrap() error { return e.err }

func (e *fieldError) segment() string {
	if e.attr == "" {
		return "[" + strconv.Itoa(e.index) + "]"
	}
	return e.attr
}

func (e *fieldError) path() string {
	p := e.segment()
	var inner *fieldError
	if errors.As(e.err, &inner) {
		next := inner.path()
		if inner.attr != "" {
			p += "."
		}
		p += next
	}
	return p
}

func (e *fieldError) leaf() error {
	var inner *fieldError
	if errors.As(e.err, &inner) {
		return inner.leaf()
	}
	return e.err
}
