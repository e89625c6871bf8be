package model

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/keyrules"
)

// What a secondary index holds is decided here, from the model's
// declaration of the index: an index entry holds the projected attributes
// and nothing else, so a read of the index can filter on them alone (and,
// for a global secondary index, return them alone).

// Projects reports whether the entries of the named secondary index hold
// the top-level attribute attr. An ALL projection holds every attribute.
// KEYS_ONLY holds the table's and the index's key attributes; INCLUDE holds
// those, the attributes it lists, and the library's metadata attributes
// (VersionAttribute, and TypeAttribute when the model stamps it), which
// tables created from the model add to every INCLUDE projection. An index
// the model does not declare holds nothing.
func (m *Meta) Projects(index, attr string) bool {
	ix, ok := m.Index(index)
	if !ok {
		return false
	}
	switch {
	case ix.Projection.Type == types.ProjectionTypeAll:
		return true
	case keyrules.Has(m.primary, attr) || keyrules.Has(ix.Schema, attr):
		return true
	case ix.Projection.Type != types.ProjectionTypeInclude:
		return false
	case slices.Contains(IncludedMetadata(m.stamp), attr):
		return true
	}
	return slices.Contains(ix.Projection.NonKeyAttributes, attr)
}

// IncludedMetadata is the library's metadata attributes every INCLUDE
// projection of a table created from the model carries, so that an item
// read from the index can be upgraded and recognised: VersionAttribute,
// and TypeAttribute when the entities stamp their type. The schema package
// adds them when it renders a projection, and Projects counts them as
// held: one rule for both.
func IncludedMetadata(stamp bool) []string {
	if stamp {
		return []string{VersionAttribute, TypeAttribute}
	}
	return []string{VersionAttribute}
}

// String renders the projection as the model's project= tag writes it:
// ALL, KEYS_ONLY or INCLUDE(a,b).
func (p Projection) String() string {
	if p.Type == types.ProjectionTypeInclude {
		return "INCLUDE(" + strings.Join(p.NonKeyAttributes, ",") + ")"
	}
	return string(p.Type)
}
