package model

import (
	"fmt"
	"reflect"

	"github.com/go-playground/validator/v10"

	"github.com/dynamodel/dynamodel/cond"
)

// Defaults (the ddb tag's default=) apply on both sides, so a stored item
// and an item read back agree:
//
//   - on read, an attribute the stored item lacks gets its default;
//   - on every full write (Put, Create, BatchPut, a transaction's Put or
//     Create), a field whose value is the zero value is written with its
//     default, before validation and encoding. The caller's struct is not
//     modified: the write works on a copy, so a value shared between
//     goroutines is never written to.
//
// Partial writes (updates) write what they are given: an update that sets
// the field to its zero value is validated and stored as it is.
//
// A default must pass its own field's validation; Register checks it with
// the model's validator.

// fillDefaults returns v (a struct of the model's type) with its zero
// defaulted fields set to their defaults: v itself when none is zero, else
// a copy. Fields behind a nil embedded pointer are left alone: the encoder
// leaves them out of the item, and a reader then gets the default.
func (m *Meta) fillDefaults(v reflect.Value) reflect.Value {
	var out reflect.Value
	for _, i := range m.defaults {
		a := &m.attrs[i]
		fv, ok := fieldForEncode(v, a.field.index)
		if !ok || !fv.IsZero() {
			continue
		}
		if !out.IsValid() {
			out = reflect.New(m.goType).Elem()
			out.Set(v)
		}
		setDefault(fieldForCopy(out, a.field.index), a.defaultValue)
	}
	if out.IsValid() {
		return out
	}
	return v
}

// fieldForCopy follows an index path through a shallow copy, copying each
// embedded struct reached through a pointer, so that setting the field
// does not write into the original's embedded structs.
func fieldForCopy(v reflect.Value, index []int) reflect.Value {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			c := reflect.New(v.Type().Elem())
			c.Elem().Set(v.Elem())
			v.Set(c)
			v = c.Elem()
		}
		v = v.Field(x)
	}
	return v
}

// setDefault sets field f to def, a value of f's type with its pointers
// taken off, allocating the pointers.
func setDefault(f reflect.Value, def reflect.Value) {
	for f.Kind() == reflect.Pointer {
		f.Set(reflect.New(f.Type().Elem()))
		f = f.Elem()
	}
	f.Set(def)
}

// checkDefault validates attribute a's default against its own field's
// rules, with the model's validator, as a write of the default to that one
// attribute is validated (see ValidateAt): other fields are not known, so
// cross-field rules compare with their zero values. A validator that
// panics (an undefined rule in the tag) is reported as the model error it
// is.
func (m *Meta) checkDefault(a *Attribute) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("validating the default: %v", p)
		}
	}()
	plan, err := m.planFor(cond.Name(a.Name))
	if err != nil {
		return err
	}
	v := reflect.New(a.GoType).Elem()
	setDefault(v, a.defaultValue)
	ves, err := m.check(plan, v)
	if err != nil {
		return fmt.Errorf("validating the default: %w", err)
	}
	if len(ves) > 0 {
		return fmt.Errorf("default %s fails the field's validation: rule %q", formatDefault(a.defaultValue), ruleOf(ves[0]))
	}
	return nil
}

func ruleOf(fe validator.FieldError) string {
	if fe.Param() == "" {
		return fe.Tag()
	}
	return fe.Tag() + "=" + fe.Param()
}

func formatDefault(v reflect.Value) string {
	if v.Kind() == reflect.String {
		return fmt.Sprintf("%q", v.String())
	}
	return fmt.Sprint(v.Interface())
}

// zeroDefaultWarning warns about a field whose default is not its zero
// value: a full write cannot store the zero value, which it takes for "not
// set". A pointer field has nil for that, and stores a pointer to zero.
func zeroDefaultWarning(a *Attribute) (string, bool) {
	if a.GoType.Kind() == reflect.Pointer || a.defaultValue.IsZero() {
		return "", false
	}
	return fmt.Sprintf("%s (default=%s): Put and Create write the default in place of the zero value %v, so only an update can store %v; make it a pointer to store it", a.GoName, formatDefault(a.defaultValue), formatZero(a.GoType), formatZero(a.GoType)), true
}

func formatZero(t reflect.Type) string {
	return formatDefault(reflect.Zero(t))
}
