// Package update writes with DynamoDB's UpdateItem, used fully and safely,
// instead of reading an item, changing it in memory and writing it back.
//
//	res, err := update.New(wallets, entity.NewKey("a-1")).
//		Set(cond.Name("name"), "Ana").
//		Increment(cond.Name("orders"), 1).
//		Append(cond.Name("events"), []Event{{Kind: "paid"}}).
//		Remove(cond.Name("note")).
//		If(cond.Name("balance").Ge(0)).
//		ReturnValues(types.ReturnValueAllNew).
//		Run(ctx)
//
// renders, for a model at schema version 2 with a lock version field ver:
//
//	SET #n0 = :v0, #n2 = list_append(if_not_exists(#n2, :v3), :v2), #n4 = :v4
//	REMOVE #n3
//	ADD #n1 :v1, #n5 :v5
//	condition: (#n7 >= :v6) AND attribute_exists(#n6) AND #n4 = :v4
//
// (#n4 is the schema version, set and expected; #n5 the lock version,
// advanced by ADD; ExampleUpdate_Input prints the whole request.) The
// expressions, names and placeholders of an update
// depend only on its shape (which actions on which paths), so they are
// worked out once per shape and reused; only the values are encoded and
// validated on each call.
//
// # What is checked before sending
//
// Every value set is encoded as its field stores it and validated against
// the field's validate tag, so a partial update cannot write what a full Put
// would refuse; an Upsert must also make a valid item on its own, since it
// may create one. Primary-key attributes, the library's own attributes
// (schema version, entity type, lock version) and templated keys cannot be
// set; a required attribute cannot be removed; two actions on overlapping
// paths, an empty update, and an expression over DynamoDB's limits are
// refused. Index key values must be non-empty and of the declared type.
// Every refusal is an *entity.InputError (matching entity.ErrInvalidInput)
// naming the call, the table, the item's key and the path of the action at
// fault, with one of this package's rules (RuleKeyUpdate, RuleOverlap,
// RuleWrongKind, …) or another package's in its Rule field; values that
// break their validate tags are one *entity.ValidationError listing every
// failing field.
//
// Every path, in the actions and in the conditions given to If, must be one
// the model declares, down to the struct field: a misspelt one is an
// *entity.InputError of rule entity.RuleUnknownPath. An attribute the
// model does not declare can be named with cond.Undeclared in a condition,
// and removed with Remove(cond.Undeclared("legacy")); the other actions
// refuse it, since the model can neither encode nor validate a value for it.
//
// # Conditions the library adds
//
// Updates are update-only by default (attribute_exists on the partition
// key); Upsert allows creating the item. The stored item must be at the
// model's current schema version (and of its entity type), so an update
// never half-migrates an older item: see the next section for what Run does
// with one. With a lock version field, IfVersion(n) checks and advances the
// version (IfVersion(0): no version yet, the attribute absent or 0);
// without it the version is incremented so that holders of older copies
// fail their next Put. When one of these checks is what the current item
// fails, Run's *entity.ConditionFailedError says which: an item of another
// entity type, or with none that the model does not claim (it then also
// matches entity.ErrEntityType, and names the untyped= remedy), or a lock
// version other than the one expected.
//
// # Items of an older schema version
//
// After a model's version is raised (version=2 and an upgrade step, say),
// the table still holds items of version 1 until they are written again.
// Reads upgrade them on the fly. An update of one first fails its
// condition; DynamoDB returns the stored item with the failure, so Run
// needs no read to see its version. Run then writes the upgrade in place:
// the item as every read sees it (the declared steps, then defaults for
// missing attributes, see entity.Meta.UpgradeItem), checked to decode and
// validate, written with one UpdateItem that sets and removes only the
// attributes the upgrade changes and sets "_v". That write's condition is
// that the item is still exactly as returned: the same "_v" (none for items
// written before versions were stamped), every attribute with the same
// value, every attribute the upgrade adds still absent. So a concurrent
// write is never overwritten, nor is the upgrade computed from a value
// another writer has just replaced; when the condition fails, the upgrade
// is worked out again from the item returned with that failure (at most 5
// times), or found done by another writer. The upgrade leaves the lock
// version alone: it changes how the item is stored, not what it reads as,
// so IfVersion(n) with the version read from the older item still holds.
// Run then sends the update again, unchanged; its own condition decides
// as usual.
//
// Cost: an item at the current version takes one request, as always. An
// older item takes three: the refused first attempt (a failed condition
// still consumes write capacity, which DynamoDB does not report), the
// upgrade write, and the update again, each billed on the item's size.
// Result.UpgradedFrom gives the version the item was found at,
// Result.Requests the requests sent, and Result.ConsumedCapacity adds up
// what the requests reported (Increment's Counter reports the same). Each item pays this once: afterwards it is
// current. To pay it ahead of time, upgrade the table with a backfill that
// reads and Puts every older item.
//
// Where Run cannot upgrade, it applies nothing and returns an
// *entity.UpgradeError naming the stored and the model's versions: an item
// newer than the model (written by a newer version of the program; it
// matches entity.ErrUnknownVersion), an upgrade that fails or does not
// validate, a step that changes the primary key, or an item that keeps
// changing under older writers. The package function Increment and
// transactional updates (package txn) upgrade the same way; WithLock reads
// the item (upgraded on read) and writes it whole, which needs no upgrade
// write.
//
// # Batch writes
//
// [BatchWriter] writes any number of puts and deletes, across tables and
// entity types, with BatchWriteItem: add them with [BatchPut] and
// [BatchDelete], then call [BatchWriter.Run]. Every operation is validated
// and encoded when it is added, and Run sends nothing at all if one was
// refused or two write the same item (an *entity.InputError with
// [RuleBatchRefused] whose cause joins each refused operation's error,
// naming it by position). Run sends requests of at most 25 operations and
// 16 MB from a bounded pool of goroutines, resends UnprocessedItems and retries
// throttled, 5xx and connection failures with exponential backoff and full
// jitter, and returns a [BatchReport] listing every operation not written
// with its last error (Run then fails with [ErrBatchIncomplete]). Entities
// with a lock version or unique constraints are refused, since
// BatchWriteItem takes no conditions and writes no guard items.
//
// # Counters, locks and templated keys
//
// Increment returns the new value of an atomic counter (a [Counter], with
// the capacity consumed), optionally bounded (AtLeast, AtMost) by
// conditions rather than by reading. A delta must fit
// the attribute's Go type (see Update.Increment); a decrement of an
// unsigned attribute is conditioned on the stored value being large
// enough. An update whose written values are over the 400 KB item limit is
// an *entity.SizeError, sent nowhere. WithLock retries a
// read-change-write cycle under optimistic locking and returns the item
// written with the capacity of every attempt.
//
// A change to a component of a templated key recomputes the key in the
// same request when every component is set, and is refused otherwise
// ([RuleTemplateIncomplete]): keys never drift from their components.
//
// # Consumed capacity
//
// Every call reports what it consumed: Update.ConsumedCapacity(mode) fills
// Result.ConsumedCapacity, BatchWriter.ConsumedCapacity(mode) fills
// BatchReport.ConsumedCapacity per table, and Increment and WithLock always
// ask for it (TOTAL).
package update
