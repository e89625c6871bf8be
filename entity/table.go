package entity

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
	"github.com/dynamodel/dynamodel/internal/exprpool"
	"github.com/dynamodel/dynamodel/internal/number"
)

// Client is what a Table and every builder on it (queries, scans, updates,
// batches, transactions) send their requests through: the data-plane
// operations of DynamoDB the library uses. *dynamodb.Client has them all; a
// test double embeds Client and overrides what it needs, so a client that
// lacks an operation is a compile-time error, never a run-time one.
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

// Table is a typed handle on one entity type in one table. It is safe for
// concurrent use. Every method sends exactly one request, or none when the
// input is refused.
type Table[T any] struct {
	meta   *Meta
	client Client
	name   string
}

// TableOption configures NewTable.
type TableOption func(*tableConfig)

type tableConfig struct{ name string }

// TableName sets the table's name, overriding the Model tag (tests use it
// to get a table of their own).
func TableName(name string) TableOption { return func(c *tableConfig) { c.name = name } }

// NewTable returns the handle for T, registering T's model if it was not
// registered yet.
func NewTable[T any](client Client, opts ...TableOption) (*Table[T], error) {
	meta, err := MetaOf[T]()
	if err != nil {
		return nil, err
	}
	cfg := tableConfig{name: meta.table}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.name == "" {
		return nil, fmt.Errorf("%w: %s has no table name: set table= in its entity.Model tag or pass entity.TableName", ErrInvalidModel, meta.goType)
	}
	if client == nil {
		return nil, fmt.Errorf("%w: NewTable needs a client", ErrInvalidArgument)
	}
	return &Table[T]{meta: meta, client: client, name: cfg.name}, nil
}

// Name is the table's name.
func (t *Table[T]) Name() string { return t.name }

// Meta is T's model.
func (t *Table[T]) Meta() *Meta { return t.meta }

// Client is the client requests are sent through.
func (t *Table[T]) Client() Client { return t.client }

// Options for single-item calls. WriteOption applies to Put, Create and
// Delete; ReadOption to Get; ConsumedCapacity to both.
type (
	WriteOption interface{ applyWrite(*writeOpts) }
	ReadOption  interface{ applyRead(*readOpts) }
)

type writeOpts struct {
	cond      cond.Expr
	returnOld bool
	capacity  *types.ConsumedCapacity
	version   *int64
}

type readOpts struct {
	consistent bool
	projection []string
	capacity   *types.ConsumedCapacity
}

type ifOption struct{ e cond.Expr }

// collectWriteOpts applies opts in order. The options write through a
// pointer behind an interface, which puts what they write on the heap;
// without options, the common case, nothing is allocated.
func collectWriteOpts(opts []WriteOption) writeOpts {
	if len(opts) == 0 {
		return writeOpts{}
	}
	w := new(writeOpts)
	for _, o := range opts {
		o.applyWrite(w)
	}
	return *w
}

func (o ifOption) applyWrite(w *writeOpts) { w.cond = cond.And(w.cond, o.e) }

// If adds a condition expression to a write; several If options are ANDed.
// Every attribute the condition names is checked against the model before
// the request is sent: a name or nested path the model does not declare is
// an *UnknownPathError matching ErrUnknownPath. Name an attribute the model
// does not declare (a legacy one, say) with cond.Undeclared.
func If(e cond.Expr) WriteOption { return ifOption{e} }

type versionOption struct{ n int64 }

func (o versionOption) applyWrite(w *writeOpts) { w.version = &o.n }

// IfVersion makes Delete succeed only if the item's lock version is n, the
// version the caller read. (Put takes the expected version from the item
// itself; a Delete by key needs to be told.) The entity must have a
// ddb:"lock" field.
func IfVersion(n int64) WriteOption { return versionOption{n} }

type returnOldOption struct{}

func (returnOldOption) applyWrite(w *writeOpts) { w.returnOld = true }

// ReturnOld makes Delete return the item it deleted (ReturnValues=ALL_OLD).
func ReturnOld() WriteOption { return returnOldOption{} }

type consistentOption struct{}

func (consistentOption) applyRead(r *readOpts) { r.consistent = true }

// ConsistentRead asks for a strongly consistent read, at twice the RCU.
// Reads are eventually consistent unless asked.
func ConsistentRead() ReadOption { return consistentOption{} }

type projectOption struct{ attrs []string }

func (o projectOption) applyRead(r *readOpts) { r.projection = append(r.projection, o.attrs...) }

// Project reads only the named top-level attributes (a ProjectionExpression).
// The other fields stay zero, and validation covers only the attributes
// read, so a required field that was not asked for is not an error. A name
// the model does not declare is refused with an *UnknownPathError before
// the request is sent: the item is read into the entity's fields, and an
// attribute without one would be read for nothing.
func Project(attributes ...string) ReadOption { return projectOption{attributes} }

// CapacityOption asks DynamoDB for the consumed capacity and stores it.
type CapacityOption struct{ dst *types.ConsumedCapacity }

func (o CapacityOption) applyWrite(w *writeOpts) { w.capacity = o.dst }
func (o CapacityOption) applyRead(r *readOpts)   { r.capacity = o.dst }

// ConsumedCapacity sets ReturnConsumedCapacity=TOTAL and copies what
// DynamoDB reports into dst when the call returns.
func ConsumedCapacity(dst *types.ConsumedCapacity) CapacityOption { return CapacityOption{dst} }

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

// PutInput builds the PutItem request for item without sending it: the
// item is validated and encoded, the condition compiled. It is what Put
// sends.
func (t *Table[T]) PutInput(item *T, opts ...WriteOption) (*dynamodb.PutItemInput, error) {
	w := collectWriteOpts(opts)
	in, _, err := t.putInput(item, w, false)
	return in, err
}

// putInput builds a PutItem. With a lock version field, the write is
// conditioned on the version read (or on absence when it is zero) and
// writes the next version; the new version is returned so the caller can
// store it back into item after success.
func (t *Table[T]) putInput(item *T, w writeOpts, create bool) (*dynamodb.PutItemInput, int64, error) {
	in, next, _, err := t.putInputSized(item, w, create)
	return in, next, err
}

// putInputSized is putInput that also returns the item's size.
func (t *Table[T]) putInputSized(item *T, w writeOpts, create bool) (*dynamodb.PutItemInput, int64, int, error) {
	if item == nil {
		return nil, 0, 0, fmt.Errorf("%w: nil item", ErrEncode)
	}
	if w.version != nil {
		return nil, 0, 0, fmt.Errorf("%w: IfVersion applies to Delete; Put and Create take the version from the item", ErrInvalidModel)
	}
	if err := t.meta.CheckPaths(t.name, w.cond.Paths()...); err != nil {
		return nil, 0, 0, err
	}
	if err := t.meta.validateWrite(t.name, item); err != nil {
		return nil, 0, 0, err
	}
	v := reflect.ValueOf(item).Elem()
	av, err := t.meta.encodeChecked(t.name, v)
	if err != nil {
		return nil, 0, 0, err
	}
	c := w.cond
	var next int64
	if lock, ok := t.meta.LockAttribute(); ok {
		cur := lockValue(v.FieldByIndex(lock.field.index))
		switch {
		case create:
			next = 1
			c = cond.And(c, t.notExists())
		case cur == 0:
			// No version read: the item must not have one yet (a new
			// item, or one written before the model had a lock field).
			next = 1
			c = cond.And(c, cond.Name(lock.Name).NotExists())
		default:
			next = cur + 1
			c = cond.And(c, cond.Name(lock.Name).Eq(cur))
		}
		if next <= 0 || !number.FitsInteger(lock.GoType, next) {
			return nil, 0, 0, fmt.Errorf("%w: the next lock version after %d does not fit %s (%s)", ErrInvalidArgument, cur, lock.GoName, lock.GoType)
		}
		av[lock.Name] = &types.AttributeValueMemberN{Value: fmt.Sprint(next)}
	} else if create {
		c = cond.And(c, t.notExists())
	}
	// Measured once the item is final: the lock version may have grown.
	size, err := t.meta.checkSize(t.name, av)
	if err != nil {
		return nil, 0, 0, err
	}
	in := &dynamodb.PutItemInput{
		TableName:              aws.String(t.name),
		Item:                   av,
		ReturnConsumedCapacity: capacityMode(w.capacity),
	}
	if !c.IsZero() {
		expr, names, values, err := exprpool.Condition(t.meta, c)
		if err != nil {
			return nil, 0, 0, err
		}
		in.ConditionExpression = aws.String(expr)
		in.ExpressionAttributeNames, in.ExpressionAttributeValues = names, values
		in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	}
	return in, next, size, nil
}

// notExists is the condition that no item has this key.
func (t *Table[T]) notExists() cond.Expr {
	return cond.Name(t.meta.primary.Partition[0].Name).NotExists()
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
}

// PutRequest builds a Put (or, with create, a Create) for another package
// to send, in a transaction say, exactly as Put and Create would send it.
func (t *Table[T]) PutRequest(item *T, create bool, opts ...WriteOption) (*PreparedPut, error) {
	w := collectWriteOpts(opts)
	in, next, size, err := t.putInputSized(item, w, create)
	if err != nil {
		return nil, err
	}
	p := &PreparedPut{Input: in, Done: doNothing, Size: size}
	if lock, ok := t.meta.LockAttribute(); ok {
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
// (in a transaction's cancellation reasons, say) into a *T.
func (t *Table[T]) DecodeCurrent(raw map[string]types.AttributeValue) (*T, error) {
	cur := new(T)
	if err := t.meta.DecodeItem(t.name, raw, cur, nil); err != nil {
		return nil, err
	}
	return cur, nil
}

// Put writes item, replacing any item with the same key. The item is
// validated first; nothing is sent if it is invalid. With a lock version
// field, Put succeeds only if the stored version is the one in item (or,
// when it is zero, the stored item has no version: it is new or predates
// the lock field), and then sets item's version to the one written. A false condition returns a *ConditionFailedError matching
// ErrConditionFailed, with the current item.
//
// A conditional Put (a lock version, Create, If) whose response was lost
// and which the SDK sent again may fail its condition against its own
// write. When the item as it is now is exactly the item sent (lock version
// included; numbers compared by value, sets in any order), the write was
// ours and Put succeeds; otherwise it returns an *OutcomeUnknownError
// (ErrOutcomeUnknown, never ErrConditionFailed) and leaves item's version
// as it was. A false condition with no response lost is always a
// *ConditionFailedError, even against an identical item: another writer
// may have made the same change.
func (t *Table[T]) Put(ctx context.Context, item *T, opts ...WriteOption) error {
	w := collectWriteOpts(opts)
	return t.put(ctx, item, w, false)
}

// Create writes item only if no item has its key. If one does, the error
// matches ErrAlreadyExists and ErrConditionFailed and carries the existing
// item. A Create whose response was lost is decided as Put decides it:
// success when the existing item is exactly the one sent, otherwise
// ErrOutcomeUnknown.
func (t *Table[T]) Create(ctx context.Context, item *T, opts ...WriteOption) error {
	w := collectWriteOpts(opts)
	return t.put(ctx, item, w, true)
}

func (t *Table[T]) put(ctx context.Context, item *T, w writeOpts, create bool) error {
	if len(t.meta.uniques) > 0 {
		return ErrUnique
	}
	in, next, err := t.putInput(item, w, create)
	if err != nil {
		return err
	}
	attempts := track(in.ConditionExpression != nil)
	out, err := t.client.PutItem(ctx, in, attempts.Track)
	if err != nil {
		if !attempts.MayHaveApplied() {
			return t.writeError("PutItem", in.Item, err, create)
		}
		// The condition may be false because of our own lost attempt.
		if ours, err := t.lostResponse("PutItem", in.Item, err, create); !ours {
			return err
		}
	} else {
		storeCapacity(w.capacity, out.ConsumedCapacity)
	}
	if lock, ok := t.meta.LockAttribute(); ok {
		setLockValue(reflect.ValueOf(item).Elem().FieldByIndex(lock.field.index), next)
	}
	return nil
}

// WriteError maps the error of a conditional write to this table, sent by
// another package (an UpdateItem, say) with ReturnValuesOnConditionCheckFailure
// set: a failed condition becomes a *ConditionFailedError with the current
// item decoded; anything else is wrapped with op and the table name.
func (t *Table[T]) WriteError(op string, key map[string]types.AttributeValue, err error) error {
	return t.writeError(op, key, err, false)
}

// writeError maps a write failure: a failed condition becomes a
// *ConditionFailedError with the current item decoded; anything else is
// wrapped with the operation and table.
func (t *Table[T]) writeError(op string, key map[string]types.AttributeValue, err error, exists bool) error {
	var ccf *types.ConditionalCheckFailedException
	if !errors.As(err, &ccf) {
		return fmt.Errorf("dynamodel: %s %s: %w", op, t.name, err)
	}
	cf := &ConditionFailedError{Table: t.name, Key: formatKey(t.meta.KeyOf(key)), cause: err}
	if len(ccf.Item) > 0 {
		cf.Raw = ccf.Item
		cur := new(T)
		if derr := t.meta.DecodeItem(t.name, ccf.Item, cur, nil); derr != nil {
			cf.DecodeErr = derr
		} else {
			cf.Current = cur
		}
		cf.exists = exists
	}
	return cf
}

// GetInput builds the GetItem request for key without sending it.
func (t *Table[T]) GetInput(key Key, opts ...ReadOption) (*dynamodb.GetItemInput, error) {
	var r readOpts
	for _, o := range opts {
		o.applyRead(&r)
	}
	return t.getInput(key, r)
}

func (t *Table[T]) getInput(key Key, r readOpts) (*dynamodb.GetItemInput, error) {
	k, err := t.meta.EncodeKey(t.name, key)
	if err != nil {
		return nil, err
	}
	in := &dynamodb.GetItemInput{
		TableName:              aws.String(t.name),
		Key:                    k,
		ReturnConsumedCapacity: capacityMode(r.capacity),
	}
	if r.consistent {
		in.ConsistentRead = aws.Bool(true)
	}
	if len(r.projection) > 0 {
		b := cond.NewBuilder(nil)
		paths := make([]cond.Path, 0, len(r.projection)+2)
		for _, name := range r.projection {
			paths = append(paths, cond.Name(name))
		}
		if err := t.meta.CheckPaths(t.name, paths...); err != nil {
			return nil, err
		}
		// The metadata is needed to decode; it costs no extra RCU.
		metadata := []string{VersionAttribute}
		if t.meta.stamp {
			metadata = append(metadata, TypeAttribute)
		}
		for _, name := range metadata {
			if !slices.Contains(r.projection, name) { // asked for already
				paths = append(paths, cond.Name(name))
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

// Get reads the item with key. It returns ErrNotFound when there is none.
// The item is upgraded to the current schema version, decoded and
// validated; a stored item that does not fit is a *DecodeError or a
// *ValidationError, never a partly filled value. Reads are eventually
// consistent unless ConsistentRead is given.
func (t *Table[T]) Get(ctx context.Context, key Key, opts ...ReadOption) (*T, error) {
	var r readOpts
	for _, o := range opts {
		o.applyRead(&r)
	}
	in, err := t.getInput(key, r)
	if err != nil {
		return nil, err
	}
	out, err := t.client.GetItem(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("dynamodel: GetItem %s: %w", t.name, err)
	}
	storeCapacity(r.capacity, out.ConsumedCapacity)
	if len(out.Item) == 0 {
		return nil, fmt.Errorf("%w: %s %s", ErrNotFound, t.name, formatKey(in.Key))
	}
	item := new(T)
	var projected []string
	if len(r.projection) > 0 {
		projected = r.projection
	}
	if err := t.meta.DecodeItem(t.name, out.Item, item, projected); err != nil {
		return nil, err
	}
	return item, nil
}

// DeleteInput builds the DeleteItem request for key without sending it.
func (t *Table[T]) DeleteInput(key Key, opts ...WriteOption) (*dynamodb.DeleteItemInput, error) {
	w := collectWriteOpts(opts)
	return t.deleteInput(key, w)
}

func (t *Table[T]) deleteInput(key Key, w writeOpts) (*dynamodb.DeleteItemInput, error) {
	if err := t.meta.CheckPaths(t.name, w.cond.Paths()...); err != nil {
		return nil, err
	}
	k, err := t.meta.EncodeKey(t.name, key)
	if err != nil {
		return nil, err
	}
	in := &dynamodb.DeleteItemInput{
		TableName:              aws.String(t.name),
		Key:                    k,
		ReturnConsumedCapacity: capacityMode(w.capacity),
	}
	if w.returnOld {
		in.ReturnValues = types.ReturnValueAllOld
	}
	c := w.cond
	if w.version != nil {
		lock, ok := t.meta.LockAttribute()
		if !ok {
			return nil, fmt.Errorf("%w: IfVersion on %s, which has no lock version field", ErrInvalidModel, t.meta.typeName)
		}
		c = cond.And(c, cond.Name(lock.Name).Eq(*w.version))
	}
	if !c.IsZero() {
		expr, names, values, err := exprpool.Condition(t.meta, c)
		if err != nil {
			return nil, err
		}
		in.ConditionExpression = aws.String(expr)
		in.ExpressionAttributeNames, in.ExpressionAttributeValues = names, values
		in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	}
	return in, nil
}

// Delete removes the item with key. Deleting a missing item is not an
// error unless a condition says so. With ReturnOld it returns the deleted
// item (nil if there was none); otherwise it returns nil.
//
// A conditional Delete (If, IfVersion) that fails after a lost response
// returns an *OutcomeUnknownError (ErrOutcomeUnknown): a missing item may
// be our own deletion, a present one may have been put back since.
func (t *Table[T]) Delete(ctx context.Context, key Key, opts ...WriteOption) (*T, error) {
	w := collectWriteOpts(opts)
	if len(t.meta.uniques) > 0 {
		return nil, ErrUnique
	}
	in, err := t.deleteInput(key, w)
	if err != nil {
		return nil, err
	}
	attempts := track(in.ConditionExpression != nil)
	out, err := t.client.DeleteItem(ctx, in, attempts.Track)
	if err != nil {
		if attempts.MayHaveApplied() {
			// Whether the item is gone or still there, a lost attempt
			// may have deleted it (and another writer put it back).
			return nil, t.OutcomeUnknown("DeleteItem", in.Key, err)
		}
		return nil, t.writeError("DeleteItem", in.Key, err, false)
	}
	storeCapacity(w.capacity, out.ConsumedCapacity)
	if !w.returnOld || len(out.Attributes) == 0 {
		return nil, nil
	}
	old := new(T)
	if err := t.meta.DecodeItem(t.name, out.Attributes, old, nil); err != nil {
		return nil, err
	}
	return old, nil
}
