// Package keys describes DynamoDB key schemas and the rules DynamoDB applies
// to them, so that the rest of the library can refuse what DynamoDB would
// refuse before a request is sent.
//
// A [Schema] is an ordered list of partition (HASH) attributes and sort
// (RANGE) attributes. The base table has one partition attribute and at most
// one sort attribute; a global secondary index may have up to four of each
// (DynamoDB's multi-attribute keys); a local secondary index shares the
// table's partition attribute and adds one sort attribute.
//
// # Key conditions
//
// [Schema.CheckConditions] applies the Query rules for multi-attribute keys:
//
//   - every partition attribute is constrained, each with =;
//   - sort attributes are constrained left to right with no gaps;
//   - only the last sort attribute constrained may take <, <=, >, >=,
//     BETWEEN or begins_with;
//   - begins_with applies only to S and B attributes.
//
// Violations are returned as a *[ConditionError] wrapping one of the
// sentinel errors, so callers can match them with errors.Is.
//
// # Times in keys
//
// Keys compare strings byte by byte. [TimeLayout] is the fixed-width UTC
// layout the library uses for time.Time values in key attributes so that
// string order is time order.
package keys
