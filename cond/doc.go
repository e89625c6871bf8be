// Package cond is dynamodel's expression language: the attribute paths and
// the condition and filter expressions a user writes. The entity, query,
// update and txn packages take them for condition expressions (PutItem,
// UpdateItem, DeleteItem, transactional writes), filter expressions (Query
// and Scan), projections and update actions, and render them into the
// request with name and value placeholders.
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
// escaping. Paths are immutable values; an invalid path (empty name,
// negative index, more than 32 dereferences) is refused before a request
// that uses it is sent.
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
// clauses can be combined without special cases, and it adds nothing to a
// request. Building an Expr never fails; invalid paths and operands are
// refused when the expression is rendered, before anything is sent. The
// rendering always parenthesises nested combinations, so DynamoDB's
// operator precedence never changes the meaning. Expr.String shows an
// expression in a readable form for logs and errors.
//
// Values are encoded the way the entity's model stores the attribute at the
// path compared (a time stored as unix seconds is compared as a number),
// and like attributevalue.Marshal does for an attribute the model does not
// declare. A types.AttributeValue is used as it is. Rendering is
// deterministic: the same expressions in the same order give the same
// strings and placeholder maps.
//
// # Errors
//
// A refused expression, path or value is an *entity.InputError (matching
// entity.ErrInvalidInput) naming the call (such as cond.Path.BeginsWith)
// and the path, with one of the Rule… constants of this package as its
// Rule: RuleInvalidPath, RuleTooManyOperands, RuleInvalidOperand,
// RuleExpressionTooLong, RuleOverlappingPaths, RuleEncode or
// RuleInvalidNumber.
package cond
