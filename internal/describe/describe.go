// Package describe looks up the descriptions entity.Meta lists, for the
// sibling packages (schema, cost, review) that describe one attribute of a
// model at a time. Users range over Meta.Attributes instead.
package describe

import "github.com/dynamodel/dynamodel/entity"

// Attribute returns the description of m's top-level attribute name, as
// m.Attributes lists it.
func Attribute(m *entity.Meta, name string) (entity.Attribute, bool) {
	for _, a := range m.Attributes() {
		if a.Name == name {
			return a, true
		}
	}
	return entity.Attribute{}, false
}
