package update_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/update"
)

// wantCapacity checks a reported capacity: present, for table, and at
// least min units in all.
func wantCapacity(t *testing.T, what string, cc *types.ConsumedCapacity, table string, min float64) {
	t.Helper()
	switch {
	case cc == nil:
		t.Errorf("%s: no consumed capacity", what)
	case aws.ToString(cc.TableName) != table:
		t.Errorf("%s: capacity of table %q, want %q", what, aws.ToString(cc.TableName), table)
	case aws.ToFloat64(cc.CapacityUnits) < min:
		t.Errorf("%s: %v capacity units, want at least %v", what, aws.ToFloat64(cc.CapacityUnits), min)
	}
}

// TestEveryUpdateReportsItsCapacity: an Update asked for it, Increment and
// WithLock report the capacity DynamoDB consumed, for the table written.
func TestEveryUpdateReportsItsCapacity(t *testing.T) {
	ctx := context.Background()
	tbl, _ := accounts(t)
	seed(t, tbl, "a")

	res, err := update.New(tbl, entity.NewKey("a")).Set(cond.Name("note"), "hi").
		ConsumedCapacity(types.ReturnConsumedCapacityTotal).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantCapacity(t, "Update", res.ConsumedCapacity, tbl.Name(), 1) // a write of a small item: 1 WCU

	res, err = update.New(tbl, entity.NewKey("a")).Set(cond.Name("note"), "again").Run(ctx)
	if err != nil || res.ConsumedCapacity != nil {
		t.Errorf("Update not asked for capacity: %v, %v", res.ConsumedCapacity, err)
	}

	n, err := update.Increment(ctx, tbl, entity.NewKey("a"), cond.Name("orders"), 2)
	if err != nil || n.Value != 3 || n.Requests != 1 || n.UpgradedFrom != 0 {
		t.Fatalf("Increment: %+v, %v", n, err)
	}
	wantCapacity(t, "Increment", n.ConsumedCapacity, tbl.Name(), 1)

	// A strongly consistent read (1 RCU) and a one-item transactional
	// write (2 WCU) per attempt.
	locked, err := update.WithLock(ctx, tbl, entity.NewKey("a"), 3, func(a *Account) error { a.Orders++; return nil })
	if err != nil || locked.Item.Orders != 4 || locked.Requests != 2 {
		t.Fatalf("WithLock: %+v, %v", locked, err)
	}
	wantCapacity(t, "WithLock", locked.ConsumedCapacity, tbl.Name(), 3)
}
