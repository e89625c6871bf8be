package txn_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/txn"
	"github.com/dynamodel/dynamodel/update"
)

// capacityOf returns the units reported for table in ccs, and whether the
// table is there.
func capacityOf(ccs []types.ConsumedCapacity, table string) (float64, bool) {
	for _, cc := range ccs {
		if aws.ToString(cc.TableName) == table {
			return aws.ToFloat64(cc.CapacityUnits), true
		}
	}
	return 0, false
}

// TestTransactionsReportTheirCapacity: write and read transactions asked
// for it report the capacity consumed per table, at least the
// transactional price of one item (2 units), and none when not asked.
// (DynamoDB charges 2 units per item written transactionally; DynamoDB
// Local reports 2 per table, so the bound is per table.)
func TestTransactionsReportTheirCapacity(t *testing.T) {
	ctx := context.Background()
	c, at, ut := setup(t)
	openAccounts(t, c, at, 2, 50)

	w := txn.NewWrite(c).ConsumedCapacity(types.ReturnConsumedCapacityTotal)
	txn.Update(w, update.New(at, entity.NewKey("a00")).Increment(cond.Name("balance"), -10))
	txn.Update(w, update.New(at, entity.NewKey("a01")).Increment(cond.Name("balance"), 10))
	txn.Create(w, ut, &User{ID: "u1", Username: "ana", Email: "ana@example.com"})
	res, err := w.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if units, ok := capacityOf(res.ConsumedCapacity, at.Name()); !ok || units < 2 {
		t.Errorf("write: %v units for %s (reported %v), want at least 2", units, at.Name(), ok)
	}
	// The user and its guard items (username, email) are in the users table.
	if units, ok := capacityOf(res.ConsumedCapacity, ut.Name()); !ok || units < 2 {
		t.Errorf("write: %v units for %s (reported %v), want at least 2", units, ut.Name(), ok)
	}

	r := txn.NewRead(c).ConsumedCapacity(types.ReturnConsumedCapacityTotal)
	txn.Get(r, at, entity.NewKey("a00"))
	txn.Get(r, ut, entity.NewKey("u1"))
	read, err := r.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{at.Name(), ut.Name()} {
		if units, ok := capacityOf(read.ConsumedCapacity, table); !ok || units < 2 {
			t.Errorf("read: %v units for %s (reported %v), want at least 2", units, table, ok)
		}
	}

	w = txn.NewWrite(c)
	txn.Update(w, update.New(at, entity.NewKey("a00")).Increment(cond.Name("balance"), 1))
	if res, err := w.Run(ctx); err != nil || res.ConsumedCapacity != nil {
		t.Errorf("not asked for: %v, %v", res.ConsumedCapacity, err)
	}
}
