package query_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/schema"
)

// A parcel is read through four indexes that each hold only some of its
// attributes: a global and a local one projecting KEYS_ONLY, and a global
// and a local one projecting INCLUDE. ByRoute's INCLUDE also lists
// legacy_code, an attribute the model does not declare.
type parcel struct {
	entity.Model `ddb:"table=parcels,project=ByCarrier:KEYS_ONLY,project=ByRoute:INCLUDE(weight,legacy_code),project=ByDepot:KEYS_ONLY,project=ByArrival:INCLUDE(weight)"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Seq          int    `dynamodbav:"seq" ddb:"sk"`
	Carrier      string `dynamodbav:"carrier" ddb:"gsi=ByCarrier:pk1"`
	Shipped      string `dynamodbav:"shipped" ddb:"gsi=ByCarrier:sk1"`
	Route        string `dynamodbav:"route" ddb:"gsi=ByRoute:pk1"`
	Depot        string `dynamodbav:"depot" ddb:"lsi=ByDepot"`
	Arrival      string `dynamodbav:"arrival" ddb:"lsi=ByArrival"`
	Weight       int    `dynamodbav:"weight"`
	Status       string `dynamodbav:"status"`
	Dest         dest   `dynamodbav:"dest"`
}

var parcelMeta = entity.MustRegister[parcel]()

// parcelsFixture stores parcels p-1/1..4, all with carrier XP on route
// LYS-CDG; 2 and 4 are heavy (weight 20) and go to Paris, and 3 and 4
// carry legacy_code, written by other code.
func parcelsFixture(t *testing.T) (*entity.Table[parcel], *requestCounter) {
	t.Helper()
	ctx := context.Background()
	client, rc := countedClient(t)
	name := dynamotest.TableName(t, "parcels")
	dynamotest.DeleteTableOnCleanup(t, dynamotest.Client(t), name)
	if _, err := schema.CreateTable(ctx, client, name, parcelMeta); err != nil {
		t.Fatal(err)
	}
	tbl, err := entity.NewTable[parcel](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	for seq := 1; seq <= 4; seq++ {
		p := parcel{ID: "p-1", Seq: seq, Carrier: "XP", Shipped: "2025-01-0" + strconv.Itoa(seq), Route: "LYS-CDG",
			Depot: "D" + strconv.Itoa(seq), Arrival: "A" + strconv.Itoa(seq), Weight: 10, Status: "open", Dest: dest{City: "Lyon"}}
		if seq%2 == 0 {
			p.Weight, p.Dest.City = 20, "Paris"
		}
		if err := tbl.Put(&p).Run(ctx); err != nil {
			t.Fatal(err)
		}
		if seq >= 3 {
			_, err := client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
				TableName: aws.String(name), Key: map[string]types.AttributeValue{
					"id": &types.AttributeValueMemberS{Value: "p-1"}, "seq": &types.AttributeValueMemberN{Value: strconv.Itoa(seq)}},
				UpdateExpression:          aws.String("SET legacy_code = :c"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":c": &types.AttributeValueMemberS{Value: "L"}},
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return tbl, rc
}

func parcelSeqs(items []parcel) []int {
	out := make([]int, len(items))
	for i, p := range items {
		out[i] = p.Seq
	}
	slices.Sort(out)
	return out
}

func TestNamesAnIndexDoesNotProjectAreRefusedBeforeAnyRequest(t *testing.T) {
	tbl, rc := parcelsFixture(t)
	ctx := context.Background()
	// A query of each index, with its partition key given.
	onIndex := map[string]func() *query.Query[parcel]{
		"ByCarrier": func() *query.Query[parcel] {
			return query.New(tbl).Index("ByCarrier").Where(query.Attr("carrier").Eq("XP"))
		},
		"ByRoute": func() *query.Query[parcel] {
			return query.New(tbl).Index("ByRoute").Where(query.Attr("route").Eq("LYS-CDG"))
		},
		"ByDepot": func() *query.Query[parcel] {
			return query.New(tbl).Index("ByDepot").Where(query.Attr("id").Eq("p-1"))
		},
		"ByArrival": func() *query.Query[parcel] {
			return query.New(tbl).Index("ByArrival").Where(query.Attr("id").Eq("p-1"))
		},
	}
	queryFilter := func(index string, f cond.Expr) func() error {
		return func() error { _, err := onIndex[index]().Filter(f).Page(ctx); return err }
	}
	scanFilter := func(index string, f cond.Expr) func() error {
		return func() error { _, err := query.NewScan(tbl).Index(index).Filter(f).Page(ctx); return err }
	}
	cases := []struct {
		name        string
		run         func() error
		index, path string
	}{
		// A global secondary index projecting KEYS_ONLY.
		{"GSI KEYS_ONLY, Query, =", queryFilter("ByCarrier", cond.Name("status").Eq("open")), "ByCarrier", "status"},
		{"GSI KEYS_ONLY, Query, attribute_exists", queryFilter("ByCarrier", cond.Name("weight").Exists()), "ByCarrier", "weight"},
		{"GSI KEYS_ONLY, Query, attribute_not_exists", queryFilter("ByCarrier", cond.Name("status").NotExists()), "ByCarrier", "status"},
		{"GSI KEYS_ONLY, Query, under an unprojected attribute", queryFilter("ByCarrier", cond.Name("dest").Field("city").Eq("Paris")), "ByCarrier", "dest.city"},
		{"GSI KEYS_ONLY, Query, as a value", queryFilter("ByCarrier", cond.Name("seq").Lt(cond.Name("weight"))), "ByCarrier", "weight"},
		{"GSI KEYS_ONLY, Query, second clause", queryFilter("ByCarrier", cond.Name("seq").Gt(1).And(cond.Name("status").Eq("open"))), "ByCarrier", "status"},
		{"GSI KEYS_ONLY, Query, undeclared", queryFilter("ByCarrier", cond.Undeclared("legacy_code").Exists()), "ByCarrier", "legacy_code"},
		{"GSI KEYS_ONLY, Query, the library's version", queryFilter("ByCarrier", cond.Name(entity.VersionAttribute).Eq(1)), "ByCarrier", entity.VersionAttribute},
		{"GSI KEYS_ONLY, Query Project", func() error { _, err := onIndex["ByCarrier"]().Project("status").Page(ctx); return err }, "ByCarrier", "status"},
		{"GSI KEYS_ONLY, Query Project with CountOnly", func() error {
			_, err := onIndex["ByCarrier"]().Project("seq", "weight").CountOnly().Page(ctx)
			return err
		}, "ByCarrier", "weight"},
		{"GSI KEYS_ONLY, Query Pages", func() error {
			for _, err := range onIndex["ByCarrier"]().Filter(cond.Name("status").Eq("open")).Pages(ctx) {
				return err
			}
			return nil
		}, "ByCarrier", "status"},
		{"GSI KEYS_ONLY, Query Input", func() error {
			_, err := onIndex["ByCarrier"]().Filter(cond.Name("status").Eq("open")).Input()
			return err
		}, "ByCarrier", "status"},
		{"GSI KEYS_ONLY, Scan, =", scanFilter("ByCarrier", cond.Name("status").Eq("open")), "ByCarrier", "status"},
		{"GSI KEYS_ONLY, Scan, attribute_exists", scanFilter("ByCarrier", cond.Name("weight").Exists()), "ByCarrier", "weight"},
		{"GSI KEYS_ONLY, Scan, attribute_not_exists", scanFilter("ByCarrier", cond.Name("weight").NotExists()), "ByCarrier", "weight"},
		{"GSI KEYS_ONLY, Scan, under an unprojected attribute", scanFilter("ByCarrier", cond.Name("dest").Field("city").Exists()), "ByCarrier", "dest.city"},
		{"GSI KEYS_ONLY, Scan Project", func() error { _, err := query.NewScan(tbl).Index("ByCarrier").Project("dest").Page(ctx); return err }, "ByCarrier", "dest"},
		{"GSI KEYS_ONLY, parallel Scan", func() error {
			_, err := query.NewScan(tbl).Index("ByCarrier").Filter(cond.Name("status").Eq("open")).ParallelScan(ctx, query.NewScanProgress(2),
				func(context.Context, int, *query.Page[parcel]) error { return nil })
			return err
		}, "ByCarrier", "status"},
		// A global secondary index projecting INCLUDE(weight, legacy_code).
		{"GSI INCLUDE, Query, =", queryFilter("ByRoute", cond.Name("status").Eq("open")), "ByRoute", "status"},
		{"GSI INCLUDE, Query, attribute_not_exists", queryFilter("ByRoute", cond.Name("status").NotExists()), "ByRoute", "status"},
		{"GSI INCLUDE, Query, under an unprojected attribute", queryFilter("ByRoute", cond.Name("dest").Field("city").Eq("Paris")), "ByRoute", "dest.city"},
		{"GSI INCLUDE, Query, another index's key", queryFilter("ByRoute", cond.Name("carrier").Eq("XP")), "ByRoute", "carrier"},
		{"GSI INCLUDE, Query Project", func() error { _, err := onIndex["ByRoute"]().Project("weight", "status").Page(ctx); return err }, "ByRoute", "status"},
		{"GSI INCLUDE, Scan, attribute_exists", scanFilter("ByRoute", cond.Name("status").Exists()), "ByRoute", "status"},
		{"GSI INCLUDE, Scan, under an unprojected attribute", scanFilter("ByRoute", cond.Name("dest").Field("city").Eq("Paris")), "ByRoute", "dest.city"},
		{"GSI INCLUDE, Scan, undeclared and not listed", scanFilter("ByRoute", cond.Undeclared("carrier_code").Exists()), "ByRoute", "carrier_code"},
		{"GSI INCLUDE, Scan Project", func() error { _, err := query.NewScan(tbl).Index("ByRoute").Project("status").Page(ctx); return err }, "ByRoute", "status"},
		// Local secondary indexes: a filter is evaluated on the index
		// entry too (DynamoDB refuses it in a Query).
		{"LSI KEYS_ONLY, Query, =", queryFilter("ByDepot", cond.Name("status").Eq("open")), "ByDepot", "status"},
		{"LSI KEYS_ONLY, Query, under an unprojected attribute", queryFilter("ByDepot", cond.Name("dest").Field("city").Eq("Paris")), "ByDepot", "dest.city"},
		{"LSI KEYS_ONLY, Scan, attribute_not_exists", scanFilter("ByDepot", cond.Name("weight").NotExists()), "ByDepot", "weight"},
		{"LSI INCLUDE, Query, attribute_exists", queryFilter("ByArrival", cond.Name("status").Exists()), "ByArrival", "status"},
		{"LSI INCLUDE, Scan, =", scanFilter("ByArrival", cond.Name("dest").Field("city").Eq("Paris")), "ByArrival", "dest.city"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := rc.n.Load()
			err := c.run()
			var ie *entity.InputError
			if !errors.As(err, &ie) || ie.Rule != query.RuleNotProjected || !errors.Is(err, entity.ErrInvalidInput) {
				t.Fatalf("err = %v, want an *entity.InputError of rule %s", err, query.RuleNotProjected)
			}
			if ie.Table != tbl.Name() || ie.Index != c.index || ie.Attribute != c.path {
				t.Fatalf("refusal names %q of index %q in %q, want %q of %q in %q", ie.Attribute, ie.Index, ie.Table, c.path, c.index, tbl.Name())
			}
			if sent := rc.n.Load() - before; sent != 0 {
				t.Fatalf("%d requests sent", sent)
			}
		})
	}
}

func TestNamesAnIndexProjectsAreReadFromIt(t *testing.T) {
	tbl, _ := parcelsFixture(t)
	ctx := context.Background()
	byCarrier := func() *query.Query[parcel] {
		return query.New(tbl).Index("ByCarrier").Where(query.Attr("carrier").Eq("XP"))
	}
	byRoute := func() *query.Query[parcel] {
		return query.New(tbl).Index("ByRoute").Where(query.Attr("route").Eq("LYS-CDG"))
	}
	inPartition := func(index string) *query.Query[parcel] {
		return query.New(tbl).Index(index).Where(query.Attr("id").Eq("p-1"))
	}
	cases := []struct {
		name string
		page func() (*query.Page[parcel], error)
		want []int
		// check looks at what was read of each item.
		check func(parcel) bool
	}{
		// The table's keys are in every index; an index's own keys too,
		// where a Scan may filter on them.
		{"GSI KEYS_ONLY, Query, the table's keys", func() (*query.Page[parcel], error) {
			return byCarrier().Filter(cond.Name("seq").Ge(3).And(cond.Name("id").Eq("p-1"))).Page(ctx)
		}, []int{3, 4}, func(p parcel) bool { return p.Carrier == "XP" && p.Status == "" }},
		{"GSI KEYS_ONLY, Scan, the index's keys", func() (*query.Page[parcel], error) {
			return query.NewScan(tbl).Index("ByCarrier").Filter(cond.Name("carrier").Eq("XP").And(cond.Name("shipped").Lt("2025-01-03"))).Page(ctx)
		}, []int{1, 2}, nil},
		{"GSI KEYS_ONLY, Query Project of keys", func() (*query.Page[parcel], error) {
			return byCarrier().Project("id", "seq", "shipped").Page(ctx)
		}, []int{1, 2, 3, 4}, func(p parcel) bool { return p.Shipped != "" }},
		// INCLUDE: the attributes listed, the library's version, and an
		// undeclared attribute the model's project= tag lists.
		{"GSI INCLUDE, Query, a listed attribute", func() (*query.Page[parcel], error) {
			return byRoute().Filter(cond.Name("weight").Gt(10)).Page(ctx)
		}, []int{2, 4}, func(p parcel) bool { return p.Weight == 20 && p.Status == "" }},
		{"GSI INCLUDE, Query, an undeclared listed attribute", func() (*query.Page[parcel], error) {
			return byRoute().Filter(cond.Undeclared("legacy_code").Exists()).Page(ctx)
		}, []int{3, 4}, nil},
		{"GSI INCLUDE, Scan, the library's version", func() (*query.Page[parcel], error) {
			return query.NewScan(tbl).Index("ByRoute").Filter(cond.Name(entity.VersionAttribute).Eq(1).And(cond.Name("weight").Lt(20))).Page(ctx)
		}, []int{1, 3}, nil},
		{"GSI INCLUDE, Scan Project", func() (*query.Page[parcel], error) {
			return query.NewScan(tbl).Index("ByRoute").Project("weight").Page(ctx)
		}, []int{1, 2, 3, 4}, func(p parcel) bool { return p.Weight != 0 }},
		// A local secondary index fetches what it does not project from
		// the table, for a projection.
		{"LSI KEYS_ONLY, Query Project of unprojected attributes", func() (*query.Page[parcel], error) {
			return inPartition("ByDepot").Project("status", "dest").Page(ctx)
		}, []int{1, 2, 3, 4}, func(p parcel) bool { return p.Status == "open" && p.Dest.City != "" }},
		{"LSI KEYS_ONLY, Scan Project of unprojected attributes", func() (*query.Page[parcel], error) {
			return query.NewScan(tbl).Index("ByDepot").Project("weight").Page(ctx)
		}, []int{1, 2, 3, 4}, func(p parcel) bool { return p.Weight != 0 }},
		{"LSI KEYS_ONLY, Query, the table's sort key", func() (*query.Page[parcel], error) {
			return inPartition("ByDepot").Filter(cond.Name("seq").Lt(3)).Page(ctx)
		}, []int{1, 2}, func(p parcel) bool { return p.Depot != "" }},
		{"LSI INCLUDE, Query, a listed attribute, projecting another", func() (*query.Page[parcel], error) {
			return inPartition("ByArrival").Filter(cond.Name("weight").Eq(20)).Project("dest").Page(ctx)
		}, []int{2, 4}, func(p parcel) bool { return p.Dest.City == "Paris" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			page, err := c.page()
			if err != nil {
				t.Fatal(err)
			}
			if got := parcelSeqs(page.Items); !slices.Equal(got, c.want) {
				t.Fatalf("items %v, want %v", got, c.want)
			}
			for _, p := range page.Items {
				if c.check != nil && !c.check(p) {
					t.Fatalf("item read as %+v", p)
				}
			}
		})
	}
}
