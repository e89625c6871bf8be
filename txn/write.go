package txn

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/argcheck"
	"github.com/dynamodel/dynamodel/internal/backoff"
	"github.com/dynamodel/dynamodel/internal/expr"
	"github.com/dynamodel/dynamodel/internal/exprpool"
	"github.com/dynamodel/dynamodel/internal/itemid"
	"github.com/dynamodel/dynamodel/internal/itemsize"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/internal/outcome"
	"github.com/dynamodel/dynamodel/internal/updatex"
	"github.com/dynamodel/dynamodel/update"
)

// Limits DynamoDB places on a write transaction.
const (
	MaxOperations   = 100
	MaxRequestBytes = 4 << 20
	// MaxTokenLength is the longest client request token DynamoDB accepts.
	MaxTokenLength = 36
)

// The kinds of operation a Reason names.
const (
	KindPut    = "Put"
	KindCreate = "Create"
	KindUpdate = "Update"
	KindDelete = "Delete"
	KindCheck  = "ConditionCheck"
	// KindGuard operations are the library's unique-constraint guard items.
	KindGuardPut    = "GuardPut"
	KindGuardDelete = "GuardDelete"
)

// Op identifies one operation of a write transaction: keep the Op returned
// when adding an operation to tell, from a *CanceledError, whether that
// operation failed (CanceledError.Reason, Current). Ops compare equal when
// they are the same operation. Its methods If and IfVersion add a
// condition to the operation, recorded in the Write:
//
//	txn.Put(w, accounts, &next).If(cond.Name("balance").Ge(0))
type Op struct {
	w     *Write
	index int
}

// If adds a condition expression to a Put, Create, Replace, Delete or
// DeleteItem; several are ANDed, with each other and with the conditions
// the operation has already (its lock version, Create's, the unique values
// of Replace and DeleteItem). Its attribute names are checked against the
// model, as every condition is: one the model does not declare is an
// *entity.InputError (RuleUnknownPath) (use cond.Undeclared for such an
// attribute on purpose). An Update takes its conditions from the update
// builder (update.Update.If) and a Check has its own, so If on either is
// refused with entity.RuleInvalidArgument. A refusal is kept as the
// Write's first error and returned by Input and Run before anything is
// sent; an Op of a Write that already failed is returned as it is.
func (o Op) If(e cond.Expr) Op {
	p, ok := o.pending()
	if !ok {
		return o
	}
	switch p.kind {
	case KindPut, KindCreate:
		o.w.setPutCondition(p, e)
	case KindDelete:
		opts := p.opts
		opts.Cond = cond.And(opts.Cond, e)
		o.w.rebuildDelete(p, opts)
	default:
		o.w.fail(refuse("txn.Op.If", entity.RuleInvalidArgument, "If on a %s operation: give an update its conditions with update.Update.If, a check its condition with Check", p.kind))
	}
	return o
}

// IfVersion makes a Delete by key (Delete) succeed only if the item's lock
// version is n, the version the caller read (n = 0: no version yet, the
// attribute absent or 0, as entity.Table.Put takes it); the entity must
// have a ddb:"lock" field. A later IfVersion replaces an earlier one. Put,
// Create, Replace and DeleteItem take the version from the item they are
// given, and Update and Check do not have one, so IfVersion on them is
// refused with entity.RuleInvalidArgument, kept as the Write's first error
// as If's refusals are.
func (o Op) IfVersion(n int64) Op {
	p, ok := o.pending()
	if !ok {
		return o
	}
	if p.kind != KindDelete || !p.byKey {
		o.w.fail(refuse("txn.Op.IfVersion", entity.RuleInvalidArgument, "IfVersion on a %s operation: it applies to a Delete by key; Put, Create, Replace and DeleteItem take the version from the item", p.describe()))
		return o
	}
	opts := p.opts
	opts.Version = &n
	o.w.rebuildDelete(p, opts)
	return o
}

// pending returns the operation o names, if it can still be changed: it
// was added, and its Write has not failed.
func (o Op) pending() (*op, bool) {
	if o.w == nil || o.w.err != nil || o.index < 0 || o.index >= len(o.w.ops) {
		return nil, false
	}
	return &o.w.ops[o.index], true
}

// describe names an operation's kind as the caller added it.
func (o *op) describe() string {
	if o.kind == KindDelete && !o.byKey {
		return "DeleteItem"
	}
	return o.kind
}

// setPutCondition ANDs e to the condition of a Put or Create and compiles
// the whole again. The request built earlier is replaced, not changed, so
// an input that Input returned before stays as it was.
func (w *Write) setPutCondition(p *op, e cond.Expr) {
	if err := p.core.Meta.CheckPaths(p.table, expr.Expr(e).Paths()...); err != nil {
		w.fail(err)
		return
	}
	c := cond.And(p.cond, e)
	rendered, names, values, err := exprpool.Condition(p.core.Meta, c)
	if err != nil {
		w.fail(err)
		return
	}
	put := *p.item.Put
	p.size -= exprSize(put.ConditionExpression, put.ExpressionAttributeNames, put.ExpressionAttributeValues)
	put.ConditionExpression = aws.String(rendered)
	put.ExpressionAttributeNames, put.ExpressionAttributeValues = names, values
	p.size += exprSize(put.ConditionExpression, put.ExpressionAttributeNames, put.ExpressionAttributeValues)
	p.item.Put, p.cond = &put, c
}

// rebuildDelete builds a Delete again with opts, as the table builds a
// DeleteItem, and replaces the operation's request.
func (w *Write) rebuildDelete(p *op, opts model.WriteOpts) {
	in, err := p.core.DeleteInput(p.delKey, opts)
	if err != nil {
		w.fail(err)
		return
	}
	p.item, p.opts, p.checks = deleteItem(in), opts, model.Checks{Version: opts.Version}
	p.size = opSize(p.item)
}

// op is an operation with what is needed to send it and to explain its
// failure.
type op struct {
	kind   string
	table  string
	entity string
	key    map[string]types.AttributeValue
	// keyID hashes the item's identity (internal/itemid): operations on
	// different items almost always differ in it, so the same-item check
	// compares identities only when it matches.
	keyID uint64
	item  types.TransactWriteItem
	// size estimates the operation's share of the request.
	size int
	// decode turns the current item returned with a failed condition
	// into the operation's entity type.
	decode itemDecoder
	// meta is the model of an Update's item, which Run upgrades when it
	// is found at an older schema version.
	meta *entity.Meta
	// core is the operation's table: Op.If and Op.IfVersion build a
	// Put, Create or Delete again with it, and a failed condition is
	// explained with it. A Put's cond is its whole condition, to which
	// If adds; a Delete is built again from delKey and opts (byKey: a
	// Delete by key, not a DeleteItem).
	core   *model.Table
	cond   cond.Expr
	delKey entity.Key
	opts   model.WriteOpts
	byKey  bool
	// checks are the checks the library added to the condition (the
	// entity type, the lock version), which a failed condition is
	// blamed on when the current item fails one.
	checks model.Checks
	done   func()
	// guard operations belong to the operation at owner; constraint and
	// value say which unique value they hold.
	guard      bool
	owner      int
	constraint string
	value      string
}

// Write is a TransactWriteItems being assembled: typed operations across
// entities and tables, all validated and built as they are added, sent
// together by Run so that all of them happen or none does.
//
// Operations are added with the package functions Put, Create, Update,
// Delete and Check (methods cannot be generic). The first error is kept and
// returned by Input and Run before anything is sent.
//
// A nil *Write is a mistake reported where it can be: Input and Run return
// an *entity.InputError (entity.RuleInvalidArgument) and the settings
// methods return nil, but the functions adding operations, which return an
// Op rather than an error, panic with that *entity.InputError, naming the
// function.
type Write struct {
	client     entity.Client
	ops        []op
	token      string
	capacity   types.ReturnConsumedCapacity
	conflicts  int
	guardTable string
	err        error
}

// NewWrite starts a write transaction sent through client, such as the
// client the tables written were made with.
func NewWrite(client entity.Client) *Write {
	w := &Write{client: client}
	if client == nil {
		w.fail(refuse("txn.NewWrite", entity.RuleInvalidArgument, "no client"))
	}
	return w
}

func (w *Write) fail(err error) Op {
	if w.err == nil {
		w.err = err
	}
	return Op{w: w, index: -1}
}

// Token sets the client request token: retrying the same transaction with
// the same token within DynamoDB's 10-minute window applies it at most once.
// Without it, Run generates one and returns it in the result so that a
// caller facing an ambiguous failure (a timeout, a 5xx) can retry with it.
func (w *Write) Token(token string) *Write {
	if w == nil { // Run reports it
		return nil
	}
	if token == "" || len(token) > MaxTokenLength {
		w.fail(refuse("txn.Write.Token", RuleToken, "a client request token is 1 to %d characters, got %d", MaxTokenLength, len(token)))
		return w
	}
	w.token = token
	return w
}

// conflictBackoff spaces the retries of a conflicted transaction: up to
// 40 ms before the first, doubling to at most 1.28 s.
var conflictBackoff = backoff.Backoff{Base: 40 * time.Millisecond, Max: 1280 * time.Millisecond}

// RetryConflicts retries up to n times when DynamoDB cancels the
// transaction only because of conflicts with other transactions or
// throttling, reusing the same token. It is off by default. When the
// retries run out, Run's error matches ErrConflict and wraps the last
// *CanceledError.
func (w *Write) RetryConflicts(n int) *Write {
	if w != nil { // else Run reports it
		w.conflicts = n
	}
	return w
}

// ConsumedCapacity asks DynamoDB to report the capacity consumed (TOTAL, or
// INDEXES for a breakdown per index), per table, in
// WriteResult.ConsumedCapacity.
func (w *Write) ConsumedCapacity(mode types.ReturnConsumedCapacity) *Write {
	if w == nil { // Run reports it
		return nil
	}
	w.capacity = mode
	return w
}

func (w *Write) add(o op) Op {
	if w.err != nil {
		return Op{w: w, index: -1}
	}
	if len(w.ops) >= MaxOperations {
		return w.fail(refuse("txn.Write", RuleTooMany, "adding operation %d (a transaction takes at most %d, guard items included)", len(w.ops)+1, MaxOperations))
	}
	o.keyID = itemid.Hash(o.table, o.key)
	for i := range w.ops {
		if w.ops[i].keyID == o.keyID && itemid.Same(w.ops[i].table, w.ops[i].key, o.table, o.key) {
			e := refuse("txn.Write", RuleSameItem, "operations %d and %d both target it", i, len(w.ops))
			e.Table, e.Key = o.table, model.FormatKey(o.key)
			return w.fail(e)
		}
	}
	if o.done == nil {
		o.done = func() {}
	}
	if o.size == 0 {
		o.size = opSize(o.item)
	}
	if w.ops == nil {
		w.ops = make([]op, 0, 16)
	}
	w.ops = append(w.ops, o)
	return Op{w: w, index: len(w.ops) - 1}
}

// itemID names an item (its table and key) as guard items record their
// owner.
func itemID(table string, key map[string]types.AttributeValue) string {
	return table + "\x00" + model.FormatKey(key)
}

// itemDecoder turns an item DynamoDB returned (a cancelled operation's
// current item, a transactional get's item) into the operation's entity
// type.
type itemDecoder interface {
	decode(raw map[string]types.AttributeValue) (any, error)
}

// tableDecoder is a table seen as an itemDecoder. Being a pointer type, it
// is stored in the interface as it is: one per operation costs nothing.
type tableDecoder[T any] entity.Table[T]

func (d *tableDecoder[T]) decode(raw map[string]types.AttributeValue) (any, error) {
	cur, err := model.TableOf((*entity.Table[T])(d)).DecodeCurrent(raw)
	if err != nil {
		return nil, err // not a typed nil inside a non-nil any
	}
	return cur, nil
}

func decoderFor[T any](t *entity.Table[T]) itemDecoder { return (*tableDecoder[T])(t) }

// Put adds a Put of item to the transaction, validated and encoded now. A
// lock version is checked and advanced as by entity.Table.Put; the item's
// version field is updated once the transaction succeeds. Entities with
// unique constraints cannot be Put blindly: use Create, Replace or
// DeleteItem, which maintain their guard items.
func Put[T any](w *Write, table *entity.Table[T], item *T) Op {
	mustWrite(w, "txn.Put")
	if err := argcheck.Table("txn.Put", table); err != nil {
		return w.fail(err)
	}
	if len(model.Of(table.Meta()).Uniques()) > 0 {
		return w.fail(refuse("txn.Put", RuleNotAllowed, "Put of %s, which has unique constraints; use Create or Replace", table.Meta().TypeName()))
	}
	return putOp(w, table, item, false, model.WriteOpts{})
}

func putOp[T any](w *Write, table *entity.Table[T], item *T, create bool, opts model.WriteOpts) Op {
	if w.err != nil {
		return Op{w: w, index: -1}
	}
	call := "txn.Put"
	if create {
		call = "txn.Create"
	}
	if err := argcheck.Table(call, table); err != nil {
		return w.fail(err)
	}
	core := model.TableOf(table)
	prep, err := core.PutRequest(item, create, opts)
	if err != nil {
		return w.fail(err)
	}
	in, done := prep.Input, prep.Done
	kind := KindPut
	if create {
		kind = KindCreate
	}
	return w.add(op{
		kind: kind, table: table.Name(), entity: table.Meta().TypeName(), key: model.Of(table.Meta()).KeyOf(in.Item),
		item: types.TransactWriteItem{Put: &types.Put{
			TableName: in.TableName, Item: in.Item, ConditionExpression: in.ConditionExpression,
			ExpressionAttributeNames: in.ExpressionAttributeNames, ExpressionAttributeValues: in.ExpressionAttributeValues,
			ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
		}},
		decode: decoderFor(table), done: done, size: prep.Size + exprSize(in.ConditionExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues) + len(table.Name()),
		core: core, cond: prep.Cond, checks: prep.Checks,
	})
}

// Update adds an UpdateItem built with the update package, with all its
// checks; ReturnValues is not available in a transaction. An update that
// sets an attribute with a unique constraint is refused: use Replace.
func Update[T any](w *Write, u *update.Update[T]) Op {
	mustWrite(w, "txn.Update")
	if w.err != nil {
		return Op{w: w, index: -1}
	}
	if u == nil {
		return w.fail(refuse("txn.Update", entity.RuleInvalidArgument, "txn.Update needs an *update.Update, got nil"))
	}
	// An update of a nil table carries that error; Input returns it.
	in, err := u.Input()
	if err != nil {
		return w.fail(err)
	}
	info, _ := updatex.Of(u)
	table := info.Table.(*entity.Table[T])
	if info.ReturnsValues {
		return w.fail(refuse("txn.Update", RuleNotAllowed, "ReturnValues on an update"))
	}
	if attrs := info.Attributes; len(attrs) > 0 {
		for _, uq := range model.Of(table.Meta()).Uniques() {
			for _, a := range uq.Attributes {
				for _, set := range attrs {
					if set == a {
						return w.fail(refuse("txn.Update", RuleNotAllowed, "the update changes %s, part of unique constraint %s; use Replace", a, uq.Name))
					}
				}
			}
		}
	}
	return w.add(op{
		kind: KindUpdate, table: table.Name(), entity: table.Meta().TypeName(), key: in.Key,
		item: types.TransactWriteItem{Update: &types.Update{
			TableName: in.TableName, Key: in.Key, UpdateExpression: in.UpdateExpression,
			ConditionExpression: in.ConditionExpression, ExpressionAttributeNames: in.ExpressionAttributeNames,
			ExpressionAttributeValues:           in.ExpressionAttributeValues,
			ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
		}},
		decode: decoderFor(table), meta: table.Meta(), core: model.TableOf(table), checks: info.Checks,
	})
}

// Delete adds a DeleteItem by key. Entities with unique constraints must be
// deleted with DeleteItem, which removes their guards too. Conditions are
// added with the Op's If and IfVersion.
func Delete[T any](w *Write, table *entity.Table[T], key entity.Key) Op {
	mustWrite(w, "txn.Delete")
	if err := argcheck.Table("txn.Delete", table); err != nil {
		return w.fail(err)
	}
	if len(model.Of(table.Meta()).Uniques()) > 0 {
		return w.fail(refuse("txn.Delete", RuleNotAllowed, "Delete of %s by key, which has unique constraints; use DeleteItem", table.Meta().TypeName()))
	}
	return deleteOp(w, table, key, model.WriteOpts{}, true)
}

func deleteOp[T any](w *Write, table *entity.Table[T], key entity.Key, opts model.WriteOpts, byKey bool) Op {
	if w.err != nil {
		return Op{w: w, index: -1}
	}
	core := model.TableOf(table)
	in, err := core.DeleteInput(key, opts)
	if err != nil {
		return w.fail(err)
	}
	return w.add(op{
		kind: KindDelete, table: table.Name(), entity: table.Meta().TypeName(), key: in.Key,
		item: deleteItem(in), decode: decoderFor(table),
		core: core, delKey: key, opts: opts, byKey: byKey, checks: model.Checks{Version: opts.Version},
	})
}

// deleteItem is a DeleteItem request as an operation of a transaction.
func deleteItem(in *dynamodb.DeleteItemInput) types.TransactWriteItem {
	return types.TransactWriteItem{Delete: &types.Delete{
		TableName: in.TableName, Key: in.Key, ConditionExpression: in.ConditionExpression,
		ExpressionAttributeNames: in.ExpressionAttributeNames, ExpressionAttributeValues: in.ExpressionAttributeValues,
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	}}
}

// Check adds a ConditionCheck: the transaction happens only if c holds for
// the item with key, which is not changed. The attributes c names are
// checked against the entity's model, as every condition is: one the model
// does not declare is an *entity.InputError (RuleUnknownPath) (use cond.Undeclared for
// such an attribute on purpose).
func Check[T any](w *Write, table *entity.Table[T], key entity.Key, c cond.Expr) Op {
	mustWrite(w, "txn.Check")
	if w.err != nil {
		return Op{w: w, index: -1}
	}
	if err := argcheck.Table("txn.Check", table); err != nil {
		return w.fail(err)
	}
	if expr.Expr(c).IsZero() {
		return w.fail(refuse("txn.Check", RuleNoCondition, "a condition check needs a condition"))
	}
	if err := model.Of(table.Meta()).CheckPaths(table.Name(), expr.Expr(c).Paths()...); err != nil {
		return w.fail(err)
	}
	k, err := model.Of(table.Meta()).EncodeKey(table.Name(), key)
	if err != nil {
		return w.fail(err)
	}
	expr, names, values, err := exprpool.Condition(model.Of(table.Meta()), c)
	if err != nil {
		return w.fail(err)
	}
	return w.add(op{
		kind: KindCheck, table: table.Name(), entity: table.Meta().TypeName(), key: k,
		item: types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{
			TableName: aws.String(table.Name()), Key: k, ConditionExpression: aws.String(expr),
			ExpressionAttributeNames: names, ExpressionAttributeValues: values,
			ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
		}},
		decode: decoderFor(table), core: model.TableOf(table),
	})
}

// Input builds the request without sending it. The token is the one set
// with Token, or a new one on each call (Run returns the one it sent).
// Input and Run only read the Write.
func (w *Write) Input() (*dynamodb.TransactWriteItemsInput, error) {
	if w == nil {
		return nil, argcheck.Nil("txn.Write.Input", "*txn.Write", "txn.NewWrite")
	}
	token := w.token
	if token == "" {
		token = newToken()
	}
	return w.input(token)
}

func (w *Write) input(token string) (*dynamodb.TransactWriteItemsInput, error) {
	if w.err != nil {
		return nil, w.err
	}
	if len(w.ops) == 0 {
		return nil, refuse("txn.Write", RuleEmpty, "no operations")
	}
	in := &dynamodb.TransactWriteItemsInput{
		ClientRequestToken:     aws.String(token),
		ReturnConsumedCapacity: w.capacity,
		TransactItems:          make([]types.TransactWriteItem, len(w.ops)),
	}
	size := 0
	for i, o := range w.ops {
		in.TransactItems[i] = o.item
		size += o.size
	}
	if size > MaxRequestBytes {
		return nil, refuse("txn.Write", RuleTooLarge, "about %d bytes, at most %d", size, MaxRequestBytes)
	}
	return in, nil
}

// exprSize estimates the share of an expression and its placeholders.
func exprSize(expr *string, names map[string]string, values map[string]types.AttributeValue) int {
	n := len(aws.ToString(expr)) + itemsize.Item(values)
	for k, v := range names {
		n += len(k) + len(v)
	}
	return n
}

// opSize estimates an operation's share of the request: its item or key,
// its expressions, names and values, and its table name.
func opSize(it types.TransactWriteItem) int {
	switch {
	case it.Put != nil:
		return itemsize.Item(it.Put.Item) + len(aws.ToString(it.Put.TableName)) +
			exprSize(it.Put.ConditionExpression, it.Put.ExpressionAttributeNames, it.Put.ExpressionAttributeValues)
	case it.Update != nil:
		return itemsize.Item(it.Update.Key) + len(aws.ToString(it.Update.TableName)) + len(aws.ToString(it.Update.UpdateExpression)) +
			exprSize(it.Update.ConditionExpression, it.Update.ExpressionAttributeNames, it.Update.ExpressionAttributeValues)
	case it.Delete != nil:
		return itemsize.Item(it.Delete.Key) + len(aws.ToString(it.Delete.TableName)) +
			exprSize(it.Delete.ConditionExpression, it.Delete.ExpressionAttributeNames, it.Delete.ExpressionAttributeValues)
	case it.ConditionCheck != nil:
		return itemsize.Item(it.ConditionCheck.Key) + len(aws.ToString(it.ConditionCheck.TableName)) +
			exprSize(it.ConditionCheck.ConditionExpression, it.ConditionCheck.ExpressionAttributeNames, it.ConditionCheck.ExpressionAttributeValues)
	}
	return 0
}

func newToken() string {
	var b [16]byte
	if _, err := crand.Read(b[:]); err != nil {
		// crypto/rand does not fail on supported platforms; fall back
		// to a time-based token rather than none.
		return fmt.Sprintf("t%035d", time.Now().UnixNano())
	}
	return hex.EncodeToString(b[:]) // 32 characters
}

// WriteResult is what a successful write transaction returns.
type WriteResult struct {
	// Token is the client request token used; retrying with it within 10
	// minutes does not apply the transaction again.
	Token            string
	ConsumedCapacity []types.ConsumedCapacity
	// Attempts is the number of TransactWriteItems requests sent (more
	// than 1 with RetryConflicts, or after upgrading items).
	Attempts int
	// Upgrades is the number of UpdateItem requests sent to upgrade items
	// that Updates found at an older schema version (see "Schema versions"
	// in the package documentation); ConsumedCapacity includes theirs.
	Upgrades int
}

// Run sends the transaction. When DynamoDB cancels it, the error is a
// *CanceledError with one reason per operation, in request order; it
// matches entity.ErrConditionFailed when a condition failed, and a failed
// operation's Reason.Err says which of the checks the library added (lock
// version, entity type), if any, the item failed.
//
// Every request Run sends for one Write carries the same client request
// token: the SDK's retries of a request whose response was lost, and the
// retries of RetryConflicts. DynamoDB answers a token it has applied with
// success and does not apply it again, so a lost response is never a
// double write nor a false condition against the transaction's own
// effect. When the last answer was lost too (a timeout, a network error,
// a 5xx), the error is an *entity.OutcomeUnknownError
// (entity.ErrOutcomeUnknown) and the returned result still carries the
// token: Run again with Token(result.Token), within DynamoDB's 10-minute
// window, to learn the outcome without applying twice.
func (w *Write) Run(ctx context.Context) (*WriteResult, error) {
	if w == nil {
		return nil, argcheck.Nil("txn.Write.Run", "*txn.Write", "txn.NewWrite")
	}
	token := w.token
	if token == "" {
		token = newToken()
	}
	in, err := w.input(token)
	if err != nil {
		return nil, err
	}
	res := &WriteResult{Token: token}
	upgradeRounds := 0
	for {
		res.Attempts++
		attempts := new(outcome.Attempts)
		out, err := w.client.TransactWriteItems(ctx, in, attempts.Track)
		if err == nil {
			for i := range out.ConsumedCapacity {
				res.ConsumedCapacity = addTableCapacity(res.ConsumedCapacity, &out.ConsumedCapacity[i])
			}
			for _, o := range w.ops {
				o.done()
			}
			return res, nil
		}
		var tce *types.TransactionCanceledException
		if !errors.As(err, &tce) {
			if attempts.MayHaveApplied() {
				// Every attempt of the SDK carried the token, but
				// the last answer was lost too: Run again with it.
				return res, &entity.OutcomeUnknownError{Op: "TransactWriteItems", Err: err}
			}
			return res, fmt.Errorf("dynamodel: TransactWriteItems: %w", err)
		}
		ce := w.canceled(tce)
		if stale := w.staleUpdates(ce); len(stale) > 0 && upgradeRounds < maxUpgradeRounds {
			again, err := w.upgrade(ctx, ce, stale, res)
			if err != nil {
				return res, err
			}
			if again {
				upgradeRounds++
				continue
			}
		}
		if !ce.retryable() || res.Attempts-upgradeRounds > w.conflicts {
			if ce.retryable() && w.conflicts > 0 {
				return res, fmt.Errorf("%w (%d attempts): %w", ErrConflict, res.Attempts, ce)
			}
			return res, ce
		}
		if err := backoff.Sleep(ctx, conflictBackoff.Delay(res.Attempts)); err != nil {
			return res, err
		}
	}
}
