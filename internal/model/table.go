package model

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/expr"
	"github.com/dynamodel/dynamodel/internal/exprpool"
	"github.com/dynamodel/dynamodel/internal/number"
)

// Client is the data-plane interface the library sends its requests
// through; entity.Client declares the same methods for users, and the two
// are kept identical by a compile-time assertion in package entity.
type Client interface {
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error)
	UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
	Query(ctx context.Context, in *dynamodb.QueryInput, optFns ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error)
	Scan(ctx context.Context, in *dynamodb.ScanInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error)
	BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error)
	BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error)
	TransactGetItems(ctx context.Context, in *dynamodb.TransactGetItemsInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TransactGetItemsOutput, error)
	TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error)
}

var _ Client = (*dynamodb.Client)(nil)

// Table is what an entity.Table[T] is made of, without its type parameter:
// the model, the client and the table name. Every single-item operation is
// implemented here, on items given as a *T in an any; entity.Table[T] only
// types them. Sibling packages reach it through TableOf to send requests
// that belong to the table (an UpdateItem, a transaction's Put) the way its
// own operations are sent.
type Table struct {
	Meta   *Meta
	Client Client
	Name   string
}

// WriteOpts are what entity's Put and Delete builders set. ReturnOld and
// Version are a Delete's only: a Put takes its lock version from the item,
// and no builder sets them for one.
type WriteOpts struct {
	Cond      cond.Expr
	ReturnOld bool
	Capacity  *types.ConsumedCapacity
	Version   *int64
}

// ReadOpts are what entity's Get builder sets.
type ReadOpts struct {
	Consistent bool
	Projection []string
	Capacity   *types.ConsumedCapacity
}

// newItem returns a new *T as an any.
func (t *Table) newItem() any { return reflect.New(t.Meta.goType).Interface() }

func capacityMode(dst *types.ConsumedCapacity) types.ReturnConsumedCapacity {
	if dst == nil {
		return ""
	}
	return types.ReturnConsumedCapacityTotal
}

func storeCapacity(dst *types.ConsumedCapacity, cc *types.ConsumedCapacity) {
	if dst != nil && cc != nil {
		*dst = *cc
	}
}

// PutInput builds the PutItem request for item (a *T), or with create the
// Create, without sending it: the item is validated and encoded, the
// condition compiled. It is what Put sends.
func (t *Table) PutInput(item any, w WriteOpts, create bool) (*dynamodb.PutItemInput, error) {
	in, _, err := t.putInput(item, w, create)
	return in, err
}

// putInput builds a PutItem. With a lock version field, the write is
// conditioned on the version read (VersionCondition: none yet when it is
// zero) and
// writes the next version; the new version is returned so the caller can
// store it back into item after success.
func (t *Table) putInput(item any, w WriteOpts, create bool) (*dynamodb.PutItemInput, int64, error) {
	in, next, _, _, err := t.putInputSized(item, w, create)
	return in, next, err
}

// putInputSized is putInput that also returns the item's size and the
// whole condition compiled into the request.
func (t *Table) putInputSized(item any, w WriteOpts, create bool) (*dynamodb.PutItemInput, int64, int, cond.Expr, error) {
	if err := t.Meta.CheckPaths(t.Name, expr.Expr(w.Cond).Paths()...); err != nil {
		return nil, 0, 0, cond.Expr{}, err
	}
	v, err := t.Meta.structValue(item)
	if err != nil {
		return nil, 0, 0, cond.Expr{}, err
	}
	if len(t.Meta.defaults) > 0 {
		// A zero field with a default= is written as its default, on a
		// copy: the caller's item is not modified.
		v = t.Meta.fillDefaults(v)
		item = v.Addr().Interface()
	}
	if err := t.Meta.validateWrite(t.Name, item); err != nil {
		return nil, 0, 0, cond.Expr{}, err
	}
	av, err := t.Meta.encodeChecked(t.Name, v)
	if err != nil {
		return nil, 0, 0, cond.Expr{}, err
	}
	c := w.Cond
	var next int64
	if lock, ok := t.Meta.LockAttribute(); ok {
		cur := lockValue(v.FieldByIndex(lock.field.index))
		switch {
		case create:
			next = 1
			c = cond.And(c, t.notExists())
		default:
			// Version 0 was read from an item with none yet (see
			// VersionCondition) or from no item at all.
			next = cur + 1
			c = cond.And(c, VersionCondition(lock.Name, cur))
		}
		if next <= 0 || !number.FitsInteger(lock.GoType, next) {
			return nil, 0, 0, cond.Expr{}, &errs.InputError{Table: t.Name, Key: t.Meta.keyString(av), Attribute: lock.Name, Rule: RuleInvalidArgument, Detail: fmt.Sprintf("the next lock version after %d does not fit %s (%s)", cur, lock.GoName, lock.GoType)}
		}
		av[lock.Name] = &types.AttributeValueMemberN{Value: fmt.Sprint(next)}
	} else if create {
		c = cond.And(c, t.notExists())
	}
	// Measured once the item is final: the lock version may have grown.
	size, err := t.Meta.checkSize(t.Name, av)
	if err != nil {
		return nil, 0, 0, cond.Expr{}, err
	}
	in := &dynamodb.PutItemInput{
		TableName:              aws.String(t.Name),
		Item:                   av,
		ReturnConsumedCapacity: capacityMode(w.Capacity),
	}
	if !expr.Expr(c).IsZero() {
		expr, names, values, err := exprpool.Condition(t.Meta, c)
		if err != nil {
			return nil, 0, 0, cond.Expr{}, err
		}
		in.ConditionExpression = aws.String(expr)
		in.ExpressionAttributeNames, in.ExpressionAttributeValues = names, values
		in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	}
	return in, next, size, c, nil
}

// putChecks are the checks putInput added to a Put's condition: the lock
// version the item was read at (the one before next), unless it is a
// Create, which requires no item at all.
func (t *Table) putChecks(next int64, create bool) Checks {
	if _, ok := t.Meta.LockAttribute(); !ok || create {
		return Checks{}
	}
	want := next - 1
	return Checks{Version: &want}
}

// notExists is the condition that no item has this key.
func (t *Table) notExists() cond.Expr {
	return cond.Name(t.Meta.primary.Partition[0].Name).NotExists()
}

func lockValue(v reflect.Value) int64 {
	if v.CanInt() {
		return v.Int()
	}
	return int64(v.Uint())
}

func setLockValue(v reflect.Value, n int64) {
	if v.CanInt() {
		v.SetInt(n)
		return
	}
	v.SetUint(uint64(n))
}

// PreparedPut is a Put or Create built by PutRequest.
type PreparedPut struct {
	Input *dynamodb.PutItemInput
	// Done stores the new lock version into the item; call it once the
	// write has succeeded.
	Done func()
	// Size is the item's size by DynamoDB's rules (see ItemSize).
	Size int
	// Cond is the whole condition compiled into Input: the one given in
	// WriteOpts ANDed with the lock version's and Create's. A condition
	// added later is ANDed to it and the whole compiled again.
	Cond cond.Expr
	// Checks are the checks the library added to Cond, for
	// Table.ConditionFailed.
	Checks Checks
}

// PutRequest builds a Put (or, with create, a Create) of item (a *T) for
// another package to send, in a transaction say, exactly as Put would send
// it.
func (t *Table) PutRequest(item any, create bool, w WriteOpts) (*PreparedPut, error) {
	in, next, size, c, err := t.putInputSized(item, w, create)
	if err != nil {
		return nil, err
	}
	p := &PreparedPut{Input: in, Done: doNothing, Size: size, Cond: c, Checks: t.putChecks(next, create)}
	if lock, ok := t.Meta.LockAttribute(); ok {
		index := lock.field.index // the closure keeps only what it needs
		p.Done = func() { setLockValue(reflect.ValueOf(item).Elem().FieldByIndex(index), next) }
	}
	return p, nil
}

// doNothing is PreparedPut.Done when there is nothing to do. A function
// literal in a generic method would be a closure over the method's type
// dictionary, allocated on every call.
func doNothing() {}

// DecodeCurrent decodes an item DynamoDB returned with a failed condition
// (in a transaction's cancellation reasons, say) into a new *T.
func (t *Table) DecodeCurrent(raw map[string]types.AttributeValue) (any, error) {
	cur := t.newItem()
	if err := t.Meta.DecodeItem(t.Name, raw, cur, nil); err != nil {
		return nil, err
	}
	return cur, nil
}

// Put writes item (a *T), or with create creates it, as entity.Table.Put
// and Create document.
func (t *Table) Put(ctx context.Context, item any, w WriteOpts, create bool) error {
	if len(t.Meta.uniques) > 0 {
		return t.Meta.uniqueError("Put", t.Name)
	}
	in, next, err := t.putInput(item, w, create)
	if err != nil {
		return err
	}
	checks := t.putChecks(next, create)
	attempts := track(in.ConditionExpression != nil)
	out, err := t.Client.PutItem(ctx, in, attempts.Track)
	if err != nil {
		if !attempts.MayHaveApplied() {
			return t.writeError("PutItem", in.Item, err, create, checks)
		}
		// The condition may be false because of our own lost attempt.
		if ours, err := t.lostResponse("PutItem", in.Item, err, create, checks); !ours {
			return err
		}
	} else {
		storeCapacity(w.Capacity, out.ConsumedCapacity)
	}
	if lock, ok := t.Meta.LockAttribute(); ok {
		setLockValue(reflect.ValueOf(item).Elem().FieldByIndex(lock.field.index), next)
	}
	return nil
}

// WriteError maps the error of a conditional write to this table, sent by
// another package (an UpdateItem, say) with ReturnValuesOnConditionCheckFailure
// set: a failed condition becomes a *ConditionFailedError with the current
// item decoded, saying which of checks (those the library added to the
// condition) failed; anything else is wrapped with op and the table name.
func (t *Table) WriteError(op string, key map[string]types.AttributeValue, err error, checks Checks) error {
	return t.writeError(op, key, err, false, checks)
}

// writeError maps a write failure: a failed condition becomes a
// *ConditionFailedError with the current item decoded; anything else is
// wrapped with the operation and table.
func (t *Table) writeError(op string, key map[string]types.AttributeValue, err error, exists bool, checks Checks) error {
	var ccf *types.ConditionalCheckFailedException
	if !errors.As(err, &ccf) {
		return fmt.Errorf("dynamodel: %s %s: %w", op, t.Name, err)
	}
	return t.conditionFailed(key, ccf.Item, err, exists, checks)
}

// ConditionFailed builds the *ConditionFailedError of a write to this
// table whose condition was false, for another package that received the
// current item some other way (a transaction's cancellation reason): key
// is the item's key (or the item), current the item DynamoDB returned with
// the failure (nil when no item has the key), cause DynamoDB's error, and
// checks what the library added to the condition.
func (t *Table) ConditionFailed(key, current map[string]types.AttributeValue, cause error, checks Checks) *ConditionFailedError {
	return t.conditionFailed(key, current, cause, false, checks)
}

// CreateFailed is ConditionFailed for a Create, whose condition requires
// that no item has the key: a current item makes the error match
// ErrAlreadyExists, as Create's own does.
func (t *Table) CreateFailed(key, current map[string]types.AttributeValue, cause error) *ConditionFailedError {
	return t.conditionFailed(key, current, cause, true, Checks{})
}

func (t *Table) conditionFailed(key, current map[string]types.AttributeValue, cause error, exists bool, checks Checks) *ConditionFailedError {
	cf := &ConditionFailedError{Table: t.Name, Key: formatKey(t.Meta.KeyOf(key)), cause: cause}
	if len(current) > 0 {
		cf.Raw = current
		cur := t.newItem()
		if derr := t.Meta.DecodeItem(t.Name, current, cur, nil); derr != nil {
			cf.DecodeErr = derr
		} else {
			cf.Current = cur
		}
		cf.exists = exists
		if !exists {
			cf.check = t.failedCheck(current, checks)
		}
	}
	return cf
}

// GetInput builds the GetItem request for key without sending it.
func (t *Table) GetInput(key Key, r ReadOpts) (*dynamodb.GetItemInput, error) {
	return t.getInput(key, r)
}

func (t *Table) getInput(key Key, r ReadOpts) (*dynamodb.GetItemInput, error) {
	k, err := t.Meta.EncodeKey(t.Name, key)
	if err != nil {
		return nil, err
	}
	in := &dynamodb.GetItemInput{
		TableName:              aws.String(t.Name),
		Key:                    k,
		ReturnConsumedCapacity: capacityMode(r.Capacity),
	}
	if r.Consistent {
		in.ConsistentRead = aws.Bool(true)
	}
	if len(r.Projection) > 0 {
		b := expr.NewBuilder(nil)
		paths := make([]expr.Path, 0, len(r.Projection)+2)
		for _, name := range r.Projection {
			paths = append(paths, expr.Name(name))
		}
		if err := t.Meta.CheckPaths(t.Name, paths...); err != nil {
			return nil, err
		}
		// The metadata is needed to decode; it costs no extra RCU.
		metadata := []string{VersionAttribute}
		if t.Meta.stamp {
			metadata = append(metadata, TypeAttribute)
			// An untyped item claimed by its key prefix is told by
			// that key attribute.
			if attr := t.Meta.untyped.attribute; attr != "" {
				metadata = append(metadata, attr)
			}
		}
		for _, name := range metadata {
			if !slices.Contains(r.Projection, name) { // asked for already
				paths = append(paths, expr.Name(name))
			}
		}
		expr, err := b.Projection(paths...)
		if err != nil {
			return nil, err
		}
		in.ProjectionExpression = aws.String(expr)
		in.ExpressionAttributeNames = b.Names()
	}
	return in, nil
}

// Get reads the item with key into a new *T, as entity.Table.Get
// documents.
func (t *Table) Get(ctx context.Context, key Key, r ReadOpts) (any, error) {
	in, err := t.getInput(key, r)
	if err != nil {
		return nil, err
	}
	out, err := t.Client.GetItem(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("dynamodel: GetItem %s: %w", t.Name, err)
	}
	storeCapacity(r.Capacity, out.ConsumedCapacity)
	if len(out.Item) == 0 {
		return nil, fmt.Errorf("%w: %s %s", ErrNotFound, t.Name, formatKey(in.Key))
	}
	item := t.newItem()
	var projected []string
	if len(r.Projection) > 0 {
		projected = r.Projection
	}
	if err := t.Meta.DecodeItem(t.Name, out.Item, item, projected); err != nil {
		return nil, err
	}
	return item, nil
}

// DeleteInput builds the DeleteItem request for key without sending it.
func (t *Table) DeleteInput(key Key, w WriteOpts) (*dynamodb.DeleteItemInput, error) {
	return t.deleteInput(key, w)
}

func (t *Table) deleteInput(key Key, w WriteOpts) (*dynamodb.DeleteItemInput, error) {
	if err := t.Meta.CheckPaths(t.Name, expr.Expr(w.Cond).Paths()...); err != nil {
		return nil, err
	}
	k, err := t.Meta.EncodeKey(t.Name, key)
	if err != nil {
		return nil, err
	}
	in := &dynamodb.DeleteItemInput{
		TableName:              aws.String(t.Name),
		Key:                    k,
		ReturnConsumedCapacity: capacityMode(w.Capacity),
	}
	if w.ReturnOld {
		in.ReturnValues = types.ReturnValueAllOld
	}
	c := w.Cond
	if w.Version != nil {
		lock, ok := t.Meta.LockAttribute()
		if !ok {
			return nil, &errs.InputError{Op: "Delete", Table: t.Name, Rule: RuleInvalidArgument, Detail: "IfVersion compares the item's lock version", Err: fmt.Errorf("%w: %s has no ddb:\"lock\" field", ErrInvalidModel, t.Meta.typeName)}
		}
		c = cond.And(c, VersionCondition(lock.Name, *w.Version))
	}
	if !expr.Expr(c).IsZero() {
		expr, names, values, err := exprpool.Condition(t.Meta, c)
		if err != nil {
			return nil, err
		}
		in.ConditionExpression = aws.String(expr)
		in.ExpressionAttributeNames, in.ExpressionAttributeValues = names, values
		in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	}
	return in, nil
}

// Delete removes the item with key, as entity.Table.Delete documents; with
// w.ReturnOld it returns the deleted item as a *T.
func (t *Table) Delete(ctx context.Context, key Key, w WriteOpts) (any, error) {
	if len(t.Meta.uniques) > 0 {
		return nil, t.Meta.uniqueError("Delete", t.Name)
	}
	in, err := t.deleteInput(key, w)
	if err != nil {
		return nil, err
	}
	attempts := track(in.ConditionExpression != nil)
	out, err := t.Client.DeleteItem(ctx, in, attempts.Track)
	if err != nil {
		if attempts.MayHaveApplied() {
			// Whether the item is gone or still there, a lost attempt
			// may have deleted it (and another writer put it back).
			return nil, t.OutcomeUnknown("DeleteItem", in.Key, err)
		}
		return nil, t.writeError("DeleteItem", in.Key, err, false, Checks{Version: w.Version})
	}
	storeCapacity(w.Capacity, out.ConsumedCapacity)
	if !w.ReturnOld || len(out.Attributes) == 0 {
		return nil, nil
	}
	old := t.newItem()
	if err := t.Meta.DecodeItem(t.Name, out.Attributes, old, nil); err != nil {
		return nil, err
	}
	return old, nil
}
