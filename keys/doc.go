// Package keys describes DynamoDB key schemas: the [Schema] of a table or
// index (entity.Index exposes one per index of a model), the rules
// DynamoDB applies to key conditions and key values, and the layout of
// times in keys.
//
// A [Schema] is an ordered list of partition (HASH) attributes and sort
// (RANGE) attributes. The base table has one partition attribute and at most
// one sort attribute; a global secondary index may have up to four of each
// (DynamoDB's multi-attribute keys); a local secondary index shares the
// table's partition attribute and adds one sort attribute.
//
// # Key conditions
//
// The query package checks every key condition against its index's schema
// before a request is sent:
//
//   - every partition attribute is constrained, each with =;
//   - sort attributes are constrained left to right with no gaps;
//   - only the last sort attribute constrained may take <, <=, >, >=,
//     BETWEEN or begins_with;
//   - begins_with applies only to S and B attributes.
//
// A violation, like a key value of the wrong type, empty or too large, is
// an *entity.InputError (matching entity.ErrInvalidInput) that names the
// index and the attribute, with one of the Rule… constants of this package
// as its Rule.
//
// # Times in keys
//
// Keys compare strings byte by byte. [TimeLayout] is the fixed-width UTC
// layout the library uses for time.Time values in key attributes so that
// string order is time order; [FormatTime] renders a time that way.
package keys
