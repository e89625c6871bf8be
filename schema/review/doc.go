// Package review is a design review of entity models, the talk's
// anti-pattern clinic run on the model itself: findings a team can act on,
// each with a stable [Code], the table, entity, index and attribute it
// concerns, the reason, and the fix.
//
//	r, err := review.Review([]*entity.Meta{users, orders, tickets},
//		review.ReadTogether(users, orders),          // an access pattern
//		review.Share(tickets, "Urgent", 0.02),       // an expectation
//		review.Silence(tickets, review.LocalIndex,   // a decision
//			"ByCreated is read strongly consistent by the audit job"))
//	fmt.Print(r)
//	if !r.Clean() { os.Exit(1) }
//
// # Findings
//
//   - [HotPartition]: the partition key of the table or of a global index
//     can take at most [DefaultMaxPartitionValues] values (a bool, a oneof
//     enum, a bounded integer, or as declared with [Values]), so its items
//     sit in a few partitions.
//   - [SparseNearlyFull] and [SparseNearlyEmpty]: a sparse index (a key
//     attribute may be absent: omitempty or a pointer) will hold almost
//     every item (a declared [Share] of at least 90%, or every optional key
//     attribute required by validation) or almost none (a [Share] of at
//     most 1%). The model alone cannot tell how many items an index will
//     hold; [Share] says it.
//   - [WideProjection]: a global index projects ALL of an item that is
//     wide: the ALL entry costs more write units than KEYS_ONLY would, the
//     item has [DefaultWideAttributes] non-key attributes or more, or it has
//     lists, maps or nested structs. Sizes come from a [Sample] or from
//     cost.DefaultSizes.
//   - [KitchenSink]: entity types of one table share partition-key values
//     (the same key attribute, and the same template shape such as
//     USER#{}), and no [ReadTogether] declares a Query reading the type
//     with another of them.
//   - [LocalIndex]: every local secondary index (created with the table
//     only; item collections capped at 10 GB).
//   - [OmitEmptyKey]: an index key attribute that may be left empty and is
//     not required by validation: items without it drop out of the index
//     without an error.
//   - [StringSort]: a sort-key attribute stored as a string that does not
//     sort as its values: numbers stored with the string option or
//     validated numeric, times in a datetime= layout of variable width or
//     with zones, integers written unpadded by a key template.
//
// # Silencing
//
// A finding that is a decision, not a mistake, is silenced in the review's
// options, next to the models, with the reason: [Silence] for every finding
// of a code on an entity, [SilenceIndex] for one index. Silenced findings
// stay in the report with their reasons (so a reader sees the decision);
// silences that match nothing are listed too, so stale ones get removed.
// The options live in code, with the models they are about, rather than in
// struct tags: a reason is a sentence, and a review may cover entities of
// several packages.
//
// # Errors
//
// An option naming an entity not under review, an unknown code, index or
// attribute, a silence without a reason, or an impossible expectation is
// refused with an *[Error] matching entity.ErrInvalidInput, like every
// refusal of input in the module. It names the entity, index, attribute and
// code concerned, and its Rule says which rule was broken
// ([RuleNotReviewed], [RuleUnknownCode], [RuleNoReason], [RuleUnknownIndex],
// [RuleOutOfRange], [RuleReadTogether], or entity.RuleInvalidArgument and
// entity.RuleUnknownPath).
package review
