package schema_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateGolden {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// Generations of the support ticket, all stored in one table keyed by
// ticketId. Each later type is the model after a change a team makes.

// PlanTicketV1 is the table as first deployed: one index by status.
type PlanTicketV1 struct {
	entity.Model `ddb:"table=tickets"`
	TicketID     string `dynamodbav:"ticketId" ddb:"pk"`
	Status       string `dynamodbav:"status" ddb:"gsi=ByStatus:pk1"`
	Assignee     string `dynamodbav:"assignee,omitempty"`
	CreatedAt    string `dynamodbav:"createdAt"`
}

// PlanTicketAssignee adds an index on attributes every item already has.
type PlanTicketAssignee struct {
	entity.Model `ddb:"table=tickets"`
	TicketID     string `dynamodbav:"ticketId" ddb:"pk"`
	Status       string `dynamodbav:"status" ddb:"gsi=ByStatus:pk1"`
	Assignee     string `dynamodbav:"assignee,omitempty" ddb:"gsi=ByAssignee:pk1"`
	CreatedAt    string `dynamodbav:"createdAt" ddb:"gsi=ByAssignee:sk1"`
}

// PlanTicketUrgent (schema version 2) adds a priority and an index on it:
// items written by version 1 lack it.
type PlanTicketUrgent struct {
	entity.Model `ddb:"table=tickets,version=2"`
	TicketID     string `dynamodbav:"ticketId" ddb:"pk"`
	Status       string `dynamodbav:"status" ddb:"gsi=ByStatus:pk1,gsi=Urgent:pk1"`
	Assignee     string `dynamodbav:"assignee,omitempty"`
	CreatedAt    string `dynamodbav:"createdAt"`
	Priority     int    `dynamodbav:"priority" ddb:"gsi=Urgent:sk1,since=2"`
}

// PlanTicketNoIndex no longer declares ByStatus.
type PlanTicketNoIndex struct {
	entity.Model `ddb:"table=tickets"`
	TicketID     string `dynamodbav:"ticketId" ddb:"pk"`
	Status       string `dynamodbav:"status"`
	CreatedAt    string `dynamodbav:"createdAt"`
}

// PlanTicketKeysOnly changes ByStatus's projection.
type PlanTicketKeysOnly struct {
	entity.Model `ddb:"table=tickets,project=ByStatus:KEYS_ONLY"`
	TicketID     string `dynamodbav:"ticketId" ddb:"pk"`
	Status       string `dynamodbav:"status" ddb:"gsi=ByStatus:pk1"`
	CreatedAt    string `dynamodbav:"createdAt"`
}

// PlanTicketStatusSorted adds a sort key to ByStatus.
type PlanTicketStatusSorted struct {
	entity.Model `ddb:"table=tickets"`
	TicketID     string `dynamodbav:"ticketId" ddb:"pk"`
	Status       string `dynamodbav:"status" ddb:"gsi=ByStatus:pk1"`
	CreatedAt    string `dynamodbav:"createdAt" ddb:"gsi=ByStatus:sk1"`
}

// PlanTicketNumericStatus stores the status as a number.
type PlanTicketNumericStatus struct {
	entity.Model `ddb:"table=tickets"`
	TicketID     string `dynamodbav:"ticketId" ddb:"pk"`
	Status       int    `dynamodbav:"status" ddb:"gsi=ByStatus:pk1"`
	CreatedAt    string `dynamodbav:"createdAt"`
}

// PlanTicketNumericID keys the table by a number.
type PlanTicketNumericID struct {
	entity.Model `ddb:"table=tickets"`
	TicketID     int    `dynamodbav:"ticketId" ddb:"pk"`
	Status       string `dynamodbav:"status" ddb:"gsi=ByStatus:pk1"`
}

// PlanTicketExpiring declares a time-to-live attribute.
type PlanTicketExpiring struct {
	entity.Model `ddb:"table=tickets"`
	TicketID     string `dynamodbav:"ticketId" ddb:"pk"`
	Status       string `dynamodbav:"status" ddb:"gsi=ByStatus:pk1"`
	ExpiresAt    int64  `dynamodbav:"expiresAt,omitempty" ddb:"ttl"`
}

// PurgingTicket shares the table but expires items on another attribute.
type PurgingTicket struct {
	entity.Model `ddb:"table=tickets"`
	TicketID     string `dynamodbav:"ticketId" ddb:"pk"`
	PurgeAt      int64  `dynamodbav:"purgeAt,omitempty" ddb:"ttl"`
}

var purgingMeta = entity.MustRegister[PurgingTicket]()

var (
	planV1            = entity.MustRegister[PlanTicketV1]()
	planAssignee      = entity.MustRegister[PlanTicketAssignee]()
	planUrgent        = entity.MustRegister[PlanTicketUrgent]()
	planNoIndex       = entity.MustRegister[PlanTicketNoIndex]()
	planKeysOnly      = entity.MustRegister[PlanTicketKeysOnly]()
	planStatusSorted  = entity.MustRegister[PlanTicketStatusSorted]()
	planNumericStatus = entity.MustRegister[PlanTicketNumericStatus]()
	planNumericID     = entity.MustRegister[PlanTicketNumericID]()
	planExpiring      = entity.MustRegister[PlanTicketExpiring]()
)

// changeSummary is a change's identity, for comparing plans as values.
type changeSummary struct {
	Action     schema.Action
	Kind       schema.Kind
	Index      string
	Attributes string
}

func summarize(p *schema.Plan) []changeSummary {
	var out []changeSummary
	for _, c := range p.Changes {
		out = append(out, changeSummary{c.Action, c.Kind, c.Index, strings.Join(c.Attributes, ",")})
	}
	return out
}

// TestPlanLive plans each kind of change against a live table created
// from the first generation of the model, and checks the plan as a value
// and as text.
func TestPlanLive(t *testing.T) {
	client := dynamotest.Client(t)
	base, _ := newTable(t, client, schema.Settings{}, "tickets", planV1)

	tests := []struct {
		name   string
		opts   schema.Settings
		metas  []*entity.Meta
		table  string // "" means the live table; "missing" a table that does not exist
		want   []changeSummary
		golden string
	}{
		{name: "no changes", metas: []*entity.Meta{planV1}, golden: "plan/none.txt"},
		{name: "table missing", metas: []*entity.Meta{planAssignee, planExpiring}, table: "missing",
			want: []changeSummary{
				{schema.ActionCreateTable, schema.Online, "", ""},
				{schema.ActionUpdateTTL, schema.Online, "", "expiresAt"},
			}, golden: "plan/create-table.txt"},
		{name: "index added", metas: []*entity.Meta{planAssignee},
			want:   []changeSummary{{schema.ActionCreateIndex, schema.Online, "ByAssignee", ""}},
			golden: "plan/online.txt"},
		{name: "index on a new attribute", metas: []*entity.Meta{planUrgent},
			want:   []changeSummary{{schema.ActionCreateIndex, schema.NeedsData, "Urgent", "priority"}},
			golden: "plan/needs-data.txt"},
		{name: "index no longer declared", metas: []*entity.Meta{planNoIndex},
			want:   []changeSummary{{schema.ActionDeleteIndex, schema.Destructive, "ByStatus", ""}},
			golden: "plan/destructive.txt"},
		{name: "projection changed", metas: []*entity.Meta{planKeysOnly},
			want:   []changeSummary{{schema.ActionReplaceIndex, schema.Impossible, "ByStatus", ""}},
			golden: "plan/projection.txt"},
		{name: "index key schema changed", metas: []*entity.Meta{planStatusSorted},
			want:   []changeSummary{{schema.ActionReplaceIndex, schema.Impossible, "ByStatus", "createdAt"}},
			golden: "plan/index-key.txt"},
		{name: "index key attribute type changed", metas: []*entity.Meta{planNumericStatus},
			want:   []changeSummary{{schema.ActionReplaceIndex, schema.Impossible, "ByStatus", "status"}},
			golden: "plan/attribute-type.txt"},
		{name: "table key changed", metas: []*entity.Meta{planNumericID},
			want:   []changeSummary{{schema.ActionReplaceTable, schema.Impossible, "", "ticketId"}},
			golden: "plan/table-key.txt"},
		{name: "settings and ttl", metas: []*entity.Meta{planExpiring},
			opts: schema.Settings{Provisioned: &schema.Capacity{Read: 5, Write: 2}, Stream: types.StreamViewTypeNewAndOldImages,
				DeletionProtection: true},
			want: []changeSummary{
				{schema.ActionUpdateBilling, schema.Online, "", ""},
				{schema.ActionUpdateStream, schema.Online, "", ""},
				{schema.ActionUpdateDeletionProtection, schema.Online, "", ""},
				{schema.ActionUpdateTTL, schema.Online, "", "expiresAt"},
			}, golden: "plan/settings.txt"},
		{name: "on-demand maximum", metas: []*entity.Meta{planV1}, opts: schema.Settings{MaxOnDemand: &schema.Capacity{Read: 100, Write: 50}},
			want:   []changeSummary{{schema.ActionUpdateBilling, schema.Online, "", ""}},
			golden: "plan/on-demand.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table := base
			if tt.table == "missing" {
				table = dynamotest.TableName(t, "missing")
			}
			def, err := tt.opts.Define(table, tt.metas...)
			if err != nil {
				t.Fatal(err)
			}
			plan, err := def.Plan(testContext(t), client)
			if err != nil {
				t.Fatal(err)
			}
			if got := summarize(plan); !slices.Equal(got, tt.want) {
				t.Errorf("changes:\n%v\nwant:\n%v", got, tt.want)
			}
			if plan.Exists != (tt.table == "") || plan.Table != table || (len(plan.Changes) == 0) != (len(tt.want) == 0) {
				t.Errorf("plan: table %q exists %v empty %v", plan.Table, plan.Exists, (len(plan.Changes) == 0))
			}
			golden(t, tt.golden, strings.ReplaceAll(plan.String(), table, "tickets"))

			// The plan survives a JSON round trip.
			b, err := json.Marshal(plan)
			if err != nil {
				t.Fatal(err)
			}
			var back schema.Plan
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if back.String() != plan.String() {
				t.Errorf("JSON round trip changed the plan:\n%s", b)
			}
		})
	}
}

func TestKindText(t *testing.T) {
	for k := schema.Online; k <= schema.Impossible; k++ {
		b, err := k.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back schema.Kind
		if err := back.UnmarshalText(b); err != nil || back != k {
			t.Errorf("%v → %s → %v, %v", k, b, back, err)
		}
	}
	if _, err := schema.Kind(0).MarshalText(); err == nil {
		t.Error("the zero Kind marshalled")
	}
	var k schema.Kind
	if err := k.UnmarshalText([]byte("later")); err == nil {
		t.Error("an unknown kind unmarshalled")
	}
}

// describeStub answers DescribeTable and DescribeTimeToLive from fixed
// descriptions, for states DynamoDB Local cannot produce.
type describeStub struct {
	schema.Client // the operations it does not answer, unused
	table         *types.TableDescription
	ttl           *types.TimeToLiveDescription
}

func (s describeStub) DescribeTable(context.Context, *dynamodb.DescribeTableInput, ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error) {
	return &dynamodb.DescribeTableOutput{Table: s.table}, nil
}

func (s describeStub) DescribeTimeToLive(context.Context, *dynamodb.DescribeTimeToLiveInput, ...func(*dynamodb.Options)) (*dynamodb.DescribeTimeToLiveOutput, error) {
	return &dynamodb.DescribeTimeToLiveOutput{TimeToLiveDescription: s.ttl}, nil
}

// liveOf describes the table a definition creates, as DynamoDB would once
// it is ACTIVE.
func liveOf(def *schema.Definition) *types.TableDescription {
	in := def.Table
	t := &types.TableDescription{TableName: in.TableName, TableStatus: types.TableStatusActive,
		AttributeDefinitions: in.AttributeDefinitions, KeySchema: in.KeySchema,
		BillingModeSummary: &types.BillingModeSummary{BillingMode: in.BillingMode}}
	for _, g := range in.GlobalSecondaryIndexes {
		t.GlobalSecondaryIndexes = append(t.GlobalSecondaryIndexes, types.GlobalSecondaryIndexDescription{
			IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection, IndexStatus: types.IndexStatusActive})
	}
	for _, l := range in.LocalSecondaryIndexes {
		t.LocalSecondaryIndexes = append(t.LocalSecondaryIndexes, types.LocalSecondaryIndexDescription{
			IndexName: l.IndexName, KeySchema: l.KeySchema, Projection: l.Projection})
	}
	return t
}

// TestPlanStates covers what DynamoDB Local does not keep or cannot show:
// the table class, indexes in transition, local indexes, provisioned index
// capacity, a changed TTL attribute and a table that will not be ACTIVE.
func TestPlanStates(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		opts   schema.Settings
		metas  []*entity.Meta
		live   func(*types.TableDescription)
		ttl    *types.TimeToLiveDescription
		want   []changeSummary
		golden string
	}{
		{name: "table class", opts: schema.Settings{TableClass: types.TableClassStandardInfrequentAccess}, metas: []*entity.Meta{planV1},
			want: []changeSummary{{schema.ActionUpdateTableClass, schema.Online, "", ""}}, golden: "plan/table-class.txt"},
		{name: "index in transition", metas: []*entity.Meta{planAssignee},
			live: func(d *types.TableDescription) {
				d.TableStatus = types.TableStatusUpdating
				d.GlobalSecondaryIndexes[0].IndexStatus = types.IndexStatusCreating // ByAssignee
				d.GlobalSecondaryIndexes[0].Backfilling = aws.Bool(true)
				d.GlobalSecondaryIndexes = append(d.GlobalSecondaryIndexes, types.GlobalSecondaryIndexDescription{
					IndexName: aws.String("ByOld"), IndexStatus: types.IndexStatusDeleting,
					KeySchema:  []types.KeySchemaElement{{AttributeName: aws.String("status"), KeyType: types.KeyTypeHash}},
					Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}})
			},
			want: []changeSummary{
				{schema.ActionWaitTable, schema.Online, "", ""},
				{schema.ActionWaitIndex, schema.Online, "ByAssignee", ""},
				{schema.ActionWaitIndex, schema.Online, "ByOld", ""},
			}, golden: "plan/in-transition.txt"},
		{name: "local index", metas: []*entity.Meta{eventMeta},
			live: func(d *types.TableDescription) { d.LocalSecondaryIndexes = d.LocalSecondaryIndexes[:1] },
			want: []changeSummary{{schema.ActionReplaceTable, schema.Impossible, "ByTime", ""}}, golden: "plan/local-index.txt"},
		{name: "index capacity", metas: []*entity.Meta{planAssignee},
			opts: schema.Settings{Provisioned: &schema.Capacity{Read: 5, Write: 5}, IndexCapacity: map[string]schema.Capacity{"ByAssignee": {Read: 10, Write: 1}}},
			live: func(d *types.TableDescription) {
				d.BillingModeSummary = &types.BillingModeSummary{BillingMode: types.BillingModeProvisioned}
				d.ProvisionedThroughput = &types.ProvisionedThroughputDescription{ReadCapacityUnits: aws.Int64(5), WriteCapacityUnits: aws.Int64(5)}
				for i := range d.GlobalSecondaryIndexes {
					d.GlobalSecondaryIndexes[i].ProvisionedThroughput = &types.ProvisionedThroughputDescription{ReadCapacityUnits: aws.Int64(5), WriteCapacityUnits: aws.Int64(5)}
				}
			},
			want: []changeSummary{{schema.ActionUpdateIndexCapacity, schema.Online, "ByAssignee", ""}}, golden: "plan/index-capacity.txt"},
		{name: "ttl moved", metas: []*entity.Meta{planExpiring},
			ttl:  &types.TimeToLiveDescription{AttributeName: aws.String("purgeAt"), TimeToLiveStatus: types.TimeToLiveStatusEnabled},
			want: []changeSummary{{schema.ActionUpdateTTL, schema.Online, "", "expiresAt,purgeAt"}}, golden: "plan/ttl-moved.txt"},
		{name: "ttl disabled", metas: []*entity.Meta{planV1},
			ttl:  &types.TimeToLiveDescription{AttributeName: aws.String("expiresAt"), TimeToLiveStatus: types.TimeToLiveStatusEnabled},
			want: []changeSummary{{schema.ActionUpdateTTL, schema.Online, "", "expiresAt"}}, golden: "plan/ttl-disabled.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def, err := tt.opts.Define("tickets", tt.metas...)
			if err != nil {
				t.Fatal(err)
			}
			// The live table is what the zero options create, then altered.
			same, err := schema.Define("tickets", tt.metas...)
			if err != nil {
				t.Fatal(err)
			}
			live := liveOf(same)
			if tt.live != nil {
				tt.live(live)
			}
			ttl := tt.ttl
			if ttl == nil {
				ttl = &types.TimeToLiveDescription{TimeToLiveStatus: types.TimeToLiveStatusDisabled}
			}
			plan, err := def.Plan(ctx, describeStub{table: live, ttl: ttl})
			if err != nil {
				t.Fatal(err)
			}
			if got := summarize(plan); !slices.Equal(got, tt.want) {
				t.Errorf("changes:\n%v\nwant:\n%v", got, tt.want)
			}
			golden(t, tt.golden, plan.String())
		})
	}

	t.Run("table not active", func(t *testing.T) {
		def, err := schema.Define("tickets", planV1)
		if err != nil {
			t.Fatal(err)
		}
		live := liveOf(def)
		live.TableStatus = types.TableStatusDeleting
		_, err = def.Plan(ctx, describeStub{table: live})
		var se *schema.Error
		if !errors.Is(err, schema.ErrNotActive) || !errors.As(err, &se) || se.Table != "tickets" {
			t.Fatalf("err = %v, want an *Error for tickets matching ErrNotActive", err)
		}
	})
}
