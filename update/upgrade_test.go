package update_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/update"
)

// Version 1 of the member model stored the whole name in "name"; version 2
// stores "first" and "last" (the upgrade step splits the name), and adds a
// tier whose default is "standard". The writers' own attributes w0…w7 and
// the counter hits exist in both versions.
type Member struct {
	entity.Model `ddb:"table=members,version=2"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	First        string `dynamodbav:"first" validate:"required"`
	Last         string `dynamodbav:"last"`
	Tier         string `dynamodbav:"tier" ddb:"default=standard" validate:"oneof=standard premium"`
	Hits         int    `dynamodbav:"hits"`
	W0           string `dynamodbav:"w0,omitempty"`
	W1           string `dynamodbav:"w1,omitempty"`
	W2           string `dynamodbav:"w2,omitempty"`
	W3           string `dynamodbav:"w3,omitempty"`
	W4           string `dynamodbav:"w4,omitempty"`
	W5           string `dynamodbav:"w5,omitempty"`
	W6           string `dynamodbav:"w6,omitempty"`
	W7           string `dynamodbav:"w7,omitempty"`
}

// LockedMember is Member with a lock version.
type LockedMember struct {
	entity.Model `ddb:"table=members,version=2"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	First        string `dynamodbav:"first" validate:"required"`
	Last         string `dynamodbav:"last"`
	Tier         string `dynamodbav:"tier" ddb:"default=standard" validate:"oneof=standard premium"`
	Hits         int    `dynamodbav:"hits"`
	W0           string `dynamodbav:"w0,omitempty"`
	W1           string `dynamodbav:"w1,omitempty"`
	W2           string `dynamodbav:"w2,omitempty"`
	W3           string `dynamodbav:"w3,omitempty"`
	W4           string `dynamodbav:"w4,omitempty"`
	W5           string `dynamodbav:"w5,omitempty"`
	W6           string `dynamodbav:"w6,omitempty"`
	W7           string `dynamodbav:"w7,omitempty"`
	Ver          int64  `dynamodbav:"ver" ddb:"lock"`
}

// splitName is the step from version 1 to 2. It also makes members that
// version 1 flagged "vip" premium: it reads an attribute it leaves alone.
func splitName(item map[string]types.AttributeValue) error {
	if vip, ok := item["vip"].(*types.AttributeValueMemberBOOL); ok && vip.Value {
		item["tier"] = &types.AttributeValueMemberS{Value: "premium"}
	}
	name, ok := item["name"].(*types.AttributeValueMemberS)
	if !ok {
		return errors.New("no name")
	}
	first, last, _ := strings.Cut(name.Value, " ")
	item["first"] = &types.AttributeValueMemberS{Value: first}
	if last != "" {
		item["last"] = &types.AttributeValueMemberS{Value: last}
	}
	delete(item, "name")
	return nil
}

var (
	memberMeta       = entity.MustRegister[Member](entity.WithUpgrade(1, splitName))
	lockedMemberMeta = entity.MustRegister[LockedMember](entity.WithUpgrade(1, splitName))
)

// requestCounter counts the UpdateItem requests sent through it.
type requestCounter struct {
	*dynamodb.Client
	updates atomic.Int32
}

func (c *requestCounter) UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, o ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	c.updates.Add(1)
	return c.Client.UpdateItem(ctx, in, o...)
}

func memberTable[T any](t *testing.T, meta *entity.Meta) (*entity.Table[T], *requestCounter) {
	t.Helper()
	client := dynamotest.Client(t)
	name := dynamotest.TableName(t, "members")
	dynamotest.DeleteTableOnCleanup(t, client, name)
	if _, err := schema.CreateTable(context.Background(), client, name, meta); err != nil {
		t.Fatal(err)
	}
	c := &requestCounter{Client: client}
	tbl, err := entity.NewTable[T](c, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	return tbl, c
}

// putV1 writes an item as version 1 of the program did, with the SDK:
// stamped "_v" = 1 or, like items written before versions were stamped,
// with no "_v".
func putV1(t *testing.T, c *requestCounter, table, id, name string, stamped bool, extra ...any) {
	t.Helper()
	item := map[string]types.AttributeValue{"id": s(id), "name": s(name), "hits": n("0")}
	if stamped {
		item["_v"] = n("1")
	}
	for i := 0; i < len(extra); i += 2 {
		item[extra[i].(string)] = extra[i+1].(types.AttributeValue)
	}
	if _, err := c.Client.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(table), Item: item}); err != nil {
		t.Fatal(err)
	}
}

func stored(t *testing.T, c *requestCounter, table, id string) map[string]types.AttributeValue {
	t.Helper()
	out, err := c.Client.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String(table), Key: map[string]types.AttributeValue{"id": s(id)}, ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	return out.Item
}

// An update of a version-1 item, with and without "_v", under the
// version-2 model: the stored item ends at version 2 with the step and the
// default applied and the update's change, in three requests (the refused
// first attempt, the upgrade, the update again), all visible in the result.
// An item already at version 2 takes one request.
func TestUpdateUpgradesAnOlderItemFirst(t *testing.T) {
	ctx := context.Background()
	tbl, c := memberTable[Member](t, memberMeta)
	for _, stamped := range []bool{true, false} {
		t.Run(fmt.Sprintf("stamped=%v", stamped), func(t *testing.T) {
			id := fmt.Sprint("old-", stamped)
			putV1(t, c, tbl.Name(), id, "Ada Lovelace", stamped, "legacy", s("kept"))
			before := c.updates.Load()
			res, err := update.New(tbl, entity.NewKey(id)).Set(cond.Name("w3"), "x").Increment(cond.Name("hits"), 2).
				ReturnValues(types.ReturnValueAllNew).ConsumedCapacity(types.ReturnConsumedCapacityTotal).Run(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if sent := c.updates.Load() - before; res.Requests != 3 || sent != 3 || res.UpgradedFrom != 1 {
				t.Fatalf("Requests %d, sent %d, UpgradedFrom %d; want 3, 3, 1", res.Requests, sent, res.UpgradedFrom)
			}
			if res.Item == nil || res.Item.First != "Ada" || res.Item.Last != "Lovelace" || res.Item.Tier != "standard" || res.Item.Hits != 2 || res.Item.W3 != "x" {
				t.Fatalf("returned item %+v", res.Item)
			}
			// Capacity: the upgrade write and the update again each
			// report theirs (the refused attempt's is not reported).
			if cc := res.ConsumedCapacity; cc == nil || aws.ToFloat64(cc.CapacityUnits) < 2 {
				t.Fatalf("consumed capacity %+v, want the sum of two writes", cc)
			}
			want := map[string]types.AttributeValue{
				"id": s(id), "first": s("Ada"), "last": s("Lovelace"), "tier": s("standard"), "hits": n("2"), "w3": s("x"),
				"legacy": s("kept"), "_v": n("2"),
			}
			if got := stored(t, c, tbl.Name(), id); !reflect.DeepEqual(got, want) {
				t.Fatalf("stored item\n%v\nwant\n%v", got, want)
			}

			// Now current: one request.
			before = c.updates.Load()
			res, err = update.New(tbl, entity.NewKey(id)).Increment(cond.Name("hits"), 1).Run(ctx)
			if err != nil || res.Requests != 1 || res.UpgradedFrom != 0 || c.updates.Load()-before != 1 {
				t.Fatalf("update of a current item: %v, %+v, %d requests", err, res, c.updates.Load()-before)
			}
		})
	}

	// The package function Increment upgrades too.
	putV1(t, c, tbl.Name(), "counter", "Bo", false)
	if v, err := update.Increment(ctx, tbl, entity.NewKey("counter"), cond.Name("hits"), 5); err != nil || v.Value != 5 || v.UpgradedFrom != 1 || v.Requests != 3 {
		t.Fatalf("Increment of a version-1 item: %d, %v", v.Value, err)
	}
	if got := stored(t, c, tbl.Name(), "counter"); !reflect.DeepEqual(got["_v"], n("2")) || !reflect.DeepEqual(got["first"], s("Bo")) || got["name"] != nil {
		t.Fatalf("after Increment: %v", got)
	}
}

// An update's own condition still decides after the upgrade: an old item
// whose condition is false is upgraded (the upgrade changes what the item
// is stored as, not what it reads as) and the update refused with the
// current item; a missing item is refused as before.
func TestUpdateOfAnOlderItemStillChecksItsCondition(t *testing.T) {
	ctx := context.Background()
	tbl, c := memberTable[Member](t, memberMeta)
	putV1(t, c, tbl.Name(), "a", "Ada Lovelace", true)
	_, err := update.New(tbl, entity.NewKey("a")).Set(cond.Name("w0"), "x").If(cond.Name("hits").Gt(5)).Run(ctx)
	cur, _ := entity.CurrentItem[Member](err)
	if !errors.Is(err, entity.ErrConditionFailed) || cur == nil || cur.First != "Ada" {
		t.Fatalf("false condition on an old item: %v, current %+v", err, cur)
	}
	if got := stored(t, c, tbl.Name(), "a"); got["w0"] != nil || !reflect.DeepEqual(got["_v"], n("2")) {
		t.Fatalf("stored %v", got)
	}
	if _, err := update.New(tbl, entity.NewKey("none")).Set(cond.Name("w0"), "x").Run(ctx); !errors.Is(err, entity.ErrConditionFailed) {
		t.Fatalf("missing item: %v", err)
	}
}

// An item of a newer version than the model (written by a newer program)
// is refused with an *entity.UpgradeError naming both versions, matching
// entity.ErrUnknownVersion, after the one refused request; an old item
// whose upgrade does not read back (its step fails, or it fails
// validation) is refused the same way, and nothing is written.
func TestUpdateRefusesWhatItCannotUpgrade(t *testing.T) {
	ctx := context.Background()
	tbl, c := memberTable[Member](t, memberMeta)
	putV1(t, c, tbl.Name(), "future", "Ada Lovelace", false, "_v", n("3"), "first", s("Ada"))
	putV1(t, c, tbl.Name(), "badtier", "Ada Lovelace", true, "tier", s("gold"))
	noName := map[string]types.AttributeValue{"id": s("noname"), "_v": n("1")}
	if _, err := c.Client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(tbl.Name()), Item: noName}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id     string
		stored int
		is     error
	}{
		{"future", 3, entity.ErrUnknownVersion},
		{"badtier", 1, entity.ErrValidation},
		{"noname", 1, entity.ErrDecode},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			before := stored(t, c, tbl.Name(), tt.id)
			sent := c.updates.Load()
			_, err := update.New(tbl, entity.NewKey(tt.id)).Set(cond.Name("w0"), "x").Run(ctx)
			var ue *entity.UpgradeError
			if !errors.As(err, &ue) || ue.Stored != tt.stored || ue.Model != 2 || ue.Table != tbl.Name() || ue.Key != `{id="`+tt.id+`"}` {
				t.Fatalf("error %v (%#v), want an UpgradeError from %d to 2", err, ue, tt.stored)
			}
			if !errors.Is(err, tt.is) {
				t.Fatalf("error %v does not match %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), fmt.Sprintf("version %d", tt.stored)) || !strings.Contains(err.Error(), "version 2") {
				t.Fatalf("message %q does not say both versions", err)
			}
			if n := c.updates.Load() - sent; n != 1 {
				t.Fatalf("%d requests, want the one refused", n)
			}
			if after := stored(t, c, tbl.Name(), tt.id); !reflect.DeepEqual(after, before) {
				t.Fatalf("item changed: %v, was %v", after, before)
			}
		})
	}
}

// The bar: version-1 items (with and without "_v") updated under the
// version-2 model by 8 concurrent writers, each setting its own attribute
// and incrementing a shared counter, while a writer of the version-1
// program keeps renaming the items and counting with its own version-1
// condition. Every item ends at version 2, upgraded from its latest name,
// with every writer's attribute, every increment of ours and every
// version-1 write that succeeded; with a lock version, the lock counts the
// updates exactly (the upgrade leaves it alone).
func TestConcurrentUpdatesOfOlderItemsLoseNothing(t *testing.T) {
	t.Run("plain", func(t *testing.T) { concurrentUpgrades[Member](t, memberMeta, false) })
	t.Run("locked", func(t *testing.T) { concurrentUpgrades[LockedMember](t, lockedMemberMeta, true) })
}

func concurrentUpgrades[T any](t *testing.T, meta *entity.Meta, locked bool) {
	ctx := context.Background()
	tbl, c := memberTable[T](t, meta)
	const items, writers, each = 4, 8, 5
	for i := 0; i < items; i++ {
		putV1(t, c, tbl.Name(), fmt.Sprint("m", i), "Name0 Zero", i%2 == 0)
	}
	var wg sync.WaitGroup
	var upgraded atomic.Int32
	errs := make(chan error, writers*items*each+items*100)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < each; j++ {
				for i := 0; i < items; i++ {
					res, err := update.New(tbl, entity.NewKey(fmt.Sprint("m", i))).
						Set(cond.Name(fmt.Sprint("w", w)), fmt.Sprint("v", j)).
						Increment(cond.Name("hits"), 1).Run(ctx)
					if err != nil {
						errs <- fmt.Errorf("writer %d: %w", w, err)
						continue
					}
					if res.UpgradedFrom != 0 {
						upgraded.Add(1)
					}
				}
			}
		}()
	}
	// The version-1 program: renames and counts while items are at
	// version 1, with its own condition; its writes fail once an item
	// is at version 2.
	lastName := make([]string, items)
	oldHits := make([]int, items)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for k := 1; k <= 30; k++ {
			for i := 0; i < items; i++ {
				name := fmt.Sprintf("Name%d Old%d", k, i)
				_, err := c.Client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
					TableName: aws.String(tbl.Name()), Key: map[string]types.AttributeValue{"id": s(fmt.Sprint("m", i))},
					UpdateExpression:          aws.String("SET #name = :name ADD hits :one"),
					ConditionExpression:       aws.String("attribute_not_exists(#v) OR #v = :one"),
					ExpressionAttributeNames:  map[string]string{"#name": "name", "#v": "_v"},
					ExpressionAttributeValues: map[string]types.AttributeValue{":name": s(name), ":one": n("1")},
				})
				var ccf *types.ConditionalCheckFailedException
				switch {
				case err == nil:
					lastName[i] = name
					oldHits[i]++
				case errors.As(err, &ccf):
				default:
					errs <- err
				}
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if upgraded.Load() == 0 {
		t.Fatal("no update reported an upgrade")
	}
	for i := 0; i < items; i++ {
		got := stored(t, c, tbl.Name(), fmt.Sprint("m", i))
		first, last := "Name0", "Zero"
		if lastName[i] != "" {
			first, last, _ = strings.Cut(lastName[i], " ")
		}
		want := map[string]types.AttributeValue{
			"id": s(fmt.Sprint("m", i)), "_v": n("2"), "first": s(first), "last": s(last), "tier": s("standard"),
			"hits": n(fmt.Sprint(writers*each + oldHits[i])),
		}
		for w := 0; w < writers; w++ {
			want[fmt.Sprint("w", w)] = s(fmt.Sprint("v", each-1))
		}
		if locked {
			want["ver"] = n(fmt.Sprint(writers * each))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("item m%d\n%v\nwant\n%v", i, got, want)
		}
	}
	t.Logf("%d updates reported an upgrade; version-1 writes kept per item: %v", upgraded.Load(), oldHits)
}

// With a lock version: an item read (upgraded on read) at lock version n
// is updated with IfVersion(n) although it is stored at version 1, since
// the upgrade does not advance the lock; WithLock, which reads and Puts
// the whole item, works on an old item as it is.
func TestLockedUpdatesOfAnOlderItem(t *testing.T) {
	ctx := context.Background()
	tbl, c := memberTable[LockedMember](t, lockedMemberMeta)
	putV1(t, c, tbl.Name(), "a", "Ada Lovelace", true, "ver", n("4"))
	got, err := tbl.Get(entity.NewKey("a")).Run(ctx)
	if err != nil || got.Ver != 4 || got.First != "Ada" {
		t.Fatalf("Get: %+v, %v", got, err)
	}
	res, err := update.New(tbl, entity.NewKey("a")).IfVersion(got.Ver).Set(cond.Name("tier"), "premium").Run(ctx)
	if err != nil || res.UpgradedFrom != 1 {
		t.Fatalf("IfVersion on an old item: %+v, %v", res, err)
	}
	if st := stored(t, c, tbl.Name(), "a"); !reflect.DeepEqual(st["ver"], n("5")) || !reflect.DeepEqual(st["tier"], s("premium")) || !reflect.DeepEqual(st["_v"], n("2")) {
		t.Fatalf("stored %v", st)
	}

	putV1(t, c, tbl.Name(), "b", "Bo Old", false)
	locked, err := update.WithLock(ctx, tbl, entity.NewKey("b"), 3, func(m *LockedMember) error { m.Hits += 7; return nil })
	if err != nil {
		t.Fatalf("WithLock on an old item: %v", err)
	}
	if after := locked.Item; after.Hits != 7 {
		t.Fatalf("WithLock on an old item: %+v, %v", after, err)
	}
	if st := stored(t, c, tbl.Name(), "b"); !reflect.DeepEqual(st["_v"], n("2")) || !reflect.DeepEqual(st["first"], s("Bo")) || st["name"] != nil || !reflect.DeepEqual(st["hits"], n("7")) {
		t.Fatalf("stored %v", st)
	}
}

// Lost responses: when the upgrade write's response is lost, the SDK sends
// it again and that attempt finds the item upgraded (by the first), which
// counts as done; the update then runs once.
func TestUpgradeWhoseResponseWasLost(t *testing.T) {
	ctx := context.Background()
	plain, c := memberTable[Member](t, memberMeta)
	// The second UpdateItem is the upgrade write: lose its response.
	fc, faults := dynamotest.FaultClient(t, dynamotest.FaultPlan{Operations: []string{"UpdateItem"}, Script: []dynamotest.Fault{dynamotest.Pass, dynamotest.LoseResponse}})
	tbl, err := entity.NewTable[Member](fc, entity.TableName(plain.Name()))
	if err != nil {
		t.Fatal(err)
	}
	putV1(t, c, tbl.Name(), "a", "Ada Lovelace", true)
	res, err := update.New(tbl, entity.NewKey("a")).Set(cond.Name("w1"), "x").Run(ctx)
	if err != nil || res.UpgradedFrom != 1 {
		t.Fatalf("update with the upgrade's response lost: %+v, %v", res, err)
	}
	if st := faults.Stats(); st.Injected[dynamotest.LoseResponse] != 1 {
		t.Fatalf("fault stats %+v", st)
	}
	if got := stored(t, c, tbl.Name(), "a"); !reflect.DeepEqual(got["w1"], s("x")) || !reflect.DeepEqual(got["_v"], n("2")) || !reflect.DeepEqual(got["first"], s("Ada")) {
		t.Fatalf("stored %v", got)
	}
}

// interposer runs before, once, ahead of the UpdateItem request number at
// (counting from 1): a write by another program at the worst moment.
type interposer struct {
	*dynamodb.Client
	calls  atomic.Int32
	at     int32
	before func()
}

func (c *interposer) UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, o ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	if c.calls.Add(1) == c.at {
		c.before()
	}
	return c.Client.UpdateItem(ctx, in, o...)
}

// A version-1 write between the refused attempt and the upgrade write
// makes the upgrade write fail its condition; the upgrade is then worked
// out again from the item as it is now. The version-1 write here sets an
// attribute the upgrade step reads but does not change ("vip"): an upgrade
// write conditioned only on the attributes it changes would have stored
// the tier computed from the item before that write.
func TestUpgradeRedoneAfterAConcurrentOlderWrite(t *testing.T) {
	ctx := context.Background()
	plain, c := memberTable[Member](t, memberMeta)
	putV1(t, c, plain.Name(), "a", "Ada Lovelace", true)
	v1Write := func() {
		_, err := c.Client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName: aws.String(plain.Name()), Key: map[string]types.AttributeValue{"id": s("a")},
			UpdateExpression:          aws.String("SET vip = :t ADD hits :one"),
			ConditionExpression:       aws.String("attribute_not_exists(#v) OR #v = :one"),
			ExpressionAttributeNames:  map[string]string{"#v": "_v"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":t": &types.AttributeValueMemberBOOL{Value: true}, ":one": n("1")},
		})
		if err != nil {
			t.Error(err)
		}
	}
	ic := &interposer{Client: c.Client, at: 2, before: v1Write}
	tbl, err := entity.NewTable[Member](ic, entity.TableName(plain.Name()))
	if err != nil {
		t.Fatal(err)
	}
	res, err := update.New(tbl, entity.NewKey("a")).Increment(cond.Name("hits"), 1).Run(ctx)
	if err != nil || res.UpgradedFrom != 1 || res.Requests != 4 {
		t.Fatalf("%+v, %v; want 4 requests: refused, upgrade refused, upgrade, update", res, err)
	}
	want := map[string]types.AttributeValue{
		"id": s("a"), "_v": n("2"), "first": s("Ada"), "last": s("Lovelace"), "tier": s("premium"),
		"vip": &types.AttributeValueMemberBOOL{Value: true}, "hits": n("2"),
	}
	if got := stored(t, c, plain.Name(), "a"); !reflect.DeepEqual(got, want) {
		t.Fatalf("stored\n%v\nwant\n%v", got, want)
	}
}
