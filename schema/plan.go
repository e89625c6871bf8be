package schema

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/keyrules"
	"github.com/dynamodel/dynamodel/internal/model"
)

// Kind says what it takes to make a [Change].
type Kind int

// The kinds of change, from the safest.
const (
	// Online: DynamoDB makes the change while the table serves reads and
	// writes (adding a global secondary index: DynamoDB backfills it from
	// the existing items). Apply makes it.
	Online Kind = iota + 1
	// NeedsData: the change is made online, but items written before it
	// lack attributes it relies on ([Change.Attributes]): key attributes
	// of a new index declared with ddb:"since=N" (added in schema version
	// N). The index leaves those items out until they are backfilled.
	// Apply makes the change; the backfill is yours.
	NeedsData
	// Destructive: the change deletes something that cannot be brought
	// back as it was (dropping an index: readers of it fail, and a new
	// one must be backfilled again). Apply makes it only when told to.
	Destructive
	// Impossible: DynamoDB cannot make the change in place; [Change.Steps]
	// say how to reach the same end (a new index or table, moving
	// readers, dropping the old one). Apply refuses it.
	Impossible
)

var kindNames = [...]string{Online: "online", NeedsData: "needs data first", Destructive: "destructive", Impossible: "impossible in place"}
var kindTokens = [...]string{Online: "online", NeedsData: "needs-data-first", Destructive: "destructive", Impossible: "impossible-in-place"}

// String returns the kind as a plan prints it, such as "needs data first".
func (k Kind) String() string {
	if k < Online || k > Impossible {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// MarshalText encodes the kind as a token without spaces, such as
// "needs-data-first", for JSON.
func (k Kind) MarshalText() ([]byte, error) {
	if k < Online || k > Impossible {
		return nil, fmt.Errorf("schema: unknown change kind %d", int(k))
	}
	return []byte(kindTokens[k]), nil
}

// UnmarshalText decodes what MarshalText encodes.
func (k *Kind) UnmarshalText(b []byte) error {
	if i := slices.Index(kindTokens[:], string(b)); i >= int(Online) {
		*k = Kind(i)
		return nil
	}
	return fmt.Errorf("schema: unknown change kind %q", b)
}

// Action is what a [Change] does to the table. Apply performs them in the
// order the constants are declared.
type Action string

// The actions of a plan.
const (
	// ActionCreateTable: the table does not exist.
	ActionCreateTable Action = "create-table"
	// ActionReplaceTable: the primary key, a key attribute's type or a
	// local secondary index changed; only a new table can have it.
	ActionReplaceTable Action = "replace-table"
	// ActionWaitTable: the table is CREATING or UPDATING.
	ActionWaitTable Action = "wait-table"
	// ActionWaitIndex: a global secondary index is CREATING (or still
	// backfilling), UPDATING or DELETING, for instance because an earlier
	// Apply was interrupted.
	ActionWaitIndex Action = "wait-index"
	// ActionDeleteIndex: the table has a global secondary index no entity
	// declares.
	ActionDeleteIndex Action = "delete-index"
	// ActionUpdateBilling: billing mode, provisioned capacity of the table
	// or on-demand maximum differ.
	ActionUpdateBilling Action = "update-billing"
	// ActionUpdateIndexCapacity: a global secondary index's provisioned
	// capacity differs.
	ActionUpdateIndexCapacity Action = "update-index-capacity"
	// ActionUpdateStream: the stream is to be enabled, disabled or given
	// another view type.
	ActionUpdateStream Action = "update-stream"
	// ActionUpdateDeletionProtection: deletion protection differs.
	ActionUpdateDeletionProtection Action = "update-deletion-protection"
	// ActionUpdateTableClass: the table class differs.
	ActionUpdateTableClass Action = "update-table-class"
	// ActionCreateIndex: a declared global secondary index is missing.
	ActionCreateIndex Action = "create-index"
	// ActionReplaceIndex: a global secondary index's key schema or
	// projection changed; only a new index can have it.
	ActionReplaceIndex Action = "replace-index"
	// ActionUpdateTTL: time to live is to be enabled, disabled or moved to
	// another attribute.
	ActionUpdateTTL Action = "update-ttl"
)

var actionOrder = []Action{
	ActionCreateTable, ActionReplaceTable, ActionWaitTable, ActionWaitIndex, ActionDeleteIndex,
	ActionUpdateBilling, ActionUpdateIndexCapacity, ActionUpdateStream, ActionUpdateDeletionProtection,
	ActionUpdateTableClass, ActionCreateIndex, ActionReplaceIndex, ActionUpdateTTL,
}

// Change is one difference between the declared table and the live one,
// with what it takes to make it.
type Change struct {
	Action Action `json:"action"`
	Kind   Kind   `json:"kind"`
	// Index is the index concerned, if any.
	Index string `json:"index,omitempty"`
	// Attributes are the attributes concerned, sorted: for NeedsData, the
	// attributes items written before the change may lack.
	Attributes []string `json:"attributes,omitempty"`
	// From and To describe the live and the declared state, when the
	// change modifies something.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Reason says why the change has its kind.
	Reason string `json:"reason"`
	// Steps are what to do, in order.
	Steps []string `json:"steps,omitempty"`
}

// Plan is the difference between a [Definition] and the live table, as
// computed by [Definition.Plan]. It is a value: String renders it as a
// readable, deterministic diff, and it marshals to JSON.
//
// A pipeline that gates on a kind of change looks for it in Changes:
//
//	slices.ContainsFunc(plan.Changes, func(c schema.Change) bool { return c.Kind == schema.Destructive })
type Plan struct {
	Table string `json:"table"`
	// Exists says whether the table exists.
	Exists bool `json:"exists"`
	// Changes are sorted in the order Apply makes them (the order of the
	// Action constants), then by index name.
	Changes []Change `json:"changes"`

	// requests holds, per change, what Apply sends for it.
	requests []request
}

// request is what Apply sends for one change: UpdateTable and
// UpdateTimeToLive requests in order, or a CreateTable.
type request struct {
	create *dynamodb.CreateTableInput
	update []*dynamodb.UpdateTableInput
	ttl    []*dynamodb.UpdateTimeToLiveInput
	// gone: the change waits for an index to be deleted.
	gone bool
}

// String renders the plan as a diff a person reads in a pull request: a
// summary line, then each change with its kind, what it changes, why, and
// the steps to take. The text depends only on the plan.
func (p *Plan) String() string {
	var b strings.Builder
	if len(p.Changes) == 0 {
		fmt.Fprintf(&b, "table %s: no changes\n", p.Table)
		return b.String()
	}
	counts := map[Kind]int{}
	for _, c := range p.Changes {
		counts[c.Kind]++
	}
	var parts []string
	for k := Online; k <= Impossible; k++ {
		if counts[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
		}
	}
	noun := "changes"
	if len(p.Changes) == 1 {
		noun = "change"
	}
	fmt.Fprintf(&b, "table %s: %d %s (%s)\n", p.Table, len(p.Changes), noun, strings.Join(parts, ", "))
	for _, c := range p.Changes {
		b.WriteString("\n")
		fmt.Fprintf(&b, "%s %s [%s]\n", c.symbol(), c.title(p.Table), c.Kind)
		if c.From != "" {
			fmt.Fprintf(&b, "    from: %s\n", c.From)
		}
		if c.To != "" {
			fmt.Fprintf(&b, "    to:   %s\n", c.To)
		}
		if len(c.Attributes) > 0 {
			fmt.Fprintf(&b, "    attributes: %s\n", strings.Join(c.Attributes, ", "))
		}
		fmt.Fprintf(&b, "    why: %s\n", c.Reason)
		for i, s := range c.Steps {
			fmt.Fprintf(&b, "    %d. %s\n", i+1, s)
		}
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func (c Change) symbol() string {
	switch {
	case c.Kind == Impossible:
		return "!"
	case c.Action == ActionCreateTable || c.Action == ActionCreateIndex:
		return "+"
	case c.Action == ActionDeleteIndex:
		return "-"
	case c.Action == ActionWaitTable || c.Action == ActionWaitIndex:
		return "…"
	}
	return "~"
}

func (c Change) title(table string) string {
	switch c.Action {
	case ActionCreateTable:
		return "create table " + table
	case ActionReplaceTable:
		if c.Index != "" {
			return "replace table " + table + " (local index " + c.Index + ")"
		}
		return "replace table " + table
	case ActionWaitTable:
		return "wait for table " + table
	case ActionWaitIndex:
		return "wait for index " + c.Index
	case ActionDeleteIndex:
		return "delete index " + c.Index
	case ActionUpdateBilling:
		return "update billing"
	case ActionUpdateIndexCapacity:
		return "update capacity of index " + c.Index
	case ActionUpdateStream:
		return "update stream"
	case ActionUpdateDeletionProtection:
		return "update deletion protection"
	case ActionUpdateTableClass:
		return "update table class"
	case ActionCreateIndex:
		return "create index " + c.Index
	case ActionReplaceIndex:
		return "replace index " + c.Index
	case ActionUpdateTTL:
		return "update time to live"
	}
	return string(c.Action)
}

// Plan compares the definition with the live table (DescribeTable and
// DescribeTimeToLive) and returns the changes that would make the table
// match it. Nothing is changed.
//
// It compares: whether the table exists; the primary key and the types of
// key attributes; local secondary indexes; global secondary indexes
// (missing, no longer declared, key schema, projection, provisioned
// capacity, and status: an index still CREATING or backfilling is a change
// to wait for); billing mode, provisioned capacity and on-demand maximum;
// stream; deletion protection; table class; and the time-to-live
// attribute. Tags are not compared.
//
// A table in a state it will not leave for ACTIVE (DELETING, ARCHIVED, …)
// is an *[Error] matching [ErrNotActive]; a failed request is an *[Error]
// wrapping the SDK's error.
func (d *Definition) Plan(ctx context.Context, client Client) (*Plan, error) {
	name := aws.ToString(d.Table.TableName)
	out, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	var notFound *types.ResourceNotFoundException
	if errors.As(err, &notFound) {
		return d.planCreate(), nil
	}
	if err != nil {
		return nil, &Error{Table: name, Op: "DescribeTable", Err: err}
	}
	if out.Table == nil {
		return nil, &Error{Table: name, Op: "DescribeTable", Err: errors.New("no table in the response")}
	}
	ttl, err := client.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(name)})
	if err != nil {
		return nil, &Error{Table: name, Op: "DescribeTimeToLive", Err: err}
	}
	return d.compare(out.Table, ttl.TimeToLiveDescription)
}

// planCreate is the plan for a missing table.
func (d *Definition) planCreate() *Plan {
	in := d.Table
	p := &Plan{Table: aws.ToString(in.TableName)}
	var what []string
	what = append(what, "key "+renderKey(keyElems(in.KeySchema, defsOf(in.AttributeDefinitions))))
	for _, g := range in.GlobalSecondaryIndexes {
		what = append(what, "global index "+aws.ToString(g.IndexName))
	}
	for _, l := range in.LocalSecondaryIndexes {
		what = append(what, "local index "+aws.ToString(l.IndexName))
	}
	p.add(Change{
		Action: ActionCreateTable, Kind: Online,
		To:     strings.Join(what, "; "),
		Reason: "the table does not exist",
		Steps:  []string{"CreateTable, then wait until the table and its global secondary indexes are ACTIVE."},
	}, request{create: in})
	if d.TTLAttribute != "" {
		p.add(d.ttlChange(""), d.ttlRequest(""))
	}
	p.sort()
	return p
}

func (p *Plan) add(c Change, r request) {
	p.Changes = append(p.Changes, c)
	p.requests = append(p.requests, r)
}

// sort orders the changes (and their requests) by action, then index.
func (p *Plan) sort() {
	idx := make([]int, len(p.Changes))
	for i := range idx {
		idx[i] = i
	}
	rank := func(a Action) int { return slices.Index(actionOrder, a) }
	slices.SortStableFunc(idx, func(a, b int) int {
		ca, cb := p.Changes[a], p.Changes[b]
		if d := rank(ca.Action) - rank(cb.Action); d != 0 {
			return d
		}
		return strings.Compare(ca.Index, cb.Index)
	})
	changes := make([]Change, len(idx))
	reqs := make([]request, len(idx))
	for i, j := range idx {
		changes[i], reqs[i] = p.Changes[j], p.requests[j]
	}
	p.Changes, p.requests = changes, reqs
}

// keyElem is one element of a key schema with its attribute's type.
type keyElem struct {
	name string
	role types.KeyType
	typ  types.ScalarAttributeType
}

func defsOf(defs []types.AttributeDefinition) map[string]types.ScalarAttributeType {
	out := make(map[string]types.ScalarAttributeType, len(defs))
	for _, d := range defs {
		out[aws.ToString(d.AttributeName)] = d.AttributeType
	}
	return out
}

func keyElems(ks []types.KeySchemaElement, defs map[string]types.ScalarAttributeType) []keyElem {
	out := make([]keyElem, len(ks))
	for i, k := range ks {
		name := aws.ToString(k.AttributeName)
		out[i] = keyElem{name: name, role: k.KeyType, typ: defs[name]}
	}
	return out
}

// renderKey writes a key schema as "HASH a (S), RANGE b (N)".
func renderKey(ks []keyElem) string {
	parts := make([]string, len(ks))
	for i, k := range ks {
		parts[i] = fmt.Sprintf("%s %s (%s)", k.role, k.name, k.typ)
	}
	return strings.Join(parts, ", ")
}

// keyDiff lists the attributes whose place or type differs between two key
// schemas, sorted.
func keyDiff(a, b []keyElem) []string {
	set := map[string]bool{}
	for i := range max(len(a), len(b)) {
		switch {
		case i >= len(a):
			set[b[i].name] = true
		case i >= len(b):
			set[a[i].name] = true
		case a[i] != b[i]:
			set[a[i].name] = true
			set[b[i].name] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

func renderProj(p *types.Projection) string {
	if p == nil {
		return "(unknown projection)"
	}
	if p.ProjectionType == types.ProjectionTypeInclude {
		return "INCLUDE(" + strings.Join(slices.Sorted(slices.Values(p.NonKeyAttributes)), ", ") + ")"
	}
	return string(p.ProjectionType)
}

func indexText(ks []keyElem, p *types.Projection) string {
	return renderKey(ks) + "; projection " + renderProj(p)
}

// liveState is what compare reads from a live table.
type liveState struct {
	desc *types.TableDescription
	defs map[string]types.ScalarAttributeType
	gsis map[string]types.GlobalSecondaryIndexDescription
}

// compare computes the plan from a live description.
func (d *Definition) compare(t *types.TableDescription, ttl *types.TimeToLiveDescription) (*Plan, error) {
	in := d.Table
	name := aws.ToString(in.TableName)
	p := &Plan{Table: name, Exists: true}
	switch t.TableStatus {
	case types.TableStatusActive:
	case types.TableStatusCreating, types.TableStatusUpdating:
		p.add(Change{Action: ActionWaitTable, Kind: Online,
			Reason: fmt.Sprintf("the table is %s", t.TableStatus),
			Steps:  []string{"Wait until the table is ACTIVE."}}, request{})
	default:
		return nil, &Error{Table: name, Err: fmt.Errorf("%w: %s", ErrNotActive, t.TableStatus)}
	}
	live := liveState{desc: t, defs: defsOf(t.AttributeDefinitions), gsis: map[string]types.GlobalSecondaryIndexDescription{}}
	for _, g := range t.GlobalSecondaryIndexes {
		live.gsis[aws.ToString(g.IndexName)] = g
	}
	want := defsOf(in.AttributeDefinitions)

	// The primary key first: when it changes, everything moves to a new
	// table and the other differences do not matter.
	if wk, lk := keyElems(in.KeySchema, want), keyElems(t.KeySchema, live.defs); !slices.Equal(wk, lk) {
		p.add(Change{Action: ActionReplaceTable, Kind: Impossible, Attributes: keyDiff(lk, wk),
			From: renderKey(lk), To: renderKey(wk),
			Reason: "DynamoDB cannot change a table's primary key or the type of a key attribute",
			Steps:  replaceTableSteps(name),
		}, request{})
		p.sort()
		return p, nil
	}
	d.compareLocals(p, live, want)
	d.compareGlobals(p, live, want)
	d.compareSettings(p, live)
	d.compareTTL(p, ttl)
	p.sort()
	return p, nil
}

func replaceTableSteps(table string) []string {
	return []string{
		fmt.Sprintf("Create a new table (another name than %s) from the model.", table),
		"Copy every item into it with a backfill job, while writers write to both tables (or replay the old table's stream).",
		"Switch readers, then writers, to the new table.",
		fmt.Sprintf("Delete %s once nothing uses it.", table),
	}
}

func (d *Definition) compareLocals(p *Plan, live liveState, want map[string]types.ScalarAttributeType) {
	liveLSI := map[string]types.LocalSecondaryIndexDescription{}
	for _, l := range live.desc.LocalSecondaryIndexes {
		liveLSI[aws.ToString(l.IndexName)] = l
	}
	why := "local secondary indexes are created with the table and cannot be added, changed or deleted later"
	for _, l := range d.Table.LocalSecondaryIndexes {
		name := aws.ToString(l.IndexName)
		wk := keyElems(l.KeySchema, want)
		got, ok := liveLSI[name]
		delete(liveLSI, name)
		if !ok {
			p.add(Change{Action: ActionReplaceTable, Kind: Impossible, Index: name, To: indexText(wk, l.Projection),
				Reason: why, Steps: replaceTableSteps(p.Table)}, request{})
			continue
		}
		lk := keyElems(got.KeySchema, live.defs)
		if !slices.Equal(wk, lk) || !sameProjection(l.Projection, got.Projection) {
			attrs := keyDiff(lk, wk)
			if len(attrs) == 0 {
				attrs = projectionDiff(got.Projection, l.Projection)
			}
			p.add(Change{Action: ActionReplaceTable, Kind: Impossible, Index: name, Attributes: attrs,
				From: indexText(lk, got.Projection), To: indexText(wk, l.Projection),
				Reason: why, Steps: replaceTableSteps(p.Table)}, request{})
		}
	}
	for _, name := range slices.Sorted(maps.Keys(liveLSI)) {
		got := liveLSI[name]
		p.add(Change{Action: ActionReplaceTable, Kind: Impossible, Index: name,
			From:   indexText(keyElems(got.KeySchema, live.defs), got.Projection),
			Reason: "no entity declares this local secondary index, and " + why, Steps: replaceTableSteps(p.Table)}, request{})
	}
}

func sameProjection(a, b *types.Projection) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.ProjectionType == b.ProjectionType &&
		slices.Equal(slices.Sorted(slices.Values(a.NonKeyAttributes)), slices.Sorted(slices.Values(b.NonKeyAttributes)))
}

// projectionDiff lists the non-key attributes projected by one side only.
func projectionDiff(a, b *types.Projection) []string {
	var in []string
	if a != nil {
		in = append(in, a.NonKeyAttributes...)
	}
	if b != nil {
		in = append(in, b.NonKeyAttributes...)
	}
	count := map[string]int{}
	for _, s := range in {
		count[s]++
	}
	var out []string
	for s, n := range count {
		if n == 1 {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

func (d *Definition) compareGlobals(p *Plan, live liveState, want map[string]types.ScalarAttributeType) {
	in := d.Table
	declared := map[string]bool{}
	provisioned := in.BillingMode == types.BillingModeProvisioned
	billingChanges := liveBilling(live.desc) != in.BillingMode
	for _, g := range in.GlobalSecondaryIndexes {
		name := aws.ToString(g.IndexName)
		declared[name] = true
		wk := keyElems(g.KeySchema, want)
		got, ok := live.gsis[name]
		if !ok {
			p.add(d.createIndexChange(g, wk, live), request{update: []*dynamodb.UpdateTableInput{d.createIndexRequest(g)}})
			continue
		}
		if c, waiting := waitIndexChange(name, got); waiting {
			deleting := got.IndexStatus == types.IndexStatusDeleting
			p.add(c, request{gone: deleting})
			if deleting {
				continue // compared again once it is gone
			}
		}
		lk := keyElems(got.KeySchema, live.defs)
		switch {
		case !slices.Equal(wk, lk):
			p.add(replaceIndexChange(name, lk, wk, got.Projection, g.Projection, keyDiff(lk, wk),
				"DynamoDB cannot change the key schema of an index (nor the type of a key attribute)"), request{})
		case !sameProjection(g.Projection, got.Projection):
			p.add(replaceIndexChange(name, lk, wk, got.Projection, g.Projection, projectionDiff(got.Projection, g.Projection),
				"DynamoDB cannot change the projection of an index"), request{})
		case provisioned && !billingChanges && g.ProvisionedThroughput != nil && !sameCapacity(got.ProvisionedThroughput, g.ProvisionedThroughput):
			p.add(Change{Action: ActionUpdateIndexCapacity, Kind: Online, Index: name,
				From:   renderLiveCapacity(got.ProvisionedThroughput),
				To:     renderCapacity(g.ProvisionedThroughput),
				Reason: "the index's provisioned capacity differs from the settings",
				Steps:  []string{"UpdateTable with the index's new capacity."},
			}, request{update: []*dynamodb.UpdateTableInput{{
				TableName: in.TableName,
				GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Update: &types.UpdateGlobalSecondaryIndexAction{
					IndexName: g.IndexName, ProvisionedThroughput: g.ProvisionedThroughput}}},
			}}})
		}
	}
	for _, name := range slices.Sorted(maps.Keys(live.gsis)) {
		if declared[name] {
			continue
		}
		got := live.gsis[name]
		if c, waiting := waitIndexChange(name, got); waiting {
			deleting := got.IndexStatus == types.IndexStatusDeleting
			p.add(c, request{gone: deleting})
			if deleting {
				continue
			}
		}
		p.add(Change{Action: ActionDeleteIndex, Kind: Destructive, Index: name,
			From:   indexText(keyElems(got.KeySchema, live.defs), got.Projection),
			Reason: "no entity declares this index; queries that still use it fail once it is deleted, and bringing it back means creating and backfilling it again",
			Steps: []string{
				fmt.Sprintf("Make sure no reader queries %s any more.", name),
				fmt.Sprintf("Apply with the drop allowed for %s (schema.DropIndexes).", name),
			},
		}, request{update: []*dynamodb.UpdateTableInput{{
			TableName:                   in.TableName,
			GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Delete: &types.DeleteGlobalSecondaryIndexAction{IndexName: aws.String(name)}}},
		}}})
	}
}

// waitIndexChange reports an index that is not ready yet.
func waitIndexChange(name string, g types.GlobalSecondaryIndexDescription) (Change, bool) {
	state := string(g.IndexStatus)
	switch {
	case g.IndexStatus == types.IndexStatusActive && aws.ToBool(g.Backfilling):
		state = "ACTIVE, backfilling"
	case g.IndexStatus == types.IndexStatusActive:
		return Change{}, false
	case aws.ToBool(g.Backfilling):
		state += ", backfilling"
	}
	c := Change{Action: ActionWaitIndex, Kind: Online, Index: name,
		Reason: "the index is " + state,
		Steps:  []string{"Wait until it is ACTIVE and no longer backfilling."}}
	if g.IndexStatus == types.IndexStatusDeleting {
		c.Steps = []string{"Wait until it is gone."}
	}
	return c, true
}

func replaceIndexChange(name string, lk, wk []keyElem, lp, wp *types.Projection, attrs []string, why string) Change {
	steps := []string{
		fmt.Sprintf("Declare the new definition under another index name (for example %s2) and apply: DynamoDB creates and backfills it online.", name),
		"Switch readers to the new index once it is ACTIVE and backfilled.",
		fmt.Sprintf("Remove %s from the model and apply with the drop allowed for it.", name),
	}
	for _, a := range lk {
		for _, b := range wk {
			if a.name == b.name && a.typ != b.typ {
				steps[0] = fmt.Sprintf("A table defines each attribute with one type: store the new %s values under another attribute name, declare the new index on it (under another index name, for example %s2) and apply.", a.name, name)
			}
		}
	}
	return Change{Action: ActionReplaceIndex, Kind: Impossible, Index: name, Attributes: attrs,
		From: indexText(lk, lp), To: indexText(wk, wp), Reason: why, Steps: steps}
}

// createIndexChange describes a missing global secondary index: online, or
// NeedsData when items written before its key attributes existed lack them.
func (d *Definition) createIndexChange(g types.GlobalSecondaryIndex, wk []keyElem, live liveState) Change {
	name := aws.ToString(g.IndexName)
	c := Change{Action: ActionCreateIndex, Kind: Online, Index: name, To: indexText(wk, g.Projection),
		Reason: "declared by the model and missing from the table; DynamoDB backfills it from the items already stored",
		Steps: []string{
			"UpdateTable creates the index (one index per request).",
			"Wait until it is ACTIVE and no longer backfilling before querying it.",
		}}
	// A key attribute with a different type in the live table cannot be
	// defined again while a live index or the table key still uses it.
	for _, k := range wk {
		lt, ok := live.defs[k.name]
		if !ok || lt == k.typ {
			continue
		}
		users := liveUsers(live, k.name)
		if len(users) == 0 {
			continue
		}
		c.Kind = Impossible
		c.Attributes = []string{k.name}
		c.Reason = fmt.Sprintf("the table defines %s as %s (used by %s); a table defines each attribute with one type", k.name, lt, strings.Join(users, ", "))
		c.Steps = []string{
			fmt.Sprintf("Store the %s values under another attribute name and declare the index on that attribute, or", k.name),
			fmt.Sprintf("drop %s first (the plan lists what replaces it).", strings.Join(users, ", ")),
		}
		return c
	}
	if lacking := d.lackingAttributes(name); len(lacking) > 0 {
		c.Kind = NeedsData
		var attrs, since []string
		for _, l := range lacking {
			attrs = append(attrs, l.attr)
			since = append(since, fmt.Sprintf("%s (%s version %d)", l.attr, l.entity, l.since))
		}
		c.Attributes = attrs
		c.Reason = "items stored before these attributes were added do not hold them, so DynamoDB leaves them out of the index until they are written again: " + strings.Join(since, ", ")
		c.Steps = append(c.Steps, fmt.Sprintf("Backfill %s into the items stored before (read each old item, set the attributes, write it back); until then the index misses them.", strings.Join(attrs, ", ")))
	}
	return c
}

// liveUsers names the live table key and indexes that use an attribute.
func liveUsers(live liveState, attr string) []string {
	var out []string
	uses := func(ks []types.KeySchemaElement) bool {
		return slices.ContainsFunc(ks, func(k types.KeySchemaElement) bool { return aws.ToString(k.AttributeName) == attr })
	}
	if uses(live.desc.KeySchema) {
		out = append(out, "the table key")
	}
	for _, name := range slices.Sorted(maps.Keys(live.gsis)) {
		if uses(live.gsis[name].KeySchema) {
			out = append(out, "index "+name)
		}
	}
	for _, l := range live.desc.LocalSecondaryIndexes {
		if uses(l.KeySchema) {
			out = append(out, "index "+aws.ToString(l.IndexName))
		}
	}
	return out
}

// lacking is a key attribute of a new index that older items may not
// store.
type lacking struct {
	attr, entity string
	since        int
}

// lackingAttributes lists the key attributes of an index that were added in
// a later schema version (ddb:"since=N"): items stored by older versions
// lack them until they are written again. Sorted by attribute.
func (d *Definition) lackingAttributes(index string) []lacking {
	byAttr := map[string]lacking{}
	for _, m := range d.metas {
		ix, ok := model.Of(m).Index(index)
		if !ok {
			continue
		}
		for _, k := range keyrules.All(ix.Schema) {
			a, ok := model.Of(m).Attribute(k.Name)
			if !ok || a.Since == 0 {
				continue
			}
			if prev, seen := byAttr[k.Name]; !seen || a.Since > prev.since {
				byAttr[k.Name] = lacking{attr: k.Name, entity: m.GoType().Name(), since: a.Since}
			}
		}
	}
	out := make([]lacking, 0, len(byAttr))
	for _, name := range slices.Sorted(maps.Keys(byAttr)) {
		out = append(out, byAttr[name])
	}
	return out
}

func (d *Definition) createIndexRequest(g types.GlobalSecondaryIndex) *dynamodb.UpdateTableInput {
	want := defsOf(d.Table.AttributeDefinitions)
	var defs []types.AttributeDefinition
	seen := map[string]bool{}
	for _, k := range g.KeySchema {
		name := aws.ToString(k.AttributeName)
		if !seen[name] {
			seen[name] = true
			defs = append(defs, types.AttributeDefinition{AttributeName: aws.String(name), AttributeType: want[name]})
		}
	}
	return &dynamodb.UpdateTableInput{
		TableName:            d.Table.TableName,
		AttributeDefinitions: defs,
		GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Create: &types.CreateGlobalSecondaryIndexAction{
			IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection,
			ProvisionedThroughput: g.ProvisionedThroughput, OnDemandThroughput: g.OnDemandThroughput,
		}}},
	}
}

// liveBilling is the live billing mode. DescribeTable may omit the summary
// (tables created on demand long ago, some emulators); an on-demand table
// then shows zero provisioned capacity.
func liveBilling(t *types.TableDescription) types.BillingMode {
	if s := t.BillingModeSummary; s != nil && s.BillingMode != "" {
		return s.BillingMode
	}
	if pt := t.ProvisionedThroughput; pt != nil && aws.ToInt64(pt.ReadCapacityUnits) > 0 {
		return types.BillingModeProvisioned
	}
	return types.BillingModePayPerRequest
}

func sameCapacity(live *types.ProvisionedThroughputDescription, want *types.ProvisionedThroughput) bool {
	if live == nil || want == nil {
		return live == nil && want == nil
	}
	return aws.ToInt64(live.ReadCapacityUnits) == aws.ToInt64(want.ReadCapacityUnits) &&
		aws.ToInt64(live.WriteCapacityUnits) == aws.ToInt64(want.WriteCapacityUnits)
}

func renderCapacity(c *types.ProvisionedThroughput) string {
	if c == nil {
		return ""
	}
	return fmt.Sprintf("%d RCU, %d WCU", aws.ToInt64(c.ReadCapacityUnits), aws.ToInt64(c.WriteCapacityUnits))
}

func renderLiveCapacity(c *types.ProvisionedThroughputDescription) string {
	if c == nil {
		return ""
	}
	return fmt.Sprintf("%d RCU, %d WCU", aws.ToInt64(c.ReadCapacityUnits), aws.ToInt64(c.WriteCapacityUnits))
}

// onDemandMax normalises an on-demand maximum: nil, zero and -1 all mean
// uncapped.
func onDemandMax(c *types.OnDemandThroughput) (read, write int64) {
	if c == nil {
		return -1, -1
	}
	norm := func(p *int64) int64 {
		if v := aws.ToInt64(p); v > 0 {
			return v
		}
		return -1
	}
	return norm(c.MaxReadRequestUnits), norm(c.MaxWriteRequestUnits)
}

func renderBilling(mode types.BillingMode, capacity string, odr, odw int64) string {
	if mode == types.BillingModeProvisioned {
		return "PROVISIONED, " + capacity
	}
	if odr < 0 && odw < 0 {
		return "PAY_PER_REQUEST"
	}
	limit := func(v int64) string {
		if v < 0 {
			return "uncapped"
		}
		return fmt.Sprint(v)
	}
	return fmt.Sprintf("PAY_PER_REQUEST, at most %s read and %s write request units per second", limit(odr), limit(odw))
}

func (d *Definition) compareSettings(p *Plan, live liveState) {
	in, t := d.Table, live.desc

	// Billing mode and table capacity.
	lm, wm := liveBilling(t), in.BillingMode
	lr, lw := onDemandMax(t.OnDemandThroughput)
	wr, ww := onDemandMax(in.OnDemandThroughput)
	var from, to string
	switch {
	case lm != wm:
		from = renderBilling(lm, renderLiveCapacity(t.ProvisionedThroughput), lr, lw)
		to = renderBilling(wm, renderCapacity(in.ProvisionedThroughput), wr, ww)
	case wm == types.BillingModeProvisioned && !sameCapacity(t.ProvisionedThroughput, in.ProvisionedThroughput):
		from, to = renderBilling(lm, renderLiveCapacity(t.ProvisionedThroughput), 0, 0), renderBilling(wm, renderCapacity(in.ProvisionedThroughput), 0, 0)
	case wm == types.BillingModePayPerRequest && (lr != wr || lw != ww):
		from, to = renderBilling(lm, "", lr, lw), renderBilling(wm, "", wr, ww)
	}
	if from != "" {
		req := &dynamodb.UpdateTableInput{TableName: in.TableName, BillingMode: wm}
		if wm == types.BillingModeProvisioned {
			req.ProvisionedThroughput = in.ProvisionedThroughput
			if lm != wm {
				// Every index needs its capacity when the table turns
				// provisioned; indexes still to be created get theirs then.
				for _, g := range in.GlobalSecondaryIndexes {
					if _, ok := live.gsis[aws.ToString(g.IndexName)]; ok {
						req.GlobalSecondaryIndexUpdates = append(req.GlobalSecondaryIndexUpdates, types.GlobalSecondaryIndexUpdate{
							Update: &types.UpdateGlobalSecondaryIndexAction{IndexName: g.IndexName, ProvisionedThroughput: g.ProvisionedThroughput}})
					}
				}
			}
		} else if lr != wr || lw != ww {
			// -1 removes a maximum.
			req.OnDemandThroughput = &types.OnDemandThroughput{MaxReadRequestUnits: aws.Int64(wr), MaxWriteRequestUnits: aws.Int64(ww)}
		}
		steps := []string{"UpdateTable with the new billing settings; the table stays available."}
		if lm != wm {
			steps = append(steps, "DynamoDB limits how often a table may switch billing mode (a few times per 24 hours).")
		}
		p.add(Change{Action: ActionUpdateBilling, Kind: Online, From: from, To: to,
			Reason: "the billing settings differ from the settings", Steps: steps},
			request{update: []*dynamodb.UpdateTableInput{req}})
	}

	// Stream.
	ls := types.StreamViewType("")
	if s := t.StreamSpecification; s != nil && aws.ToBool(s.StreamEnabled) {
		ls = s.StreamViewType
	}
	ws := types.StreamViewType("")
	if s := in.StreamSpecification; s != nil && aws.ToBool(s.StreamEnabled) {
		ws = s.StreamViewType
	}
	if ls != ws {
		var reqs []*dynamodb.UpdateTableInput
		steps := []string{}
		if ls != "" {
			reqs = append(reqs, &dynamodb.UpdateTableInput{TableName: in.TableName, StreamSpecification: &types.StreamSpecification{StreamEnabled: aws.Bool(false)}})
			steps = append(steps, "UpdateTable disables the stream; its consumers stop receiving changes, and its records stay readable for 24 hours.")
		}
		if ws != "" {
			reqs = append(reqs, &dynamodb.UpdateTableInput{TableName: in.TableName, StreamSpecification: &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: ws}})
			steps = append(steps, "UpdateTable enables the stream with view type "+string(ws)+"; consumers read it from its new ARN.")
		}
		p.add(Change{Action: ActionUpdateStream, Kind: Online, From: streamText(ls), To: streamText(ws),
			Reason: "the stream differs from the settings", Steps: steps}, request{update: reqs})
	}

	// Deletion protection.
	if lp, wp := aws.ToBool(t.DeletionProtectionEnabled), aws.ToBool(in.DeletionProtectionEnabled); lp != wp {
		p.add(Change{Action: ActionUpdateDeletionProtection, Kind: Online, From: onOff(lp), To: onOff(wp),
			Reason: "deletion protection differs from the settings",
			Steps:  []string{"UpdateTable with DeletionProtectionEnabled."}},
			request{update: []*dynamodb.UpdateTableInput{{TableName: in.TableName, DeletionProtectionEnabled: aws.Bool(wp)}}})
	}

	// Table class.
	lc := types.TableClassStandard
	if s := t.TableClassSummary; s != nil && s.TableClass != "" {
		lc = s.TableClass
	}
	wc := in.TableClass
	if wc == "" {
		wc = types.TableClassStandard
	}
	if lc != wc {
		p.add(Change{Action: ActionUpdateTableClass, Kind: Online, From: string(lc), To: string(wc),
			Reason: "the table class differs from the settings",
			Steps:  []string{"UpdateTable with the new table class; the table stays available."}},
			request{update: []*dynamodb.UpdateTableInput{{TableName: in.TableName, TableClass: wc}}})
	}
}

func streamText(v types.StreamViewType) string {
	if v == "" {
		return "disabled"
	}
	return "enabled, " + string(v)
}

func onOff(b bool) string {
	if b {
		return "enabled"
	}
	return "disabled"
}

func (d *Definition) compareTTL(p *Plan, ttl *types.TimeToLiveDescription) {
	live := ""
	if ttl != nil {
		switch ttl.TimeToLiveStatus {
		case types.TimeToLiveStatusEnabled, types.TimeToLiveStatusEnabling:
			live = aws.ToString(ttl.AttributeName)
		}
	}
	if live == d.TTLAttribute {
		return
	}
	p.add(d.ttlChange(live), d.ttlRequest(live))
}

func (d *Definition) ttlChange(live string) Change {
	c := Change{Action: ActionUpdateTTL, Kind: Online, From: ttlText(live), To: ttlText(d.TTLAttribute)}
	switch {
	case d.TTLAttribute == "":
		c.Attributes = []string{live}
		c.Reason = "no entity declares a time-to-live attribute"
		c.Steps = []string{"UpdateTimeToLive disables it; items stop expiring."}
	case live == "":
		c.Attributes = []string{d.TTLAttribute}
		c.Reason = "an entity declares a time-to-live attribute"
		c.Steps = []string{"UpdateTimeToLive enables it; DynamoDB deletes items some time after the time they hold."}
	default:
		c.Attributes = []string{d.TTLAttribute, live}
		slices.Sort(c.Attributes)
		c.Reason = "the time-to-live attribute changed; DynamoDB has one per table and accepts one change of it per hour or so"
		c.Steps = []string{
			"UpdateTimeToLive disables it on " + live + ".",
			"UpdateTimeToLive enables it on " + d.TTLAttribute + " (if DynamoDB refuses it this soon, apply again later).",
		}
	}
	return c
}

func ttlText(attr string) string {
	if attr == "" {
		return "disabled"
	}
	return "enabled on " + attr
}

func (d *Definition) ttlRequest(live string) request {
	var r request
	if live != "" {
		r.ttl = append(r.ttl, &dynamodb.UpdateTimeToLiveInput{TableName: d.Table.TableName,
			TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String(live), Enabled: aws.Bool(false)}})
	}
	if d.TTLAttribute != "" {
		r.ttl = append(r.ttl, &dynamodb.UpdateTimeToLiveInput{TableName: d.Table.TableName,
			TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String(d.TTLAttribute), Enabled: aws.Bool(true)}})
	}
	return r
}
