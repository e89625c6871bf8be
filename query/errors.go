package query

import (
	"errors"
	"fmt"

	"github.com/dynamodel/dynamodel/internal/errs"
)

// Outcomes a caller branches on. Every refusal of input made before a
// request is sent is an *entity.InputError matching entity.ErrInvalidInput,
// with one of the rules below (or a rule of package keys or entity) in its
// Rule field.
var (
	// ErrInvalidCursor is matched by every cursor refused: garbage, one
	// altered or signed with another key (RuleCursorTampered), or one of
	// another query (RuleCursorMismatch). Such a refusal is an
	// *entity.InputError too.
	ErrInvalidCursor = errors.New("query: invalid cursor")
	// ErrUnknownType: a collection read an item whose entity type (the
	// _t attribute) is none of its entities', or that has no type at all.
	ErrUnknownType = errors.New("query: item of an entity type the collection does not hold")
)

// The rules a query, scan, collection or batch read refuses input by, found
// in entity.InputError.Rule.
const (
	// RuleUnknownIndex: Index names an index the entity does not declare.
	RuleUnknownIndex errs.Rule = "unknown-index"
	// RuleFilterOnKey: a Query's filter uses a key attribute of the
	// index queried (DynamoDB refuses it; use a key condition).
	RuleFilterOnKey errs.Rule = "filter-on-key"
	// RuleConsistentGSI: ConsistentRead on a global secondary index,
	// which supports only eventually consistent reads.
	RuleConsistentGSI errs.Rule = "consistent-read-on-gsi"
	// RuleLimit: Limit or MaxResults below 1.
	RuleLimit errs.Rule = "limit"
	// RuleSegment: TotalSegments outside 1..MaxTotalSegments, a segment
	// outside 0..total-1, or a ScanProgress whose parts do not fit
	// together.
	RuleSegment errs.Rule = "segment"
	// RuleParallelScan: a Scan setting a parallel scan cannot honour
	// (Segment, After or MaxResults), or no function to call.
	RuleParallelScan errs.Rule = "parallel-scan"
	// RuleBatchOption: a BatchGet setting out of range (MaxAttempts,
	// Backoff).
	RuleBatchOption errs.Rule = "batch-option"
	// RuleCollection: entities that cannot share an item collection, or
	// a collection without a table name or client.
	RuleCollection errs.Rule = "collection"
	// RuleCollectionQuery: a Query setting an item collection's Query
	// cannot honour: Index (a collection is read from the table's primary
	// key) or Project (each item is read whole into its own entity's
	// type).
	RuleCollectionQuery errs.Rule = "collection-query"
	// RuleCursor: a cursor that is not one (garbage, truncated, of
	// another version). It matches ErrInvalidCursor.
	RuleCursor errs.Rule = "cursor"
	// RuleCursorTampered: a cursor altered, or signed with another key
	// (or unsigned where SignCursors asks for a signature). It matches
	// ErrInvalidCursor.
	RuleCursorTampered errs.Rule = "cursor-tampered"
	// RuleCursorMismatch: a cursor of another query (table, index, key
	// condition or scan segment). It matches ErrInvalidCursor.
	RuleCursorMismatch errs.Rule = "cursor-mismatch"
)

// refuse is the refusal of op's input by rule.
func refuse(op string, rule errs.Rule, format string, args ...any) *errs.InputError {
	return &errs.InputError{Op: op, Rule: rule, Detail: fmt.Sprintf(format, args...)}
}

func unknownIndex(op, table, entityType, index string) *errs.InputError {
	e := refuse(op, RuleUnknownIndex, "%s declares no index %q", entityType, index)
	e.Table, e.Index = table, index
	return e
}

// notForCollection refuses a Query setting an item collection cannot
// honour.
func notForCollection(op, table, format string, args ...any) *errs.InputError {
	e := refuse(op, RuleCollectionQuery, format, args...)
	e.Table = table
	return e
}

func badLimit(op string, n int) *errs.InputError {
	return refuse(op, RuleLimit, "%d is less than 1", n)
}

func consistentGSI(op, table, index string) *errs.InputError {
	e := refuse(op, RuleConsistentGSI, "global secondary indexes support only eventually consistent reads")
	e.Table, e.Index = table, index
	return e
}

// cursorError is a refused cursor: it matches ErrInvalidCursor.
func cursorError(rule errs.Rule, format string, args ...any) *errs.InputError {
	e := refuse("After", rule, format, args...)
	e.Err = ErrInvalidCursor
	return e
}
