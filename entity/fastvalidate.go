package entity

import (
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Validation runs on every write and read, so its cost is paid on every
// call. go-playground/validator interprets tags through reflection and
// allocates for every field it looks at; for the rules most models use it
// is cheaper to compile the tags once per type into checks. A type whose
// tags use anything else (other rules, custom validators, pointers without
// omitempty or required, maps with rules, embedded structs) is validated by
// go-playground/validator as before; so is every type of a model registered
// WithValidator. For the types it handles, the plan reports exactly what
// go-playground/validator reports (a differential test holds it to that):
// the same fields, in the same order, with the same tag and parameter.

// fastCheck is a compiled rule: it reports whether v passes.
type fastCheck struct {
	tag, param string
	ok         func(v reflect.Value) bool
}

// fastField is one field of a compiled struct plan.
type fastField struct {
	index  int
	name   string // Go field name
	ptr    bool   // a pointer: nil fails required or skips with omitempty
	omit   bool   // omitempty: a zero value skips the other rules
	checks []fastCheck
	// dive: the rules applied to each element of a slice or array, or
	// the struct plan of its elements.
	dive       bool
	elemOmit   bool
	elemChecks []fastCheck
	elemPlan   *fastPlan
	// nested is the plan of a struct field (validator descends into
	// struct fields without being told).
	nested *fastPlan
}

type fastPlan struct {
	typ    reflect.Type // the struct type checked
	fields []fastField
}

// fastFailure is one failing field, as validator.FieldError would name it.
type fastFailure struct {
	ns         string // Lines[0].SKU
	top        string // Go name of the top-level field
	tag, param string
	value      any
}

var fastPlans sync.Map // reflect.Type → *fastPlan (nil: not handled)

// fastPlanFor returns the compiled plan for struct type t, or nil when
// go-playground/validator must do the work.
func fastPlanFor(t reflect.Type) *fastPlan {
	if p, ok := fastPlans.Load(t); ok {
		return p.(*fastPlan)
	}
	p := compileFastPlan(t, map[reflect.Type]bool{})
	actual, _ := fastPlans.LoadOrStore(t, p)
	return actual.(*fastPlan)
}

func compileFastPlan(t reflect.Type, visiting map[reflect.Type]bool) *fastPlan {
	if visiting[t] {
		return nil // recursive types: leave them to the validator
	}
	visiting[t] = true
	defer delete(visiting, t)
	p := &fastPlan{typ: t}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, hasTag := sf.Tag.Lookup("validate")
		if sf.Anonymous {
			if hasTag || derefType(sf.Type).Kind() == reflect.Struct && sf.Type != modelType {
				return nil
			}
			continue
		}
		if !sf.IsExported() || tag == "-" {
			continue
		}
		f, ok := compileFastField(i, sf, tag, visiting)
		if !ok {
			return nil
		}
		if f != nil {
			p.fields = append(p.fields, *f)
		}
	}
	return p
}

// compileFastField compiles one field; nil, true means nothing to check.
func compileFastField(i int, sf reflect.StructField, tag string, visiting map[reflect.Type]bool) (*fastField, bool) {
	f := &fastField{index: i, name: sf.Name}
	t := sf.Type
	rules := splitRules(tag)
	if t.Kind() == reflect.Pointer {
		f.ptr = true
		t = t.Elem()
		if len(rules) > 0 && rules[0] != "omitempty" && rules[0] != "required" {
			return nil, false
		}
		if t.Kind() == reflect.Pointer {
			return nil, false
		}
	}
	switch {
	case t.Kind() == reflect.Struct && !isTime(t):
		for _, r := range rules {
			if r != "required" && r != "omitempty" {
				return nil, false
			}
		}
		if len(rules) > 0 && !f.ptr {
			// required/omitempty on a struct value: leave it.
			return nil, false
		}
		if len(rules) > 0 {
			f.omit = rules[0] == "omitempty"
			if rules[0] == "required" {
				f.checks = []fastCheck{{tag: "required", ok: func(reflect.Value) bool { return true }}}
			}
		}
		f.nested = compileFastPlan(t, visiting)
		if f.nested == nil {
			return nil, false
		}
		if len(f.nested.fields) == 0 && len(rules) == 0 {
			return nil, true
		}
		return f, true
	case t.Kind() == reflect.Map || t.Kind() == reflect.Interface:
		if len(rules) > 0 {
			return nil, false
		}
		return nil, true
	}
	if len(rules) == 0 {
		return nil, true
	}
	before, after, dive := cutRule(rules, "dive")
	var ok bool
	if f.omit, f.checks, ok = compileRules(t, before, f.ptr); !ok {
		return nil, false
	}
	if dive {
		if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
			return nil, false
		}
		f.dive = true
		et := t.Elem()
		switch {
		case et.Kind() == reflect.Struct && !isTime(et):
			if len(after) > 0 {
				return nil, false
			}
			if f.elemPlan = compileFastPlan(et, visiting); f.elemPlan == nil {
				return nil, false
			}
		case et.Kind() == reflect.Pointer || et.Kind() == reflect.Map || et.Kind() == reflect.Slice || et.Kind() == reflect.Interface:
			return nil, false
		default:
			if f.elemOmit, f.elemChecks, ok = compileRules(et, after, false); !ok {
				return nil, false
			}
		}
	}
	return f, true
}

func splitRules(tag string) []string {
	if tag == "" {
		return nil
	}
	return strings.Split(tag, ",")
}

func cutRule(rules []string, at string) (before, after []string, found bool) {
	for i, r := range rules {
		if r == at {
			return rules[:i], rules[i+1:], true
		}
	}
	return rules, nil, false
}

// compileRules turns rules on a value of type t into checks; omitempty may
// only come first.
func compileRules(t reflect.Type, rules []string, ptr bool) (omit bool, checks []fastCheck, ok bool) {
	for i, r := range rules {
		name, param, _ := strings.Cut(r, "=")
		if name == "omitempty" {
			if i != 0 {
				return false, nil, false
			}
			omit = true
			continue
		}
		c, ok := compileRule(t, name, param, ptr)
		if !ok {
			return false, nil, false
		}
		checks = append(checks, c)
	}
	return omit, checks, true
}

func compileRule(t reflect.Type, name, param string, ptr bool) (fastCheck, bool) {
	c := fastCheck{tag: name, param: param}
	kind := t.Kind()
	isStr := kind == reflect.String
	isInt := kind >= reflect.Int && kind <= reflect.Int64
	isUint := kind >= reflect.Uint && kind <= reflect.Uint64
	isFloat := kind == reflect.Float32 || kind == reflect.Float64
	isLen := kind == reflect.Slice || kind == reflect.Array
	if isTime(t) || (!isStr && !isInt && !isUint && !isFloat && !isLen && kind != reflect.Bool) {
		if name == "required" && (isTime(t) || kind == reflect.Bool) {
			c.ok = func(v reflect.Value) bool { return !v.IsZero() }
			return c, true
		}
		return c, false
	}
	if strings.ContainsAny(param, "'|") {
		return c, false
	}
	switch name {
	case "required":
		if ptr {
			// A non-nil pointer is a value, even to a zero.
			c.ok = func(reflect.Value) bool { return true }
		} else if isLen && kind == reflect.Slice {
			c.ok = func(v reflect.Value) bool { return !v.IsNil() }
		} else {
			c.ok = func(v reflect.Value) bool { return !v.IsZero() }
		}
		return c, param == ""
	case "min", "max", "len", "eq", "ne", "gt", "gte", "lt", "lte":
	case "oneof":
		if !isStr && !isInt && !isUint {
			return c, false
		}
		opts := strings.Fields(param)
		switch {
		case isStr:
			c.ok = func(v reflect.Value) bool {
				s := v.String()
				for _, o := range opts {
					if o == s {
						return true
					}
				}
				return false
			}
		case isInt:
			ns := make([]int64, len(opts))
			for i, o := range opts {
				n, err := strconv.ParseInt(o, 0, 64)
				if err != nil {
					return c, false
				}
				ns[i] = n
			}
			c.ok = func(v reflect.Value) bool {
				for _, n := range ns {
					if v.Int() == n {
						return true
					}
				}
				return false
			}
		default:
			ns := make([]uint64, len(opts))
			for i, o := range opts {
				n, err := strconv.ParseUint(o, 0, 64)
				if err != nil {
					return c, false
				}
				ns[i] = n
			}
			c.ok = func(v reflect.Value) bool {
				for _, n := range ns {
					if v.Uint() == n {
						return true
					}
				}
				return false
			}
		}
		return c, true
	default:
		return c, false
	}
	if kind == reflect.Bool {
		return c, false
	}
	// A comparison against param: lengths for strings (in runes), slices
	// and arrays; values for numbers.
	cmp := comparator(name)
	switch {
	case isStr || isLen:
		if isStr && (name == "eq" || name == "ne") {
			want := param
			c.ok = func(v reflect.Value) bool { return (v.String() == want) == (name == "eq") }
			return c, true
		}
		n, err := strconv.ParseInt(param, 0, 64)
		if err != nil {
			return c, false
		}
		if isStr {
			c.ok = func(v reflect.Value) bool { return cmp(float64(utf8.RuneCountInString(v.String())), float64(n)) }
		} else {
			c.ok = func(v reflect.Value) bool { return cmp(float64(v.Len()), float64(n)) }
		}
	case isInt:
		n, err := strconv.ParseInt(param, 0, 64)
		if err != nil {
			return c, false
		}
		c.ok = func(v reflect.Value) bool { return cmpOrdered(name, v.Int(), n) }
	case isUint:
		n, err := strconv.ParseUint(param, 0, 64)
		if err != nil {
			return c, false
		}
		c.ok = func(v reflect.Value) bool { return cmpOrdered(name, v.Uint(), n) }
	case isFloat:
		if name == "eq" || name == "ne" || name == "len" {
			return c, false
		}
		n, err := strconv.ParseFloat(param, 64)
		if err != nil {
			return c, false
		}
		c.ok = func(v reflect.Value) bool { return cmp(v.Float(), n) }
	}
	return c, true
}

func comparator(name string) func(a, b float64) bool {
	switch name {
	case "min", "gte":
		return func(a, b float64) bool { return a >= b }
	case "max", "lte":
		return func(a, b float64) bool { return a <= b }
	case "gt":
		return func(a, b float64) bool { return a > b }
	case "lt":
		return func(a, b float64) bool { return a < b }
	case "ne":
		return func(a, b float64) bool { return a != b }
	}
	return func(a, b float64) bool { return a == b } // len, eq
}

// cmpOrdered applies comparison rule name to a (the value) and b (the
// rule's parameter).
func cmpOrdered[N int64 | uint64](name string, a, b N) bool {
	switch name {
	case "min", "gte":
		return a >= b
	case "max", "lte":
		return a <= b
	case "gt":
		return a > b
	case "lt":
		return a < b
	case "ne":
		return a != b
	}
	return a == b
}

// check appends the failures of struct value v to out. A valid value, the
// common case, is found without building a single field name; only when
// something fails is v walked again to name what failed.
func (p *fastPlan) check(v reflect.Value, out []fastFailure) []fastFailure {
	if len(p.run(v, "", "", false, out)) == len(out) {
		return out
	}
	return p.run(v, "", "", true, out)
}

// run checks struct value v, appending failures; prefix is the namespace
// of v ("" at the top), top the Go name of the top-level field. Unless
// named is set, run stops at the first failure and leaves the failure's
// names empty: then it allocates nothing on the way.
func (p *fastPlan) run(v reflect.Value, prefix, top string, named bool, out []fastFailure) []fastFailure {
	for i := range p.fields {
		f := &p.fields[i]
		fv := v.Field(f.index)
		var ns, t string
		if named {
			ns = f.name
			if prefix != "" {
				ns = prefix + "." + f.name
			}
			t = top
			if t == "" {
				t = f.name
			}
		}
		before := len(out)
		if f.ptr {
			if fv.IsNil() {
				if len(f.checks) > 0 && f.checks[0].tag == "required" {
					out = append(out, fastFailure{ns: ns, top: t, tag: "required", value: fv.Interface()})
					if !named {
						return out
					}
				}
				continue
			}
			fv = fv.Elem()
		}
		if f.nested != nil {
			if out = f.nested.run(fv, ns, t, named, out); !named && len(out) > before {
				return out
			}
			continue
		}
		// On a pointer, omitempty skips only nil (handled above): a
		// pointer to a zero value is a value.
		if f.omit && !f.ptr && fv.IsZero() {
			continue
		}
		failed := false
		for _, c := range f.checks {
			if !c.ok(fv) {
				out = append(out, fastFailure{ns: ns, top: t, tag: c.tag, param: c.param, value: fv.Interface()})
				failed = true
				break
			}
		}
		if failed && !named {
			return out
		}
		if failed || !f.dive {
			continue
		}
		for j := 0; j < fv.Len(); j++ {
			ev := fv.Index(j)
			var ens string
			if named {
				ens = ns + "[" + strconv.Itoa(j) + "]"
			}
			if f.elemPlan != nil {
				if out = f.elemPlan.run(ev, ens, t, named, out); !named && len(out) > before {
					return out
				}
				continue
			}
			if f.elemOmit && ev.IsZero() {
				continue
			}
			for _, c := range f.elemChecks {
				if !c.ok(ev) {
					out = append(out, fastFailure{ns: ens, top: t, tag: c.tag, param: c.param, value: ev.Interface()})
					if !named {
						return out
					}
					break
				}
			}
		}
	}
	return out
}

// valueRules is a validate tag compiled for values of one type, as
// ValidateAt applies it to a value on its own.
type valueRules struct {
	ok     bool // compiled; false: go-playground/validator must run
	omit   bool
	checks []fastCheck
}

type valueRulesKey struct {
	t   reflect.Type
	tag string
}

var valueRulesCache sync.Map // valueRulesKey → *valueRules

func valueRulesFor(t reflect.Type, tag string) *valueRules {
	key := valueRulesKey{t, tag}
	if r, ok := valueRulesCache.Load(key); ok {
		return r.(*valueRules)
	}
	r := &valueRules{}
	rules := splitRules(tag)
	if _, _, dive := cutRule(rules, "dive"); !dive {
		r.omit, r.checks, r.ok = compileRules(t, rules, false)
	}
	actual, _ := valueRulesCache.LoadOrStore(key, r)
	return actual.(*valueRules)
}

// fastValidateAt is ValidateAt's work with compiled checks: the field's
// rules on v, then, for a struct, the rules of its fields. ok is false when
// go-playground/validator must do it: a custom validator, a pointer, or
// rules the checks do not cover. A failure's ns is the failing field
// inside a struct value ("" for the value itself).
func (m *Meta) fastValidateAt(info *PathInfo, v any) (fails []fastFailure, ok bool) {
	if m.fast == nil {
		return nil, false // a custom validator: only it knows its rules
	}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		return nil, false
	}
	if tag := info.Validate; tag != "" {
		r := info.rules
		if r == nil || rv.Type() != info.GoType {
			r = valueRulesFor(rv.Type(), tag)
		}
		if !r.ok {
			return nil, false
		}
		if !r.omit || !rv.IsZero() {
			for _, c := range r.checks {
				if !c.ok(rv) {
					fails = append(fails, fastFailure{tag: c.tag, param: c.param, value: rv.Interface()})
					break
				}
			}
		}
	}
	if rv.Kind() == reflect.Struct && !isTime(rv.Type()) {
		plan := fastPlanFor(rv.Type())
		if plan == nil {
			return nil, false
		}
		fails = plan.check(rv, fails)
	}
	return fails, true
}
