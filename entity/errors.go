package entity

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/model"
)

// Sentinel errors for the outcomes a caller branches on. Every error the
// package returns for one of them matches it with errors.Is; the struct
// types below carry the detail. A refusal of input made before any request
// is sent, by this package or by query, update, txn or schema, matches
// ErrInvalidInput and is an *InputError whose Rule says which rule was
// broken (the Rule… constants of each package).
var (
	// ErrInvalidInput: an input was refused before any request was sent.
	// The error is an *InputError (or an error that carries more detail,
	// such as a *ValidationError of an item to be written, or a
	// *SizeError).
	ErrInvalidInput = errs.ErrInvalidInput
	// ErrNotFound: no item has the requested key.
	ErrNotFound = model.ErrNotFound
	// ErrConditionFailed: a write's condition expression was false. The
	// *ConditionFailedError holds the item as it is now.
	ErrConditionFailed = model.ErrConditionFailed
	// ErrAlreadyExists: Create found an item with the same key. It is
	// also an ErrConditionFailed.
	ErrAlreadyExists = model.ErrAlreadyExists
	// ErrValidation: an item broke its validate tags, before a write or
	// after a read.
	ErrValidation = model.ErrValidation
	// ErrDecode: a stored item does not fit the Go type.
	ErrDecode = model.ErrDecode
	// ErrUnknownVersion: a stored item carries a schema version newer than
	// the model knows.
	ErrUnknownVersion = model.ErrUnknownVersion
	// ErrEntityType: a stored item belongs to another entity type.
	ErrEntityType = model.ErrEntityType
	// ErrItemTooLarge: the item is over DynamoDB's 400 KB limit.
	ErrItemTooLarge = model.ErrItemTooLarge
	// ErrInvalidModel: the struct's tags do not describe a valid model.
	ErrInvalidModel = model.ErrInvalidModel
	// ErrOutcomeUnknown: a write may or may not have been applied. A
	// response was lost (the SDK retried the request, or gave up), and what
	// DynamoDB answered does not tell whether the lost attempt was applied.
	// It never matches ErrConditionFailed: retrying as after a conflict
	// could apply the change twice. Read the item and decide.
	ErrOutcomeUnknown = model.ErrOutcomeUnknown
)

// InputError is a refused input: the call (Op), the Table, Index, Key and
// Attribute (or document path) concerned, the Rule broken, a Detail in
// words and the cause (Err) when there is one. It matches ErrInvalidInput.
type InputError = errs.InputError

// Rule names the rule a refused input broke, as InputError.Rule.
type Rule = errs.Rule

// The rules this package's refusals name (InputError.Rule).
const (
	// RuleInvalidKey: a key is missing a value, has a value of the wrong
	// type, an empty value or one over DynamoDB's size limit.
	RuleInvalidKey = model.RuleInvalidKey
	// RuleUnknownPath: an attribute name or document path the model does
	// not declare, given to a condition, filter, projection or update.
	// Name an attribute the model does not declare with cond.Undeclared.
	RuleUnknownPath = model.RuleUnknownPath
	// RuleInvalidArgument: an argument no call can use, such as a nil
	// client for NewTable, a nil item, a nil *Table given to a builder,
	// an option of Register given to NewTable, or a condition method where
	// it does not apply (IfVersion on a Delete of an entity without a lock
	// version; txn's Op.If and Op.IfVersion on an operation they do not
	// fit).
	RuleInvalidArgument = model.RuleInvalidArgument
	// RuleUnique: Put, Create or Delete of an entity with unique
	// constraints, whose guard items only the txn package keeps in step
	// (txn.Create, txn.Replace, txn.DeleteItem).
	RuleUnique = model.RuleUnique
	// RuleTemplate: a key template cannot be rendered from the values
	// given.
	RuleTemplate = model.RuleTemplate
	// RuleEncode: a value cannot be encoded as an attribute value; the
	// same rule as cond.RuleEncode. A number DynamoDB would refuse (NaN,
	// ±Inf, out of range, more than 38 significant digits), in an item as
	// in a key or a condition, has the rule cond.RuleInvalidNumber.
	RuleEncode = model.RuleEncode
)

// The error types the package's operations return. They are declared with
// the code that detects them, inside the module, and named here.
type (
	// ModelError reports a struct whose tags do not describe a valid
	// model (Type, Field, Err). It is returned by Register, never at
	// request time.
	ModelError = model.ModelError
	// FieldError is one failed validation rule: Field (the Go path in
	// validator's namespace form, e.g. Order.Lines[0].SKU), Attribute (the
	// attribute's document path, e.g. lines[0].sku), Tag (the rule, e.g.
	// "required"), Param ("3" for min=3) and Value. Writes, updates and
	// reads all name a field this way; String prints
	// "Order.Lines[0].SKU (lines[0].sku): required".
	FieldError = model.FieldError
	// ValidationError lists every field that broke its validate tags
	// (Fields, each named by its Go path and its attribute path), with the
	// Table, Entity and Key, and Read set when the item came from
	// DynamoDB. It matches ErrValidation, and
	// ErrInvalidInput when the item was about to be written.
	ValidationError = model.ValidationError
	// DecodeError reports a stored item that cannot become the Go type
	// (Table, Key, Attribute, Err): a wrong attribute type, an unknown
	// schema version, another entity type, or a failed upgrade step. It
	// matches ErrDecode.
	DecodeError = model.DecodeError
	// SizeError reports an item over DynamoDB's item size limit (Table,
	// Key, Size, Limit). It matches ErrItemTooLarge and ErrInvalidInput.
	SizeError = model.SizeError
	// ConditionFailedError reports a conditional write whose condition was
	// false. DynamoDB returns the item as it was
	// (ReturnValuesOnConditionCheckFailure is always set), so no second
	// read is needed to see why: Raw is the current item as stored (nil
	// when no item has the key), Current the same decoded into a *T (nil
	// when it could not be; DecodeErr says why). It matches
	// ErrConditionFailed, and ErrAlreadyExists when Create failed. When a
	// check the library added to the condition is what the current item
	// fails, the message says which: the lock version (stored and
	// expected), or an update's entity type (the stored type and the
	// untyped= remedy; the error then matches ErrEntityType too).
	ConditionFailedError = model.ConditionFailedError
	// OutcomeUnknownError reports a write whose outcome cannot be known
	// (Op, Table, Key; Raw, Current and DecodeErr as in
	// ConditionFailedError when DynamoDB returned the item; Err, the last
	// attempt's error). It matches ErrOutcomeUnknown.
	OutcomeUnknownError = model.OutcomeUnknownError
	// UpgradeError reports a write that met a stored item at another
	// schema version than the model's and could not bring it to the
	// current one, so nothing of the write was applied (Table, Key, the
	// Stored and Model versions, and Err, why).
	UpgradeError = model.UpgradeError
)

// CurrentItem returns the current item carried by a failed condition, typed.
func CurrentItem[T any](err error) (*T, bool) {
	var cf *ConditionFailedError
	if !errors.As(err, &cf) || cf.Current == nil {
		return nil, false
	}
	t, ok := cf.Current.(*T)
	return t, ok
}

// ItemError is one stored item that a read of several items (a page, a
// batch, a transaction's get) could not return: a wrong attribute type, a
// failed validation, an unknown schema version, another entity type. It
// names the item by its table and its primary key as stored, which a
// repair can use as it is (GetItem, DeleteItem).
//
// Err says why: a *DecodeError or a *ValidationError, or the reader's own
// typed error (query's *UnknownTypeError); ItemError unwraps to it, so
// errors.Is matches ErrDecode, ErrValidation, ErrUnknownVersion or
// ErrEntityType through it.
//
// Key is the key as stored, to be used as it is; Error and String render
// it as errors render keys, {name=value, ...} ({id="a"}), so an ItemError
// (or a slice of them, such as a page's Invalid) prints readably with fmt.
type ItemError struct {
	Table string
	Key   map[string]types.AttributeValue
	Err   error
}

// Error is the cause's message when it names the table and the key, as
// the library's causes do; otherwise the message names them first.
func (e *ItemError) Error() string {
	key := model.FormatKey(e.Key)
	where := "dynamodel: item"
	if key != "" {
		where += " " + key
	}
	if e.Table != "" {
		where += " in " + e.Table
	}
	if e.Err == nil {
		return where + " could not be read"
	}
	msg := e.Err.Error()
	if strings.Contains(msg, key) && strings.Contains(msg, e.Table) {
		return msg
	}
	return where + ": " + msg
}

// String is Error, for an ItemError printed as a value (in a slice).
func (e ItemError) String() string { return e.Error() }

func (e *ItemError) Unwrap() error { return e.Err }

// ItemErrors reports the items of a read that could not be returned while
// the others were: every failing item with its key and its error, in the
// order read. It unwraps to each *ItemError, so errors.Is matches the
// sentinel of any of them (ErrValidation, ErrDecode, ...) and errors.As
// finds the first *ValidationError or *DecodeError.
type ItemErrors struct {
	Errors []ItemError
}

func (e *ItemErrors) Error() string {
	var b strings.Builder
	switch n := len(e.Errors); n {
	case 0:
		return "dynamodel: no item failed"
	case 1:
		b.WriteString("dynamodel: 1 item could not be read: ")
	default:
		fmt.Fprintf(&b, "dynamodel: %d items could not be read: ", n)
	}
	b.WriteString(e.Errors[0].Error())
	if n := len(e.Errors); n > 1 {
		fmt.Fprintf(&b, " (and %d more)", n-1)
	}
	return b.String()
}

func (e *ItemErrors) Unwrap() []error {
	errs := make([]error, len(e.Errors))
	for i := range e.Errors {
		errs[i] = &e.Errors[i]
	}
	return errs
}
