package model

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/go-playground/validator/v10"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/expr"
)

// Validation is go-playground/validator's, and only its: every write and
// read runs the model's *validator.Validate, never rules evaluated here.
// What this file adds is plumbing:
//
//   - whole items (Put, reads) are checked with Struct, projected reads with
//     StructFiltered restricted to the attributes read;
//   - a partial write (an update action) places its value where it would sit
//     in an item and checks that one field the way Struct would, through
//     StructFiltered, so every rule of the field (cross-field rules, dive,
//     keys, struct-level rules, Valuer, custom validators) means exactly what
//     it means on a Put;
//   - validator's field errors are turned into one *ValidationError.

// valuePlan says how a value written at one document path is validated: the
// struct built around it, where in that struct the value goes, and the
// validator namespace of that place.
type valuePlan struct {
	// root is the struct type built around the value: the entity itself
	// when the path crosses no list or map, otherwise a one-field struct
	// holding the innermost list or map the path crosses, under the part
	// of its tag that applies to its elements (see wrapperFor).
	root  reflect.Type
	steps []placeStep
	// leaf is the Go type of the value at the path.
	leaf reflect.Type
	// target is validator's struct namespace of the value in root.
	target string
	// element: the path ends at a list element or map value, which a
	// Remove takes out rather than leaving at its zero value.
	element bool
	// skip is the filter handed to StructFiltered: it leaves out the
	// fields off the path to target. It is made once per plan so that a
	// check does not allocate a closure.
	skip validator.FilterFunc
	// goSteps are validator's names of the steps from the entity to the
	// value (the first is the top-level field, "" stands for a list
	// index), from which goPath names a failure (see fieldnames.go).
	goSteps []string
}

// placeStep is one step from the root struct towards the value.
type placeStep struct {
	field []int         // a struct field, by index through embedded structs
	elem  bool          // the first element of a list or array
	key   reflect.Value // a map entry (valid for map steps)
}

// wrapperField names the field of a wrapper struct.
const wrapperField = "V"

// planFor works out how to validate values written at p.
func (m *Meta) planFor(p expr.Path) (*valuePlan, error) {
	i, ok := m.attrIndex(p.Root())
	if !ok {
		return nil, m.unknownPath(p, "")
	}
	a := m.attrs[i]
	type walked struct {
		step placeStep
		ns   string       // the step's part of the namespace
		held reflect.Type // for a container step: the type of the list or map
	}
	steps := []walked{{step: placeStep{field: a.field.index}, ns: fieldNamespace(m.goType, a.field.index)}}
	// The field holding the innermost run of list and map steps: its
	// position in steps, its type and its validate tag.
	holder, holderType, holderTag := -1, reflect.Type(nil), ""
	t, tag := a.GoType, a.field.field.Tag.Get("validate")
	container := false
	for d := 0; d < p.Depth(); d++ {
		el := p.Elem(d)
		ct := derefType(t)
		switch {
		case el.IsIndex && (ct.Kind() == reflect.Slice || ct.Kind() == reflect.Array):
			if !container {
				holder, holderType, holderTag = len(steps), t, tag
			}
			steps = append(steps, walked{step: placeStep{elem: true}, ns: "[0]", held: t})
			t, tag, container = ct.Elem(), "", true
		case !el.IsIndex && ct.Kind() == reflect.Map && ct.Key().Kind() == reflect.String:
			if !container {
				holder, holderType, holderTag = len(steps), t, tag
			}
			key := reflect.ValueOf(el.Name).Convert(ct.Key())
			// validator names a map entry with fmt's %v of the key.
			steps = append(steps, walked{step: placeStep{key: key}, ns: "[" + fmt.Sprintf("%v", key) + "]", held: t})
			t, tag, container = ct.Elem(), "", true
		case !el.IsIndex && ct.Kind() == reflect.Struct && !isTime(ct):
			var found *structField
			for _, f := range structFields(ct) {
				if f.name == el.Name {
					found = &f
					break
				}
			}
			if found == nil {
				return nil, m.unknownPath(p, "")
			}
			steps = append(steps, walked{step: placeStep{field: found.index}, ns: "." + fieldNamespace(ct, found.index)})
			t, tag, container = found.typ, found.field.Tag.Get("validate"), false
		default:
			return nil, m.unknownPath(p, "cannot step into "+t.String())
		}
	}
	plan := &valuePlan{leaf: t, element: container}
	for _, w := range steps {
		ns := w.ns
		if w.step.elem {
			ns = "" // the index is the written path's
		}
		plan.goSteps = append(plan.goSteps, ns)
	}
	var b strings.Builder
	if holder < 0 {
		plan.root = m.goType
		if name := m.goType.Name(); name != "" {
			b.WriteString(name)
			b.WriteByte('.')
		}
		for _, w := range steps {
			plan.steps = append(plan.steps, w.step)
			b.WriteString(w.ns)
		}
	} else {
		plan.root = wrapperFor(holderType, holderTag)
		plan.steps = append(plan.steps, placeStep{field: []int{0}})
		b.WriteString(wrapperField)
		for _, w := range steps[holder:] {
			plan.steps = append(plan.steps, w.step)
			b.WriteString(w.ns)
		}
	}
	plan.target = b.String()
	plan.skip = func(ns []byte) bool { return !onPathBytes(ns, plan.target) }
	return plan, nil
}

// fieldNamespace is validator's name for the field reached through index in
// struct type t: the Go names of the fields on the way, embedded structs
// named by their type.
func fieldNamespace(t reflect.Type, index []int) string {
	var b strings.Builder
	for i, x := range index {
		t = derefType(t)
		sf := t.Field(x)
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(sf.Name)
		t = sf.Type
	}
	return b.String()
}

// wrapperFor is the struct that validates elements of a list or map of type
// held as a field tagged tag would validate them on a Put. The rules before
// the first dive judge the whole list or map, which a partial write does not
// show, and are left out; from dive on, the tag is kept as written, so
// validator itself applies element rules to elements, keys…endkeys rules to
// keys, and nested dives to nested lists. Without dive, validator checks no
// element, and neither does the wrapper.
func wrapperFor(held reflect.Type, tag string) reflect.Type {
	// validator splits a tag on every comma (a comma in a parameter is
	// written 0x2C), so a "dive" item is always a whole item.
	items := strings.Split(tag, ",")
	elemTag := ""
	for i, item := range items {
		if item == "dive" {
			elemTag = strings.Join(items[i:], ",")
			break
		}
	}
	if held.Kind() == reflect.Array {
		// An array's other elements would be checked too; a one-element
		// slice of the same elements holds just the value.
		held = reflect.SliceOf(held.Elem())
	}
	return reflect.StructOf([]reflect.StructField{{
		Name: wrapperField,
		Type: held,
		Tag:  reflect.StructTag(`validate:` + strconv.Quote(elemTag)),
	}})
}

// scratchPools holds, per root type, the values partial writes are placed
// in to be validated (a *sync.Pool of pointers to the type). A value goes
// back zeroed (see release), so each check starts from the zero value
// reflect.New would give, and a pooled value keeps nothing of the values
// placed in it alive.
var scratchPools sync.Map // reflect.Type → *sync.Pool

// scratch returns a pointer to a zero value of type t, for release to take
// back.
func scratch(t reflect.Type) reflect.Value {
	p, ok := scratchPools.Load(t)
	if !ok {
		p, _ = scratchPools.LoadOrStore(t, &sync.Pool{New: func() any { return reflect.New(t).Interface() }})
	}
	return reflect.ValueOf(p.(*sync.Pool).Get())
}

// release zeroes root (a pointer from scratch) and gives it back. What
// validator reported keeps its own copies of the values it names, so they
// survive the zeroing.
func release(root reflect.Value) {
	root.Elem().SetZero()
	p, _ := scratchPools.Load(root.Type().Elem())
	p.(*sync.Pool).Put(root.Interface())
}

// place sets v at the end of steps from cur, making the structs, pointers,
// lists and maps on the way.
func place(cur reflect.Value, steps []placeStep, v reflect.Value) {
	if len(steps) == 0 {
		cur.Set(v)
		return
	}
	s := steps[0]
	cur = deref(cur)
	switch {
	case s.field != nil:
		for _, x := range s.field {
			cur = deref(cur).Field(x)
		}
		place(cur, steps[1:], v)
	case s.elem:
		if cur.Kind() == reflect.Slice {
			cur.Set(reflect.MakeSlice(cur.Type(), 1, 1))
		}
		place(cur.Index(0), steps[1:], v)
	default:
		if cur.IsNil() {
			cur.Set(reflect.MakeMap(cur.Type()))
		}
		elem := reflect.New(cur.Type().Elem()).Elem()
		place(elem, steps[1:], v)
		cur.SetMapIndex(s.key, elem)
	}
}

// deref follows pointers, allocating nil ones.
func deref(v reflect.Value) reflect.Value {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		v = v.Elem()
	}
	return v
}

// onPath reports whether a field at namespace ns leads to target or lies
// within it: those are the fields validated for a value at target.
func onPath(ns, target string) bool {
	return within(ns, target) || within(target, ns)
}

// onPathBytes is onPath for the namespace validator hands a filter, compared
// without making a string of it.
func onPathBytes(ns []byte, target string) bool {
	if len(ns) >= len(target) {
		return string(ns[:len(target)]) == target &&
			(len(ns) == len(target) || ns[len(target)] == '.' || ns[len(target)] == '[')
	}
	return target[:len(ns)] == string(ns) && (target[len(ns)] == '.' || target[len(ns)] == '[')
}

// within reports whether namespace ns is target or lies inside it.
func within(ns, target string) bool {
	if !strings.HasPrefix(ns, target) {
		return false
	}
	return len(ns) == len(target) || ns[len(target)] == '.' || ns[len(target)] == '['
}

// check validates v at the plan's place as Struct would on an item holding
// it, and returns the failures inside that place.
func (m *Meta) check(plan *valuePlan, v reflect.Value) (validator.ValidationErrors, error) {
	root := scratch(plan.root)
	place(root.Elem(), plan.steps, v)
	err := m.validate.StructFiltered(root.Interface(), plan.skip)
	release(root)
	if err == nil {
		return nil, nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return nil, err
	}
	// Rules on the fields around the value (struct-level rules of the
	// structs holding it, rules of the structs on the way) judge a
	// partial item the write does not show.
	kept := ves[:0]
	for _, fe := range ves {
		if within(fe.StructNamespace(), plan.target) {
			kept = append(kept, fe)
		}
	}
	return kept, nil
}

// pathPlan returns info's plan, working it out for a PathInfo made by hand.
func (m *Meta) pathPlan(p expr.Path, info *PathInfo) (*valuePlan, error) {
	if info.plan != nil {
		return info.plan, nil
	}
	return m.planFor(p)
}

// ValidateAt checks v, the new value at path p of the item with key in
// table, as a Put of an item holding v there would: by the field's validate
// tag (for a list element or map value, the container's rules after dive;
// for a map key, its keys rules) and, for a struct value, its fields' tags
// and struct-level rules. Other fields of the item are not known to a
// partial write: cross-field rules compare with their zero values. Failures
// are a *ValidationError whose fields are named as every check names them
// (see FieldError); a value that is not of the field's type, nor
// convertible to it without loss, is another error.
func (m *Meta) ValidateAt(table string, key map[string]types.AttributeValue, p expr.Path, info *PathInfo, v any) error {
	plan, err := m.pathPlan(p, info)
	if err != nil {
		return err
	}
	rv, err := convertValue(v, plan.leaf)
	if err != nil {
		return valueAt(p, err)
	}
	ves, err := m.check(plan, rv)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrValidation, p, err)
	}
	if len(ves) == 0 {
		return nil
	}
	out := &ValidationError{Table: table, Entity: m.typeName, Key: formatKey(m.KeyOf(key))}
	out.Fields = m.pathFields(p, plan, rv, ves, out.Fields)
	return out
}

// pathFields names the failures inside v, the value written at p.
func (m *Meta) pathFields(p expr.Path, plan *valuePlan, v reflect.Value, ves validator.ValidationErrors, out []FieldError) []FieldError {
	for _, fe := range ves {
		out = append(out, m.valueFailure(fe, plan, p, v, fe.StructNamespace()[len(plan.target):]))
	}
	return out
}

// ValidateElems checks the elements of slice v, about to be added to the
// list or set at p (list_append, ADD), each as ValidateAt checks a value
// written at p[i]: under the list's rules after dive. The rules on the list
// as a whole (its length) cannot be judged from a partial write and are not
// applied. Every failing element is reported, named p[i] with i its index in
// v.
func (m *Meta) ValidateElems(table string, key map[string]types.AttributeValue, p expr.Path, info *PathInfo, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return fmt.Errorf("%w: %s: want a slice of elements, got %T", ErrValidation, p, v)
	}
	plan := info.elemPlan
	if plan == nil {
		var err error
		if plan, err = m.planFor(p.Index(0)); err != nil {
			return err
		}
	}
	if plan.root != m.goType && len(plan.steps) == 2 && plan.steps[1].elem && rv.Type() == plan.root.Field(0).Type {
		return m.validateList(table, key, p, info, plan, rv)
	}
	var out *ValidationError
	for i := 0; i < rv.Len(); i++ {
		ev, err := convertValue(rv.Index(i).Interface(), plan.leaf)
		if err != nil {
			return valueAt(p.Index(i), err)
		}
		ves, err := m.check(plan, ev)
		if err != nil {
			return fmt.Errorf("%w: %s: %w", ErrValidation, p.Index(i), err)
		}
		if len(ves) == 0 {
			continue
		}
		if out == nil {
			out = &ValidationError{Table: table, Entity: m.typeName, Key: formatKey(m.KeyOf(key))}
		}
		out.Fields = m.pathFields(p.Index(i), plan, ev, ves, out.Fields)
	}
	if out == nil {
		return nil
	}
	return out
}

// validateList is ValidateElems for elements v of the very type of the list
// the element plan's wrapper holds, directly under it: v itself is placed in
// the wrapper, and one validator call applies the rules after dive to each
// element, as it does to each element of a Put's list. Failures are named
// p[i] by the index validator gives them.
func (m *Meta) validateList(table string, key map[string]types.AttributeValue, p expr.Path, info *PathInfo, plan *valuePlan, v reflect.Value) error {
	root := scratch(plan.root)
	root.Elem().Field(0).Set(v)
	err := m.validate.Struct(root.Interface())
	release(root)
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return fmt.Errorf("%w: %s: %w", ErrValidation, p, err)
	}
	out := &ValidationError{Table: table, Entity: m.typeName, Key: formatKey(m.KeyOf(key))}
	for _, fe := range ves {
		// The wrapper's only field is V: its failures are at V[i]…; a
		// failure of V itself cannot come from the rules after dive.
		ns := fe.StructNamespace()
		rest, ok := strings.CutPrefix(ns, wrapperField+"[")
		end := strings.IndexByte(rest, ']')
		if !ok || end < 0 {
			return fmt.Errorf("%w: %s: a failure outside the elements: %s", ErrValidation, p, ns)
		}
		i, err := strconv.Atoi(rest[:end])
		if err != nil {
			return fmt.Errorf("%w: %s: a failure outside the elements: %s", ErrValidation, p, ns)
		}
		out.Fields = append(out.Fields, m.valueFailure(fe, plan, p.Index(i), indexOf(v, i), rest[end+1:]))
	}
	return out
}

// ValidateRemove checks that removing the value at p leaves a valid item: a
// removed attribute or struct field reads back as its zero value, so it is
// refused when the zero value breaks the field's rules (required, min=1 on a
// number, …), as a Put of an item holding the zero value would be. Removing
// a list element or map entry takes it out instead; the container's own
// rules (its length) cannot be judged from a partial write.
func (m *Meta) ValidateRemove(table string, key map[string]types.AttributeValue, p expr.Path, info *PathInfo) error {
	plan, err := m.pathPlan(p, info)
	if err != nil {
		return err
	}
	if plan.element {
		return nil
	}
	return m.ValidateAt(table, key, p, info, reflect.Zero(plan.leaf).Interface())
}

// Validate runs the validate tags of item (a *T), as every write does.
func (m *Meta) Validate(table string, item any) error {
	if _, err := m.structValue(item); err != nil {
		return err
	}
	return m.validateWrite(table, item)
}

// validateWrite checks a whole item before it is written.
func (m *Meta) validateWrite(table string, item any) error {
	err := m.validate.Struct(item)
	if err == nil {
		return nil
	}
	return m.validationError(table, "", false, item, err, nil)
}

// validateRead checks an item read from table. A projected read is judged
// on what was read: a required attribute left out of the projection is not
// missing.
func (m *Meta) validateRead(table string, raw map[string]types.AttributeValue, item any, projected []string) error {
	if projected == nil {
		if err := m.validate.Struct(item); err != nil {
			return m.validationError(table, m.keyString(raw), true, item, err, nil)
		}
		return nil
	}
	prefix := m.nsPrefix()
	targets := make([]string, 0, len(projected))
	for _, name := range projected {
		if i, ok := m.attrIndex(name); ok {
			targets = append(targets, prefix+m.attrNS[i])
		}
	}
	if len(targets) == 0 {
		return nil
	}
	err := m.validate.StructFiltered(item, func(ns []byte) bool {
		for _, t := range targets {
			if onPath(string(ns), t) {
				return false
			}
		}
		return true
	})
	if err == nil {
		return nil
	}
	// Struct-level rules see the whole item and may name attributes that
	// were not read; only failures inside what was read count.
	return m.validationError(table, m.keyString(raw), true, item, err, func(ns string) bool {
		for _, t := range targets {
			if within(ns, t) {
				return true
			}
		}
		return false
	})
}

// nsPrefix is how validator's namespaces of the entity start: the struct's
// type name (which for a generic type holds dots and brackets) and a dot.
func (m *Meta) nsPrefix() string {
	if name := m.goType.Name(); name != "" {
		return name + "."
	}
	return ""
}

// validationError turns validator's errors on item, a whole item (a *T),
// into a *ValidationError; keep, when not nil, selects the failures that
// count.
func (m *Meta) validationError(table, key string, read bool, item any, err error, keep func(ns string) bool) error {
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return fmt.Errorf("%w: %s: %w", ErrValidation, m.typeName, err)
	}
	prefix := m.nsPrefix()
	v := reflect.ValueOf(item).Elem()
	out := &ValidationError{Table: table, Entity: m.typeName, Key: key, Read: read}
	for _, fe := range ves {
		full := fe.StructNamespace()
		if keep != nil && !keep(full) {
			continue
		}
		out.Fields = append(out.Fields, m.itemFailure(fe, strings.TrimPrefix(full, prefix), v))
	}
	if len(out.Fields) == 0 {
		return nil
	}
	return out
}

// A WriteSet validates together the values an update writes at paths that
// cross no list or map (Set, SetIfNotExists, and the zero value a Remove
// leaves): they are placed in one value of the entity type and checked by
// one StructFiltered call that keeps the fields on the way to any of them.
// Validator's rules are applied as they are for ValidateAt; what changes is
// what a cross-field rule or struct-level rule sees: the other values the
// same update writes, instead of their zero values, as it would on the item
// the update leaves. Fields the update does not write are still zero.
// Failures are reported per path, as ValidateAt reports them.
//
// A WriteSet depends only on the paths, so it is made once per update shape
// and shared; each request uses its own WriteCheck.
type WriteSet struct {
	m       *Meta
	paths   []expr.Path
	plans   []*valuePlan // per action; nil for an action not in the set
	targets []string     // the plans' targets
	skip    validator.FilterFunc
}

// NewWriteSet returns the set of the actions at paths (with infos resolved
// by ResolvePath) for which include is true and whose value is checked in
// the entity itself; the others are left to ValidateAt, ValidateElems and
// ValidateRemove. It returns nil when no action is in the set.
func (m *Meta) NewWriteSet(paths []expr.Path, infos []PathInfo, include []bool) (*WriteSet, error) {
	ws := &WriteSet{m: m, paths: paths, plans: make([]*valuePlan, len(paths))}
	for i := range paths {
		if !include[i] {
			continue
		}
		plan, err := m.pathPlan(paths[i], &infos[i])
		if err != nil {
			return nil, err
		}
		if plan.root != m.goType || plan.element {
			continue
		}
		ws.plans[i] = plan
		ws.targets = append(ws.targets, plan.target)
	}
	if len(ws.targets) == 0 {
		return nil, nil
	}
	ws.skip = func(ns []byte) bool {
		for _, t := range ws.targets {
			if onPathBytes(ns, t) {
				return false
			}
		}
		return true
	}
	return ws, nil
}

// Has reports whether action i is in the set (false on a nil set).
func (ws *WriteSet) Has(i int) bool {
	return ws != nil && ws.plans[i] != nil
}

// WriteCheck is one request's use of a WriteSet: Set and Remove place the
// values, Run validates them, Result gives each action's verdict, and Done
// gives the scratch value back.
type WriteCheck struct {
	ws   *WriteSet
	root reflect.Value
	// failed is the first action whose value could not be placed (-1 for
	// none), with why.
	failed    int
	failedErr error
	ves       validator.ValidationErrors
	err       error // validator's error when it is not ValidationErrors
}

// Begin starts a check of one request's values.
func (ws *WriteSet) Begin() WriteCheck {
	return WriteCheck{ws: ws, root: scratch(ws.m.goType), failed: -1}
}

// valueAt places a refusal of the value written at p (from convertValue)
// at p: the attribute it names is the path, unless it names one already.
func valueAt(p expr.Path, err error) error {
	var ie *errs.InputError
	if !errors.As(err, &ie) {
		return fmt.Errorf("%s: %w", p, err)
	}
	if ie.Attribute != "" {
		return err
	}
	c := *ie
	c.Attribute = p.String()
	return &c
}

// Set places v, the value action i writes. It reports false, and places
// nothing more, when v is not of the field's type nor convertible to it
// without loss; Result(i) then gives the error ValidateAt would.
func (c *WriteCheck) Set(i int, v any) bool {
	plan := c.ws.plans[i]
	rv, err := convertValue(v, plan.leaf)
	if err != nil {
		c.failed, c.failedErr = i, valueAt(c.ws.paths[i], err)
		return false
	}
	place(c.root.Elem(), plan.steps, rv)
	return true
}

// Remove places the zero value action i, a Remove, leaves.
func (c *WriteCheck) Remove(i int) {
	plan := c.ws.plans[i]
	place(c.root.Elem(), plan.steps, reflect.Zero(plan.leaf))
}

// Run validates the values placed.
func (c *WriteCheck) Run() {
	err := c.ws.m.validate.StructFiltered(c.root.Interface(), c.ws.skip)
	if err == nil {
		return
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		c.err = err
		return
	}
	c.ves = ves
	// Keep the failures inside a written value; rules on the structs
	// around them judge a partial item the write does not show.
	kept := c.ves[:0]
	for _, fe := range c.ves {
		ns := fe.StructNamespace()
		for _, t := range c.ws.targets {
			if within(ns, t) {
				kept = append(kept, fe)
				break
			}
		}
	}
	c.ves = kept
}

// Result is the verdict on action i's value, as ValidateAt (for a Remove,
// ValidateRemove) gives it: nil, a *ValidationError naming the failing
// fields (see FieldError), or another error. It is taken before Done: the
// names are read from the values placed.
func (c *WriteCheck) Result(table string, key map[string]types.AttributeValue, i int) error {
	if i == c.failed {
		return c.failedErr
	}
	p, plan := c.ws.paths[i], c.ws.plans[i]
	if c.err != nil {
		return fmt.Errorf("%w: %s: %w", ErrValidation, p, c.err)
	}
	var out *ValidationError
	for _, fe := range c.ves {
		if !within(fe.StructNamespace(), plan.target) {
			continue
		}
		if out == nil {
			out = &ValidationError{Table: table, Entity: c.ws.m.typeName, Key: formatKey(c.ws.m.KeyOf(key))}
		}
		// The check's value holds every value the update writes here, at
		// the place it has in the item.
		out.Fields = append(out.Fields, c.ws.m.itemFailure(fe, strings.TrimPrefix(fe.StructNamespace(), c.ws.m.nsPrefix()), c.root.Elem()))
	}
	if out == nil {
		return nil
	}
	return out
}

// Done gives the scratch value back; c is not used after.
func (c *WriteCheck) Done() {
	release(c.root)
	c.root = reflect.Value{}
}
