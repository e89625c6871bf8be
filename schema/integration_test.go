package schema_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
)

// Integration tests run against DynamoDB Local (see main_test.go). They
// fail, never skip, when it cannot be reached.

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// newTable creates a table for metas under a fresh name, deleted when the
// test ends.
func newTable(t *testing.T, client *dynamodb.Client, opts schema.Settings, base string, metas ...*entity.Meta) (string, *types.TableDescription) {
	t.Helper()
	name := dynamotest.TableName(t, base)
	dynamotest.DeleteTableOnCleanup(t, client, name)
	def, err := opts.Define(name, metas...)
	if err != nil {
		t.Fatal(err)
	}
	desc, err := def.Create(testContext(t), client)
	if err != nil {
		t.Fatal(err)
	}
	return name, desc
}

func describeTable(t *testing.T, client *dynamodb.Client, name string) *types.TableDescription {
	t.Helper()
	out, err := client.DescribeTable(testContext(t), &dynamodb.DescribeTableInput{TableName: &name})
	if err != nil {
		t.Fatal(err)
	}
	return out.Table
}

// definitions returns AttributeDefinitions as name → type (DescribeTable
// does not keep their order).
func definitions(defs []types.AttributeDefinition) map[string]types.ScalarAttributeType {
	out := map[string]types.ScalarAttributeType{}
	for _, d := range defs {
		out[*d.AttributeName] = d.AttributeType
	}
	return out
}

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func n(v int) types.AttributeValue    { return &types.AttributeValueMemberN{Value: strconv.Itoa(v)} }

func TestLiveWarehouseTable(t *testing.T) {
	client := dynamotest.Client(t)
	ctx := testContext(t)
	name, created := newTable(t, client, schema.Settings{}, "orders", orderMeta)
	if created.TableStatus != types.TableStatusActive {
		t.Errorf("CreateTable returned status %s", created.TableStatus)
	}

	desc := describeTable(t, client, name)
	if desc.TableStatus != types.TableStatusActive {
		t.Errorf("table %s", desc.TableStatus)
	}
	if len(desc.GlobalSecondaryIndexes) != 1 {
		t.Fatalf("%d GSIs", len(desc.GlobalSecondaryIndexes))
	}
	g := desc.GlobalSecondaryIndexes[0]
	if *g.IndexName != "ByAssignee" || g.IndexStatus != types.IndexStatusActive {
		t.Errorf("index %s %s", *g.IndexName, g.IndexStatus)
	}
	wantKey := "[warehouseId HASH, assigneeId HASH, status HASH, priority RANGE, createdAt RANGE]"
	if got := keySchema(g.KeySchema); got != wantKey {
		t.Errorf("GSI key schema %s, want %s", got, wantKey)
	}
	if got := projection(g.Projection); got != "INCLUDE(_v,note,total)" {
		t.Errorf("GSI projection %s", got)
	}
	wantDefs := map[string]types.ScalarAttributeType{
		"orderId": "S", "warehouseId": "S", "assigneeId": "S", "status": "S", "priority": "N", "createdAt": "S",
	}
	if got := definitions(desc.AttributeDefinitions); !maps.Equal(got, wantDefs) {
		t.Errorf("attribute definitions %v, want %v", got, wantDefs)
	}

	// Items written with the plain SDK.
	put := func(id, assignee, status string, priority int, createdAt string) {
		t.Helper()
		item := map[string]types.AttributeValue{
			"orderId": s(id), "warehouseId": s("w1"), "assigneeId": s(assignee),
			"priority": n(priority), "createdAt": s(createdAt),
			"total": &types.AttributeValueMemberN{Value: "9.5"}, "note": s("note " + id),
			"extra": s("not projected"), entity.VersionAttribute: n(1),
		}
		if status != "" {
			item["status"] = s(status)
		}
		if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: &name, Item: item}); err != nil {
			t.Fatal(err)
		}
	}
	put("o1", "ann", "open", 5, "2026-01-03T00:00:00.000000000Z")
	put("o2", "ann", "open", 50, "2026-01-01T00:00:00.000000000Z")
	put("o3", "ann", "open", 5, "2026-01-02T00:00:00.000000000Z")
	put("o4", "ann", "open", 500, "2026-01-01T00:00:00.000000000Z")
	put("o5", "ann", "done", 5, "2026-01-01T00:00:00.000000000Z") // other status
	put("o6", "bob", "open", 5, "2026-01-01T00:00:00.000000000Z") // other assignee
	put("o7", "ann", "", 5, "2026-01-01T00:00:00.000000000Z")     // no status: not in the index

	out, err := client.Query(ctx, &dynamodb.QueryInput{
		TableName:                &name,
		IndexName:                aws.String("ByAssignee"),
		KeyConditionExpression:   aws.String("warehouseId = :w AND assigneeId = :a AND #s = :s AND priority BETWEEN :lo AND :hi"),
		ExpressionAttributeNames: map[string]string{"#s": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":w": s("w1"), ":a": s("ann"), ":s": s("open"), ":lo": n(1), ":hi": n(100),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, item := range out.Items {
		ids = append(ids, item["orderId"].(*types.AttributeValueMemberS).Value)
		if _, ok := item["extra"]; ok {
			t.Errorf("%v: an attribute outside the projection came back", item["orderId"])
		}
		for _, a := range []string{"total", "note", entity.VersionAttribute} {
			if _, ok := item[a]; !ok {
				t.Errorf("%v: projected attribute %s missing", item["orderId"], a)
			}
		}
	}
	// Ordered by priority (numerically), then createdAt.
	if want := []string{"o3", "o1", "o2"}; !slices.Equal(ids, want) {
		t.Errorf("query returned %v, want %v", ids, want)
	}

	// The table exists now: EnsureTable leaves it alone, CreateTable
	// reports it with the SDK's error type.
	if _, made, err := schema.EnsureTable(ctx, client, name, orderMeta); err != nil || made {
		t.Errorf("EnsureTable on an existing table: created %v, err %v", made, err)
	}
	_, err = schema.CreateTable(ctx, client, name, orderMeta)
	var inUse *types.ResourceInUseException
	if !errors.As(err, &inUse) {
		t.Errorf("CreateTable on an existing table: %v", err)
	}
}

func TestLiveLocalIndexes(t *testing.T) {
	client := dynamotest.Client(t)
	ctx := testContext(t)
	name, _ := newTable(t, client, schema.Settings{}, "events", eventMeta)

	desc := describeTable(t, client, name)
	got := map[string]string{}
	for _, l := range desc.LocalSecondaryIndexes {
		got[*l.IndexName] = keySchema(l.KeySchema) + " " + projection(l.Projection)
	}
	want := map[string]string{
		"ByKind": "[streamId HASH, kind RANGE] INCLUDE(_v,payload)",
		"ByTime": "[streamId HASH, at RANGE] ALL",
	}
	if !maps.Equal(got, want) {
		t.Errorf("LSIs %v, want %v", got, want)
	}
	if got := keySchema(desc.KeySchema); got != "[streamId HASH, seq RANGE]" {
		t.Errorf("key schema %s", got)
	}

	for i, kind := range []string{"b", "a", "c", "a"} {
		_, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: &name, Item: map[string]types.AttributeValue{
			"streamId": s("s1"), "seq": n(i), "kind": s(kind), "at": s("2026-01-0" + strconv.Itoa(9-i) + "T00:00:00.000000000Z"),
		}})
		if err != nil {
			t.Fatal(err)
		}
	}
	out, err := client.Query(ctx, &dynamodb.QueryInput{
		TableName:                 &name,
		IndexName:                 aws.String("ByKind"),
		KeyConditionExpression:    aws.String("streamId = :s AND kind = :k"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":s": s("s1"), ":k": s("a")},
		ConsistentRead:            aws.Bool(true), // local indexes allow it
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Items) != 2 {
		t.Errorf("%d items of kind a, want 2", len(out.Items))
	}
}

func TestLiveSharedTable(t *testing.T) {
	client := dynamotest.Client(t)
	name, _ := newTable(t, client, schema.Settings{}, "app", invoiceMeta, customerMeta)
	desc := describeTable(t, client, name)
	var gsis []string
	for _, g := range desc.GlobalSecondaryIndexes {
		gsis = append(gsis, *g.IndexName+" "+keySchema(g.KeySchema)+" "+projection(g.Projection))
	}
	slices.Sort(gsis)
	want := []string{"ByDue [dueAt HASH] ALL", "GSI1 [gsi1pk HASH, gsi1sk RANGE] INCLUDE(_t,_v,amount)"}
	if !slices.Equal(gsis, want) {
		t.Errorf("GSIs %q, want %q", gsis, want)
	}
	if len(desc.LocalSecondaryIndexes) != 1 || *desc.LocalSecondaryIndexes[0].IndexName != "ByEmail" {
		t.Errorf("LSIs %+v", desc.LocalSecondaryIndexes)
	}
	if got := len(desc.AttributeDefinitions); got != 6 {
		t.Errorf("%d attribute definitions, want 6", got)
	}
}

func TestLiveProvisioned(t *testing.T) {
	client := dynamotest.Client(t)
	opts := schema.Settings{
		Provisioned:   &schema.Capacity{Read: 7, Write: 3},
		IndexCapacity: map[string]schema.Capacity{"ByOwner": {Read: 2, Write: 1}},
		Stream:        types.StreamViewTypeNewImage,
	}
	name, _ := newTable(t, client, opts, "tickets", ticketMeta)
	desc := describeTable(t, client, name)
	tp := desc.ProvisionedThroughput
	if tp == nil || aws.ToInt64(tp.ReadCapacityUnits) != 7 || aws.ToInt64(tp.WriteCapacityUnits) != 3 {
		t.Errorf("table throughput %+v", tp)
	}
	got := map[string][2]int64{}
	for _, g := range desc.GlobalSecondaryIndexes {
		p := g.ProvisionedThroughput
		if p == nil {
			t.Fatalf("index %s has no throughput", *g.IndexName)
		}
		got[*g.IndexName] = [2]int64{aws.ToInt64(p.ReadCapacityUnits), aws.ToInt64(p.WriteCapacityUnits)}
	}
	want := map[string][2]int64{"ByOwner": {2, 1}, "ByStatus": {7, 3}}
	if !maps.Equal(got, want) {
		t.Errorf("index throughput %v, want %v", got, want)
	}
	if sp := desc.StreamSpecification; sp == nil || !aws.ToBool(sp.StreamEnabled) || sp.StreamViewType != types.StreamViewTypeNewImage {
		t.Errorf("stream %+v", sp)
	}
}

func TestLiveEnsureTableCreates(t *testing.T) {
	client := dynamotest.Client(t)
	ctx := testContext(t)
	name := dynamotest.TableName(t, "users")
	dynamotest.DeleteTableOnCleanup(t, client, name)
	desc, made, err := schema.EnsureTable(ctx, client, name, userMeta)
	if err != nil || !made || desc.TableStatus != types.TableStatusActive {
		t.Fatalf("created %v, err %v", made, err)
	}
	if _, made, err = schema.EnsureTable(ctx, client, name, userMeta); err != nil || made {
		t.Fatalf("second call: created %v, err %v", made, err)
	}
	if _, err := schema.WaitActive(ctx, client, name); err != nil {
		t.Fatal(err)
	}
}
