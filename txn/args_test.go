package txn_test

import (
	"context"
	"errors"
	"strings"
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

// TestNilBuildersAreTypedErrors: a nil *txn.Write, *txn.Read or
// *update.BatchWriter is an *entity.InputError of rule
// entity.RuleInvalidArgument from every call that returns an error (the
// settings methods on the way return nil); the txn functions that add an
// operation, which return none, panic with that error, naming themselves.
func TestNilBuildersAreTypedErrors(t *testing.T) {
	ctx := context.Background()
	tbl, err := entity.NewTable[Account](inputOnly)
	if err != nil {
		t.Fatal(err)
	}
	key := entity.NewKey("a")
	var w *txn.Write
	var r *txn.Read
	var bw *update.BatchWriter
	calls := map[string]func() error{
		"update.BatchPut":      func() error { return update.BatchPut(bw, tbl, &Account{ID: "a", Owner: "o"}) },
		"update.BatchDelete":   func() error { return update.BatchDelete(bw, tbl, key) },
		"BatchWriter.Run":      func() error { _, err := bw.Run(ctx); return err },
		"BatchWriter settings": func() error { _, err := bw.Concurrency(2).MaxAttempts(3).OnProgress(nil).Run(ctx); return err },
		"Write.Input":          func() error { _, err := w.Input(); return err },
		"Write.Run":            func() error { _, err := w.Run(ctx); return err },
		"Write settings":       func() error { _, err := w.Token("t").RetryConflicts(2).ConsumedCapacity("TOTAL").Run(ctx); return err },
		"Read.Input":           func() error { _, err := r.Input(); return err },
		"Read.Run":             func() error { _, err := r.ConsumedCapacity("TOTAL").Run(ctx); return err },
	}
	for name, call := range calls {
		var err error
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%s on nil: panic %v", name, p)
				}
			}()
			err = call()
		}()
		var ie *entity.InputError
		if !errors.As(err, &ie) || ie.Rule != entity.RuleInvalidArgument || !strings.Contains(ie.Detail, "got nil") {
			t.Errorf("%s on nil: %v, want an *entity.InputError of entity.RuleInvalidArgument", name, err)
		}
	}
	if n := bw.Len(); n != 0 {
		t.Errorf("Len of a nil BatchWriter = %d", n)
	}
	adders := map[string]func(){
		"txn.Put":        func() { txn.Put(w, tbl, &Account{ID: "a", Owner: "o"}) },
		"txn.Create":     func() { txn.Create(w, tbl, &Account{ID: "a", Owner: "o"}) },
		"txn.Replace":    func() { txn.Replace(w, tbl, &Account{ID: "a"}, &Account{ID: "a", Owner: "o"}) },
		"txn.DeleteItem": func() { txn.DeleteItem(w, tbl, &Account{ID: "a"}) },
		"txn.Delete":     func() { txn.Delete(w, tbl, key) },
		"txn.Check":      func() { txn.Check(w, tbl, key, cond.Name("owner").Exists()) },
		"txn.Update":     func() { txn.Update(w, update.New(tbl, key).Set(cond.Name("owner"), "o")) },
		"txn.Get":        func() { txn.Get(r, tbl, key) },
	}
	for name, add := range adders {
		func() {
			defer func() {
				p := recover()
				err, _ := p.(error)
				var ie *entity.InputError
				if !errors.As(err, &ie) || ie.Rule != entity.RuleInvalidArgument || ie.Op != name {
					t.Errorf("%s on a nil builder: panic %v, want an *entity.InputError of entity.RuleInvalidArgument naming %s", name, p, name)
				}
			}()
			add()
		}()
	}
}

// TestNilRequestBuildersAreTypedErrors: the terminal calls of a nil
// *query.Query, *query.Scan, *update.Update, *entity.Get, *entity.Put or
// *entity.Delete return an *entity.InputError of entity.RuleInvalidArgument
// instead of panicking.
func TestNilRequestBuildersAreTypedErrors(t *testing.T) {
	ctx := context.Background()
	var (
		q *query.Query[Account]
		s *query.Scan[Account]
		u *update.Update[Account]
		g *entity.Get[Account]
		p *entity.Put[Account]
		d *entity.Delete[Account]
	)
	first := func(seq func(func(*Account, error) bool)) (err error) {
		for _, e := range seq {
			return e
		}
		return nil
	}
	firstPage := func(seq func(func(*query.Page[Account], error) bool)) (err error) {
		for _, e := range seq {
			return e
		}
		return nil
	}
	calls := map[string]func() error{
		"Query.Input": func() error { _, err := q.Input(); return err },
		"Query.Page":  func() error { _, err := q.Page(ctx); return err },
		"Query.Pages": func() error { return firstPage(q.Pages(ctx)) },
		"Query.Items": func() error { return first(q.Items(ctx)) },
		"Scan.Input":  func() error { _, err := s.Input(); return err },
		"Scan.Page":   func() error { _, err := s.Page(ctx); return err },
		"Scan.Pages":  func() error { return firstPage(s.Pages(ctx)) },
		"Scan.Items":  func() error { return first(s.Items(ctx)) },
		"ParallelScan": func() error {
			_, err := s.ParallelScan(ctx, query.NewScanProgress(2), func(context.Context, int, *query.Page[Account]) error { return nil })
			return err
		},
		"Update.Input": func() error { _, err := u.Input(); return err },
		"Update.Run":   func() error { _, err := u.Run(ctx); return err },
		"Get.Input":    func() error { _, err := g.Input(); return err },
		"Get.Run":      func() error { _, err := g.Run(ctx); return err },
		"Put.Input":    func() error { _, err := p.Input(); return err },
		"Put.Run":      func() error { return p.Run(ctx) },
		"Delete.Input": func() error { _, err := d.Input(); return err },
		"Delete.Run":   func() error { _, err := d.Run(ctx); return err },
	}
	for name, call := range calls {
		var err error
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%s on nil: panic %v", name, p)
				}
			}()
			err = call()
		}()
		var ie *entity.InputError
		if !errors.As(err, &ie) || ie.Rule != entity.RuleInvalidArgument || !strings.Contains(ie.Detail, "got nil") {
			t.Errorf("%s on nil: %v, want an *entity.InputError of entity.RuleInvalidArgument", name, err)
		}
	}
}
