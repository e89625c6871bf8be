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
	// RuleNotProjected: a filter, or a projection on a global secondary
	// index, names an attribute the index queried or scanned does not
	// project (by the model's project= tag). An index entry holds only
	// its projected attributes: DynamoDB refuses such a filter in a Query
	// and evaluates it in a Scan as if the attribute were absent, and a
	// global secondary index cannot fetch the attribute from the table.
	RuleNotProjected errs.Rule = "not-projected"
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

// notProjected refuses path, whose top-level attribute root the index
// (projecting proj) does not hold: in a filter, or in a projection.
func notProjected(op, table, index string, proj fmt.Stringer, path, root string, projection bool) *errs.InputError {
	why := fmt.Sprintf("a filter sees only the index entry (DynamoDB refuses it in a Query; a Scan would match as if %s were absent)", root)
	if projection {
		why = "a global secondary index cannot fetch attributes from the table"
	}
	e := refuse(op, RuleNotProjected, "index %s projects %s, without %s: %s; read the base table, or project %s into the index", index, proj, root, why, root)
	e.Table, e.Index, e.Attribute = table, index, path
	return e
}

// cursorError is a refused cursor: it matches ErrInvalidCursor.
func cursorError(rule errs.Rule, format string, args ...any) *errs.InputError {
	e := refuse("After", rule, format, args...)
	e.Err = ErrInvalidCursor
	return e
}
