package txn_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/txn"
)

// accountBeforeLock is Account as written before the model had a lock
// field: no ver at all.
type accountBeforeLock struct {
	ID      string `dynamodbav:"id"`
	Owner   string `dynamodbav:"owner"`
	Balance int64  `dynamodbav:"balance"`
}

// TestVersionZeroTransactsOverAnAdoptedItem: an item another program
// wrote with attributevalue.MarshalMap (ver 0, or no ver) has no lock
// version yet, so a transaction's Put at version 0 and Delete IfVersion(0)
// apply to it, and lose to a writer who advanced the version first.
func TestVersionZeroTransactsOverAnAdoptedItem(t *testing.T) {
	ctx := context.Background()
	c, at, _ := setup(t)
	key := map[string]types.AttributeValue{"id": s("a1")}
	write := func(item any, wantVer types.AttributeValue) {
		t.Helper()
		av, err := attributevalue.MarshalMap(item)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(av["ver"], wantVer) {
			t.Fatalf("attributevalue stored ver = %#v, the test expects %#v", av["ver"], wantVer)
		}
		if _, err := c.Client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(at.Name()), Item: av}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name string
		item any
		ver  types.AttributeValue
	}{
		{"ver 0 by attributevalue", Account{ID: "a1", Owner: "old", Balance: 7}, &types.AttributeValueMemberN{Value: "0"}},
		{"no ver", accountBeforeLock{ID: "a1", Owner: "old", Balance: 7}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			write(tc.item, tc.ver)
			a := &Account{ID: "a1", Owner: "new", Balance: 8}
			w := txn.NewWrite(c)
			txn.Put(w, at, a)
			if _, err := w.Run(ctx); err != nil {
				t.Fatalf("a transaction's Put at version 0 over an item without a version: %v", err)
			}
			if stored := getRaw(t, c, at.Name(), key); a.Version != 1 || !reflect.DeepEqual(stored["ver"], &types.AttributeValueMemberN{Value: "1"}) {
				t.Fatalf("after the Put: version %d, stored %v", a.Version, stored)
			}

			write(tc.item, tc.ver)
			w = txn.NewWrite(c)
			txn.Delete(w, at, entity.NewKey("a1")).IfVersion(0)
			if _, err := w.Run(ctx); err != nil {
				t.Fatalf("a transaction's Delete IfVersion(0) of an item without a version: %v", err)
			}
			if stored := getRaw(t, c, at.Name(), key); stored != nil {
				t.Fatalf("the item is still there: %v", stored)
			}

			// A writer who advanced the version first wins.
			write(tc.item, tc.ver)
			if err := at.Put(&Account{ID: "a1", Owner: "first", Balance: 100}).Run(ctx); err != nil {
				t.Fatal(err)
			}
			w = txn.NewWrite(c)
			txn.Put(w, at, &Account{ID: "a1", Owner: "second", Balance: 1})
			if _, err := w.Run(ctx); !errors.Is(err, entity.ErrConditionFailed) {
				t.Fatalf("a transaction's Put at version 0 after another writer's: %v", err)
			}
		})
	}
}
