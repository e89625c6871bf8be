package schema_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/update"
)

// PickV1 is a warehouse pick as first deployed: no secondary index.
type PickV1 struct {
	entity.Model `ddb:"table=picks"`
	PickID       string `dynamodbav:"pickId" ddb:"pk"`
	WarehouseID  string `dynamodbav:"warehouseId"`
	AssigneeID   string `dynamodbav:"assigneeId"`
	Status       string `dynamodbav:"status"`
	Priority     int    `dynamodbav:"priority"`
	CreatedAt    string `dynamodbav:"createdAt"`
}

// PickV2 adds an index whose key is three partition and two sort
// attributes, all of which every stored item already has.
type PickV2 struct {
	entity.Model `ddb:"table=picks"`
	PickID       string `dynamodbav:"pickId" ddb:"pk"`
	WarehouseID  string `dynamodbav:"warehouseId" ddb:"gsi=ByAssignee:pk1"`
	AssigneeID   string `dynamodbav:"assigneeId" ddb:"gsi=ByAssignee:pk2"`
	Status       string `dynamodbav:"status" ddb:"gsi=ByAssignee:pk3"`
	Priority     int    `dynamodbav:"priority" ddb:"gsi=ByAssignee:sk1"`
	CreatedAt    string `dynamodbav:"createdAt" ddb:"gsi=ByAssignee:sk2"`
}

var (
	pickV1 = entity.MustRegister[PickV1]()
	pickV2 = entity.MustRegister[PickV2]()
)

var (
	pickWarehouses = []string{"w-1", "w-2", "w-3", "w-4"}
	pickAssignees  = []string{"ana", "ben", "cy", "dee", "eli"}
	pickStatuses   = []string{"open", "picked", "shipped"}
)

// loadPicks writes n picks with BatchWriteItem and returns how many each
// (warehouse, assignee, status) partition of the new index will hold.
func loadPicks(t *testing.T, client *dynamodb.Client, table string, n int) map[[3]string]int {
	t.Helper()
	picks, err := entity.NewTable[PickV1](client, entity.TableName(table))
	if err != nil {
		t.Fatal(err)
	}
	w := update.NewBatchWriter(client)
	counts := map[[3]string]int{}
	for i := range n {
		p := &PickV1{PickID: fmt.Sprintf("p-%05d", i), WarehouseID: pickWarehouses[i%4], AssigneeID: pickAssignees[i%5],
			Status: pickStatuses[i%3], Priority: 1 + i%5, CreatedAt: fmt.Sprintf("2025-11-%02dT%02d:00:00Z", 1+i%28, i%24)}
		counts[[3]string{p.WarehouseID, p.AssigneeID, p.Status}]++
		if err := update.BatchPut(w, picks, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Run(testContext(t)); err != nil {
		t.Fatal(err)
	}
	return counts
}

// queryPicks reads one partition of ByAssignee to the end.
func queryPicks(t *testing.T, client *dynamodb.Client, table string, part [3]string) []*PickV2 {
	t.Helper()
	picks, err := entity.NewTable[PickV2](client, entity.TableName(table))
	if err != nil {
		t.Fatal(err)
	}
	q := query.New(picks).Index("ByAssignee").Where(
		query.Attr("warehouseId").Eq(part[0]), query.Attr("assigneeId").Eq(part[1]), query.Attr("status").Eq(part[2]))
	var out []*PickV2
	for page, err := range q.Pages(testContext(t)) {
		if err != nil {
			t.Fatal(err)
		}
		for i := range page.Items {
			out = append(out, &page.Items[i])
		}
	}
	return out
}

// progressLog records Apply's progress reports.
type progressLog struct {
	mu     sync.Mutex
	events []schema.Progress
}

func (l *progressLog) add(p schema.Progress) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, p)
}

func (l *progressLog) statuses(index string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, e := range l.events {
		if e.Index == index && (len(out) == 0 || out[len(out)-1] != e.Status) {
			out = append(out, e.Status)
		}
	}
	return out
}

// indexUsable reports whether DynamoDB describes the index as ACTIVE and
// not backfilling.
func indexUsable(t *testing.T, client *dynamodb.Client, table, index string) bool {
	t.Helper()
	for _, g := range describeTable(t, client, table).GlobalSecondaryIndexes {
		if aws.ToString(g.IndexName) == index {
			return g.IndexStatus == types.IndexStatusActive && !aws.ToBool(g.Backfilling)
		}
	}
	return false
}

// TestApplyIndexOnLiveTable adds a GSI to tables holding items on a
// DynamoDB Local that keeps new indexes CREATING and backfilling for a
// while, as the service does: once straight through on 2,000 items, and
// once interrupted mid-wait and resumed.
func TestApplyIndexOnLiveTable(t *testing.T) {
	srv, err := dynamotest.Start(context.Background(), dynamotest.WithDelayTransientStatuses())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Stop() })
	client := dynamotest.NewClient(srv.Endpoint)

	t.Run("2000 items", func(t *testing.T) {
		t.Parallel()
		table, _ := newTable(t, client, schema.Settings{}, "picks", pickV1)
		counts := loadPicks(t, client, table, 2000)
		def, err := schema.Define(table, pickV2)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := def.Plan(testContext(t), client)
		if err != nil {
			t.Fatal(err)
		}
		if got := summarize(plan); !slices.Equal(got, []changeSummary{{schema.ActionCreateIndex, schema.Online, "ByAssignee", ""}}) {
			t.Fatalf("plan: %v", got)
		}
		var log progressLog
		applied, err := def.Apply(testContext(t), client, schema.OnProgress(log.add))
		if err != nil {
			t.Fatal(err)
		}
		// Usable the moment Apply returns, not later.
		if !indexUsable(t, client, table, "ByAssignee") {
			t.Fatal("Apply returned before ByAssignee was ACTIVE and backfilled")
		}
		if len(applied) != 1 || applied[0].Action != schema.ActionCreateIndex {
			t.Errorf("applied %+v", applied)
		}
		seen := log.statuses("ByAssignee")
		if !slices.Contains(seen, "CREATING") || seen[len(seen)-1] != "ACTIVE" {
			t.Errorf("progress went through %v, want CREATING … ACTIVE", seen)
		}
		if last := log.events[len(log.events)-1]; !last.Done || last.Elapsed <= 0 || last.Table != table {
			t.Errorf("last progress %+v", last)
		}

		total := 0
		for _, w := range pickWarehouses {
			for _, a := range pickAssignees {
				for _, s := range pickStatuses {
					part := [3]string{w, a, s}
					got := queryPicks(t, client, table, part)
					if len(got) != counts[part] {
						t.Errorf("%v: %d items, want %d", part, len(got), counts[part])
					}
					for i, p := range got {
						if p.WarehouseID != w || p.AssigneeID != a || p.Status != s {
							t.Fatalf("%v returned %+v", part, p)
						}
						if i > 0 && (got[i-1].Priority > p.Priority || got[i-1].Priority == p.Priority && got[i-1].CreatedAt > p.CreatedAt) {
							t.Fatalf("%v: not sorted by priority, createdAt at %d", part, i)
						}
					}
					total += len(got)
				}
			}
		}
		if total != 2000 {
			t.Errorf("the index returned %d items, want 2000", total)
		}
		if plan, err := def.Plan(testContext(t), client); err != nil || !(len(plan.Changes) == 0) {
			t.Errorf("plan after apply: %v %v", plan, err)
		}
	})

	t.Run("interrupted and resumed", func(t *testing.T) {
		t.Parallel()
		table, _ := newTable(t, client, schema.Settings{}, "picks", pickV1)
		counts := loadPicks(t, client, table, 100)
		def, err := schema.Define(table, pickV2)
		if err != nil {
			t.Fatal(err)
		}
		// Cancel the first run as soon as the index is seen CREATING.
		ctx, cancel := context.WithCancel(testContext(t))
		defer cancel()
		_, err = def.Apply(ctx, client, schema.OnProgress(func(p schema.Progress) {
			if p.Index == "ByAssignee" && p.Status == "CREATING" {
				cancel()
			}
		}))
		var se *schema.Error
		if !errors.Is(err, context.Canceled) || !errors.As(err, &se) || se.Index != "ByAssignee" || se.Table != table {
			t.Fatalf("interrupted Apply: %v, want an *Error for index ByAssignee matching context.Canceled", err)
		}

		// The index is still being created; a new plan says to wait for it.
		plan, err := def.Plan(testContext(t), client)
		if err != nil {
			t.Fatal(err)
		}
		if got := summarize(plan); !slices.Equal(got, []changeSummary{{schema.ActionWaitIndex, schema.Online, "ByAssignee", ""}}) {
			t.Fatalf("plan after the interruption: %v", got)
		}

		var updates atomic.Int64
		applied, err := def.Apply(testContext(t), &countingApply{Client: client, updates: &updates})
		if err != nil {
			t.Fatal(err)
		}
		if updates.Load() != 0 {
			t.Errorf("the resumed Apply sent %d UpdateTable requests; the index was already being created", updates.Load())
		}
		if len(applied) != 1 || applied[0].Action != schema.ActionWaitIndex {
			t.Errorf("resumed Apply did %+v", applied)
		}
		if !indexUsable(t, client, table, "ByAssignee") {
			t.Fatal("resumed Apply returned before ByAssignee was usable")
		}
		part := [3]string{"w-1", "ana", "open"}
		if got := queryPicks(t, client, table, part); len(got) != counts[part] || len(got) == 0 {
			t.Errorf("%v: %d items, want %d", part, len(got), counts[part])
		}
	})
}

// countingApply counts the requests that change a table.
type countingApply struct {
	*dynamodb.Client
	updates *atomic.Int64
}

func (c *countingApply) UpdateTable(ctx context.Context, in *dynamodb.UpdateTableInput, o ...func(*dynamodb.Options)) (*dynamodb.UpdateTableOutput, error) {
	c.updates.Add(1)
	return c.Client.UpdateTable(ctx, in, o...)
}

func (c *countingApply) UpdateTimeToLive(ctx context.Context, in *dynamodb.UpdateTimeToLiveInput, o ...func(*dynamodb.Options)) (*dynamodb.UpdateTimeToLiveOutput, error) {
	c.updates.Add(1)
	return c.Client.UpdateTimeToLive(ctx, in, o...)
}

func (c *countingApply) CreateTable(ctx context.Context, in *dynamodb.CreateTableInput, o ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error) {
	c.updates.Add(1)
	return c.Client.CreateTable(ctx, in, o...)
}

func TestApplyRefusals(t *testing.T) {
	client := dynamotest.Client(t)
	tests := []struct {
		name   string
		metas  []*entity.Meta
		opts   []schema.ApplyOption
		target error       // an *schema.Error's outcome
		rule   entity.Rule // or an *entity.InputError's rule
		index  string
		attr   string
	}{
		{name: "drop without the opt-in", metas: []*entity.Meta{planNoIndex}, rule: schema.RuleDropRefused, index: "ByStatus"},
		{name: "drop allowed for another index", metas: []*entity.Meta{planNoIndex}, opts: []schema.ApplyOption{schema.DropIndexes("ByOther")},
			rule: schema.RuleDropRefused, index: "ByStatus"},
		{name: "projection change", metas: []*entity.Meta{planKeysOnly}, target: schema.ErrImpossible, index: "ByStatus"},
		{name: "index key type change", metas: []*entity.Meta{planNumericStatus}, target: schema.ErrImpossible, index: "ByStatus", attr: "status"},
		{name: "table key change", metas: []*entity.Meta{planNumericID}, target: schema.ErrImpossible, attr: "ticketId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table, _ := newTable(t, client, schema.Settings{}, "tickets", planV1)
			def, err := schema.Define(table, tt.metas...)
			if err != nil {
				t.Fatal(err)
			}
			var updates atomic.Int64
			applied, err := def.Apply(testContext(t), &countingApply{Client: client, updates: &updates}, tt.opts...)
			if tt.rule != "" {
				var ie *entity.InputError
				if !refusedBy(err, tt.rule) || !errors.As(err, &ie) || ie.Table != table || ie.Index != tt.index || ie.Attribute != tt.attr {
					t.Fatalf("err = %#v, want rule %s for table %s, index %q, attribute %q", err, tt.rule, table, tt.index, tt.attr)
				}
			} else {
				var se *schema.Error
				if !errors.Is(err, tt.target) || !errors.As(err, &se) || se.Table != table || se.Index != tt.index || se.Attribute != tt.attr {
					t.Fatalf("err = %#v, want %v for table %s, index %q, attribute %q", err, tt.target, table, tt.index, tt.attr)
				}
			}
			if updates.Load() != 0 || len(applied) != 0 {
				t.Errorf("refused Apply sent %d requests and applied %v", updates.Load(), applied)
			}
			if !indexUsable(t, client, table, "ByStatus") {
				t.Error("ByStatus is gone")
			}
		})
	}

	t.Run("every refusal reported", func(t *testing.T) {
		// ByAssignee would be dropped and ByStatus replaced: both refused.
		table, _ := newTable(t, client, schema.Settings{}, "tickets", planV1, planAssignee)
		def, err := schema.Define(table, planKeysOnly)
		if err != nil {
			t.Fatal(err)
		}
		_, err = def.Apply(testContext(t), client)
		if !refusedBy(err, schema.RuleDropRefused) || !errors.Is(err, schema.ErrImpossible) {
			t.Fatalf("err = %v, want both ErrDropRefused (ByAssignee) and ErrImpossible (ByStatus)", err)
		}
	})
}

func TestApplyDropWithOptIn(t *testing.T) {
	client := dynamotest.Client(t)
	table, _ := newTable(t, client, schema.Settings{}, "tickets", planV1)
	def, err := schema.Define(table, planNoIndex)
	if err != nil {
		t.Fatal(err)
	}
	var log progressLog
	// Options add up: the later DropIndexes does not take back the first.
	applied, err := def.Apply(testContext(t), client, schema.DropIndexes("ByStatus"), schema.DropIndexes("ByOther"), schema.OnProgress(log.add))
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) != 1 || applied[0].Action != schema.ActionDeleteIndex || applied[0].Index != "ByStatus" {
		t.Errorf("applied %+v", applied)
	}
	if n := len(describeTable(t, client, table).GlobalSecondaryIndexes); n != 0 {
		t.Errorf("%d indexes left", n)
	}
	if seen := log.statuses("ByStatus"); seen[len(seen)-1] != "deleted" {
		t.Errorf("progress %v", seen)
	}
}

func TestApplySettingsAndTTL(t *testing.T) {
	client := dynamotest.Client(t)
	table, _ := newTable(t, client, schema.Settings{}, "tickets", planV1)
	ctx := testContext(t)

	opts := schema.Settings{Provisioned: &schema.Capacity{Read: 5, Write: 2}, Stream: types.StreamViewTypeNewImage, DeletionProtection: true}
	def, err := opts.Define(table, planExpiring)
	if err != nil {
		t.Fatal(err)
	}
	applied, err := def.Apply(ctx, client)
	// Deletion protection would keep the table after the test.
	t.Cleanup(func() {
		client.UpdateTable(context.Background(), &dynamodb.UpdateTableInput{TableName: &table, DeletionProtectionEnabled: aws.Bool(false)})
	})
	if err != nil {
		t.Fatal(err)
	}
	var actions []schema.Action
	for _, c := range applied {
		actions = append(actions, c.Action)
	}
	want := []schema.Action{schema.ActionUpdateBilling, schema.ActionUpdateStream, schema.ActionUpdateDeletionProtection, schema.ActionUpdateTTL}
	if !slices.Equal(actions, want) {
		t.Errorf("applied %v, want %v", actions, want)
	}

	ttl, err := client.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: &table})
	if err != nil {
		t.Fatal(err)
	}
	if d := ttl.TimeToLiveDescription; d.TimeToLiveStatus != types.TimeToLiveStatusEnabled || aws.ToString(d.AttributeName) != "expiresAt" {
		t.Errorf("TTL %s on %s", d.TimeToLiveStatus, aws.ToString(d.AttributeName))
	}
	desc := describeTable(t, client, table)
	if desc.BillingModeSummary.BillingMode != types.BillingModeProvisioned || aws.ToInt64(desc.ProvisionedThroughput.ReadCapacityUnits) != 5 ||
		aws.ToInt64(desc.GlobalSecondaryIndexes[0].ProvisionedThroughput.WriteCapacityUnits) != 2 {
		t.Errorf("billing %+v, %+v", desc.BillingModeSummary, desc.ProvisionedThroughput)
	}
	if !aws.ToBool(desc.DeletionProtectionEnabled) || desc.StreamSpecification == nil || desc.StreamSpecification.StreamViewType != types.StreamViewTypeNewImage {
		t.Errorf("deletion protection %v, stream %+v", desc.DeletionProtectionEnabled, desc.StreamSpecification)
	}
	if plan, err := def.Plan(ctx, client); err != nil || !(len(plan.Changes) == 0) {
		t.Fatalf("plan after apply: %v %v", plan, err)
	}

	// Back: on demand, another stream view type, no protection, no TTL.
	opts = schema.Settings{Stream: types.StreamViewTypeKeysOnly}
	def, err = opts.Define(table, planV1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := def.Apply(ctx, client); err != nil {
		t.Fatal(err)
	}
	if plan, err := def.Plan(ctx, client); err != nil || !(len(plan.Changes) == 0) {
		t.Fatalf("plan after the second apply: %v %v", plan, err)
	}
	desc = describeTable(t, client, table)
	if aws.ToBool(desc.DeletionProtectionEnabled) || desc.StreamSpecification.StreamViewType != types.StreamViewTypeKeysOnly {
		t.Errorf("deletion protection %v, stream %+v", desc.DeletionProtectionEnabled, desc.StreamSpecification)
	}
}

func TestApplyCreatesTable(t *testing.T) {
	client := dynamotest.Client(t)
	table := dynamotest.TableName(t, "tickets")
	dynamotest.DeleteTableOnCleanup(t, client, table)
	def, err := schema.Define(table, planAssignee, planExpiring)
	if err != nil {
		t.Fatal(err)
	}
	applied, err := def.Apply(testContext(t), client)
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) != 2 || applied[0].Action != schema.ActionCreateTable || applied[1].Action != schema.ActionUpdateTTL {
		t.Errorf("applied %+v", applied)
	}
	if !indexUsable(t, client, table, "ByAssignee") || !indexUsable(t, client, table, "ByStatus") {
		t.Error("indexes not usable")
	}
}

// stuckClient accepts every change and describes the table as before, as
// DynamoDB Local does with the table class.
type stuckClient struct {
	describeStub
	updates int
}

func (s *stuckClient) CreateTable(context.Context, *dynamodb.CreateTableInput, ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error) {
	return &dynamodb.CreateTableOutput{}, nil
}

func (s *stuckClient) UpdateTable(context.Context, *dynamodb.UpdateTableInput, ...func(*dynamodb.Options)) (*dynamodb.UpdateTableOutput, error) {
	s.updates++
	return &dynamodb.UpdateTableOutput{}, nil
}

func (s *stuckClient) UpdateTimeToLive(context.Context, *dynamodb.UpdateTimeToLiveInput, ...func(*dynamodb.Options)) (*dynamodb.UpdateTimeToLiveOutput, error) {
	return &dynamodb.UpdateTimeToLiveOutput{}, nil
}

func TestApplyNotApplied(t *testing.T) {
	def, err := schema.Settings{TableClass: types.TableClassStandardInfrequentAccess}.Define("tickets", planV1)
	if err != nil {
		t.Fatal(err)
	}
	same, _ := schema.Define("tickets", planV1)
	c := &stuckClient{describeStub: describeStub{table: liveOf(same), ttl: &types.TimeToLiveDescription{TimeToLiveStatus: types.TimeToLiveStatusDisabled}}}
	_, err = def.Apply(context.Background(), c)
	var se *schema.Error
	if !errors.Is(err, schema.ErrNotApplied) || !errors.As(err, &se) || se.Table != "tickets" {
		t.Fatalf("err = %v, want ErrNotApplied", err)
	}
	if c.updates != 1 {
		t.Errorf("%d UpdateTable requests, want 1 (no loop)", c.updates)
	}
}
