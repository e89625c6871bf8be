package ops_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/schema/ops"
)

// live is a configuration of one table, name, holding metas, against
// DynamoDB Local.
func live(client *dynamodb.Client, name string, metas ...*entity.Meta) ops.Config {
	return ops.Config{Name: "tool", Tables: []ops.Table{{Name: name, Metas: metas}}, Client: client}
}

// indexes lists the live table's global secondary indexes.
func indexes(t *testing.T, client *dynamodb.Client, table string) []string {
	t.Helper()
	out, err := client.DescribeTable(context.Background(), &dynamodb.DescribeTableInput{TableName: aws.String(table)})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range out.Table.GlobalSecondaryIndexes {
		names = append(names, aws.ToString(g.IndexName))
	}
	slices.Sort(names)
	return names
}

func expectCode(t *testing.T, res result, want int) {
	t.Helper()
	if res.code != want {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", res.code, want, res.stdout, res.stderr)
	}
}

// TestPlanApplyCreate: a missing table plans as a change (exit 3), apply
// creates it and enables time to live with progress on stderr (exit 0),
// and the next plan is empty (exit 0).
func TestPlanApplyCreate(t *testing.T) {
	client := dynamotest.Client(t)
	table := dynamotest.TableName(t, "tickets")
	dynamotest.DeleteTableOnCleanup(t, client, table)
	cfg := live(client, table, ticketMeta)

	res := run(t, cfg, "plan")
	expectCode(t, res, ops.ExitChanges)
	golden(t, "plan-create.txt", replace(res.stdout, table, "tickets"))

	res = run(t, cfg, "apply")
	expectCode(t, res, ops.ExitOK)
	golden(t, "apply-create.txt", replace(res.stdout, table, "tickets"))
	// Progress comes as it happens, one line per step; the statuses
	// seen and the times vary with the server, so only the shape and
	// the last line of each change are checked.
	for _, want := range []string{
		table + ": create-table: sent (",
		table + ": create-table: table ACTIVE, done (",
		table + ": update-ttl: sent, done (",
	} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("progress lacks %q:\n%s", want, res.stderr)
		}
	}
	if got := indexes(t, client, table); !slices.Equal(got, []string{"ByAssignee"}) {
		t.Errorf("indexes after apply: %v", got)
	}

	res = run(t, cfg, "plan")
	expectCode(t, res, ops.ExitOK)
	if want := "table " + table + ": no changes\n"; res.stdout != want {
		t.Errorf("plan after apply:\n%s\nwant:\n%s", res.stdout, want)
	}
	// Applying again changes nothing.
	res = run(t, cfg, "apply")
	expectCode(t, res, ops.ExitOK)
	if res.stderr != "" {
		t.Errorf("a second apply reported progress:\n%s", res.stderr)
	}
}

// TestApplyDropOptIn: a model that drops ByStatus and adds ByAssignee
// plans as destructive (exit 4); apply without --allow-drop refuses it
// (exit 4) and changes nothing, not even the index it could add; with
// --allow-drop ByStatus it makes both changes.
func TestApplyDropOptIn(t *testing.T) {
	ctx := context.Background()
	client := dynamotest.Client(t)
	table := dynamotest.TableName(t, "tickets")
	dynamotest.DeleteTableOnCleanup(t, client, table)
	v1, err := schema.Define(table, ticketV1Meta)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v1.Apply(ctx, client); err != nil {
		t.Fatal(err)
	}
	cfg := live(client, table, ticketMeta)

	res := run(t, cfg, "plan")
	expectCode(t, res, ops.ExitDestructive)
	golden(t, "plan-drop.txt", replace(res.stdout, table, "tickets"))

	for _, args := range [][]string{
		{"apply"},
		{"apply", "--allow-drop", "ByOther"},
		{"apply", "--allow-drop", table + "-other:ByStatus"}, // not this table
	} {
		if strings.Contains(args[len(args)-1], "-other:") {
			// A qualified name must name a configured table.
			res = run(t, cfg, args...)
			expectCode(t, res, ops.ExitUsage)
			continue
		}
		res = run(t, cfg, args...)
		expectCode(t, res, ops.ExitDestructive)
		want := "tool apply: dynamodel: invalid input to apply, table " + table + ", index ByStatus (drop-refused): deleting index ByStatus needs --allow-drop ByStatus\n"
		if res.stderr != want {
			t.Errorf("%v: stderr:\n%s\nwant:\n%s", args, res.stderr, want)
		}
		if !strings.HasSuffix(res.stdout, "\nnothing applied\n") {
			t.Errorf("%v: stdout:\n%s", args, res.stdout)
		}
		if got := indexes(t, client, table); !slices.Equal(got, []string{"ByStatus"}) {
			t.Fatalf("%v: a refused apply changed the indexes: %v", args, got)
		}
	}

	// --json: the refusal is in the document too.
	res = run(t, cfg, "apply", "--json")
	expectCode(t, res, ops.ExitDestructive)
	var refused struct {
		ExitCode int `json:"exitCode"`
		Tables   []struct {
			Table   string          `json:"table"`
			Plan    schema.Plan     `json:"plan"`
			Applied []schema.Change `json:"applied"`
		} `json:"tables"`
		Errors []struct{ Table, Index, Error string } `json:"errors"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &refused); err != nil {
		t.Fatalf("apply --json: %v\n%s", err, res.stdout)
	}
	if refused.ExitCode != ops.ExitDestructive || len(refused.Errors) != 1 || refused.Errors[0].Index != "ByStatus" ||
		refused.Errors[0].Table != table || len(refused.Tables) != 1 || len(refused.Tables[0].Applied) != 0 ||
		!hasKind(&refused.Tables[0].Plan, schema.Destructive) {
		t.Errorf("apply --json refused:\n%s", res.stdout)
	}

	res = run(t, cfg, "apply", "--allow-drop", "ByStatus")
	expectCode(t, res, ops.ExitOK)
	golden(t, "apply-drop.txt", replace(res.stdout, table, "tickets"))
	for _, want := range []string{
		table + ": delete-index ByStatus: deleted, done (",
		table + ": create-index ByAssignee: ACTIVE, done (",
	} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("progress lacks %q:\n%s", want, res.stderr)
		}
	}
	if got := indexes(t, client, table); !slices.Equal(got, []string{"ByAssignee"}) {
		t.Errorf("indexes after apply --allow-drop: %v", got)
	}
	expectCode(t, run(t, cfg, "plan"), ops.ExitOK)
}

// TestApplyImpossible: an index whose key changed plans as impossible in
// place (exit 5) and apply refuses it (exit 5), even with --allow-drop.
func TestApplyImpossible(t *testing.T) {
	client := dynamotest.Client(t)
	table := dynamotest.TableName(t, "tickets")
	dynamotest.DeleteTableOnCleanup(t, client, table)
	expectCode(t, run(t, live(client, table, ticketMeta), "apply"), ops.ExitOK)

	cfg := live(client, table, rekeyedMeta)
	res := run(t, cfg, "plan")
	expectCode(t, res, ops.ExitImpossible)
	golden(t, "plan-impossible.txt", replace(res.stdout, table, "tickets"))

	res = run(t, cfg, "apply", "--allow-drop", "ByAssignee")
	expectCode(t, res, ops.ExitImpossible)
	if !strings.HasPrefix(res.stderr, "tool apply: schema: table "+table+", index ByAssignee, attribute status: change impossible in place: replace-index: ") {
		t.Errorf("stderr:\n%s", res.stderr)
	}
	res = run(t, cfg, "plan", "--json")
	expectCode(t, res, ops.ExitImpossible)
	var doc struct {
		ExitCode int            `json:"exitCode"`
		Plans    []*schema.Plan `json:"plans"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.ExitCode != ops.ExitImpossible || len(doc.Plans) != 1 || !hasKind(doc.Plans[0], schema.Impossible) {
		t.Errorf("plan --json:\n%s", res.stdout)
	}
}

// TestApplyJSON: apply --json prints one document with the plan and the
// changes applied, and progress on stderr as JSON lines.
func TestApplyJSON(t *testing.T) {
	client := dynamotest.Client(t)
	table := dynamotest.TableName(t, "tickets")
	dynamotest.DeleteTableOnCleanup(t, client, table)
	cfg := live(client, table, ticketMeta)

	res := run(t, cfg, "plan", "--json")
	expectCode(t, res, ops.ExitChanges)
	var planned struct {
		ExitCode int            `json:"exitCode"`
		Plans    []*schema.Plan `json:"plans"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &planned); err != nil {
		t.Fatalf("plan --json: %v\n%s", err, res.stdout)
	}
	if planned.ExitCode != ops.ExitChanges || len(planned.Plans) != 1 || planned.Plans[0].Exists ||
		planned.Plans[0].Changes[0].Action != schema.ActionCreateTable {
		t.Errorf("plan --json:\n%s", res.stdout)
	}

	res = run(t, cfg, "apply", "--json")
	expectCode(t, res, ops.ExitOK)
	var applied struct {
		ExitCode int `json:"exitCode"`
		Tables   []struct {
			Table   string          `json:"table"`
			Applied []schema.Change `json:"applied"`
		} `json:"tables"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &applied); err != nil {
		t.Fatalf("apply --json: %v\n%s", err, res.stdout)
	}
	var actions []schema.Action
	for _, c := range applied.Tables[0].Applied {
		actions = append(actions, c.Action)
	}
	if applied.ExitCode != 0 || applied.Tables[0].Table != table ||
		!slices.Equal(actions, []schema.Action{schema.ActionCreateTable, schema.ActionUpdateTTL}) {
		t.Errorf("apply --json:\n%s", res.stdout)
	}
	lines := strings.Split(strings.TrimSuffix(res.stderr, "\n"), "\n")
	var dones []schema.Action
	for _, l := range lines {
		var p schema.Progress
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			t.Fatalf("progress line %q: %v", l, err)
		}
		if p.Table != table {
			t.Errorf("progress for table %q", p.Table)
		}
		if p.Done {
			dones = append(dones, p.Action)
		}
	}
	if !slices.Equal(dones, actions) {
		t.Errorf("progress done for %v, want %v:\n%s", dones, actions, res.stderr)
	}

	res = run(t, cfg, "plan", "--json")
	expectCode(t, res, ops.ExitOK)
	if !strings.Contains(res.stdout, `"changes": []`) {
		t.Errorf("an empty plan's changes are not []:\n%s", res.stdout)
	}
}

// TestTablesSelected: with two tables, --table limits plan and apply to
// one, TABLE:INDEX allows a drop in one table only, and plan exits with
// the gravest code of all tables.
func TestTablesSelected(t *testing.T) {
	ctx := context.Background()
	client := dynamotest.Client(t)
	tickets := dynamotest.TableName(t, "tickets")
	agents := dynamotest.TableName(t, "agents")
	dynamotest.DeleteTableOnCleanup(t, client, tickets)
	dynamotest.DeleteTableOnCleanup(t, client, agents)
	v1, err := schema.Define(tickets, ticketV1Meta)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v1.Apply(ctx, client); err != nil {
		t.Fatal(err)
	}
	cfg := ops.Config{Name: "tool", Client: client, Tables: []ops.Table{
		{Name: tickets, Metas: []*entity.Meta{ticketMeta}},
		{Name: agents, Metas: []*entity.Meta{agentMeta}},
	}}

	// agents is missing (3), tickets drops an index (4): 4.
	res := run(t, cfg, "plan")
	expectCode(t, res, ops.ExitDestructive)
	if want := "apply drops indexes only when told to: tool apply --allow-drop " + tickets + ":ByStatus\n"; !strings.HasSuffix(res.stdout, want) {
		t.Errorf("plan's hint:\n%s\nwant suffix:\n%s", res.stdout, want)
	}
	expectCode(t, run(t, cfg, "plan", "--table", agents), ops.ExitChanges)

	// Refused for tickets: agents is not created either.
	res = run(t, cfg, "apply")
	expectCode(t, res, ops.ExitDestructive)
	if !strings.Contains(res.stderr, "needs --allow-drop "+tickets+":ByStatus") {
		t.Errorf("stderr:\n%s", res.stderr)
	}
	expectCode(t, run(t, cfg, "plan", "--table", agents), ops.ExitChanges)

	expectCode(t, run(t, cfg, "apply", "--table", agents), ops.ExitOK)
	expectCode(t, run(t, cfg, "plan", "--table", agents), ops.ExitOK)
	expectCode(t, run(t, cfg, "plan", "--table", tickets), ops.ExitDestructive)

	expectCode(t, run(t, cfg, "apply", "--allow-drop", agents+":ByStatus"), ops.ExitDestructive)
	expectCode(t, run(t, cfg, "apply", "--allow-drop", tickets+":ByStatus"), ops.ExitOK)
	expectCode(t, run(t, cfg, "plan"), ops.ExitOK)
}

// TestClientErrors: plan and apply report a client that cannot be built
// or a failing request with ExitError, and build the client once, only
// when they need it.
func TestClientErrors(t *testing.T) {
	built := 0
	cfg := ops.Config{Name: "tool", Tables: []ops.Table{{Name: "tickets", Metas: []*entity.Meta{ticketMeta}}},
		NewClient: func(context.Context) (schema.Client, error) {
			built++
			return nil, errNoCredentials
		}}
	for _, cmd := range []string{"plan", "apply"} {
		res := run(t, cfg, cmd)
		expectCode(t, res, ops.ExitError)
		if want := "tool " + cmd + ": DynamoDB client: no credentials\n"; res.stderr != want {
			t.Errorf("stderr %q, want %q", res.stderr, want)
		}
	}
	if built != 2 {
		t.Errorf("NewClient called %d times, want once per run", built)
	}

	// Neither Client nor NewClient.
	cfg.NewClient = nil
	res := run(t, cfg, "plan")
	expectCode(t, res, ops.ExitError)

	// A server that does not answer: the request's error.
	cfg.Client = dynamotest.NewClient("http://127.0.0.1:1", func(o *dynamodb.Options) { o.RetryMaxAttempts = 1 })
	res = run(t, cfg, "plan")
	expectCode(t, res, ops.ExitError)
	if !strings.HasPrefix(res.stderr, "tool plan: schema: table tickets, DescribeTable: ") {
		t.Errorf("stderr: %s", res.stderr)
	}
	res = run(t, cfg, "plan", "--json")
	expectCode(t, res, ops.ExitError)
	var doc struct {
		ExitCode int `json:"exitCode"`
		Errors   []struct{ Table, Error string }
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.ExitCode != ops.ExitError || len(doc.Errors) != 1 || doc.Errors[0].Table != "tickets" {
		t.Errorf("plan --json:\n%s", res.stdout)
	}
}

// cancelOn is a writer that cancels a context once a line containing
// marker has been written to it.
type cancelOn struct {
	strings.Builder
	marker string
	cancel context.CancelFunc
}

func (w *cancelOn) Write(p []byte) (int, error) {
	n, err := w.Builder.Write(p)
	if strings.Contains(string(p), w.marker) {
		w.cancel()
	}
	return n, err
}

// TestApplyInterrupted: an apply whose context ends while it waits for an
// index (an interrupt) exits with ExitError and says where it stopped;
// the next apply continues from there.
func TestApplyInterrupted(t *testing.T) {
	client := dynamotest.Client(t)
	table := dynamotest.TableName(t, "tickets")
	dynamotest.DeleteTableOnCleanup(t, client, table)
	v1, err := schema.Define(table, ticketV1Meta)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v1.Apply(context.Background(), client); err != nil {
		t.Fatal(err)
	}
	cfg := live(client, table, ticketMeta)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out strings.Builder
	progress := &cancelOn{marker: "create-index ByAssignee: sent", cancel: cancel}
	code := ops.Main(ctx, []string{"apply", "--allow-drop", "ByStatus"}, &out, progress, cfg)
	if code != ops.ExitError {
		t.Fatalf("exit code %d, want %d\n%s\n%s", code, ops.ExitError, out.String(), progress.String())
	}
	if !strings.HasSuffix(out.String(), "\napplied to "+table+":\n  delete-index ByStatus (destructive)\n\napply stopped at table "+table+"\n") {
		t.Errorf("stdout:\n%s", out.String())
	}
	if !strings.Contains(progress.String(), "tool apply: schema: table "+table+", index ByAssignee") ||
		!strings.HasSuffix(progress.String(), "context canceled\n") {
		t.Errorf("stderr:\n%s", progress.String())
	}

	res := run(t, cfg, "apply")
	expectCode(t, res, ops.ExitOK)
	// It may still find the index CREATING (and wait for it), but it
	// creates nothing again.
	_, applied, _ := strings.Cut(res.stdout, "\napplied to "+table+":\n")
	if applied != "  update-ttl (online)\n" && applied != "  wait-index ByAssignee (online)\n  update-ttl (online)\n" {
		t.Errorf("the second apply did not continue where the first stopped:\n%s", res.stdout)
	}
	expectCode(t, run(t, cfg, "plan"), ops.ExitOK)
}
