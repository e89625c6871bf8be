package entity

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/internal/model"
)

// Client is what every request of the library is sent through: the
// data-plane operations of DynamoDB. *dynamodb.Client has them all. A test
// fake embeds Client and overrides the operations it needs; the query,
// update and txn packages send their requests through the client of the
// table they are given.
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

// The SDK's client is a Client, and Client is exactly the interface the
// internal table core sends through (each is assignable to the other).
var (
	_ Client       = (*dynamodb.Client)(nil)
	_ model.Client = Client(nil)
	_ Client       = model.Client(nil)
)

// Key is a primary key given as Go values. Build it with NewKey.
type Key = model.Key

// NewKey builds a primary key from the partition value and, for tables with
// a sort key, the sort value. Values may be of the key field's Go type (or
// one convertible to it without loss), or already encoded
// types.AttributeValue.
func NewKey(partition any, sort ...any) Key { return model.NewKey(partition, sort...) }

// Table is a typed handle on one entity type in one table. It is safe for
// concurrent use. Every method sends exactly one request, or none when the
// input is refused.
type Table[T any] struct {
	meta *Meta
	core model.Table
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
	cfg := tableConfig{name: meta.Table()}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.name == "" {
		return nil, fmt.Errorf("%w: %s has no table name: set table= in its entity.Model tag or pass entity.TableName", ErrInvalidModel, meta.GoType())
	}
	if client == nil {
		return nil, model.InvalidArgument("entity.NewTable", "a nil client")
	}
	return &Table[T]{meta: meta, core: model.Table{Meta: meta.m, Client: client, Name: cfg.name}}, nil
}

// Name is the table's name.
func (t *Table[T]) Name() string { return t.core.Name }

// Meta is T's model.
func (t *Table[T]) Meta() *Meta { return t.meta }

// Options for single-item calls. WriteOption applies to Put, Create and
// Delete; ReadOption to Get; ConsumedCapacity to both.
type (
	WriteOption interface{ applyWrite(*model.WriteOpts) }
	ReadOption  interface{ applyRead(*model.ReadOpts) }
)

// collectWriteOpts applies opts in order. The options write through a
// pointer behind an interface, which puts what they write on the heap;
// without options, the common case, nothing is allocated.
func collectWriteOpts(opts []WriteOption) model.WriteOpts {
	if len(opts) == 0 {
		return model.WriteOpts{}
	}
	w := new(model.WriteOpts)
	for _, o := range opts {
		o.applyWrite(w)
	}
	return *w
}

func collectReadOpts(opts []ReadOption) model.ReadOpts {
	var r model.ReadOpts
	for _, o := range opts {
		o.applyRead(&r)
	}
	return r
}

type ifOption struct{ e cond.Expr }

func (o ifOption) applyWrite(w *model.WriteOpts) { w.Cond = cond.And(w.Cond, o.e) }

// If adds a condition expression to a write; several If options are ANDed.
// Every attribute the condition names is checked against the model before
// the request is sent: a name or nested path the model does not declare is
// refused with an *InputError (RuleUnknownPath). Name an attribute the
// model does not declare (a legacy one, say) with cond.Undeclared.
func If(e cond.Expr) WriteOption { return ifOption{e} }

type versionOption struct{ n int64 }

func (o versionOption) applyWrite(w *model.WriteOpts) { w.Version = &o.n }

// IfVersion makes Delete succeed only if the item's lock version is n, the
// version the caller read. (Put takes the expected version from the item
// itself; a Delete by key needs to be told.) The entity must have a
// ddb:"lock" field.
func IfVersion(n int64) WriteOption { return versionOption{n} }

type returnOldOption struct{}

func (returnOldOption) applyWrite(w *model.WriteOpts) { w.ReturnOld = true }

// ReturnOld makes Delete return the item it deleted (ReturnValues=ALL_OLD).
func ReturnOld() WriteOption { return returnOldOption{} }

type consistentOption struct{}

func (consistentOption) applyRead(r *model.ReadOpts) { r.Consistent = true }

// ConsistentRead asks for a strongly consistent read, at twice the RCU.
// Reads are eventually consistent unless asked.
func ConsistentRead() ReadOption { return consistentOption{} }

type projectOption struct{ attrs []string }

func (o projectOption) applyRead(r *model.ReadOpts) { r.Projection = append(r.Projection, o.attrs...) }

// Project reads only the named top-level attributes (a ProjectionExpression).
// The other fields stay zero, and validation covers only the attributes
// read, so a required field that was not asked for is not an error. A name
// the model does not declare is refused (RuleUnknownPath) before the
// request is sent: the item is read into the entity's fields, and an
// attribute without one would be read for nothing.
func Project(attributes ...string) ReadOption { return projectOption{attributes} }

type capacityOption struct{ dst *types.ConsumedCapacity }

func (o capacityOption) applyWrite(w *model.WriteOpts) { w.Capacity = o.dst }
func (o capacityOption) applyRead(r *model.ReadOpts)   { r.Capacity = o.dst }

// ConsumedCapacity sets ReturnConsumedCapacity=TOTAL and copies what
// DynamoDB reports into dst when the call returns. It is both a WriteOption
// and a ReadOption.
func ConsumedCapacity(dst *types.ConsumedCapacity) interface {
	WriteOption
	ReadOption
} {
	return capacityOption{dst}
}

// PutInput builds the PutItem request for item without sending it: the
// item is validated and encoded, the condition compiled. It is what Put
// sends.
func (t *Table[T]) PutInput(item *T, opts ...WriteOption) (*dynamodb.PutItemInput, error) {
	return t.core.PutInput(item, collectWriteOpts(opts))
}

// Put writes item, replacing any item with the same key. The item is
// validated first; nothing is sent if it is invalid. With a lock version
// field, Put succeeds only if the stored version is the one in item (or,
// when it is zero, the stored item has no version: it is new or predates
// the lock field), and then sets item's version to the one written. A false
// condition returns a *ConditionFailedError matching ErrConditionFailed,
// with the current item.
// A zero field with a default= is written as its default; item itself is
// not modified.
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
	return t.core.Put(ctx, item, collectWriteOpts(opts), false)
}

// Create writes item only if no item has its key. If one does, the error
// matches ErrAlreadyExists and ErrConditionFailed and carries the existing
// item. A Create whose response was lost is decided as Put decides it:
// success when the existing item is exactly the one sent, otherwise
// ErrOutcomeUnknown.
func (t *Table[T]) Create(ctx context.Context, item *T, opts ...WriteOption) error {
	return t.core.Put(ctx, item, collectWriteOpts(opts), true)
}

// GetInput builds the GetItem request for key without sending it.
func (t *Table[T]) GetInput(key Key, opts ...ReadOption) (*dynamodb.GetItemInput, error) {
	return t.core.GetInput(key, collectReadOpts(opts))
}

// Get reads the item with key. It returns ErrNotFound when there is none.
// The item is upgraded to the current schema version, decoded and
// validated; a stored item that does not fit is a *DecodeError or a
// *ValidationError, never a partly filled value. Reads are eventually
// consistent unless ConsistentRead is given.
func (t *Table[T]) Get(ctx context.Context, key Key, opts ...ReadOption) (*T, error) {
	item, err := t.core.Get(ctx, key, collectReadOpts(opts))
	if err != nil {
		return nil, err
	}
	return item.(*T), nil
}

// DeleteInput builds the DeleteItem request for key without sending it.
func (t *Table[T]) DeleteInput(key Key, opts ...WriteOption) (*dynamodb.DeleteItemInput, error) {
	return t.core.DeleteInput(key, collectWriteOpts(opts))
}

// Delete removes the item with key. Deleting a missing item is not an
// error unless a condition says so. With ReturnOld it returns the deleted
// item (nil if there was none); otherwise it returns nil.
//
// A conditional Delete (If, IfVersion) that fails after a lost response
// returns an *OutcomeUnknownError (ErrOutcomeUnknown): a missing item may
// be our own deletion, a present one may have been put back since.
func (t *Table[T]) Delete(ctx context.Context, key Key, opts ...WriteOption) (*T, error) {
	old, err := t.core.Delete(ctx, key, collectWriteOpts(opts))
	if err != nil || old == nil {
		return nil, err
	}
	return old.(*T), nil
}
