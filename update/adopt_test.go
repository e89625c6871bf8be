package update_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/update"
)

// Purse has a lock version; other programs write it with
// attributevalue.MarshalMap, which stores a zero Version as ver = 0.
type Purse struct {
	entity.Model `ddb:"table=wallets"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Balance      int64  `dynamodbav:"balance"`
	Version      int64  `dynamodbav:"ver" ddb:"lock"`
}

// purseBeforeLock is Purse as written before the model had a lock
// field: no ver at all.
type purseBeforeLock struct {
	ID      string `dynamodbav:"id"`
	Balance int64  `dynamodbav:"balance"`
}

var purseMeta = entity.MustRegister[Purse]()

// adoptedTable creates a table for meta and returns a handle on it and
// a function that stores item (marshalled by attributevalue) as another
// program would.
func adoptedTable[T any](t *testing.T, meta *entity.Meta) (*entity.Table[T], func(item any) map[string]types.AttributeValue) {
	t.Helper()
	client := dynamotest.Client(t)
	name := dynamotest.TableName(t, "adopted")
	dynamotest.DeleteTableOnCleanup(t, client, name)
	if _, err := schema.CreateTable(context.Background(), client, name, meta); err != nil {
		t.Fatal(err)
	}
	tbl, err := entity.NewTable[T](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	write := func(item any) map[string]types.AttributeValue {
		t.Helper()
		av, err := attributevalue.MarshalMap(item)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := client.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(name), Item: av}); err != nil {
			t.Fatal(err)
		}
		return av
	}
	return tbl, write
}

func TestVersionZeroUpdatesAnAdoptedItem(t *testing.T) {
	ctx := context.Background()
	wallets, write := adoptedTable[Purse](t, purseMeta)
	key := entity.NewKey("w1")
	for _, tc := range []struct {
		name string
		item any
		ver  types.AttributeValue
	}{
		{"ver 0 by attributevalue", Purse{ID: "w1", Balance: 7}, n("0")},
		{"no ver", purseBeforeLock{ID: "w1", Balance: 7}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if av := write(tc.item); !reflect.DeepEqual(av["ver"], tc.ver) {
				t.Fatalf("attributevalue stored ver = %#v, the test expects %#v", av["ver"], tc.ver)
			}
			res, err := update.New(wallets, key).Set(cond.Name("balance"), int64(8)).IfVersion(0).
				ReturnValues(types.ReturnValueAllNew).Run(ctx)
			if err != nil {
				t.Fatalf("IfVersion(0) over an item without a version: %v", err)
			}
			if res.Item.Version != 1 || res.Item.Balance != 8 {
				t.Fatalf("after the update: %+v", res.Item)
			}

			write(tc.item)
			res, err = update.WithLock(ctx, wallets, key, 1, func(p *Purse) error { p.Balance += 10; return nil })
			if err != nil {
				t.Fatalf("WithLock over an item without a version: %v", err)
			}
			if res.Item.Version != 1 || res.Item.Balance != 17 {
				t.Fatalf("after WithLock: %+v", res.Item)
			}
			got, err := wallets.Get(key).ConsistentRead().Run(ctx)
			if err != nil || got.Version != 1 || got.Balance != 17 {
				t.Fatalf("stored after WithLock: %+v, %v", got, err)
			}

			// A writer who advanced the version first wins.
			write(tc.item)
			if _, err := update.New(wallets, key).Set(cond.Name("balance"), int64(100)).Run(ctx); err != nil {
				t.Fatal(err)
			}
			_, err = update.New(wallets, key).Set(cond.Name("balance"), int64(1)).IfVersion(0).Run(ctx)
			cur, _ := entity.CurrentItem[Purse](err)
			if !errors.Is(err, entity.ErrConditionFailed) || cur == nil || cur.Version != 1 || cur.Balance != 100 {
				t.Fatalf("IfVersion(0) after another writer's update: %v, current %+v", err, cur)
			}
		})
	}
}

// TestWithLockConflictSaysItWasTheLockVersion: when another writer wins
// between WithLock's read and its write, the error says the lock version
// moved on.
func TestWithLockConflictSaysItWasTheLockVersion(t *testing.T) {
	ctx := context.Background()
	purses, _ := adoptedTable[Purse](t, purseMeta)
	if err := purses.Put(&Purse{ID: "p1", Balance: 1}).Run(ctx); err != nil {
		t.Fatal(err)
	}
	_, err := update.WithLock(ctx, purses, entity.NewKey("p1"), 1, func(p *Purse) error {
		// Another writer gets in first.
		other := *p
		other.Balance = 50
		if err := purses.Put(&other).Run(ctx); err != nil {
			t.Fatal(err)
		}
		p.Balance = 2
		return nil
	})
	var cf *entity.ConditionFailedError
	if !errors.Is(err, update.ErrConflict) || !errors.As(err, &cf) {
		t.Fatalf("err = %v, want ErrConflict with a *entity.ConditionFailedError", err)
	}
	if want := "lock version is 2, not 1"; !strings.Contains(cf.Error(), want) {
		t.Fatalf("the error does not say %q: %v", want, cf)
	}
}

// Issue is a typed model that does not claim untyped items.
type Issue struct {
	entity.Model `ddb:"table=issues,type=Issue"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Subject      string `dynamodbav:"subject"`
	Version      int64  `dynamodbav:"ver" ddb:"lock"`
}

var issueMeta = entity.MustRegister[Issue]()

// ticketRow is a ticket as another program writes it: no _t.
type ticketRow struct {
	ID      string `dynamodbav:"id"`
	Subject string `dynamodbav:"subject"`
}

// invoiceRow is another entity's item under the same key.
type invoiceRow struct {
	ID   string `dynamodbav:"id"`
	Type string `dynamodbav:"_t"`
}

// TestUpdateSaysWhichOfItsOwnConditionsFailed: an update's condition
// includes checks the library adds (the entity type, the lock version);
// when one of them is what failed, the error says which, with what is
// stored, and for the type the remedy, instead of a bare "condition
// failed".
func TestUpdateSaysWhichOfItsOwnConditionsFailed(t *testing.T) {
	ctx := context.Background()
	tickets, write := adoptedTable[Issue](t, issueMeta)
	key := entity.NewKey("t1")
	setSubject := func() *update.Update[Issue] {
		return update.New(tickets, key).Set(cond.Name("subject"), "printer on fire")
	}
	tests := []struct {
		name       string
		stored     any
		run        func() error
		entityType bool     // the error matches entity.ErrEntityType
		says       []string // what the message names
	}{
		{
			name:   "untyped item",
			stored: ticketRow{ID: "t1", Subject: "old"},
			run:    func() error { _, err := setSubject().Run(ctx); return err },
			// The remedy Get gives for such an item.
			entityType: true, says: []string{"entity type", "no entity type", "untyped=all"},
		},
		{
			name:       "untyped item, upsert",
			stored:     ticketRow{ID: "t1", Subject: "old"},
			run:        func() error { _, err := setSubject().Upsert().Run(ctx); return err },
			entityType: true, says: []string{"untyped=all"},
		},
		{
			name:       "another entity's item",
			stored:     invoiceRow{ID: "t1", Type: "Invoice"},
			run:        func() error { _, err := setSubject().Run(ctx); return err },
			entityType: true, says: []string{"entity type", "Invoice"},
		},
		{
			name:   "stale lock version",
			stored: map[string]any{"id": "t1", "_t": "Issue", "subject": "old", "ver": 4},
			run:    func() error { _, err := setSubject().IfVersion(3).Run(ctx); return err },
			says:   []string{"lock version is 4, not 3"},
		},
		{
			name:   "the caller's own condition",
			stored: map[string]any{"id": "t1", "_t": "Issue", "subject": "old", "ver": 4},
			run: func() error {
				_, err := setSubject().If(cond.Name("subject").Eq("new")).IfVersion(4).Run(ctx)
				return err
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			write(tc.stored)
			err := tc.run()
			var cf *entity.ConditionFailedError
			if !errors.As(err, &cf) || !errors.Is(err, entity.ErrConditionFailed) || cf.Raw == nil {
				t.Fatalf("err = %v, want a *entity.ConditionFailedError with the current item", err)
			}
			if got := errors.Is(err, entity.ErrEntityType); got != tc.entityType {
				t.Errorf("errors.Is(err, ErrEntityType) = %v, want %v: %v", got, tc.entityType, err)
			}
			for _, want := range tc.says {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the error does not say %q: %v", want, err)
				}
			}
			if len(tc.says) == 0 && strings.Contains(err.Error(), "lock version") {
				t.Errorf("a failure of the caller's condition blames the lock version: %v", err)
			}
		})
	}
}
