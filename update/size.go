package update

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/expr"
	"github.com/dynamodel/dynamodel/internal/itemsize"
)

// maxExpressionValues is DynamoDB's limit on all the expression attribute
// names and values of one request, together.
const maxExpressionValues = 2 << 20

// writtenSize is what a value written at p adds to the item at least: the
// value, and the attribute's name when p is top-level (a nested value's
// name and the map around it are left out, so the sum stays a lower bound
// when several values share a top-level map).
func writtenSize(p expr.Path, av types.AttributeValue) int {
	n := itemsize.Value(av)
	if !p.IsNested() {
		n += len(p.Root())
	}
	return n
}

// expressionSize is the size of a request's expression names and values,
// counted as DynamoDB counts attributes (placeholders as names).
func expressionSize(names map[string]string, values map[string]types.AttributeValue) int {
	n := itemsize.Item(values)
	for k, v := range names {
		n += len(k) + len(v)
	}
	return n
}
