package schema

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
)

// Client is the control plane of DynamoDB this package uses to create,
// describe and change tables (the data plane is entity.Client).
// *dynamodb.Client implements it; a test double embeds Client and
// overrides what it needs.
type Client interface {
	CreateTable(ctx context.Context, params *dynamodb.CreateTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error)
	DescribeTable(ctx context.Context, params *dynamodb.DescribeTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error)
	UpdateTable(ctx context.Context, params *dynamodb.UpdateTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateTableOutput, error)
	DescribeTimeToLive(ctx context.Context, params *dynamodb.DescribeTimeToLiveInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DescribeTimeToLiveOutput, error)
	UpdateTimeToLive(ctx context.Context, params *dynamodb.UpdateTimeToLiveInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateTimeToLiveOutput, error)
}

var _ Client = (*dynamodb.Client)(nil)

// Polling backoff while waiting for a table: the first poll comes quickly
// (DynamoDB Local is ACTIVE at once), later ones less often.
const (
	firstPoll = 50 * time.Millisecond
	maxPoll   = 2 * time.Second
)

// CreateTable creates the table for metas with the zero [Settings]
// (on-demand billing) and waits until it is ACTIVE: [Define], then
// [Definition.Create].
func CreateTable(ctx context.Context, client Client, tableName string, metas ...*entity.Meta) (*types.TableDescription, error) {
	d, err := Define(tableName, metas...)
	if err != nil {
		return nil, err
	}
	return d.Create(ctx, client)
}

// Create sends the definition's CreateTable request and waits until the
// table and all its global secondary indexes are ACTIVE, as [WaitActive]
// does but for up to [Settings.MaxWait]. It returns the last description of
// the table.
//
// A table that already exists is an error (the SDK's
// *types.ResourceInUseException, wrapped in an *[Error]); use
// [Definition.Ensure] to create a table only when it is missing.
func (d *Definition) Create(ctx context.Context, client Client) (*types.TableDescription, error) {
	tableName := aws.ToString(d.Table.TableName)
	if _, err := client.CreateTable(ctx, d.Table); err != nil {
		return nil, &Error{Table: tableName, Op: "CreateTable", Err: err}
	}
	return d.opts.waitActive(ctx, client, tableName)
}

// EnsureTable creates the table for metas with the zero [Settings] unless
// it exists: [Define], then [Definition.Ensure].
func EnsureTable(ctx context.Context, client Client, tableName string, metas ...*entity.Meta) (desc *types.TableDescription, created bool, err error) {
	d, err := Define(tableName, metas...)
	if err != nil {
		return nil, false, err
	}
	return d.Ensure(ctx, client)
}

// Ensure creates the table like [Definition.Create] when DescribeTable
// reports it missing, and otherwise waits for the existing table to be
// ACTIVE. created says whether this call created it.
//
// An existing table is not compared with the definition: a table created
// earlier from other models is returned as it is ([Definition.Plan]
// compares).
func (d *Definition) Ensure(ctx context.Context, client Client) (desc *types.TableDescription, created bool, err error) {
	o, in, tableName := d.opts, d.Table, aws.ToString(d.Table.TableName)
	_, err = client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(tableName)})
	var notFound *types.ResourceNotFoundException
	switch {
	case err == nil:
		desc, err = o.waitActive(ctx, client, tableName)
		return desc, false, err
	case !errors.As(err, &notFound):
		return nil, false, &Error{Table: tableName, Op: "DescribeTable", Err: err}
	}
	if _, err := client.CreateTable(ctx, in); err != nil {
		var inUse *types.ResourceInUseException
		if !errors.As(err, &inUse) {
			return nil, false, &Error{Table: tableName, Op: "CreateTable", Err: err}
		}
		// Someone else created it in the meantime.
		desc, err = o.waitActive(ctx, client, tableName)
		return desc, false, err
	}
	desc, err = o.waitActive(ctx, client, tableName)
	return desc, true, err
}

// WaitActive polls DescribeTable, with a growing interval, until the table
// and every one of its global secondary indexes are ACTIVE, and returns
// the table's description. It gives up after [DefaultMaxWait] (for a
// shorter wait, give a ctx with a deadline) or when ctx ends; a deadline
// (either one) is reported as an *[Error] matching [ErrTimeout] and
// context.DeadlineExceeded, a cancellation as one matching
// context.Canceled.
//
// A table DynamoDB does not know yet (ResourceNotFoundException, as can
// happen just after CreateTable) is waited for like one being created. A
// table in a state it does not leave for ACTIVE, such as DELETING or
// ARCHIVED, is reported at once as [ErrNotActive].
func WaitActive(ctx context.Context, client Client, tableName string) (*types.TableDescription, error) {
	return Settings{}.waitActive(ctx, client, tableName)
}

// waitActive is WaitActive, for up to o's MaxWait.
func (o Settings) waitActive(ctx context.Context, client Client, tableName string) (*types.TableDescription, error) {
	if err := checkTableName(tableName); err != nil {
		return nil, err
	}
	maxWait := o.maxWait()
	ctx, cancel := context.WithTimeout(ctx, maxWait)
	defer cancel()
	start := time.Now()
	interval := firstPoll
	var timer *time.Timer
	last := "not described yet"
	for {
		out, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(tableName)})
		var notFound *types.ResourceNotFoundException
		switch {
		case err == nil && out.Table != nil:
			state, done, failed := status(out.Table)
			if done {
				return out.Table, nil
			}
			if failed {
				return nil, &Error{Table: tableName, Err: fmt.Errorf("%w: %s", ErrNotActive, state)}
			}
			last = state
		case err == nil:
			last = "DescribeTable returned no table"
		case errors.As(err, &notFound):
			last = "table not found"
		case ctx.Err() != nil:
			// The request failed because the wait is over.
		default:
			return nil, &Error{Table: tableName, Op: "DescribeTable", Err: err}
		}

		if timer == nil {
			timer = time.NewTimer(interval)
			defer timer.Stop()
		} else {
			timer.Reset(interval)
		}
		select {
		case <-ctx.Done():
			return nil, waitError(tableName, ctx.Err(), time.Since(start), last)
		case <-timer.C:
		}
		interval = min(interval*2, maxPoll)
	}
}

func waitError(table string, cause error, waited time.Duration, last string) error {
	if errors.Is(cause, context.DeadlineExceeded) {
		return &Error{Table: table, Err: fmt.Errorf("%w after %s (last seen: %s): %w", ErrTimeout, waited.Round(time.Millisecond), last, cause)}
	}
	return &Error{Table: table, Err: fmt.Errorf("stopped waiting for the table to become active (last seen: %s): %w", last, cause)}
}

// status summarises a table's state: done when the table and all its
// global secondary indexes are ACTIVE, failed when the table will not
// become ACTIVE on its own.
func status(t *types.TableDescription) (state string, done, failed bool) {
	var parts []string
	parts = append(parts, "table "+string(t.TableStatus))
	done = t.TableStatus == types.TableStatusActive
	switch t.TableStatus {
	case types.TableStatusDeleting, types.TableStatusArchiving, types.TableStatusArchived,
		types.TableStatusInaccessibleEncryptionCredentials, types.TableStatusReplicationNotAuthorized:
		failed = true
	}
	for _, g := range t.GlobalSecondaryIndexes {
		if g.IndexStatus != types.IndexStatusActive {
			done = false
			parts = append(parts, fmt.Sprintf("index %s %s", aws.ToString(g.IndexName), g.IndexStatus))
		}
	}
	return strings.Join(parts, ", "), done, failed
}
