package entity

import (
	"strconv"
	"strings"

	"github.com/dynamodel/dynamodel/internal/expr"
)

// Every attribute name a caller gives (in a condition, a filter, a
// projection or an update) is checked against the model before a request
// is sent: DynamoDB itself accepts any name, and a misspelt one silently
// matches nothing, or fails every conditional write. An attribute the
// model does not declare stays reachable, on purpose and visibly, through
// cond.Undeclared.

// UnknownPathError reports an attribute name or document path the model
// does not declare. It matches ErrUnknownPath.
type UnknownPathError struct {
	// Table is the table the request was for ("" when none is known).
	Table string
	// Entity is the entity type; for an item collection, the types it
	// holds, separated by " or ".
	Entity string
	// Path is the path as given, such as address.citty.
	Path string
	// Reason says where a nested path leaves the model when its top-level
	// attribute is declared, such as `Address has no field "citty"`; ""
	// when the top-level attribute itself is unknown.
	Reason string
}

func (e *UnknownPathError) Error() string {
	var b strings.Builder
	b.WriteString("dynamodel: ")
	b.WriteString(e.Entity)
	if e.Table != "" {
		b.WriteString(" (table ")
		b.WriteString(e.Table)
		b.WriteString(")")
	}
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

// Is reports whether target is ErrUnknownPath.
func (e *UnknownPathError) Is(target error) bool { return target == ErrUnknownPath }

func (m *Meta) unknownPath(p expr.Path, reason string) *UnknownPathError {
	return &UnknownPathError{Table: m.table, Entity: m.typeName, Path: p.String(), Reason: reason}
}

// CheckPaths checks paths given for a request to table against the model,
// before the request is built: each must start at an attribute the model
// declares (a field, keys and templated keys included, or the library's
// VersionAttribute, and TypeAttribute when the model stamps it), and each
// map key or list index after it must exist in the field's Go type. Map
// values, interfaces and types with their own attributevalue.Marshaler
// are free-form below them. A path started with cond.Undeclared is not
// checked. The first path that fails is reported as an *UnknownPathError
// (an invalid path as the *errs.InputError Path.Err gives).
func (m *Meta) CheckPaths(table string, paths ...expr.Path) error {
	for _, p := range paths {
		if err := m.checkPath(p); err != nil {
			if u, ok := err.(*UnknownPathError); ok && table != "" {
				u.Table = table
			}
			return err
		}
	}
	return nil
}

func (m *Meta) checkPath(p expr.Path) error {
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
