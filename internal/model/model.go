package model

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/go-playground/validator/v10"

	"github.com/dynamodel/dynamodel/internal/keyrules"
	"github.com/dynamodel/dynamodel/keys"
)

// Model is the marker entity.Model names: embedded in an entity struct, it
// carries table-level options in its `ddb` tag:
//
//	type Order struct {
//		entity.Model `ddb:"table=orders,type=Order,version=2,project=ByStatus:KEYS_ONLY"`
//		...
//	}
//
// It has no fields and adds nothing to the encoded item.
type Model struct{}

var modelType = reflect.TypeFor[Model]()

// Short attribute names for the library's own metadata. They are written on
// every item and paid for in every WCU, so they are two bytes each.
const (
	// VersionAttribute holds the schema version the item was written with.
	VersionAttribute = "_v"
	// TypeAttribute holds the entity type, for tables that hold several.
	TypeAttribute = "_t"
)

// Projection says which attributes an index stores.
type Projection struct {
	Type             types.ProjectionType
	NonKeyAttributes []string // for INCLUDE
}

// Index is a secondary index declared by the model.
type Index struct {
	Name       string
	Schema     keys.Schema
	Projection Projection
}

// Attribute describes one top-level attribute of the model.
type Attribute struct {
	Name      string       // attribute name in DynamoDB
	GoName    string       // Go field name
	GoType    reflect.Type // Go field type
	OmitEmpty bool
	// KeyType is S, N or B when the attribute is part of any key; "" otherwise.
	KeyType types.ScalarAttributeType
	// Indexes lists the secondary indexes the attribute is a key of.
	Indexes []string
	// Default is read in place of the attribute when an item lacks it,
	// and written in place of the field's zero value by Put and Create.
	Default types.AttributeValue
	// Unique is the unique constraint the attribute belongs to, if any.
	Unique string
	// Since is the schema version that added the attribute (ddb:"since=N"),
	// 0 when it has been there from the first version. Items stored by
	// older versions lack it until they are written again.
	Since int

	field structField
	opts  avOpts
	// defaultValue is Default as a Go value of the field's type with its
	// pointers taken off.
	defaultValue reflect.Value
}

// Unique is a unique constraint over one or more attributes.
type Unique struct {
	Name       string
	Attributes []string
	// Fold: values compare case-insensitively with surrounding spaces
	// trimmed.
	Fold bool
}

// UpgradeFunc rewrites a stored item from one schema version to the next.
// It works on the raw attribute map, before decoding, so it can rename,
// split or retype attributes. It must not touch the version attribute.
type UpgradeFunc = func(item map[string]types.AttributeValue) error

// Options are what entity.Register's options set.
type Options struct {
	// Upgrades maps a schema version to the step that turns an item of
	// that version into the next.
	Upgrades map[int]UpgradeFunc
	// Validator replaces the default validator.
	Validator *validator.Validate
	// Table overrides the table name of the Model tag.
	Table string
}

// Meta is the model of one entity type: its table, keys, indexes,
// attributes and codec. It is built once by Register and never changes.
type Meta struct {
	goType   reflect.Type
	table    string
	typeName string
	stamp    bool // the type attribute is written and checked
	untyped  untypedClaim
	version  int

	primary keys.Schema
	indexes []Index
	attrs   []Attribute
	byName  map[string]int
	names   []string // attribute names in attrs order, for attrIndex
	lock    int      // index into attrs, -1 when none
	ttl     int
	uniques []Unique
	// templates are the key templates, in field order.
	templates []*Template
	// defaults are the indexes into attrs of the fields with a default.
	defaults []int

	upgrades []UpgradeFunc // upgrades[v-1] turns version v into v+1
	validate *validator.Validate
	warnings []string

	enc []fieldEnc
	dec []fieldDec
	// marshal and unmarshal reach the Marshaler and Unmarshaler the
	// entity type implements itself (nil when it does not): they then
	// encode and decode the whole item, as in attributevalue.
	marshal   func(reflect.Value) attributevalue.Marshaler
	unmarshal func(reflect.Value) attributevalue.Unmarshaler
	// topPaths describes each top-level attribute for partial writes.
	topPaths []PathInfo
	// goNames maps attribute names to Go field names (for templates).
	goNames map[string]string
	// attrNS is, per attribute, validator's namespace of its field below
	// the struct's name: the Go field name, after the names of the
	// embedded structs it is promoted from.
	attrNS []string
}

var defaultValidator = sync.OnceValue(func() *validator.Validate {
	return validator.New(validator.WithRequiredStructEnabled())
})

// Build builds the model of the struct type t from its tags. Everything
// wrong with the tags is reported here, as a *ModelError matching
// ErrInvalidModel, never at the first request.
func Build(t reflect.Type, ro Options) (*Meta, error) {
	fail := func(field string, format string, args ...any) error {
		return &ModelError{Type: t, Field: field, Err: fmt.Errorf(format, args...)}
	}
	if t.Kind() != reflect.Struct {
		return nil, fail("", "an entity must be a struct, got %s", t.Kind())
	}
	m := &Meta{goType: t, lock: -1, ttl: -1, byName: map[string]int{}, goNames: map[string]string{}}

	// Table-level options come from the embedded Model.
	topts := tableOptions{version: 1}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Type != modelType {
			continue
		}
		if !sf.Anonymous {
			return nil, fail(sf.Name, "entity.Model must be embedded, not a named field")
		}
		var err error
		if topts, err = parseTableOptions(sf.Tag.Get(TagKey)); err != nil {
			return nil, fail(sf.Name, "%v", err)
		}
	}
	m.table, m.typeName, m.version = topts.table, topts.typeName, topts.version
	if ro.Table != "" {
		m.table = ro.Table
	}
	m.stamp = m.typeName != ""
	if m.typeName == "" {
		m.typeName = t.Name()
	}
	m.marshal, m.unmarshal = marshalerOf(t), unmarshalerOf(t)
	m.validate = ro.Validator
	if m.validate == nil {
		m.validate = defaultValidator()
	}

	// Tagged fields that attributevalue would not see are mistakes.
	if err := checkHiddenTags(t, map[reflect.Type]bool{}, fail); err != nil {
		return nil, err
	}

	type gsiDecl struct {
		attr int
		pos  gsiPosition
	}
	var gsiDecls []gsiDecl
	lsiSort := map[string]int{}
	var pk, sk = -1, -1
	uniqueByName := map[string]*Unique{}
	var uniqueOrder []string
	type templateDecl struct{ attr, goName, spec string }
	var templateDecls []templateDecl

	for _, f := range structFields(t) {
		if f.tag.rawValid != nil {
			return nil, fail(f.goName, "%v", f.tag.rawValid)
		}
		if f.name == "" {
			return nil, fail(f.goName, "empty attribute name")
		}
		if f.hidden {
			return nil, fail(f.goName, "an embedded field of the unexported non-struct type %s cannot be encoded or decoded (attributevalue panics on it): export the type or tag the field dynamodbav:\"-\"", f.typ)
		}
		// Decoding matches attribute names case-insensitively when no
		// name matches exactly, so a field must not fold onto the
		// metadata either.
		if strings.EqualFold(f.name, VersionAttribute) || strings.EqualFold(f.name, TypeAttribute) {
			return nil, fail(f.goName, "attribute name %q is reserved for the library's metadata", f.name)
		}
		roles, err := parseFieldRoles(f.field.Tag.Get(TagKey))
		if err != nil {
			return nil, fail(f.goName, "ddb tag: %v", err)
		}
		a := Attribute{Name: f.name, GoName: f.goName, GoType: f.typ, OmitEmpty: f.tag.opts.omitEmpty, Since: roles.since, field: f, opts: f.tag.opts}
		if roles.since > m.version {
			return nil, fail(f.goName, "since=%d, but the model is at version %d", roles.since, m.version)
		}
		if roles.since > 0 && (roles.pk || roles.sk) {
			return nil, fail(f.goName, "since=%d on a primary key attribute: every item has had it", roles.since)
		}
		idx := len(m.attrs)
		isKey := roles.pk || roles.sk || len(roles.gsi) > 0 || len(roles.lsi) > 0
		if isKey {
			kt, err := keyTypeOf(f.typ, f.tag.opts)
			if err != nil {
				return nil, fail(f.goName, "%v", err)
			}
			a.KeyType = kt
		}
		if a.opts.keyTime, err = keyTimeFixed(f, roles, isKey); err != nil {
			return nil, fail(f.goName, "ddb tag: %v", err)
		}
		if roles.pk {
			if pk >= 0 {
				return nil, fail(f.goName, "two partition keys: %s and %s", m.attrs[pk].GoName, f.goName)
			}
			pk = idx
		}
		if roles.sk {
			if sk >= 0 {
				return nil, fail(f.goName, "two sort keys: %s and %s", m.attrs[sk].GoName, f.goName)
			}
			sk = idx
		}
		if (roles.pk || roles.sk) && (f.tag.opts.omitEmpty || f.typ.Kind() == reflect.Pointer) {
			return nil, fail(f.goName, "a primary key attribute cannot be a pointer or omitempty: every item needs it")
		}
		for _, p := range roles.gsi {
			gsiDecls = append(gsiDecls, gsiDecl{attr: idx, pos: p})
		}
		if len(roles.gsi) > 0 && f.typ.Kind() == reflect.Pointer && !f.tag.opts.omitEmpty {
			return nil, fail(f.goName, "index key attribute is a pointer without omitempty: nil would be written as NULL, which DynamoDB refuses for index keys; add omitempty to leave the item out of the index instead")
		}
		for _, name := range roles.lsi {
			if _, dup := lsiSort[name]; dup {
				return nil, fail(f.goName, "local secondary index %s has two sort attributes", name)
			}
			lsiSort[name] = idx
		}
		if roles.lock {
			if m.lock >= 0 {
				return nil, fail(f.goName, "two lock version fields")
			}
			if !isInteger(f.typ) {
				return nil, fail(f.goName, "a lock version must be an integer, got %s", f.typ)
			}
			if isKey {
				return nil, fail(f.goName, "a lock version cannot be a key attribute")
			}
			m.lock = idx
		}
		if roles.ttl {
			if m.ttl >= 0 {
				return nil, fail(f.goName, "two TTL fields")
			}
			if !(isInteger(f.typ) || (isTime(derefType(f.typ)) && f.tag.opts.unixTime)) {
				return nil, fail(f.goName, "a TTL attribute must be an integer or a time.Time tagged dynamodbav:\",unixtime\" (DynamoDB wants epoch seconds)")
			}
			m.ttl = idx
		}
		if roles.unique != "" {
			name := roles.unique
			if name == "\x00self" {
				name = f.name
			}
			a.Unique = name
			u, ok := uniqueByName[name]
			if !ok {
				u = &Unique{Name: name, Fold: roles.fold}
				uniqueByName[name] = u
				uniqueOrder = append(uniqueOrder, name)
			} else if u.Fold != roles.fold {
				return nil, fail(f.goName, "unique constraint %s: fold must be given on every attribute or none", name)
			}
			u.Attributes = append(u.Attributes, f.name)
		}
		if roles.template != "" {
			if f.typ.Kind() != reflect.String {
				return nil, fail(f.goName, "a template attribute must be a string, got %s", f.typ)
			}
			templateDecls = append(templateDecls, templateDecl{attr: f.name, goName: f.goName, spec: roles.template})
		}
		if roles.hasDefault {
			if f.tag.opts.omitEmpty {
				return nil, fail(f.goName, "default with omitempty: an omitted zero value would read back as the default")
			}
			if isKey {
				return nil, fail(f.goName, "a key attribute cannot have a default")
			}
			a.defaultValue, a.Default, err = parseDefault(f, roles.defaultRaw)
			if err != nil {
				return nil, fail(f.goName, "default %q: %v", roles.defaultRaw, err)
			}
		}
		m.byName[f.name] = idx
		m.names = append(m.names, f.name)
		m.goNames[f.name] = f.goName
		m.attrs = append(m.attrs, a)
	}
	if pk < 0 {
		return nil, fail("", "no partition key: tag one field ddb:\"pk\"")
	}
	m.primary = keys.Schema{Kind: keys.Primary, Partition: []keys.Attribute{{Name: m.attrs[pk].Name, Type: m.attrs[pk].KeyType}}}
	if sk >= 0 {
		m.primary.Sort = []keys.Attribute{{Name: m.attrs[sk].Name, Type: m.attrs[sk].KeyType}}
	}
	if err := keyrules.Validate(m.primary); err != nil {
		return nil, fail("", "%v", err)
	}

	// Global secondary indexes: positions dense from 1, unique per side.
	byIndex := map[string][]gsiDecl{}
	var gsiOrder []string
	for _, d := range gsiDecls {
		if _, ok := byIndex[d.pos.index]; !ok {
			gsiOrder = append(gsiOrder, d.pos.index)
		}
		byIndex[d.pos.index] = append(byIndex[d.pos.index], d)
	}
	for _, name := range gsiOrder {
		if _, clash := lsiSort[name]; clash {
			return nil, fail("", "index %s is declared both as global and as local", name)
		}
		var part, sort [keyrules.MaxPartitionAttributes + 1]int
		var np, ns int
		for _, d := range byIndex[name] {
			slot := &part
			if d.pos.sort {
				slot = &sort
			}
			if slot[d.pos.pos] != 0 {
				return nil, fail(m.attrs[d.attr].GoName, "index %s: position %s%d taken twice (also by %s)", name, side(d.pos.sort), d.pos.pos, m.attrs[slot[d.pos.pos]-1].GoName)
			}
			slot[d.pos.pos] = d.attr + 1
			if d.pos.sort {
				ns++
			} else {
				np++
			}
		}
		s := keys.Schema{Kind: keys.Global, Index: name}
		for i := 1; i <= np; i++ {
			if part[i] == 0 {
				return nil, fail("", "index %s: partition positions must be dense from pk1; pk%d is missing", name, i)
			}
			a := m.attrs[part[i]-1]
			s.Partition = append(s.Partition, keys.Attribute{Name: a.Name, Type: a.KeyType})
		}
		for i := 1; i <= ns; i++ {
			if sort[i] == 0 {
				return nil, fail("", "index %s: sort positions must be dense from sk1; sk%d is missing", name, i)
			}
			a := m.attrs[sort[i]-1]
			s.Sort = append(s.Sort, keys.Attribute{Name: a.Name, Type: a.KeyType})
		}
		if err := keyrules.Validate(s); err != nil {
			return nil, fail("", "%v", err)
		}
		m.indexes = append(m.indexes, Index{Name: name, Schema: s, Projection: Projection{Type: types.ProjectionTypeAll}})
	}
	lsiNames := make([]string, 0, len(lsiSort))
	for name := range lsiSort {
		lsiNames = append(lsiNames, name)
	}
	sort.Strings(lsiNames)
	for _, name := range lsiNames {
		if sk < 0 {
			return nil, fail("", "local secondary index %s needs a table with a sort key", name)
		}
		a := m.attrs[lsiSort[name]]
		if lsiSort[name] == sk {
			return nil, fail(a.GoName, "local secondary index %s: its sort key is the table's sort key", name)
		}
		s := keys.Schema{Kind: keys.Local, Index: name, Partition: m.primary.Partition, Sort: []keys.Attribute{{Name: a.Name, Type: a.KeyType}}}
		if err := keyrules.Validate(s); err != nil {
			return nil, fail("", "%v", err)
		}
		m.indexes = append(m.indexes, Index{Name: name, Schema: s, Projection: Projection{Type: types.ProjectionTypeAll}})
	}
	for i := range m.indexes {
		ix := &m.indexes[i]
		if p, ok := topts.projects[ix.Name]; ok {
			ix.Projection = p
		}
		for _, ka := range keyrules.All(ix.Schema) {
			ai := m.byName[ka.Name]
			m.attrs[ai].Indexes = append(m.attrs[ai].Indexes, ix.Name)
			if ix.Schema.Kind == keys.Global && m.attrs[ai].OmitEmpty {
				m.warnings = append(m.warnings, fmt.Sprintf("%s (omitempty) is a key of index %s: an item whose %s is empty is not in %s", m.attrs[ai].GoName, ix.Name, m.attrs[ai].GoName, ix.Name))
			}
		}
	}
	m.rfc3339SortWarnings()
	if err := m.checkUntyped(topts.untyped); err != nil {
		return nil, fail("", "%v", err)
	}
	m.untyped = topts.untyped
	for name := range topts.projects {
		if !slices.ContainsFunc(m.indexes, func(ix Index) bool { return ix.Name == name }) {
			return nil, fail("", "projection for index %s, which no field declares", name)
		}
	}
	for _, name := range uniqueOrder {
		m.uniques = append(m.uniques, *uniqueByName[name])
	}

	attrOf := make(map[string]string, len(m.attrs))
	for _, a := range m.attrs {
		attrOf[a.GoName] = a.Name
	}
	for _, d := range templateDecls {
		tp, err := buildTemplate(t, d.attr, d.spec, attrOf)
		if err != nil {
			return nil, fail(d.goName, "%v", err)
		}
		m.templates = append(m.templates, tp)
	}
	for _, tp := range m.templates {
		for _, other := range m.templates {
			if slices.Contains(tp.Components, m.goNames[other.Attribute]) {
				return nil, fail("", "template of %s reads %s, which is itself a template", tp.Attribute, other.Attribute)
			}
		}
	}

	// Upgrade steps: only for versions this model can meet.
	m.upgrades = make([]UpgradeFunc, m.version-1)
	for from, step := range ro.Upgrades {
		if from < 1 || from >= m.version {
			return nil, fail("", "upgrade step from version %d, but the model is at version %d", from, m.version)
		}
		m.upgrades[from-1] = step
	}

	for i := range m.attrs {
		m.attrNS = append(m.attrNS, fieldNamespace(t, m.attrs[i].field.index))
	}
	for i := range m.attrs {
		a := &m.attrs[i]
		if a.Default == nil {
			continue
		}
		if err := m.checkDefault(a); err != nil {
			return nil, fail(a.GoName, "%v", err)
		}
		if w, ok := zeroDefaultWarning(a); ok {
			m.warnings = append(m.warnings, w)
		}
		m.defaults = append(m.defaults, i)
	}

	for i := range m.attrs {
		a := &m.attrs[i]
		info, err := m.topPathInfo(i)
		if err != nil {
			return nil, fail(a.GoName, "%v", err)
		}
		m.topPaths = append(m.topPaths, info)
		m.enc = append(m.enc, newFieldEnc(a.field, a.opts))
		m.dec = append(m.dec, newFieldDec(a.field, a.opts))
	}
	return m, nil
}

func side(sort bool) string {
	if sort {
		return "sk"
	}
	return "pk"
}

// checkHiddenTags rejects `ddb` tags on fields the codec never sees:
// unexported fields and fields excluded with dynamodbav:"-". seen stops the
// walk at struct types already checked: a type may embed a pointer to
// itself, directly or through another type.
func checkHiddenTags(t reflect.Type, seen map[reflect.Type]bool, fail func(string, string, ...any) error) error {
	if seen[t] {
		return nil
	}
	seen[t] = true
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Type == modelType {
			continue
		}
		_, tagged := sf.Tag.Lookup(TagKey)
		if !tagged {
			if sf.Anonymous && derefType(sf.Type).Kind() == reflect.Struct {
				if err := checkHiddenTags(derefType(sf.Type), seen, fail); err != nil {
					return err
				}
			}
			continue
		}
		if !sf.IsExported() {
			return fail(sf.Name, "ddb tag on an unexported field, which is never stored")
		}
		if sf.Tag.Get("dynamodbav") == "-" {
			return fail(sf.Name, "ddb tag on a field excluded with dynamodbav:\"-\"")
		}
	}
	return nil
}

func derefType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func isTime(t reflect.Type) bool { return t.Kind() == reflect.Struct && t.ConvertibleTo(timeType) }

func isInteger(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// keyTypeOf derives the DynamoDB scalar type of a key field from its Go
// type and dynamodbav options.
func keyTypeOf(t reflect.Type, o avOpts) (types.ScalarAttributeType, error) {
	if t.Implements(marshalerType) || reflect.PointerTo(t).Implements(marshalerType) {
		return "", fmt.Errorf("a key attribute cannot use a custom marshaler: its DynamoDB type must be known from the Go type")
	}
	bt := t
	if bt.Kind() == reflect.Pointer {
		bt = bt.Elem()
		if bt.Implements(marshalerType) || reflect.PointerTo(bt).Implements(marshalerType) {
			return "", fmt.Errorf("a key attribute cannot use a custom marshaler: its DynamoDB type must be known from the Go type")
		}
	}
	switch {
	case isTime(bt):
		if o.unixTime {
			return types.ScalarAttributeTypeN, nil
		}
		return types.ScalarAttributeTypeS, nil
	case bt.Kind() == reflect.String:
		if bt.Implements(numberInterface) && !o.asString {
			return types.ScalarAttributeTypeN, nil
		}
		return types.ScalarAttributeTypeS, nil
	case isInteger(bt), bt.Kind() == reflect.Float32, bt.Kind() == reflect.Float64:
		if o.asString {
			return types.ScalarAttributeTypeS, nil
		}
		return types.ScalarAttributeTypeN, nil
	case bt.Kind() == reflect.Slice && bt.Elem().Kind() == reflect.Uint8 && !o.binSet:
		return types.ScalarAttributeTypeB, nil
	}
	return "", fmt.Errorf("a key attribute must be a string, number, []byte or time.Time (S, N or B), got %s", t)
}

// parseDefault turns a default= literal into a Go value of the field's type
// with its pointers taken off, and the attribute value the field would
// encode it to.
func parseDefault(f structField, raw string) (reflect.Value, types.AttributeValue, error) {
	t := derefType(f.typ)
	v := reflect.New(t).Elem()
	switch {
	case t.Kind() == reflect.String:
		v.SetString(raw)
	case t.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return reflect.Value{}, nil, err
		}
		v.SetBool(b)
	case isInteger(t) && t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uint64:
		n, err := strconv.ParseUint(raw, 10, 64)
		if err != nil || v.OverflowUint(n) {
			return reflect.Value{}, nil, fmt.Errorf("not a %s", t)
		}
		v.SetUint(n)
	case isInteger(t):
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || v.OverflowInt(n) {
			return reflect.Value{}, nil, fmt.Errorf("not a %s", t)
		}
		v.SetInt(n)
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		n, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return reflect.Value{}, nil, err
		}
		v.SetFloat(n)
	case isTime(t):
		tm, err := time.Parse(time.RFC3339, raw)
		if err != nil {
			return reflect.Value{}, nil, err
		}
		v.Set(reflect.ValueOf(tm).Convert(t))
	default:
		return reflect.Value{}, nil, fmt.Errorf("defaults are supported for strings, numbers, bools and times, not %s", t)
	}
	av, err := encodeOne(encoderFor(t, f.tag.opts), v)
	if err != nil {
		return reflect.Value{}, nil, err
	}
	if av == nil {
		return reflect.Value{}, nil, errors.New("encodes to nothing")
	}
	return v, av, nil
}

// Accessors. Slices returned are copies; the model itself never changes.

// GoType is the entity's Go type.
func (m *Meta) GoType() reflect.Type { return m.goType }

// Table is the table name from the Model tag or the one entity.TableName
// gave Register ("" if neither).
func (m *Meta) Table() string { return m.table }

// TypeName is the entity type name: the Model tag's type=, else the Go type
// name.
func (m *Meta) TypeName() string { return m.typeName }

// StampsType reports whether items carry the entity type attribute (when
// the Model tag declares type=).
func (m *Meta) StampsType() bool { return m.stamp }

// Version is the current schema version.
func (m *Meta) Version() int { return m.version }

// PrimaryKey is the table's key schema.
func (m *Meta) PrimaryKey() keys.Schema { return m.primary }

// Indexes lists the secondary indexes: global ones in the order their first
// field appears, then local ones by name.
func (m *Meta) Indexes() []Index { return slices.Clone(m.indexes) }

// Index returns the named secondary index.
func (m *Meta) Index(name string) (Index, bool) {
	for _, ix := range m.indexes {
		if ix.Name == name {
			return ix, true
		}
	}
	return Index{}, false
}

// Attributes lists the top-level attributes in field order.
func (m *Meta) Attributes() []Attribute { return slices.Clone(m.attrs) }

// Attribute returns the attribute with the given DynamoDB name.
func (m *Meta) Attribute(name string) (Attribute, bool) {
	i, ok := m.attrIndex(name)
	if !ok {
		return Attribute{}, false
	}
	return m.attrs[i], true
}

// LockAttribute returns the optimistic-lock version attribute, if any.
func (m *Meta) LockAttribute() (Attribute, bool) { return m.attrAt(m.lock) }

// TTLAttribute returns the time-to-live attribute, if any.
func (m *Meta) TTLAttribute() (Attribute, bool) { return m.attrAt(m.ttl) }

func (m *Meta) attrAt(i int) (Attribute, bool) {
	if i < 0 {
		return Attribute{}, false
	}
	return m.attrs[i], true
}

// Uniques lists the unique constraints.
func (m *Meta) Uniques() []Unique { return slices.Clone(m.uniques) }

// Warnings lists things about the model that are legal but easy to get
// wrong, such as omitempty fields that silently keep items out of an index.
func (m *Meta) Warnings() []string { return slices.Clone(m.warnings) }

// String summarises the model, for logs and debugging.
func (m *Meta) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (table %s, version %d)", m.typeName, m.table, m.version)
	return b.String()
}

// attrIndex finds the attribute named name. Models usually have a few
// dozen attributes at most, and a scan that skips names of another length
// finds one faster than hashing the name; larger models use the map.
func (m *Meta) attrIndex(name string) (int, bool) {
	if len(m.names) > linearLookupMax {
		i, ok := m.byName[name]
		return i, ok
	}
	for i, n := range m.names {
		if len(n) == len(name) && n == name {
			return i, true
		}
	}
	return 0, false
}

// linearLookupMax is the most attributes attrIndex scans.
const linearLookupMax = 24
