package update

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/argcheck"
	"github.com/dynamodel/dynamodel/internal/backoff"
	"github.com/dynamodel/dynamodel/internal/capacity"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/internal/outcome"
)

// lockBackoff spaces WithLock's attempts: up to 10 ms before the second,
// doubling to at most 320 ms.
var lockBackoff = backoff.Backoff{Base: 10 * time.Millisecond, Max: 320 * time.Millisecond}

// ErrConflict: WithLock gave up after its attempts, each beaten by another
// writer.
var ErrConflict = errors.New("update: too many concurrent changes")

// lostResponseResends bounds how often WithLock sends a write again, with
// its token, after every attempt of the SDK lost its response.
const lostResponseResends = 3

// WithLock is optimistic locking with retries, for changes that need the
// whole item: read it (strongly consistent), let change modify it, write it
// back, on condition that the lock version is still the one read. When
// another writer got there first, it reads again and calls change again, up
// to attempts times, with a short jittered pause between tries. change must
// be safe to call more than once; an error from it stops WithLock and is
// returned. The entity must have a ddb:"lock" field.
//
// The Result holds the item as written (Item) and the capacity every read
// and write consumed, summed over the attempts (ConsumedCapacity; always
// asked for, TOTAL).
//
// A change is never applied twice, even when responses are lost: the write
// is a one-item transaction with a client request token, so when its
// response is lost, the SDK's retry (and WithLock's own resend, if every
// attempt of the SDK lost its response) carries the same token, and
// DynamoDB answers it with the first outcome instead of writing again. This
// costs what a transactional write costs: twice the WCU of a Put. WithLock
// returns an *entity.OutcomeUnknownError (entity.ErrOutcomeUnknown) if a
// write still has no answer after its resends.
//
// Prefer an Update (Set, Increment, Append…) when the change can be
// expressed without reading: it needs no retries.
func WithLock[T any](ctx context.Context, table *entity.Table[T], key entity.Key, attempts int, change func(item *T) error) (*Result[T], error) {
	if err := argcheck.Table("update.WithLock", table); err != nil {
		return nil, err
	}
	if _, ok := model.Of(table.Meta()).LockAttribute(); !ok {
		return nil, at("update.WithLock", table.Name(), "", refusal(RuleNoLock, "%s has no lock version field", table.Meta().TypeName()))
	}
	if attempts < 1 {
		return nil, at("update.WithLock", table.Name(), "", refusal(entity.RuleInvalidArgument, "attempts must be at least 1, got %d", attempts))
	}
	if len(model.Of(table.Meta()).Uniques()) > 0 { // as Put would say
		return nil, &entity.InputError{Op: "update.WithLock", Table: table.Name(), Rule: entity.RuleUnique, Detail: table.Meta().TypeName() + " has unique constraints; write it with the txn package so its guard items stay in step"}
	}
	res := &Result[T]{}
	var last error
	for i := 0; i < attempts; i++ {
		if i > 0 {
			if err := backoff.Sleep(ctx, lockBackoff.Delay(i)); err != nil {
				return nil, err
			}
		}
		var read types.ConsumedCapacity
		item, err := table.Get(key).ConsistentRead().ConsumedCapacity(&read).Run(ctx)
		res.Requests++
		if read.TableName != nil {
			res.ConsumedCapacity = capacity.Add(res.ConsumedCapacity, &read)
		}
		if err != nil {
			return nil, err
		}
		if err := change(item); err != nil {
			return nil, err
		}
		written, sent, err := writeWithToken(ctx, table, item)
		res.Requests += sent
		res.ConsumedCapacity = capacity.Add(res.ConsumedCapacity, written)
		if err == nil {
			res.Item = item
			return res, nil
		}
		// Only a plain conflict is retried: an unknown outcome
		// (entity.ErrOutcomeUnknown) is not a condition failure, and
		// retrying it could apply the change twice.
		if !errors.Is(err, entity.ErrConditionFailed) {
			return nil, err
		}
		last = err
	}
	return nil, fmt.Errorf("%w after %d attempts: %w", ErrConflict, attempts, last)
}

// writeWithToken writes item as Table.Put would (same item, same
// condition), in a one-item transaction whose token makes every resend
// of it idempotent. A false condition, or a conflict with another
// transaction, is returned as a *entity.ConditionFailedError. It returns
// the capacity the transaction consumed for the table, when reported, and
// the number of requests sent (resends included).
func writeWithToken[T any](ctx context.Context, table *entity.Table[T], item *T) (cc *types.ConsumedCapacity, sent int, err error) {
	prep, err := model.TableOf(table).PutRequest(item, false, model.WriteOpts{})
	if err != nil {
		return nil, 0, err
	}
	p := prep.Input
	in := &dynamodb.TransactWriteItemsInput{
		ClientRequestToken:     aws.String(newToken()),
		ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal,
		TransactItems: []types.TransactWriteItem{{Put: &types.Put{
			TableName: p.TableName, Item: p.Item, ConditionExpression: p.ConditionExpression,
			ExpressionAttributeNames: p.ExpressionAttributeNames, ExpressionAttributeValues: p.ExpressionAttributeValues,
			ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
		}}},
	}
	for resend := 0; ; resend++ {
		attempts := new(outcome.Attempts)
		sent++
		out, err := model.TableOf(table).Client.TransactWriteItems(ctx, in, attempts.Track)
		if err == nil {
			prep.Done()
			return tableCapacity(out.ConsumedCapacity, table.Name()), sent, nil
		}
		var canceled *types.TransactionCanceledException
		if errors.As(err, &canceled) {
			// DynamoDB evaluated this token's request and refused it:
			// nothing was written (a token's success is never
			// refused on a resend).
			var current map[string]types.AttributeValue
			if len(canceled.CancellationReasons) == 1 {
				current = canceled.CancellationReasons[0].Item
			}
			return nil, sent, model.TableOf(table).ConditionFailed(p.Item, current, err, prep.Checks)
		}
		if !attempts.MayHaveApplied() {
			return nil, sent, fmt.Errorf("dynamodel: TransactWriteItems %s: %w", table.Name(), err)
		}
		if resend == lostResponseResends || ctx.Err() != nil {
			return nil, sent, model.TableOf(table).OutcomeUnknown("TransactWriteItems", p.Item, err)
		}
	}
}

// tableCapacity is the entry of ccs for table, nil when there is none.
func tableCapacity(ccs []types.ConsumedCapacity, table string) *types.ConsumedCapacity {
	for i := range ccs {
		if aws.ToString(ccs[i].TableName) == table {
			return &ccs[i]
		}
	}
	return nil
}

// newToken returns a client request token: 32 random hex characters.
func newToken() string {
	var b [16]byte
	_, _ = crand.Read(b[:]) // crypto/rand.Read does not fail (Go 1.24+)
	return hex.EncodeToString(b[:])
}
