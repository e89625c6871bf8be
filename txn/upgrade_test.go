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
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/txn"
	"github.com/dynamodel/dynamodel/update"
)

// Version 1 of the wallet stored its owner as "holder"; version 2 calls it
// "owner" and adds a currency whose default is EUR.
type Wallet struct {
	entity.Model `ddb:"table=wallets,type=Wallet,version=2"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Owner        string `dynamodbav:"owner" validate:"required"`
	Balance      int64  `dynamodbav:"balance" validate:"gte=0"`
	Currency     string `dynamodbav:"currency" ddb:"default=EUR"`
	Version      int64  `dynamodbav:"ver" ddb:"lock"`
}

var walletMeta = entity.MustRegister[Wallet](entity.WithUpgrade(1, func(item map[string]types.AttributeValue) error {
	if h, ok := item["holder"]; ok {
		item["owner"] = h
		delete(item, "holder")
	}
	return nil
}))

func wallets(t *testing.T) (*client, *entity.Table[Wallet]) {
	t.Helper()
	raw := dynamotest.Client(t)
	name := dynamotest.TableName(t, "wallets")
	dynamotest.DeleteTableOnCleanup(t, raw, name)
	if _, err := schema.CreateTable(context.Background(), raw, name, walletMeta); err != nil {
		t.Fatal(err)
	}
	tbl, err := entity.NewTable[Wallet](raw, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	return &client{Client: raw}, tbl
}

func n(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }

func putWallet(t *testing.T, c *client, table string, item map[string]types.AttributeValue) {
	t.Helper()
	if _, err := c.Client.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(table), Item: item}); err != nil {
		t.Fatal(err)
	}
}

func transfer(c entity.Client, tbl *entity.Table[Wallet], from, to string, amount int64) *txn.Write {
	w := txn.NewWrite(c)
	txn.Update(w, update.New(tbl, entity.NewKey(from)).Increment(cond.Name("balance"), -amount).If(cond.Name("balance").Ge(amount)))
	txn.Update(w, update.New(tbl, entity.NewKey(to)).Increment(cond.Name("balance"), amount))
	return w
}

// A transaction of Updates on version-1 wallets (one with "_v", one
// without) under the version-2 model: Run upgrades both in place and sends
// the transaction again, which applies; the result counts the requests.
func TestTransactionUpgradesOlderItems(t *testing.T) {
	ctx := context.Background()
	c, tbl := wallets(t)
	putWallet(t, c, tbl.Name(), map[string]types.AttributeValue{"id": s("alice"), "_t": s("Wallet"), "_v": n("1"), "holder": s("Alice"), "balance": n("100")})
	putWallet(t, c, tbl.Name(), map[string]types.AttributeValue{"id": s("bob"), "_t": s("Wallet"), "holder": s("Bob"), "balance": n("5"), "ver": n("3")})
	res, err := transfer(c, tbl, "alice", "bob", 80).ConsumedCapacity(types.ReturnConsumedCapacityTotal).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Attempts != 2 || res.Upgrades != 2 || c.writes.Load() != 2 {
		t.Fatalf("result %+v, %d transactions sent; want 2 attempts and 2 upgrades", res, c.writes.Load())
	}
	// The same transfer on the now current items: the difference is the
	// two upgrade writes, 1 WCU each for items under 1 KB.
	again, err := transfer(c, tbl, "alice", "bob", 0).ConsumedCapacity(types.ReturnConsumedCapacityTotal).Run(ctx)
	if err != nil || again.Attempts != 1 || again.Upgrades != 0 {
		t.Fatalf("transfer of current items: %+v, %v", again, err)
	}
	units := func(r *txn.WriteResult) float64 {
		if len(r.ConsumedCapacity) != 1 {
			t.Fatalf("consumed capacity of %d tables", len(r.ConsumedCapacity))
		}
		return aws.ToFloat64(r.ConsumedCapacity[0].CapacityUnits)
	}
	if got, plain := units(res), units(again); got != plain+2 {
		t.Fatalf("consumed capacity %v units, want the transaction's %v and 2 for the upgrades", got, plain)
	}
	key := func(id string) map[string]types.AttributeValue { return map[string]types.AttributeValue{"id": s(id)} }
	wantAlice := map[string]types.AttributeValue{"id": s("alice"), "_t": s("Wallet"), "_v": n("2"), "owner": s("Alice"), "currency": s("EUR"), "balance": n("20"), "ver": n("2")}
	wantBob := map[string]types.AttributeValue{"id": s("bob"), "_t": s("Wallet"), "_v": n("2"), "owner": s("Bob"), "currency": s("EUR"), "balance": n("85"), "ver": n("5")}
	if got := getRaw(t, c, tbl.Name(), key("alice")); !reflect.DeepEqual(got, wantAlice) {
		t.Errorf("alice %v, want %v", got, wantAlice)
	}
	if got := getRaw(t, c, tbl.Name(), key("bob")); !reflect.DeepEqual(got, wantBob) {
		t.Errorf("bob %v, want %v", got, wantBob)
	}
}

// What a transaction does not upgrade: an item newer than the model is an
// *entity.UpgradeError naming both versions; when another operation's
// condition is false too, the cancellation stands as it is (nothing is
// upgraded: the transaction would fail anyway); a client that cannot send
// UpdateItem gets an UpgradeError wrapping the cancellation.
func TestTransactionRefusesWhatItCannotUpgrade(t *testing.T) {
	ctx := context.Background()
	c, tbl := wallets(t)
	putWallet(t, c, tbl.Name(), map[string]types.AttributeValue{"id": s("old"), "_t": s("Wallet"), "_v": n("1"), "holder": s("Olga"), "balance": n("100")})
	putWallet(t, c, tbl.Name(), map[string]types.AttributeValue{"id": s("new"), "_t": s("Wallet"), "_v": n("3"), "owner": s("Nina"), "balance": n("100")})
	putWallet(t, c, tbl.Name(), map[string]types.AttributeValue{"id": s("poor"), "_t": s("Wallet"), "_v": n("2"), "owner": s("Pia"), "balance": n("1")})

	_, err := transfer(c, tbl, "new", "old", 10).Run(ctx)
	var ue *entity.UpgradeError
	if !errors.As(err, &ue) || ue.Stored != 3 || ue.Model != 2 || !errors.Is(err, entity.ErrUnknownVersion) {
		t.Fatalf("newer item: %v", err)
	}

	_, err = transfer(c, tbl, "poor", "old", 10).Run(ctx)
	var ce *txn.CanceledError
	if !errors.As(err, &ce) || errors.As(err, &ue) {
		t.Fatalf("a real failure next to an old item: %v", err)
	}
	if got := getRaw(t, c, tbl.Name(), map[string]types.AttributeValue{"id": s("old")}); !reflect.DeepEqual(got["_v"], n("1")) {
		t.Fatalf("the old item was upgraded for a transaction that fails anyway: %v", got)
	}
}
