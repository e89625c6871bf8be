package txn_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/txn"
	"github.com/dynamodel/dynamodel/update"
)

func TestMisspeltConditionNamesInATransactionAreRefusedBeforeSending(t *testing.T) {
	c, at, _ := setup(t)
	key := entity.NewKey("a00")
	misspelt := cond.Name("balanse").Ge(5)
	tests := map[string]func(w *txn.Write){
		"Check":  func(w *txn.Write) { txn.Check(w, at, key, misspelt) },
		"Put":    func(w *txn.Write) { txn.Put(w, at, &Account{ID: "a00", Owner: "o"}).If(misspelt) },
		"Create": func(w *txn.Write) { txn.Create(w, at, &Account{ID: "a00", Owner: "o"}).If(misspelt) },
		"Delete": func(w *txn.Write) { txn.Delete(w, at, key).If(misspelt) },
		"Replace": func(w *txn.Write) {
			txn.Replace(w, at, &Account{ID: "a00", Owner: "o"}, &Account{ID: "a00", Owner: "p"}).If(misspelt)
		},
		"DeleteItem": func(w *txn.Write) { txn.DeleteItem(w, at, &Account{ID: "a00", Owner: "o", Version: 1}).If(misspelt) },
		"Update": func(w *txn.Write) {
			txn.Update(w, update.New(at, key).Increment(cond.Name("balance"), 1).If(misspelt))
		},
	}
	for name, add := range tests {
		t.Run(name, func(t *testing.T) {
			w := txn.NewWrite(c)
			txn.Put(w, at, &Account{ID: "a01", Owner: "o"})
			add(w)
			before := c.writes.Load()
			_, err := w.Run(context.Background())
			var unknown *entity.InputError
			var unknownCause *model.PathError
			if !errs.HasRule(err, entity.RuleUnknownPath) || !(errors.As(err, &unknown) && errors.As(err, &unknownCause)) {
				t.Fatalf("err = %v, want an *entity.InputError of rule entity.RuleUnknownPath", err)
			}
			if unknown.Attribute != "balanse" || unknown.Table != at.Name() || unknownCause.Entity != "Account" {
				t.Fatalf("error names %q in %q of %q", unknown.Attribute, unknown.Table, unknownCause.Entity)
			}
			if d := c.writes.Load() - before; d != 0 {
				t.Fatalf("%d requests sent", d)
			}
		})
	}
}

func TestCheckOnAnUndeclaredAttribute(t *testing.T) {
	c, at, _ := setup(t)
	ctx := context.Background()
	openAccounts(t, c, at, 2, 50)
	// Other code marks a00 frozen, in an attribute the model lacks.
	if _, err := c.Client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String(at.Name()), Key: map[string]types.AttributeValue{"id": s("a00")},
		UpdateExpression:          aws.String("SET frozen = :t"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":t": &types.AttributeValueMemberBOOL{Value: true}},
	}); err != nil {
		t.Fatal(err)
	}
	transfer := func(from string) error {
		w := txn.NewWrite(c)
		txn.Check(w, at, entity.NewKey(from), cond.Undeclared("frozen").NotExists())
		txn.Update(w, update.New(at, entity.NewKey("a01")).Increment(cond.Name("balance"), 1))
		_, err := w.Run(ctx)
		return err
	}
	if err := transfer("a00"); !errors.Is(err, entity.ErrConditionFailed) {
		t.Fatalf("check on a frozen account: %v, want ErrConditionFailed", err)
	}
	// Deleted if frozen, and opened again unfrozen.
	if _, err := at.Delete(entity.NewKey("a00")).If(cond.Undeclared("frozen").Eq(true)).Run(ctx); err != nil {
		t.Fatal(err)
	}
	if err := at.Create(&Account{ID: "a00", Owner: "o", Balance: 1}).Run(ctx); err != nil {
		t.Fatal(err)
	}
	if err := transfer("a00"); err != nil {
		t.Fatalf("check on an account that is not frozen: %v", err)
	}
	got, err := at.Get(entity.NewKey("a01")).ConsistentRead().Run(ctx)
	if err != nil || got.Balance != 51 {
		t.Fatalf("a01 = %+v, %v; want balance 51 (one transfer of two)", got, err)
	}
}
