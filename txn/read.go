package txn

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/argcheck"
	"github.com/dynamodel/dynamodel/internal/itemid"
	"github.com/dynamodel/dynamodel/internal/model"
)

// MaxGets is the most items one TransactGetItems reads.
const MaxGets = 100

// Read is a TransactGetItems being assembled: up to 100 typed gets across
// entities and tables, read as one serializable snapshot.
//
// A nil *Read is reported as a nil *Write is: Input and Run return an
// *entity.InputError (entity.RuleInvalidArgument), ConsumedCapacity returns
// nil, and Get, which returns a GetOp rather than an error, panics with
// that *entity.InputError.
type Read struct {
	client   entity.Client
	gets     []getOp
	capacity types.ReturnConsumedCapacity
	err      error
}

type getOp struct {
	table  string
	key    map[string]types.AttributeValue
	keyID  uint64 // see op.keyID
	decode itemDecoder
}

// NewRead starts a read transaction sent through client, such as the
// client the tables read were made with.
func NewRead(client entity.Client) *Read {
	r := &Read{client: client}
	if client == nil {
		r.err = refuse("txn.NewRead", entity.RuleInvalidArgument, "no client")
	}
	return r
}

// ConsumedCapacity asks DynamoDB to report the capacity consumed (TOTAL, or
// INDEXES for a breakdown per index), per table, in
// ReadResult.ConsumedCapacity.
func (r *Read) ConsumedCapacity(mode types.ReturnConsumedCapacity) *Read {
	if r == nil { // Run reports it
		return nil
	}
	r.capacity = mode
	return r
}

// GetOp is one get of a read transaction; its Item method reads its
// result.
type GetOp[T any] struct {
	r     *Read
	index int
}

// Get adds a get of the item with key.
func Get[T any](r *Read, table *entity.Table[T], key entity.Key) GetOp[T] {
	mustRead(r, "txn.Get")
	if r.err != nil {
		return GetOp[T]{r: r, index: -1}
	}
	if err := argcheck.Table("txn.Get", table); err != nil {
		r.err = err
		return GetOp[T]{r: r, index: -1}
	}
	if len(r.gets) >= MaxGets {
		r.err = refuse("txn.Get", RuleTooMany, "adding get %d (a read transaction takes at most %d)", len(r.gets)+1, MaxGets)
		return GetOp[T]{r: r, index: -1}
	}
	k, err := model.Of(table.Meta()).EncodeKey(table.Name(), key)
	if err != nil {
		r.err = err
		return GetOp[T]{r: r, index: -1}
	}
	id := itemid.Hash(table.Name(), k)
	for i := range r.gets {
		if r.gets[i].keyID == id && itemid.Same(r.gets[i].table, r.gets[i].key, table.Name(), k) {
			e := refuse("txn.Get", RuleSameItem, "gets %d and %d both read it", i, len(r.gets))
			e.Table, e.Key = table.Name(), model.FormatKey(k)
			r.err = e
			return GetOp[T]{r: r, index: -1}
		}
	}
	r.gets = append(r.gets, getOp{table: table.Name(), key: k, keyID: id, decode: decoderFor(table)})
	return GetOp[T]{r: r, index: len(r.gets) - 1}
}

// Input builds the request without sending it.
func (r *Read) Input() (*dynamodb.TransactGetItemsInput, error) {
	if r == nil {
		return nil, argcheck.Nil("txn.Read.Input", "*txn.Read", "txn.NewRead")
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.gets) == 0 {
		return nil, refuse("txn.Read", RuleEmpty, "no gets")
	}
	in := &dynamodb.TransactGetItemsInput{ReturnConsumedCapacity: r.capacity, TransactItems: make([]types.TransactGetItem, len(r.gets))}
	for i, g := range r.gets {
		in.TransactItems[i] = types.TransactGetItem{Get: &types.Get{TableName: aws.String(g.table), Key: g.key}}
	}
	return in, nil
}

// ReadResult holds each get's item, decoded and validated, or its error.
type ReadResult struct {
	items []any
	errs  []error
	// Invalid lists the items read that could not be returned (a wrong
	// attribute type, a failed validation, an unknown schema version),
	// each with its table, primary key and typed error, in the order of
	// the gets. Each is also its get's error.
	Invalid          []entity.ItemError
	ConsumedCapacity []types.ConsumedCapacity
}

// Run sends the read. Each get stands alone: a missing item is not a
// failure of the read (that get's Item returns entity.ErrNotFound), and an
// item that does not decode or validate is that get's error, an
// *entity.ItemError with the item's key (listed in ReadResult.Invalid too),
// while the other gets return their items.
func (r *Read) Run(ctx context.Context) (*ReadResult, error) {
	if r == nil {
		return nil, argcheck.Nil("txn.Read.Run", "*txn.Read", "txn.NewRead")
	}
	in, err := r.Input()
	if err != nil {
		return nil, err
	}
	out, err := r.client.TransactGetItems(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("dynamodel: TransactGetItems: %w", err)
	}
	res := &ReadResult{items: make([]any, len(r.gets)), errs: make([]error, len(r.gets)), ConsumedCapacity: out.ConsumedCapacity}
	for i, g := range r.gets {
		if i >= len(out.Responses) || len(out.Responses[i].Item) == 0 {
			res.errs[i] = fmt.Errorf("%w: %s %s", entity.ErrNotFound, g.table, model.FormatKey(g.key))
			continue
		}
		item, err := g.decode.decode(out.Responses[i].Item)
		if err != nil {
			bad := entity.ItemError{Table: g.table, Key: g.key, Err: err}
			res.Invalid = append(res.Invalid, bad)
			res.errs[i] = &bad
			continue
		}
		res.items[i] = item
	}
	return res, nil
}

// Item returns this get's item from res.
func (g GetOp[T]) Item(res *ReadResult) (*T, error) {
	if g.index < 0 || res == nil || g.index >= len(res.items) {
		return nil, &entity.InputError{Rule: entity.RuleInvalidArgument, Detail: "this get is not part of the result"}
	}
	if res.errs[g.index] != nil {
		return nil, res.errs[g.index]
	}
	return res.items[g.index].(*T), nil
}
