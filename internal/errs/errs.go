// Package errs holds the one error family every public package reports a
// refused input with: a refusal made before any request is sent. The value
// and the type are exported to users once, by package entity
// (entity.ErrInvalidInput, entity.InputError, entity.Rule); packages below
// entity (keys, cond) use them from here, so errors.Is(err,
// entity.ErrInvalidInput) holds for a refusal from any package.
package errs

import (
	"errors"
	"slices"
	"strings"
)

// ErrInvalidInput is matched by every refusal of input made before a request
// is sent.
var ErrInvalidInput = errors.New("dynamodel: invalid input")

// Rule names the rule an input broke. Each package declares the rules it
// checks as constants of this type, so a caller can tell them apart with
// errors.As and a comparison, without a sentinel per rule.
type Rule string

// InputError is a refused input, with what is known of where: the call, the
// table, index, key and attribute (or path), the rule broken, and a cause
// when there is one. It matches ErrInvalidInput.
type InputError struct {
	Op        string // the call refused, e.g. "query.Where" or "update.Set"
	Table     string
	Index     string
	Key       string // the item's key, formatted, when known
	Attribute string // the attribute or document path, when one is at fault
	Rule      Rule
	Detail    string // what was wrong, in words
	Err       error  // the cause, when there is one
}

// Error renders the refusal as one sentence. An InputError whose cause is
// itself an InputError (a key refused by entity for a rule of keys, say) is
// one refusal seen from two calls, so the chain is printed once: the prefix
// and the where (call, table, index, key, attribute) once, every rule in
// the parentheses, then each level's detail; a deeper level names only the
// where that differs from what was already said.
func (e *InputError) Error() string {
	chain := []*InputError{e}
	for {
		next, ok := chain[len(chain)-1].Err.(*InputError)
		if !ok || next == nil {
			break
		}
		chain = append(chain, next)
	}
	// The where: the outermost value of each part that any level knows.
	var where inputWhere
	for _, c := range chain {
		where.fill(c.where())
	}
	var b strings.Builder
	b.WriteString(ErrInvalidInput.Error())
	if where.op != "" {
		b.WriteString(" to ")
		b.WriteString(where.op)
	}
	where.writeParts(&b, ", ")
	var rules []Rule
	for _, c := range chain {
		if c.Rule != "" && !slices.Contains(rules, c.Rule) {
			rules = append(rules, c.Rule)
		}
	}
	if len(rules) > 0 {
		b.WriteString(" (")
		for i, r := range rules {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(string(r))
		}
		b.WriteString(")")
	}
	for _, c := range chain {
		// What this level says of where that differs from the where
		// already printed (the call first, bare).
		if own := c.where().except(where); !own.empty() {
			b.WriteString(": ")
			var parts strings.Builder
			parts.WriteString(own.op)
			own.writeParts(&parts, ", ")
			b.WriteString(strings.TrimPrefix(parts.String(), ", "))
		}
		if c.Detail != "" {
			b.WriteString(": ")
			b.WriteString(c.Detail)
		}
	}
	if last := chain[len(chain)-1]; last.Err != nil {
		if _, ok := last.Err.(*InputError); !ok { // a typed nil *InputError is no cause to print
			b.WriteString(": ")
			b.WriteString(last.Err.Error())
		}
	}
	return b.String()
}

// inputWhere is where a refusal happened, as an InputError says it.
type inputWhere struct{ op, table, index, key, attribute string }

func (e *InputError) where() inputWhere {
	return inputWhere{e.Op, e.Table, e.Index, e.Key, e.Attribute}
}

// fill sets the parts w does not know from o.
func (w *inputWhere) fill(o inputWhere) {
	for i, p := range w.parts() {
		if *p == "" {
			*p = *o.parts()[i]
		}
	}
}

// except keeps the parts of w that o does not say.
func (w inputWhere) except(o inputWhere) inputWhere {
	for i, p := range w.parts() {
		if *p == *o.parts()[i] {
			*p = ""
		}
	}
	return w
}

func (w *inputWhere) parts() [5]*string {
	return [5]*string{&w.op, &w.table, &w.index, &w.key, &w.attribute}
}

func (w inputWhere) empty() bool { return w == inputWhere{} }

// writeParts writes every known part but the call, each as sep, name, a
// space and the value.
func (w inputWhere) writeParts(b *strings.Builder, sep string) {
	for _, part := range [...]struct{ name, value string }{
		{"table", w.table}, {"index", w.index}, {"key", w.key}, {"attribute", w.attribute},
	} {
		if part.value != "" {
			b.WriteString(sep)
			b.WriteString(part.name)
			b.WriteString(" ")
			b.WriteString(part.value)
		}
	}
}

// Is makes every InputError match ErrInvalidInput.
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

func (e *InputError) Unwrap() error { return e.Err }
