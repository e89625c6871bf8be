package keys

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Limits DynamoDB places on key schemas.
const (
	// MaxPartitionAttributes is the most HASH attributes a GSI key may have.
	MaxPartitionAttributes = 4
	// MaxSortAttributes is the most RANGE attributes a GSI key may have.
	MaxSortAttributes = 4
	// MaxPartitionValueBytes is the largest partition-key value DynamoDB accepts.
	MaxPartitionValueBytes = 2048
	// MaxSortValueBytes is the largest sort-key value DynamoDB accepts.
	MaxSortValueBytes = 1024
	// MaxKeyNameBytes is the longest name a key attribute may have.
	MaxKeyNameBytes = 255
)

// Kind says which structure a key schema belongs to.
type Kind uint8

const (
	// Primary is the base table's primary key: one partition attribute and
	// at most one sort attribute.
	Primary Kind = iota + 1
	// Global is a global secondary index: 1–4 partition attributes and 0–4
	// sort attributes (DynamoDB's multi-attribute keys).
	Global
	// Local is a local secondary index: the table's partition attribute and
	// exactly one sort attribute.
	Local
)

func (k Kind) String() string {
	switch k {
	case Primary:
		return "primary key"
	case Global:
		return "global secondary index"
	case Local:
		return "local secondary index"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Attribute is one key attribute: its name and its DynamoDB scalar type.
type Attribute struct {
	Name string
	Type types.ScalarAttributeType
}

// Schema is the key schema of a table or index: the partition attributes
// (HASH, in declared order) and the sort attributes (RANGE, in the
// left-to-right order DynamoDB sorts by).
//
// A Schema is a plain value; the slices must not be modified after the
// schema has been validated and shared.
type Schema struct {
	Kind Kind
	// Index is the index name; empty for the primary key.
	Index     string
	Partition []Attribute
	Sort      []Attribute
}

// Sentinel errors for invalid key schemas; the returned *SchemaError says
// which schema and attribute.
var (
	ErrNoPartition       = errors.New("keys: a key schema needs at least one partition attribute")
	ErrTooManyAttributes = errors.New("keys: too many key attributes")
	ErrKeyType           = errors.New("keys: key attributes must be of type S, N or B")
	ErrDuplicateKey      = errors.New("keys: an attribute appears twice in one key schema")
	ErrKeyName           = errors.New("keys: invalid key attribute name")
)

// SchemaError reports why a key schema is invalid.
type SchemaError struct {
	Kind      Kind
	Index     string
	Attribute string
	Err       error
}

func (e *SchemaError) Error() string {
	var b strings.Builder
	b.WriteString(e.Kind.String())
	if e.Index != "" {
		b.WriteString(" ")
		b.WriteString(e.Index)
	}
	if e.Attribute != "" {
		b.WriteString(", attribute ")
		b.WriteString(e.Attribute)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *SchemaError) Unwrap() error { return e.Err }

// Validate checks the schema against DynamoDB's rules for its kind.
func (s Schema) Validate() error {
	fail := func(attr string, err error) error {
		return &SchemaError{Kind: s.Kind, Index: s.Index, Attribute: attr, Err: err}
	}
	maxP, maxS := 1, 1
	switch s.Kind {
	case Primary:
	case Global:
		maxP, maxS = MaxPartitionAttributes, MaxSortAttributes
	case Local:
		if len(s.Sort) != 1 {
			return fail("", fmt.Errorf("%w: a local secondary index has exactly one sort attribute, got %d", ErrTooManyAttributes, len(s.Sort)))
		}
	default:
		return fail("", fmt.Errorf("keys: unknown schema kind %d", s.Kind))
	}
	if len(s.Partition) == 0 {
		return fail("", ErrNoPartition)
	}
	if len(s.Partition) > maxP {
		return fail(s.Partition[maxP].Name, fmt.Errorf("%w: %d partition attributes, at most %d", ErrTooManyAttributes, len(s.Partition), maxP))
	}
	if len(s.Sort) > maxS {
		return fail(s.Sort[maxS].Name, fmt.Errorf("%w: %d sort attributes, at most %d", ErrTooManyAttributes, len(s.Sort), maxS))
	}
	seen := make(map[string]bool, len(s.Partition)+len(s.Sort))
	for _, a := range s.All() {
		if a.Name == "" || len(a.Name) > MaxKeyNameBytes {
			return fail(a.Name, ErrKeyName)
		}
		if !IsKeyType(a.Type) {
			return fail(a.Name, fmt.Errorf("%w, got %q", ErrKeyType, a.Type))
		}
		if seen[a.Name] {
			return fail(a.Name, ErrDuplicateKey)
		}
		seen[a.Name] = true
	}
	return nil
}

// IsKeyType reports whether t may be used as a key attribute type.
func IsKeyType(t types.ScalarAttributeType) bool {
	return t == types.ScalarAttributeTypeS || t == types.ScalarAttributeTypeN || t == types.ScalarAttributeTypeB
}

// Len is the number of key attributes, partition and sort.
func (s Schema) Len() int { return len(s.Partition) + len(s.Sort) }

// At returns key attribute i of All without building the list.
func (s Schema) At(i int) Attribute {
	if i < len(s.Partition) {
		return s.Partition[i]
	}
	return s.Sort[i-len(s.Partition)]
}

// All returns the partition attributes followed by the sort attributes.
func (s Schema) All() []Attribute {
	out := make([]Attribute, 0, len(s.Partition)+len(s.Sort))
	out = append(out, s.Partition...)
	return append(out, s.Sort...)
}

// Has reports whether name is one of the schema's key attributes.
func (s Schema) Has(name string) bool {
	return s.position(name) != 0
}

// position returns 1..n for partition attributes, -1..-m for sort attributes
// and 0 when name is not a key attribute of the schema.
func (s Schema) position(name string) int {
	for i, a := range s.Partition {
		if a.Name == name {
			return i + 1
		}
	}
	for i, a := range s.Sort {
		if a.Name == name {
			return -(i + 1)
		}
	}
	return 0
}

// KeySchema renders the schema as DynamoDB expects it: every HASH element
// before every RANGE element, each side in declared order.
func (s Schema) KeySchema() []types.KeySchemaElement {
	out := make([]types.KeySchemaElement, 0, len(s.Partition)+len(s.Sort))
	for _, a := range s.Partition {
		out = append(out, types.KeySchemaElement{AttributeName: ptr(a.Name), KeyType: types.KeyTypeHash})
	}
	for _, a := range s.Sort {
		out = append(out, types.KeySchemaElement{AttributeName: ptr(a.Name), KeyType: types.KeyTypeRange})
	}
	return out
}

// Extract copies the schema's key attributes out of item. It reports false
// when any key attribute is missing or NULL: such an item is not in a sparse
// index.
func (s Schema) Extract(item map[string]types.AttributeValue) (map[string]types.AttributeValue, bool) {
	out := make(map[string]types.AttributeValue, len(s.Partition)+len(s.Sort))
	for _, a := range s.All() {
		v, ok := item[a.Name]
		if !ok {
			return nil, false
		}
		if _, null := v.(*types.AttributeValueMemberNULL); null {
			return nil, false
		}
		out[a.Name] = v
	}
	return out, true
}

// InIndex reports whether an item with these attributes would appear in the
// index: every key attribute present, non-NULL and of the declared type.
func (s Schema) InIndex(item map[string]types.AttributeValue) bool {
	for _, a := range s.All() {
		v, ok := item[a.Name]
		if !ok || TypeOf(v) != a.Type {
			return false
		}
	}
	return true
}

// TypeOf returns the scalar type of a key-capable attribute value, or "" for
// any other kind of value.
func TypeOf(v types.AttributeValue) types.ScalarAttributeType {
	switch v.(type) {
	case *types.AttributeValueMemberS:
		return types.ScalarAttributeTypeS
	case *types.AttributeValueMemberN:
		return types.ScalarAttributeTypeN
	case *types.AttributeValueMemberB:
		return types.ScalarAttributeTypeB
	}
	return ""
}

func ptr[T any](v T) *T { return &v }
