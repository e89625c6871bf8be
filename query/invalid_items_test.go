package query_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/schema"
)

// A ticket in a support queue. Items written past the library can break
// it three ways: a wrong attribute type, a failed validation, a schema
// version from the future.
type ticket struct {
	entity.Model `ddb:"table=tickets"`
	Queue        string `dynamodbav:"queue" ddb:"pk"`
	ID           string `dynamodbav:"id" ddb:"sk"`
	Tier         string `dynamodbav:"tier" validate:"oneof=standard premium"`
	Seats        int    `dynamodbav:"seats" validate:"min=1"`
}

var ticketMeta = entity.MustRegister[ticket]()

// How each bad ticket of the fixture is broken, and the sentinel its error
// matches.
var badTickets = map[string]struct {
	attr string
	av   types.AttributeValue
	is   error
}{
	"t03": {"seats", &types.AttributeValueMemberS{Value: "many"}, entity.ErrDecode},
	"t06": {"tier", &types.AttributeValueMemberS{Value: "gold"}, entity.ErrValidation},
	"t09": {entity.VersionAttribute, &types.AttributeValueMemberN{Value: "99"}, entity.ErrUnknownVersion},
}

// goodTickets are the other ids of the fixture, in sort order.
var goodTickets = []string{"t01", "t02", "t04", "t05", "t07", "t08", "t10", "t11"}

// ticketFixture fills queue "q" with tickets t01..t11, of which t03, t06 and
// t09 are written with the raw client and broken as badTickets says.
func ticketFixture(t *testing.T) (*entity.Table[ticket], *counting) {
	t.Helper()
	ctx := context.Background()
	client := dynamotest.Client(t)
	name := dynamotest.TableName(t, "tickets")
	dynamotest.DeleteTableOnCleanup(t, client, name)
	if _, err := schema.CreateTable(ctx, client, name, ticketMeta); err != nil {
		t.Fatal(err)
	}
	c := &counting{Client: client}
	tbl, err := entity.NewTable[ticket](c, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 11; i++ {
		id := fmt.Sprintf("t%02d", i)
		bad, isBad := badTickets[id]
		if !isBad {
			if err := tbl.Put(&ticket{Queue: "q", ID: id, Tier: "standard", Seats: i}).Run(ctx); err != nil {
				t.Fatal(err)
			}
			continue
		}
		item := map[string]types.AttributeValue{
			"queue": s("q"), "id": s(id), "tier": s("premium"),
			"seats":                 &types.AttributeValueMemberN{Value: "2"},
			entity.VersionAttribute: &types.AttributeValueMemberN{Value: "1"},
		}
		item[bad.attr] = bad.av
		if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(name), Item: item}); err != nil {
			t.Fatal(err)
		}
	}
	return tbl, c
}

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }

func ticketKey(id string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"queue": s("q"), "id": s(id)}
}

func ticketIDs(items []ticket) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}

// checkInvalid checks that invalid reports exactly the bad tickets ids, in
// that order, each with its table, key and typed error.
func checkInvalid(t *testing.T, table string, invalid []entity.ItemError, ids ...string) {
	t.Helper()
	if len(invalid) != len(ids) {
		t.Fatalf("invalid = %v, want %v", invalid, ids)
	}
	for i, id := range ids {
		e := invalid[i]
		if e.Table != table || !reflect.DeepEqual(e.Key, ticketKey(id)) || !errors.Is(&e, badTickets[id].is) {
			t.Errorf("invalid[%d] = {%s %s %v}, want %s matching %v", i, e.Table, model.FormatKey(e.Key), e.Err, id, badTickets[id].is)
		}
		// The cause keeps its own type and detail.
		var de *entity.DecodeError
		var ve *entity.ValidationError
		switch {
		case errors.As(e.Err, &ve):
			if ve.Key != model.FormatKey(ticketKey(id)) || len(ve.Fields) != 1 || ve.Fields[0].Attribute != badTickets[id].attr {
				t.Errorf("%s: %+v", id, ve)
			}
		case errors.As(e.Err, &de):
			if de.Key != model.FormatKey(ticketKey(id)) || de.Attribute != badTickets[id].attr {
				t.Errorf("%s: %+v", id, de)
			}
		default:
			t.Errorf("%s: error %T %v", id, e.Err, e.Err)
		}
	}
}

// TestStrictPageCarriesGoodItemsAndCursor: a page with a bad item is an
// error that holds the page's good items, every failing key with its error,
// and the cursor; the next page is reached from that cursor and returns the
// rest.
func TestStrictPageCarriesGoodItemsAndCursor(t *testing.T) {
	tbl, c := ticketFixture(t)
	ctx := context.Background()
	q := func() *query.Query[ticket] { return query.New(tbl).Where(query.Attr("queue").Eq("q")).Limit(4) }

	type want struct {
		good, bad []string
		more      bool
	}
	pages := []want{
		{[]string{"t01", "t02", "t04"}, []string{"t03"}, true},
		{[]string{"t05", "t07", "t08"}, []string{"t06"}, true},
		{[]string{"t10", "t11"}, []string{"t09"}, false},
	}
	cursor := ""
	for i, w := range pages {
		page, err := q().After(cursor).Page(ctx)
		var pe *query.PageError[ticket]
		if !errors.As(err, &pe) {
			t.Fatalf("page %d: error = %v, want a *PageError", i, err)
		}
		if pe.Page != page || page == nil {
			t.Fatalf("page %d: the error's page %p is not the page returned %p", i, pe.Page, page)
		}
		for _, id := range w.bad {
			if !errors.Is(err, badTickets[id].is) {
				t.Errorf("page %d: errors.Is(err, %v) = false", i, badTickets[id].is)
			}
		}
		var items *entity.ItemErrors
		if !errors.As(err, &items) || !reflect.DeepEqual(items.Errors, page.Invalid) {
			t.Fatalf("page %d: *entity.ItemErrors = %v", i, items)
		}
		if got := ticketIDs(pe.Page.Items); !slices.Equal(got, w.good) {
			t.Fatalf("page %d: items = %v, want %v", i, got, w.good)
		}
		checkInvalid(t, tbl.Name(), pe.Page.Invalid, w.bad...)
		if pe.Page.Count != len(w.good)+len(w.bad) || (pe.Page.Cursor != "") != w.more {
			t.Fatalf("page %d: count %d cursor %q", i, pe.Page.Count, pe.Page.Cursor)
		}
		cursor = pe.Page.Cursor
	}
	if n := c.queries.Load(); n != 3 {
		t.Fatalf("%d requests, want 3", n)
	}

	// Only the bad items' sentinels match.
	_, err := q().Page(ctx)
	if errors.Is(err, entity.ErrValidation) || errors.Is(err, entity.ErrUnknownVersion) {
		t.Fatalf("first page's error matches the sentinels of other pages' items: %v", err)
	}
	// A page of good items alone is no error.
	if page, err := query.New(tbl).Where(query.Attr("queue").Eq("q"), query.Attr("id").Lt("t03")).Page(ctx); err != nil || len(page.Items) != 2 || page.Invalid != nil {
		t.Fatalf("good page: %v, %+v", err, page)
	}
}

// TestStrictMaxResultsCarriesGoodItems: with MaxResults, a bad item does
// not count, the page goes on to find the number asked for, and the error
// holds every good item, every bad one, and the cursor after the last item.
func TestStrictMaxResultsCarriesGoodItems(t *testing.T) {
	tbl, _ := ticketFixture(t)
	ctx := context.Background()
	q := func() *query.Query[ticket] { return query.New(tbl).Where(query.Attr("queue").Eq("q")).MaxResults(5) }
	page, err := q().Page(ctx)
	var pe *query.PageError[ticket]
	if !errors.As(err, &pe) || pe.Page != page {
		t.Fatalf("error = %v", err)
	}
	if got := ticketIDs(page.Items); !slices.Equal(got, []string{"t01", "t02", "t04", "t05", "t07"}) || page.Cursor == "" {
		t.Fatalf("items = %v, cursor %q", got, page.Cursor)
	}
	checkInvalid(t, tbl.Name(), page.Invalid, "t03", "t06")
	page, err = q().After(page.Cursor).Page(ctx)
	if !errors.As(err, &pe) || pe.Page != page {
		t.Fatalf("error = %v", err)
	}
	if got := ticketIDs(page.Items); !slices.Equal(got, []string{"t08", "t10", "t11"}) || page.Cursor != "" {
		t.Fatalf("items = %v, cursor %q", got, page.Cursor)
	}
	checkInvalid(t, tbl.Name(), page.Invalid, "t09")

	page, err = q().SkipInvalid().Page(ctx)
	if err != nil || !slices.Equal(ticketIDs(page.Items), []string{"t01", "t02", "t04", "t05", "t07"}) {
		t.Fatalf("skipping: %v, %v", err, ticketIDs(page.Items))
	}
	checkInvalid(t, tbl.Name(), page.Invalid, "t03", "t06")
}

// TestSkipInvalidReportsAndGoesOn: in the skipping mode a page has no
// error; it holds the good items, the skipped keys with typed errors, and
// the cursor.
func TestSkipInvalidReportsAndGoesOn(t *testing.T) {
	tbl, _ := ticketFixture(t)
	ctx := context.Background()
	q := query.New(tbl).Where(query.Attr("queue").Eq("q")).Limit(4).SkipInvalid()
	page, err := q.Clone().Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := ticketIDs(page.Items); !slices.Equal(got, []string{"t01", "t02", "t04"}) || page.Cursor == "" || page.Count != 4 {
		t.Fatalf("items = %v, count %d, cursor %q", got, page.Count, page.Cursor)
	}
	checkInvalid(t, tbl.Name(), page.Invalid, "t03")
	page, err = q.Clone().After(page.Cursor).Page(ctx)
	if err != nil || !slices.Equal(ticketIDs(page.Items), []string{"t05", "t07", "t08"}) {
		t.Fatalf("second page: %v, %v", err, ticketIDs(page.Items))
	}
	checkInvalid(t, tbl.Name(), page.Invalid, "t06")
}

// TestIteratorsOverBadItems: strict iterators yield each bad item's error
// in its place and go on when the caller does; stopping at the error sends
// no further request. Skipping iterators yield every good item across
// pages, and Pages reports the skipped ones.
func TestIteratorsOverBadItems(t *testing.T) {
	tbl, c := ticketFixture(t)
	ctx := context.Background()
	q := query.New(tbl).Where(query.Attr("queue").Eq("q")).Limit(4)

	var seen []string
	for it, err := range q.Clone().Items(ctx) {
		if err != nil {
			var ie *entity.ItemError
			if !errors.As(err, &ie) || ie.Table != tbl.Name() {
				t.Fatalf("Items error = %v", err)
			}
			id := ie.Key["id"].(*types.AttributeValueMemberS).Value
			if !errors.Is(err, badTickets[id].is) {
				t.Fatalf("error for %s = %v", id, err)
			}
			seen = append(seen, "!"+id) // the caller decides to go on
			continue
		}
		seen = append(seen, it.ID)
	}
	want := []string{"t01", "t02", "!t03", "t04", "t05", "!t06", "t07", "t08", "!t09", "t10", "t11"}
	if !slices.Equal(seen, want) {
		t.Fatalf("strict Items = %v\nwant            %v", seen, want)
	}

	// A caller that stops at the error stops the walk.
	before := c.queries.Load()
	var got []string
	var stopErr error
	for it, err := range q.Clone().Items(ctx) {
		if err != nil {
			stopErr = err
			break
		}
		got = append(got, it.ID)
	}
	if !errors.Is(stopErr, entity.ErrDecode) || !slices.Equal(got, []string{"t01", "t02"}) || c.queries.Load()-before != 1 {
		t.Fatalf("stopping: %v after %v, %d requests", stopErr, got, c.queries.Load()-before)
	}

	// Strict Pages: each bad page yielded with its *PageError, and on.
	var pagesGood, pagesBad []string
	n := 0
	for page, err := range q.Clone().Pages(ctx) {
		n++
		var pe *query.PageError[ticket]
		if len(page.Invalid) > 0 && (!errors.As(err, &pe) || pe.Page != page) {
			t.Fatalf("page %d: error = %v", n, err)
		}
		pagesGood = append(pagesGood, ticketIDs(page.Items)...)
		for _, e := range page.Invalid {
			pagesBad = append(pagesBad, e.Key["id"].(*types.AttributeValueMemberS).Value)
		}
	}
	if n != 3 || !slices.Equal(pagesGood, goodTickets) || !slices.Equal(pagesBad, []string{"t03", "t06", "t09"}) {
		t.Fatalf("strict Pages: %d pages, %v, bad %v", n, pagesGood, pagesBad)
	}

	// Skipping: all good items across pages, no error.
	got = nil
	for it, err := range q.Clone().SkipInvalid().Items(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, it.ID)
	}
	if !slices.Equal(got, goodTickets) {
		t.Fatalf("skipping Items = %v", got)
	}
	var skipped []entity.ItemError
	for page, err := range q.Clone().SkipInvalid().Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		skipped = append(skipped, page.Invalid...)
	}
	checkInvalid(t, tbl.Name(), skipped, "t03", "t06", "t09")
}

// TestScanOverBadItems: Scan pages as Query does, in both modes.
func TestScanOverBadItems(t *testing.T) {
	tbl, _ := ticketFixture(t)
	ctx := context.Background()
	page, err := query.NewScan(tbl).Limit(4).Page(ctx)
	var pe *query.PageError[ticket]
	if !errors.As(err, &pe) || pe.Page != page || !errors.Is(err, entity.ErrDecode) {
		t.Fatalf("error = %v", err)
	}
	if got := ticketIDs(page.Items); !slices.Equal(got, []string{"t01", "t02", "t04"}) || page.Cursor == "" {
		t.Fatalf("items = %v, cursor %q", got, page.Cursor)
	}
	checkInvalid(t, tbl.Name(), page.Invalid, "t03")
	rest, err := query.NewScan(tbl).Limit(4).After(page.Cursor).Page(ctx)
	if !errors.Is(err, entity.ErrValidation) || !slices.Equal(ticketIDs(rest.Items), []string{"t05", "t07", "t08"}) {
		t.Fatalf("next page: %v, %v", err, ticketIDs(rest.Items))
	}

	var seen []string
	for it, err := range query.NewScan(tbl).Limit(4).Items(ctx) {
		if err != nil {
			var ie *entity.ItemError
			if !errors.As(err, &ie) {
				t.Fatal(err)
			}
			seen = append(seen, "!"+ie.Key["id"].(*types.AttributeValueMemberS).Value)
			continue
		}
		seen = append(seen, it.ID)
	}
	want := []string{"t01", "t02", "!t03", "t04", "t05", "!t06", "t07", "t08", "!t09", "t10", "t11"}
	if !slices.Equal(seen, want) {
		t.Fatalf("strict Items = %v", seen)
	}

	var got []string
	var skipped []entity.ItemError
	for page, err := range query.NewScan(tbl).Limit(4).SkipInvalid().Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ticketIDs(page.Items)...)
		skipped = append(skipped, page.Invalid...)
	}
	if !slices.Equal(got, goodTickets) {
		t.Fatalf("skipping Pages = %v", got)
	}
	checkInvalid(t, tbl.Name(), skipped, "t03", "t06", "t09")
}

// TestParallelScanOverBadItems: a strict parallel scan hands fn the good
// items of a page with bad ones, then stops with the *PageError; resuming
// from its progress goes on after that page, so repeated runs deliver every
// good item once and report every bad one. Skipping, one run does it all.
func TestParallelScanOverBadItems(t *testing.T) {
	tbl, _ := ticketFixture(t)
	ctx := context.Background()
	// More partitions, so that several segments have items.
	for i := range 9 {
		it := &ticket{Queue: fmt.Sprintf("p%d", i), ID: "x", Tier: "standard", Seats: 1}
		if err := tbl.Put(it).Run(ctx); err != nil {
			t.Fatal(err)
		}
	}
	wantGood := slices.Clone(goodTickets)
	for i := range 9 {
		wantGood = append(wantGood, fmt.Sprintf("p%d/x", i))
	}
	sort.Strings(wantGood)

	type seen struct {
		mu   sync.Mutex
		good []string
		bad  []entity.ItemError
	}
	collect := func(into *seen) func(context.Context, int, *query.Page[ticket]) error {
		return func(_ context.Context, _ int, page *query.Page[ticket]) error {
			into.mu.Lock()
			defer into.mu.Unlock()
			for _, it := range page.Items {
				id := it.ID
				if it.Queue != "q" {
					id = it.Queue + "/" + it.ID
				}
				into.good = append(into.good, id)
			}
			into.bad = append(into.bad, page.Invalid...)
			return nil
		}
	}
	badIDs := func(bad []entity.ItemError) []string {
		var out []string
		for _, e := range bad {
			out = append(out, e.Key["id"].(*types.AttributeValueMemberS).Value)
		}
		sort.Strings(out)
		return out
	}

	var strict seen
	scan := query.NewScan(tbl).Limit(2)
	progress, err := scan.ParallelScan(ctx, query.NewScanProgress(3), collect(&strict))
	runs := 1
	for err != nil {
		var pe *query.PageError[ticket]
		if !errors.As(err, &pe) || len(pe.Page.Invalid) == 0 {
			t.Fatalf("run %d: error = %v", runs, err)
		}
		if runs++; runs > 10 {
			t.Fatal("the parallel scan does not get past its bad items")
		}
		progress, err = scan.ParallelScan(ctx, progress, collect(&strict))
	}
	if slices.Contains(progress.Done, false) || runs < 2 {
		t.Fatalf("finished %v after %d runs", !slices.Contains(progress.Done, false), runs)
	}
	sort.Strings(strict.good)
	if !slices.Equal(strict.good, wantGood) || !slices.Equal(badIDs(strict.bad), []string{"t03", "t06", "t09"}) {
		t.Fatalf("strict: good %v\nbad %v", strict.good, badIDs(strict.bad))
	}

	var skipping seen
	progress, err = query.NewScan(tbl).Limit(2).SkipInvalid().ParallelScan(ctx, query.NewScanProgress(3), collect(&skipping))
	if err != nil || slices.Contains(progress.Done, false) {
		t.Fatalf("skipping: %v", err)
	}
	sort.Strings(skipping.good)
	if !slices.Equal(skipping.good, wantGood) {
		t.Fatalf("skipping: good %v", skipping.good)
	}
	for _, e := range skipping.bad {
		id := e.Key["id"].(*types.AttributeValueMemberS).Value
		if !errors.Is(&e, badTickets[id].is) {
			t.Fatalf("skipped %s: %v", id, e.Err)
		}
	}
	if !slices.Equal(badIDs(skipping.bad), []string{"t03", "t06", "t09"}) {
		t.Fatalf("skipping: bad %v", badIDs(skipping.bad))
	}
}

// TestCollectionOverBadItems: an item of an entity type the collection does
// not hold, and items of known types that do not decode or validate, are
// reported with their keys; the other items and the cursor survive.
func TestCollectionOverBadItems(t *testing.T) {
	coll, c := collFixture(t)
	ctx := context.Background()
	put := func(sk, typ string, quantity types.AttributeValue) {
		t.Helper()
		_, err := c.Client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(collTable(coll)), Item: map[string]types.AttributeValue{
			"orderId": s("o-1"), "sk": s(sk), "product": s("cake"), "quantity": quantity,
			entity.TypeAttribute: s(typ), entity.VersionAttribute: &types.AttributeValueMemberN{Value: "1"},
		}})
		if err != nil {
			t.Fatal(err)
		}
	}
	// In sort-key order: INVOICE#1 (bad), ITEM#001, ITEM#002, ITEM#0025
	// (bad), ITEM#003, ITEM#004 (bad), ORDER.
	put("INVOICE#1", "Invoice", &types.AttributeValueMemberN{Value: "1"})
	put("ITEM#0025", "OrderItem", &types.AttributeValueMemberN{Value: "0"})
	put("ITEM#004", "OrderItem", &types.AttributeValueMemberS{Value: "many"})
	badIs := map[string]error{"INVOICE#1": query.ErrUnknownType, "ITEM#0025": entity.ErrValidation, "ITEM#004": entity.ErrDecode}
	checkBad := func(where string, invalid []entity.ItemError, sks ...string) {
		t.Helper()
		if len(invalid) != len(sks) {
			t.Fatalf("%s: invalid = %v, want %v", where, invalid, sks)
		}
		for i, sk := range sks {
			e := invalid[i]
			key := map[string]types.AttributeValue{"orderId": s("o-1"), "sk": s(sk)}
			if e.Table != collTable(coll) || !reflect.DeepEqual(e.Key, key) || !errors.Is(&e, badIs[sk]) {
				t.Errorf("%s: invalid[%d] = %s %v, want %s matching %v", where, i, model.FormatKey(e.Key), e.Err, sk, badIs[sk])
			}
		}
		if len(invalid) > 0 && sks[0] == "INVOICE#1" {
			var ute *query.UnknownTypeError
			if !errors.As(invalid[0].Err, &ute) || ute.Type != "Invoice" || !errors.Is(invalid[0].Err, entity.ErrEntityType) {
				t.Errorf("%s: unknown type error = %v", where, invalid[0].Err)
			}
		}
	}

	type want struct {
		good, bad []string
		more      bool
	}
	pages := []want{
		{[]string{"OrderItem o-1/ITEM#001", "OrderItem o-1/ITEM#002"}, []string{"INVOICE#1"}, true},
		{[]string{"OrderItem o-1/ITEM#003"}, []string{"ITEM#0025", "ITEM#004"}, true},
		{[]string{"Order o-1/ORDER"}, nil, false},
	}
	cursor := ""
	for i, w := range pages {
		page, err := coll.Query("o-1").Limit(3).After(cursor).Page(ctx)
		if w.bad == nil {
			if err != nil {
				t.Fatalf("page %d: %v", i, err)
			}
		} else {
			var pe *query.PageError[any]
			if !errors.As(err, &pe) || pe.Page != page {
				t.Fatalf("page %d: error = %v, want a *PageError[any]", i, err)
			}
		}
		if got := sortKeys(page.Items); !slices.Equal(got, w.good) || (page.Cursor != "") != w.more || page.Count != 3 && w.more {
			t.Fatalf("page %d: items %v, count %d, cursor %q", i, got, page.Count, page.Cursor)
		}
		checkBad(fmt.Sprintf("page %d", i), page.Invalid, w.bad...)
		cursor = page.Cursor
	}

	var good []string
	var skipped []entity.ItemError
	for page, err := range coll.Query("o-1").Limit(3).SkipInvalid().Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		good = append(good, sortKeys(page.Items)...)
		skipped = append(skipped, page.Invalid...)
	}
	if want := []string{"OrderItem o-1/ITEM#001", "OrderItem o-1/ITEM#002", "OrderItem o-1/ITEM#003", "Order o-1/ORDER"}; !slices.Equal(good, want) {
		t.Fatalf("skipping: %v", good)
	}
	checkBad("skipping", skipped, "INVOICE#1", "ITEM#0025", "ITEM#004")

	// Strict Pages yields each bad page with its error and goes on.
	n, failed := 0, 0
	for page, err := range coll.Query("o-1").Limit(3).Pages(ctx) {
		n++
		if err != nil {
			failed++
			if !errors.Is(err, entity.ErrEntityType) && !errors.Is(err, entity.ErrValidation) {
				t.Fatalf("page %d: %v", n, err)
			}
			if page == nil {
				t.Fatalf("page %d: no page with the error", n)
			}
		}
	}
	if n != 3 || failed != 2 {
		t.Fatalf("strict Pages: %d pages, %d with errors", n, failed)
	}
}

// TestBatchGetOverBadItems: one bad item among ten keys takes no other
// item down; strict, BatchGet returns the result with an
// *entity.ItemErrors; skipping, the result alone. Every key is in one
// place.
func TestBatchGetOverBadItems(t *testing.T) {
	tbl, _ := ticketFixture(t)
	ctx := context.Background()
	ids := []string{"t01", "t02", "t04", "t05", "t06", "t07", "t08", "t10", "t11", "t99"}
	ks := make([]entity.Key, len(ids))
	for i, id := range ids {
		ks[i] = entity.NewKey("q", id)
	}
	check := func(mode string, res *query.BatchResult[ticket]) {
		t.Helper()
		wantGood := []string{"t01", "t02", "t04", "t05", "t07", "t08", "t10", "t11"}
		if res == nil || !slices.Equal(ticketIDs(res.Items), wantGood) || len(res.Missing) != 1 || len(res.Unprocessed) != 0 {
			t.Fatalf("%s: result %+v", mode, res)
		}
		if !reflect.DeepEqual(res.Missing[0], entity.NewKey("q", "t99")) {
			t.Fatalf("%s: missing %v", mode, res.Missing)
		}
		checkInvalid(t, tbl.Name(), res.Invalid, "t06")
	}

	res, err := query.NewBatchGet(tbl, ks...).Run(ctx)
	var items *entity.ItemErrors
	var ve *entity.ValidationError
	if !errors.As(err, &items) || !errors.Is(err, entity.ErrValidation) || !errors.As(err, &ve) || errors.Is(err, entity.ErrDecode) {
		t.Fatalf("strict error = %v", err)
	}
	if !reflect.DeepEqual(items.Errors, res.Invalid) {
		t.Fatalf("error's items %v, result's %v", items.Errors, res.Invalid)
	}
	check("strict", res)

	res, err = query.NewBatchGet(tbl, ks...).SkipInvalid().Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	check("skipping", res)

	// A projection that leaves the bad attribute out reads the item.
	res, err = query.NewBatchGet(tbl, ks...).Project("seats").Run(ctx)
	if err != nil || len(res.Items) != 9 || res.Invalid != nil {
		t.Fatalf("projected: %v, %+v", err, res)
	}
}
