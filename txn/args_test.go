package txn_test

import (
	"context"
	"testing"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/txn"
	"github.com/dynamodel/dynamodel/update"
)

// TestNilTablesAreTypedErrors: every call taking a *entity.Table returns an
// *entity.InputError of rule entity.RuleInvalidArgument for a nil one (or one not made
// by NewTable) instead of panicking; builders return it from their
// terminal call.
func TestNilTablesAreTypedErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := entity.NewTable[Account](nil); !errs.HasRule(err, entity.RuleInvalidArgument) {
		t.Errorf("NewTable(nil): %v", err)
	}
	for _, tbl := range []*entity.Table[Account]{nil, {}} {
		key := entity.NewKey("a")
		write := func(add func(w *txn.Write)) error {
			w := txn.NewWrite(inputOnly)
			add(w)
			_, err := w.Input()
			return err
		}
		calls := map[string]func() error{
			"query.New":      func() error { _, err := query.New(tbl).Where(query.Attr("id").Eq("a")).Index("x").Input(); return err },
			"query.NewScan":  func() error { _, err := query.NewScan(tbl).Index("x").Input(); return err },
			"query.BatchGet": func() error { _, err := query.NewBatchGet(tbl, key).Run(ctx); return err },
			"update.New": func() error {
				_, err := update.New(tbl, key).Set(cond.Name("owner"), "o").IfVersion(1).Run(ctx)
				return err
			},
			"update.Increment": func() error { _, err := update.Increment(ctx, tbl, key, cond.Name("balance"), 1); return err },
			"update.WithLock": func() error {
				_, err := update.WithLock(ctx, tbl, key, 1, func(*Account) error { return nil })
				return err
			},
			"update.BatchPut": func() error {
				return update.BatchPut(update.NewBatchWriter(nil), tbl, &Account{ID: "a", Owner: "o"})
			},
			"update.BatchDelete": func() error { return update.BatchDelete(update.NewBatchWriter(nil), tbl, key) },
			"update.BatchPut, then Run": func() error {
				w := update.NewBatchWriter(&client{})
				_ = update.BatchPut(w, tbl, &Account{ID: "a", Owner: "o"})
				_, err := w.Run(ctx)
				return err
			},
			"txn.Put":    func() error { return write(func(w *txn.Write) { txn.Put(w, tbl, &Account{ID: "a", Owner: "o"}) }) },
			"txn.Create": func() error { return write(func(w *txn.Write) { txn.Create(w, tbl, &Account{ID: "a", Owner: "o"}) }) },
			"txn.Replace": func() error {
				return write(func(w *txn.Write) { txn.Replace(w, tbl, &Account{ID: "a"}, &Account{ID: "a", Owner: "o"}) })
			},
			"txn.DeleteItem": func() error { return write(func(w *txn.Write) { txn.DeleteItem(w, tbl, &Account{ID: "a"}) }) },
			"txn.Delete":     func() error { return write(func(w *txn.Write) { txn.Delete(w, tbl, key) }) },
			"txn.Check": func() error {
				return write(func(w *txn.Write) { txn.Check(w, tbl, key, cond.Name("owner").Exists()) })
			},
			"txn.Update": func() error {
				return write(func(w *txn.Write) { txn.Update(w, update.New(tbl, key).Set(cond.Name("owner"), "o")) })
			},
			"txn.Update(nil)": func() error {
				return write(func(w *txn.Write) { txn.Update[Account](w, nil) })
			},
			"txn.Get": func() error {
				r := txn.NewRead(inputOnly)
				op := txn.Get(r, tbl, key)
				if _, err := op.Item(nil); !errs.HasRule(err, entity.RuleInvalidArgument) {
					t.Errorf("GetOp.Item of no result: %v", err)
				}
				_, err := r.Input()
				return err
			},
		}
		for name, call := range calls {
			var err error
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Errorf("%s with table %v: panic %v", name, tbl, p)
					}
				}()
				err = call()
			}()
			if !errs.HasRule(err, entity.RuleInvalidArgument) {
				t.Errorf("%s with table %v: %v, want entity.RuleInvalidArgument", name, tbl, err)
			}
		}
	}
}
