package model

import (
	"encoding"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/go-playground/validator/v10"

	"github.com/dynamodel/dynamodel/internal/expr"
)

// A failing field is named two ways in a FieldError, the same way by every
// check (whole writes, partial writes, reads, projected reads):
//
//   - Field is the Go path, in validator's struct-namespace form from the
//     entity's type name down (Order.Lines[0].SKU): it points at the code
//     that declares the rule;
//   - Attribute is the document path of the stored attribute
//     (lines[0].sku, as cond.Path prints it): it points at the item, and at
//     the update path that wrote the value.
//
// Both are worked out from validator's namespace only when a check fails,
// so the cost is on the error path.

// failure is the FieldError of validator's failure fe, named field and
// attribute.
func failure(fe validator.FieldError, field, attribute string) FieldError {
	return FieldError{Field: field, Attribute: attribute, Tag: fe.Tag(), Param: fe.Param(), Value: fe.Value()}
}

// goTypeName is how a Field starts: validator's name for the entity's
// struct type, without the type arguments of a generic type (which spell
// out package paths).
func (m *Meta) goTypeName() string {
	name, _, _ := strings.Cut(m.goType.Name(), "[")
	return name
}

// goField is the Field of a failure at rel, validator's namespace below the
// entity's type name.
func (m *Meta) goField(rel string) string {
	if name := m.goTypeName(); name != "" {
		return name + "." + rel
	}
	return rel
}

// itemFailure is validator's failure fe in a whole item, at rel, the
// namespace below the entity's type name; item is the validated struct
// (its value says what an interface field holds).
func (m *Meta) itemFailure(fe validator.FieldError, rel string, item reflect.Value) FieldError {
	return failure(fe, m.goField(rel), docPath(expr.Path{}, false, m.goType, item, rel))
}

// goPath is the Field of the value written at q, a path of the shape the
// plan was made for (its list indexes may differ).
func (plan *valuePlan) goPath(m *Meta, q expr.Path) string {
	var b strings.Builder
	b.WriteString(plan.goSteps[0])
	for d := 0; d < q.Depth(); d++ {
		if el := q.Elem(d); el.IsIndex {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(el.Index))
			b.WriteByte(']')
		} else {
			b.WriteString(plan.goSteps[d+1])
		}
	}
	return m.goField(b.String())
}

// valueFailure is validator's failure fe inside v, the value written at q
// by a partial write: rest is validator's namespace of the failing field
// below the value ("" for the value itself).
func (m *Meta) valueFailure(fe validator.FieldError, plan *valuePlan, q expr.Path, v reflect.Value, rest string) FieldError {
	return failure(fe, plan.goPath(m, q)+rest, docPath(q, true, plan.leaf, v, rest))
}

// docPath follows ns, validator's struct namespace of a field below a value
// of type t, and returns the document path of the attribute it names,
// continuing at (a path already begun when rooted is true; otherwise the
// first attribute met is the top-level one). v, when valid, is the value
// itself: it says what an interface holds, and finds a map entry whose key
// is not a string. The result is "" where ns leads to nothing stored: a
// field attributevalue leaves out (dynamodbav:"-", unexported, hidden by
// another of the same name), or an interface holding nothing.
func docPath(at expr.Path, rooted bool, t reflect.Type, v reflect.Value, ns string) string {
	// A struct's attributes include the fields of the structs it embeds:
	// outer is the struct whose attribute the next field name is, and
	// index the way to that field through embedded structs.
	var outer reflect.Type
	var index []int
	for ns != "" {
		switch t.Kind() {
		case reflect.Pointer:
			t, v = t.Elem(), elemOf(v)
			continue
		case reflect.Interface:
			if v = elemOf(v); !v.IsValid() {
				return ""
			}
			t = v.Type()
			continue
		}
		switch {
		case ns[0] == '.':
			ns = ns[1:]
		case ns[0] == '[' && rooted && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
			end := strings.IndexByte(ns, ']')
			i, err := strconv.Atoi(ns[1:max(end, 1)])
			if end < 0 || err != nil {
				return ""
			}
			at, v, t, ns = at.Index(i), indexOf(v, i), t.Elem(), ns[end+1:]
		case ns[0] == '[' && rooted && t.Kind() == reflect.Map:
			printed, rest := mapKey(ns, t.Elem())
			var name string
			name, v = mapEntry(v, printed)
			at, t, ns = at.Field(name), t.Elem(), rest
		case ns[0] != '[' && t.Kind() == reflect.Struct:
			end := strings.IndexAny(ns, ".[")
			if end < 0 {
				end = len(ns)
			}
			sf, ok := t.FieldByName(ns[:end])
			if !ok || len(sf.Index) != 1 {
				return "" // validator names every field through the structs it is in
			}
			ns = ns[end:]
			if outer == nil {
				outer = t
			}
			index = append(index, sf.Index[0])
			v = fieldOf(v, sf.Index[0])
			t = sf.Type
			if sf.Anonymous && parseAVTag(sf).name == "" && derefType(t).Kind() == reflect.Struct {
				continue // flattened: the next name is still one of outer's attributes
			}
			name, ok := attributeAt(outer, index)
			if !ok {
				return ""
			}
			if rooted {
				at = at.Field(name)
			} else {
				at, rooted = expr.Name(name), true
			}
			outer, index = nil, nil
		default:
			return ""
		}
	}
	if !rooted || outer != nil {
		return ""
	}
	return at.String()
}

// attributeAt is the attribute name of the field of struct t at index
// (through embedded structs), as attributevalue names it.
func attributeAt(t reflect.Type, index []int) (string, bool) {
	for _, f := range structFields(t) {
		if slices.Equal(f.index, index) {
			return f.name, true
		}
	}
	return "", false
}

// mapKey splits ns, which starts with a map entry validator names as
// "[" + fmt's %v of the key + "]", into the printed key and what follows.
// A key may itself hold brackets: the entry ends at the last "]" when the
// map's values have nothing inside them to name, otherwise at the first
// "]" followed by a field or an index.
func mapKey(ns string, elem reflect.Type) (printed, rest string) {
	switch derefType(elem).Kind() {
	case reflect.Struct, reflect.Slice, reflect.Array, reflect.Map, reflect.Interface:
		for i := 1; i < len(ns); i++ {
			if ns[i] == ']' && (i+1 == len(ns) || ns[i+1] == '.' || ns[i+1] == '[') {
				return ns[1:i], ns[i+1:]
			}
		}
	}
	if end := strings.LastIndexByte(ns, ']'); end > 0 {
		return ns[1:end], ns[end+1:]
	}
	return ns[1:], ""
}

// mapEntry finds the entry of map v whose key validator printed, and
// returns the entry's attribute name (the key as attributevalue writes it)
// and its value. Without the map, the printed key is the name.
func mapEntry(v reflect.Value, printed string) (string, reflect.Value) {
	if !v.IsValid() || v.Kind() != reflect.Map {
		return printed, reflect.Value{}
	}
	for it := v.MapRange(); it.Next(); {
		k := it.Key()
		if fmt.Sprintf("%v", k) != printed {
			continue
		}
		if k.Kind() == reflect.String {
			return k.String(), it.Value()
		}
		if tm, ok := k.Interface().(encoding.TextMarshaler); ok {
			if text, err := tm.MarshalText(); err == nil {
				return string(text), it.Value()
			}
		}
		return printed, it.Value()
	}
	return printed, reflect.Value{}
}

// elemOf is what pointer or interface v points at or holds; invalid when v
// is invalid or nil.
func elemOf(v reflect.Value) reflect.Value {
	if !v.IsValid() || v.Kind() != reflect.Pointer && v.Kind() != reflect.Interface || v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

// indexOf is element i of list v; invalid when v is not a list or too
// short. (Naming a failure must never panic: the value only helps.)
func indexOf(v reflect.Value, i int) reflect.Value {
	if !v.IsValid() || v.Kind() != reflect.Slice && v.Kind() != reflect.Array || i >= v.Len() {
		return reflect.Value{}
	}
	return v.Index(i)
}

// fieldOf is field i of struct v; invalid when v is not a struct.
func fieldOf(v reflect.Value, i int) reflect.Value {
	if !v.IsValid() || v.Kind() != reflect.Struct || i >= v.NumField() {
		return reflect.Value{}
	}
	return v.Field(i)
}
