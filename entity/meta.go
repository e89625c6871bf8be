package entity

import (
	"reflect"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/go-playground/validator/v10"

	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/keys"
)

// Model is embedded in an entity struct to carry table-level options in its
// `ddb` tag:
//
//	type Order struct {
//		entity.Model `ddb:"table=orders,type=Order,version=2,project=ByStatus:KEYS_ONLY"`
//		...
//	}
//
// It has no fields and adds nothing to the encoded item.
type Model = model.Model

// Short attribute names for the library's own metadata. They are written on
// every item and paid for in every WCU, so they are two bytes each.
const (
	// VersionAttribute holds the schema version the item was written with.
	VersionAttribute = model.VersionAttribute
	// TypeAttribute holds the entity type, for tables that hold several
	// (the Model tag's type=).
	TypeAttribute = model.TypeAttribute
)

// TagKey is the struct tag that declares modelling roles. Attribute names
// and encoding options stay in the `dynamodbav` tag.
const TagKey = model.TagKey

// MaxItemBytes is DynamoDB's item size limit (400 KB).
const MaxItemBytes = model.MaxItemBytes

// Index is a secondary index declared by the model. Projection says which
// attributes it stores, as the SDK says it (ProjectionType, and
// NonKeyAttributes for INCLUDE).
type Index struct {
	Name       string
	Schema     keys.Schema
	Projection types.Projection
}

// Attribute describes one top-level attribute of the model. Meta.Attributes
// lists them all; the roles a single attribute can have (the lock version,
// the time to live, a unique constraint) are fields here.
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
	// Lock: the attribute is the optimistic-lock version (ddb:"lock").
	Lock bool
	// TTL: the attribute is the time to live (ddb:"ttl").
	TTL bool
	// Unique is the unique constraint the attribute belongs to, if any
	// (ddb:"unique" or "unique=Name"). A constraint over several
	// attributes is the attributes with the same Unique, in field order.
	Unique string
	// Fold: the Unique constraint compares values case-insensitively,
	// with surrounding spaces trimmed (ddb:"fold", given on every
	// attribute of the constraint).
	Fold bool
	// Since is the schema version that added the attribute (ddb:"since=N"),
	// 0 when it has been there from the first version. Items stored by
	// older versions lack it until they are written again.
	Since int
	// Template is the key template that computes the attribute from other
	// fields, as declared (ddb:"template=ORDER#{OrderID}"); "" for an
	// attribute stored as it is. Meta.RenderTemplate renders it.
	Template string
}

// Option configures Register or NewTable. TableName is the one option
// both take; WithUpgrade and WithValidator describe the model, so only
// Register takes them.
type Option func(*options)

type options struct {
	model model.Options
	// table is the name TableName gave; NewTable starts it at the
	// model's.
	table string
	// modelOnly names the first option given that only Register takes.
	modelOnly string
}

func (o *options) registerOnly(name string) {
	if o.modelOnly == "" {
		o.modelOnly = name
	}
}

// TableName names the table. Given to NewTable, it is the table the handle
// reads and writes (tests use it to get a table of their own); given to
// Register, it replaces the Model tag's table= in the model.
func TableName(name string) Option {
	return func(o *options) {
		o.table = name
		o.model.Table = name
	}
}

// WithUpgrade declares the step that turns an item of schema version from
// into version from+1. Steps run in order on read; a version without a step
// changes nothing but the defaults applied to missing attributes. A step
// works on the raw attribute map, before decoding, so it can rename, split
// or retype attributes; it must not touch the version attribute.
func WithUpgrade(from int, step func(item map[string]types.AttributeValue) error) Option {
	return func(o *options) {
		o.registerOnly("entity.WithUpgrade")
		if o.model.Upgrades == nil {
			o.model.Upgrades = map[int]model.UpgradeFunc{}
		}
		o.model.Upgrades[from] = step
	}
}

// WithValidator uses v (with its custom rules) instead of the default
// validator.
func WithValidator(v *validator.Validate) Option {
	return func(o *options) {
		o.registerOnly("entity.WithValidator")
		o.model.Validator = v
	}
}

// Meta is the model of one entity type: its table, keys, indexes and
// attributes. It is built once by Register and never changes.
type Meta struct {
	m *model.Meta
}

var registry sync.Map // reflect.Type → *Meta

// Register builds the model of T from its tags and records it. Everything
// wrong with the tags is reported here, as a *ModelError matching
// ErrInvalidModel, never at the first request. Registering T again replaces
// the earlier model.
func Register[T any](opts ...Option) (*Meta, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	t := reflect.TypeFor[T]()
	m, err := model.Build(t, o.model)
	if err != nil {
		return nil, err
	}
	meta := &Meta{m: m}
	registry.Store(t, meta)
	return meta, nil
}

// MustRegister is Register for package initialisation: it panics on error.
func MustRegister[T any](opts ...Option) *Meta {
	m, err := Register[T](opts...)
	if err != nil {
		panic(err)
	}
	return m
}

// MetaOf returns the registered model of T, registering T with no options
// if it has not been.
func MetaOf[T any]() (*Meta, error) {
	if m, ok := registry.Load(reflect.TypeFor[T]()); ok {
		return m.(*Meta), nil
	}
	return Register[T]()
}

// GoType is the entity's Go type.
func (m *Meta) GoType() reflect.Type { return m.m.GoType() }

// Table is the table name from the Model tag, or the TableName given to
// Register ("" if neither).
func (m *Meta) Table() string { return m.m.Table() }

// TypeName is the entity type name: the Model tag's type=, else the Go type
// name. Items carry it in TypeAttribute only when the tag declares type=.
func (m *Meta) TypeName() string { return m.m.TypeName() }

// Version is the current schema version.
func (m *Meta) Version() int { return m.m.Version() }

// PrimaryKey is the table's key schema.
func (m *Meta) PrimaryKey() keys.Schema { return m.m.PrimaryKey() }

// Indexes lists the secondary indexes: global ones in the order their first
// field appears, then local ones by name.
func (m *Meta) Indexes() []Index {
	ixs := m.m.Indexes()
	out := make([]Index, len(ixs))
	for i, ix := range ixs {
		out[i] = indexOf(ix)
	}
	return out
}

func indexOf(ix model.Index) Index {
	return Index{Name: ix.Name, Schema: ix.Schema, Projection: types.Projection{
		ProjectionType: ix.Projection.Type, NonKeyAttributes: slices.Clone(ix.Projection.NonKeyAttributes),
	}}
}

// Attributes lists the top-level attributes in field order.
func (m *Meta) Attributes() []Attribute {
	as := m.m.Attributes()
	out := make([]Attribute, len(as))
	for i, a := range as {
		out[i] = m.attributeOf(a)
	}
	return out
}

func (m *Meta) attributeOf(a model.Attribute) Attribute {
	out := Attribute{
		Name: a.Name, GoName: a.GoName, GoType: a.GoType, OmitEmpty: a.OmitEmpty,
		KeyType: a.KeyType, Indexes: a.Indexes, Default: a.Default, Unique: a.Unique, Since: a.Since,
	}
	if lock, ok := m.m.LockAttribute(); ok && lock.Name == a.Name {
		out.Lock = true
	}
	if ttl, ok := m.m.TTLAttribute(); ok && ttl.Name == a.Name {
		out.TTL = true
	}
	for _, u := range m.m.Uniques() {
		if u.Name == a.Unique {
			out.Fold = u.Fold
		}
	}
	for _, tp := range m.m.Templates() {
		if tp.Attribute == a.Name {
			out.Template = tp.String()
		}
	}
	return out
}

// Warnings lists things about the model that are legal but easy to get
// wrong, such as omitempty fields that silently keep items out of an index.
func (m *Meta) Warnings() []string { return m.m.Warnings() }

// String summarises the model, for logs and debugging.
func (m *Meta) String() string { return m.m.String() }

// EncodeItem turns item (a *T) into the item a Put stores: it validates it,
// encodes it with the model's codec, adds the schema version (and the
// entity type when the model declares type=), and checks its keys, its
// numbers and its size. It is for code that sends requests of its own
// (a stream replay, a bulk load); nothing is sent. For the same struct and
// tags the attributes are what attributevalue.MarshalMap produces, except
// that a time.Time key attribute is stored in keys.TimeLayout.
func (m *Meta) EncodeItem(item any) (map[string]types.AttributeValue, error) {
	return m.m.EncodeItem(m.m.Table(), item)
}

// DecodeItem turns an item as stored (from a stream record, say) into out
// (a *T) the way Get does: it checks the entity type, upgrades the item
// from its stored schema version, decodes it, fills defaults and validates
// the result. A stored item that does not fit is a *DecodeError or a
// *ValidationError, and out is then not to be used. raw is not modified.
func (m *Meta) DecodeItem(raw map[string]types.AttributeValue, out any) error {
	return m.m.DecodeItem(m.m.Table(), raw, out, nil)
}

// RenderTemplate renders the key template of attribute attr from its
// components, given by Go field name (strings, integers or times like the
// fields). It is how a caller addresses an item by a templated key:
//
//	pk, err := meta.RenderTemplate("pk", map[string]any{"OrderID": "o-1"})
//	order, err := orders.Get(entity.NewKey(pk)).Run(ctx)
func (m *Meta) RenderTemplate(attr string, values map[string]any) (string, error) {
	return m.m.RenderTemplate(attr, values)
}

// Untyped reports whether the model claims items that carry no entity type
// (the Model tag's untyped= option): all of them when attribute is "", or
// those whose string key attribute begins with prefix.
func (m *Meta) Untyped() (attribute, prefix string, ok bool) { return m.m.Untyped() }

// UpgradeItem returns the stored item raw as the model's current schema
// version: the steps declared with WithUpgrade run on a deep copy, then
// defaults fill missing attributes and "_v" is set; it also returns the
// stored version. An item already current is returned as it is; raw is
// never modified. An item newer than the model matches ErrUnknownVersion,
// a failing step ErrDecode. The result is neither decoded nor validated:
// DecodeItem checks that it reads back.
func (m *Meta) UpgradeItem(table string, raw map[string]types.AttributeValue) (map[string]types.AttributeValue, int, error) {
	return m.m.UpgradeItem(table, raw)
}
