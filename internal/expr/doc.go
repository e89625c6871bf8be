// Package expr renders DynamoDB expressions: the representation of
// package cond's paths and expressions, and the Builder that turns them
// into the expression strings and placeholder maps of one request
// (condition, filter, projection; key condition and update expressions
// are rendered by their packages on top of the same Builder).
//
// cond.Path, cond.Size and cond.Expr are defined on Path, Size and Expr,
// so a sibling package reads a user's value with a conversion:
//
//	b.Condition(expr.Expr(userCond))
//	expr.Path(userPath).Root()
//
// # Rendering
//
// One Builder serves one request, so that placeholders never collide, each
// attribute name gets one placeholder (#n0, #n1, …, in first-use order),
// and no placeholder is left unused. Values (:v0, :v1, …) are encoded like
// attributevalue.Marshal does, unless a ValueEncoder given to NewBuilder
// encodes them the way the entity stores the attribute at that path; a
// types.AttributeValue is used as it is. Rendering is deterministic.
//
// A request that reads the same attributes every time registers them from
// a Preset, whose projection expression and placeholder map are worked out
// once; Builder.Start puts its names first. A ValueEncoder that also
// implements ScalarEncoder lets the Builder keep plain string and number
// values in memory shared by the request's values. Reset readies a Builder
// for the next request; Retained says how much memory it keeps, so a pool
// (internal/exprpool) can drop one a large request inflated.
//
// # Errors
//
// Every error is an *errs.InputError (matching errs.ErrInvalidInput) with
// one of the Rule… constants, naming the call (cond.Path.Eq, "projection
// expression", …) and the path. A Builder method that fails leaves the
// Builder unchanged.
package expr
