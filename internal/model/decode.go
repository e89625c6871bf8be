package model

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// decodeFunc stores av into v, which is addressable and holds its zero
// value. The result is what attributevalue.Unmarshal stores for the same
// value and tags into a zero value.
type decodeFunc func(av types.AttributeValue, v reflect.Value) error

var decoders codecCache[decodeFunc]

// decoderFor returns the decoder for type t with options o, compiled on
// its first call (see encoderFor).
func decoderFor(t reflect.Type, o avOpts) decodeFunc {
	get := decoders.get(codecKey{t, o}, func() decodeFunc { return compileDecoder(t, o) })
	return func(av types.AttributeValue, v reflect.Value) error { return get()(av, v) }
}

// decodeOptions keeps the options that change decoding (the others only
// matter when encoding), so fallback decoders are shared.
func decodeOptions(o avOpts) avOpts { return avOpts{asString: o.asString, unixTime: o.unixTime} }

// fallbackDecoder hands the value to attributevalue. It is used for the
// shapes the compiled decoders do not cover (interfaces, arrays, custom
// unmarshalers) and for every type mismatch, so that errors and edge
// cases are attributevalue's own. Options that change decoding (string,
// unixtime) reach it through a one-field struct carrying the same tag.
func fallbackDecoder(t reflect.Type, o avOpts) decodeFunc {
	o = decodeOptions(o)
	// attributevalue.Unmarshal(av, &v) would ask &v for an Unmarshaler,
	// which it never does of a field of an unnamed type: such types go
	// through the holder as well.
	unnamedWithMethods := t.Kind() != reflect.Pointer && t.Name() == "" && reflect.PointerTo(t).NumMethod() > 0
	if o == (avOpts{}) && !unnamedWithMethods {
		return fallbackDecode
	}
	var opts []string
	if o.asString {
		opts = append(opts, "string")
	}
	if o.unixTime {
		opts = append(opts, "unixtime")
	}
	holder := reflect.StructOf([]reflect.StructField{{
		Name: "V",
		Type: t,
		Tag:  reflect.StructTag(`dynamodbav:"` + strings.Join(append([]string{"V"}, opts...), ",") + `"`),
	}})
	return func(av types.AttributeValue, v reflect.Value) error {
		h := reflect.New(holder)
		item := &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"V": av}}
		if err := fallbackDecode(item, h.Elem()); err != nil {
			return err
		}
		v.Set(h.Elem().Field(0))
		return nil
	}
}

// fallbackDecode decodes with attributevalue, options aside.
func fallbackDecode(av types.AttributeValue, v reflect.Value) (err error) {
	// Stored data must never crash the reader; attributevalue panics on a
	// few malformed inputs (a B of the wrong length for a byte array).
	defer func() {
		if r := recover(); r != nil {
			err = &attributevalue.UnmarshalTypeError{Value: fmt.Sprintf("%s (%v)", describeAV(av), r), Type: v.Type()}
		}
	}()
	return attributevalue.Unmarshal(av, v.Addr().Interface())
}

func isNull(av types.AttributeValue) bool {
	if av == nil {
		return true
	}
	_, ok := av.(*types.AttributeValueMemberNULL)
	return ok
}

func compileDecoder(t reflect.Type, o avOpts) decodeFunc {
	fallback := fallbackDecoder(t, o)
	if decodesItself(t) {
		return fallback
	}
	var body decodeFunc
	switch t.Kind() {
	case reflect.Pointer:
		elem := t.Elem()
		inner := decoderFor(elem, o)
		return func(av types.AttributeValue, v reflect.Value) error {
			if isNull(av) {
				v.SetZero()
				return nil
			}
			if v.IsNil() {
				v.Set(reflect.New(elem))
			}
			return inner(av, v.Elem())
		}
	case reflect.String:
		body = func(av types.AttributeValue, v reflect.Value) error {
			switch x := av.(type) {
			case *types.AttributeValueMemberS:
				v.SetString(x.Value)
				return nil
			case *types.AttributeValueMemberN:
				v.SetString(x.Value)
				return nil
			}
			return fallback(av, v)
		}
	case reflect.Bool:
		body = func(av types.AttributeValue, v reflect.Value) error {
			if x, ok := av.(*types.AttributeValueMemberBOOL); ok {
				v.SetBool(x.Value)
				return nil
			}
			return fallback(av, v)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		body = numberDecoder(o, fallback, func(s string, v reflect.Value) error {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return err
			}
			if v.OverflowInt(n) {
				return &attributevalue.UnmarshalTypeError{Value: "number overflow, " + s, Type: v.Type()}
			}
			v.SetInt(n)
			return nil
		})
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		body = numberDecoder(o, fallback, func(s string, v reflect.Value) error {
			n, err := strconv.ParseUint(s, 10, 64)
			if err != nil {
				return err
			}
			if v.OverflowUint(n) {
				return &attributevalue.UnmarshalTypeError{Value: "number overflow, " + s, Type: v.Type()}
			}
			v.SetUint(n)
			return nil
		})
	case reflect.Float32, reflect.Float64:
		body = numberDecoder(o, fallback, func(s string, v reflect.Value) error {
			n, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return err
			}
			if v.OverflowFloat(n) {
				return &attributevalue.UnmarshalTypeError{Value: "number overflow, " + s, Type: v.Type()}
			}
			v.SetFloat(n)
			return nil
		})
	case reflect.Struct:
		if t.ConvertibleTo(timeType) {
			body = timeDecoder(t, o, fallback)
		} else {
			body = structDecoder(t, fallback)
		}
	case reflect.Slice:
		body = sliceDecoder(t, fallback)
	case reflect.Array:
		// attributevalue stores a B in byte arrays byte by byte, never
		// through the elements' own Unmarshaler.
		if t.Elem().Kind() != reflect.Uint8 {
			return fallback
		}
		body = func(av types.AttributeValue, v reflect.Value) error {
			x, ok := av.(*types.AttributeValueMemberB)
			if !ok {
				return fallback(av, v)
			}
			if len(x.Value) != t.Len() {
				return &attributevalue.UnmarshalTypeError{Value: fmt.Sprintf("binary of %d bytes", len(x.Value)), Type: t}
			}
			for i, b := range x.Value {
				v.Index(i).SetUint(uint64(b))
			}
			return nil
		}
	case reflect.Map:
		body = mapDecoder(t, fallback)
	default:
		return fallback
	}
	return func(av types.AttributeValue, v reflect.Value) error {
		if isNull(av) {
			v.SetZero()
			return nil
		}
		return body(av, v)
	}
}

func numberDecoder(o avOpts, fallback decodeFunc, parse func(string, reflect.Value) error) decodeFunc {
	return func(av types.AttributeValue, v reflect.Value) error {
		switch x := av.(type) {
		case *types.AttributeValueMemberN:
			return parse(x.Value, v)
		case *types.AttributeValueMemberS:
			if o.asString {
				return parse(x.Value, v)
			}
		}
		return fallback(av, v)
	}
}

func timeDecoder(t reflect.Type, o avOpts, fallback decodeFunc) decodeFunc {
	set := func(v reflect.Value, tm time.Time) {
		if t == timeType {
			*(*time.Time)(v.Addr().UnsafePointer()) = tm
			return
		}
		v.Set(reflect.ValueOf(tm).Convert(t))
	}
	unix := func(s string, v reflect.Value) error {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return &attributevalue.UnmarshalError{Err: err, Value: s, Type: timeType}
		}
		set(v, time.Unix(n, 0))
		return nil
	}
	return func(av types.AttributeValue, v reflect.Value) error {
		switch x := av.(type) {
		case *types.AttributeValueMemberS:
			if o.asString {
				return unix(x.Value, v)
			}
			tm, err := time.Parse(time.RFC3339, x.Value)
			if err != nil {
				return &attributevalue.UnmarshalError{Err: err, Value: x.Value, Type: timeType}
			}
			set(v, tm)
			return nil
		case *types.AttributeValueMemberN:
			return unix(x.Value, v)
		}
		return fallback(av, v)
	}
}

func sliceDecoder(t reflect.Type, fallback decodeFunc) decodeFunc {
	elem := t.Elem()
	if elem.Kind() == reflect.Uint8 {
		// A B is stored byte by byte, as attributevalue does, whatever
		// methods the element type has; other values are its to
		// decode.
		return func(av types.AttributeValue, v reflect.Value) error {
			x, ok := av.(*types.AttributeValueMemberB)
			if !ok {
				return fallback(av, v)
			}
			s := reflect.MakeSlice(t, len(x.Value), len(x.Value))
			copy(s.Bytes(), x.Value)
			v.Set(s)
			return nil
		}
	}
	elemDec := decoderFor(elem, avOpts{})
	// attributevalue hands a whole set to the first element that has an
	// Unmarshaler: left to it.
	elemHasUnmarshaler := setElemUnmarshaler(elem)
	plainString := elem.Kind() == reflect.String && !elemHasUnmarshaler
	return func(av types.AttributeValue, v reflect.Value) error {
		switch x := av.(type) {
		case *types.AttributeValueMemberL:
			s := reflect.MakeSlice(t, len(x.Value), len(x.Value))
			for i, e := range x.Value {
				if err := elemDec(e, s.Index(i)); err != nil {
					return listError(i, err)
				}
			}
			v.Set(s)
			return nil
		case *types.AttributeValueMemberSS:
			if elemHasUnmarshaler {
				break
			}
			s := reflect.MakeSlice(t, len(x.Value), len(x.Value))
			for i, e := range x.Value {
				if plainString {
					s.Index(i).SetString(e)
					continue
				}
				if err := elemDec(&types.AttributeValueMemberS{Value: e}, s.Index(i)); err != nil {
					return err
				}
			}
			v.Set(s)
			return nil
		case *types.AttributeValueMemberNS:
			if elemHasUnmarshaler {
				break
			}
			s := reflect.MakeSlice(t, len(x.Value), len(x.Value))
			for i, e := range x.Value {
				if err := elemDec(&types.AttributeValueMemberN{Value: e}, s.Index(i)); err != nil {
					return err
				}
			}
			v.Set(s)
			return nil
		case *types.AttributeValueMemberBS:
			if elemHasUnmarshaler {
				break
			}
			s := reflect.MakeSlice(t, len(x.Value), len(x.Value))
			for i, e := range x.Value {
				if err := elemDec(&types.AttributeValueMemberB{Value: e}, s.Index(i)); err != nil {
					return err
				}
			}
			v.Set(s)
			return nil
		}
		return fallback(av, v)
	}
}

func mapDecoder(t reflect.Type, fallback decodeFunc) decodeFunc {
	kt := t.Key()
	if kt.Kind() != reflect.String || kt.Implements(textUnmarshalerType) || reflect.PointerTo(kt).Implements(textUnmarshalerType) {
		return fallback
	}
	vt := t.Elem()
	elemDec := decoderFor(vt, avOpts{})
	return func(av types.AttributeValue, v reflect.Value) error {
		x, ok := av.(*types.AttributeValueMemberM)
		if !ok {
			return fallback(av, v)
		}
		if v.IsNil() {
			v.Set(reflect.MakeMapWithSize(t, len(x.Value)))
		}
		for k, e := range x.Value {
			key := reflect.New(kt).Elem()
			key.SetString(k)
			elem := reflect.New(vt).Elem()
			if err := elemDec(e, elem); err != nil {
				return &fieldError{attr: k, err: err}
			}
			v.SetMapIndex(key, elem)
		}
		return nil
	}
}

// fieldDec is one attribute of a struct decoding plan.
type fieldDec struct {
	name   string
	index  []int
	single int
	dec    decodeFunc
}

type decPlan struct {
	fields []fieldDec
	byName map[string]int
}

var decPlans sync.Map // reflect.Type → *decPlan

func structDecPlan(t reflect.Type) *decPlan {
	if p, ok := decPlans.Load(t); ok {
		return p.(*decPlan)
	}
	fs := structFields(t)
	p := &decPlan{byName: make(map[string]int, len(fs))}
	for _, f := range fs {
		p.byName[f.name] = len(p.fields)
		p.fields = append(p.fields, newFieldDec(f, f.tag.opts))
	}
	actual, _ := decPlans.LoadOrStore(t, p)
	return actual.(*decPlan)
}

func newFieldDec(f structField, o avOpts) fieldDec {
	fd := fieldDec{name: f.name, index: f.index, single: -1, dec: decoderFor(f.typ, o)}
	if f.hidden {
		// A field of an unexported embedded non-struct type cannot be
		// set: attributevalue leaves it alone for NULL and panics on
		// anything else.
		fd.dec = func(av types.AttributeValue, v reflect.Value) error {
			if isNull(av) {
				return nil
			}
			return fmt.Errorf("%w: a field of the unexported embedded type %s cannot be set", ErrDecode, f.typ)
		}
	}
	if len(f.index) == 1 {
		fd.single = f.index[0]
	}
	return fd
}

func structDecoder(t reflect.Type, fallback decodeFunc) decodeFunc {
	// The fields' decoders compile on their first use, so a struct that
	// reaches itself does not recurse here.
	plan := structDecPlan(t)
	return func(av types.AttributeValue, v reflect.Value) error {
		x, ok := av.(*types.AttributeValueMemberM)
		if !ok {
			return fallback(av, v)
		}
		return plan.decodeFromMap(x.Value, v)
	}
}

// decodeFromMap decodes every attribute of m the plan knows into v: by
// exact name, or by attributevalue's case-insensitive fallback.
func (p *decPlan) decodeFromMap(m map[string]types.AttributeValue, v reflect.Value) error {
	unmatched := false
	for name, av := range m {
		i, ok := p.byName[name]
		if !ok {
			unmatched = true
			continue
		}
		if err := p.fields[i].decodeInto(av, v); err != nil {
			return err
		}
	}
	if !unmatched {
		return nil
	}
	for i, av := range foldFallback(p.fields, p.index, m) {
		if err := p.fields[i].decodeInto(av, v); err != nil {
			return err
		}
	}
	return nil
}

func (p *decPlan) index(name string) (int, bool) {
	i, ok := p.byName[name]
	return i, ok
}

// foldFallback finds the field each attribute of m that names no field
// exactly decodes into by attributevalue's case-insensitive fallback: the
// first field, in field order, whose name equals the attribute's under
// Unicode case folding. attributevalue decodes every such attribute, in
// map order, so when several reach one field the last one met wins; here
// the choice is fixed: an attribute named exactly after the field wins,
// else the first of them in sort order.
func foldFallback(fields []fieldDec, exact func(string) (int, bool), m map[string]types.AttributeValue) map[int]types.AttributeValue {
	var out map[int]types.AttributeValue
	var from map[int]string
	for name, av := range m {
		if _, ok := exact(name); ok {
			continue
		}
		for i := range fields {
			if !strings.EqualFold(fields[i].name, name) {
				continue
			}
			if _, named := m[fields[i].name]; named {
				break
			}
			if prev, taken := from[i]; taken && prev < name {
				break
			}
			if out == nil {
				out, from = map[int]types.AttributeValue{}, map[int]string{}
			}
			out[i], from[i] = av, name
			break
		}
	}
	return out
}

func (f *fieldDec) decodeInto(av types.AttributeValue, v reflect.Value) error {
	var fv reflect.Value
	if f.single >= 0 {
		fv = v.Field(f.single)
	} else {
		var err error
		if fv, err = fieldForDecode(v, f.index); err != nil {
			return &fieldError{attr: f.name, err: err}
		}
	}
	if err := f.dec(av, fv); err != nil {
		return &fieldError{attr: f.name, err: err}
	}
	return nil
}

// fieldForDecode follows an index path, allocating nil embedded pointers.
// A nil pointer to an unexported embedded struct cannot be set through
// reflection: that is an error (attributevalue panics there).
func fieldForDecode(v reflect.Value, index []int) (reflect.Value, error) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					return reflect.Value{}, fmt.Errorf("%w: cannot set embedded pointer to unexported struct %s", ErrDecode, v.Type().Elem())
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, nil
}

// decodesItself reports whether attributevalue decodes a value of type t
// (a field, an element) with its Unmarshaler: a named non-pointer type
// through its address, a pointer by its own method set. An unnamed
// non-pointer type is decoded by its kind even when its methods (promoted
// from an embedded field) would do.
func decodesItself(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		return t.Implements(unmarshalerType)
	}
	return t.Name() != "" && reflect.PointerTo(t).Implements(unmarshalerType)
}

// setElemUnmarshaler reports whether attributevalue finds an Unmarshaler
// for a set element of type t: through its address, or at any pointer
// along a chain of pointers.
func setElemUnmarshaler(t reflect.Type) bool {
	if decodesItself(t) {
		return true
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
		if decodesItself(t) {
			return true
		}
	}
	return false
}

// unmarshalerOf returns the Unmarshaler of an addressable value of type t
// (a pointer-receiver method counts), or nil when t has none: the entity
// type itself decodes the whole item then, as attributevalue.UnmarshalMap
// lets it.
func unmarshalerOf(t reflect.Type) func(reflect.Value) attributevalue.Unmarshaler {
	if !reflect.PointerTo(t).Implements(unmarshalerType) {
		return nil
	}
	return func(v reflect.Value) attributevalue.Unmarshaler {
		return v.Addr().Interface().(attributevalue.Unmarshaler)
	}
}

// decodeWhole hands the whole item to the entity type's Unmarshaler.
func decodeWhole(unmarshal func(reflect.Value) attributevalue.Unmarshaler, v reflect.Value, item map[string]types.AttributeValue) error {
	return unmarshal(v).UnmarshalDynamoDBAttributeValue(&types.AttributeValueMemberM{Value: item})
}
