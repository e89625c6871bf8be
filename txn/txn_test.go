package txn_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
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
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/txn"
	"github.com/dynamodel/dynamodel/update"
)

func TestMain(m *testing.M) { dynamotest.Main(m) }

type Account struct {
	entity.Model `ddb:"table=accounts,type=Account"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Owner        string `dynamodbav:"owner" validate:"required"`
	Balance      int64  `dynamodbav:"balance" validate:"gte=0"`
	Version      int64  `dynamodbav:"ver" ddb:"lock"`
}

type User struct {
	entity.Model `ddb:"table=users,type=User"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Username     string `dynamodbav:"username" ddb:"unique" validate:"required"`
	Email        string `dynamodbav:"email" ddb:"unique,fold" validate:"required,email"`
}

var (
	accountMeta = entity.MustRegister[Account]()
	userMeta    = entity.MustRegister[User]()
)

// client counts TransactWriteItems requests and can inject faults.
type client struct {
	*dynamodb.Client
	writes atomic.Int32
	// afterWrite, when set, replaces the result of a request that
	// DynamoDB did apply (an ambiguous failure such as a timeout).
	afterWrite func(n int32) error
	// before, when set, answers instead of DynamoDB.
	before func(n int32) error
}

func (c *client) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, o ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	n := c.writes.Add(1)
	if c.before != nil {
		if err := c.before(n); err != nil {
			return nil, err
		}
	}
	out, err := c.Client.TransactWriteItems(ctx, in, o...)
	if err == nil && c.afterWrite != nil {
		if ferr := c.afterWrite(n); ferr != nil {
			return nil, ferr
		}
	}
	return out, err
}

func setup(t *testing.T) (*client, *entity.Table[Account], *entity.Table[User]) {
	t.Helper()
	ctx := context.Background()
	raw := dynamotest.Client(t)
	c := &client{Client: raw}
	acct := dynamotest.TableName(t, "accounts")
	users := dynamotest.TableName(t, "users")
	for name, meta := range map[string]*entity.Meta{acct: accountMeta, users: userMeta} {
		dynamotest.DeleteTableOnCleanup(t, raw, name)
		if _, err := schema.CreateTable(ctx, raw, name, meta); err != nil {
			t.Fatal(err)
		}
	}
	at, err := entity.NewTable[Account](raw, entity.TableName(acct))
	if err != nil {
		t.Fatal(err)
	}
	ut, err := entity.NewTable[User](raw, entity.TableName(users))
	if err != nil {
		t.Fatal(err)
	}
	return c, at, ut
}

func getRaw(t *testing.T, c *client, table string, key map[string]types.AttributeValue) map[string]types.AttributeValue {
	t.Helper()
	out, err := c.Client.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String(table), Key: key, ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	return out.Item
}

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }

func openAccounts(t *testing.T, c *client, at *entity.Table[Account], n int, balance int64) {
	t.Helper()
	w := txn.NewWrite(c)
	for i := 0; i < n; i++ {
		txn.Create(w, at, &Account{ID: fmt.Sprintf("a%02d", i), Owner: "o", Balance: balance})
	}
	if _, err := w.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestRefusalsBeforeSending(t *testing.T) {
	c, at, ut := setup(t)
	big := strings.Repeat("x", 390_000)
	tests := map[string]func() *txn.Write{
		"101 operations": func() *txn.Write {
			w := txn.NewWrite(c)
			for i := 0; i < 101; i++ {
				txn.Put(w, at, &Account{ID: fmt.Sprint(i), Owner: "o"})
			}
			return w
		},
		"over 4 MB": func() *txn.Write {
			w := txn.NewWrite(c)
			for i := 0; i < 11; i++ {
				txn.Put(w, at, &Account{ID: fmt.Sprint(i), Owner: big})
			}
			return w
		},
		"same item twice": func() *txn.Write {
			w := txn.NewWrite(c)
			txn.Put(w, at, &Account{ID: "a", Owner: "o"})
			txn.Check(w, at, entity.NewKey("a"), cond.Name("balance").Gt(0))
			return w
		},
		"check without condition": func() *txn.Write {
			w := txn.NewWrite(c)
			txn.Check(w, at, entity.NewKey("a"), cond.Expr{})
			return w
		},
		"invalid item": func() *txn.Write { w := txn.NewWrite(c); txn.Put(w, at, &Account{ID: "a"}); return w },
		"empty":        func() *txn.Write { return txn.NewWrite(c) },
		"bad token":    func() *txn.Write { return txn.NewWrite(c).Token(strings.Repeat("t", 37)) },
		"put of unique": func() *txn.Write {
			w := txn.NewWrite(c)
			txn.Put(w, ut, &User{ID: "u", Username: "x", Email: "x@y.z"})
			return w
		},
		"update with values": func() *txn.Write {
			w := txn.NewWrite(c)
			txn.Update(w, update.New(at, entity.NewKey("a")).Increment(cond.Name("balance"), 1).ReturnValues(types.ReturnValueAllNew))
			return w
		},
	}
	for name, build := range tests {
		before := c.writes.Load()
		if _, err := build().Run(context.Background()); err == nil {
			t.Errorf("%s: accepted", name)
		}
		if d := c.writes.Load() - before; d != 0 {
			t.Errorf("%s: %d requests sent", name, d)
		}
	}
	// Exactly 100 operations pass.
	w := txn.NewWrite(c)
	for i := 0; i < 100; i++ {
		txn.Put(w, at, &Account{ID: fmt.Sprintf("h%03d", i), Owner: "o", Balance: 1})
	}
	if _, err := w.Run(context.Background()); err != nil {
		t.Fatalf("100 operations: %v", err)
	}
}

func TestCancellationReasonsMapToOperations(t *testing.T) {
	c, at, _ := setup(t)
	ctx := context.Background()
	openAccounts(t, c, at, 2, 50)
	w := txn.NewWrite(c)
	debit := txn.Update(w, update.New(at, entity.NewKey("a00")).Increment(cond.Name("balance"), -80).If(cond.Name("balance").Ge(80)))
	credit := txn.Update(w, update.New(at, entity.NewKey("a01")).Increment(cond.Name("balance"), 80))
	_, err := w.Run(ctx)
	if !errors.Is(err, entity.ErrConditionFailed) || !errors.Is(err, txn.ErrCanceled) {
		t.Fatalf("error = %v", err)
	}
	var ce *txn.CanceledError
	errors.As(err, &ce)
	if len(ce.Reasons) != 2 || ce.Reasons[0].Failed == ce.Reasons[1].Failed {
		t.Fatalf("reasons = %+v", ce.Reasons)
	}
	r, _ := ce.Reason(debit)
	if r.Code != txn.CodeConditionalCheck || r.Kind != txn.KindUpdate || r.Key != `{id="a00"}` {
		t.Fatalf("debit reason = %+v", r)
	}
	if ok, _ := ce.Reason(credit); ok.Failed {
		t.Fatalf("credit reason = %+v", ok)
	}
	cur, ok := txn.Current[Account](err, debit)
	if !ok || cur.Balance != 50 || cur.ID != "a00" {
		t.Fatalf("current item of the failed operation = %+v", cur)
	}
	if got, _ := at.Get(entity.NewKey("a01")).ConsistentRead().Run(ctx); got.Balance != 50 {
		t.Fatalf("the canceled credit applied: %d", got.Balance)
	}
}

func TestLockVersionsInTransactions(t *testing.T) {
	c, at, _ := setup(t)
	ctx := context.Background()
	a := &Account{ID: "v", Owner: "o", Balance: 1}
	w := txn.NewWrite(c)
	txn.Create(w, at, a)
	if _, err := w.Run(ctx); err != nil || a.Version != 1 {
		t.Fatalf("create: %v, version %d", err, a.Version)
	}
	stale := *a
	a.Balance = 2
	w = txn.NewWrite(c)
	txn.Put(w, at, a)
	if _, err := w.Run(ctx); err != nil || a.Version != 2 {
		t.Fatalf("put: %v, version %d", err, a.Version)
	}
	w = txn.NewWrite(c)
	op := txn.Put(w, at, &stale)
	_, err := w.Run(ctx)
	if cur, ok := txn.Current[Account](err, op); !errors.Is(err, entity.ErrConditionFailed) || !ok || cur.Version != 2 || stale.Version != 1 {
		t.Fatalf("stale put: %v, %+v", err, cur)
	}
}

func TestTokenMakesRetriesSafe(t *testing.T) {
	c, at, _ := setup(t)
	ctx := context.Background()
	openAccounts(t, c, at, 1, 0)
	// The first request is applied, but the caller sees a timeout.
	c.afterWrite = func(n int32) error {
		if n == 2 { // after openAccounts' request
			return context.DeadlineExceeded
		}
		return nil
	}
	w := txn.NewWrite(c)
	txn.Update(w, update.New(at, entity.NewKey("a00")).Increment(cond.Name("balance"), 10))
	res, err := w.Run(ctx)
	if err == nil || res == nil || res.Token == "" || len(res.Token) > txn.MaxTokenLength {
		t.Fatalf("ambiguous failure: %v, %+v", err, res)
	}
	retry := txn.NewWrite(c).Token(res.Token)
	txn.Update(retry, update.New(at, entity.NewKey("a00")).Increment(cond.Name("balance"), 10))
	if _, err := retry.Run(ctx); err != nil {
		t.Fatalf("retry with the same token: %v", err)
	}
	got, _ := at.Get(entity.NewKey("a00")).ConsistentRead().Run(ctx)
	if got.Balance != 10 {
		t.Fatalf("balance = %d after one increment retried with its token, want 10", got.Balance)
	}
	in, _ := txn.NewWrite(c).Token("my-token").Input()
	_ = in // an empty write has no input; the token option itself is checked above
}

func TestConflictsAreRetriedWhenAsked(t *testing.T) {
	c, at, _ := setup(t)
	ctx := context.Background()
	openAccounts(t, c, at, 1, 0)
	conflict := func(n int32) error {
		if n <= 3 { // 1 was openAccounts; 2 and 3 conflict
			if n == 1 {
				return nil
			}
			return &types.TransactionCanceledException{Message: aws.String("conflict"),
				CancellationReasons: []types.CancellationReason{{Code: aws.String(txn.CodeConflict)}}}
		}
		return nil
	}
	c.writes.Store(1)
	c.before = conflict
	w := txn.NewWrite(c)
	txn.Update(w, update.New(at, entity.NewKey("a00")).Increment(cond.Name("balance"), 1))
	if _, err := w.Run(ctx); !errors.Is(err, txn.ErrCanceled) || errors.Is(err, entity.ErrConditionFailed) {
		t.Fatalf("without retries: %v", err)
	}
	c.writes.Store(1)
	w = txn.NewWrite(c).RetryConflicts(3)
	txn.Update(w, update.New(at, entity.NewKey("a00")).Increment(cond.Name("balance"), 1))
	res, err := w.Run(ctx)
	if err != nil || res.Attempts != 3 {
		t.Fatalf("with retries: %v, %+v", err, res)
	}
	c.before = nil
	if got, _ := at.Get(entity.NewKey("a00")).ConsistentRead().Run(ctx); got.Balance != 1 {
		t.Fatalf("balance = %d, want 1", got.Balance)
	}
}

func TestTransactGet(t *testing.T) {
	c, at, ut := setup(t)
	ctx := context.Background()
	openAccounts(t, c, at, 99, 7)
	w := txn.NewWrite(c)
	txn.Create(w, ut, &User{ID: "u1", Username: "ana", Email: "ana@example.com"})
	if _, err := w.Run(ctx); err != nil {
		t.Fatal(err)
	}
	r := txn.NewRead(c.Client)
	var gets []txn.GetOp[Account]
	for i := 0; i < 98; i++ {
		gets = append(gets, txn.Get(r, at, entity.NewKey(fmt.Sprintf("a%02d", i))))
	}
	missing := txn.Get(r, at, entity.NewKey("nobody"))
	user := txn.Get(r, ut, entity.NewKey("u1"))
	res, err := r.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, g := range gets {
		a, err := g.Item(res)
		if err != nil || a.ID != fmt.Sprintf("a%02d", i) || a.Balance != 7 {
			t.Fatalf("get %d = %+v, %v", i, a, err)
		}
	}
	if _, err := missing.Item(res); !errors.Is(err, entity.ErrNotFound) {
		t.Fatalf("missing item: %v", err)
	}
	if u, err := user.Item(res); err != nil || u.Username != "ana" {
		t.Fatalf("user = %+v, %v", u, err)
	}
	txn.Get(r, at, entity.NewKey("one too many"))
	if _, err := r.Run(ctx); err == nil {
		t.Fatal("101 gets accepted")
	}
}

func TestUniqueConstraints(t *testing.T) {
	c, _, ut := setup(t)
	ctx := context.Background()
	guard := func(constraint, value string) map[string]types.AttributeValue {
		return getRaw(t, c, ut.Name(), map[string]types.AttributeValue{"id": s("UNIQUE#User#" + constraint + "#" + value)})
	}
	run := func(build func(w *txn.Write)) error {
		w := txn.NewWrite(c)
		build(w)
		_, err := w.Run(ctx)
		return err
	}
	ana := &User{ID: "u1", Username: "ana", Email: "Ana@Example.com"}
	if err := run(func(w *txn.Write) { txn.Create(w, ut, ana) }); err != nil {
		t.Fatal(err)
	}
	g := guard("email", "ana@example.com")
	if g == nil || g["owner"].(*types.AttributeValueMemberS).Value == "" || g["_t"].(*types.AttributeValueMemberS).Value != txn.GuardType {
		t.Fatalf("email guard = %v", g)
	}
	if guard("username", "ana") == nil {
		t.Fatal("no username guard")
	}

	// Same email in another case: refused, naming the constraint.
	err := run(func(w *txn.Write) { txn.Create(w, ut, &User{ID: "u2", Username: "bob", Email: "ANA@example.com"}) })
	var v *txn.UniqueViolation
	var ce *txn.CanceledError
	if !errors.Is(err, txn.ErrUniqueViolation) || !errors.As(err, &ce) {
		t.Fatalf("duplicate email: %v", err)
	}
	if !errors.As(err, &v) || v.Constraint != "email" || v.Value != "ana@example.com" {
		t.Fatalf("violation = %+v", v)
	}
	if getRaw(t, c, ut.Name(), map[string]types.AttributeValue{"id": s("u2")}) != nil || guard("username", "bob") != nil {
		t.Fatal("the refused sign-up left an item or a guard")
	}

	// Change the email: old guard gone, new guard in place.
	next := *ana
	next.Email = "ana@new.example"
	if err := run(func(w *txn.Write) { txn.Replace(w, ut, ana, &next) }); err != nil {
		t.Fatal(err)
	}
	if guard("email", "ana@example.com") != nil || guard("email", "ana@new.example") == nil {
		t.Fatal("guards did not follow the email change")
	}
	// Now the old address is free.
	if err := run(func(w *txn.Write) { txn.Create(w, ut, &User{ID: "u3", Username: "cy", Email: "ana@example.com"}) }); err != nil {
		t.Fatalf("reusing a released email: %v", err)
	}
	// A replace from a stale copy is refused.
	if err := run(func(w *txn.Write) { txn.Replace(w, ut, ana, &User{ID: "u1", Username: "ana", Email: "x@y.z"}) }); !errors.Is(err, entity.ErrConditionFailed) {
		t.Fatalf("replace from a stale copy: %v", err)
	}
	// Delete removes the item and its guards.
	if err := run(func(w *txn.Write) { txn.DeleteItem(w, ut, &next) }); err != nil {
		t.Fatal(err)
	}
	if guard("email", "ana@new.example") != nil || guard("username", "ana") != nil || getRaw(t, c, ut.Name(), map[string]types.AttributeValue{"id": s("u1")}) != nil {
		t.Fatal("delete left the item or its guards")
	}
	// Outside transactions, writes that would bypass the guards are refused.
	if err := ut.Put(&next).Run(ctx); !errs.HasRule(err, entity.RuleUnique) {
		t.Fatalf("Table.Put of a unique entity: %v", err)
	}
}

func TestConcurrentSignUpsLeaveOneAccount(t *testing.T) {
	c, _, ut := setup(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	var won, lost atomic.Int32
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := txn.NewWrite(c)
			txn.Create(w, ut, &User{ID: fmt.Sprintf("racer-%d", g), Username: fmt.Sprintf("racer%d", g), Email: "race@example.com"})
			_, err := w.Run(ctx)
			switch {
			case err == nil:
				won.Add(1)
			case errors.Is(err, txn.ErrUniqueViolation):
				lost.Add(1)
			default:
				t.Errorf("sign-up: %v", err)
			}
		}()
	}
	wg.Wait()
	out, err := c.Client.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(ut.Name()), ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	users, emailGuards := 0, 0
	for _, item := range out.Items {
		switch item["_t"].(*types.AttributeValueMemberS).Value {
		case "User":
			users++
		case txn.GuardType:
			if item["constraint"].(*types.AttributeValueMemberS).Value == "email" {
				emailGuards++
			}
		}
	}
	if won.Load() != 1 || lost.Load() != 7 || users != 1 || emailGuards != 1 {
		t.Fatalf("won %d lost %d; %d users and %d email guards stored", won.Load(), lost.Load(), users, emailGuards)
	}
}

func TestTransfersConserveTheTotal(t *testing.T) {
	c, at, _ := setup(t)
	ctx := context.Background()
	const accounts, start = 10, 100
	openAccounts(t, c, at, accounts, start)
	var wg sync.WaitGroup
	var ok, overdrawn atomic.Int32
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(g), 7))
			for i := 0; i < 250; i++ {
				from, to := r.IntN(accounts), r.IntN(accounts)
				if from == to {
					to = (to + 1) % accounts
				}
				amount := int64(1 + r.IntN(60))
				w := txn.NewWrite(c).RetryConflicts(5)
				txn.Update(w, update.New(at, entity.NewKey(fmt.Sprintf("a%02d", from))).Increment(cond.Name("balance"), -amount).If(cond.Name("balance").Ge(amount)))
				txn.Update(w, update.New(at, entity.NewKey(fmt.Sprintf("a%02d", to))).Increment(cond.Name("balance"), amount))
				_, err := w.Run(ctx)
				switch {
				case err == nil:
					ok.Add(1)
				case errors.Is(err, entity.ErrConditionFailed):
					overdrawn.Add(1)
				default:
					t.Errorf("transfer: %v", err)
				}
			}
		}()
	}
	wg.Wait()
	var total int64
	for i := 0; i < accounts; i++ {
		a, err := at.Get(entity.NewKey(fmt.Sprintf("a%02d", i))).ConsistentRead().Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if a.Balance < 0 {
			t.Fatalf("%s went negative: %d", a.ID, a.Balance)
		}
		total += a.Balance
	}
	if total != accounts*start || ok.Load()+overdrawn.Load() != 1000 || overdrawn.Load() == 0 {
		t.Fatalf("total %d after %d transfers and %d refusals", total, ok.Load(), overdrawn.Load())
	}
	t.Logf("%d transfers, %d refused for overdraft", ok.Load(), overdrawn.Load())
}

func TestWriteInput(t *testing.T) {
	at, _ := entity.NewTable[Account]((*dynamodb.Client)(nil), entity.TableName("accounts"))
	w := txn.NewWrite(inputOnly).Token("tok-1")
	txn.Put(w, at, &Account{ID: "a", Owner: "o", Version: 3})
	txn.Check(w, at, entity.NewKey("b"), cond.Name("balance").Ge(5))
	txn.Delete(w, at, entity.NewKey("c")).IfVersion(2)
	in, err := w.Input()
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(in.ClientRequestToken) != "tok-1" || len(in.TransactItems) != 3 {
		t.Fatalf("input = %+v", in)
	}
	put := in.TransactItems[0].Put
	if aws.ToString(put.ConditionExpression) != "#n0 = :v0" || !reflect.DeepEqual(put.Item["ver"], &types.AttributeValueMemberN{Value: "4"}) {
		t.Fatalf("put = %+v", put)
	}
	if in.TransactItems[1].ConditionCheck == nil || in.TransactItems[2].Delete == nil ||
		in.TransactItems[2].Delete.ReturnValuesOnConditionCheckFailure != types.ReturnValuesOnConditionCheckFailureAllOld {
		t.Fatalf("check/delete = %+v", in.TransactItems[1:])
	}
}

type Entry struct {
	entity.Model `ddb:"table=entries"`
	Ledger       string `dynamodbav:"ledger" ddb:"pk"`
	Seq          int    `dynamodbav:"seq" ddb:"sk"`
	Note         string `dynamodbav:"note"`
}

// TestOneOperationPerItem: DynamoDB refuses a transaction with two
// operations on one item; the Write refuses it as the second is added.
func TestOneOperationPerItem(t *testing.T) {
	accounts, _ := entity.NewTable[Account]((*dynamodb.Client)(nil), entity.TableName("accounts"))
	archive, _ := entity.NewTable[Account]((*dynamodb.Client)(nil), entity.TableName("archive"))
	entries, _ := entity.NewTable[Entry]((*dynamodb.Client)(nil), entity.TableName("entries"))
	check := func(w *txn.Write, tbl *entity.Table[Account], id string) {
		txn.Check(w, tbl, entity.NewKey(id), cond.Name("balance").Ge(0))
	}
	cases := []struct {
		name  string
		build func(w *txn.Write)
		same  bool
	}{
		{"same table and key", func(w *txn.Write) {
			txn.Put(w, accounts, &Account{ID: "a", Owner: "o"})
			check(w, accounts, "a")
		}, true},
		{"same key, other table", func(w *txn.Write) {
			check(w, accounts, "a")
			check(w, archive, "a")
		}, false},
		{"other key", func(w *txn.Write) {
			check(w, accounts, "a")
			check(w, accounts, "b")
		}, false},
		{"same partition, other sort value", func(w *txn.Write) {
			txn.Delete(w, entries, entity.NewKey("l1", 1))
			txn.Delete(w, entries, entity.NewKey("l1", 2))
		}, false},
		{"same composite key", func(w *txn.Write) {
			txn.Delete(w, entries, entity.NewKey("l1", 1))
			txn.Check(w, entries, entity.NewKey("l1", 1), cond.Name("note").Exists())
		}, true},
		{"same item among others", func(w *txn.Write) {
			for _, id := range []string{"a", "b", "c"} {
				check(w, accounts, id)
			}
			txn.Delete(w, entries, entity.NewKey("l1", 1))
			txn.Update(w, update.New(accounts, entity.NewKey("b")).Increment(cond.Name("balance"), 1))
		}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := txn.NewWrite(inputOnly)
			tc.build(w)
			_, err := w.Input()
			if tc.same != hasRule(err, txn.RuleSameItem) {
				t.Fatalf("Input: %v (same item: %v)", err, tc.same)
			}
			if !tc.same && err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestOneGetPerItem: a read transaction refuses two gets of one item, as
// DynamoDB does, before anything is sent.
func TestOneGetPerItem(t *testing.T) {
	accounts, _ := entity.NewTable[Account]((*dynamodb.Client)(nil), entity.TableName("accounts"))
	archive, _ := entity.NewTable[Account]((*dynamodb.Client)(nil), entity.TableName("archive"))
	r := txn.NewRead(inputOnly)
	txn.Get(r, accounts, entity.NewKey("a"))
	txn.Get(r, archive, entity.NewKey("a"))
	txn.Get(r, accounts, entity.NewKey("b"))
	if _, err := r.Input(); err != nil {
		t.Fatalf("gets of three items: %v", err)
	}
	txn.Get(r, accounts, entity.NewKey("a"))
	if _, err := r.Input(); !hasRule(err, txn.RuleSameItem) {
		t.Fatalf("a second get of one item: %v", err)
	}
}
