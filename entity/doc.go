// Package entity turns tagged Go structs into DynamoDB items and back, and
// gives each entity type a typed handle for the single-item operations.
//
// # Declaring an entity
//
// Attribute names and encoding options come from the `dynamodbav` tag, with
// the meaning attributevalue gives them, so existing structs keep working.
// Modelling roles go in the `ddb` tag; table options go on an embedded
// [Model]:
//
//	type Order struct {
//		entity.Model `ddb:"table=orders,version=2,project=ByAssignee:INCLUDE(total)"`
//		OrderID     string    `dynamodbav:"orderId" ddb:"pk" validate:"required"`
//		WarehouseID string    `dynamodbav:"warehouseId" ddb:"gsi=ByAssignee:pk1"`
//		AssigneeID  string    `dynamodbav:"assigneeId,omitempty" ddb:"gsi=ByAssignee:pk2"`
//		Status      string    `dynamodbav:"status" ddb:"gsi=ByAssignee:pk3" validate:"oneof=open picked shipped"`
//		Priority    int       `dynamodbav:"priority" ddb:"gsi=ByAssignee:sk1"`
//		CreatedAt   time.Time `dynamodbav:"createdAt" ddb:"gsi=ByAssignee:sk2"`
//		Total       float64   `dynamodbav:"total" validate:"gte=0"`
//	}
//
// The README's "Tag reference" lists every option. [Register] (or
// [MustRegister] in package initialisation) reads the tags once, builds the
// model and refuses anything wrong with a *[ModelError]: unknown options,
// gapped or repeated index positions, more than four attributes on a side
// of an index key, key attributes that are not S, N or B, two partition
// keys, tags on unexported fields.
//
// # The codec
//
// Encoding and decoding are compiled once per type. For the same struct and
// tags they produce what attributevalue.MarshalMap and UnmarshalMap produce
// (a differential fuzz test holds them to it), with a few deliberate
// differences, each listed in the README's "Encoding and decoding" section.
// The one that changes what is stored: a time.Time that is part of a key is
// stored in the fixed-width UTC layout [keys.TimeLayout], so that its string
// order is time order, unless the field is tagged `ddb:"timeformat=rfc3339"`
// (attributevalue's text, for tables written before the model; its order is
// not time order, and [Meta.Warnings] says so where it is a sort key). The
// others concern reading: decoding starts from the zero value rather than
// merging into what the target holds, and inputs on which attributevalue
// panics are errors instead.
//
// # Validation and schema versions
//
// Every write validates the item with go-playground/validator before a
// request is built; an invalid item is a *[ValidationError] listing every
// failing field, and nothing is sent. Every read validates too, after the
// item has been upgraded: items carry their schema version in the
// attribute "_v" (and their entity type in "_t" when the Model tag declares
// type=); an item of an older version passes through the steps declared
// with [WithUpgrade], then missing attributes get their `default=` values,
// then it is decoded and validated ([Meta.UpgradeItem] gives that upgraded
// item as attributes; an update that meets an older item writes it back in
// place first, see the update package). Full writes (Put, Create, batch and
// transactional puts) write a field's default in place of its zero value,
// on a copy of the item, so stored and read items agree; Register checks
// every default against its field's rules.
//
// # Tables written by other code
//
// An item without "_v" is at version 1. A model with type= reads an item
// without "_t" only when its Model tag claims such items: untyped=all, or
// untyped=begins_with(attr,PREFIX) for those whose primary-key attribute
// attr begins with PREFIX (see [Meta.Untyped]). Writes through the model
// stamp "_t" either way. A stored item that does not fit is a
// *[DecodeError] or a *[ValidationError], never a half-filled value. Reads
// of several items (the query and txn packages) report such items as
// [ItemError] values, each with the item's key, and return the others;
// their strict errors are or wrap an *[ItemErrors].
//
// # Single-item operations
//
// [Table.Get], [Table.Put], [Table.Create] (which fails with
// [ErrAlreadyExists] when the key exists) and [Table.Delete] start a
// builder for one request, as the query and update packages do: its
// optional parameters are methods ([Get.ConsistentRead], [Get.Project],
// [Put.If], [Delete.If], [Delete.IfVersion], [Delete.ReturnOld],
// ConsumedCapacity), Run sends exactly one request (none when the input is
// refused) and Input builds it without sending it:
//
//	order, err := orders.Get(key).ConsistentRead().Run(ctx)
//	err = orders.Put(order).If(cond.Name("status").Eq("open")).Run(ctx)
//	err = orders.Create(order).Run(ctx)
//	old, err := orders.Delete(key).ReturnOld().Run(ctx)
//
// Reads are eventually consistent unless ConsistentRead is asked. A failed
// condition is a *[ConditionFailedError] carrying the current item,
// decoded, because every conditional write asks DynamoDB for it
// (ReturnValuesOnConditionCheckFailure). A built Get, Put or Delete can be
// kept and run from many goroutines: the terminal calls only read it.
// Every request of the library, here and in the query, update and txn
// packages, goes through the table's [Client]: the data-plane operations of
// DynamoDB, which *dynamodb.Client has.
//
// [Register] and [NewTable] take functional options of the one [Option]
// type: [TableName] names the table, [WithUpgrade] and [WithValidator]
// shape the model.
//
// [Meta] describes the model: keys, indexes (each with its projection),
// attributes (each with its roles: key type, indexes, default, lock
// version, time to live, unique constraint, template), versions. Its
// [Meta.EncodeItem] and [Meta.DecodeItem] convert a whole item as Put
// stores it and Get reads it, for code that handles items itself, such as
// a stream consumer.
//
// # Errors
//
// A refusal made before any request is sent matches [ErrInvalidInput] and is
// an *[InputError] whose Rule says which rule was broken ([RuleInvalidKey],
// [RuleUnknownPath], [RuleInvalidArgument], [RuleUnique], [RuleTemplate],
// [RuleEncode] here; the other packages declare their own). A
// *[ValidationError] of an item about to be written and a *[SizeError]
// match it too. The other sentinels are outcomes a caller branches on.
//
// # Attribute names in conditions and projections
//
// The names a condition ([Put.If], [Delete.If]) or a projection
// ([Get.Project]) gives are checked
// against the model before a request is built, as the query, update and txn
// packages check theirs: a top-level attribute the model does not declare,
// or a nested path its field's Go type does not have, is refused with an
// *[InputError] of rule [RuleUnknownPath], and nothing is sent.
// Key attributes, "_v", and "_t" when the model stamps it, are declared.
// An attribute the model does not declare is named on purpose with
// cond.Undeclared, which is not checked:
//
//	orders.Delete(key).If(cond.Name("stauts").Eq("open")).Run(ctx)          // refused
//	orders.Delete(key).If(cond.Undeclared("legacy_state").Eq("x")).Run(ctx) // sent
package entity
