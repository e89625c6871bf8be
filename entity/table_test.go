package entity_test

import (
	"context"
	"errors"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
)

func TestMain(m *testing.M) { dynamotest.Main(m) }

// Order is at schema version 2: version 1 called the status "state".
type Order struct {
	entity.Model `ddb:"table=orders,version=2"`
	OrderID      string    `dynamodbav:"orderId" ddb:"pk" validate:"required"`
	Customer     string    `dynamodbav:"customer" validate:"required"`
	Status       string    `dynamodbav:"status" validate:"oneof=open shipped cancelled"`
	Total        float64   `dynamodbav:"total" validate:"gte=0"`
	Tier         string    `dynamodbav:"tier" ddb:"default=standard"`
	Created      time.Time `dynamodbav:"created"`
	Lines        []Line    `dynamodbav:"lines" validate:"dive"`
}

type Line struct {
	SKU string `dynamodbav:"sku" validate:"required"`
	Qty int    `dynamodbav:"qty" validate:"min=1"`
}

// Registered with its upgrade step; the tables look the model up.
var _ = entity.MustRegister[Order](entity.WithUpgrade(1, func(item map[string]types.AttributeValue) error {
	if s, ok := item["state"]; ok {
		item["status"] = s
		delete(item, "state")
	}
	return nil
}))

// countingClient counts the requests that reach DynamoDB.
type countingClient struct {
	*dynamodb.Client
	calls atomic.Int32
}

func (c *countingClient) GetItem(ctx context.Context, in *dynamodb.GetItemInput, o ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	c.calls.Add(1)
	return c.Client.GetItem(ctx, in, o...)
}

func (c *countingClient) PutItem(ctx context.Context, in *dynamodb.PutItemInput, o ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	c.calls.Add(1)
	return c.Client.PutItem(ctx, in, o...)
}

func (c *countingClient) DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, o ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	c.calls.Add(1)
	return c.Client.DeleteItem(ctx, in, o...)
}

func simpleTable(t *testing.T, client *dynamodb.Client, pk string) string {
	t.Helper()
	return dynamotest.CreateTable(t, client, &dynamodb.CreateTableInput{
		TableName:            aws.String("orders"),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String(pk), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String(pk), KeyType: types.KeyTypeHash}},
	})
}

func newOrders(t *testing.T) (*entity.Table[Order], *countingClient) {
	t.Helper()
	client := dynamotest.Client(t)
	name := simpleTable(t, client, "orderId")
	cc := &countingClient{Client: client}
	tbl, err := entity.NewTable[Order](cc, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	return tbl, cc
}

func validOrder(id string) *Order {
	return &Order{
		OrderID: id, Customer: "c1", Status: "open", Total: 12.5, Tier: "gold",
		Created: time.Date(2025, 11, 3, 9, 30, 0, 0, time.UTC),
		Lines:   []Line{{SKU: "A-1", Qty: 2}},
	}
}

func rawGet(t *testing.T, client *dynamodb.Client, table string, key map[string]types.AttributeValue) map[string]types.AttributeValue {
	t.Helper()
	out, err := client.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: &table, Key: key, ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	return out.Item
}

func rawPut(t *testing.T, client *dynamodb.Client, table string, item map[string]types.AttributeValue) {
	t.Helper()
	if _, err := client.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: &table, Item: item}); err != nil {
		t.Fatal(err)
	}
}

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func n(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }

func TestPutStoresWhatGetReturns(t *testing.T) {
	ctx := context.Background()
	tbl, cc := newOrders(t)
	in := validOrder("o-1")
	if err := tbl.Put(in).Run(ctx); err != nil {
		t.Fatal(err)
	}
	stored := rawGet(t, cc.Client, tbl.Name(), map[string]types.AttributeValue{"orderId": s("o-1")})
	want := map[string]types.AttributeValue{
		"orderId":  s("o-1"),
		"customer": s("c1"),
		"status":   s("open"),
		"total":    n("12.5"),
		"tier":     s("gold"),
		"created":  s("2025-11-03T09:30:00Z"),
		"lines":    &types.AttributeValueMemberL{Value: []types.AttributeValue{&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"sku": s("A-1"), "qty": n("2")}}}},
		"_v":       n("2"),
	}
	if !reflect.DeepEqual(stored, want) {
		t.Fatalf("stored item:\n got %v\nwant %v", stored, want)
	}
	got, err := tbl.Get(entity.NewKey("o-1")).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, in) {
		t.Fatalf("Get = %+v, want %+v", got, in)
	}
}

func TestInvalidItemIsRefusedBeforeAnyRequest(t *testing.T) {
	ctx := context.Background()
	tbl, cc := newOrders(t)
	bad := validOrder("o-bad")
	bad.Customer = ""
	bad.Status = "lost"
	bad.Lines = []Line{{SKU: "", Qty: 0}}

	for name, write := range map[string]func() error{
		"Put":    func() error { return tbl.Put(bad).Run(ctx) },
		"Create": func() error { return tbl.Create(bad).Run(ctx) },
	} {
		err := write()
		var ve *entity.ValidationError
		if !errors.Is(err, entity.ErrValidation) || !errors.As(err, &ve) {
			t.Fatalf("%s: error = %v, want a *ValidationError", name, err)
		}
		got := map[string]string{}
		for _, f := range ve.Fields {
			got[f.Field] = f.Attribute + " " + f.Tag
		}
		want := map[string]string{"Order.Customer": "customer required", "Order.Status": "status oneof",
			"Order.Lines[0].SKU": "lines[0].sku required", "Order.Lines[0].Qty": "lines[0].qty min"}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: failing fields = %v, want %v", name, got, want)
		}
		if ve.Fields[0].Attribute != "customer" || ve.Read {
			t.Fatalf("%s: first field = %+v read=%v", name, ve.Fields[0], ve.Read)
		}
	}
	if n := cc.calls.Load(); n != 0 {
		t.Fatalf("%d requests reached DynamoDB, want 0", n)
	}
	if item := rawGet(t, cc.Client, tbl.Name(), map[string]types.AttributeValue{"orderId": s("o-bad")}); item != nil {
		t.Fatalf("invalid item was stored: %v", item)
	}
}

// A Put or Create of a nil item is refused before any request, as an
// InputError naming the call and saying the item was nil.
func TestNilItemIsRefusedNamingTheCall(t *testing.T) {
	ctx := context.Background()
	tbl, cc := newOrders(t)
	for call, build := range map[string]func() *entity.Put[Order]{
		"entity.Put":    func() *entity.Put[Order] { return tbl.Put(nil) },
		"entity.Create": func() *entity.Put[Order] { return tbl.Create(nil) },
	} {
		_, inErr := build().Input()
		runErr := build().Run(ctx)
		for _, err := range []error{inErr, runErr} {
			var ie *entity.InputError
			if !errors.Is(err, entity.ErrInvalidInput) || !errors.As(err, &ie) {
				t.Fatalf("%s(nil): error = %v, want an *entity.InputError", call, err)
			}
			want := entity.InputError{Op: call, Rule: entity.RuleInvalidArgument, Detail: "needs a non-nil *entity_test.Order, got nil"}
			if ie.Op != want.Op || ie.Rule != want.Rule || ie.Detail != want.Detail {
				t.Errorf("%s(nil): Op, Rule, Detail = %q, %q, %q; want %q, %q, %q", call, ie.Op, ie.Rule, ie.Detail, want.Op, want.Rule, want.Detail)
			}
		}
	}
	if n := cc.calls.Load(); n != 0 {
		t.Fatalf("%d requests reached DynamoDB, want 0", n)
	}
}

func TestInvalidKeysAreRefusedBeforeAnyRequest(t *testing.T) {
	ctx := context.Background()
	tbl, cc := newOrders(t)
	long := make([]byte, 2049)
	for i := range long {
		long[i] = 'k'
	}
	tests := map[string]entity.Key{
		"empty partition":             entity.NewKey(""),
		"wrong type":                  entity.NewKey(42),
		"nil":                         entity.NewKey(nil),
		"sort on a table without one": entity.NewKey("o", "x"),
		"oversized partition":         entity.NewKey(string(long)),
	}
	for name, key := range tests {
		if _, err := tbl.Get(key).Run(ctx); !errs.HasRule(err, entity.RuleInvalidKey) {
			t.Errorf("Get %s: error = %v, want ErrInvalidKey", name, err)
		}
		if _, err := tbl.Delete(key).Run(ctx); !errs.HasRule(err, entity.RuleInvalidKey) {
			t.Errorf("Delete %s: error = %v, want ErrInvalidKey", name, err)
		}
	}
	empty := validOrder("")
	if err := tbl.Put(empty).Run(ctx); !errors.Is(err, entity.ErrValidation) {
		t.Errorf("Put with empty key: %v, want a validation error", err)
	}
	if n := cc.calls.Load(); n != 0 {
		t.Fatalf("%d requests reached DynamoDB, want 0", n)
	}
}

func TestOversizedItemIsRefused(t *testing.T) {
	tbl, cc := newOrders(t)
	big := validOrder("o-big")
	line := Line{SKU: string(bytesOf('x', 1000)), Qty: 1}
	for i := 0; i < 420; i++ {
		big.Lines = append(big.Lines, line)
	}
	err := tbl.Put(big).Run(context.Background())
	var se *entity.SizeError
	if !errors.Is(err, entity.ErrItemTooLarge) || !errors.As(err, &se) || se.Size <= entity.MaxItemBytes {
		t.Fatalf("error = %v, want a *SizeError over %d bytes", err, entity.MaxItemBytes)
	}
	if n := cc.calls.Load(); n != 0 {
		t.Fatalf("%d requests reached DynamoDB, want 0", n)
	}
}

func bytesOf(c byte, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = c
	}
	return b
}

func TestCorruptStoredItemsAreTypedErrors(t *testing.T) {
	ctx := context.Background()
	tbl, cc := newOrders(t)
	base := func(id string) map[string]types.AttributeValue {
		return map[string]types.AttributeValue{
			"orderId": s(id), "customer": s("c"), "status": s("open"), "total": n("1"),
			"created": s("2025-01-01T00:00:00Z"), "_v": n("2"),
		}
	}
	wrongType := base("wrong-type")
	wrongType["total"] = s("lots")
	missingRequired := base("missing-required")
	delete(missingRequired, "customer")
	future := base("future")
	future["_v"] = n("9")
	badVersion := base("bad-version")
	badVersion["_v"] = s("two")
	badTime := base("bad-time")
	badTime["created"] = s("yesterday")
	badNested := base("bad-nested")
	badNested["lines"] = &types.AttributeValueMemberL{Value: []types.AttributeValue{&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"sku": s("A"), "qty": s("two")}}}}
	for _, item := range []map[string]types.AttributeValue{wrongType, missingRequired, future, badVersion, badTime, badNested} {
		rawPut(t, cc.Client, tbl.Name(), item)
	}

	tests := []struct {
		id        string
		is        error
		attribute string
	}{
		{"wrong-type", entity.ErrDecode, "total"},
		{"missing-required", entity.ErrValidation, ""},
		{"future", entity.ErrUnknownVersion, "_v"},
		{"bad-version", entity.ErrDecode, "_v"},
		{"bad-time", entity.ErrDecode, "created"},
		{"bad-nested", entity.ErrDecode, "lines[0].qty"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			got, err := tbl.Get(entity.NewKey(tt.id)).Run(ctx)
			if got != nil {
				t.Fatalf("Get returned a value with the error: %+v", got)
			}
			if !errors.Is(err, tt.is) {
				t.Fatalf("error = %v, want %v", err, tt.is)
			}
			var de *entity.DecodeError
			if errors.As(err, &de) {
				if de.Attribute != tt.attribute || de.Table != tbl.Name() || de.Key != `{orderId="`+tt.id+`"}` {
					t.Fatalf("DecodeError = %+v, want attribute %q", de, tt.attribute)
				}
				return
			}
			var ve *entity.ValidationError
			if !errors.As(err, &ve) || !ve.Read || ve.Key != `{orderId="`+tt.id+`"}` || ve.Fields[0].Attribute != "customer" {
				t.Fatalf("error = %#v, want a read *ValidationError naming the key and customer", err)
			}
		})
	}
}

func TestOlderVersionsAreUpgradedOnRead(t *testing.T) {
	ctx := context.Background()
	tbl, cc := newOrders(t)
	// Written by version 1 of the model: "state", no tier, no lines.
	rawPut(t, cc.Client, tbl.Name(), map[string]types.AttributeValue{
		"orderId": s("o-v1"), "customer": s("c9"), "state": s("shipped"), "total": n("3"),
		"created": s("2024-05-06T07:08:09Z"), "_v": n("1"),
	})
	// Written before the library: no version at all means version 1.
	rawPut(t, cc.Client, tbl.Name(), map[string]types.AttributeValue{
		"orderId": s("o-legacy"), "customer": s("c8"), "state": s("open"), "total": n("4"),
		"created": s("2024-05-06T07:08:09Z"),
	})
	for id, status := range map[string]string{"o-v1": "shipped", "o-legacy": "open"} {
		got, err := tbl.Get(entity.NewKey(id)).Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != status || got.Tier != "standard" {
			t.Fatalf("%s upgraded to status %q tier %q", id, got.Status, got.Tier)
		}
	}
	// Writing it back stores the current version.
	got, _ := tbl.Get(entity.NewKey("o-v1")).Run(ctx)
	if err := tbl.Put(got).Run(ctx); err != nil {
		t.Fatal(err)
	}
	stored := rawGet(t, cc.Client, tbl.Name(), map[string]types.AttributeValue{"orderId": s("o-v1")})
	if _, hasState := stored["state"]; hasState || !reflect.DeepEqual(stored["_v"], n("2")) || !reflect.DeepEqual(stored["status"], s("shipped")) {
		t.Fatalf("rewritten item = %v", stored)
	}
}

func TestCreateOnExistingKeyFailsWithTheCurrentItem(t *testing.T) {
	ctx := context.Background()
	tbl, _ := newOrders(t)
	first := validOrder("o-dup")
	if err := tbl.Create(first).Run(ctx); err != nil {
		t.Fatal(err)
	}
	second := validOrder("o-dup")
	second.Customer = "someone else"
	err := tbl.Create(second).Run(ctx)
	if !errors.Is(err, entity.ErrAlreadyExists) || !errors.Is(err, entity.ErrConditionFailed) {
		t.Fatalf("error = %v, want ErrAlreadyExists and ErrConditionFailed", err)
	}
	var ccf *types.ConditionalCheckFailedException
	if !errors.As(err, &ccf) {
		t.Fatalf("the AWS error is not reachable through %v", err)
	}
	cur, ok := entity.CurrentItem[Order](err)
	if !ok || !reflect.DeepEqual(cur, first) {
		t.Fatalf("current item = %+v, %v; want %+v", cur, ok, first)
	}
	stored, _ := tbl.Get(entity.NewKey("o-dup")).Run(ctx)
	if stored.Customer != "c1" {
		t.Fatalf("second Create overwrote the item: %+v", stored)
	}
}

func TestConditionalWritesAndDelete(t *testing.T) {
	ctx := context.Background()
	tbl, _ := newOrders(t)
	o := validOrder("o-c")
	o.Status = "shipped"
	if err := tbl.Put(o).Run(ctx); err != nil {
		t.Fatal(err)
	}
	change := validOrder("o-c")
	change.Total = 99
	err := tbl.Put(change).If(cond.Name("status").Eq("open")).Run(ctx)
	if !errors.Is(err, entity.ErrConditionFailed) || errors.Is(err, entity.ErrAlreadyExists) {
		t.Fatalf("conditional Put error = %v", err)
	}
	if cur, _ := entity.CurrentItem[Order](err); cur == nil || cur.Status != "shipped" || cur.Total != 12.5 {
		t.Fatalf("current item = %+v", cur)
	}
	if err := tbl.Put(change).If(cond.Name("status").Eq("shipped")).Run(ctx); err != nil {
		t.Fatalf("Put whose condition holds: %v", err)
	}

	// Delete with a false condition leaves the item; ReturnOld returns it.
	_, err = tbl.Delete(entity.NewKey("o-c")).If(cond.Name("total").Lt(10)).Run(ctx)
	if !errors.Is(err, entity.ErrConditionFailed) {
		t.Fatalf("conditional Delete error = %v", err)
	}
	old, err := tbl.Delete(entity.NewKey("o-c")).ReturnOld().Run(ctx)
	if err != nil || old == nil || old.Total != 99 {
		t.Fatalf("Delete = %+v, %v", old, err)
	}
	if _, err := tbl.Get(entity.NewKey("o-c")).Run(ctx); !errors.Is(err, entity.ErrNotFound) {
		t.Fatalf("Get after Delete: %v, want ErrNotFound", err)
	}
	old, err = tbl.Delete(entity.NewKey("o-c")).ReturnOld().Run(ctx)
	if err != nil || old != nil {
		t.Fatalf("deleting a missing item = %+v, %v; want nil, nil", old, err)
	}
	// A condition on a missing item fails with no current item.
	_, err = tbl.Delete(entity.NewKey("o-c")).If(cond.Name("orderId").Exists()).Run(ctx)
	var cf *entity.ConditionFailedError
	if !errors.As(err, &cf) || cf.Raw != nil || cf.Current != nil {
		t.Fatalf("error = %#v, want a condition failure without an item", err)
	}
}

func TestConsumedCapacityAndProjection(t *testing.T) {
	ctx := context.Background()
	tbl, _ := newOrders(t)
	var wcc, rcc types.ConsumedCapacity
	if err := tbl.Put(validOrder("o-p")).ConsumedCapacity(&wcc).Run(ctx); err != nil {
		t.Fatal(err)
	}
	if aws.ToFloat64(wcc.CapacityUnits) < 1 || aws.ToString(wcc.TableName) != tbl.Name() {
		t.Fatalf("write capacity = %+v", wcc)
	}
	// customer is required but not read: the projected read still validates.
	got, err := tbl.Get(entity.NewKey("o-p")).Project("orderId", "total").ConsistentRead().ConsumedCapacity(&rcc).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.OrderID != "o-p" || got.Total != 12.5 || got.Customer != "" || got.Tier != "" {
		t.Fatalf("projected Get = %+v", got)
	}
	if aws.ToFloat64(rcc.CapacityUnits) != 1 {
		t.Fatalf("a consistent read of a small item costs 1 RCU, got %+v", rcc)
	}
	if _, err := tbl.Get(entity.NewKey("o-p")).Project("nope").Run(ctx); err == nil {
		t.Fatal("projecting an unknown attribute succeeded")
	}
}

// Account uses an optimistic-lock version and a declared entity type.
type Account struct {
	entity.Model `ddb:"table=accounts,type=Account"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Balance      int    `dynamodbav:"balance"`
	Version      int    `dynamodbav:"ver" ddb:"lock"`
}

type Invoice struct {
	entity.Model `ddb:"table=accounts,type=Invoice"`
	ID           string `dynamodbav:"id" ddb:"pk"`
}

func TestLockVersionAndEntityType(t *testing.T) {
	ctx := context.Background()
	client := dynamotest.Client(t)
	name := simpleTable(t, client, "id")
	accounts, err := entity.NewTable[Account](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	a := &Account{ID: "a1", Balance: 10}
	if err := accounts.Put(a).Run(ctx); err != nil || a.Version != 1 {
		t.Fatalf("first Put: %v, version %d", err, a.Version)
	}
	stale := *a
	a.Balance = 20
	if err := accounts.Put(a).Run(ctx); err != nil || a.Version != 2 {
		t.Fatalf("second Put: %v, version %d", err, a.Version)
	}
	stale.Balance = 5
	err = accounts.Put(&stale).Run(ctx)
	cur, _ := entity.CurrentItem[Account](err)
	if !errors.Is(err, entity.ErrConditionFailed) || cur == nil || cur.Version != 2 || cur.Balance != 20 {
		t.Fatalf("stale Put: %v, current %+v", err, cur)
	}
	if stale.Version != 1 {
		t.Fatalf("a failed Put changed the version to %d", stale.Version)
	}
	if err := accounts.Create(&Account{ID: "a1"}).Run(ctx); !errors.Is(err, entity.ErrAlreadyExists) {
		t.Fatalf("Create over a versioned item: %v", err)
	}
	stored := rawGet(t, client, name, map[string]types.AttributeValue{"id": s("a1")})
	if !reflect.DeepEqual(stored["_t"], s("Account")) || !reflect.DeepEqual(stored["ver"], n("2")) {
		t.Fatalf("stored = %v", stored)
	}

	// Delete checks the version the caller read.
	_, err = accounts.Delete(entity.NewKey("a1")).IfVersion(1).Run(ctx)
	if cur, _ := entity.CurrentItem[Account](err); !errors.Is(err, entity.ErrConditionFailed) || cur == nil || cur.Version != 2 {
		t.Fatalf("Delete with a stale version: %v", err)
	}

	invoices, err := entity.NewTable[Invoice](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := invoices.Get(entity.NewKey("a1")).Run(ctx); !errors.Is(err, entity.ErrEntityType) {
		t.Fatalf("reading an Account as an Invoice: %v, want ErrEntityType", err)
	}
	if old, err := accounts.Delete(entity.NewKey("a1")).IfVersion(2).ReturnOld().Run(ctx); err != nil || old.Balance != 20 {
		t.Fatalf("Delete at the current version: %+v, %v", old, err)
	}
}
