package entity

import (
	"context"
	"reflect"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/internal/model"
)

// The single-item operations are builders, like the query and update
// packages' requests: Table.Get, Put, Create and Delete start one, its
// methods set the request's optional parameters and return it, and the
// terminal calls build the request (Input) or send it (Run). Every input
// is checked by the terminal call, before anything is sent.
//
// A built Get, Put or Delete can be shared, kept in a variable and run
// from many goroutines at once: Input and Run only read it. The methods
// that set parameters change the builder they are called on, so finish
// building before sharing it. Two things a builder points to are written
// by Run: the destination given to ConsumedCapacity, and the item of a
// Put whose entity has a lock version field (Run stores the new version
// in it). A builder shared between goroutines carries neither.

// refuseUnusable refuses a builder made from a nil *Table (or a zero
// Table, made without NewTable), which has no model to build with.
func (t *Table[T]) refuseUnusable(op string) error {
	if t == nil || t.meta == nil {
		return model.NilBuilder(op, "*entity.Table["+reflect.TypeFor[T]().String()+"]", "entity.NewTable")
	}
	return nil
}

// nilBuilder is what the terminal calls (Input, Run) of a nil *Get, *Put
// or *Delete return.
func nilBuilder[T any](op, kind string) error {
	return model.InvalidArgument(op, "needs a *entity.%s[%s] made by Table.%s, got nil", kind, reflect.TypeFor[T](), kind)
}

func (g *Get[T]) refuseUnusable() error {
	if g == nil {
		return nilBuilder[T]("entity.Get", "Get")
	}
	return g.table.refuseUnusable("entity.Get")
}

func (d *Delete[T]) refuseUnusable() error {
	if d == nil {
		return nilBuilder[T]("entity.Delete", "Delete")
	}
	return d.table.refuseUnusable("entity.Delete")
}

// Get is a GetItem of one item by its key, started by Table.Get.
//
// The terminal calls (Input and Run) of a nil *Get return an *InputError
// (RuleInvalidArgument) rather than panic; its other methods need one made
// by Table.Get.
type Get[T any] struct {
	table *Table[T]
	key   Key
	opts  model.ReadOpts
}

// Get starts a read of the item with key. Run returns ErrNotFound when
// there is none. The item is upgraded to the current schema version,
// decoded and validated; a stored item that does not fit is a *DecodeError
// or a *ValidationError, never a partly filled value. Reads are eventually
// consistent unless ConsistentRead is asked:
//
//	order, err := orders.Get(entity.NewKey("o-1")).ConsistentRead().Run(ctx)
func (t *Table[T]) Get(key Key) *Get[T] { return &Get[T]{table: t, key: key} }

// ConsistentRead asks for a strongly consistent read, at twice the RCU.
func (g *Get[T]) ConsistentRead() *Get[T] {
	g.opts.Consistent = true
	return g
}

// Project reads only the named top-level attributes (a
// ProjectionExpression); several calls add up. The other fields stay
// zero, and validation covers only the attributes read, so a required
// field that was not asked for is not an error. A name the model does not
// declare is refused (RuleUnknownPath) before the request is sent: the item
// is read into the entity's fields, and an attribute without one would be
// read for nothing.
func (g *Get[T]) Project(attributes ...string) *Get[T] {
	g.opts.Projection = append(g.opts.Projection, attributes...)
	return g
}

// ConsumedCapacity sets ReturnConsumedCapacity=TOTAL and copies what
// DynamoDB reports into *dst when Run returns. A single-item call returns
// the item or nothing, not a result it could report capacity in (as query
// pages and transactions do), so the capacity goes where dst points. Each
// Run writes *dst: a Get shared between goroutines should not have one.
func (g *Get[T]) ConsumedCapacity(dst *types.ConsumedCapacity) *Get[T] {
	g.opts.Capacity = dst
	return g
}

// Input builds the GetItem request without sending it: what Run sends.
func (g *Get[T]) Input() (*dynamodb.GetItemInput, error) {
	if err := g.refuseUnusable(); err != nil {
		return nil, err
	}
	return g.table.core.GetInput(g.key, g.opts)
}

// Run sends the GetItem and returns the item read.
func (g *Get[T]) Run(ctx context.Context) (*T, error) {
	if err := g.refuseUnusable(); err != nil {
		return nil, err
	}
	item, err := g.table.core.Get(ctx, g.key, g.opts)
	if err != nil {
		return nil, err
	}
	return item.(*T), nil
}

// Put is a PutItem of one item, started by Table.Put or Table.Create.
//
// The terminal calls (Input and Run) of a nil *Put return an *InputError
// (RuleInvalidArgument) rather than panic; its other methods need one made
// by Table.Put or Table.Create.
type Put[T any] struct {
	table  *Table[T]
	item   *T
	create bool
	opts   model.WriteOpts
}

// Put starts a write of item, replacing any item with the same key. The
// item is validated first; nothing is sent if it is invalid. With a lock
// version field, the write succeeds only if the stored version is the one
// in item, and Run then sets item's version to the one written (at least
// 1). A zero version means the stored item has none yet: it is new,
// predates the lock field, or was written by another program, which leaves
// the attribute absent or 0 (attributevalue.MarshalMap and guregu/dynamo
// store a zero field as 0); the condition accepts both. A writer who wrote
// first has advanced the version, so a Put at version 0 then fails. A false
// condition returns a *ConditionFailedError matching ErrConditionFailed,
// with the current item.
// A zero field with a default= is written as its default; item itself is
// not modified. Entities with unique constraints are written with the txn
// package, which keeps their guard items in step (RuleUnique here).
//
// A conditional Put (a lock version, Create, If) whose response was lost
// and which the SDK sent again may fail its condition against its own
// write. When the item as it is now is exactly the item sent (lock version
// included; numbers compared by value, sets in any order), the write was
// ours and Run succeeds; otherwise it returns an *OutcomeUnknownError
// (ErrOutcomeUnknown, never ErrConditionFailed) and leaves item's version
// as it was. A false condition with no response lost is always a
// *ConditionFailedError, even against an identical item: another writer
// may have made the same change.
//
//	err := orders.Put(&order).If(cond.Name("status").Eq("open")).Run(ctx)
func (t *Table[T]) Put(item *T) *Put[T] { return &Put[T]{table: t, item: item} }

// Create starts a Put that requires the key to be new: if an item has it,
// Run's error matches ErrAlreadyExists and ErrConditionFailed and carries
// the existing item. A Create whose response was lost is decided as a Put
// is: success when the existing item is exactly the one sent, otherwise
// ErrOutcomeUnknown.
func (t *Table[T]) Create(item *T) *Put[T] { return &Put[T]{table: t, item: item, create: true} }

// If adds a condition expression; several are ANDed, with each other and
// with the conditions of a lock version or of Create. Every attribute the
// condition names is checked against the model before the request is
// sent: a name or nested path the model does not declare is refused with
// an *InputError (RuleUnknownPath). Name an attribute the model does not
// declare (a legacy one, say) with cond.Undeclared.
func (p *Put[T]) If(e cond.Expr) *Put[T] {
	p.opts.Cond = cond.And(p.opts.Cond, e)
	return p
}

// ConsumedCapacity sets ReturnConsumedCapacity=TOTAL and copies what
// DynamoDB reports into *dst when Run returns. A single-item write returns
// nothing it could report capacity in (as query pages and transactions
// do), so the capacity goes where dst points. Each Run writes *dst: a Put
// shared between goroutines should not have one.
func (p *Put[T]) ConsumedCapacity(dst *types.ConsumedCapacity) *Put[T] {
	p.opts.Capacity = dst
	return p
}

// Input builds the PutItem request without sending it: the item is
// validated and encoded, the condition compiled. It is what Run sends.
func (p *Put[T]) Input() (*dynamodb.PutItemInput, error) {
	if err := p.refuseUnusable(); err != nil {
		return nil, err
	}
	return p.table.core.PutInput(p.item, p.opts, p.create)
}

// Run sends the PutItem.
func (p *Put[T]) Run(ctx context.Context) error {
	if err := p.refuseUnusable(); err != nil {
		return err
	}
	return p.table.core.Put(ctx, p.item, p.opts, p.create)
}

// refuseUnusable refuses a Put without a table to write to or an item to
// write, naming the call that started it.
func (p *Put[T]) refuseUnusable() error {
	if p == nil {
		return nilBuilder[T]("entity.Put", "Put")
	}
	if err := p.table.refuseUnusable(p.op()); err != nil {
		return err
	}
	if p.item == nil {
		return model.InvalidArgument(p.op(), "needs a non-nil *%s, got nil", reflect.TypeFor[T]())
	}
	return nil
}

func (p *Put[T]) op() string {
	if p.create {
		return "entity.Create"
	}
	return "entity.Put"
}

// Delete is a DeleteItem of one item by its key, started by Table.Delete.
//
// The terminal calls (Input and Run) of a nil *Delete return an *InputError
// (RuleInvalidArgument) rather than panic; its other methods need one made
// by Table.Delete.
type Delete[T any] struct {
	table *Table[T]
	key   Key
	opts  model.WriteOpts
}

// Delete starts the removal of the item with key. Deleting a missing item
// is not an error unless a condition says so. Run returns the deleted item
// when ReturnOld is asked (nil if there was none), nil otherwise.
//
// A conditional Delete (If, IfVersion) that fails after a lost response
// returns an *OutcomeUnknownError (ErrOutcomeUnknown): a missing item may
// be our own deletion, a present one may have been put back since.
//
//	old, err := orders.Delete(entity.NewKey("o-1")).ReturnOld().Run(ctx)
func (t *Table[T]) Delete(key Key) *Delete[T] { return &Delete[T]{table: t, key: key} }

// If adds a condition expression; several are ANDed, and ANDed with
// IfVersion's. Its attribute names are checked against the model as Put's
// If checks them.
func (d *Delete[T]) If(e cond.Expr) *Delete[T] {
	d.opts.Cond = cond.And(d.opts.Cond, e)
	return d
}

// IfVersion makes the Delete succeed only if the item's lock version is n,
// the version the caller read; n = 0 accepts an item with no version yet
// (the attribute absent or 0), as Put does. (A Put takes the expected
// version from the item itself; a Delete by key needs to be told.) The entity must have a
// ddb:"lock" field; without one, Input and Run refuse the Delete with
// RuleInvalidArgument. A later IfVersion replaces an earlier one.
func (d *Delete[T]) IfVersion(n int64) *Delete[T] {
	d.opts.Version = &n
	return d
}

// ReturnOld makes Run return the item it deleted (ReturnValues=ALL_OLD).
func (d *Delete[T]) ReturnOld() *Delete[T] {
	d.opts.ReturnOld = true
	return d
}

// ConsumedCapacity sets ReturnConsumedCapacity=TOTAL and copies what
// DynamoDB reports into *dst when Run returns. A single-item call returns
// the old item or nothing, not a result it could report capacity in (as
// query pages and transactions do), so the capacity goes where dst points.
// Each Run writes *dst: a Delete shared between goroutines should not have
// one.
func (d *Delete[T]) ConsumedCapacity(dst *types.ConsumedCapacity) *Delete[T] {
	d.opts.Capacity = dst
	return d
}

// Input builds the DeleteItem request without sending it: what Run sends.
func (d *Delete[T]) Input() (*dynamodb.DeleteItemInput, error) {
	if err := d.refuseUnusable(); err != nil {
		return nil, err
	}
	return d.table.core.DeleteInput(d.key, d.opts)
}

// Run sends the DeleteItem. With ReturnOld it returns the item deleted,
// or nil (and no error) when there was none; without it, always nil. A
// missing item is not an error unless a condition requires it to exist.
func (d *Delete[T]) Run(ctx context.Context) (*T, error) {
	if err := d.refuseUnusable(); err != nil {
		return nil, err
	}
	old, err := d.table.core.Delete(ctx, d.key, d.opts)
	if err != nil || old == nil {
		return nil, err
	}
	return old.(*T), nil
}
