// Package schema creates DynamoDB tables from entity models.
//
// A table is described by the models ([entity.Meta]) of the entities it
// holds: one entity, or several sharing a table (single-table design).
// [Define] merges them into a CreateTable request and checks it
// against DynamoDB's rules first, so that a mistake is reported with the
// entity, index and attribute it concerns rather than as a
// ValidationException:
//
//   - every entity declares the same primary key;
//   - AttributeDefinitions holds every key attribute of the table and of
//     its indexes exactly once, and nothing else (DynamoDB refuses unused
//     definitions); an attribute has one type across all entities;
//   - an index declared by several entities is declared identically (same
//     kind, key schema and projection) and becomes one index;
//   - global secondary indexes may have multi-attribute keys (up to four
//     partition and four sort attributes), rendered with every HASH
//     element before every RANGE element, each side in position order;
//   - the table stays within [MaxGlobalIndexes], [MaxLocalIndexes] and
//     [MaxProjectedAttributes], and table and index names are valid.
//
// The output is deterministic: attributes and indexes are sorted by name.
//
// [Define] computes the table's [Definition] — the CreateTable request and
// the time-to-live attribute — and is the one source for everything else:
// [Definition.Create], [Definition.Ensure], [Definition.Plan],
// [Definition.Apply] and the exports of the schema/iac package.
//
// [Definition.Create] sends the request and waits, polling DescribeTable
// with a growing interval, until the table and all its global secondary
// indexes are ACTIVE. [Definition.Ensure] does the same only when the table
// is missing, and [WaitActive] just waits. [CreateTable] and [EnsureTable]
// define and create in one call. [Settings] (with [Settings.Define]) select
// provisioned capacity, the table class, deletion protection, a stream,
// tags and the longest wait; the zero Settings give an on-demand table.
// Every call takes a [Client], the control plane of DynamoDB.
//
//	orders := entity.MustRegister[Order]()
//	desc, err := schema.CreateTable(ctx, client, "orders", orders)
//
// # Errors
//
// A definition refused before anything is sent (and an Apply refused for
// an index deletion not allowed) is an *entity.InputError matching
// entity.ErrInvalidInput, naming the table, index and attribute, the
// entities in its Detail, and one of the rules [RuleInvalidTable],
// [RuleKeyMismatch], [RuleTypeConflict], [RuleIndexConflict],
// [RuleTTLConflict], [RuleLimit], [RuleInvalidSettings], [RuleDropRefused].
// Every other error is an *[Error] naming the table and, where it applies,
// the index, attribute and operation. It wraps an outcome for errors.Is
// ([ErrTimeout], [ErrNotActive], [ErrImpossible], [ErrNotApplied]) or,
// when a request failed, the SDK's error, so that errors.As finds types
// such as *types.ResourceInUseException.
//
// # Projections and metadata
//
// Items carry the library's metadata attributes ([entity.VersionAttribute]
// and, for entities with a type= tag, [entity.TypeAttribute]), which are
// needed to decode an item. An INCLUDE projection therefore also projects
// them. KEYS_ONLY projections cannot, so items read from a KEYS_ONLY index
// hold keys only.
//
// # Plan and apply
//
// [Definition.Plan] compares the declared table with the live one
// (DescribeTable, DescribeTimeToLive) and returns a [Plan]: a value that
// prints as a deterministic diff for a pull request and marshals to JSON.
// Each [Change] has a [Kind]:
//
//   - [Online]: DynamoDB makes it while the table serves traffic, such as a
//     new global secondary index (DynamoDB backfills it), billing, stream,
//     deletion protection, table class or time to live;
//   - [NeedsData]: a new index whose key attributes were added in a later
//     schema version (ddb:"since=N"): items stored before lack them and stay
//     out of the index until they are backfilled;
//   - [Destructive]: deleting an index no entity declares;
//   - [Impossible]: a change DynamoDB cannot make in place (primary key, a
//     key attribute's type, a local secondary index, an index's key schema
//     or projection); its steps say how to get there with a new index or
//     table.
//
// [Definition.Apply] makes the changes one request at a time, one index per
// UpdateTable, waiting for each new index to be ACTIVE and backfilled, and
// reports progress through the [OnProgress] option. It re-plans after every
// change, so running it again after an interruption continues where it
// stopped. It refuses impossible changes and deletes an index only when
// a [DropIndexes] option names it; it never deletes a table.
//
// Per-environment settings (capacity, on-demand maximum, table class,
// deletion protection, stream, tags) are [Settings], given in Go; keys,
// indexes, projections and time to live come from the models. Tags are
// set at creation and not compared by Plan.
package schema
