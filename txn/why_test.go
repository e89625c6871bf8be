package txn_test

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
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/txn"
	"github.com/dynamodel/dynamodel/update"
)

// TestCanceledReasonSaysWhichLibraryCheckFailed: a transaction's
// operation carries checks the library adds to its condition (an update's
// entity type, a lock version); when the item DynamoDB returns with the
// cancellation fails one of them, that operation's Reason says which, as
// the same write outside a transaction does: Err is a
// *entity.ConditionFailedError matching entity.ErrConditionFailed (and
// entity.ErrEntityType when the type is the cause), and Message and the
// *CanceledError's text name the check. When the caller's own condition is
// what failed, no library check is named.
func TestCanceledReasonSaysWhichLibraryCheckFailed(t *testing.T) {
	ctx := context.Background()
	c, at, _ := setup(t)
	key := map[string]types.AttributeValue{"id": s("a1")}
	// An Account written by this library at lock version 4.
	atVersion4 := map[string]any{"id": "a1", "_t": "Account", "owner": "o", "balance": 5, "ver": 4}
	tests := []struct {
		name   string
		stored any
		// add adds the operation that fails to w, after an operation
		// that would succeed.
		add        func(w *txn.Write) txn.Op
		entityType bool     // the reason's Err matches entity.ErrEntityType
		exists     bool     // the reason's Err matches entity.ErrAlreadyExists
		says       []string // what Err, Message and the transaction's error name
		saysNot    []string // what they must not blame
	}{
		{
			name:   "update of an unclaimed untyped item",
			stored: accountBeforeLock{ID: "a1", Owner: "other program", Balance: 7},
			add: func(w *txn.Write) txn.Op {
				return txn.Update(w, update.New(at, entity.NewKey("a1")).Set(cond.Name("owner"), "us"))
			},
			entityType: true, says: []string{"entity-type check", "no entity type", "untyped=all"},
		},
		{
			name:   "put with a stale lock version",
			stored: atVersion4,
			add: func(w *txn.Write) txn.Op {
				return txn.Put(w, at, &Account{ID: "a1", Owner: "o", Balance: 6, Version: 3})
			},
			says: []string{"lock version is 4, not 3 as expected"},
		},
		{
			name:   "put of a new item over one another writer stored",
			stored: atVersion4,
			add: func(w *txn.Write) txn.Op {
				return txn.Put(w, at, &Account{ID: "a1", Owner: "o", Balance: 6})
			},
			says: []string{"lock version is 4, not 0 (none yet) as expected"},
		},
		{
			name:   "delete IfVersion of a newer item",
			stored: atVersion4,
			add: func(w *txn.Write) txn.Op {
				return txn.Delete(w, at, entity.NewKey("a1")).IfVersion(3)
			},
			says: []string{"lock version is 4, not 3 as expected"},
		},
		{
			name:   "update IfVersion of a newer item",
			stored: atVersion4,
			add: func(w *txn.Write) txn.Op {
				return txn.Update(w, update.New(at, entity.NewKey("a1")).Set(cond.Name("owner"), "us").IfVersion(2))
			},
			says: []string{"lock version is 4, not 2 as expected"},
		},
		{
			name:   "create over an existing item",
			stored: atVersion4,
			add: func(w *txn.Write) txn.Op {
				return txn.Create(w, at, &Account{ID: "a1", Owner: "o", Balance: 6})
			},
			exists: true, saysNot: []string{"lock version", "entity-type"},
		},
		{
			name:   "the caller's If on a put at the right version",
			stored: atVersion4,
			add: func(w *txn.Write) txn.Op {
				return txn.Put(w, at, &Account{ID: "a1", Owner: "o", Balance: 6, Version: 4}).If(cond.Name("balance").Eq(99))
			},
			saysNot: []string{"lock version", "entity-type"},
		},
		{
			name:   "the caller's If on a delete at the right version",
			stored: atVersion4,
			add: func(w *txn.Write) txn.Op {
				return txn.Delete(w, at, entity.NewKey("a1")).IfVersion(4).If(cond.Name("balance").Eq(99))
			},
			saysNot: []string{"lock version", "entity-type"},
		},
		{
			name:   "the caller's If on an update of a typed item",
			stored: atVersion4,
			add: func(w *txn.Write) txn.Op {
				return txn.Update(w, update.New(at, entity.NewKey("a1")).Set(cond.Name("owner"), "us").If(cond.Name("balance").Eq(99)).IfVersion(4))
			},
			saysNot: []string{"lock version", "entity-type"},
		},
		{
			name:   "the caller's check",
			stored: atVersion4,
			add: func(w *txn.Write) txn.Op {
				return txn.Check(w, at, entity.NewKey("a1"), cond.Name("balance").Eq(99))
			},
			saysNot: []string{"lock version", "entity-type"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stored, err := attributevalue.MarshalMap(tc.stored)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(at.Name()), Item: stored}); err != nil {
				t.Fatal(err)
			}
			w := txn.NewWrite(c)
			fine := txn.Put(w, at, &Account{ID: "other", Owner: "o", Balance: 1})
			failing := tc.add(w)
			_, err = w.Run(ctx)
			if !errors.Is(err, txn.ErrCanceled) || !errors.Is(err, entity.ErrConditionFailed) {
				t.Fatalf("err = %v, want a cancellation by a failed condition", err)
			}
			r, _ := errorsReason(err, failing)
			if r.Code != txn.CodeConditionalCheck || !reflect.DeepEqual(r.Raw, stored) {
				t.Fatalf("reason = %+v, want ConditionalCheckFailed with the stored item", r)
			}
			var cf *entity.ConditionFailedError
			if !errors.As(r.Err, &cf) || !errors.Is(r.Err, entity.ErrConditionFailed) || !reflect.DeepEqual(cf.Raw, stored) || cf.Table != at.Name() || cf.Key != `{id="a1"}` {
				t.Fatalf("reason's Err = %#v, want a *entity.ConditionFailedError of %s {id=\"a1\"} with the stored item", r.Err, at.Name())
			}
			if got := errors.Is(r.Err, entity.ErrEntityType); got != tc.entityType {
				t.Errorf("errors.Is(reason.Err, entity.ErrEntityType) = %v, want %v: %v", got, tc.entityType, r.Err)
			}
			if got := errors.Is(r.Err, entity.ErrAlreadyExists); got != tc.exists {
				t.Errorf("errors.Is(reason.Err, entity.ErrAlreadyExists) = %v, want %v: %v", got, tc.exists, r.Err)
			}
			if got := errors.Is(err, entity.ErrEntityType); got != tc.entityType {
				t.Errorf("errors.Is(Run's error, entity.ErrEntityType) = %v, want %v: %v", got, tc.entityType, err)
			}
			if ok, _ := errorsReason(err, fine); ok.Failed || ok.Err != nil {
				t.Errorf("the operation that did not fail has reason %+v", ok)
			}
			for _, text := range []struct{ what, s string }{{"Err", r.Err.Error()}, {"Message", r.Message}, {"Run's error", err.Error()}} {
				for _, want := range tc.says {
					if !strings.Contains(text.s, want) {
						t.Errorf("%s does not say %q: %s", text.what, want, text.s)
					}
				}
				for _, not := range tc.saysNot {
					if strings.Contains(text.s, not) {
						t.Errorf("%s blames %q although the caller's condition failed: %s", text.what, not, text.s)
					}
				}
			}
			if now := getRaw(t, c, at.Name(), key); !reflect.DeepEqual(now, stored) {
				t.Errorf("the canceled transaction changed the item: %v, was %v", now, stored)
			}
		})
	}
}
