package schema

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dynamodel/dynamodel/internal/errs"
)

// Outcomes of creating, waiting for and changing tables. Every error the
// package returns for one of these is an *[Error] that matches the
// sentinel with errors.Is. (A definition or an Apply refused before
// anything is sent is an *entity.InputError with one of the rules below.)
var (
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
	// ErrNotApplied: DynamoDB accepted a change but still describes the
	// table without it (DynamoDB Local, for one, ignores the table class).
	ErrNotApplied = errors.New("schema: change accepted but not in effect")
)

// The rules a table definition (Define, CreateTable, EnsureTable,
// WaitActive) or an Apply is refused by, found in entity.InputError.Rule.
// The refusal names the table, the index and the attribute concerned, and
// its Detail the entities.
const (
	// RuleInvalidTable: no entities were given, or the table name or an
	// index name breaks DynamoDB's naming rules (3 to 255 characters of
	// a-z, A-Z, 0-9, '_', '-' and '.').
	RuleInvalidTable errs.Rule = "invalid-table"
	// RuleKeyMismatch: entities sharing a table declare different primary
	// keys (attribute names or types).
	RuleKeyMismatch errs.Rule = "key-mismatch"
	// RuleTypeConflict: one attribute name has two DynamoDB types in the
	// table, such as S in one entity's index key and N in another's.
	RuleTypeConflict errs.Rule = "type-conflict"
	// RuleIndexConflict: entities declare the same index name with
	// different kinds, key schemas or projections.
	RuleIndexConflict errs.Rule = "index-conflict"
	// RuleTTLConflict: entities sharing a table declare different
	// time-to-live attributes; a table has one.
	RuleTTLConflict errs.Rule = "ttl-conflict"
	// RuleLimit: the table would exceed one of DynamoDB's per-table limits
	// ([MaxGlobalIndexes], [MaxLocalIndexes], [MaxProjectedAttributes]).
	RuleLimit errs.Rule = "table-limit"
	// RuleInvalidSettings: the [Settings] are inconsistent, such as capacity
	// below 1 or capacity for an index the table does not have.
	RuleInvalidSettings errs.Rule = "invalid-settings"
	// RuleDropRefused: [Definition.Apply] refused to delete an index that
	// no [DropIndexes] option names. Nothing was changed.
	RuleDropRefused errs.Rule = "drop-refused"
)

// ruleText says what each rule's refusal means, at the start of its detail.
var ruleText = map[errs.Rule]string{
	RuleInvalidTable:    "invalid table",
	RuleKeyMismatch:     "entities sharing a table disagree on its primary key",
	RuleTypeConflict:    "attribute declared with two types",
	RuleIndexConflict:   "index declared differently by two entities",
	RuleTTLConflict:     "entities sharing a table disagree on its time-to-live attribute",
	RuleLimit:           "over a DynamoDB table limit",
	RuleInvalidSettings: "invalid table settings",
	RuleDropRefused:     "index drop not allowed",
}

// refuse is a definition refused by rule; entities name the entity types
// concerned, in the order given.
func refuse(rule errs.Rule, table string, entities []string, format string, args ...any) *errs.InputError {
	detail := ruleText[rule] + ": " + fmt.Sprintf(format, args...)
	switch len(entities) {
	case 0:
	case 1:
		detail = "entity " + entities[0] + ": " + detail
	default:
		detail = "entities " + strings.Join(entities, " and ") + ": " + detail
	}
	return &errs.InputError{Op: "schema.Define", Table: table, Rule: rule, Detail: detail}
}

// Error reports why creating, waiting for or changing a table failed. Err
// wraps one of the sentinel errors above or, for a failed request, the
// SDK's error (so errors.As finds the SDK's exception types).
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
