package keys

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
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
// A Schema is a plain description; the slices must not be modified after
// the schema has been registered with a model and shared.
type Schema struct {
	Kind Kind
	// Index is the index name; empty for the primary key.
	Index     string
	Partition []Attribute
	Sort      []Attribute
}
