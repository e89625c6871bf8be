// Package errs holds the one error family every public package reports a
// refused input with: a refusal made before any request is sent. The value
// and the type are exported to users once, by package entity
// (entity.ErrInvalidInput, entity.InputError, entity.Rule); packages below
// entity (keys, cond) use them from here, so errors.Is(err,
// entity.ErrInvalidInput) holds for a refusal from any package.
package errs

import (
	"errors"
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

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString("dynamodel: invalid input")
	if e.Op != "" {
		b.WriteString(" to ")
		b.WriteString(e.Op)
	}
	for _, part := range [...]struct{ name, value string }{
		{"table", e.Table}, {"index", e.Index}, {"key", e.Key}, {"attribute", e.Attribute},
	} {
		if part.value != "" {
			b.WriteString(", ")
			b.WriteString(part.name)
			b.WriteString(" ")
			b.WriteString(part.value)
		}
	}
	if e.Rule != "" {
		b.WriteString(" (")
		b.WriteString(string(e.Rule))
		b.WriteString(")")
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Is makes every InputError match ErrInvalidInput.
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

func (e *InputError) Unwrap() error { return e.Err }
