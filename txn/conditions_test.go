package txn_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/txn"
	"github.com/dynamodel/dynamodel/update"
)

// condition is the condition part of a transaction's operation.
type condition struct {
	expr   string
	names  map[string]string
	values map[string]types.AttributeValue
}

func conditionOf(it types.TransactWriteItem) condition {
	switch {
	case it.Put != nil:
		return condition{aws.ToString(it.Put.ConditionExpression), it.Put.ExpressionAttributeNames, it.Put.ExpressionAttributeValues}
	case it.Delete != nil:
		return condition{aws.ToString(it.Delete.ConditionExpression), it.Delete.ExpressionAttributeNames, it.Delete.ExpressionAttributeValues}
	}
	return condition{}
}

// Op.If and Op.IfVersion record their condition in the operation, ANDed
// with the conditions the operation has already.
func TestOpConditionsAreAddedToTheOperation(t *testing.T) {
	accounts, _ := entity.NewTable[Account]((*dynamodb.Client)(nil), entity.TableName("accounts"))
	entries, _ := entity.NewTable[Entry]((*dynamodb.Client)(nil), entity.TableName("entries"))
	open := cond.Name("owner").Eq("o")
	positive := cond.Name("balance").Gt(0)
	noted := cond.Name("note").Eq("n")
	counted := cond.Name("seq").Gt(0)
	tests := []struct {
		name string
		add  func(w *txn.Write)
		want condition
	}{
		{
			name: "Put: with the lock version's",
			add:  func(w *txn.Write) { txn.Put(w, accounts, &Account{ID: "a", Owner: "o", Version: 3}).If(open) },
			want: condition{"#n0 = :v0 AND #n1 = :v1", map[string]string{"#n0": "ver", "#n1": "owner"}, map[string]types.AttributeValue{":v0": n("3"), ":v1": s("o")}},
		},
		{
			name: "Put: several are ANDed",
			add:  func(w *txn.Write) { txn.Put(w, entries, &Entry{Ledger: "l", Seq: 1}).If(noted).If(counted) },
			want: condition{"#n0 = :v0 AND #n1 > :v1", map[string]string{"#n0": "note", "#n1": "seq"}, map[string]types.AttributeValue{":v0": s("n"), ":v1": n("0")}},
		},
		{
			name: "Create: with the key's absence",
			add:  func(w *txn.Write) { txn.Create(w, entries, &Entry{Ledger: "l", Seq: 1}).If(noted) },
			want: condition{"attribute_not_exists(#n0) AND #n1 = :v0", map[string]string{"#n0": "ledger", "#n1": "note"}, map[string]types.AttributeValue{":v0": s("n")}},
		},
		{
			name: "Replace",
			add: func(w *txn.Write) {
				txn.Replace(w, entries, &Entry{Ledger: "l", Seq: 1}, &Entry{Ledger: "l", Seq: 1, Note: "n"}).If(counted)
			},
			want: condition{"#n0 > :v0", map[string]string{"#n0": "seq"}, map[string]types.AttributeValue{":v0": n("0")}},
		},
		{
			name: "Delete: If and IfVersion",
			add:  func(w *txn.Write) { txn.Delete(w, accounts, entity.NewKey("a")).If(open).IfVersion(2) },
			want: condition{"#n0 = :v0 AND #n1 = :v1", map[string]string{"#n0": "owner", "#n1": "ver"}, map[string]types.AttributeValue{":v0": s("o"), ":v1": n("2")}},
		},
		{
			name: "Delete: a later IfVersion replaces an earlier one",
			add:  func(w *txn.Write) { txn.Delete(w, accounts, entity.NewKey("a")).IfVersion(1).IfVersion(5) },
			want: condition{"#n0 = :v0", map[string]string{"#n0": "ver"}, map[string]types.AttributeValue{":v0": n("5")}},
		},
		{
			name: "DeleteItem: after the item's version",
			add: func(w *txn.Write) {
				txn.DeleteItem(w, accounts, &Account{ID: "a", Owner: "o", Version: 4}).If(positive)
			},
			want: condition{"#n0 > :v0 AND #n1 = :v1", map[string]string{"#n0": "balance", "#n1": "ver"}, map[string]types.AttributeValue{":v0": n("0"), ":v1": n("4")}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := txn.NewWrite(inputOnly)
			tt.add(w)
			in, err := w.Input()
			if err != nil {
				t.Fatal(err)
			}
			if got := conditionOf(in.TransactItems[0]); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("condition = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// A request Input returned is not changed by a condition added afterwards.
func TestOpConditionLeavesAnEarlierInputAsItWas(t *testing.T) {
	accounts, _ := entity.NewTable[Account]((*dynamodb.Client)(nil), entity.TableName("accounts"))
	w := txn.NewWrite(inputOnly)
	put := txn.Put(w, accounts, &Account{ID: "a", Owner: "o"})
	del := txn.Delete(w, accounts, entity.NewKey("b"))
	before, err := w.Input()
	if err != nil {
		t.Fatal(err)
	}
	putBefore, delBefore := *before.TransactItems[0].Put, *before.TransactItems[1].Delete
	put.If(cond.Name("balance").Ge(0))
	del.IfVersion(7)
	after, err := w.Input()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*before.TransactItems[0].Put, putBefore) || !reflect.DeepEqual(*before.TransactItems[1].Delete, delBefore) {
		t.Fatal("adding a condition changed a request returned earlier")
	}
	if aws.ToString(after.TransactItems[0].Put.ConditionExpression) == aws.ToString(putBefore.ConditionExpression) ||
		aws.ToString(after.TransactItems[1].Delete.ConditionExpression) == aws.ToString(delBefore.ConditionExpression) {
		t.Fatalf("the conditions were not added: %+v", after.TransactItems)
	}
}

// If and IfVersion on an operation they do not fit are refused as the
// Write's first error, returned by Input and Run before anything is sent.
func TestOpConditionsWhereTheyDoNotApplyAreRefused(t *testing.T) {
	accounts, _ := entity.NewTable[Account]((*dynamodb.Client)(nil), entity.TableName("accounts"))
	entries, _ := entity.NewTable[Entry]((*dynamodb.Client)(nil), entity.TableName("entries"))
	positive := cond.Name("balance").Gt(0)
	key := entity.NewKey("a")
	tests := map[string]func(w *txn.Write) txn.Op{
		"If on an Update": func(w *txn.Write) txn.Op {
			return txn.Update(w, update.New(accounts, key).Increment(cond.Name("balance"), 1)).If(positive)
		},
		"If on a Check": func(w *txn.Write) txn.Op { return txn.Check(w, accounts, key, positive).If(positive) },
		"IfVersion on a Put": func(w *txn.Write) txn.Op {
			return txn.Put(w, accounts, &Account{ID: "a", Owner: "o"}).IfVersion(1)
		},
		"IfVersion on a Create": func(w *txn.Write) txn.Op {
			return txn.Create(w, accounts, &Account{ID: "a", Owner: "o"}).IfVersion(1)
		},
		"IfVersion on a Replace": func(w *txn.Write) txn.Op {
			return txn.Replace(w, accounts, &Account{ID: "a", Owner: "o"}, &Account{ID: "a", Owner: "p"}).IfVersion(1)
		},
		"IfVersion on a DeleteItem": func(w *txn.Write) txn.Op {
			return txn.DeleteItem(w, accounts, &Account{ID: "a", Owner: "o", Version: 1}).IfVersion(1)
		},
		"IfVersion on an Update": func(w *txn.Write) txn.Op {
			return txn.Update(w, update.New(accounts, key).Increment(cond.Name("balance"), 1)).IfVersion(1)
		},
		"IfVersion on a Check": func(w *txn.Write) txn.Op { return txn.Check(w, accounts, key, positive).IfVersion(1) },
		"IfVersion on a Delete of an entity without a lock version": func(w *txn.Write) txn.Op {
			return txn.Delete(w, entries, entity.NewKey("l", 1)).IfVersion(1)
		},
	}
	for name, add := range tests {
		t.Run(name, func(t *testing.T) {
			w := txn.NewWrite(inputOnly)
			add(w)
			// A later operation, and a later mistake, leave the first
			// error as it is.
			txn.Put(w, accounts, &Account{ID: "z", Owner: "o"}).IfVersion(9)
			_, errInput := w.Input()
			_, errRun := w.Run(context.Background())
			var ie *entity.InputError
			if !errors.As(errRun, &ie) || ie.Rule != entity.RuleInvalidArgument || !errors.Is(errRun, entity.ErrInvalidInput) {
				t.Fatalf("err = %v, want an *entity.InputError of rule RuleInvalidArgument", errRun)
			}
			if errInput != errRun {
				t.Fatalf("Input and Run returned different errors: %v, %v", errInput, errRun)
			}
			if name == "IfVersion on a Delete of an entity without a lock version" && !errors.Is(errRun, entity.ErrInvalidModel) {
				t.Fatalf("err = %v, want it to match ErrInvalidModel as entity's Delete does", errRun)
			}
		})
	}

	// The zero Op, and the Op of an operation that was refused, have
	// nowhere to record a condition: their methods change nothing.
	var zero txn.Op
	if zero.If(positive).IfVersion(1) != zero {
		t.Fatal("methods of the zero Op returned another Op")
	}
	w := txn.NewWrite(inputOnly)
	refused := txn.Put(w, accounts, &Account{ID: "a"}) // invalid: no owner
	refused.If(positive).IfVersion(1)
	if _, err := w.Run(context.Background()); !errors.Is(err, entity.ErrValidation) {
		t.Fatalf("err = %v, want the first refusal (ErrValidation)", err)
	}
}

// A condition added with Op.If decides the transaction against DynamoDB,
// and its failure is reported on that operation.
func TestOpConditionDecidesTheTransaction(t *testing.T) {
	c, at, _ := setup(t)
	ctx := context.Background()
	openAccounts(t, c, at, 2, 50)

	w := txn.NewWrite(c)
	txn.Update(w, update.New(at, entity.NewKey("a00")).Increment(cond.Name("balance"), 1))
	gone := txn.Delete(w, at, entity.NewKey("a01")).If(cond.Name("balance").Eq(0))
	_, err := w.Run(ctx)
	r, _ := errorsReason(err, gone)
	if !errors.Is(err, entity.ErrConditionFailed) || r.Code != txn.CodeConditionalCheck || r.Kind != txn.KindDelete {
		t.Fatalf("error = %v, reason of the delete = %+v", err, r)
	}
	if got, _ := at.Get(entity.NewKey("a00")).ConsistentRead().Run(ctx); got.Balance != 50 {
		t.Fatalf("the canceled update applied: %d", got.Balance)
	}

	// A stale version refuses the delete; the version read lets it pass.
	w = txn.NewWrite(c)
	stale := txn.Delete(w, at, entity.NewKey("a01")).IfVersion(7)
	if _, err := w.Run(ctx); !errors.Is(err, entity.ErrConditionFailed) {
		t.Fatalf("stale IfVersion: %v", err)
	} else if cur, ok := txn.Current[Account](err, stale); !ok || cur.Version != 1 {
		t.Fatalf("current item of the stale delete = %+v", cur)
	}
	w = txn.NewWrite(c)
	txn.Delete(w, at, entity.NewKey("a01")).IfVersion(1).If(cond.Name("balance").Eq(50))
	if _, err := w.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := at.Get(entity.NewKey("a01")).ConsistentRead().Run(ctx); !errors.Is(err, entity.ErrNotFound) {
		t.Fatalf("after the delete: %v", err)
	}
}

func errorsReason(err error, op txn.Op) (txn.Reason, bool) {
	var ce *txn.CanceledError
	if !errors.As(err, &ce) {
		return txn.Reason{}, false
	}
	return ce.Reason(op)
}
