// Package cond is dynamodel's expression language: it builds DynamoDB
// condition expressions (the ConditionExpression of PutItem, UpdateItem,
// DeleteItem and transactional writes), filter expressions (Query and Scan)
// and the attribute paths used by projection and update expressions.
// Key condition expressions are built elsewhere, on top of the same Builder.
//
// # Paths
//
// A Path names an attribute: a top-level name, then map keys and list
// indexes.
//
//	cond.Name("status")                            // status
//	cond.Name("address").Field("city")             // address.city
//	cond.Name("tags").Index(2)                     // tags[2]
//	cond.Name("a.b")                               // ONE attribute named "a.b"
//
// Names are taken literally and are always rendered through name
// placeholders (#n0, #n1, ...), so reserved words such as status or name,
// names containing dots, dashes, spaces or any other UTF-8 text need no
// escaping. Paths are immutable values; an invalid path (empty name, negative
// index, more than 32 dereferences) is reported by Path.Err and refused when
// rendered.
//
// The entity, query, update and txn packages check every path they are given
// against the entity's model before sending a request, since DynamoDB takes
// any name and a misspelt one silently matches nothing. A path to an
// attribute the model does not declare (written by other code, or by an
// older model) is started with Undeclared instead of Name: it renders the
// same and is not checked.
//
//	cond.Name("stauts")             // refused by those packages if the model has no "stauts"
//	cond.Undeclared("legacy_state") // named on purpose; never checked
//
// # Expressions
//
// An Expr is built from paths:
//
//	p := cond.Name("price")
//	p.Eq(10)  p.Ne(10)  p.Lt(10)  p.Le(10)  p.Gt(10)  p.Ge(10)
//	p.Between(10, 20)
//	p.In("a", "b", "c")                 // 1 to 100 operands
//	p.Exists()  p.NotExists()
//	p.HasType(cond.TypeN)
//	cond.Name("sku").BeginsWith("AB-")  // string or []byte prefix
//	cond.Name("tags").Contains("red")
//	cond.Name("tags").Size().Gt(3)      // size(tags) > :v0
//
// The operand of a comparison is a Go value, another Path (comparing two
// attributes) or a Size. Expressions combine with And, Or and Not, as
// functions or methods:
//
//	cond.And(a, b, c)   a.And(b)   cond.Or(a, b)   cond.Not(a)
//
// The zero Expr means "no condition": And and Or skip it, so optional
// clauses can be combined without special cases, and it renders as "".
// Building an Expr never fails; invalid paths and operands are reported when
// the expression is rendered. The rendering always parenthesises nested
// combinations, so DynamoDB's operator precedence never changes the meaning.
//
// # Rendering
//
// One Builder serves one request. Every expression of the request (condition,
// filter, projection, key condition, update) is rendered through it, so that
// placeholders never collide, each attribute name gets one placeholder, and
// no placeholder is left unused:
//
//	b := cond.NewBuilder(nil)
//	filter, err := b.Condition(cond.And(
//		cond.Name("status").Eq("active"),
//		cond.Name("tags").Size().Gt(2),
//	))
//	// filter: #n0 = :v0 AND size(#n1) > :v1
//	proj, err := b.Projection(cond.Name("status"), cond.Name("address").Field("city"))
//	// proj: #n0, #n2.#n3
//	input := &dynamodb.ScanInput{
//		FilterExpression:          &filter,
//		ProjectionExpression:      &proj,
//		ExpressionAttributeNames:  b.Names(),  // nil when empty
//		ExpressionAttributeValues: b.Values(), // nil when empty
//	}
//
// Values are encoded like attributevalue.Marshal does, unless a ValueEncoder
// given to NewBuilder encodes them the way the entity stores the attribute at
// that path. A types.AttributeValue is used as it is. Rendering is
// deterministic: the same expressions rendered in the same order give the same
// strings and maps.
//
// # Requests built again and again
//
// A request that reads the same attributes every time can register them
// from a Preset, whose projection expression and placeholder map are worked
// out once; Builder.Start puts its names first. A ValueEncoder that also
// implements ScalarEncoder lets the Builder keep plain string and number
// values in memory shared by the request's values. Reset readies a Builder
// for the next request, keeping the room it has grown to; Retained says how
// much that is, so a pool can drop a Builder one large request inflated (the
// query and update packages keep such a pool).
//
// # Errors
//
// All errors are *Error values wrapping one of ErrInvalidPath,
// ErrTooManyOperands, ErrInvalidOperand, ErrExpressionTooLong,
// ErrOverlappingPaths, ErrEncode or ErrPresetNotFirst; use errors.Is and
// errors.As. A Builder method that fails leaves the Builder unchanged.
package cond
