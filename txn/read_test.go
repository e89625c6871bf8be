package txn_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/txn"
)

// TestTransactGetReportsBadItemsPerGet: items written past the library that
// do not decode or validate fail their own gets, each an *entity.ItemError
// with its table and key, and the other gets of the transaction return
// their items.
func TestTransactGetReportsBadItemsPerGet(t *testing.T) {
	c, at, ut := setup(t)
	ctx := context.Background()
	openAccounts(t, c, at, 3, 5) // a00, a01, a02
	n := func(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }
	bad := map[string]struct {
		item map[string]types.AttributeValue
		is   error
	}{
		"b-type":     {map[string]types.AttributeValue{"owner": s("o"), "balance": s("lots")}, entity.ErrDecode},
		"b-negative": {map[string]types.AttributeValue{"owner": s("o"), "balance": n("-1")}, entity.ErrValidation},
		"b-future":   {map[string]types.AttributeValue{"owner": s("o"), "balance": n("1"), entity.VersionAttribute: n("7")}, entity.ErrUnknownVersion},
		"b-other":    {map[string]types.AttributeValue{"owner": s("o"), "balance": n("1"), entity.TypeAttribute: s("User")}, entity.ErrEntityType},
	}
	order := []string{"b-type", "b-negative", "b-future", "b-other"}
	for _, id := range order {
		item := bad[id].item
		item["id"] = s(id)
		if _, ok := item[entity.TypeAttribute]; !ok {
			item[entity.TypeAttribute] = s("Account")
		}
		if _, err := c.Client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(at.Name()), Item: item}); err != nil {
			t.Fatal(err)
		}
	}

	// Good and bad gets interleaved: a00, b-type, a01, b-negative, a02,
	// b-future, b-other.
	r := txn.NewRead(c.Client)
	var good, gets []txn.GetOp[Account]
	for i, id := range order {
		if i < 3 {
			good = append(good, txn.Get(r, at, entity.NewKey(fmt.Sprintf("a%02d", i))))
		}
		gets = append(gets, txn.Get(r, at, entity.NewKey(id)))
	}
	missingUser := txn.Get(r, ut, entity.NewKey("nobody"))
	res, err := r.Run(ctx)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	for _, g := range good {
		if a, err := g.Item(res); err != nil || a.Balance != 5 {
			t.Fatalf("good get = %+v, %v", a, err)
		}
	}
	if len(res.Invalid) != len(order) {
		t.Fatalf("Invalid = %v", res.Invalid)
	}
	for i, id := range order {
		a, err := gets[i].Item(res)
		var ie *entity.ItemError
		key := map[string]types.AttributeValue{"id": s(id)}
		if a != nil || !errors.As(err, &ie) || ie.Table != at.Name() || !reflect.DeepEqual(ie.Key, key) || !errors.Is(err, bad[id].is) {
			t.Fatalf("get of %s = %+v, %v; want an *entity.ItemError matching %v", id, a, err, bad[id].is)
		}
		inv := res.Invalid[i]
		if inv.Table != at.Name() || !reflect.DeepEqual(inv.Key, key) || !errors.Is(&inv, bad[id].is) {
			t.Fatalf("Invalid[%d] = %s %v", i, model.FormatKey(inv.Key), inv.Err)
		}
	}
	if _, err := missingUser.Item(res); !errors.Is(err, entity.ErrNotFound) {
		t.Fatalf("missing item: %v", err)
	}
	var ie *entity.ItemError
	if _, err := missingUser.Item(res); errors.As(err, &ie) {
		t.Fatalf("a missing item is reported as unreadable: %v", err)
	}
}
