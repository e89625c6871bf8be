package model

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/expr"
	"github.com/dynamodel/dynamodel/internal/keyrules"
)

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

	opts avOpts
	// enc encodes a value at the path; elems the elements of a list or
	// set written at it (nil when it is neither). ResolvePath sets them,
	// so a PathInfo made by hand finds its encoders on use.
	enc, elems encodeFunc
	// plan validates a value written at the path, elemPlan an element
	// added to the list or set there (nil when it is neither). A PathInfo
	// made by hand has neither and works them out on use.
	plan, elemPlan *valuePlan
}

// compiled sets info's encoders and validation plans for path p.
func (m *Meta) compiled(p expr.Path, info PathInfo) (PathInfo, error) {
	info.enc = encoderFor(info.GoType, info.opts)
	var err error
	if info.plan, err = m.planFor(p); err != nil {
		return PathInfo{}, err
	}
	t := derefType(info.GoType)
	if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		info.elems = encoderFor(t, info.elemOpts())
		if info.elemPlan, err = m.planFor(p.Index(0)); err != nil {
			return PathInfo{}, err
		}
	}
	return info, nil
}

// elemOpts are the options for encoding elements written into the list or
// set at info: never omitted, never NULL.
func (info PathInfo) elemOpts() avOpts {
	o := info.opts
	o.omitEmpty, o.nullEmpty = false, false
	return o
}

// ResolvePath follows p through the entity's struct types, slices and maps.
// A path the model does not declare is refused with RuleUnknownPath.
func (m *Meta) ResolvePath(p expr.Path) (PathInfo, error) {
	info, err := m.walkPath(p, false)
	if err != nil || !p.IsNested() {
		return info, err
	}
	return m.compiled(p, info)
}

// walkPath follows p through the entity's struct types, slices and maps,
// for ResolvePath (which then compiles what it finds) and for CheckPaths.
// A top-level attribute's description is the one Register compiled. With
// freeForm, a step into a value whose Go type does not say what it holds
// (an interface, or a type with its own attributevalue.Marshaler) ends the
// walk there, successfully: what lies below is not the model's to check.
func (m *Meta) walkPath(p expr.Path, freeForm bool) (PathInfo, error) {
	if err := p.Err(); err != nil {
		return PathInfo{}, err
	}
	i, ok := m.attrIndex(p.Root())
	if !ok {
		return PathInfo{}, m.unknownPath(p, "")
	}
	if !p.IsNested() {
		return m.topPaths[i], nil
	}
	a := m.attrs[i]
	info := PathInfo{Attribute: a, GoType: a.GoType, Validate: a.field.field.Tag.Get("validate"), opts: a.opts}
	t := a.GoType
	for d := 0; d < p.Depth(); d++ {
		el := p.Elem(d)
		if freeForm && (t.Kind() == reflect.Interface || t.Implements(marshalerType) || reflect.PointerTo(t).Implements(marshalerType)) {
			return info, nil
		}
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
				return PathInfo{}, m.unknownPath(p, fmt.Sprintf("%s has no field %q", t, el.Name))
			}
		default:
			return PathInfo{}, m.unknownPath(p, "cannot step into "+t.String())
		}
	}
	info.GoType = t
	return info, nil
}

// topPathInfo describes top-level attribute i; Register keeps one per
// attribute, since updates ask for them on every action.
func (m *Meta) topPathInfo(i int) (PathInfo, error) {
	a := m.attrs[i]
	info := PathInfo{Attribute: a, GoType: a.GoType, Validate: a.field.field.Tag.Get("validate"), opts: a.opts}
	info.Key = a.KeyType != ""
	info.Primary = keyrules.Has(m.primary, a.Name)
	return m.compiled(expr.Name(a.Name), info)
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
		return &types.AttributeValueMemberSS{Value: slices.Clone(ss)}, nil
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

// convertValue turns v into a value of type t: the same type, a lossless
// conversion between kinds of one family, or v's pointer or pointee. It
// converts values written to attributes (not keys): a refusal is an
// *errs.InputError with RuleWrongKind.
func convertValue(v any, t reflect.Type) (reflect.Value, error) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		if t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			return reflect.Zero(t), nil
		}
		return reflect.Value{}, &errs.InputError{Rule: RuleWrongKind, Detail: fmt.Sprintf("got nil, want %s", t)}
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
			return reflect.Value{}, &errs.InputError{Rule: RuleWrongKind, Detail: fmt.Sprintf("got a nil %s, want %s", rv.Type(), t)}
		}
		return rv.Elem(), nil
	}
	if rv.Kind() == reflect.Slice && t.Kind() == reflect.Slice && rv.Type().ConvertibleTo(t) &&
		rv.Type().Elem().Kind() == t.Elem().Kind() && rv.Type().Elem().Kind() != reflect.Interface {
		return rv.Convert(t), nil
	}
	cv, err := convertTo(v, t, RuleWrongKind)
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
		return m.unknownPath(expr.Name(name), "")
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
