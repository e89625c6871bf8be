package query_test

import (
	"context"
	"errors"
	"maps"
	"reflect"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/update"
)

// legacyTicket is how a service that predates the model wrote its tickets:
// attributevalue.MarshalMap and PutItem, no _t, no _v, times as RFC 3339.
type legacyTicket struct {
	Tenant   string    `dynamodbav:"tenant"`
	ID       string    `dynamodbav:"id"`
	Assignee string    `dynamodbav:"assignee"`
	Opened   time.Time `dynamodbav:"opened"`
	Status   string    `dynamodbav:"status"`
	Tier     string    `dynamodbav:"tier,omitempty"`
}

// adoptedTicket is the model put in front of the same table, unchanged:
// it owns the items without _t, and reads its index sort key in the text
// attributevalue wrote.
type adoptedTicket struct {
	entity.Model `ddb:"table=tickets,type=Ticket,untyped=all"`
	Tenant       string    `dynamodbav:"tenant" ddb:"pk"`
	ID           string    `dynamodbav:"id" ddb:"sk"`
	Assignee     string    `dynamodbav:"assignee" ddb:"gsi=ByAssignee:pk1"`
	Opened       time.Time `dynamodbav:"opened" ddb:"gsi=ByAssignee:sk1,timeformat=rfc3339"`
	Status       string    `dynamodbav:"status" validate:"oneof=open closed"`
	Tier         string    `dynamodbav:"tier" ddb:"default=standard" validate:"oneof=standard premium"`
}

var (
	// 10:00:00.5 is after 10:00:00, but its RFC 3339 text
	// "…10:00:00.5Z" sorts before "…10:00:00Z" ('.' < 'Z').
	opened0  = time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	opened05 = time.Date(2025, 3, 4, 10, 0, 0, 500_000_000, time.UTC)
	opened1  = time.Date(2025, 3, 4, 10, 0, 1, 0, time.UTC)
)

// legacyTable creates the table as the old service did and fills it with
// attributevalue.MarshalMap: three tickets of ana, one of bob, and a note
// another service stamped with its own type.
func legacyTable(t *testing.T) (*entity.Table[adoptedTicket], *dynamodb.Client, string) {
	t.Helper()
	client := dynamotest.Client(t)
	S := types.ScalarAttributeTypeS
	name := dynamotest.CreateTable(t, client, &dynamodb.CreateTableInput{
		TableName: aws.String("legacy-tickets"),
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String("tenant"), AttributeType: S}, {AttributeName: aws.String("id"), AttributeType: S},
			{AttributeName: aws.String("assignee"), AttributeType: S}, {AttributeName: aws.String("opened"), AttributeType: S},
		},
		KeySchema: []types.KeySchemaElement{
			{AttributeName: aws.String("tenant"), KeyType: types.KeyTypeHash}, {AttributeName: aws.String("id"), KeyType: types.KeyTypeRange},
		},
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{
			IndexName: aws.String("ByAssignee"),
			KeySchema: []types.KeySchemaElement{
				{AttributeName: aws.String("assignee"), KeyType: types.KeyTypeHash}, {AttributeName: aws.String("opened"), KeyType: types.KeyTypeRange},
			},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
		}},
	})
	for _, lt := range []legacyTicket{
		{Tenant: "acme", ID: "T1", Assignee: "ana", Opened: opened0, Status: "open", Tier: "premium"},
		{Tenant: "acme", ID: "T2", Assignee: "ana", Opened: opened05, Status: "open"},
		{Tenant: "acme", ID: "T3", Assignee: "ana", Opened: opened1, Status: "closed", Tier: "premium"},
		{Tenant: "acme", ID: "T4", Assignee: "bob", Opened: opened0, Status: "open"},
	} {
		item, err := attributevalue.MarshalMap(lt)
		if err != nil {
			t.Fatal(err)
		}
		rawPutItem(t, client, name, item)
	}
	rawPutItem(t, client, name, map[string]types.AttributeValue{
		"tenant": s("acme"), "id": s("N1"), "body": s("call back"), entity.TypeAttribute: s("Note"),
	})
	tbl, err := entity.NewTable[adoptedTicket](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	return tbl, client, name
}

func rawPutItem(t *testing.T, client *dynamodb.Client, table string, item map[string]types.AttributeValue) {
	t.Helper()
	if _, err := client.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(table), Item: item}); err != nil {
		t.Fatal(err)
	}
}

func rawGetItem(t *testing.T, client *dynamodb.Client, table string, key map[string]types.AttributeValue) map[string]types.AttributeValue {
	t.Helper()
	out, err := client.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String(table), Key: key, ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	return out.Item
}

func adoptedIDs(items []adoptedTicket) []string {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	return ids
}

func TestAdoptTableWrittenByAttributevalue(t *testing.T) {
	ctx := context.Background()
	tbl, client, name := legacyTable(t)
	if w := entity.MustRegister[adoptedTicket]().Warnings(); len(w) != 2 {
		// The RFC 3339 sort key, and Tier's default standing for "".
		t.Fatalf("warnings = %q", w)
	}

	t.Run("Get", func(t *testing.T) {
		got, err := tbl.Get(entity.NewKey("acme", "T2")).Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := adoptedTicket{Tenant: "acme", ID: "T2", Assignee: "ana", Opened: opened05, Status: "open", Tier: "standard"}
		if !reflect.DeepEqual(*got, want) {
			t.Fatalf("Get = %+v, want %+v", *got, want)
		}
	})

	t.Run("Query orders as the stored text", func(t *testing.T) {
		page, err := query.New(tbl).Index("ByAssignee").Where(query.Attr("assignee").Eq("ana")).Page(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// DynamoDB sorts the text attributevalue wrote, not the times.
		if got := adoptedIDs(page.Items); !slices.Equal(got, []string{"T2", "T1", "T3"}) {
			t.Fatalf("order = %v, want the text order T2, T1, T3", got)
		}
		texts := make([]string, len(page.Items))
		for i, it := range page.Items {
			texts[i] = it.Opened.Format(time.RFC3339Nano)
		}
		if !sort.StringsAreSorted(texts) {
			t.Fatalf("stored texts out of order: %v", texts)
		}
	})

	t.Run("Range conditions compare the stored text", func(t *testing.T) {
		for _, c := range []struct {
			cond query.KeyCondition
			want []string
		}{
			// T2 (10:00:00.5) is after 10:00:00, yet its text is
			// below "…10:00:00Z".
			{query.Attr("opened").Ge(opened0), []string{"T1", "T3"}},
			{query.Attr("opened").Lt(opened0), []string{"T2"}},
			{query.Attr("opened").Between(opened0, opened1), []string{"T1", "T3"}},
			{query.Attr("opened").Eq(opened05), []string{"T2"}},
		} {
			page, err := query.New(tbl).Index("ByAssignee").Where(query.Attr("assignee").Eq("ana"), c.cond).Page(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := adoptedIDs(page.Items); !slices.Equal(got, c.want) {
				t.Errorf("%v: got %v, want %v", c.cond, got, c.want)
			}
		}
	})

	t.Run("Scan keeps the untyped tickets and leaves out the note", func(t *testing.T) {
		page, err := query.NewScan(tbl).ConsistentRead().Page(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := adoptedIDs(page.Items)
		slices.Sort(got)
		if !slices.Equal(got, []string{"T1", "T2", "T3", "T4"}) || len(page.Invalid) != 0 {
			t.Fatalf("scan = %v, invalid %v", got, page.Invalid)
		}
	})

	t.Run("Update changes only what it sets", func(t *testing.T) {
		key := map[string]types.AttributeValue{"tenant": s("acme"), "id": s("T1")}
		before := rawGetItem(t, client, name, key)
		if _, err := update.New(tbl, entity.NewKey("acme", "T1")).Set(cond.Name("status"), "closed").Run(ctx); err != nil {
			t.Fatal(err)
		}
		after := rawGetItem(t, client, name, key)
		want := maps.Clone(before)
		want["status"] = s("closed")
		want[entity.TypeAttribute] = s("Ticket")
		want[entity.VersionAttribute] = &types.AttributeValueMemberN{Value: "1"}
		if !reflect.DeepEqual(after, want) {
			t.Fatalf("stored after the update:\n%#v\nwant\n%#v", after, want)
		}
		// The stamped item is still the model's, and still in the index
		// under the same text.
		page, err := query.New(tbl).Index("ByAssignee").Where(query.Attr("assignee").Eq("ana"), query.Attr("opened").Eq(opened0)).Page(ctx)
		if err != nil || len(page.Items) != 1 || page.Items[0].Status != "closed" {
			t.Fatalf("query after the update = %+v, %v", page, err)
		}
	})

	t.Run("An item of another type stays another type's", func(t *testing.T) {
		_, err := tbl.Get(entity.NewKey("acme", "N1")).Run(ctx)
		if !errors.Is(err, entity.ErrEntityType) {
			t.Fatalf("Get of the note = %v; want ErrEntityType", err)
		}
		_, err = update.New(tbl, entity.NewKey("acme", "N1")).Set(cond.Name("status"), "closed").Run(ctx)
		if !errors.Is(err, entity.ErrConditionFailed) {
			t.Fatalf("update of the note = %v; want ErrConditionFailed", err)
		}
		if note := rawGetItem(t, client, name, map[string]types.AttributeValue{"tenant": s("acme"), "id": s("N1")}); note["status"] != nil {
			t.Fatalf("the note was changed: %#v", note)
		}
	})

	t.Run("Put writes what attributevalue writes, stamped", func(t *testing.T) {
		in := &adoptedTicket{Tenant: "acme", ID: "T5", Assignee: "ana", Opened: opened05, Status: "open"}
		if err := tbl.Put(in).Run(ctx); err != nil {
			t.Fatal(err)
		}
		stored := rawGetItem(t, client, name, map[string]types.AttributeValue{"tenant": s("acme"), "id": s("T5")})
		want, err := attributevalue.MarshalMap(legacyTicket{Tenant: "acme", ID: "T5", Assignee: "ana", Opened: opened05, Status: "open", Tier: "standard"})
		if err != nil {
			t.Fatal(err)
		}
		want[entity.TypeAttribute] = s("Ticket")
		want[entity.VersionAttribute] = &types.AttributeValueMemberN{Value: "1"}
		if !reflect.DeepEqual(stored, want) {
			t.Fatalf("stored\n%#v\nwant\n%#v", stored, want)
		}
	})
}

// One table, two entity types written without _t and told apart by the
// prefix of their sort key.
type prefixedOrder struct {
	entity.Model `ddb:"table=shop,type=Order,untyped=begins_with(sk,ORDER#)"`
	PK           string `dynamodbav:"pk" ddb:"pk"`
	SK           string `dynamodbav:"sk" ddb:"sk"`
	Total        int    `dynamodbav:"total"`
}

type prefixedLine struct {
	entity.Model `ddb:"table=shop,type=Line,untyped=begins_with(sk,LINE#)"`
	PK           string `dynamodbav:"pk" ddb:"pk"`
	SK           string `dynamodbav:"sk" ddb:"sk"`
	SKU          string `dynamodbav:"sku" validate:"required"`
}

// claimingOrder claims every untyped item: with prefixedLine in the same
// table, some items would belong to both.
type claimingOrder struct {
	entity.Model `ddb:"table=shop,type=Order,untyped=all"`
	PK           string `dynamodbav:"pk" ddb:"pk"`
	SK           string `dynamodbav:"sk" ddb:"sk"`
}

type plainItem struct {
	PK    string `dynamodbav:"pk"`
	SK    string `dynamodbav:"sk"`
	Total int    `dynamodbav:"total,omitempty"`
	SKU   string `dynamodbav:"sku,omitempty"`
}

func TestAdoptSingleTableByKeyPrefix(t *testing.T) {
	ctx := context.Background()
	client := dynamotest.Client(t)
	orders, lines := entity.MustRegister[prefixedOrder](), entity.MustRegister[prefixedLine]()
	name := dynamotest.TableName(t, "shop")
	dynamotest.DeleteTableOnCleanup(t, client, name)
	if _, err := schema.CreateTable(ctx, client, name, orders, lines); err != nil {
		t.Fatal(err)
	}
	for _, it := range []plainItem{
		{PK: "O1", SK: "ORDER#O1", Total: 30},
		{PK: "O1", SK: "LINE#1", SKU: "pen"},
		{PK: "O1", SK: "LINE#2", SKU: "ink"},
		{PK: "O1", SK: "GIFT#1"},
	} {
		item, err := attributevalue.MarshalMap(it)
		if err != nil {
			t.Fatal(err)
		}
		rawPutItem(t, client, name, item)
	}

	coll, err := query.NewCollection(client, name, orders, lines)
	if err != nil {
		t.Fatal(err)
	}
	page, err := coll.Query("O1").SkipInvalid().Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := query.Of[prefixedOrder](page.Items); len(got) != 1 || got[0].Total != 30 {
		t.Fatalf("orders = %+v", got)
	}
	if got := query.Of[prefixedLine](page.Items); len(got) != 2 || got[0].SKU != "pen" || got[1].SKU != "ink" {
		t.Fatalf("lines = %+v", got)
	}
	// The gift is neither's: reported with its key, not read as either.
	if len(page.Invalid) != 1 || !errors.Is(page.Invalid[0].Err, query.ErrUnknownType) || !reflect.DeepEqual(page.Invalid[0].Key["sk"], s("GIFT#1")) {
		t.Fatalf("invalid = %+v", page.Invalid)
	}

	// An update through the line model reaches an untyped line, and not
	// an untyped order.
	lineTbl, err := entity.NewTable[prefixedLine](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := update.New(lineTbl, entity.NewKey("O1", "LINE#1")).Set(cond.Name("sku"), "pencil").Run(ctx); err != nil {
		t.Fatalf("update of an untyped line: %v", err)
	}
	if _, err := update.New(lineTbl, entity.NewKey("O1", "ORDER#O1")).Set(cond.Name("sku"), "x").Run(ctx); !errors.Is(err, entity.ErrConditionFailed) {
		t.Fatalf("update of the order through the line model = %v; want ErrConditionFailed", err)
	}

	// A Scan of lines keeps the lines only.
	scanned, err := query.NewScan(lineTbl).ConsistentRead().Page(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(scanned.Items); got != 2 {
		t.Fatalf("scan of lines = %+v", scanned.Items)
	}
}

// Where entities of one table meet, an untyped item claimed by two of them
// is a model error.
func TestOverlappingUntypedClaimsRefused(t *testing.T) {
	all, lines := entity.MustRegister[claimingOrder](), entity.MustRegister[prefixedLine]()
	if _, err := query.NewCollection(inputOnly{}, "shop", all, lines); !errors.Is(err, entity.ErrInvalidModel) || !matches(err, wantRule(query.RuleCollection)) {
		t.Fatalf("NewCollection = %v; want ErrInvalidModel and RuleCollection", err)
	}
	if _, err := schema.Define("shop", all, lines); !errors.Is(err, entity.ErrInvalidModel) || !errs.HasRule(err, schema.RuleInvalidTable) {
		t.Fatalf("Define = %v; want ErrInvalidModel and RuleInvalidTable", err)
	}
	// Disjoint prefixes are fine.
	if _, err := schema.Define("shop", entity.MustRegister[prefixedOrder](), lines); err != nil {
		t.Fatal(err)
	}
}
