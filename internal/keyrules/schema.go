package keyrules

import (
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/keys"
)

// Validate checks schema s against DynamoDB's rules for its kind. A
// refusal is an *errs.InputError naming the index and the attribute at
// fault, with one of keys' schema rules; its Detail names the kind.
func Validate(s keys.Schema) error {
	fail := func(attr string, rule errs.Rule, detail string) error {
		return &errs.InputError{Index: s.Index, Attribute: attr, Rule: rule, Detail: s.Kind.String() + ": " + detail}
	}
	maxP, maxS := 1, 1
	switch s.Kind {
	case keys.Primary:
	case keys.Global:
		maxP, maxS = MaxPartitionAttributes, MaxSortAttributes
	case keys.Local:
		if len(s.Sort) != 1 {
			return fail("", keys.RuleTooManyAttributes, fmt.Sprintf("a local secondary index has exactly one sort attribute, got %d", len(s.Sort)))
		}
	default:
		return &errs.InputError{Index: s.Index, Detail: fmt.Sprintf("unknown key schema kind %d", s.Kind)}
	}
	if len(s.Partition) == 0 {
		return fail("", keys.RuleNoPartition, "a key schema needs at least one partition attribute")
	}
	if len(s.Partition) > maxP {
		return fail(s.Partition[maxP].Name, keys.RuleTooManyAttributes, fmt.Sprintf("%d partition attributes, at most %d", len(s.Partition), maxP))
	}
	if len(s.Sort) > maxS {
		return fail(s.Sort[maxS].Name, keys.RuleTooManyAttributes, fmt.Sprintf("%d sort attributes, at most %d", len(s.Sort), maxS))
	}
	seen := make(map[string]bool, len(s.Partition)+len(s.Sort))
	for _, a := range All(s) {
		if a.Name == "" || len(a.Name) > MaxKeyNameBytes {
			return fail(a.Name, keys.RuleKeyName, fmt.Sprintf("key attribute names are 1 to %d bytes", MaxKeyNameBytes))
		}
		if !IsKeyType(a.Type) {
			return fail(a.Name, keys.RuleKeyType, fmt.Sprintf("key attributes must be of type S, N or B, got %q", a.Type))
		}
		if seen[a.Name] {
			return fail(a.Name, keys.RuleDuplicateKey, "an attribute appears twice in one key schema")
		}
		seen[a.Name] = true
	}
	return nil
}

// IsKeyType reports whether t may be used as a key attribute type.
func IsKeyType(t types.ScalarAttributeType) bool {
	return t == types.ScalarAttributeTypeS || t == types.ScalarAttributeTypeN || t == types.ScalarAttributeTypeB
}

// Len is the number of key attributes of s, partition and sort.
func Len(s keys.Schema) int { return len(s.Partition) + len(s.Sort) }

// At returns key attribute i of All(s) without building the list.
func At(s keys.Schema, i int) keys.Attribute {
	if i < len(s.Partition) {
		return s.Partition[i]
	}
	return s.Sort[i-len(s.Partition)]
}

// All returns the partition attributes of s followed by its sort attributes.
func All(s keys.Schema) []keys.Attribute {
	out := make([]keys.Attribute, 0, len(s.Partition)+len(s.Sort))
	out = append(out, s.Partition...)
	return append(out, s.Sort...)
}

// Has reports whether name is one of the key attributes of s.
func Has(s keys.Schema, name string) bool {
	return position(s, name) != 0
}

// position returns 1..n for partition attributes, -1..-m for sort attributes
// and 0 when name is not a key attribute of the schema.
func position(s keys.Schema, name string) int {
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

// KeySchema renders s as DynamoDB expects it: every HASH element before
// every RANGE element, each side in declared order.
func KeySchema(s keys.Schema) []types.KeySchemaElement {
	out := make([]types.KeySchemaElement, 0, len(s.Partition)+len(s.Sort))
	for _, a := range s.Partition {
		out = append(out, types.KeySchemaElement{AttributeName: ptr(a.Name), KeyType: types.KeyTypeHash})
	}
	for _, a := range s.Sort {
		out = append(out, types.KeySchemaElement{AttributeName: ptr(a.Name), KeyType: types.KeyTypeRange})
	}
	return out
}

// Extract copies the key attributes of s out of item. It reports false when
// any key attribute is missing or NULL: such an item is not in a sparse
// index.
func Extract(s keys.Schema, item map[string]types.AttributeValue) (map[string]types.AttributeValue, bool) {
	out := make(map[string]types.AttributeValue, len(s.Partition)+len(s.Sort))
	for _, a := range All(s) {
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
// index of s: every key attribute present, non-NULL and of the declared type.
func InIndex(s keys.Schema, item map[string]types.AttributeValue) bool {
	for _, a := range All(s) {
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

// AppendTime appends t in keys.TimeLayout to b.
func AppendTime(b []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(b, keys.TimeLayout)
}

func ptr[T any](v T) *T { return &v }
