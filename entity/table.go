package entity

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

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
// concurrent use. Its methods Get, Put, Create and Delete start a builder
// for one request; Run sends exactly that request, or none when the input
// is refused, and Input builds it without sending it.
type Table[T any] struct {
	meta *Meta
	core model.Table
}

// NewTable returns the handle for T, registering T's model if it was not
// registered yet. It takes one option, TableName, which names the table
// (the Model tag's table= otherwise); the options of the model itself
// (WithUpgrade, WithValidator) are Register's, and are refused here.
func NewTable[T any](client Client, opts ...Option) (*Table[T], error) {
	meta, err := MetaOf[T]()
	if err != nil {
		return nil, err
	}
	cfg := options{table: meta.Table()}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.modelOnly != "" {
		return nil, model.InvalidArgument("entity.NewTable", "%s, an option of the model: give it to Register", cfg.modelOnly)
	}
	if cfg.table == "" {
		return nil, fmt.Errorf("%w: %s has no table name: set table= in its entity.Model tag or pass entity.TableName", ErrInvalidModel, meta.GoType())
	}
	if client == nil {
		return nil, model.InvalidArgument("entity.NewTable", "a nil client")
	}
	return &Table[T]{meta: meta, core: model.Table{Meta: meta.m, Client: client, Name: cfg.table}}, nil
}

// Name is the table's name.
func (t *Table[T]) Name() string { return t.core.Name }

// Meta is T's model.
func (t *Table[T]) Meta() *Meta { return t.meta }
