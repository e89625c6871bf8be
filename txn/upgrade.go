package txn

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/capacity"
	"github.com/dynamodel/dynamodel/internal/upgrade"
)

// A transaction's Update requires, as outside a transaction, that the item
// is at the model's schema version, so a transaction never half-migrates
// an item. When a transaction is canceled only because Updates met items
// of older versions (DynamoDB returns them with the cancellation), Run
// upgrades each in place with the write update.Run uses (package
// internal/upgrade: an UpdateItem of the attributes the upgrade changes,
// on condition that the item is still as returned) and sends the same
// transaction again with the same token, like a retry of RetryConflicts:
// a canceled request applied nothing, and a resend is evaluated afresh.
// The upgrade writes are outside the transaction: they change how the
// items are stored, not what they read as, so no other operation depends
// on them.

// maxUpgradeRounds bounds how often Run upgrades items and sends the
// transaction again.
const maxUpgradeRounds = 3

// staleUpdates returns the indexes of the Update operations canceled by a
// false condition against an item of another schema version, when they
// are the only reason for the cancellation; otherwise none.
func (w *Write) staleUpdates(ce *CanceledError) []int {
	var stale []int
	for i, r := range ce.Reasons {
		if !r.Failed {
			continue
		}
		o := &w.ops[i]
		if o.kind != KindUpdate || o.meta == nil || r.Code != CodeConditionalCheck || len(r.Raw) == 0 || upgrade.Current(o.meta, r.Raw) {
			return nil
		}
		stale = append(stale, i)
	}
	return stale
}

// upgrade brings the items of the stale operations to their model's
// version. It reports false when they cannot be upgraded this way (an item
// of another entity type): the cancellation then stands.
func (w *Write) upgrade(ctx context.Context, ce *CanceledError, stale []int, res *WriteResult) (bool, error) {
	for _, i := range stale {
		o := &w.ops[i]
		up, err := upgrade.Item(ctx, w.client, o.meta, o.table, ce.Reasons[i].Raw, w.capacity)
		res.Upgrades += up.Requests
		res.ConsumedCapacity = addTableCapacity(res.ConsumedCapacity, up.Capacity)
		if errors.Is(err, upgrade.ErrOtherType) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
	}
	return true, nil
}

// addTableCapacity adds c to the entry of its table in list.
func addTableCapacity(list []types.ConsumedCapacity, c *types.ConsumedCapacity) []types.ConsumedCapacity {
	if c == nil {
		return list
	}
	for i := range list {
		if aws.ToString(list[i].TableName) == aws.ToString(c.TableName) {
			capacity.Add(&list[i], c)
			return list
		}
	}
	return append(list, *capacity.Add(nil, c))
}
