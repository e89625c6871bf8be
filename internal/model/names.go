package model

import (
	"strconv"
	"strings"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/internal/errs"
)

// Every attribute name a caller gives (in a condition, a filter, a
// projection or an update) is checked against the model before a request
// is sent: DynamoDB itself accepts any name, and a misspelt one silently
// matches nothing, or fails every conditional write. An attribute the
// model does not declare stays reachable, on purpose and visibly, through
// cond.Undeclared.

// PathError is the cause of a RuleUnknownPath refusal: the entity type (for
// an item collection, the types it holds, separated by " or "), the path as
// given, and, when the path's top-level attribute is declared, where the
// path leaves the model (such as `Address has no field "citty"`).
type PathError struct {
	Entity, Path, Reason string
}

func (e *PathError) Error() string {
	var b strings.Builder
	b.WriteString(e.Entity)
	if e.Reason == "" {
		b.WriteString(" declares no attribute ")
		b.WriteString(strconv.Quote(e.Path))
	} else {
		b.WriteString(" has no field at ")
		b.WriteString(e.Path)
		b.WriteString(": ")
		b.WriteString(e.Reason)
	}
	b.WriteString(" (name an attribute the model does not declare with cond.Undeclared)")
	return b.String()
}

// UnknownPath is the refusal of a path the model of entity does not
// declare, in a request for table.
func UnknownPath(table string, cause *PathError) *errs.InputError {
	return &errs.InputError{Table: table, Attribute: cause.Path, Rule: RuleUnknownPath, Err: cause}
}

func (m *Meta) unknownPath(p cond.Path, reason string) *errs.InputError {
	return UnknownPath(m.table, &PathError{Entity: m.typeName, Path: p.String(), Reason: reason})
}

// CheckPaths checks paths given for a request to table against the model,
// before the request is built: each must start at an attribute the model
// declares (a field, keys and templated keys included, or the library's
// VersionAttribute, and TypeAttribute when the model stamps it), and each
// map key or list index after it must exist in the field's Go type. Map
// values, interfaces and types with their own attributevalue.Marshaler
// are free-form below them. A path started with cond.Undeclared is not
// checked. The first path that fails is reported as an *errs.InputError with
// RuleUnknownPath
// (an invalid path as the *cond.Error Path.Err gives).
func (m *Meta) CheckPaths(table string, paths ...cond.Path) error {
	for _, p := range paths {
		if err := m.checkPath(p); err != nil {
			if u, ok := err.(*errs.InputError); ok && u.Rule == RuleUnknownPath && table != "" {
				u.Table = table
			}
			return err
		}
	}
	return nil
}

func (m *Meta) checkPath(p cond.Path) error {
	if p.IsUndeclared() {
		return p.Err()
	}
	// The library's own attributes: Register refuses fields of these names.
	if root := p.Root(); root == VersionAttribute || root == TypeAttribute && m.stamp {
		if p.IsNested() {
			return m.unknownPath(p, "the library's "+root+" attribute is a scalar")
		}
		return p.Err()
	}
	_, err := m.walkPath(p, true)
	return err
}
