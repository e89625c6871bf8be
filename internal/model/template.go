package model

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/keys"
)

// ErrTemplate starts the messages of key template failures: a refusal to
// render one (RuleTemplate) or a stored key that does not parse (a
// *DecodeError).
var ErrTemplate = errors.New("dynamodel: key template")

// Template is a synthetic key built from other fields, for the cases
// multi-attribute keys do not cover: base-table keys such as ORDER#{OrderID}
// and overloaded single-table indexes. It is declared on a string field with
// ddb:"template=ORDER#{OrderID}#LINE#{Line}", where the names in braces are
// Go fields of the same struct (strings, integers or times).
//
// The library computes the attribute from its components on every write,
// parses it back into components that are not stored on their own on read,
// and makes updates either recompute it or refuse: the key never drifts from
// its components.
type Template struct {
	// Attribute is the attribute the template fills.
	Attribute string
	// Components are the Go fields the template reads, in order.
	Components []string
	literals   []string // literals[i] precedes Components[i]; one more at the end
	fields     []templateField
}

type templateField struct {
	goName string
	attr   string // attribute name, "" when the field is not stored
	index  []int
	typ    reflect.Type
}

// parseTemplate reads "LIT{Field}LIT{Field}..." into literals and field
// names. Two fields must be separated by a literal, so the key parses back.
func parseTemplate(s string) (lits, names []string, err error) {
	rest := s
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			if strings.ContainsRune(rest, '}') {
				return nil, nil, fmt.Errorf("unbalanced '}' in %q", s)
			}
			lits = append(lits, rest)
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return nil, nil, fmt.Errorf("unbalanced '{' in %q", s)
		}
		name := rest[i+1 : i+j]
		if name == "" || strings.ContainsAny(name, "{") {
			return nil, nil, fmt.Errorf("bad field reference in %q", s)
		}
		lits = append(lits, rest[:i])
		names = append(names, name)
		rest = rest[i+j+1:]
	}
	if len(names) == 0 {
		return nil, nil, fmt.Errorf("template %q references no field", s)
	}
	for i := 1; i < len(names); i++ {
		if lits[i] == "" {
			return nil, nil, fmt.Errorf("template %q: {%s} and {%s} need a separator between them", s, names[i-1], names[i])
		}
	}
	return lits, names, nil
}

// buildTemplate resolves a template's fields against the struct type.
func buildTemplate(t reflect.Type, attr, spec string, attrOf map[string]string) (*Template, error) {
	lits, names, err := parseTemplate(spec)
	if err != nil {
		return nil, err
	}
	tp := &Template{Attribute: attr, Components: names, literals: lits}
	for _, name := range names {
		sf, ok := t.FieldByName(name)
		if !ok || !sf.IsExported() {
			return nil, fmt.Errorf("template field %s is not an exported field of %s", name, t)
		}
		ft := sf.Type
		if !(ft.Kind() == reflect.String || isInteger(ft) || isTime(ft)) {
			return nil, fmt.Errorf("template field %s must be a string, an integer or a time, got %s", name, ft)
		}
		if attrOf[name] == attr {
			return nil, fmt.Errorf("a template cannot reference its own field %s", name)
		}
		tp.fields = append(tp.fields, templateField{goName: name, attr: attrOf[name], index: sf.Index, typ: ft})
	}
	return tp, nil
}

func formatComponent(v reflect.Value) string {
	switch {
	case isTime(v.Type()):
		return keys.FormatTime(v.Convert(timeType).Interface().(time.Time))
	case v.CanInt():
		return strconv.FormatInt(v.Int(), 10)
	case v.CanUint():
		return strconv.FormatUint(v.Uint(), 10)
	}
	return v.String()
}

// render builds the key from the struct's fields. Every component must be
// set and must not contain the literal that follows it.
func (tp *Template) render(v reflect.Value) (string, error) {
	var b strings.Builder
	for i, f := range tp.fields {
		s := formatComponent(v.FieldByIndex(f.index))
		if err := tp.checkComponent(i, s); err != nil {
			return "", err
		}
		b.WriteString(tp.literals[i])
		b.WriteString(s)
	}
	b.WriteString(tp.literals[len(tp.fields)])
	return b.String(), nil
}

func (tp *Template) checkComponent(i int, s string) error {
	f := tp.fields[i]
	if s == "" {
		return fmt.Errorf("%w %s: component %s is empty", ErrTemplate, tp.Attribute, f.goName)
	}
	if next := tp.literals[i+1]; next != "" && strings.Contains(s, next) {
		return fmt.Errorf("%w %s: component %s = %q contains the separator %q", ErrTemplate, tp.Attribute, f.goName, s, next)
	}
	return nil
}

// Render builds the key from component values given by Go field name, each
// a string, integer or time like the field. It is how a caller addresses
// an item by a templated key: entity.NewKey(tp.Render(...)).
func (tp *Template) Render(values map[string]any) (string, error) {
	var b strings.Builder
	for i, f := range tp.fields {
		raw, ok := values[f.goName]
		if !ok {
			return "", fmt.Errorf("%w %s: component %s not given", ErrTemplate, tp.Attribute, f.goName)
		}
		rv, err := convertTo(raw, f.typ, keys.RuleKeyValueTypeMismatch)
		if err != nil {
			return "", fmt.Errorf("%w %s: component %s: %w", ErrTemplate, tp.Attribute, f.goName, err)
		}
		s := formatComponent(rv)
		if err := tp.checkComponent(i, s); err != nil {
			return "", err
		}
		b.WriteString(tp.literals[i])
		b.WriteString(s)
	}
	b.WriteString(tp.literals[len(tp.fields)])
	return b.String(), nil
}

// parse splits a stored key into component strings.
func (tp *Template) parse(s string) ([]string, error) {
	out := make([]string, len(tp.fields))
	rest, ok := strings.CutPrefix(s, tp.literals[0])
	if !ok {
		return nil, fmt.Errorf("%w %s: %q does not start with %q", ErrTemplate, tp.Attribute, s, tp.literals[0])
	}
	for i := range tp.fields {
		next := tp.literals[i+1]
		if i == len(tp.fields)-1 {
			comp, ok := strings.CutSuffix(rest, next)
			if !ok {
				return nil, fmt.Errorf("%w %s: %q does not end with %q", ErrTemplate, tp.Attribute, s, next)
			}
			out[i] = comp
			break
		}
		j := strings.Index(rest, next)
		if j < 0 {
			return nil, fmt.Errorf("%w %s: %q lacks %q", ErrTemplate, tp.Attribute, s, next)
		}
		out[i], rest = rest[:j], rest[j+len(next):]
	}
	return out, nil
}

// fill sets the fields of v that are not stored on their own from the
// stored key.
func (tp *Template) fill(raw map[string]types.AttributeValue, v reflect.Value) error {
	av, ok := raw[tp.Attribute].(*types.AttributeValueMemberS)
	if !ok {
		return nil
	}
	comps, err := tp.parse(av.Value)
	if err != nil {
		return err
	}
	for i, f := range tp.fields {
		if f.attr != "" {
			if _, stored := raw[f.attr]; stored {
				continue
			}
		}
		fv := v.FieldByIndex(f.index)
		s := comps[i]
		switch {
		case isTime(f.typ):
			tm, err := time.Parse(time.RFC3339, s)
			if err != nil {
				return fmt.Errorf("%w %s: component %s: %w", ErrTemplate, tp.Attribute, f.goName, err)
			}
			fv.Set(reflect.ValueOf(tm).Convert(f.typ))
		case fv.CanInt():
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || fv.OverflowInt(n) {
				return fmt.Errorf("%w %s: component %s = %q is not a %s", ErrTemplate, tp.Attribute, f.goName, s, f.typ)
			}
			fv.SetInt(n)
		case fv.CanUint():
			n, err := strconv.ParseUint(s, 10, 64)
			if err != nil || fv.OverflowUint(n) {
				return fmt.Errorf("%w %s: component %s = %q is not a %s", ErrTemplate, tp.Attribute, f.goName, s, f.typ)
			}
			fv.SetUint(n)
		default:
			fv.SetString(s)
		}
	}
	return nil
}

// Templates lists the model's key templates.
func (m *Meta) Templates() []*Template { return m.templates }

// TemplatesUsing returns the templates that read the Go field goName.
func (m *Meta) TemplatesUsing(goName string) []*Template {
	var out []*Template
	for _, tp := range m.templates {
		for _, c := range tp.Components {
			if c == goName {
				out = append(out, tp)
				break
			}
		}
	}
	return out
}

// RenderTemplate renders the template of attribute attr from component
// values (see Template.Render).
func (m *Meta) RenderTemplate(attr string, values map[string]any) (string, error) {
	for _, tp := range m.templates {
		if tp.Attribute == attr {
			s, err := tp.Render(values)
			if err != nil {
				return "", &errs.InputError{Op: "RenderTemplate", Table: m.table, Attribute: attr, Rule: RuleTemplate, Err: err}
			}
			return s, nil
		}
	}
	return "", &errs.InputError{Op: "RenderTemplate", Table: m.table, Attribute: attr, Rule: RuleTemplate, Detail: m.typeName + " has no template on " + attr}
}

// String returns the template as declared, such as "ORDER#{OrderID}".
func (tp *Template) String() string {
	var b strings.Builder
	for i, c := range tp.Components {
		b.WriteString(tp.literals[i])
		b.WriteString("{" + c + "}")
	}
	b.WriteString(tp.literals[len(tp.Components)])
	return b.String()
}
