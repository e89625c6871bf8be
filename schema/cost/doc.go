// Package cost computes what an entity costs in DynamoDB from its model
// alone, before a line of data is written: item and index-entry sizes,
// write units of every kind of write on the table and on each index, read
// units of gets and query pages, storage, and a monthly bill at given
// request rates and prices.
//
// # Sizes
//
// Sizes follow DynamoDB's rules (internal/itemsize holds the one
// implementation, shared with the codec's 400 KB check): attribute names
// count, numbers take a byte per pair of base-100 digits plus one (and one
// more when negative), lists and maps three bytes plus one per element.
// Storage adds 100 bytes per item and per index entry. An index entry holds
// the table's key, the index's key and the projected attributes (with an
// INCLUDE projection, the library's metadata attributes too, as package
// schema declares them).
//
// # Write units
//
// [Model.Write] prices a write from the item before and after: a Put of a
// new item, a Put replacing one or an Update, or a Delete. The table is
// charged on the larger item, one unit per started kilobyte. Each index is
// charged by what happens to the entry: a put or a delete on the entry's
// size; a changed index key as a delete plus a put; a changed projected
// attribute on the larger entry; nothing when the entry does not change
// (which is how a narrow projection saves whole writes). Local secondary
// index entries are charged with their 100 bytes of overhead, as DynamoDB
// Local charges them. Transactions cost twice ([Write.Transactional]).
//
// # Read units
//
// [Model.Get] prices a GetItem (half a unit per started 4 KB eventually
// consistent, one strongly consistent, two in a transaction);
// [Model.QueryPage] a Query page, whose sizes (items, or index entries) are
// summed before rounding.
//
// These rules were checked against the ConsumedCapacity DynamoDB Local
// 3.3.1 returns (ReturnConsumedCapacity=INDEXES), to the byte, for 240
// generated items of three entities and for replacing puts, updates,
// deletes, transactions, gets and query pages (see capacity_test.go).
//
// # Reports
//
// [Estimate] (from a sample item), [EstimateSizes] (from assumed attribute
// sizes, see [DefaultSizes]) and [EstimateItem] (from a stored item) build a
// [Report]: per item, per index (with what a KEYS_ONLY projection would
// save), per kind of write and read, and, with [WithMonthly], per month at
// given [Rates] and [Prices]. Prices are inputs; the package knows none. A
// report prints as deterministic text and marshals to JSON.
//
// # Errors
//
// Every refusal is an *entity.InputError matching entity.ErrInvalidInput,
// as the refusals of every other package of the module are: it names the
// call, the entity's table (the entity type leads its Detail) and, where it
// applies, the index and attribute, and its Rule says which rule was
// broken ([RuleSample], [RuleUnknownIndex], [RuleIncompleteItem],
// [RuleKeyUpdate], [RuleConsistency], [RuleSize], [RuleOption], or
// entity.RuleInvalidArgument for a nil model and entity.RuleUnknownPath
// for an attribute the entity does not declare). A sample that does not encode has the codec's error as its
// cause, so errors.Is(err, entity.ErrValidation) holds for one that fails
// validation.
package cost
