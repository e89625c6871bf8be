// Package codecprobe gives the codec's differential tests (internal/avdiff,
// run by the entity tests and by the attributevalue compatibility module in
// internal/avcompat) the entity codec for any struct type, without
// registering a model. It is not API: nothing outside those tests uses it.
package codecprobe

import "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

// Marshal and Unmarshal are set by package entity when it is initialised,
// so a test reaches them by importing entity.
var (
	// Marshal encodes item, a non-nil pointer to a struct, as a whole
	// item: what entity's Meta.Marshal does for a registered type, and
	// attributevalue.MarshalMap for any.
	Marshal func(item any) (map[string]types.AttributeValue, error)
	// Unmarshal decodes item into out, a non-nil pointer to a struct: what
	// entity's Meta.Unmarshal does for a registered type.
	Unmarshal func(item map[string]types.AttributeValue, out any) error
)
