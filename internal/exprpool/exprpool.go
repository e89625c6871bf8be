// Package exprpool keeps expression Builders between requests.
//
// A request's strings and placeholder maps are copied out of its Builder,
// and the values it hands out are never written again, so once a request
// is built its Builder can serve the next one: building a request then
// costs no Builder of its own (a Builder carries room for the usual
// expression inline, which makes it large). A Builder that a rare, large
// request has grown past maxRetained is not taken back.
package exprpool

import (
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/internal/expr"
)

var pool = sync.Pool{New: func() any { return expr.NewBuilder(nil) }}

// maxRetained is the most memory, in bytes, a Builder may keep for reuse
// (expr.Builder.Retained) and still go back to the pool. A usual request
// leaves a Builder at a few hundred bytes; without a bound, one request
// with thousands of placeholders would leave its Builder that large for as
// long as the pool kept reusing it.
const maxRetained = 16 << 10

// Get returns an empty Builder that encodes values with enc (nil: the
// default encoding). Give it back with Put once the request is built.
func Get(enc expr.ValueEncoder) *expr.Builder {
	b := pool.Get().(*expr.Builder)
	b.Reset(enc)
	return b
}

// Put gives b back. Nothing obtained from b may be used to build on it
// afterwards; what it returned (strings, maps, values) stays valid. A
// Builder grown past maxRetained is dropped instead of kept.
func Put(b *expr.Builder) {
	if b.Retained() > maxRetained {
		return
	}
	b.Reset(nil)
	pool.Put(b)
}

// Condition renders c with a pooled Builder whose values are encoded by enc:
// the expression and its placeholder maps, as a request's
// ConditionExpression, ExpressionAttributeNames and
// ExpressionAttributeValues want them (nil maps when there are none).
func Condition(enc expr.ValueEncoder, c cond.Expr) (string, map[string]string, map[string]types.AttributeValue, error) {
	b := Get(enc)
	defer Put(b)
	rendered, err := b.Condition(expr.Expr(c))
	if err != nil {
		return "", nil, nil, err
	}
	return rendered, b.Names(), b.Values(), nil
}
