// Package validtag reads what a field's go-playground/validator tag says
// about the values it admits, for the design review and the cost model's
// size assumptions. It does not validate anything (the validator does);
// it only reads the rules that bound a value's set of values or its size:
// oneof, boolean, required, len, min/max/gte/lte/eq, numeric/number and
// datetime. Rules after "dive" apply to elements and are ignored, and so are
// alternatives joined with "|", which widen what a value may be.
package validtag

import (
	"reflect"
	"strconv"
	"strings"
)

// Rules is what a validate tag says about the field's own value.
type Rules struct {
	Required bool
	// OneOf lists the values oneof= allows (nil without oneof).
	OneOf []string
	// Boolean: the boolean rule (a string or number holding a bool).
	Boolean bool
	// Numeric: the numeric or number rule (a string holding a number).
	Numeric bool
	// Datetime is the layout of a datetime= rule ("" without one).
	Datetime string
	// Len, Min and Max are the len, min/gte and max/lte parameters
	// (Has* false when absent). For strings they bound the length in
	// runes; for numbers, the value.
	Len, Min, Max          float64
	HasLen, HasMin, HasMax bool
}

// Of reads the validate tag of field.
func Of(field reflect.StructField) Rules { return Parse(field.Tag.Get("validate")) }

// Parse reads a validate tag.
func Parse(tag string) Rules {
	var r Rules
	for _, rule := range splitRules(tag) {
		if rule == "dive" || strings.HasPrefix(rule, "keys") {
			break
		}
		if strings.Contains(rule, "|") {
			continue
		}
		name, param, _ := strings.Cut(rule, "=")
		switch name {
		case "required":
			r.Required = true
		case "oneof":
			r.OneOf = splitOneOf(param)
		case "boolean":
			r.Boolean = true
		case "numeric", "number":
			r.Numeric = true
		case "datetime":
			r.Datetime = param
		case "len":
			if f, err := strconv.ParseFloat(param, 64); err == nil {
				r.Len, r.HasLen = f, true
			}
		case "eq":
			r.OneOf = []string{param}
		case "min", "gte":
			if f, err := strconv.ParseFloat(param, 64); err == nil {
				r.Min, r.HasMin = f, true
			}
		case "max", "lte":
			if f, err := strconv.ParseFloat(param, 64); err == nil {
				r.Max, r.HasMax = f, true
			}
		}
	}
	return r
}

// splitRules splits a tag on the commas between rules; the validator
// writes a literal comma in a parameter as 0x2C, so a plain split is its
// own rule.
func splitRules(tag string) []string {
	if tag == "" {
		return nil
	}
	return strings.Split(tag, ",")
}

// splitOneOf splits oneof's parameter as the validator does: on spaces,
// with single-quoted values that may hold spaces.
func splitOneOf(param string) []string {
	var out []string
	for param != "" {
		param = strings.TrimLeft(param, " ")
		if param == "" {
			break
		}
		if param[0] == '\'' {
			end := strings.IndexByte(param[1:], '\'')
			if end >= 0 {
				out = append(out, param[1:1+end])
				param = param[end+2:]
				continue
			}
		}
		word, rest, _ := strings.Cut(param, " ")
		out = append(out, word)
		param = rest
	}
	return out
}

// Values is the number of distinct values the rules allow for a field of
// type t, or 0 when they do not bound it: the oneof list, two for
// boolean or a bool, and max-min+1 for an integer with both bounds.
func (r Rules) Values(t reflect.Type) int {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case r.OneOf != nil:
		return len(r.OneOf)
	case r.Boolean || t.Kind() == reflect.Bool:
		return 2
	case isInteger(t) && r.HasMin && r.HasMax && r.Max >= r.Min && r.Max-r.Min < 1e9:
		return int(r.Max-r.Min) + 1
	}
	return 0
}

func isInteger(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}
