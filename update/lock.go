package update

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/argcheck"
	"github.com/dynamodel/dynamodel/internal/backoff"
)

// lockBackoff spaces WithLock's attempts: up to 10 ms before the second,
// doubling to at most 320 ms.
var lockBackoff = backoff.Backoff{Base: 10 * time.Millisecond, Max: 320 * time.Millisecond}

// ErrConflict: WithLock gave up after its attempts, each beaten by another
// writer.
var ErrConflict = errors.New("update: too many concurrent changes")

// WithLock is optimistic locking with retries, for changes that need the
// whole item: read it (strongly consistent), let change modify it, write it
// back with Put, which succeeds only if the lock version is still the one
// read. When another writer got there first, it reads again and calls change
// again, up to attempts times, with a short jittered pause between tries.
// change must be safe to call more than once; an error from it stops
// WithLock and is returned. The entity must have a ddb:"lock" field.
//
// Prefer an Update (Set, Increment, Append…) when the change can be
// expressed without reading: it needs no retries.
func WithLock[T any](ctx context.Context, table *entity.Table[T], key entity.Key, attempts int, change func(item *T) error) (*T, error) {
	if err := argcheck.Table("update.WithLock", table); err != nil {
		return nil, err
	}
	if _, ok := table.Meta().LockAttribute(); !ok {
		return nil, fmt.Errorf("%w: %s has no lock version field", ErrInvalidArgument, table.Meta().TypeName())
	}
	if attempts < 1 {
		return nil, fmt.Errorf("%w: attempts must be at least 1", ErrInvalidArgument)
	}
	var last error
	for i := 0; i < attempts; i++ {
		if i > 0 {
			if err := backoff.Sleep(ctx, lockBackoff.Delay(i)); err != nil {
				return nil, err
			}
		}
		item, err := table.Get(ctx, key, entity.ConsistentRead())
		if err != nil {
			return nil, err
		}
		if err := change(item); err != nil {
			return nil, err
		}
		err = table.Put(ctx, item)
		if err == nil {
			return item, nil
		}
		if !errors.Is(err, entity.ErrConditionFailed) {
			return nil, err
		}
		last = err
	}
	return nil, fmt.Errorf("%w after %d attempts: %w", ErrConflict, attempts, last)
}
