package entity_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
)

// Wallet has a lock version; other programs write it with
// attributevalue.MarshalMap, which stores a zero Version as ver = 0.
type Wallet struct {
	entity.Model `ddb:"table=wallets"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Balance      int    `dynamodbav:"balance"`
	Version      int64  `dynamodbav:"ver" ddb:"lock"`
}

// walletBeforeLock is Wallet as a program wrote it before the model had a
// lock field: no ver at all.
type walletBeforeLock struct {
	ID      string `dynamodbav:"id"`
	Balance int    `dynamodbav:"balance"`
}

// adoptedWallets are the stored forms of an item that has no lock version
// yet, as other writers leave them.
var adoptedWallets = []struct {
	name string
	item any
	ver  types.AttributeValue // the ver attribute stored, nil for none
}{
	{"ver 0 by attributevalue", Wallet{ID: "w1", Balance: 7}, n("0")},
	{"no ver", walletBeforeLock{ID: "w1", Balance: 7}, nil},
}

func writeAdopted(t *testing.T, client *dynamodb.Client, table string, item any, wantVer types.AttributeValue) {
	t.Helper()
	av, err := attributevalue.MarshalMap(item)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(av["ver"], wantVer) {
		t.Fatalf("attributevalue stored ver = %#v, the test expects %#v", av["ver"], wantVer)
	}
	rawPut(t, client, table, av)
}

func TestVersionZeroWritesOverAnAdoptedItem(t *testing.T) {
	ctx := context.Background()
	client := dynamotest.Client(t)
	name := simpleTable(t, client, "id")
	wallets, err := entity.NewTable[Wallet](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	key := map[string]types.AttributeValue{"id": s("w1")}
	for _, tc := range adoptedWallets {
		t.Run(tc.name, func(t *testing.T) {
			// Put of an item read with version 0.
			writeAdopted(t, client, name, tc.item, tc.ver)
			w := &Wallet{ID: "w1", Balance: 8}
			if err := wallets.Put(w).Run(ctx); err != nil {
				t.Fatalf("Put at version 0 over an item without a version: %v", err)
			}
			if w.Version != 1 || !reflect.DeepEqual(rawGet(t, client, name, key)["ver"], n("1")) {
				t.Fatalf("after Put: item version %d, stored %v", w.Version, rawGet(t, client, name, key))
			}

			// A Get then Put, as a program reads and writes.
			writeAdopted(t, client, name, tc.item, tc.ver)
			got, err := wallets.Get(entity.NewKey("w1")).ConsistentRead().Run(ctx)
			if err != nil || got.Version != 0 {
				t.Fatalf("Get: %+v, %v", got, err)
			}
			got.Balance++
			if err := wallets.Put(got).Run(ctx); err != nil || got.Version != 1 {
				t.Fatalf("Put of the item read: %v, version %d", err, got.Version)
			}

			// Delete by key at version 0.
			writeAdopted(t, client, name, tc.item, tc.ver)
			if _, err := wallets.Delete(entity.NewKey("w1")).IfVersion(0).Run(ctx); err != nil {
				t.Fatalf("Delete IfVersion(0) of an item without a version: %v", err)
			}
			if item := rawGet(t, client, name, key); item != nil {
				t.Fatalf("the item is still there: %v", item)
			}

			// Create still requires no item at all.
			writeAdopted(t, client, name, tc.item, tc.ver)
			if err := wallets.Create(&Wallet{ID: "w1"}).Run(ctx); !errors.Is(err, entity.ErrAlreadyExists) {
				t.Fatalf("Create over an item without a version: %v, want ErrAlreadyExists", err)
			}
		})
	}
}

func TestVersionZeroStillLosesToAWriterWhoAdvancedIt(t *testing.T) {
	ctx := context.Background()
	client := dynamotest.Client(t)
	name := simpleTable(t, client, "id")
	wallets, err := entity.NewTable[Wallet](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	writeAdopted(t, client, name, Wallet{ID: "w1", Balance: 7}, n("0"))
	mine, err := wallets.Get(entity.NewKey("w1")).ConsistentRead().Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	theirs := *mine
	theirs.Balance = 100
	if err := wallets.Put(&theirs).Run(ctx); err != nil || theirs.Version != 1 {
		t.Fatalf("the other writer's Put: %v, version %d", err, theirs.Version)
	}

	mine.Balance = 1
	err = wallets.Put(mine).Run(ctx)
	cur, _ := entity.CurrentItem[Wallet](err)
	if !errors.Is(err, entity.ErrConditionFailed) || cur == nil || cur.Version != 1 || cur.Balance != 100 {
		t.Fatalf("a Put at version 0 after another writer's: %v, current %+v", err, cur)
	}
	if mine.Version != 0 {
		t.Fatalf("a failed Put changed the version to %d", mine.Version)
	}
	// The error says it was the lock version, not the caller's condition.
	if want := "lock version is 1, not 0 (none yet)"; !strings.Contains(err.Error(), want) {
		t.Fatalf("the error does not say %q: %v", want, err)
	}
	_, err = wallets.Delete(entity.NewKey("w1")).IfVersion(0).Run(ctx)
	if want := "lock version is 1, not 0"; !errors.Is(err, entity.ErrConditionFailed) || !strings.Contains(err.Error(), want) {
		t.Fatalf("a Delete at version 0 after another writer's Put: %v, want ErrConditionFailed saying %q", err, want)
	}
	// At the right version, a false condition is the caller's own.
	theirs.Balance = 5
	err = wallets.Put(&theirs).If(cond.Name("balance").Lt(0)).Run(ctx)
	if !errors.Is(err, entity.ErrConditionFailed) || strings.Contains(err.Error(), "lock version") || errors.Is(err, entity.ErrEntityType) {
		t.Fatalf("a Put whose own condition is false: %v", err)
	}
}
