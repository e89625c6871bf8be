package query_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/query"
)

// Built once, used from every goroutine, as a service keeps its queries in
// package variables.
var (
	sharedQuery *query.Query[Order]
	sharedScan  *query.Scan[Order]
	sharedColl  *query.Query[any]
)

// walkShared pages a shared read from cursor to the end, one page at a
// time, resuming each page with After on the shared value, and returns
// what it read.
func walkShared(ctx context.Context, cursor string, page func(after string) ([]string, string, error)) ([]string, error) {
	var got []string
	for {
		ids, next, err := page(cursor)
		if err != nil {
			return nil, err
		}
		got = append(got, ids...)
		if next == "" {
			return got, nil
		}
		cursor = next
	}
}

// TestSharedBuildersAreSafeAcrossGoroutines: 16 goroutines page one shared
// Query, Scan and collection Query, each with its own cursor (some starting
// mid-way), and also run Input, Pages and Items on them. Every goroutine
// reads exactly what a lone reader reads, and the race detector (go test
// -race) finds no write to the shared builders.
func TestSharedBuildersAreSafeAcrossGoroutines(t *testing.T) {
	ctx := context.Background()
	tbl, _ := ordersFixture(t)
	coll, _ := collFixture(t)
	sharedQuery = byAssignee(tbl).Filter(cond.Name("total").Ge(2)).Project("total").Limit(2).SignCursors([]byte("k"))
	sharedScan = query.NewScan(tbl).Limit(4)
	sharedColl = coll.Query("o-1").Limit(1)

	queryPage := func(after string) ([]string, string, error) {
		q := sharedQuery
		if after != "" {
			q = sharedQuery.After(after)
		}
		p, err := q.Page(ctx)
		if err != nil {
			return nil, "", err
		}
		return ids(p.Items), p.Cursor, nil
	}
	scanPage := func(after string) ([]string, string, error) {
		p, err := sharedScan.After(after).Page(ctx)
		if err != nil {
			return nil, "", err
		}
		out := ids(p.Items)
		slices.Sort(out) // a scan's order is the table's, the same for every reader
		return out, p.Cursor, nil
	}
	collPage := func(after string) ([]string, string, error) {
		p, err := sharedColl.After(after).Page(ctx)
		if err != nil {
			return nil, "", err
		}
		return sortKeys(p.Items), p.Cursor, nil
	}

	// What a lone reader reads, and a cursor half-way for the readers that
	// start there.
	type read struct {
		name string
		page func(string) ([]string, string, error)
		all  []string
		mid  string
		rest []string
	}
	reads := []*read{{name: "query", page: queryPage}, {name: "scan", page: scanPage}, {name: "collection", page: collPage}}
	for _, r := range reads {
		all, err := walkShared(ctx, "", r.page)
		if err != nil {
			t.Fatal(err)
		}
		first, cursor, err := r.page("")
		if err != nil || cursor == "" {
			t.Fatalf("%s: first page %v, cursor %q, %v", r.name, first, cursor, err)
		}
		r.all, r.mid, r.rest = all, cursor, all[len(first):]
		if len(all) < 3 {
			t.Fatalf("%s: %d items; the test needs several pages", r.name, len(all))
		}
	}
	wantInput, err := sharedQuery.Input()
	if err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	errs := make(chan error, 16*8)
	for g := range 16 {
		wg.Go(func() {
			for _, r := range reads {
				start, want := "", r.all
				if g%2 == 1 {
					start, want = r.mid, r.rest
				}
				got, err := walkShared(ctx, start, r.page)
				if err != nil {
					errs <- fmt.Errorf("goroutine %d, %s: %w", g, r.name, err)
					continue
				}
				if !slices.Equal(got, want) {
					errs <- fmt.Errorf("goroutine %d, %s from %q: read %v, want %v", g, r.name, start, got, want)
				}
			}
			in, err := sharedQuery.Input()
			if err != nil || in.ExclusiveStartKey != nil || *in.KeyConditionExpression != *wantInput.KeyConditionExpression {
				errs <- fmt.Errorf("goroutine %d: Input %v, %v", g, in, err)
			}
			var items []string
			for o, err := range sharedQuery.Items(ctx) {
				if err != nil {
					errs <- fmt.Errorf("goroutine %d: Items: %w", g, err)
					return
				}
				items = append(items, o.OrderID)
			}
			if !slices.Equal(items, reads[0].all) {
				errs <- fmt.Errorf("goroutine %d: Items read %v, want %v", g, items, reads[0].all)
			}
			pages := 0
			for _, err := range sharedScan.Pages(ctx) {
				if err != nil {
					errs <- fmt.Errorf("goroutine %d: Pages: %w", g, err)
					return
				}
				pages++
			}
			if pages < 2 {
				errs <- fmt.Errorf("goroutine %d: the scan took %d pages", g, pages)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// The shared values are as they were built: no cursor was left in them.
	if in, err := sharedScan.Input(); err != nil || in.ExclusiveStartKey != nil {
		t.Fatalf("shared scan after use: %v, %v", in.ExclusiveStartKey, err)
	}
	if in, err := sharedColl.Input(); err != nil || in.ExclusiveStartKey != nil {
		t.Fatalf("shared collection query after use: %v, %v", in.ExclusiveStartKey, err)
	}
}
