package query

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/keys"
)

// What Query and Scan read is worked out the same way for both; these are
// the shared rules.

// cursorKeyAttrs lists the table's and the index's key attributes: what a
// cursor (a LastEvaluatedKey) holds.
func cursorKeyAttrs(meta *entity.Meta, index *entity.Index) []keys.Attribute {
	pk := meta.PrimaryKey()
	out := make([]keys.Attribute, 0, pk.Len()+8)
	for i := 0; i < pk.Len(); i++ {
		out = append(out, pk.At(i))
	}
	if index != nil {
		s := index.Schema
		for i := 0; i < s.Len(); i++ {
			a := s.At(i)
			if !slices.ContainsFunc(out, func(k keys.Attribute) bool { return k.Name == a.Name }) {
				out = append(out, a)
			}
		}
	}
	return out
}

// carriesMetadata reports whether items read from index (nil: the base
// table) can carry the version and type attributes: the base table and ALL
// or INCLUDE indexes can (tables created by the schema package add them to
// INCLUDE projections); KEYS_ONLY indexes cannot.
func carriesMetadata(index *entity.Index) bool {
	return index == nil || index.Projection.Type != types.ProjectionTypeKeysOnly
}

// projectionOf lists what a projected read asks for: the attributes given
// to Project, the key attributes (cursors need them) and the metadata.
func projectionOf(meta *entity.Meta, index *entity.Index, project []string, keyAttrs []keys.Attribute) ([]cond.Path, []string) {
	names := make([]string, 0, len(project)+len(keyAttrs)+2)
	add := func(name string) {
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	for _, a := range project {
		add(a)
	}
	for _, a := range keyAttrs {
		add(a.Name)
	}
	if carriesMetadata(index) {
		add(entity.VersionAttribute)
		if meta.StampsType() {
			add(entity.TypeAttribute)
		}
	}
	paths := make([]cond.Path, len(names))
	for i, n := range names {
		paths[i] = cond.Name(n)
	}
	return paths, names
}

// indexProjection lists what an index that projects only some attributes
// holds; ok is false for the base table and ALL indexes, which hold whole
// items.
func indexProjection(index *entity.Index, keyAttrs []keys.Attribute) (names []string, ok bool) {
	if index == nil || index.Projection.Type == types.ProjectionTypeAll {
		return nil, false
	}
	names = make([]string, 0, len(keyAttrs)+len(index.Projection.NonKeyAttributes))
	for _, a := range keyAttrs {
		names = append(names, a.Name)
	}
	return append(names, index.Projection.NonKeyAttributes...), true
}
