package schema_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
)

func TestCreateTableInput(t *testing.T) {
	tests := []struct {
		name  string
		table string
		metas []*entity.Meta
		want  string
	}{
		{
			name:  "partition key only",
			table: "users",
			metas: []*entity.Meta{userMeta},
			want: lines(
				"table users PAY_PER_REQUEST",
				"attr userId S",
				"key [userId HASH]",
			),
		},
		{
			name:  "composite primary key",
			table: "messages",
			metas: []*entity.Meta{messageMeta},
			want: lines(
				"table messages PAY_PER_REQUEST",
				"attr chatId S",
				"attr sentAt S",
				"key [chatId HASH, sentAt RANGE]",
			),
		},
		{
			name:  "three partition and two sort attributes",
			table: "orders",
			metas: []*entity.Meta{orderMeta},
			want: lines(
				"table orders PAY_PER_REQUEST",
				"attr assigneeId S",
				"attr createdAt S",
				"attr orderId S",
				"attr priority N",
				"attr status S",
				"attr warehouseId S",
				"key [orderId HASH]",
				"gsi ByAssignee [warehouseId HASH, assigneeId HASH, status HASH, priority RANGE, createdAt RANGE] INCLUDE(_v,note,total)",
			),
		},
		{
			name:  "KEYS_ONLY, and INCLUDE without key attributes",
			table: "tickets",
			metas: []*entity.Meta{ticketMeta},
			want: lines(
				"table tickets PAY_PER_REQUEST",
				"attr owner S",
				"attr rank N",
				"attr status S",
				"attr ticketId S",
				"key [ticketId HASH]",
				"gsi ByOwner [owner HASH, rank RANGE] INCLUDE(_t,_v,title)",
				"gsi ByStatus [status HASH] KEYS_ONLY",
			),
		},
		{
			name:  "local secondary indexes",
			table: "events",
			metas: []*entity.Meta{eventMeta},
			want: lines(
				"table events PAY_PER_REQUEST",
				"attr at S",
				"attr kind S",
				"attr seq N",
				"attr streamId S",
				"key [streamId HASH, seq RANGE]",
				"lsi ByKind [streamId HASH, kind RANGE] INCLUDE(_v,payload)",
				"lsi ByTime [streamId HASH, at RANGE] ALL",
			),
		},
		{
			name:  "two entities sharing a table and an index",
			table: "app",
			metas: []*entity.Meta{invoiceMeta, customerMeta},
			want: lines(
				"table app PAY_PER_REQUEST",
				"attr dueAt N",
				"attr email S",
				"attr gsi1pk S",
				"attr gsi1sk S",
				"attr pk S",
				"attr sk S",
				"key [pk HASH, sk RANGE]",
				"gsi ByDue [dueAt HASH] ALL",
				"gsi GSI1 [gsi1pk HASH, gsi1sk RANGE] INCLUDE(_t,_v,amount)",
				"lsi ByEmail [pk HASH, email RANGE] ALL",
			),
		},
		{
			name:  "entity order does not matter",
			table: "app",
			metas: []*entity.Meta{customerMeta, invoiceMeta, customerMeta},
			want: lines(
				"table app PAY_PER_REQUEST",
				"attr dueAt N",
				"attr email S",
				"attr gsi1pk S",
				"attr gsi1sk S",
				"attr pk S",
				"attr sk S",
				"key [pk HASH, sk RANGE]",
				"gsi ByDue [dueAt HASH] ALL",
				"gsi GSI1 [gsi1pk HASH, gsi1sk RANGE] INCLUDE(_t,_v,amount)",
				"lsi ByEmail [pk HASH, email RANGE] ALL",
			),
		},
		{
			name:  "plain attribute of the key's type",
			table: "app",
			metas: []*entity.Meta{invoiceMeta, plainStringGSI1Meta},
			want: lines(
				"table app PAY_PER_REQUEST",
				"attr dueAt N",
				"attr gsi1pk S",
				"attr gsi1sk S",
				"attr pk S",
				"attr sk S",
				"key [pk HASH, sk RANGE]",
				"gsi ByDue [dueAt HASH] ALL",
				"gsi GSI1 [gsi1pk HASH, gsi1sk RANGE] INCLUDE(_t,_v,amount)",
			),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := createTableInput(schema.Settings{}, tt.table, tt.metas...)
			if err != nil {
				t.Fatal(err)
			}
			if got := summary(in); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if in.StreamSpecification != nil || in.DeletionProtectionEnabled != nil || in.TableClass != "" || in.Tags != nil {
				t.Errorf("zero Settings set more than billing: %+v", in)
			}
		})
	}
}

// The warehouse index's KeySchema, element by element.
func TestWarehouseKeySchema(t *testing.T) {
	in, err := createTableInput(schema.Settings{}, "orders", orderMeta)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.GlobalSecondaryIndexes) != 1 {
		t.Fatalf("%d GSIs, want 1", len(in.GlobalSecondaryIndexes))
	}
	want := []types.KeySchemaElement{
		{AttributeName: aws.String("warehouseId"), KeyType: types.KeyTypeHash},
		{AttributeName: aws.String("assigneeId"), KeyType: types.KeyTypeHash},
		{AttributeName: aws.String("status"), KeyType: types.KeyTypeHash},
		{AttributeName: aws.String("priority"), KeyType: types.KeyTypeRange},
		{AttributeName: aws.String("createdAt"), KeyType: types.KeyTypeRange},
	}
	got := in.GlobalSecondaryIndexes[0].KeySchema
	if len(got) != len(want) {
		t.Fatalf("%d key elements, want %d", len(got), len(want))
	}
	for i := range want {
		if *got[i].AttributeName != *want[i].AttributeName || got[i].KeyType != want[i].KeyType {
			t.Errorf("element %d: %s %s, want %s %s", i, *got[i].AttributeName, got[i].KeyType, *want[i].AttributeName, want[i].KeyType)
		}
	}
	// Every definition is used by a key schema, and every key attribute
	// is defined once.
	used := map[string]int{}
	for _, k := range in.KeySchema {
		used[*k.AttributeName]++
	}
	for _, k := range got {
		used[*k.AttributeName]++
	}
	defined := map[string]bool{}
	for _, d := range in.AttributeDefinitions {
		if defined[*d.AttributeName] {
			t.Errorf("%s defined twice", *d.AttributeName)
		}
		defined[*d.AttributeName] = true
		if used[*d.AttributeName] == 0 {
			t.Errorf("%s defined but no key schema uses it", *d.AttributeName)
		}
	}
	if len(defined) != len(used) {
		t.Errorf("%d definitions for %d key attributes", len(defined), len(used))
	}
}

func TestCreateTableInputIsDeterministic(t *testing.T) {
	first, err := createTableInput(schema.Settings{}, "app", invoiceMeta, customerMeta)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		again, err := createTableInput(schema.Settings{}, "app", customerMeta, invoiceMeta)
		if err != nil {
			t.Fatal(err)
		}
		if summary(again) != summary(first) {
			t.Fatalf("output changed:\n%s\nvs\n%s", summary(again), summary(first))
		}
	}
}

func TestCreateTableInputLimits(t *testing.T) {
	// Exactly at the projected-attribute limit is fine.
	in, err := createTableInput(schema.Settings{}, "max-projected", maxProjectedMeta)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, g := range in.GlobalSecondaryIndexes {
		n += len(g.Projection.NonKeyAttributes)
	}
	if n != schema.MaxProjectedAttributes {
		t.Errorf("%d projected attributes, want %d", n, schema.MaxProjectedAttributes)
	}
	// 20 GSIs and 5 LSIs are fine, one more is not.
	in, err = createTableInput(schema.Settings{}, "max-gsis", maxGSIsMeta)
	if err != nil || len(in.GlobalSecondaryIndexes) != schema.MaxGlobalIndexes {
		t.Errorf("20 GSIs: %v", err)
	}
	in, err = createTableInput(schema.Settings{}, "max-lsis", maxLSIsMeta)
	if err != nil || len(in.LocalSecondaryIndexes) != schema.MaxLocalIndexes {
		t.Errorf("5 LSIs: %v", err)
	}
	_, err = createTableInput(schema.Settings{}, "t-gsis", tooManyGSIsMeta)
	if err == nil || !strings.Contains(err.Error(), "21 global secondary indexes, at most 20") {
		t.Errorf("21 GSIs: %v", err)
	}
	_, err = createTableInput(schema.Settings{}, "t-lsis", tooManyLSIsMeta)
	if err == nil || !strings.Contains(err.Error(), "6 local secondary indexes, at most 5") {
		t.Errorf("6 LSIs: %v", err)
	}
}

func TestCreateTableInputErrors(t *testing.T) {
	tests := []struct {
		name     string
		table    string
		metas    []*entity.Meta
		opts     schema.Settings
		rule     entity.Rule
		index    string
		attr     string
		entities []string
		contains string
	}{
		{name: "empty table name", table: "", metas: []*entity.Meta{userMeta}, rule: schema.RuleInvalidTable, contains: "empty table name"},
		{name: "short table name", table: "ab", metas: []*entity.Meta{userMeta}, rule: schema.RuleInvalidTable},
		{name: "space in table name", table: "my table", metas: []*entity.Meta{userMeta}, rule: schema.RuleInvalidTable},
		{name: "slash in table name", table: "a/b/c", metas: []*entity.Meta{userMeta}, rule: schema.RuleInvalidTable},
		{name: "long table name", table: strings.Repeat("t", 256), metas: []*entity.Meta{userMeta}, rule: schema.RuleInvalidTable},
		{name: "no entities", table: "users", rule: schema.RuleInvalidTable, contains: "no entities"},
		{name: "nil entity", table: "users", metas: []*entity.Meta{userMeta, nil}, rule: schema.RuleInvalidTable, contains: "entity 1 is nil"},
		{name: "invalid index name", table: "t-short", metas: []*entity.Meta{shortIndexNameMeta}, rule: schema.RuleInvalidTable, index: "G"},
		{
			name: "different partition attribute", table: "users", metas: []*entity.Meta{userMeta, orderMeta},
			rule: schema.RuleKeyMismatch, entities: []string{"schema_test.User", "schema_test.Order"},
			contains: "[HASH userId (S)] and [HASH orderId (S)]",
		},
		{
			name: "same partition attribute, other type", table: "users", metas: []*entity.Meta{userMeta, userByNumberMeta},
			rule: schema.RuleKeyMismatch, contains: "[HASH userId (S)] and [HASH userId (N)]",
		},
		{name: "missing sort key", table: "app", metas: []*entity.Meta{invoiceMeta, appOnlyPKMeta}, rule: schema.RuleKeyMismatch},
		{
			name: "key attribute with two types", table: "app", metas: []*entity.Meta{invoiceMeta, numericGSI1Meta},
			rule: schema.RuleTypeConflict, attr: "gsi1sk", index: "ByRank",
			entities: []string{"schema_test.Invoice", "schema_test.numericGSI1"}, contains: "S and N",
		},
		{
			name: "plain attribute stored with another type than the key", table: "app", metas: []*entity.Meta{invoiceMeta, plainNumericGSI1Meta},
			rule: schema.RuleTypeConflict, attr: "gsi1sk", contains: "stores it as N (field Rank)",
		},
		{
			name: "same index, other key schema", table: "app", metas: []*entity.Meta{invoiceMeta, otherGSI1KeyMeta},
			rule: schema.RuleIndexConflict, index: "GSI1", contains: "key schemas differ",
		},
		{
			name: "same index, other projection", table: "app", metas: []*entity.Meta{invoiceMeta, otherGSI1ProjectionMeta},
			rule: schema.RuleIndexConflict, index: "GSI1", contains: "projections differ: INCLUDE(amount) and ALL",
		},
		{
			name: "same index name, global and local", table: "app", metas: []*entity.Meta{invoiceMeta, localGSI1Meta},
			rule: schema.RuleIndexConflict, index: "GSI1", contains: "global secondary index and as a local secondary index",
		},
		{name: "21 global indexes", table: "t-gsis", metas: []*entity.Meta{tooManyGSIsMeta}, rule: schema.RuleLimit},
		{name: "6 local indexes", table: "t-lsis", metas: []*entity.Meta{tooManyLSIsMeta}, rule: schema.RuleLimit},
		{name: "102 projected attributes", table: "t-proj", metas: []*entity.Meta{tooManyProjectedMeta}, rule: schema.RuleLimit, contains: "102 projected"},
		{
			name: "index capacity on an on-demand table", table: "orders", metas: []*entity.Meta{orderMeta},
			opts: schema.Settings{IndexCapacity: map[string]schema.Capacity{"ByAssignee": {Read: 1, Write: 1}}},
			rule: schema.RuleInvalidSettings,
		},
		{
			name: "zero capacity", table: "orders", metas: []*entity.Meta{orderMeta},
			opts: schema.Settings{Provisioned: &schema.Capacity{Read: 0, Write: 5}},
			rule: schema.RuleInvalidSettings, contains: "at least 1",
		},
		{
			name: "zero index capacity", table: "orders", metas: []*entity.Meta{orderMeta},
			opts: schema.Settings{
				Provisioned:   &schema.Capacity{Read: 5, Write: 5},
				IndexCapacity: map[string]schema.Capacity{"ByAssignee": {Read: 1}},
			},
			rule: schema.RuleInvalidSettings, index: "ByAssignee",
		},
		{
			name: "capacity for an unknown index", table: "orders", metas: []*entity.Meta{orderMeta},
			opts: schema.Settings{
				Provisioned:   &schema.Capacity{Read: 5, Write: 5},
				IndexCapacity: map[string]schema.Capacity{"Nope": {Read: 1, Write: 1}},
			},
			rule: schema.RuleInvalidSettings, index: "Nope",
		},
		{
			name: "capacity for a local index", table: "events", metas: []*entity.Meta{eventMeta},
			opts: schema.Settings{
				Provisioned:   &schema.Capacity{Read: 5, Write: 5},
				IndexCapacity: map[string]schema.Capacity{"ByKind": {Read: 1, Write: 1}},
			},
			rule: schema.RuleInvalidSettings, index: "ByKind",
		},
		{
			name: "unknown table class", table: "users", metas: []*entity.Meta{userMeta},
			opts: schema.Settings{TableClass: "COLD"}, rule: schema.RuleInvalidSettings,
		},
		{
			name: "unknown stream view", table: "users", metas: []*entity.Meta{userMeta},
			opts: schema.Settings{Stream: "EVERYTHING"}, rule: schema.RuleInvalidSettings,
		},
		{
			name: "empty tag key", table: "users", metas: []*entity.Meta{userMeta},
			opts: schema.Settings{Tags: map[string]string{"": "x"}}, rule: schema.RuleInvalidSettings,
		},
		{
			name: "on-demand maximum with provisioned capacity", table: "users", metas: []*entity.Meta{userMeta},
			opts: schema.Settings{Provisioned: &schema.Capacity{Read: 1, Write: 1}, MaxOnDemand: &schema.Capacity{Read: 1, Write: 1}},
			rule: schema.RuleInvalidSettings, contains: "MaxOnDemand",
		},
		{
			name: "zero on-demand maximum", table: "users", metas: []*entity.Meta{userMeta},
			opts: schema.Settings{MaxOnDemand: &schema.Capacity{Read: 0, Write: 1}}, rule: schema.RuleInvalidSettings,
		},
		{
			name: "two TTL attributes", table: "app", metas: []*entity.Meta{planExpiring, purgingMeta},
			rule: schema.RuleTTLConflict, attr: "purgeAt", entities: []string{"schema_test.PlanTicketExpiring", "schema_test.PurgingTicket"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := createTableInput(tt.opts, tt.table, tt.metas...)
			if err == nil {
				t.Fatalf("no error; built\n%s", summary(in))
			}
			if in != nil {
				t.Errorf("input returned with the error")
			}
			var se *entity.InputError
			if !errors.As(err, &se) || !errors.Is(err, entity.ErrInvalidInput) {
				t.Fatalf("%T is not an *entity.InputError: %v", err, err)
			}
			if se.Rule != tt.rule || se.Op != "schema.Define" {
				t.Errorf("Rule = %q (op %s), want %q", se.Rule, se.Op, tt.rule)
			}
			for _, s := range []error{schema.ErrTimeout, schema.ErrNotActive, schema.ErrImpossible, schema.ErrNotApplied} {
				if errors.Is(err, s) {
					t.Errorf("a refusal matches %v", s)
				}
			}
			if se.Table != tt.table {
				t.Errorf("Table = %q, want %q", se.Table, tt.table)
			}
			if tt.index != "" && se.Index != tt.index {
				t.Errorf("Index = %q, want %q", se.Index, tt.index)
			}
			if tt.attr != "" && se.Attribute != tt.attr {
				t.Errorf("Attribute = %q, want %q", se.Attribute, tt.attr)
			}
			if tt.entities != nil && !strings.HasPrefix(se.Detail, "entities "+strings.Join(tt.entities, " and ")+": ") {
				t.Errorf("Detail = %q, want the entities %q", se.Detail, tt.entities)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error %q does not contain %q", err, tt.contains)
			}
			if !strings.HasPrefix(err.Error(), "dynamodel: invalid input to schema.Define") {
				t.Errorf("badly prefixed message: %q", err)
			}
		})
	}
}

// A plain attribute of one entity that is a key attribute of the table
// because of another must be stored with the key's type.
func TestPlainAttributeTypes(t *testing.T) {
	tests := []struct {
		meta *entity.Meta
		want string // "" for no conflict
	}{
		{plainStringGSI1Meta, ""},
		{plainIntAsStringGSI1Meta, ""},
		{plainTimeGSI1Meta, ""},
		{plainNumericGSI1Meta, "stores it as N"},
		{plainNumberGSI1Meta, "stores it as N"},
		{plainBoolGSI1Meta, "stores it as BOOL"},
		{plainUnixTimeGSI1Meta, "stores it as N"},
		{plainMapGSI1Meta, "stores it as M"},
	}
	for _, tt := range tests {
		t.Run(tt.meta.GoType().Name(), func(t *testing.T) {
			_, err := createTableInput(schema.Settings{}, "app", invoiceMeta, tt.meta)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.want != "" && (!refusedBy(err, schema.RuleTypeConflict) || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("err = %v, want ErrTypeConflict saying %q", err, tt.want)
			}
		})
	}
}

func TestOptions(t *testing.T) {
	opts := schema.Settings{
		Provisioned:        &schema.Capacity{Read: 10, Write: 5},
		IndexCapacity:      map[string]schema.Capacity{"ByDue": {Read: 3, Write: 2}},
		TableClass:         types.TableClassStandardInfrequentAccess,
		DeletionProtection: true,
		Stream:             types.StreamViewTypeNewAndOldImages,
		Tags:               map[string]string{"team": "billing", "env": "test"},
	}
	in, err := createTableInput(opts, "app", invoiceMeta, customerMeta)
	if err != nil {
		t.Fatal(err)
	}
	want := lines(
		"table app PROVISIONED 10/5",
		"attr dueAt N",
		"attr email S",
		"attr gsi1pk S",
		"attr gsi1sk S",
		"attr pk S",
		"attr sk S",
		"key [pk HASH, sk RANGE]",
		"gsi ByDue [dueAt HASH] ALL 3/2",
		"gsi GSI1 [gsi1pk HASH, gsi1sk RANGE] INCLUDE(_t,_v,amount) 10/5",
		"lsi ByEmail [pk HASH, email RANGE] ALL",
	)
	if got := summary(in); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if in.TableClass != types.TableClassStandardInfrequentAccess {
		t.Errorf("TableClass = %q", in.TableClass)
	}
	if !aws.ToBool(in.DeletionProtectionEnabled) {
		t.Error("deletion protection not enabled")
	}
	if s := in.StreamSpecification; s == nil || !aws.ToBool(s.StreamEnabled) || s.StreamViewType != types.StreamViewTypeNewAndOldImages {
		t.Errorf("StreamSpecification = %+v", s)
	}
	if len(in.Tags) != 2 || *in.Tags[0].Key != "env" || *in.Tags[1].Key != "team" || *in.Tags[1].Value != "billing" {
		t.Errorf("Tags = %+v", in.Tags)
	}
	// GSIs without capacity of their own get distinct copies of the
	// table's.
	a, b := in.GlobalSecondaryIndexes[1].ProvisionedThroughput, in.ProvisionedThroughput
	if a == b {
		t.Error("index and table share one ProvisionedThroughput")
	}
}

func TestErrorMessage(t *testing.T) {
	_, err := createTableInput(schema.Settings{}, "app", invoiceMeta, numericGSI1Meta)
	want := "dynamodel: invalid input to schema.Define, table app, index ByRank, attribute gsi1sk (type-conflict): entities schema_test.Invoice and schema_test.numericGSI1: attribute declared with two types: S and N"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}
