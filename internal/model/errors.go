package model

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/expr"
)

// Sentinel errors. Every error the package returns for one of these outcomes
// matches it with errors.Is; the struct types below carry the detail.
var (
	// ErrNotFound: no item has the requested key.
	ErrNotFound = errors.New("dynamodel: item not found")
	// ErrConditionFailed: a write's condition expression was false. The
	// *ConditionFailedError holds the item as it is now.
	ErrConditionFailed = errors.New("dynamodel: condition failed")
	// ErrAlreadyExists: Create found an item with the same key. It is
	// also an ErrConditionFailed.
	ErrAlreadyExists = errors.New("dynamodel: item already exists")
	// ErrValidation: an item broke its validate tags, before a write or
	// after a read.
	ErrValidation = errors.New("dynamodel: validation failed")
	// ErrDecode: a stored item does not fit the Go type.
	ErrDecode = errors.New("dynamodel: cannot decode item")
	// ErrUnknownVersion: a stored item carries a schema version newer than
	// the model knows.
	ErrUnknownVersion = errors.New("dynamodel: unknown schema version")
	// ErrEntityType: a stored item belongs to another entity type.
	ErrEntityType = errors.New("dynamodel: item is of another entity type")
	// ErrItemTooLarge: the item is over DynamoDB's 400 KB limit.
	ErrItemTooLarge = errors.New("dynamodel: item too large")
	// ErrInvalidModel: the struct's tags do not describe a valid model.
	ErrInvalidModel = errors.New("dynamodel: invalid model")
)

// ModelError reports a struct whose tags do not describe a valid model. It
// is returned by Register, never at request time.
type ModelError struct {
	Type  reflect.Type
	Field string // Go field name; empty for type-level problems
	Err   error
}

func (e *ModelError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("dynamodel: model %s: %v", e.Type, e.Err)
	}
	return fmt.Sprintf("dynamodel: model %s, field %s: %v", e.Type, e.Field, e.Err)
}

func (e *ModelError) Unwrap() []error { return []error{ErrInvalidModel, e.Err} }

// FieldError is one failed validation rule. Every check names the failing
// field the same two ways, whether it judged a whole item (a write, a
// read, a projected read) or the value of a partial write (an update).
type FieldError struct {
	// Field is the Go path in validator's struct-namespace form, from the
	// entity's type name down: Order.Lines[0].SKU, Order.Labels[team]
	// (map entries by their key, fields of embedded structs through the
	// embedded type's name). A generic type is named without its type
	// arguments.
	Field string
	// Attribute is the document path of the stored attribute, as
	// cond.Path prints it: lines[0].sku, labels.team. It is empty for a
	// field that is not stored (dynamodbav:"-").
	Attribute string
	Tag       string // the validate rule that failed, e.g. "required"
	Param     string // the rule's parameter, e.g. "3" for min=3
	Value     any    // the offending value
}

// String is the field as every error message names it: the Go path, the
// attribute path in brackets, and the rule, e.g.
// "Order.Lines[0].SKU (lines[0].sku): required" or
// "Order.Lines[0].Qty (lines[0].qty): min=1".
func (f FieldError) String() string {
	var b strings.Builder
	b.WriteString(f.Field)
	if f.Attribute != "" {
		b.WriteString(" (")
		b.WriteString(f.Attribute)
		b.WriteString(")")
	}
	b.WriteString(": ")
	b.WriteString(f.Tag)
	if f.Param != "" {
		b.WriteString("=")
		b.WriteString(f.Param)
	}
	return b.String()
}

// ValidationError lists every field that broke its validate tags.
type ValidationError struct {
	Table  string
	Entity string
	Key    string // the item's key, when known
	Read   bool   // true when the item came from DynamoDB
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("dynamodel: ")
	b.WriteString(e.Entity)
	if e.Read {
		b.WriteString(" read from ")
	} else {
		b.WriteString(" for ")
	}
	b.WriteString(e.Table)
	if e.Key != "" {
		b.WriteString(" ")
		b.WriteString(e.Key)
	}
	b.WriteString(" is invalid: ")
	for i, f := range e.Fields {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.String())
	}
	return b.String()
}

// Is matches ErrValidation, and ErrInvalidInput when the item was about to
// be written (an item read from DynamoDB is not an input).
func (e *ValidationError) Is(target error) bool {
	return target == ErrValidation || !e.Read && target == errs.ErrInvalidInput
}

// DecodeError reports a stored item that cannot become the Go type: a wrong
// attribute type, an unknown schema version, another entity type, or a
// failed upgrade step.
type DecodeError struct {
	Table     string
	Key       string
	Attribute string // empty when the problem is the whole item
	Err       error
}

func (e *DecodeError) Error() string {
	var b strings.Builder
	b.WriteString("dynamodel: decoding item from ")
	b.WriteString(e.Table)
	if e.Key != "" {
		b.WriteString(" ")
		b.WriteString(e.Key)
	}
	if e.Attribute != "" {
		b.WriteString(", attribute ")
		b.WriteString(e.Attribute)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *DecodeError) Unwrap() []error { return []error{ErrDecode, e.Err} }

// SizeError reports an item over DynamoDB's item size limit.
type SizeError struct {
	Table string
	Key   string
	Size  int
	Limit int
}

func (e *SizeError) Error() string {
	return fmt.Sprintf("dynamodel: item for %s %s is %d bytes, over the %d-byte limit", e.Table, e.Key, e.Size, e.Limit)
}

// Is matches ErrItemTooLarge, and ErrInvalidInput: the item is refused
// before it is sent.
func (e *SizeError) Is(target error) bool {
	return target == ErrItemTooLarge || target == errs.ErrInvalidInput
}

// The rules of the refusals this package makes, set on the *errs.InputError
// that reports them (entity re-exports them).
const (
	// RuleInvalidKey: a key is missing a value, has a value of the wrong
	// type, an empty value or one over DynamoDB's size limit.
	RuleInvalidKey errs.Rule = "invalid-key"
	// RuleUnknownPath: an attribute name or document path the model does
	// not declare, given to a condition, filter, projection or update.
	RuleUnknownPath errs.Rule = "unknown-path"
	// RuleInvalidArgument: an argument no call can use, such as a nil
	// client, a nil item or a nil *Table.
	RuleInvalidArgument errs.Rule = "invalid-argument"
	// RuleUnique: a single-item write of an entity with unique
	// constraints, whose guard items only the txn package keeps in step.
	RuleUnique errs.Rule = "unique"
	// RuleTemplate: a key template cannot be rendered from the values
	// given.
	RuleTemplate errs.Rule = "template"
	// RuleEncode: a value cannot be encoded as an attribute value. It is
	// the rule of the same refusal in a condition (cond.RuleEncode): one
	// rule, whichever package refuses the value. A number DynamoDB would
	// refuse has a rule of its own, number.Rule (cond.RuleInvalidNumber).
	RuleEncode = expr.RuleEncode
	// RuleWrongKind: a value or action that does not fit the attribute's
	// type, such as a value of another Go type than the field's (and not
	// convertible to it without loss) given to an update. A key value of
	// the wrong type has keys.RuleKeyValueTypeMismatch instead.
	RuleWrongKind errs.Rule = "wrong-kind"
)

// keyError reports an invalid key value, found before any request is sent.
func keyError(table, attr string, err error) error {
	return &errs.InputError{Table: table, Attribute: attr, Rule: RuleInvalidKey, Err: err}
}

// encodeError reports a value that cannot be encoded.
func encodeError(table, attr string, err error) error {
	return &errs.InputError{Table: table, Attribute: attr, Rule: RuleEncode, Err: err}
}

// InvalidArgument reports an argument no call can use, as an
// *errs.InputError with RuleInvalidArgument; op names the call.
func InvalidArgument(op, format string, args ...any) error {
	return &errs.InputError{Op: op, Rule: RuleInvalidArgument, Detail: fmt.Sprintf(format, args...)}
}

// NilBuilder refuses a nil value (what, e.g. "*entity.Table[Order]" or
// "*txn.Write") given to or called by op, saying how to make one (made,
// e.g. "entity.NewTable"). Every package's nil-argument refusal is this
// one.
func NilBuilder(op, what, made string) error {
	return InvalidArgument(op, "needs a %s made by %s, got nil", what, made)
}

// uniqueError refuses a single-item write of an entity with unique
// constraints.
func (m *Meta) uniqueError(op, table string) error {
	return &errs.InputError{Op: op, Table: table, Rule: RuleUnique,
		Detail: m.typeName + " has unique constraints; write it with the txn package (Create, Replace, DeleteItem) so its guard items stay in step"}
}

// ConditionFailedError reports a conditional write whose condition was
// false. DynamoDB returns the item as it was (ReturnValuesOnConditionCheckFailure
// is always set), so no second read is needed to see why.
type ConditionFailedError struct {
	Table string
	Key   string
	// Raw is the current item as stored; nil when no item has the key.
	Raw map[string]types.AttributeValue
	// Current is the current item decoded into the entity type (a *T),
	// nil when no item has the key or it could not be decoded.
	Current any
	// DecodeErr says why Current is nil although Raw is not.
	DecodeErr error
	exists    bool // from Create: the condition was "no such item"
	// check is the check the library added to the condition (the entity
	// type, the lock version) that the current item fails, nil when
	// those hold and the caller's condition is what failed.
	check error
	cause error
}

func (e *ConditionFailedError) Error() string {
	if e.exists {
		return fmt.Sprintf("dynamodel: %s %s: item already exists", e.Table, e.Key)
	}
	if e.Raw == nil {
		return fmt.Sprintf("dynamodel: %s %s: condition failed (no current item)", e.Table, e.Key)
	}
	if e.check != nil {
		return fmt.Sprintf("dynamodel: %s %s: condition failed: %v", e.Table, e.Key, e.check)
	}
	return fmt.Sprintf("dynamodel: %s %s: condition failed", e.Table, e.Key)
}

// Is matches ErrConditionFailed; ErrAlreadyExists when Create failed; and
// ErrEntityType when the entity-type check the library adds to an update
// is what failed.
func (e *ConditionFailedError) Is(target error) bool {
	return target == ErrConditionFailed || (e.exists && target == ErrAlreadyExists) ||
		(e.check != nil && target != nil && errors.Is(e.check, target))
}

// Unwrap returns the AWS error.
func (e *ConditionFailedError) Unwrap() error { return e.cause }

// FailedCheck returns the check the library added to cf's condition that
// the current item fails (the entity type, the lock version), nil when
// those hold: for a caller that names it apart from the table and key
// cf's message starts with (a transaction's cancellation reason).
func FailedCheck(cf *ConditionFailedError) error { return cf.check }

// FormatKey renders a key for messages and errors: {name=value, ...} with
// attributes in name order, strings quoted, binary in hex.
func FormatKey(key map[string]types.AttributeValue) string { return formatKey(key) }

// formatKey renders a key for messages: attributes in name order.
func formatKey(key map[string]types.AttributeValue) string {
	if len(key) == 0 {
		return ""
	}
	names := make([]string, 0, len(key))
	for k := range key {
		names = append(names, k)
	}
	sort.Strings(names)
	parts := make([]keyPart, len(names))
	for i, k := range names {
		parts[i] = keyPart{name: k, value: scalarString(key[k])}
	}
	return keyText(parts)
}

// keyPart is one attribute of a key as messages show it; name is "" when
// it is not known (a Key given as Go values, before a model names them).
type keyPart struct{ name, value string }

// keyText is the one rendering of keys in messages and errors:
// {name=value, ...}, or {value, ...} for parts whose names are not known.
func keyText(parts []keyPart) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, p := range parts {
		if i > 0 {
			b.WriteString(", ")
		}
		if p.name != "" {
			b.WriteString(p.name)
			b.WriteByte('=')
		}
		b.WriteString(p.value)
	}
	b.WriteByte('}')
	return b.String()
}

// goValueString renders a key value given as a Go value the way
// scalarString renders a stored one: strings quoted, binary in hex.
func goValueString(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case types.AttributeValue:
		return scalarString(x)
	case string:
		return strconv.Quote(x)
	case []byte:
		return fmt.Sprintf("0x%x", x)
	case time.Time:
		return x.Format(time.RFC3339Nano)
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.String { // a named string type
		return strconv.Quote(rv.String())
	}
	return fmt.Sprint(v)
}

func scalarString(v types.AttributeValue) string {
	switch x := v.(type) {
	case *types.AttributeValueMemberS:
		return fmt.Sprintf("%q", x.Value)
	case *types.AttributeValueMemberN:
		return x.Value
	case *types.AttributeValueMemberB:
		return fmt.Sprintf("0x%x", x.Value)
	}
	return fmt.Sprintf("%T", v)
}
