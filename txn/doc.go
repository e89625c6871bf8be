// Package txn writes and reads several items as one all-or-nothing
// transaction (TransactWriteItems, TransactGetItems), typed, checked before
// sending, and with DynamoDB's cancellation reasons mapped back to the
// operation that caused them.
//
//	w := txn.NewWrite(client)
//	debit := txn.Update(w, update.New(accounts, entity.NewKey("alice")).
//		Increment(cond.Name("balance"), -80).If(cond.Name("balance").Ge(80)))
//	txn.Update(w, update.New(accounts, entity.NewKey("bob")).Increment(cond.Name("balance"), 80))
//	res, err := w.Run(ctx)
//	if cur, ok := txn.Current[Account](err, debit); ok {
//		// alice's condition failed; cur is her account as it is now
//	}
//
// # Conditions
//
// An operation's conditions are methods of the [Op] it returns, as the
// single-item builders of package entity have them: [Op.If] adds a
// condition to a Put, Create, Replace, Delete or DeleteItem (ANDed with the
// ones the operation has: its lock version, Create's, the unique values of
// Replace and DeleteItem), and [Op.IfVersion] gives a Delete by key the lock
// version read:
//
//	txn.Put(w, accounts, &next).If(cond.Name("status").Eq("open"))
//	txn.Delete(w, accounts, entity.NewKey("carol")).IfVersion(3)
//
// An Update takes its conditions from its builder (update.Update.If) and a
// Check has its own; a method that does not apply to the operation it is
// called on is refused with entity.RuleInvalidArgument.
//
// # Before sending
//
// Every operation is built as it is added, with the checks of its package:
// items validated, keys checked, update expressions built, condition names
// checked against the model. A transaction
// with no operation, more than 100, a request over 4 MB, two operations on
// the same item, or a condition check without a condition is refused and
// nothing is sent: the first error is kept by the [Write] and returned by
// Input and Run, an *entity.InputError (matching entity.ErrInvalidInput)
// with one of this package's rules ([RuleEmpty], [RuleTooMany],
// [RuleTooLarge], [RuleSameItem], [RuleNoCondition], …) or, for an
// operation another package refused, that package's.
// The example of [Write.Input] shows the request a transfer builds.
//
// # Failures
//
// A cancellation is a *[CanceledError] with one [Reason] per operation in
// request order: its code (ConditionalCheckFailed, TransactionConflict,
// ThrottlingError, ValidationError…), its operation (compare with the [Op]
// returned when adding it) and, for a failed condition, the item as it is
// now, decoded into the operation's type, and the failure as the same
// write outside a transaction reports it (Reason.Err, an
// *entity.ConditionFailedError): when the item fails a check the library
// added (a lock version, an update's entity type), it says which, with the
// stored and expected versions or the stored type. It matches
// entity.ErrConditionFailed when a condition failed (and
// entity.ErrEntityType when an update's type check did); a taken unique
// value is an *[UniqueViolation] that errors.As finds through it.
// [Write.RetryConflicts] retries cancellations caused only by conflicts or
// throttling, a bounded number of times, with the same token, and then
// fails with [ErrConflict] (update.ErrConflict, as for update.WithLock).
//
// # Consumed capacity
//
// [Write.ConsumedCapacity] and [Read.ConsumedCapacity] ask DynamoDB for the
// capacity consumed, reported per table in WriteResult.ConsumedCapacity
// and ReadResult.ConsumedCapacity.
//
// # Idempotency
//
// Every write carries a client request token, set with [Write.Token] or
// generated, and returned in the result even when Run fails: after an
// ambiguous failure (a timeout, a 5xx), running the same operations again
// with the same token within ten minutes does not apply them twice.
//
// # Unique constraints
//
// Fields tagged ddb:"unique" (or unique=Name for a constraint over several
// fields, with fold for case-insensitive values) are kept unique with guard
// items written in the same transaction: [Create] puts one guard per
// constraint, which must not exist yet; [Replace] deletes the guards of
// changed values and puts new ones; [DeleteItem] removes the item and its
// guards. A taken value cancels the transaction with an error matching
// [ErrUniqueViolation] that names the constraint and the value. Guards live
// in the entity's table or, with [Write.GuardTable], a table of their own;
// each costs 2 WCU per transactional write. Since only this package keeps
// guards in step, entity.Table and update refuse to write such entities
// outside a transaction.
//
// # Schema versions
//
// An Update requires its item to be at the model's schema version, as
// outside a transaction. When a transaction is canceled only because its
// Updates met items of older versions, Run upgrades those items in place
// with the conditional write the update package uses (one UpdateItem per
// item, outside the transaction: it changes how the item is stored, not
// what it reads as) and sends the transaction again with the same token.
// WriteResult.Attempts counts the transactions sent, WriteResult.Upgrades
// the upgrade writes, and ConsumedCapacity includes theirs. When another
// operation failed too, nothing is upgraded and the *CanceledError is
// returned; an item newer than the model, or one that cannot be upgraded,
// is an *entity.UpgradeError naming both versions; a client without
// UpdateItem (a *dynamodb.Client has it) gets an *entity.UpgradeError
// wrapping the *CanceledError.
//
// # Lock versions
//
// Put, Create, Replace and Update check and advance lock versions as they do
// outside transactions; the new version is stored in the item only when the
// transaction succeeds.
package txn
