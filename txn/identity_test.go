package txn_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/txn"
	"github.com/dynamodel/dynamodel/update"
)

var entryMeta = entity.MustRegister[Entry]()

// oneForms are texts of the number 1; otherNumbers are numbers close to it
// in text or value that are not 1.
var (
	oneForms     = []string{"1", "1.0", "1e0", "10E-1", "0.1e1", "+1", "1.000", "100e-2", "0.01E2"}
	otherNumbers = []string{"10", "0.1", "11", "-1", "1.01", "2"}
)

func nkey(ledger, seq string) entity.Key {
	return entity.NewKey(ledger, &types.AttributeValueMemberN{Value: seq})
}

func rawKey(ledger, seq string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"ledger": s(ledger), "seq": &types.AttributeValueMemberN{Value: seq}}
}

// TestSameItemWhateverTheNumberText: a sort key written 1, 1.0, 1e0,
// 10E-1 or 0.1e1 names one item, for DynamoDB and for every "same item"
// check of the library: two operations of a write transaction, two gets of
// a read transaction, two writes of a batch, two keys of a BatchGet.
func TestSameItemWhateverTheNumberText(t *testing.T) {
	ctx := context.Background()
	c := dynamotest.Client(t)
	name := dynamotest.TableName(t, "entries")
	dynamotest.DeleteTableOnCleanup(t, c, name)
	if _, err := schema.CreateTable(ctx, c, name, entryMeta); err != nil {
		t.Fatal(err)
	}
	entries, err := entity.NewTable[Entry](c, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	if err := entries.Put(&Entry{Ledger: "l", Seq: 1, Note: "one"}).Run(ctx); err != nil {
		t.Fatal(err)
	}

	// DynamoDB's own view: every form of 1 reads the one item, and a batch
	// writing two forms of it is refused as holding a key twice. (DynamoDB
	// Local's TransactWriteItems compares key numbers as text and lets two
	// forms through; TransactGetItems and BatchWriteItem compare values.)
	for _, form := range oneForms {
		out, err := c.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(name), Key: rawKey("l", form), ConsistentRead: aws.Bool(true)})
		if err != nil || out.Item == nil {
			t.Fatalf("GetItem with sort key %s: %v, %v", form, out, err)
		}
	}
	var api smithy.APIError
	_, err = c.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{name: {
		{DeleteRequest: &types.DeleteRequest{Key: rawKey("l", "1")}},
		{DeleteRequest: &types.DeleteRequest{Key: rawKey("l", "10E-1")}},
	}}})
	if !errors.As(err, &api) || api.ErrorCode() != "ValidationException" {
		t.Fatalf("DynamoDB takes 1 and 10E-1 for two items: %v", err)
	}

	for i, a := range oneForms {
		for _, b := range oneForms[i+1:] {
			pair := fmt.Sprintf("%s and %s", a, b)
			w := txn.NewWrite(c)
			txn.Check(w, entries, nkey("l", a), cond.Name("note").Exists())
			txn.Delete(w, entries, nkey("l", b))
			if _, err := w.Input(); !hasRule(err, txn.RuleSameItem) {
				t.Errorf("write transaction, %s: %v, want RuleSameItem", pair, err)
			}
			r := txn.NewRead(c)
			txn.Get(r, entries, nkey("l", a))
			txn.Get(r, entries, nkey("l", b))
			if _, err := r.Input(); !hasRule(err, txn.RuleSameItem) {
				t.Errorf("read transaction, %s: %v, want RuleSameItem", pair, err)
			}
			bw := update.NewBatchWriter(c)
			if err := update.BatchDelete(bw, entries, nkey("l", a), nkey("l", b)); !hasRule(err, update.RuleDuplicateKey) {
				t.Errorf("batch write, %s: %v, want RuleDuplicateKey", pair, err)
			}
			res, err := query.NewBatchGet(entries, nkey("l", a), nkey("l", b)).Run(ctx)
			if err != nil || len(res.Items) != 1 || res.Items[0].Note != "one" || len(res.Missing)+len(res.Unprocessed) != 0 {
				t.Errorf("BatchGet, %s: %+v, %v; want the item once", pair, res, err)
			}
		}
		for _, other := range otherNumbers {
			pair := fmt.Sprintf("%s and %s", a, other)
			w := txn.NewWrite(c)
			txn.Check(w, entries, nkey("l", a), cond.Name("note").Exists())
			txn.Delete(w, entries, nkey("l", other))
			if _, err := w.Input(); err != nil {
				t.Errorf("write transaction, %s: %v", pair, err)
			}
			r := txn.NewRead(c)
			txn.Get(r, entries, nkey("l", a))
			txn.Get(r, entries, nkey("l", other))
			if _, err := r.Input(); err != nil {
				t.Errorf("read transaction, %s: %v", pair, err)
			}
			bw := update.NewBatchWriter(c)
			if err := update.BatchDelete(bw, entries, nkey("l", a), nkey("l", other)); err != nil {
				t.Errorf("batch write, %s: %v", pair, err)
			}
		}
	}

	// A transaction the library accepts, DynamoDB accepts: 1 and 10.
	w := txn.NewWrite(c)
	txn.Check(w, entries, nkey("l", "1.0"), cond.Name("note").Exists())
	txn.Delete(w, entries, nkey("l", "10"))
	if _, err := w.Run(ctx); err != nil {
		t.Fatalf("1.0 and 10: %v", err)
	}
}

// TestReadOfMoreThan100GetsIsRefused: the 101st get is a typed error.
func TestReadOfMoreThan100GetsIsRefused(t *testing.T) {
	entries, _ := entity.NewTable[Entry]((*dynamodb.Client)(nil), entity.TableName("entries"))
	r := txn.NewRead(inputOnly)
	for i := range txn.MaxGets {
		txn.Get(r, entries, entity.NewKey("l", i))
	}
	if _, err := r.Input(); err != nil {
		t.Fatalf("%d gets: %v", txn.MaxGets, err)
	}
	txn.Get(r, entries, entity.NewKey("l", txn.MaxGets))
	if _, err := r.Input(); !hasRule(err, txn.RuleTooMany) {
		t.Fatalf("%d gets: %v, want RuleTooMany", txn.MaxGets+1, err)
	}
}
