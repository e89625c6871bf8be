package update_test

import (
	"context"
	"errors"
	"math"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/updatex"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/update"
)

type Address struct {
	City string `dynamodbav:"city" validate:"required"`
	Zip  string `dynamodbav:"zip"`
}

type Event struct {
	Kind string `dynamodbav:"kind" validate:"required"`
	N    int    `dynamodbav:"n"`
}

type Account struct {
	entity.Model `ddb:"table=accounts,version=2"`
	ID           string   `dynamodbav:"id" ddb:"pk"`
	Name         string   `dynamodbav:"name" validate:"required,min=2"`
	Orders       int      `dynamodbav:"orders" validate:"gte=0"`
	Balance      int64    `dynamodbav:"balance"`
	Tags         []string `dynamodbav:"tags,stringset,omitempty"`
	Events       []Event  `dynamodbav:"events" validate:"dive"`
	Address      Address  `dynamodbav:"address"`
	Region       string   `dynamodbav:"region,omitempty" ddb:"gsi=ByRegion:pk1"`
	Tier         string   `dynamodbav:"tier,omitempty" ddb:"gsi=ByRegion:pk2"`
	Note         string   `dynamodbav:"note,omitempty"`
	Version      int64    `dynamodbav:"ver" ddb:"lock"`
}

var accountMeta = entity.MustRegister[Account](entity.WithUpgrade(1, func(map[string]types.AttributeValue) error { return nil }))

type counting struct {
	*dynamodb.Client
	updates atomic.Int32
}

func (c *counting) UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, o ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	c.updates.Add(1)
	return c.Client.UpdateItem(ctx, in, o...)
}

func accounts(t *testing.T) (*entity.Table[Account], *counting) {
	t.Helper()
	client := dynamotest.Client(t)
	name := dynamotest.TableName(t, "accounts")
	dynamotest.DeleteTableOnCleanup(t, client, name)
	if _, err := schema.CreateTable(context.Background(), client, name, accountMeta); err != nil {
		t.Fatal(err)
	}
	c := &counting{Client: client}
	tbl, err := entity.NewTable[Account](c, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	return tbl, c
}

func seed(t *testing.T, tbl *entity.Table[Account], id string) *Account {
	t.Helper()
	a := &Account{ID: id, Name: "Ana", Orders: 1, Balance: 100, Tags: []string{"a", "b"},
		Events: []Event{{Kind: "opened", N: 1}}, Address: Address{City: "Lyon", Zip: "69001"}, Region: "eu", Tier: "gold"}
	if err := tbl.Put(a).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return a
}

func raw(t *testing.T, c *counting, tbl *entity.Table[Account], id string) map[string]types.AttributeValue {
	t.Helper()
	out, err := c.Client.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String(tbl.Name()),
		Key: map[string]types.AttributeValue{"id": s(id)}, ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	return out.Item
}

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func n(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }
func l(vs ...types.AttributeValue) types.AttributeValue {
	return &types.AttributeValueMemberL{Value: append([]types.AttributeValue{}, vs...)}
}
func m(kv ...any) types.AttributeValue {
	out := map[string]types.AttributeValue{}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1].(types.AttributeValue)
	}
	return &types.AttributeValueMemberM{Value: out}
}

var key = entity.NewKey

func TestEachActionChangesTheStoredItem(t *testing.T) {
	tbl, c := accounts(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		build func(u *update.Update[Account]) *update.Update[Account]
		check map[string]types.AttributeValue // attribute → stored value (nil: absent)
	}{
		{"set", func(u *update.Update[Account]) *update.Update[Account] { return u.Set(cond.Name("name"), "Bea") },
			map[string]types.AttributeValue{"name": s("Bea")}},
		{"set nested map path", func(u *update.Update[Account]) *update.Update[Account] {
			return u.Set(cond.Name("address").Field("city"), "Paris")
		}, map[string]types.AttributeValue{"address": m("city", s("Paris"), "zip", s("69001"))}},
		{"set list element field", func(u *update.Update[Account]) *update.Update[Account] {
			return u.Set(cond.Name("events").Index(0).Field("kind"), "reopened")
		}, map[string]types.AttributeValue{"events": l(m("kind", s("reopened"), "n", n("1")))}},
		{"set if not exists keeps a value", func(u *update.Update[Account]) *update.Update[Account] {
			return u.SetIfNotExists(cond.Name("name"), "Zed")
		}, map[string]types.AttributeValue{"name": s("Ana")}},
		{"set if not exists fills a gap", func(u *update.Update[Account]) *update.Update[Account] {
			return u.SetIfNotExists(cond.Name("note"), "hello")
		}, map[string]types.AttributeValue{"note": s("hello")}},
		{"append and prepend", func(u *update.Update[Account]) *update.Update[Account] {
			return u.Append(cond.Name("events"), []Event{{Kind: "paid", N: 2}})
		}, map[string]types.AttributeValue{"events": l(m("kind", s("opened"), "n", n("1")), m("kind", s("paid"), "n", n("2")))}},
		{"prepend", func(u *update.Update[Account]) *update.Update[Account] {
			return u.Prepend(cond.Name("events"), []Event{{Kind: "created"}})
		}, map[string]types.AttributeValue{"events": l(m("kind", s("created"), "n", n("0")), m("kind", s("opened"), "n", n("1")))}},
		{"increment", func(u *update.Update[Account]) *update.Update[Account] { return u.Increment(cond.Name("orders"), 5) },
			map[string]types.AttributeValue{"orders": n("6")}},
		{"increment nested number", func(u *update.Update[Account]) *update.Update[Account] {
			return u.Increment(cond.Name("events").Index(0).Field("n"), 2)
		}, map[string]types.AttributeValue{"events": l(m("kind", s("opened"), "n", n("3")))}},
		{"decrement", func(u *update.Update[Account]) *update.Update[Account] { return u.Increment(cond.Name("balance"), -30) },
			map[string]types.AttributeValue{"balance": n("70")}},
		{"add number", func(u *update.Update[Account]) *update.Update[Account] { return u.Add(cond.Name("balance"), 1) },
			map[string]types.AttributeValue{"balance": n("101")}},
		{"add to set", func(u *update.Update[Account]) *update.Update[Account] {
			return u.Add(cond.Name("tags"), []string{"c"})
		},
			map[string]types.AttributeValue{"tags": &types.AttributeValueMemberSS{Value: []string{"a", "b", "c"}}}},
		{"delete from set", func(u *update.Update[Account]) *update.Update[Account] {
			return u.DeleteFromSet(cond.Name("tags"), []string{"a"})
		}, map[string]types.AttributeValue{"tags": &types.AttributeValueMemberSS{Value: []string{"b"}}}},
		{"remove attribute", func(u *update.Update[Account]) *update.Update[Account] { return u.Remove(cond.Name("tier")) },
			map[string]types.AttributeValue{"tier": nil}},
		{"remove list element", func(u *update.Update[Account]) *update.Update[Account] {
			return u.Remove(cond.Name("events").Index(0))
		}, map[string]types.AttributeValue{"events": l()}},
		{"several clauses at once", func(u *update.Update[Account]) *update.Update[Account] {
			return u.Set(cond.Name("name"), "Cy").Remove(cond.Name("tier")).Add(cond.Name("tags"), []string{"z"}).DeleteFromSet(cond.Name("tags"), []string{"a"})
		}, nil},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := "acct-" + string(rune('a'+i))
			seed(t, tbl, id)
			if tt.name == "several clauses at once" {
				// ADD and DELETE on the same set overlap: refused.
				if _, err := tt.build(update.New(tbl, key(id))).Run(ctx); !matches(err, wantRule(update.RuleOverlap)) {
					t.Fatalf("error = %v, want RuleOverlap", err)
				}
				return
			}
			if _, err := tt.build(update.New(tbl, key(id))).Run(ctx); err != nil {
				t.Fatal(err)
			}
			stored := raw(t, c, tbl, id)
			for attr, want := range tt.check {
				got := stored[attr]
				if ss, ok := got.(*types.AttributeValueMemberSS); ok {
					slices.Sort(ss.Value)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s = %#v, want %#v", attr, got, want)
				}
			}
			if !reflect.DeepEqual(stored["ver"], n("2")) || !reflect.DeepEqual(stored["_v"], n("2")) {
				t.Errorf("lock version %v and schema version %v after one update", stored["ver"], stored["_v"])
			}
		})
	}
}

// TestIncrementCountsAMissingNumberAsZero, at the top level (ADD) and
// nested (SET with if_not_exists).
func TestIncrementCountsAMissingNumberAsZero(t *testing.T) {
	tbl, c := accounts(t)
	ctx := context.Background()
	seed(t, tbl, "gap")
	if _, err := update.New(tbl, key("gap")).Remove(cond.Name("orders")).Remove(cond.Name("events").Index(0).Field("n")).Run(ctx); err != nil {
		t.Fatal(err)
	}
	if stored := raw(t, c, tbl, "gap"); stored["orders"] != nil {
		t.Fatalf("orders not removed: %v", stored["orders"])
	}
	if _, err := update.New(tbl, key("gap")).Increment(cond.Name("orders"), 3).Increment(cond.Name("events").Index(0).Field("n"), 4).Run(ctx); err != nil {
		t.Fatal(err)
	}
	stored := raw(t, c, tbl, "gap")
	if !reflect.DeepEqual(stored["orders"], n("3")) || !reflect.DeepEqual(stored["events"], l(m("kind", s("opened"), "n", n("4")))) {
		t.Fatalf("after incrementing missing numbers: orders %v, events %v", stored["orders"], stored["events"])
	}
}

func TestRefusedUpdatesSendNothing(t *testing.T) {
	tbl, c := accounts(t)
	seed(t, tbl, "r1")
	tests := []struct {
		name string
		u    *update.Update[Account]
		is   error
	}{
		{"primary key", update.New(tbl, key("r1")).Set(cond.Name("id"), "r2"), wantRule(update.RuleKeyUpdate)},
		{"schema version", update.New(tbl, key("r1")).Set(cond.Name("_v"), 9), wantRule(update.RuleManaged)},
		{"lock version", update.New(tbl, key("r1")).Set(cond.Name("ver"), 9), wantRule(update.RuleManaged)},
		{"remove required", update.New(tbl, key("r1")).Remove(cond.Name("name")), wantRule(update.RuleRemoveRequired)},
		{"same path twice", update.New(tbl, key("r1")).Set(cond.Name("note"), "a").Set(cond.Name("note"), "b"), wantRule(update.RuleOverlap)},
		{"parent and child", update.New(tbl, key("r1")).Set(cond.Name("address"), Address{City: "X"}).Set(cond.Name("address").Field("zip"), "1"), wantRule(update.RuleOverlap)},
		{"empty", update.New(tbl, key("r1")), wantRule(update.RuleEmpty)},
		{"invalid value", update.New(tbl, key("r1")).Set(cond.Name("name"), "x"), entity.ErrValidation},
		{"invalid struct value", update.New(tbl, key("r1")).Set(cond.Name("address"), Address{}), entity.ErrValidation},
		{"invalid appended element", update.New(tbl, key("r1")).Append(cond.Name("events"), []Event{{}}), entity.ErrValidation},
		{"negative count", update.New(tbl, key("r1")).Set(cond.Name("orders"), -1), entity.ErrValidation},
		{"increment a string", update.New(tbl, key("r1")).Increment(cond.Name("name"), 1), wantRule(update.RuleWrongKind)},
		{"add to a list", update.New(tbl, key("r1")).Add(cond.Name("events"), []Event{{Kind: "x"}}), wantRule(update.RuleWrongKind)},
		{"empty set", update.New(tbl, key("r1")).Add(cond.Name("tags"), []string{}), wantRule(update.RuleEmptyValue)},
		{"empty index key", update.New(tbl, key("r1")).Set(cond.Name("region"), ""), nil},
		{"unknown attribute", update.New(tbl, key("r1")).Set(cond.Name("nope"), 1), wantRule(entity.RuleUnknownPath)},
		{"wrong value type", update.New(tbl, key("r1")).Set(cond.Name("orders"), "many"), nil},
		{"bad key", update.New(tbl, key("")).Set(cond.Name("note"), "x"), wantRule(entity.RuleInvalidKey)},
		{"IfVersion without lock field is fine here", update.New(tbl, key("r1")).IfVersion(0).Remove(cond.Name("nope")), wantRule(entity.RuleUnknownPath)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := c.updates.Load()
			_, err := tt.u.Run(context.Background())
			if err == nil || (tt.is != nil && !matches(err, tt.is)) {
				t.Fatalf("error = %v, want %v", err, tt.is)
			}
			if d := c.updates.Load() - before; d != 0 {
				t.Fatalf("%d requests sent", d)
			}
		})
	}
}

func TestUpdateOnlyByDefaultAndUpsert(t *testing.T) {
	tbl, c := accounts(t)
	ctx := context.Background()
	_, err := update.New(tbl, key("ghost")).Set(cond.Name("name"), "Gus").Run(ctx)
	var cf *entity.ConditionFailedError
	if !errors.As(err, &cf) || cf.Raw != nil {
		t.Fatalf("update of a missing item: %v, want a condition failure without an item", err)
	}
	if raw(t, c, tbl, "ghost") != nil {
		t.Fatal("update created the item")
	}
	// An upsert may create the item, so what it writes must make a valid
	// item on its own: address.city is required.
	before := c.updates.Load()
	_, err = update.New(tbl, key("ghost")).Set(cond.Name("name"), "Gus").Upsert().Run(ctx)
	if !errors.Is(err, entity.ErrValidation) || c.updates.Load() != before {
		t.Fatalf("upsert of an incomplete item: %v", err)
	}
	res, err := update.New(tbl, key("ghost")).Set(cond.Name("name"), "Gus").Increment(cond.Name("orders"), 1).
		Set(cond.Name("address"), Address{City: "Oslo"}).Upsert().ReturnValues(types.ReturnValueAllNew).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Item == nil || res.Item.Name != "Gus" || res.Item.Orders != 1 || res.Item.Version != 1 {
		t.Fatalf("upserted item = %+v", res.Item)
	}
	if stored := raw(t, c, tbl, "ghost"); !reflect.DeepEqual(stored["_v"], n("2")) {
		t.Fatalf("upsert did not stamp the schema version: %v", stored)
	}
}

func TestReturnValuesAndConditions(t *testing.T) {
	tbl, _ := accounts(t)
	ctx := context.Background()
	seed(t, tbl, "rv")
	res, err := update.New(tbl, key("rv")).Increment(cond.Name("orders"), 2).ReturnValues(types.ReturnValueUpdatedNew).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Item.Orders != 3 || res.Item.Name != "" {
		t.Fatalf("UPDATED_NEW = %+v (only updated attributes expected)", res.Item)
	}
	old, err := update.New(tbl, key("rv")).Set(cond.Name("name"), "Bo").ReturnValues(types.ReturnValueAllOld).Run(ctx)
	if err != nil || old.Item.Name != "Ana" || old.Item.Orders != 3 {
		t.Fatalf("ALL_OLD = %+v, %v", old, err)
	}
	_, err = update.New(tbl, key("rv")).Set(cond.Name("note"), "x").If(cond.Name("balance").Gt(1000)).Run(ctx)
	cur, _ := entity.CurrentItem[Account](err)
	if !errors.Is(err, entity.ErrConditionFailed) || cur == nil || cur.Name != "Bo" || cur.Balance != 100 {
		t.Fatalf("failed condition: %v, current %+v", err, cur)
	}
}

func TestIndexKeyChangesMoveTheItem(t *testing.T) {
	tbl, _ := accounts(t)
	ctx := context.Background()
	seed(t, tbl, "g1")
	inIndex := func(region, tier string) bool {
		page, err := query.New(tbl).Index("ByRegion").Where(query.Attr("region").Eq(region), query.Attr("tier").Eq(tier)).Page(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page.Items {
			if a.ID == "g1" {
				return true
			}
		}
		return false
	}
	if !inIndex("eu", "gold") {
		t.Fatal("seeded item not in eu/gold")
	}
	if _, err := update.New(tbl, key("g1")).Set(cond.Name("tier"), "silver").Run(ctx); err != nil {
		t.Fatal(err)
	}
	if inIndex("eu", "gold") || !inIndex("eu", "silver") {
		t.Fatal("changing tier did not move the item between index partitions")
	}
	if _, err := update.New(tbl, key("g1")).Remove(cond.Name("tier")).Run(ctx); err != nil {
		t.Fatal(err)
	}
	if inIndex("eu", "silver") {
		t.Fatal("removing tier did not take the item out of the sparse index")
	}
}

func TestCountersUnderConcurrency(t *testing.T) {
	tbl, _ := accounts(t)
	ctx := context.Background()
	a := seed(t, tbl, "ctr")
	_ = a
	var wg sync.WaitGroup
	errs := make(chan error, 800)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				if _, err := update.Increment(ctx, tbl, key("ctr"), cond.Name("orders"), 1); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, _ := tbl.Get(key("ctr")).ConsistentRead().Run(ctx)
	if got.Orders != 801 {
		t.Fatalf("orders = %d after 800 increments from 1, want 801", got.Orders)
	}

	// A bounded decrement never goes below zero: 10 units, 20 takers.
	if _, err := update.New(tbl, key("ctr")).Set(cond.Name("balance"), 10).Run(ctx); err != nil {
		t.Fatal(err)
	}
	var ok, refused atomic.Int32
	for g := 0; g < 20; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := update.Increment(ctx, tbl, key("ctr"), cond.Name("balance"), -1, update.AtLeast(0))
			switch {
			case err == nil && v.Value >= 0:
				ok.Add(1)
			case errors.Is(err, entity.ErrConditionFailed):
				refused.Add(1)
			default:
				t.Errorf("decrement: %d, %v", v.Value, err)
			}
		}()
	}
	wg.Wait()
	got, _ = tbl.Get(key("ctr")).ConsistentRead().Run(ctx)
	if got.Balance != 0 || ok.Load() != 10 || refused.Load() != 10 {
		t.Fatalf("balance %d after %d decrements and %d refusals", got.Balance, ok.Load(), refused.Load())
	}
	if v, err := update.Increment(ctx, tbl, key("ctr"), cond.Name("balance"), 5, update.AtMost(4)); !errors.Is(err, entity.ErrConditionFailed) {
		t.Fatalf("increment past AtMost: %d, %v", v.Value, err)
	}
}

func TestOptimisticLockingLosesNoUpdate(t *testing.T) {
	tbl, _ := accounts(t)
	ctx := context.Background()
	seed(t, tbl, "lock")
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				_, err := update.WithLock(ctx, tbl, key("lock"), 50, func(a *Account) error {
					a.Balance += 10
					a.Events = append(a.Events, Event{Kind: "deposit", N: len(a.Events)})
					return nil
				})
				if err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	got, _ := tbl.Get(key("lock")).ConsistentRead().Run(ctx)
	if got.Balance != 100+8*5*10 || len(got.Events) != 1+40 || got.Version != 41 {
		t.Fatalf("balance %d, %d events, version %d; want 500, 41, 41", got.Balance, len(got.Events), got.Version)
	}

	// An Update with a stale expected version fails with the current item.
	_, err := update.New(tbl, key("lock")).IfVersion(3).Set(cond.Name("note"), "late").Run(ctx)
	cur, _ := entity.CurrentItem[Account](err)
	if !errors.Is(err, entity.ErrConditionFailed) || cur == nil || cur.Version != 41 {
		t.Fatalf("stale IfVersion: %v, current %+v", err, cur)
	}
	if _, err := update.New(tbl, key("lock")).IfVersion(41).Set(cond.Name("note"), "on time").Run(ctx); err != nil {
		t.Fatal(err)
	}
}

// An update never half-migrates an item of an older schema version: the
// item is upgraded in place first (its own write), then the update applies
// to the current version.
func TestOlderSchemaVersionIsUpgradedNotHalfMigrated(t *testing.T) {
	tbl, c := accounts(t)
	ctx := context.Background()
	// An item written by version 1 of the model.
	if _, err := c.Client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(tbl.Name()), Item: map[string]types.AttributeValue{
		"id": s("old"), "name": s("Olga"), "orders": n("1"), "balance": n("5"), "events": l(), "address": m("city", s("Nice"), "zip", s("06000")), "_v": n("1"),
	}}); err != nil {
		t.Fatal(err)
	}
	res, err := update.New(tbl, key("old")).Increment(cond.Name("orders"), 1).Run(ctx)
	if err != nil || res.UpgradedFrom != 1 || res.Requests != 3 {
		t.Fatalf("update of a version-1 item: %+v, %v", res, err)
	}
	if stored := raw(t, c, tbl, "old"); !reflect.DeepEqual(stored["orders"], n("2")) || !reflect.DeepEqual(stored["_v"], n("2")) || !reflect.DeepEqual(stored["ver"], n("1")) {
		t.Fatalf("stored %v", stored)
	}
	if v, err := update.Increment(ctx, tbl, key("old"), cond.Name("orders"), 1); err != nil || v.Value != 3 {
		t.Fatalf("after the upgrade: %d, %v", v.Value, err)
	}
}

func TestUpdateInput(t *testing.T) {
	tbl, err := entity.NewTable[Account]((*dynamodb.Client)(nil), entity.TableName("offline"))
	if err != nil {
		t.Fatal(err)
	}
	in, err := update.New(tbl, key("a1")).
		Set(cond.Name("name"), "Ana").
		Increment(cond.Name("orders"), 1).
		Append(cond.Name("events"), []Event{{Kind: "x"}}).
		Remove(cond.Name("note")).
		Add(cond.Name("tags"), []string{"t"}).
		If(cond.Name("balance").Ge(0)).
		IfVersion(4).
		Input()
	if err != nil {
		t.Fatal(err)
	}
	// Increment is ADD on a top-level number (missing counts as 0).
	wantExpr := "SET #n0 = :v0, #n2 = list_append(if_not_exists(#n2, :v3), :v2), #n5 = :v5, #n6 = :v6 REMOVE #n3 ADD #n1 :v1, #n4 :v4"
	if got := aws.ToString(in.UpdateExpression); got != wantExpr {
		t.Fatalf("UpdateExpression\n got %q\nwant %q\nnames %v", got, wantExpr, in.ExpressionAttributeNames)
	}
	// The caller's condition, then the library's: the item exists, is at
	// the model's schema version (the value written, :v5), and at the lock
	// version expected.
	wantCond := "(#n8 >= :v8) AND attribute_exists(#n7) AND #n5 = :v5 AND #n6 = :v7"
	if got := aws.ToString(in.ConditionExpression); got != wantCond {
		t.Fatalf("ConditionExpression\n got %q\nwant %q\nnames %v", got, wantCond, in.ExpressionAttributeNames)
	}
	if in.ReturnValuesOnConditionCheckFailure != types.ReturnValuesOnConditionCheckFailureAllOld {
		t.Fatal("a failed condition must return the current item")
	}
	if !reflect.DeepEqual(in.ExpressionAttributeValues[":v6"], n("5")) || !reflect.DeepEqual(in.ExpressionAttributeValues[":v7"], n("4")) {
		t.Fatalf("lock values = %v, %v", in.ExpressionAttributeValues[":v6"], in.ExpressionAttributeValues[":v7"])
	}
	if len(in.ExpressionAttributeValues) != 9 || len(in.ExpressionAttributeNames) != 9 {
		t.Fatalf("%d values, %d names: %v", len(in.ExpressionAttributeValues), len(in.ExpressionAttributeNames), in.ExpressionAttributeValues)
	}

	// The same update with other values reuses its shape: the same
	// expressions, the new values.
	again, err := update.New(tbl, key("a2")).
		Set(cond.Name("name"), "Bo").
		Increment(cond.Name("orders"), 3).
		Append(cond.Name("events"), []Event{{Kind: "y"}}).
		Remove(cond.Name("note")).
		Add(cond.Name("tags"), []string{"u"}).
		If(cond.Name("balance").Ge(0)).
		IfVersion(7).
		Input()
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(again.UpdateExpression) != wantExpr || aws.ToString(again.ConditionExpression) != wantCond ||
		!reflect.DeepEqual(again.ExpressionAttributeNames, in.ExpressionAttributeNames) {
		t.Fatalf("same shape, other expressions: %q %q", aws.ToString(again.UpdateExpression), aws.ToString(again.ConditionExpression))
	}
	if !reflect.DeepEqual(again.ExpressionAttributeValues[":v0"], &types.AttributeValueMemberS{Value: "Bo"}) ||
		!reflect.DeepEqual(again.ExpressionAttributeValues[":v1"], n("3")) ||
		!reflect.DeepEqual(again.ExpressionAttributeValues[":v6"], n("8")) || !reflect.DeepEqual(again.ExpressionAttributeValues[":v7"], n("7")) ||
		!reflect.DeepEqual(again.Key, map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: "a2"}}) {
		t.Fatalf("values of the second update: %v, key %v", again.ExpressionAttributeValues, again.Key)
	}
	// Without IfVersion the shape differs: the lock version is advanced
	// unconditionally.
	auto, err := update.New(tbl, key("a3")).Set(cond.Name("name"), "Cy").Input()
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(auto.UpdateExpression); got != "SET #n0 = :v0, #n1 = :v1 ADD #n2 :v2" {
		t.Fatalf("UpdateExpression without IfVersion = %q", got)
	}
	if got := aws.ToString(auto.ConditionExpression); got != "attribute_exists(#n3) AND #n1 = :v1" {
		t.Fatalf("ConditionExpression without a condition = %q", got)
	}
}

// TestManyActionsKeepTheirOrder: every action is rendered, in the order
// given, however many there are and whatever their kinds.
func TestManyActionsKeepTheirOrder(t *testing.T) {
	tbl, err := entity.NewTable[Account]((*dynamodb.Client)(nil), entity.TableName("offline"))
	if err != nil {
		t.Fatal(err)
	}
	six := func(u *update.Update[Account]) *update.Update[Account] {
		return u.Set(cond.Name("name"), "Ana").Set(cond.Name("region"), "eu").Set(cond.Name("tier"), "gold").
			Set(cond.Name("note"), "n").Set(cond.Name("balance"), 5).Set(cond.Name("orders"), 2)
	}
	for _, tc := range []struct {
		name     string
		build    func(*update.Update[Account]) *update.Update[Account]
		attrs    []string
		wantExpr string
	}{
		{
			name:     "six sets",
			build:    six,
			attrs:    []string{"name", "region", "tier", "note", "balance", "orders"},
			wantExpr: "SET #n0 = :v0, #n1 = :v1, #n2 = :v2, #n3 = :v3, #n4 = :v4, #n5 = :v5, #n6 = :v6 ADD #n7 :v7",
		},
		{
			name: "eight, with a nested set and an add",
			build: func(u *update.Update[Account]) *update.Update[Account] {
				return six(u).Set(cond.Name("address").Field("city"), "Oslo").Add(cond.Name("tags"), []string{"t"})
			},
			attrs:    []string{"name", "region", "tier", "note", "balance", "orders", "address", "tags"},
			wantExpr: "SET #n0 = :v0, #n1 = :v1, #n2 = :v2, #n3 = :v3, #n4 = :v4, #n5 = :v5, #n6.#n7 = :v6, #n9 = :v8 ADD #n8 :v7, #n10 :v9",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := tc.build(update.New(tbl, key("a1")))
			if info, _ := updatex.Of(u); !reflect.DeepEqual(info.Attributes, tc.attrs) {
				got := info.Attributes
				t.Fatalf("Attributes() = %v, want %v", got, tc.attrs)
			}
			in, err := u.Input()
			if err != nil {
				t.Fatal(err)
			}
			if got := aws.ToString(in.UpdateExpression); got != tc.wantExpr {
				t.Fatalf("UpdateExpression\n got %q\nwant %q\nnames %v", got, tc.wantExpr, in.ExpressionAttributeNames)
			}
		})
	}
}

// TestDeltaTypes: a delta may be any Go number that the attribute's type
// holds; it is written as the number it is, and anything else is refused
// before sending. (delta_test.go covers every numeric field type.)
func TestDeltaTypes(t *testing.T) {
	tbl, err := entity.NewTable[Account]((*dynamodb.Client)(nil), entity.TableName("offline"))
	if err != nil {
		t.Fatal(err)
	}
	type myInt int16
	for _, tc := range []struct {
		delta   any
		want    string
		wantErr error
	}{
		{1, "1", nil},
		{-30, "-30", nil},
		{int8(-128), "-128", nil},
		{myInt(7), "7", nil},
		{int64(1) << 62, "4611686018427387904", nil},
		{uint16(65535), "65535", nil},
		{uint64(1)<<63 - 1, "9223372036854775807", nil},
		{-2.0, "-2", nil}, // a whole float is a whole number
		// balance is an int64: what it cannot hold is refused.
		{uint64(1) << 63, "", wantRule(update.RuleWrongKind)},
		{2.5, "", wantRule(update.RuleWrongKind)},
		{float32(0.5), "", wantRule(update.RuleWrongKind)},
		{1e19, "", wantRule(update.RuleWrongKind)},
		{math.NaN(), "", wantRule(cond.RuleInvalidNumber)},
		{math.Inf(1), "", wantRule(cond.RuleInvalidNumber)},
		{math.Inf(-1), "", wantRule(cond.RuleInvalidNumber)},
		{"1", "", wantRule(update.RuleWrongKind)},
		{nil, "", wantRule(update.RuleWrongKind)},
	} {
		for _, op := range []string{"Increment", "Add"} {
			u := update.New(tbl, key("a1"))
			if op == "Increment" {
				u.Increment(cond.Name("balance"), tc.delta)
			} else {
				u.Add(cond.Name("balance"), tc.delta)
			}
			in, err := u.Input()
			if tc.wantErr != nil {
				if !matches(err, tc.wantErr) {
					t.Errorf("%s(%T %v): error %v, want %v", op, tc.delta, tc.delta, err, tc.wantErr)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s(%T %v): %v", op, tc.delta, tc.delta, err)
			}
			if got := in.ExpressionAttributeValues[":v0"]; !reflect.DeepEqual(got, n(tc.want)) {
				t.Errorf("%s(%T %v) writes %#v, want N %s", op, tc.delta, tc.delta, got, tc.want)
			}
		}
	}
}
