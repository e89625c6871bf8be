package entity

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/go-playground/validator/v10"

	"github.com/dynamodel/dynamodel/cond"
)

// ErrUnknownPath: a document path that leads to no field of the entity.
var ErrUnknownPath = errors.New("dynamodel: the entity has no field at this path")

// PathInfo describes the field a document path leads to, so that writes to
// part of an item can be encoded and validated like whole items.
type PathInfo struct {
	// Attribute is the top-level attribute the path starts at.
	Attribute Attribute
	// GoType is the Go type of the value at the path.
	GoType reflect.Type
	// Validate is the field's validate tag ("" for list and map elements,
	// whose rules live in the container's dive).
	Validate string
	// Key reports whether the path is a top-level key attribute of the
	// table or of an index; Primary whether it is part of the table's
	// primary key.
	Key, Primary bool
	// Required reports whether the field's validate tag requires a value.
	Required bool

	opts avOpts
	// enc encodes a value at the path; elems the elements of a list or
	// set written at it (nil when it is neither). ResolvePath sets them,
	// so a PathInfo made by hand finds its encoders on use.
	enc, elems encodeFunc
	// rules are the compiled validate tag for values of GoType, and
	// elemPlan the compiled rules of struct elements of a list (nil:
	// none, or go-playground/validator does the work).
	rules    *valueRules
	elemPlan *fastPlan
}

// compiled sets info's encoders and compiled validation.
func (m *Meta) compiled(info PathInfo) PathInfo {
	info.enc = encoderFor(info.GoType, info.opts)
	t := derefType(info.GoType)
	if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		info.elems = encoderFor(t, info.elemOpts())
		if et := t.Elem(); m.fast != nil && et.Kind() == reflect.Struct && !isTime(et) {
			info.elemPlan = fastPlanFor(et)
		}
	}
	if m.fast != nil && info.Validate != "" {
		info.rules = valueRulesFor(info.GoType, info.Validate)
	}
	return info
}

// elemOpts are the options for encoding elements written into the list or
// set at info: never omitted, never NULL.
func (info PathInfo) elemOpts() avOpts {
	o := info.opts
	o.omitEmpty, o.nullEmpty = false, false
	return o
}

// ResolvePath follows p through the entity's struct types, slices and maps.
func (m *Meta) ResolvePath(p cond.Path) (PathInfo, error) {
	if err := p.Err(); err != nil {
		return PathInfo{}, err
	}
	i, ok := m.attrIndex(p.Root())
	if !ok {
		return PathInfo{}, fmt.Errorf("%w: %s", ErrUnknownPath, p)
	}
	if !p.IsNested() {
		return m.topPaths[i], nil
	}
	a := m.attrs[i]
	info := PathInfo{Attribute: a, GoType: a.GoType, Validate: a.field.field.Tag.Get("validate"), opts: a.opts}
	t := a.GoType
	for d := 0; d < p.Depth(); d++ {
		el := p.Elem(d)
		t = derefType(t)
		switch {
		case el.IsIndex && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
			info.opts = info.opts.elem()
			t, info.Validate = t.Elem(), ""
		case !el.IsIndex && t.Kind() == reflect.Map && t.Key().Kind() == reflect.String:
			info.opts = info.opts.elem()
			t, info.Validate = t.Elem(), ""
		case !el.IsIndex && t.Kind() == reflect.Struct && !isTime(t):
			found := false
			for _, f := range structFields(t) {
				if f.name == el.Name {
					t, info.Validate, info.opts, found = f.typ, f.field.Tag.Get("validate"), f.tag.opts, true
					break
				}
			}
			if !found {
				return PathInfo{}, fmt.Errorf("%w: %s", ErrUnknownPath, p)
			}
		default:
			return PathInfo{}, fmt.Errorf("%w: %s (cannot step into %s)", ErrUnknownPath, p, t)
		}
	}
	info.GoType = t
	info.Required = hasRule(info.Validate, "required")
	return m.compiled(info), nil
}

// topPathInfo describes top-level attribute i; Register keeps one per
// attribute, since updates ask for them on every action.
func (m *Meta) topPathInfo(i int) PathInfo {
	a := m.attrs[i]
	info := PathInfo{Attribute: a, GoType: a.GoType, Validate: a.field.field.Tag.Get("validate"), opts: a.opts}
	info.Key = a.KeyType != ""
	info.Primary = m.primary.Has(a.Name)
	info.Required = hasRule(info.Validate, "required")
	return m.compiled(info)
}

func hasRule(tag, rule string) bool {
	for _, r := range strings.Split(tag, ",") {
		if r == rule {
			return true
		}
	}
	return false
}

// EncodeAt encodes v as the field at path p stores it. v must be of the
// field's Go type or convertible to it without loss.
func (m *Meta) EncodeAt(info *PathInfo, v any) (types.AttributeValue, error) {
	rv, err := convertValue(v, info.GoType)
	if err != nil {
		return nil, err
	}
	enc := info.enc
	if enc == nil {
		enc = encoderFor(info.GoType, info.opts)
	}
	av, err := encodeOne(enc, rv)
	if err != nil {
		return nil, err
	}
	return av, nil
}

// EncodeElems encodes the elements of slice v as elements of the list or
// set at p (for list_append and set ADD/DELETE).
func (m *Meta) EncodeElems(info *PathInfo, v any) (types.AttributeValue, error) {
	if ss, ok := v.([]string); ok && len(ss) > 0 && info.GoType == stringSliceType &&
		info.opts.strSet && !info.opts.omitEmptyElem && !info.opts.nullEmptyElem {
		// The usual string set, as the set encoder writes it, without
		// going through reflection.
		return stringSet(ss), nil
	}
	t := derefType(info.GoType)
	if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
		return nil, fmt.Errorf("%s is not a list or set", info.Attribute.Name)
	}
	rv, err := convertValue(v, t)
	if err != nil {
		return nil, err
	}
	enc := info.elems
	if enc == nil {
		enc = encoderFor(t, info.elemOpts())
	}
	return encodeOne(enc, rv)
}

// stringSet returns a string set holding a copy of ss; a small set and its
// copy are one allocation.
func stringSet(ss []string) *types.AttributeValueMemberSS {
	const inline = 4
	if len(ss) > inline {
		return &types.AttributeValueMemberSS{Value: slices.Clone(ss)}
	}
	c := new(struct {
		set   types.AttributeValueMemberSS
		elems [inline]string
	})
	n := copy(c.elems[:], ss)
	c.set.Value = c.elems[:n:n]
	return &c.set
}

// ValidateAt checks v, the new value at path p, against the validate tag of
// the field there and, for struct values, the struct's own tags. Failures
// are a *ValidationError whose fields are named by their path.
func (m *Meta) ValidateAt(p cond.Path, info *PathInfo, v any) error {
	if fails, ok := m.fastValidateAt(info, v); ok {
		if len(fails) == 0 {
			return nil
		}
		return m.pathError(p, info, fails)
	}
	return m.validateAtSlow(p, info, v)
}

// pathError reports the failures of compiled checks on the value at p:
// each field is named by p, then the failing field inside a struct value.
func (m *Meta) pathError(p cond.Path, info *PathInfo, fails []fastFailure) error {
	out := &ValidationError{Entity: m.typeName, Fields: make([]FieldError, len(fails))}
	field := p.String()
	for i, f := range fails {
		out.Fields[i] = FieldError{Field: field, Attribute: info.Attribute.Name, Tag: f.tag, Param: f.param, Value: f.value}
		if f.ns != "" {
			out.Fields[i].Field += "." + f.ns
		}
	}
	return out
}

// ValidateElems checks the elements of slice v, about to be added to the
// list at p (list_append), as ValidateAt checks each: a struct element
// against its struct's rules. The list's own rules (its length, its dive
// rules) cannot be judged from a partial write and are not applied. The
// first failing element is reported, its fields named by their path.
func (m *Meta) ValidateElems(p cond.Path, info *PathInfo, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return fmt.Errorf("%w: %s: want a slice of elements, got %T", ErrValidation, p, v)
	}
	et := rv.Type().Elem()
	checkAll := func(plan *fastPlan) error {
		var fails []fastFailure
		for i := 0; i < rv.Len(); i++ {
			if fails = plan.check(rv.Index(i), fails[:0]); len(fails) > 0 {
				return m.pathError(p.Index(i), info, fails)
			}
		}
		return nil
	}
	if plan := info.elemPlan; plan != nil && plan.typ == et {
		return checkAll(plan) // elements of the list's own type
	}
	switch {
	case et.Kind() == reflect.Struct && !isTime(et) && m.fast != nil:
		if plan := fastPlanFor(et); plan != nil {
			return checkAll(plan)
		}
	case et.Kind() != reflect.Struct && et.Kind() != reflect.Pointer && et.Kind() != reflect.Interface:
		return nil // no rules of its own: ValidateAt would check nothing
	}
	elem := PathInfo{Attribute: info.Attribute}
	for i := 0; i < rv.Len(); i++ {
		if err := m.ValidateAt(p.Index(i), &elem, rv.Index(i).Interface()); err != nil {
			return err
		}
	}
	return nil
}

// validateAtSlow is ValidateAt through go-playground/validator.
func (m *Meta) validateAtSlow(p cond.Path, info *PathInfo, v any) error {
	var ves validator.ValidationErrors
	add := func(err error) error {
		if err == nil {
			return nil
		}
		var batch validator.ValidationErrors
		if !errors.As(err, &batch) {
			return fmt.Errorf("%w: %s: %w", ErrValidation, p, err)
		}
		ves = append(ves, batch...)
		return nil
	}
	if info.Validate != "" {
		if err := add(m.validate.Var(v, info.Validate)); err != nil {
			return err
		}
	}
	varCount := len(ves)
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() == reflect.Struct && !isTime(rv.Type()) {
		if err := add(m.validate.Struct(rv.Interface())); err != nil {
			return err
		}
	}
	if len(ves) == 0 {
		return nil
	}
	out := &ValidationError{Entity: m.typeName}
	for i, fe := range ves {
		field := p.String()
		if i >= varCount {
			// Struct rules: the namespace starts with the struct's type name.
			if _, rest, ok := strings.Cut(fe.StructNamespace(), "."); ok {
				field += "." + rest
			}
		}
		out.Fields = append(out.Fields, FieldError{Field: field, Attribute: info.Attribute.Name, Tag: fe.Tag(), Param: fe.Param(), Value: fe.Value()})
	}
	return out
}

// convertValue turns v into a value of type t: the same type, a lossless
// conversion between kinds of one family, or v's pointer or pointee.
func convertValue(v any, t reflect.Type) (reflect.Value, error) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		if t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			return reflect.Zero(t), nil
		}
		return reflect.Value{}, fmt.Errorf("nil is not a %s", t)
	}
	if rv.Type() == t {
		return rv, nil
	}
	if t.Kind() == reflect.Interface && rv.Type().Implements(t) {
		out := reflect.New(t).Elem()
		out.Set(rv)
		return out, nil
	}
	if rv.Kind() == reflect.Pointer && rv.Type().Elem() == t {
		if rv.IsNil() {
			return reflect.Value{}, fmt.Errorf("nil %s", rv.Type())
		}
		return rv.Elem(), nil
	}
	if rv.Kind() == reflect.Slice && t.Kind() == reflect.Slice && rv.Type().ConvertibleTo(t) &&
		rv.Type().Elem().Kind() == t.Elem().Kind() && rv.Type().Elem().Kind() != reflect.Interface {
		return rv.Convert(t), nil
	}
	cv, err := convertTo(v, t)
	if err != nil {
		return reflect.Value{}, err
	}
	return cv, nil
}

// SetAttribute sets the top-level field holding attribute name in item (a
// *T) to v, converted without loss to the field's type.
func (m *Meta) SetAttribute(item any, name string, v any) error {
	sv, err := m.structValue(item)
	if err != nil {
		return err
	}
	i, ok := m.attrIndex(name)
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownPath, name)
	}
	a := m.attrs[i]
	rv, err := convertValue(v, a.GoType)
	if err != nil {
		return err
	}
	fv, err := fieldForDecode(sv, a.field.index)
	if err != nil {
		return err
	}
	fv.Set(rv)
	return nil
}

// Validate runs the validate tags of item (a *T), as every write does.
func (m *Meta) Validate(table string, item any) error {
	if _, err := m.structValue(item); err != nil {
		return err
	}
	return m.validateWrite(table, item)
}
