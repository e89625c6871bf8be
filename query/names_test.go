package query_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/schema"
)

// A shipment has a nested struct, so filters can name its fields.
type shipment struct {
	entity.Model `ddb:"table=shipments"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Seq          int    `dynamodbav:"seq" ddb:"sk"`
	Status       string `dynamodbav:"status"`
	Dest         dest   `dynamodbav:"dest"`
}

type dest struct {
	City string `dynamodbav:"city"`
	Zip  string `dynamodbav:"zip"`
}

var shipmentMeta = entity.MustRegister[shipment]()

// requestCounter counts every HTTP request a client sends, whatever the
// operation, so "nothing was sent" covers every kind of request.
type requestCounter struct {
	next dynamodb.HTTPClient
	n    atomic.Int32
}

func (c *requestCounter) Do(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.Do(r)
}

func countedClient(t *testing.T) (*dynamodb.Client, *requestCounter) {
	t.Helper()
	rc := &requestCounter{}
	c := dynamodb.New(dynamotest.Client(t).Options(), func(o *dynamodb.Options) {
		rc.next, o.HTTPClient = o.HTTPClient, rc
	})
	return c, rc
}

// shipmentsFixture writes shipment s-1, seq 1..6, through the raw SDK as
// other code would: the odd ones to Lyon, the even ones to Paris, and
// seq 2 and 5 with an attribute the model does not declare.
func shipmentsFixture(t *testing.T) (*entity.Table[shipment], *dynamodb.Client, *requestCounter) {
	t.Helper()
	ctx := context.Background()
	client, rc := countedClient(t)
	name := dynamotest.TableName(t, "shipments")
	dynamotest.DeleteTableOnCleanup(t, dynamotest.Client(t), name)
	if _, err := schema.CreateTable(ctx, client, name, shipmentMeta); err != nil {
		t.Fatal(err)
	}
	for seq := 1; seq <= 6; seq++ {
		city := "Lyon"
		if seq%2 == 0 {
			city = "Paris"
		}
		item := map[string]types.AttributeValue{
			"id": &types.AttributeValueMemberS{Value: "s-1"}, "seq": &types.AttributeValueMemberN{Value: strconv.Itoa(seq)},
			"status": &types.AttributeValueMemberS{Value: "open"},
			"dest": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
				"city": &types.AttributeValueMemberS{Value: city}, "zip": &types.AttributeValueMemberS{Value: "0000" + strconv.Itoa(seq)}}},
		}
		if seq == 2 || seq == 5 {
			item["carrier_code"] = &types.AttributeValueMemberS{Value: "XP"}
			item["legacy"] = &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"weight": &types.AttributeValueMemberN{Value: strconv.Itoa(10 * seq)}}}
		}
		if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(name), Item: item}); err != nil {
			t.Fatal(err)
		}
	}
	tbl, err := entity.NewTable[shipment](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	return tbl, client, rc
}

func seqs(items []shipment) []int {
	out := make([]int, len(items))
	for i, s := range items {
		out[i] = s.Seq
	}
	return out
}

// wantUnknownPath checks that err is an *entity.InputError (entity.RuleUnknownPath) naming
// path, table and entity.
func wantUnknownPath(t *testing.T, err error, table, entityName, path string) {
	t.Helper()
	var u *entity.InputError
	var uCause *model.PathError
	if !errs.HasRule(err, entity.RuleUnknownPath) || !(errors.As(err, &u) && errors.As(err, &uCause)) {
		t.Fatalf("err = %v, want an *entity.InputError of rule entity.RuleUnknownPath", err)
	}
	if u.Attribute != path || u.Table != table || uCause.Entity != entityName {
		t.Fatalf("error names %q in %q of %q, want %q in %q of %q", u.Attribute, u.Table, uCause.Entity, path, table, entityName)
	}
}

func TestMisspeltFilterAndProjectionNamesAreRefusedBeforeAnyRequest(t *testing.T) {
	tbl, _, rc := shipmentsFixture(t)
	ctx := context.Background()
	q := func() *query.Query[shipment] { return query.New(tbl).Where(query.Attr("id").Eq("s-1")) }
	cases := []struct {
		name string
		run  func() error
		path string
	}{
		{"Query filter", func() error { _, err := q().Filter(cond.Name("statuss").Eq("open")).Page(ctx); return err }, "statuss"},
		{"Query nested filter", func() error {
			_, err := q().Filter(cond.Name("dest").Field("citty").Eq("Lyon")).Page(ctx)
			return err
		}, "dest.citty"},
		{"Query filter, second clause", func() error {
			_, err := q().Filter(cond.Name("status").Eq("open")).Filter(cond.Name("dest").Field("city").Eq(cond.Name("dst").Field("city"))).Page(ctx)
			return err
		}, "dst.city"},
		{"Query Pages", func() error {
			for _, err := range q().Filter(cond.Name("statuss").Eq("open")).Pages(ctx) {
				return err
			}
			return nil
		}, "statuss"},
		{"Query projection", func() error { _, err := q().Project("status", "dst").Page(ctx); return err }, "dst"},
		{"Scan filter", func() error { _, err := query.NewScan(tbl).Filter(cond.Name("statuss").Exists()).Page(ctx); return err }, "statuss"},
		{"Scan nested filter", func() error {
			_, err := query.NewScan(tbl).Filter(cond.Name("dest").Index(0).Eq("x")).Page(ctx)
			return err
		}, "dest[0]"},
		{"parallel Scan filter", func() error {
			_, err := query.NewScan(tbl).Filter(cond.Name("statuss").Exists()).ParallelScan(ctx, query.NewScanProgress(2),
				func(context.Context, int, *query.Page[shipment]) error { return nil })
			return err
		}, "statuss"},
		{"Scan projection", func() error { _, err := query.NewScan(tbl).Project("statuss").Page(ctx); return err }, "statuss"},
		{"BatchGet projection", func() error {
			_, err := query.NewBatchGet(tbl, entity.NewKey("s-1", 1)).Project("statuss").Run(ctx)
			return err
		}, "statuss"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := rc.n.Load()
			wantUnknownPath(t, c.run(), tbl.Name(), "shipment", c.path)
			if sent := rc.n.Load() - before; sent != 0 {
				t.Fatalf("%d requests sent", sent)
			}
		})
	}
}

func TestFiltersOnNestedFieldsAndUndeclaredAttributes(t *testing.T) {
	tbl, _, _ := shipmentsFixture(t)
	ctx := context.Background()
	q := func() *query.Query[shipment] { return query.New(tbl).Where(query.Attr("id").Eq("s-1")) }
	cases := []struct {
		name   string
		filter cond.Expr
		want   []int
	}{
		{"struct field", cond.Name("dest").Field("city").Eq("Paris"), []int{2, 4, 6}},
		{"struct field with a function", cond.Name("dest").Field("zip").BeginsWith("00003"), []int{3}},
		{"undeclared attribute", cond.Undeclared("carrier_code").Eq("XP"), []int{2, 5}},
		{"undeclared attribute absent", cond.Undeclared("carrier_code").NotExists(), []int{1, 3, 4, 6}},
		{"inside an undeclared map", cond.Undeclared("legacy").Field("weight").Gt(30), []int{5}},
		{"undeclared and declared together",
			cond.Undeclared("carrier_code").Eq("XP").And(cond.Name("dest").Field("city").Eq("Lyon")), []int{5}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			page, err := q().Filter(c.filter).Page(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := seqs(page.Items); !slices.Equal(got, c.want) || page.ScannedCount != 6 {
				t.Fatalf("Query: items %v (scanned %d), want %v of 6", got, page.ScannedCount, c.want)
			}
			page, err = query.NewScan(tbl).Filter(c.filter).Page(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got := seqs(page.Items)
			slices.Sort(got)
			if !slices.Equal(got, c.want) {
				t.Fatalf("Scan: items %v, want %v", got, c.want)
			}
		})
	}
}

func TestCollectionFilterNamesAreCheckedAgainstEveryEntity(t *testing.T) {
	coll, _ := collFixture(t)
	ctx := context.Background()
	client, rc := countedClient(t)
	c, err := query.NewCollection(client, collTable(coll), collOrderMeta, collItemMeta)
	if err != nil {
		t.Fatal(err)
	}
	// A name one of the entities declares is fine: quantity is an order
	// item's, customer an order's.
	page, err := c.Query("o-1").Filter(cond.Or(cond.Name("quantity").Ge(2), cond.Name("customer").Exists())).Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sortKeys(page.Items), []string{"OrderItem o-1/ITEM#002", "OrderItem o-1/ITEM#003", "Order o-1/ORDER"}; !slices.Equal(got, want) {
		t.Fatalf("items = %v, want %v", got, want)
	}
	// One neither declares is refused, naming both, before any request.
	before := rc.n.Load()
	_, err = c.Query("o-1").Filter(cond.Name("quantity").Ge(2).Or(cond.Name("quantitty").Ge(2))).Page(ctx)
	wantUnknownPath(t, err, collTable(coll), "Order or OrderItem", "quantitty")
	// A third entity of the table declares text; the collection does not
	// hold it.
	_, err = c.Query("o-1").Filter(cond.Name("text").Exists()).Page(ctx)
	wantUnknownPath(t, err, collTable(coll), "Order or OrderItem", "text")
	if sent := rc.n.Load() - before; sent != 0 {
		t.Fatalf("%d requests sent", sent)
	}
	// Named with Undeclared, it is sent: no stored item has it.
	page, err = c.Query("o-1").Filter(cond.Undeclared("quantitty").Exists()).Page(ctx)
	if err != nil || len(page.Items) != 0 || page.ScannedCount != 4 {
		t.Fatalf("undeclared filter: %v items of %d scanned, %v", sortKeys(page.Items), page.ScannedCount, err)
	}
}
