// Package schema creates DynamoDB tables from entity models.
//
// A table is described by the models ([entity.Meta]) of the entities it
// holds: one entity, or several sharing a table (single-table design).
// [CreateTableInput] merges them into a CreateTable request and checks it
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
// [CreateTable] sends the request and waits, polling DescribeTable with a
// growing interval, until the table and all its global secondary indexes
// are ACTIVE. [EnsureTable] does the same only when the table is missing,
// and [WaitActive] just waits. [Options] select provisioned capacity, the
// table class, deletion protection, a stream, tags and the longest wait;
// the zero Options give an on-demand table.
//
//	orders := entity.MustRegister[Order]()
//	desc, err := schema.CreateTable(ctx, client, "orders", orders)
//
// # Errors
//
// Every error is an *[Error] naming the table and, where it applies, the
// entities, index and attribute. It wraps a sentinel for errors.Is
// ([ErrInvalidTable], [ErrKeyMismatch], [ErrTypeConflict],
// [ErrIndexConflict], [ErrLimit], [ErrInvalidOptions], [ErrTimeout],
// [ErrNotActive]) or, when a request failed, the SDK's error, so that
// errors.As finds types such as *types.ResourceInUseException.
//
// # Projections and metadata
//
// Items carry the library's metadata attributes ([entity.VersionAttribute]
// and, for entities with a type= tag, [entity.TypeAttribute]), which are
// needed to decode an item. An INCLUDE projection therefore also projects
// them. KEYS_ONLY projections cannot, so items read from a KEYS_ONLY index
// hold keys only.
//
// The package only creates tables. It does not compare an existing table
// with the models, change it, or delete it.
package schema
