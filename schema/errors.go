package schema

import (
	"errors"
	"strings"
)

// Sentinel errors. Every error the package returns for one of these outcomes
// is an *[Error] that matches the sentinel with errors.Is.
var (
	// ErrInvalidTable: no entities were given, or the table name or an
	// index name breaks DynamoDB's naming rules (3 to 255 characters of
	// a-z, A-Z, 0-9, '_', '-' and '.').
	ErrInvalidTable = errors.New("schema: invalid table")
	// ErrKeyMismatch: entities sharing a table declare different primary
	// keys (attribute names or types).
	ErrKeyMismatch = errors.New("schema: entities sharing a table disagree on its primary key")
	// ErrTypeConflict: one attribute name has two DynamoDB types in the
	// table, such as S in one entity's index key and N in another's.
	ErrTypeConflict = errors.New("schema: attribute declared with two types")
	// ErrIndexConflict: entities declare the same index name with
	// different kinds, key schemas or projections.
	ErrIndexConflict = errors.New("schema: index declared differently by two entities")
	// ErrTTLConflict: entities sharing a table declare different
	// time-to-live attributes; a table has one.
	ErrTTLConflict = errors.New("schema: entities sharing a table disagree on its time-to-live attribute")
	// ErrLimit: the table would exceed one of DynamoDB's per-table limits
	// ([MaxGlobalIndexes], [MaxLocalIndexes], [MaxProjectedAttributes]).
	ErrLimit = errors.New("schema: over a DynamoDB table limit")
	// ErrInvalidOptions: the [Options] are inconsistent, such as capacity
	// below 1 or capacity for an index the table does not have.
	ErrInvalidOptions = errors.New("schema: invalid table options")
	// ErrTimeout: the table or one of its global secondary indexes did
	// not become ACTIVE within the wait (or before the context deadline).
	ErrTimeout = errors.New("schema: table not active in time")
	// ErrNotActive: the table is in a state it will not leave for ACTIVE,
	// such as DELETING or ARCHIVED.
	ErrNotActive = errors.New("schema: table cannot become active")
	// ErrImpossible: [Definition.Apply] refused a change DynamoDB cannot
	// make in place (a base-table key, a local secondary index, or an
	// index's key schema or projection); the plan's steps say what to do
	// instead. Nothing was changed.
	ErrImpossible = errors.New("schema: change impossible in place")
	// ErrDropRefused: [Definition.Apply] refused to delete an index that
	// [ApplyOptions.DropIndexes] does not name. Nothing was changed.
	ErrDropRefused = errors.New("schema: index drop not allowed")
	// ErrNotApplied: DynamoDB accepted a change but still describes the
	// table without it (DynamoDB Local, for one, ignores the table class).
	ErrNotApplied = errors.New("schema: change accepted but not in effect")
)

// Error reports what is wrong with a table definition, or why creating or
// waiting for a table failed. Err wraps one of the sentinel errors above or,
// for a failed request, the SDK's error (so errors.As finds the SDK's
// exception types).
type Error struct {
	// Table is the table name ("" when the name itself is missing).
	Table string
	// Entities names the entity types involved, in the order given.
	Entities []string
	// Index is the index concerned, if any.
	Index string
	// Attribute is the attribute concerned, if any.
	Attribute string
	// Op is the DynamoDB operation that failed, for request errors.
	Op  string
	Err error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("schema: ")
	if e.Table != "" {
		b.WriteString("table ")
		b.WriteString(e.Table)
	} else {
		b.WriteString("table (no name)")
	}
	switch len(e.Entities) {
	case 0:
	case 1:
		b.WriteString(", entity ")
		b.WriteString(e.Entities[0])
	default:
		b.WriteString(", entities ")
		b.WriteString(strings.Join(e.Entities, " and "))
	}
	if e.Index != "" {
		b.WriteString(", index ")
		b.WriteString(e.Index)
	}
	if e.Attribute != "" {
		b.WriteString(", attribute ")
		b.WriteString(e.Attribute)
	}
	if e.Op != "" {
		b.WriteString(", ")
		b.WriteString(e.Op)
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "schema: "))
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }
