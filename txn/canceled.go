package txn

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/model"
)

// Cancellation codes DynamoDB reports per operation.
const (
	CodeNone                  = "None"
	CodeConditionalCheck      = "ConditionalCheckFailed"
	CodeConflict              = "TransactionConflict"
	CodeThrottling            = "ThrottlingError"
	CodeProvisionedThroughput = "ProvisionedThroughputExceeded"
	CodeValidation            = "ValidationError"
	CodeItemCollectionSize    = "ItemCollectionSizeLimitExceeded"
)

// Reason is what happened to one operation of a canceled transaction.
type Reason struct {
	// Op is the operation, as returned when it was added.
	Op Op
	// Kind is the kind of operation: KindPut, KindCreate, KindUpdate,
	// KindDelete, KindCheck, or for guard items KindGuardPut and
	// KindGuardDelete.
	Kind   string
	Table  string
	Entity string
	Key    string
	// Code is DynamoDB's code: None when the operation was fine.
	Code string
	// Failed reports the operation as a cause of the cancellation (a
	// Code other than None).
	Failed bool
	// Message is DynamoDB's message. When a condition failed because of
	// a check the library adds to the operation's condition, it goes on
	// to say which, as Err does.
	Message string
	// Raw is the item as it is now, when a condition failed and an item
	// exists; Current is Raw decoded into the operation's entity type
	// (a *T), nil when it could not be (DecodeErr says why).
	Raw       map[string]types.AttributeValue
	Current   any
	DecodeErr error
	// Err is the failure of an operation (other than a guard) whose
	// condition failed, as the same write outside a transaction reports
	// it: an *entity.ConditionFailedError (with Raw, Current and
	// DecodeErr as above) matching entity.ErrConditionFailed (and
	// entity.ErrAlreadyExists for a Create of an existing item). When the
	// current item fails a check the library added to the condition, its
	// message says which: the lock version (the stored one and the one
	// expected), or an update's entity type (the stored type and the
	// untyped= remedy; Err then matches entity.ErrEntityType too). It is
	// nil for the other codes.
	Err error
	// For guard operations: the unique constraint and value.
	Constraint string
	Value      string
	// Owner is the operation a guard belongs to.
	Owner Op
}

// CanceledError is a TransactionCanceledException mapped back to the
// transaction's operations: Reasons has one entry per operation, in request
// order. It matches ErrCanceled, and entity.ErrConditionFailed when a
// condition failed; errors.As finds the *entity.ConditionFailedError of
// the first operation whose condition failed (Reason.Err). The first unique constraint found taken, if any, is an
// *UniqueViolation that errors.As finds through it (and that matches
// ErrUniqueViolation).
type CanceledError struct {
	Reasons   []Reason
	cause     error
	violation *UniqueViolation
}

func (e *CanceledError) Error() string {
	var b strings.Builder
	b.WriteString("txn: transaction canceled:")
	n := 0
	for i, r := range e.Reasons {
		if !r.Failed {
			continue
		}
		if n > 0 {
			b.WriteString(";")
		}
		n++
		fmt.Fprintf(&b, " operation %d (%s %s %s) %s", i, r.Kind, r.Table, r.Key, r.Code)
		if r.Constraint != "" {
			fmt.Fprintf(&b, ": unique %s %q is taken", r.Constraint, r.Value)
		}
		if r.Message != "" && r.Code != CodeConditionalCheck {
			fmt.Fprintf(&b, ": %s", r.Message)
		}
		if check := failedCheck(r.Err); check != nil {
			fmt.Fprintf(&b, ": %v", check)
		}
	}
	return b.String()
}

// Unwrap returns what the error matches: DynamoDB's exception,
// ErrCanceled, the Err of each operation whose condition failed (so
// errors.As finds the first one's *entity.ConditionFailedError, and
// errors.Is matches entity.ErrEntityType when an update's entity-type
// check failed), entity.ErrConditionFailed when a condition failed, and
// the *UniqueViolation when a guard was found taken.
func (e *CanceledError) Unwrap() []error {
	errs := []error{e.cause, ErrCanceled}
	for _, r := range e.Reasons {
		if r.Err != nil {
			errs = append(errs, r.Err)
		}
	}
	for _, r := range e.Reasons {
		if r.Code == CodeConditionalCheck {
			errs = append(errs, entity.ErrConditionFailed)
			break
		}
	}
	if e.violation != nil {
		errs = append(errs, e.violation)
	}
	return errs
}

// Reason returns the reason of op.
func (e *CanceledError) Reason(op Op) (Reason, bool) {
	if op.index < 0 || op.index >= len(e.Reasons) {
		return Reason{}, false
	}
	return e.Reasons[op.index], true
}

// retryable reports a cancellation caused only by conflicts or throttling.
func (e *CanceledError) retryable() bool {
	any := false
	for _, r := range e.Reasons {
		switch r.Code {
		case "", CodeNone:
		case CodeConflict, CodeThrottling, CodeProvisionedThroughput:
			any = true
		default:
			return false
		}
	}
	return any
}

// UniqueViolation names the unique constraint and value another item holds.
type UniqueViolation struct {
	Constraint string
	Value      string
	Entity     string
	Owner      Op
}

func (v *UniqueViolation) Error() string {
	return fmt.Sprintf("txn: %s %s %q is already taken", v.Entity, v.Constraint, v.Value)
}

func (v *UniqueViolation) Is(target error) bool { return target == ErrUniqueViolation }

// canceled maps DynamoDB's cancellation reasons onto the operations.
func (w *Write) canceled(tce *types.TransactionCanceledException) *CanceledError {
	ce := &CanceledError{Reasons: make([]Reason, len(w.ops)), cause: tce}
	for i, o := range w.ops {
		r := Reason{Op: Op{w: w, index: i}, Kind: o.kind, Table: o.table, Entity: o.entity, Key: model.FormatKey(o.key),
			Constraint: o.constraint, Value: o.value, Owner: Op{w: w, index: -1}}
		if o.guard {
			r.Owner = Op{w: w, index: o.owner}
		}
		if i < len(tce.CancellationReasons) {
			cr := tce.CancellationReasons[i]
			r.Code, r.Message = aws.ToString(cr.Code), aws.ToString(cr.Message)
			if len(cr.Item) > 0 {
				r.Raw = cr.Item
			}
			switch {
			case r.Code == CodeConditionalCheck && o.core != nil && !o.guard:
				// The item DynamoDB returned is the one the condition
				// was evaluated on: it tells which check failed, as
				// for a single-item write.
				var cf *entity.ConditionFailedError
				if o.kind == KindCreate {
					cf = o.core.CreateFailed(o.key, cr.Item, tce)
				} else {
					cf = o.core.ConditionFailed(o.key, cr.Item, tce, o.checks)
				}
				r.Err, r.Current, r.DecodeErr = cf, cf.Current, cf.DecodeErr
				if check := model.FailedCheck(cf); check != nil {
					r.Message = joinMessage(r.Message, check)
				}
			case len(cr.Item) > 0 && o.decode != nil && !o.guard:
				r.Current, r.DecodeErr = o.decode.decode(cr.Item)
			}
		}
		r.Failed = r.Code != "" && r.Code != CodeNone
		if ce.violation == nil && r.Kind == KindGuardPut && r.Code == CodeConditionalCheck {
			ce.violation = &UniqueViolation{Constraint: r.Constraint, Value: r.Value, Entity: r.Entity, Owner: r.Owner}
		}
		ce.Reasons[i] = r
	}
	return ce
}

// failedCheck returns the library check a reason's Err blames, if any.
func failedCheck(err error) error {
	cf, ok := err.(*entity.ConditionFailedError)
	if !ok {
		return nil
	}
	return model.FailedCheck(cf)
}

// joinMessage adds the library check that failed to DynamoDB's message.
func joinMessage(dynamo string, check error) string {
	if dynamo == "" {
		return check.Error()
	}
	return dynamo + ": " + check.Error()
}

// Current returns the current item DynamoDB returned for op's failed
// condition, typed.
func Current[T any](err error, op Op) (*T, bool) {
	var ce *CanceledError
	if !errors.As(err, &ce) {
		return nil, false
	}
	r, ok := ce.Reason(op)
	if !ok || r.Current == nil {
		return nil, false
	}
	t, ok := r.Current.(*T)
	return t, ok
}
