// Package query reads with DynamoDB's Query operation, typed and checked,
// without hiding how Query works.
//
//	page, err := query.New(orders).Index("ByAssignee").
//		Where(
//			query.Attr("warehouseId").Eq("w-1"),
//			query.Attr("assigneeId").Eq("ana"),
//			query.Attr("status").Eq("open"),
//			query.Attr("priority").Le(2),
//		).
//		Filter(cond.Name("total").Gt(100)).
//		Limit(50).
//		Page(ctx)
//
// renders, for the index (warehouseId, assigneeId, status) × (priority,
// createdAt):
//
//	KeyConditionExpression: #n0 = :v0 AND #n1 = :v1 AND #n2 = :v2 AND #n3 <= :v3
//	FilterExpression:       #n4 > :v4
//
// # Key conditions are not filters
//
// A [KeyCondition] (built from an [Attr], an attribute of the key) and a filter (a cond.Expr) are
// different types, so one never silently becomes the other. Key conditions
// are checked against the key schema of the table or index queried before a
// request is sent: every partition attribute with Eq; sort attributes
// constrained left to right without gaps; Lt, Le, Gt, Ge, Between or
// BeginsWith only on the last one; BeginsWith only on S and B. A violation
// is refused naming the index and attribute, with one of the keys.Rule…
// constants (keys.RuleSortGap, say) as its Rule. A filter on a key attribute of
// the index queried ([RuleFilterOnKey]), and ConsistentRead on a global
// secondary index ([RuleConsistentGSI]), are refused the same way, as
// DynamoDB would.
//
// # Errors
//
// Every refusal made before a request is sent is an *entity.InputError
// matching entity.ErrInvalidInput, naming the call, table, index and
// attribute concerned and the rule broken (this package's Rule… constants,
// or those of keys and entity):
//
//	var ie *entity.InputError
//	if errors.As(err, &ie) && ie.Rule == query.RuleFilterOnKey { ... }
//
// The package's sentinels are outcomes: [ErrInvalidCursor] (a cursor
// refused; also an input error) and [ErrUnknownType] (an item of a type a
// collection does not hold).
//
// # Sharing a query between goroutines
//
// A built [Query] (of one entity or of a collection) or [Scan] can be kept in a package
// variable and used from many goroutines: the terminal calls (Input, Page,
// Pages, Items, ParallelScan) only read it, and After returns a copy that
// resumes from a cursor, so each goroutine pages with its own cursor. The
// methods that build it change it: finish building before sharing, or
// branch with Clone.
//
// # Filter and projection names
//
// DynamoDB accepts a filter on any name and simply matches nothing when the
// name is misspelt. Here every name a filter or Project gives is checked
// against the entity's model when the request is built: the top-level
// attribute must be one the model declares (for an item collection, one
// any of its entities declares), and map keys and list indexes after it
// must exist in the field's Go type (struct fields; maps and interfaces are
// free-form). An unknown one is an *entity.InputError of rule
// entity.RuleUnknownPath, and nothing is sent:
//
//	query.NewScan(orders).Filter(cond.Name("totl").Gt(100))               // refused: Order declares no "totl"
//	query.NewScan(orders).Filter(cond.Undeclared("legacy_total").Gt(100)) // sent as written
//
// cond.Undeclared names an attribute the model does not declare, such as
// one written by other code, on purpose; it is not checked against the
// model's attributes.
//
// # Reading an index that projects some attributes
//
// An entry of a secondary index projecting KEYS_ONLY or INCLUDE(...) holds
// the table's and the index's key attributes, the attributes INCLUDE lists
// and (for INCLUDE) the library's _v and _t; nothing else. The model's
// project= tag says which, and every name a read of such an index gives is
// checked against it before a request is sent:
//
//	query.New(orders).Index("ByStatus").Where(...).Filter(cond.Name("total").Gt(100)) // refused if ByStatus is KEYS_ONLY
//
// What is refused, with [RuleNotProjected]:
//
//   - A filter (Query or Scan, global or local index) may name only what
//     the index projects, nested paths by their top-level attribute.
//     DynamoDB evaluates a filter on the index entry: it refuses such a
//     Query, and takes such a Scan, which then matches as if the attribute
//     were absent (DynamoDB Local evaluates it on the whole item instead,
//     so a test against Local would not show it). A path given
//     with cond.Undeclared is checked too: Undeclared says the model does
//     not declare the attribute, not that the index holds it. An undeclared
//     attribute the index does hold is listed in the project= tag, which
//     takes names the model does not declare.
//   - Project on a global secondary index may name only what it projects:
//     it cannot fetch attributes from the table, and DynamoDB refuses the
//     request.
//
// Project on a local secondary index may name any attribute the model
// declares: DynamoDB fetches the ones the index does not project from the
// table, item by item, at extra read capacity and latency (the page's
// consumed capacity shows it).
//
// Item collections read the table's primary key, never an index.
//
// # Limits, pages and counts
//
// [Query.Limit] is DynamoDB's Limit: the most items evaluated per request,
// before the filter. [Query.MaxResults] is a different thing: the number of
// matching items wanted, for which Page sends as many requests as needed.
// Page sends one request by default; [Query.Pages] and [Query.Items] are
// opt-in iterators over pages and items. Every [Page] carries Count,
// ScannedCount, the requests it took, the consumed capacity when asked for,
// and a cursor. A page can be empty and still have a cursor: only an empty
// cursor means the end.
//
// # Cursors
//
// A cursor is the LastEvaluatedKey encoded as an opaque URL-safe string,
// bound to the table, index and key condition it came from and checked for
// corruption. [Query.SignCursors] adds an HMAC with the application's key
// so that clients cannot forge cursors. A cursor from another query, an
// altered one, or garbage is an error matching [ErrInvalidCursor], found
// before any request is sent. After returns a copy of the query resuming
// from a cursor:
//
//	next, err := q.After(page.Cursor).Page(ctx)
//
// # Scan and BatchGet
//
// [Scan] reads a whole table or index and is only used when asked for by
// name; it takes the same builder methods as Query, filters on any
// attribute, and its cursors are bound to the scan (and segment) they came
// from. [Scan.ParallelScan] splits the scan into segments, one goroutine
// each, calls a function with every page (concurrently across segments),
// stops all workers on the first error, and returns a [ScanProgress] from
// which a later ParallelScan resumes each segment. [BatchGet], a builder
// like Query, reads items by primary key:
//
//	res, err := query.NewBatchGet(orders, keys...).ConsistentRead().Run(ctx)
//
// Run sends requests of at most 100 keys, reads duplicate keys once,
// retries unprocessed keys with exponential backoff and full jitter, and
// returns the keys still unprocessed after the last attempt and the keys
// with no item in the [BatchResult], never dropping one.
//
// # Item collections
//
// [NewCollection] reads a table that holds several entity types under one
// partition key, such as an order and its order items. [Collection.Query]
// is a [Query] of any: one Query request returns the collection, or the
// part a sort-key condition selects, and each item is decoded and validated
// into its own type, chosen by the _t attribute that type= in the Model tag
// stamps:
//
//	page, err := orderWithItems.Query("o-1").Page(ctx)
//	order, lines := query.Of[Order](page.Items), query.Of[OrderItem](page.Items)
//
// [Of] picks the items of one type from a page's Items (a [Page] of any).
// An item of a type the collection does not hold is reported as an
// *[UnknownTypeError] matching [ErrUnknownType] and entity.ErrEntityType,
// like any item that cannot be read (see below). Key conditions, filters
// (on the entities' attributes, never the table's key), Limit, MaxResults,
// CountOnly, the iterators, cursors and consumed capacity work as for one
// entity's query; Index and Project do not apply to a collection and are
// refused ([RuleCollectionQuery]). A cursor is bound to what was read: a
// collection's cursor resumes only that collection's query.
//
// # Items
//
// Items are upgraded to the current schema version, decoded and validated
// like every read. A projected read (Project, or an index that projects
// only some attributes) validates only the attributes it read. Items read
// from a KEYS_ONLY index carry no schema version, so no upgrade step runs
// on them.
//
// # Items that cannot be read
//
// Tables hold items written by other code, older versions or by hand. An
// item that does not decode, does not validate, carries a schema version
// newer than the model or (in a collection) an unknown entity type never
// takes its neighbours or the cursor down with it: the page holds the
// items that could be read in Items and the others in [Page].Invalid, each
// an entity.ItemError with the item's primary key and its typed error.
//
// Reads are strict by default: Page then also returns a *[PageError]
// holding the page, so that code which stops on errors notices, and code
// which does not can log the failing keys and go on from the page's
// cursor:
//
//	page, err := q.Page(ctx)
//	var pe *query.PageError[Ticket]
//	if errors.As(err, &pe) {
//		log.Print(err) // every failing key; errors.Is matches entity.ErrValidation, ...
//	} else if err != nil {
//		return err
//	}
//	use(page.Items, page.Cursor)
//
// Pages yields such a page with its *PageError, and Items yields each bad
// item's *entity.ItemError in its place; both go on if the caller does.
// [Query.SkipInvalid] (likewise on [Scan]) makes
// Page.Invalid the only report: no error, and Items leaves bad items out.
// A parallel scan hands fn every page, Invalid included, and unless
// SkipInvalid stops at the first page with bad items, resumable after it.
// [BatchGet.Run] reads every key and returns the bad items in
// [BatchResult].Invalid, with an *entity.ItemErrors unless
// [BatchGet.SkipInvalid] is given. A failed request, by contrast, always ends
// a read with its error.
package query
