package update_test

import (
	"context"
	"errors"
	"reflect"
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
