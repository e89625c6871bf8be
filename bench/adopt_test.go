package bench

import (
	"context"
	"errors"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/guregu/dynamo/v2"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/update"
)

// This test lives in the bench module so that guregu/dynamo stays out of
// the library's go.mod. It adopts a table that guregu/dynamo created and
// wrote: no _t, no _v, times as RFC 3339 text (time.Time's MarshalText).

// gureguTicket is the struct of the service that wrote the table.
type gureguTicket struct {
	Tenant   string    `dynamo:"tenant,hash"`
	ID       string    `dynamo:"id,range"`
	Assignee string    `dynamo:"assignee" index:"ByAssignee,hash"`
	Opened   time.Time `dynamo:"opened" index:"ByAssignee,range"`
	Status   string    `dynamo:"status"`
	Tier     string    `dynamo:"tier,omitempty"`
}

// adoptedTicket is the model put in front of the table, as it is.
type adoptedTicket struct {
	entity.Model `ddb:"table=tickets,type=Ticket,untyped=all"`
	Tenant       string    `dynamodbav:"tenant" ddb:"pk"`
	ID           string    `dynamodbav:"id" ddb:"sk"`
	Assignee     string    `dynamodbav:"assignee" ddb:"gsi=ByAssignee:pk1"`
	Opened       time.Time `dynamodbav:"opened" ddb:"gsi=ByAssignee:sk1,timeformat=rfc3339"`
	Status       string    `dynamodbav:"status" validate:"oneof=open closed"`
	Tier         string    `dynamodbav:"tier" ddb:"default=standard" validate:"oneof=standard premium"`
}

func TestAdoptTableWrittenByGuregu(t *testing.T) {
	ctx := context.Background()
	client := dynamotest.Client(t)
	db := dynamo.NewFromIface(client)
	name := dynamotest.TableName(t, "guregu-tickets")
	dynamotest.DeleteTableOnCleanup(t, client, name)
	if err := db.CreateTable(name, gureguTicket{}).OnDemand(true).Project("ByAssignee", dynamo.AllProjection).Run(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := schema.WaitActive(ctx, client, name); err != nil {
		t.Fatal(err)
	}
	// 10:00:00.5 is after 10:00:00, but its text "…10:00:00.5Z" sorts
	// before "…10:00:00Z".
	at0 := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	at05 := at0.Add(500 * time.Millisecond)
	at1 := at0.Add(time.Second)
	gt := db.Table(name)
	for _, g := range []gureguTicket{
		{Tenant: "acme", ID: "T1", Assignee: "ana", Opened: at0, Status: "open", Tier: "premium"},
		{Tenant: "acme", ID: "T2", Assignee: "ana", Opened: at05, Status: "open"},
		{Tenant: "acme", ID: "T3", Assignee: "ana", Opened: at1, Status: "closed", Tier: "premium"},
	} {
		if err := gt.Put(g).Run(ctx); err != nil {
			t.Fatal(err)
		}
	}

	tbl, err := entity.NewTable[adoptedTicket](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}

	// Get: the missing tier reads as its default.
	got, err := tbl.Get(entity.NewKey("acme", "T2")).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := (adoptedTicket{Tenant: "acme", ID: "T2", Assignee: "ana", Opened: at05, Status: "open", Tier: "standard"}); !reflect.DeepEqual(*got, want) {
		t.Fatalf("Get = %+v, want %+v", *got, want)
	}

	// Query the index guregu created: in the order of the stored text,
	// and range conditions compare that text.
	ids := func(items []adoptedTicket) []string {
		out := make([]string, len(items))
		for i, it := range items {
			out[i] = it.ID
		}
		return out
	}
	for _, c := range []struct {
		conds []query.KeyCondition
		want  []string
	}{
		{nil, []string{"T2", "T1", "T3"}},
		{[]query.KeyCondition{query.Attr("opened").Ge(at0)}, []string{"T1", "T3"}},
		{[]query.KeyCondition{query.Attr("opened").Lt(at0)}, []string{"T2"}},
	} {
		conds := append([]query.KeyCondition{query.Attr("assignee").Eq("ana")}, c.conds...)
		page, err := query.New(tbl).Index("ByAssignee").Where(conds...).Page(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(page.Items); !slices.Equal(got, c.want) {
			t.Errorf("query %v = %v, want %v", c.conds, got, c.want)
		}
	}

	// Update: only the attribute set changes, plus the library's stamp.
	key := map[string]types.AttributeValue{"tenant": &types.AttributeValueMemberS{Value: "acme"}, "id": &types.AttributeValueMemberS{Value: "T1"}}
	before := getRaw(t, client, name, key)
	if _, err := update.New(tbl, entity.NewKey("acme", "T1")).Set(cond.Name("status"), "closed").Run(ctx); err != nil {
		t.Fatal(err)
	}
	want := maps.Clone(before)
	want["status"] = &types.AttributeValueMemberS{Value: "closed"}
	want[entity.TypeAttribute] = &types.AttributeValueMemberS{Value: "Ticket"}
	want[entity.VersionAttribute] = &types.AttributeValueMemberN{Value: "1"}
	if after := getRaw(t, client, name, key); !reflect.DeepEqual(after, want) {
		t.Fatalf("stored after the update:\n%#v\nwant\n%#v", after, want)
	}

	// The old service still reads the item the model updated, and writes
	// that drop the stamp leave an item the model still owns.
	var old gureguTicket
	if err := gt.Get("tenant", "acme").Range("id", dynamo.Equal, "T1").Consistent(true).One(ctx, &old); err != nil || old.Status != "closed" || !old.Opened.Equal(at0) {
		t.Fatalf("guregu read after the update = %+v, %v", old, err)
	}
	old.Status = "open"
	if err := gt.Put(old).Run(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := tbl.Get(entity.NewKey("acme", "T1")).ConsistentRead().Run(ctx); err != nil || got.Status != "open" {
		t.Fatalf("Get after guregu rewrote the item = %+v, %v", got, err)
	}

	// An item another entity type stamped is not the ticket model's.
	putRaw(t, client, name, map[string]types.AttributeValue{
		"tenant": &types.AttributeValueMemberS{Value: "acme"}, "id": &types.AttributeValueMemberS{Value: "N1"},
		entity.TypeAttribute: &types.AttributeValueMemberS{Value: "Note"},
	})
	if _, err := tbl.Get(entity.NewKey("acme", "N1")).Run(ctx); !errors.Is(err, entity.ErrEntityType) {
		t.Fatalf("Get of a note = %v; want ErrEntityType", err)
	}
}

func getRaw(t *testing.T, client *dynamodb.Client, table string, key map[string]types.AttributeValue) map[string]types.AttributeValue {
	t.Helper()
	out, err := client.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String(table), Key: key, ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	return out.Item
}

func putRaw(t *testing.T, client *dynamodb.Client, table string, item map[string]types.AttributeValue) {
	t.Helper()
	if _, err := client.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(table), Item: item}); err != nil {
		t.Fatal(err)
	}
}
