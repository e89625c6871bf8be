package schema

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/keyrules"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/internal/typerule"
	"github.com/dynamodel/dynamodel/keys"
)

// tableDef is the merged, checked definition of a table shared by one or
// more entities.
type tableDef struct {
	name    string
	primary keys.Schema
	// keyTypes holds every key attribute of the table and its indexes.
	keyTypes map[string]types.ScalarAttributeType
	globals  []entity.Index // sorted by name
	locals   []entity.Index // sorted by name
	// stamp: some entity writes the type attribute.
	stamp bool
	// ttl is the time-to-live attribute, "" when no entity declares one.
	ttl string
}

// keyDecl remembers who first declared a key attribute's type, to name
// both sides of a conflict.
type keyDecl struct {
	typ    types.ScalarAttributeType
	entity string
}

// indexDecl remembers who first declared an index.
type indexDecl struct {
	ix     entity.Index
	entity string
}

func entityName(m *entity.Meta) string { return m.GoType().String() }

// describe merges and checks the entities' models into one table.
func describe(tableName string, metas []*entity.Meta) (*tableDef, error) {
	if err := checkTableName(tableName); err != nil {
		return nil, err
	}
	if len(metas) == 0 {
		return nil, refuse(RuleInvalidTable, tableName, nil, "no entities")
	}
	for i, m := range metas {
		if m == nil {
			return nil, refuse(RuleInvalidTable, tableName, nil, "entity %d is nil", i)
		}
	}
	d := &tableDef{name: tableName, primary: metas[0].PrimaryKey(), keyTypes: map[string]types.ScalarAttributeType{}}
	first := entityName(metas[0])

	// Primary keys must agree.
	for _, m := range metas[1:] {
		if pk := m.PrimaryKey(); !keySchemaEqual(pk, d.primary) {
			return nil, refuse(RuleKeyMismatch, tableName, []string{first, entityName(m)}, "%s and %s", renderSchema(d.primary), renderSchema(pk))
		}
	}

	// Items without an entity type may be claimed by one entity only.
	models := make([]typerule.Model, len(metas))
	for i, m := range metas {
		models[i] = model.Of(m)
	}
	if err := typerule.Conflict(models...); err != nil {
		e := refuse(RuleInvalidTable, tableName, nil, "two entities claim the items without %s", entity.TypeAttribute)
		e.Err = fmt.Errorf("%w: %w", entity.ErrInvalidModel, err)
		return nil, e
	}

	// Key attribute types must agree across the table and every index.
	decls := map[string]keyDecl{}
	declare := func(m *entity.Meta, index string, a keys.Attribute) error {
		name := entityName(m)
		prev, ok := decls[a.Name]
		if !ok {
			decls[a.Name] = keyDecl{typ: a.Type, entity: name}
			d.keyTypes[a.Name] = a.Type
			return nil
		}
		if prev.typ != a.Type {
			e := refuse(RuleTypeConflict, tableName, distinct(prev.entity, name), "%s and %s", prev.typ, a.Type)
			e.Index, e.Attribute = index, a.Name
			return e
		}
		return nil
	}
	byName := map[string]indexDecl{}
	ttlEntity := ""
	for _, m := range metas {
		d.stamp = d.stamp || model.Of(m).StampsType()
		if a, ok := model.Of(m).TTLAttribute(); ok {
			if d.ttl != "" && d.ttl != a.Name {
				e := refuse(RuleTTLConflict, tableName, distinct(ttlEntity, entityName(m)), "%s and %s (a table has one time-to-live attribute)", d.ttl, a.Name)
				e.Attribute = a.Name
				return nil, e
			}
			d.ttl, ttlEntity = a.Name, entityName(m)
		}
		for _, a := range keyrules.All(m.PrimaryKey()) {
			if err := declare(m, "", a); err != nil {
				return nil, err
			}
		}
		for _, ix := range m.Indexes() {
			if !validName(ix.Name) {
				e := refuse(RuleInvalidTable, tableName, []string{entityName(m)}, "an index name is 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'")
				e.Index = ix.Name
				return nil, e
			}
			for _, a := range keyrules.All(ix.Schema) {
				if err := declare(m, ix.Name, a); err != nil {
					return nil, err
				}
			}
			prev, seen := byName[ix.Name]
			if !seen {
				byName[ix.Name] = indexDecl{ix: ix, entity: entityName(m)}
				continue
			}
			if why := indexDifference(prev.ix, ix); why != "" {
				e := refuse(RuleIndexConflict, tableName, distinct(prev.entity, entityName(m)), "%s", why)
				e.Index = ix.Name
				return nil, e
			}
		}
	}

	// A plain attribute of one entity may be a key attribute of the table
	// because of another entity; its values must then have the key's type,
	// or DynamoDB refuses to write the items.
	for _, m := range metas {
		for _, a := range m.Attributes() {
			want, isKey := d.keyTypes[a.Name]
			if !isKey || a.KeyType != "" {
				continue
			}
			got := storedType(m, a)
			if got == "" || got == string(want) {
				continue
			}
			prev := decls[a.Name]
			e := refuse(RuleTypeConflict, tableName, distinct(prev.entity, entityName(m)), "it is a key attribute of type %s, but %s stores it as %s (field %s)", want, entityName(m), got, a.GoName)
			e.Attribute = a.Name
			return nil, e
		}
	}

	for _, name := range slices.Sorted(maps.Keys(byName)) {
		ix := byName[name].ix
		if ix.Schema.Kind == keys.Local {
			d.locals = append(d.locals, ix)
		} else {
			d.globals = append(d.globals, ix)
		}
	}

	// Per-table limits.
	limit := func(format string, args ...any) error {
		return refuse(RuleLimit, tableName, nil, format, args...)
	}
	if n := len(d.globals); n > MaxGlobalIndexes {
		return nil, limit("%d global secondary indexes, at most %d", n, MaxGlobalIndexes)
	}
	if n := len(d.locals); n > MaxLocalIndexes {
		return nil, limit("%d local secondary indexes, at most %d", n, MaxLocalIndexes)
	}
	projected := 0
	for _, ix := range slices.Concat(d.globals, d.locals) {
		if p := d.projection(ix); p.ProjectionType == types.ProjectionTypeInclude {
			projected += len(p.NonKeyAttributes)
		}
	}
	if projected > MaxProjectedAttributes {
		return nil, limit("%d projected (INCLUDE) attributes across the indexes, at most %d (metadata attributes included)", projected, MaxProjectedAttributes)
	}
	return d, nil
}

func (d *tableDef) attributeDefinitions() []types.AttributeDefinition {
	out := make([]types.AttributeDefinition, 0, len(d.keyTypes))
	for _, name := range slices.Sorted(maps.Keys(d.keyTypes)) {
		out = append(out, types.AttributeDefinition{AttributeName: &name, AttributeType: d.keyTypes[name]})
	}
	return out
}

// projection renders an index's projection. INCLUDE lists are sorted, lose
// the attributes every index projects anyway (the table's and the index's
// keys) and gain the library's metadata attributes.
func (d *tableDef) projection(ix entity.Index) *types.Projection {
	p := &types.Projection{ProjectionType: ix.Projection.ProjectionType}
	if ix.Projection.ProjectionType != types.ProjectionTypeInclude {
		return p
	}
	set := map[string]bool{}
	for _, a := range slices.Concat(model.IncludedMetadata(d.stamp), ix.Projection.NonKeyAttributes) {
		set[a] = true
	}
	for _, a := range slices.Concat(keyrules.All(d.primary), keyrules.All(ix.Schema)) {
		delete(set, a.Name)
	}
	p.NonKeyAttributes = slices.Sorted(maps.Keys(set))
	return p
}

// indexDifference says how two declarations of one index differ, or ""
// when they are the same index.
func indexDifference(a, b entity.Index) string {
	if a.Schema.Kind != b.Schema.Kind {
		return fmt.Sprintf("declared as a %s and as a %s", a.Schema.Kind, b.Schema.Kind)
	}
	if !keySchemaEqual(a.Schema, b.Schema) {
		return fmt.Sprintf("key schemas differ: %s and %s", renderSchema(a.Schema), renderSchema(b.Schema))
	}
	pa, pb := a.Projection, b.Projection
	if pa.ProjectionType != pb.ProjectionType || !sameSet(pa.NonKeyAttributes, pb.NonKeyAttributes) {
		return fmt.Sprintf("projections differ: %s and %s", renderProjection(pa), renderProjection(pb))
	}
	return ""
}

func sameSet(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

func distinct(a, b string) []string {
	if a == b {
		return []string{a}
	}
	return []string{a, b}
}

// renderSchema writes a key schema as "HASH a (S), RANGE b (N)".
func renderSchema(s keys.Schema) string {
	var parts []string
	for _, a := range s.Partition {
		parts = append(parts, fmt.Sprintf("HASH %s (%s)", a.Name, a.Type))
	}
	for _, a := range s.Sort {
		parts = append(parts, fmt.Sprintf("RANGE %s (%s)", a.Name, a.Type))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func renderProjection(p types.Projection) string {
	if p.ProjectionType == types.ProjectionTypeInclude {
		return "INCLUDE(" + strings.Join(p.NonKeyAttributes, ",") + ")"
	}
	return string(p.ProjectionType)
}

var (
	timeType = reflect.TypeFor[time.Time]()
	// numberType is what attributevalue.Number (and entity) treat as a
	// number held in a string.
	numberType = reflect.TypeFor[interface {
		Float64() (float64, error)
		Int64() (int64, error)
		String() string
	}]()
	marshalerType = reflect.TypeFor[attributevalue.Marshaler]()
)

// storedType is the DynamoDB type a non-key attribute is written as, when
// it can be told from the Go type and the dynamodbav tag: "S", "N", "B",
// "BOOL", "M", "L", "SS", "NS" or "BS". It returns "" when unsure (custom
// marshalers, interfaces), which is never reported as a conflict.
func storedType(m *entity.Meta, a entity.Attribute) string {
	t := a.GoType
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Implements(marshalerType) || reflect.PointerTo(t).Implements(marshalerType) {
		return ""
	}
	var opts []string
	if sf, ok := m.GoType().FieldByName(a.GoName); ok {
		opts = strings.Split(sf.Tag.Get("dynamodbav"), ",")[1:]
	}
	asString := slices.Contains(opts, "string")
	switch t.Kind() {
	case reflect.String:
		if t.Implements(numberType) && !asString {
			return "N"
		}
		return "S"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		if asString {
			return "S"
		}
		return "N"
	case reflect.Bool:
		return "BOOL"
	case reflect.Slice, reflect.Array:
		switch {
		case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
			return "B"
		case t.Elem().Kind() == reflect.Uint8:
			return "" // byte arrays: left to the codec
		case slices.Contains(opts, "stringset"):
			return "SS"
		case slices.Contains(opts, "numberset"):
			return "NS"
		case slices.Contains(opts, "binaryset"):
			return "BS"
		}
		return "L"
	case reflect.Map:
		return "M"
	case reflect.Struct:
		if t.ConvertibleTo(timeType) {
			if slices.Contains(opts, "unixtime") {
				return "N"
			}
			return "S"
		}
		return "M"
	}
	return ""
}
