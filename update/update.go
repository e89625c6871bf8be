package update

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/argcheck"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/expr"
	"github.com/dynamodel/dynamodel/internal/exprpool"
	"github.com/dynamodel/dynamodel/internal/itemsize"
	"github.com/dynamodel/dynamodel/internal/keyrules"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/internal/number"
)

// maxOperators is DynamoDB's limit on operators and functions in one update
// expression.
const maxOperators = 300

type actionKind uint8

const (
	actSet actionKind = iota + 1
	actSetIfNotExists
	actAppend
	actPrepend
	actIncrement
	actAdd
	actRemove
	actDelete
)

type action struct {
	kind  actionKind
	path  expr.Path
	value any
}

// Update is an UpdateItem on one item, addressed by its full primary key.
// It is a builder: methods record actions and options, and the first mistake
// is returned by Input or Run before any request is sent. An Update is not
// safe for concurrent use: build one per goroutine.
//
// By default an Update only updates an existing item (the condition
// attribute_exists on the partition key); Upsert allows creating it. The
// stored item must be at the model's current schema version (and of the
// entity's type when the model declares one), so an update never leaves an
// item half migrated: Run upgrades an older item in place first, then sends
// the update again (see Run).
//
// The terminal calls (Input and Run) of a nil *Update return an
// *entity.InputError (entity.RuleInvalidArgument) rather than panic; its
// other methods need one made by update.New.
type Update[T any] struct {
	table    *entity.Table[T]
	meta     *entity.Meta
	client   model.Client // the table's
	key      entity.Key
	actions  []action
	cond     cond.Expr
	ret      types.ReturnValue
	upsert   bool
	lockWant *int64
	capacity types.ReturnConsumedCapacity
	err      error
}

// New starts an update of the item with key in table.
//
// A nil table is reported (an *entity.InputError of rule entity.RuleInvalidArgument) by Input or
// Run, like the builder's other mistakes.
func New[T any](table *entity.Table[T], key entity.Key) *Update[T] {
	u := &Update[T]{table: table, key: key}
	if table != nil {
		u.meta = table.Meta()
		u.client = model.TableOf(table).Client
	}
	return u
}

func (u *Update[T]) add(kind actionKind, p cond.Path, v any) *Update[T] {
	u.actions = append(u.actions, action{kind: kind, path: expr.Path(p), value: v})
	return u
}

// Set sets the attribute at p to v (SET p = v). v is encoded as the field
// stores it and validated against the field's validate tag.
func (u *Update[T]) Set(p cond.Path, v any) *Update[T] { return u.add(actSet, p, v) }

// SetIfNotExists sets p to v only when p has no value yet
// (SET p = if_not_exists(p, v)).
func (u *Update[T]) SetIfNotExists(p cond.Path, v any) *Update[T] {
	return u.add(actSetIfNotExists, p, v)
}

// Append adds the elements of the slice elems at the end of the list at p
// (SET p = list_append(if_not_exists(p, []), elems)).
func (u *Update[T]) Append(p cond.Path, elems any) *Update[T] { return u.add(actAppend, p, elems) }

// Prepend adds the elements of the slice elems at the start of the list at p.
func (u *Update[T]) Prepend(p cond.Path, elems any) *Update[T] { return u.add(actPrepend, p, elems) }

// Increment adds delta (negative to decrement) to the number at p, treating
// a missing value as 0: ADD p delta for a top-level attribute, SET p =
// if_not_exists(p, 0) + delta for a nested one (ADD takes only top-level
// attributes). It is atomic:
// concurrent increments are never lost. It is not idempotent: a retried
// request after an ambiguous failure may apply twice.
//
// delta is any Go number that fits the attribute: a whole number within
// range for an integer attribute (2.5 for an int is refused with RuleWrongKind), a finite
// number for a float one (a float32 delta is written at 32-bit precision).
// A negative delta for an unsigned attribute adds the condition "p ≥
// |delta|", so a decrement that would go below zero (or of a missing
// value) fails with entity.ErrConditionFailed and changes nothing.
func (u *Update[T]) Increment(p cond.Path, delta any) *Update[T] {
	return u.add(actIncrement, p, delta)
}

// Add is DynamoDB's ADD: a number is added to the number at p, a slice's
// elements are added to the set at p.
func (u *Update[T]) Add(p cond.Path, v any) *Update[T] { return u.add(actAdd, p, v) }

// Remove removes the attribute or list element at p (REMOVE p). Removing a
// key attribute of a global secondary index takes the item out of that
// sparse index. Remove is the one action that takes a path started with
// cond.Undeclared, to clear an attribute the model no longer declares.
func (u *Update[T]) Remove(p cond.Path) *Update[T] { return u.add(actRemove, p, nil) }

// DeleteFromSet removes the elements of the slice elems from the set at p
// (DELETE p elems).
func (u *Update[T]) DeleteFromSet(p cond.Path, elems any) *Update[T] {
	return u.add(actDelete, p, elems)
}

// If adds a condition, ANDed with earlier ones and with the library's own.
// Its attribute names are checked against the model when the request is
// built, like the actions' paths: one the model does not declare is an
// *entity.InputError (RuleUnknownPath) (use cond.Undeclared for such an attribute on
// purpose).
func (u *Update[T]) If(e cond.Expr) *Update[T] { u.cond = cond.And(u.cond, e); return u }

// Upsert lets the update create the item when it does not exist. Without
// it, updating a missing item fails with entity.ErrConditionFailed.
func (u *Update[T]) Upsert() *Update[T] { u.upsert = true; return u }

// IfVersion requires the lock version attribute to be n and writes n+1 (the
// model must have a ddb:"lock" field, and both must fit its Go type). n = 0
// accepts an item with no version yet (the attribute absent, or 0 as
// attributevalue.MarshalMap stores a zero field), as entity.Table.Put does.
// Without it, the update increments the lock version unconditionally so
// that writers holding an older copy fail.
func (u *Update[T]) IfVersion(n int64) *Update[T] {
	if u.err != nil || u.meta == nil {
		return u
	}
	lock, ok := model.Of(u.meta).LockAttribute()
	if !ok {
		return u.fail(at("update.IfVersion", u.table.Name(), "", refusal(RuleNoLock, "%s has no lock version field", u.meta.TypeName())))
	}
	if n == math.MaxInt64 || !number.FitsInteger(lock.GoType, n) || !number.FitsInteger(lock.GoType, n+1) {
		return u.fail(at("update.IfVersion", u.table.Name(), lock.Name, refusal(RuleNoLock, "version %d, or the next one, does not fit %s's lock field (%s)", n, u.meta.TypeName(), lock.GoType)))
	}
	u.lockWant = &n
	return u
}

// ReturnValues asks for the item before or after the update (ALL_OLD,
// UPDATED_OLD, ALL_NEW, UPDATED_NEW); Run decodes it into Result.Item.
func (u *Update[T]) ReturnValues(rv types.ReturnValue) *Update[T] { u.ret = rv; return u }

// ConsumedCapacity asks DynamoDB to report the capacity used (TOTAL, or
// INDEXES for a breakdown per index) in Result.ConsumedCapacity.
func (u *Update[T]) ConsumedCapacity(mode types.ReturnConsumedCapacity) *Update[T] {
	u.capacity = mode
	return u
}

func (u *Update[T]) fail(err error) *Update[T] {
	if u.err == nil {
		u.err = err
	}
	return u
}

// Input builds the UpdateItemInput without sending it.
func (u *Update[T]) Input() (*dynamodb.UpdateItemInput, error) {
	in, _, err := u.build()
	return in, err
}

// build renders the request; it also returns the top-level attributes the
// update touches (to decode UPDATED_* return values). A refusal names the
// item's key when the key itself is valid.
func (u *Update[T]) build() (*dynamodb.UpdateItemInput, []string, error) {
	in, roots, err := u.render()
	var ie *errs.InputError
	if errors.As(err, &ie) && err == error(ie) && ie.Key == "" && u != nil && u.meta != nil {
		if key, kerr := model.Of(u.meta).EncodeKey(u.table.Name(), u.key); kerr == nil {
			ie.Key = model.FormatKey(key)
		}
	}
	return in, roots, err
}

// render renders the request. The shape gives the expressions and
// placeholders; render validates and encodes the values and registers them
// in the order the shape expects.
func (u *Update[T]) render() (*dynamodb.UpdateItemInput, []string, error) {
	if u == nil {
		return nil, nil, argcheck.Nil("update.Update", "*update.Update", "update.New")
	}
	if u.meta == nil { // the first mistake: New had no table
		return nil, nil, argcheck.Table("update.New", u.table)
	}
	if u.err != nil {
		return nil, nil, u.err
	}
	if len(u.actions) == 0 {
		return nil, nil, at("update", u.table.Name(), "", refusal(RuleEmpty, "no actions"))
	}
	if err := model.Of(u.meta).CheckPaths(u.table.Name(), expr.Expr(u.cond).Paths()...); err != nil {
		return nil, nil, err
	}
	s, err := u.shapeOf()
	if err != nil {
		return nil, nil, err
	}
	table := u.table.Name()
	key, err := model.Of(u.meta).EncodeKey(table, u.key)
	if err != nil {
		return nil, nil, err
	}
	if u.upsert {
		if err := u.validateUpsert(table, key); err != nil {
			return nil, nil, err
		}
	}
	if err := u.validateValues(table, key, s); err != nil {
		return nil, nil, err
	}
	b := exprpool.Get(model.Of(u.meta))
	defer exprpool.Put(b)
	if err := b.Start(s.preset); err != nil {
		return nil, nil, err
	}

	// guards are the conditions keeping unsigned attributes from going
	// below zero (see deltaFor).
	var guards expr.Expr
	// written bounds from below what the actions add to the item: the
	// values that end up in it whatever it holds now.
	written := itemsize.Item(key)
	acts := u.actions
	for i := range acts {
		a := &acts[i]
		info := &s.infos[i]
		fail := func(err error) (*dynamodb.UpdateItemInput, []string, error) {
			return nil, nil, at("update", table, a.path.String(), err)
		}
		switch a.kind {
		case actSet, actSetIfNotExists:
			av, err := u.encodeAt(b, a, info)
			if err != nil {
				return fail(err)
			}
			if av == nil {
				return fail(refusal(RuleEmptyValue, "the value encodes to nothing; use Remove"))
			}
			if len(s.indexKeys[i]) > 0 {
				if err := checkIndexKey(s.indexKeys[i], av); err != nil {
					return fail(err)
				}
			}
			if err := checkNumbers(av); err != nil {
				return fail(err)
			}
			if a.kind == actSet {
				written += writtenSize(a.path, av)
			}
			b.RawValue(av)
		case actAppend, actPrepend:
			av, err := model.Of(u.meta).EncodeElems(info, a.value)
			if err != nil {
				return fail(err)
			}
			if _, ok := av.(*types.AttributeValueMemberL); !ok {
				return fail(refusal(RuleWrongKind, "list_append needs a list attribute"))
			}
			if err := checkNumbers(av); err != nil {
				return fail(err)
			}
			written += writtenSize(a.path, av)
			b.RawValue(av)
			b.RawValue(&types.AttributeValueMemberL{Value: []types.AttributeValue{}})
		case actIncrement:
			av, d, err := numberValue(b, a.value, info.GoType)
			if err != nil {
				return fail(err)
			}
			if a.path.IsNested() { // SET p = if_not_exists(p, 0) + delta
				b.RawValue(b.NewScalar("0", true))
			}
			b.RawValue(av)
			guards = guard(guards, a.path, d)
		case actAdd:
			var av types.AttributeValue
			if s.numeric[i] {
				var d delta
				av, d, err = numberValue(b, a.value, info.GoType)
				guards = guard(guards, a.path, d)
			} else if av, err = u.setValue(info, a.value); err == nil {
				err = checkNumbers(av)
				written += writtenSize(a.path, av)
			}
			if err != nil {
				return fail(err)
			}
			b.RawValue(av)
		case actDelete:
			av, err := u.setValue(info, a.value)
			if err == nil {
				err = checkNumbers(av)
			}
			if err != nil {
				return fail(err)
			}
			b.RawValue(av)
		}
	}
	for _, tp := range s.templates {
		key, err := u.renderTemplate(tp)
		if err != nil {
			return nil, nil, err
		}
		b.RawValue(key)
	}
	for _, lv := range s.libValues {
		switch lv.kind {
		case libNumber:
			b.RawValue(b.NewScalar(lv.text, true))
		case libString:
			b.RawValue(b.NewScalar(lv.text, false))
		case libLockNext:
			b.RawValue(b.NewScalar(strconv.FormatInt(*u.lockWant+1, 10), true))
		case libLockWant:
			b.RawValue(b.NewScalar(strconv.FormatInt(*u.lockWant, 10), true))
		}
	}

	condition := s.condition
	userCond := expr.Expr(u.cond)
	if !guards.IsZero() {
		userCond = expr.And(userCond, guards)
	}
	if !userCond.IsZero() {
		// (the caller's condition) AND the library's.
		caller, err := b.Condition(userCond)
		if err != nil {
			return nil, nil, err
		}
		library := s.condition
		if s.conditionOr {
			library = "(" + library + ")"
		}
		condition = "(" + caller + ") AND " + library
		if len(condition) > expr.MaxExpressionLength {
			return nil, nil, at("update.If", table, "", refusal(RuleTooComplex, "the condition is %d bytes", len(condition)))
		}
	}
	if written > entity.MaxItemBytes {
		return nil, nil, &entity.SizeError{Table: table, Key: model.FormatKey(key), Size: written, Limit: entity.MaxItemBytes}
	}
	names, values := b.Names(), b.Values()
	if n := expressionSize(names, values); n > maxExpressionValues {
		return nil, nil, at("update", table, "", refusal(RuleTooComplex, "%d bytes of expression names and values, at most %d", n, maxExpressionValues))
	}
	in := &dynamodb.UpdateItemInput{
		TableName:                           aws.String(table),
		Key:                                 key,
		UpdateExpression:                    aws.String(s.update),
		ConditionExpression:                 aws.String(condition),
		ExpressionAttributeNames:            names,
		ExpressionAttributeValues:           values,
		ReturnValues:                        u.ret,
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
		ReturnConsumedCapacity:              u.capacity,
	}
	return in, s.roots, nil
}

// encodeAt encodes a Set value as the attribute at the action's path stores
// it: a plain top-level value into the Builder's shared memory, anything
// else through the model's codec.
func (u *Update[T]) encodeAt(b *expr.Builder, a *action, info *model.PathInfo) (types.AttributeValue, error) {
	if text, number, ok := model.Of(u.meta).EncodeScalar(a.path, a.value); ok {
		return b.NewScalar(text, number), nil
	}
	return model.Of(u.meta).EncodeAt(info, a.value)
}

// touchedTemplates lists the templates whose components this update sets.
func (u *Update[T]) touchedTemplates() []*model.Template {
	var out []*model.Template
	for _, tp := range model.Of(u.meta).Templates() {
		for _, a := range u.actions {
			attr, ok := model.Of(u.meta).Attribute(a.path.Root())
			if ok && slices.Contains(tp.Components, attr.GoName) {
				out = append(out, tp)
				break
			}
		}
	}
	return out
}

// renderTemplate computes a templated key from the values this update sets;
// every component must be among them.
func (u *Update[T]) renderTemplate(tp *model.Template) (types.AttributeValue, error) {
	values := make(map[string]any, len(tp.Components))
	for _, a := range u.actions {
		attr, ok := model.Of(u.meta).Attribute(a.path.Root())
		if ok && a.kind == actSet && !a.path.IsNested() {
			values[attr.GoName] = a.value
		}
	}
	var missing []string
	for _, c := range tp.Components {
		if _, ok := values[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, at("update", u.table.Name(), tp.Attribute, refusal(RuleTemplateIncomplete, "%s needs %v too", tp.Attribute, missing))
	}
	s, err := tp.Render(values)
	if err != nil {
		return nil, err
	}
	return &types.AttributeValueMemberS{Value: s}, nil
}

func appendSep(b []byte, sep string) []byte {
	if len(b) > 0 {
		b = append(b, sep...)
	}
	return b
}

// checkManaged refuses actions on the attributes the library maintains.
func (u *Update[T]) checkManaged(a action) error {
	root := a.path.Root()
	if root == entity.VersionAttribute || root == entity.TypeAttribute {
		return refusal(RuleManaged, "%s is the library's own attribute", root)
	}
	if lock, ok := model.Of(u.meta).LockAttribute(); ok && root == lock.Name {
		return refusal(RuleManaged, "%s is the lock version, which the library advances (use IfVersion)", root)
	}
	return nil
}

// validateUpsert checks that the item an upsert would create, if none
// exists, is valid: the key plus the top-level values written, validated
// like a Put. Values written at nested paths are not applied to it.
func (u *Update[T]) validateUpsert(table string, key map[string]types.AttributeValue) error {
	item := new(T)
	if err := model.Of(u.meta).Unmarshal(key, item); err != nil {
		return err
	}
	for _, a := range u.actions {
		if a.path.IsNested() || a.kind == actRemove || a.kind == actDelete {
			continue
		}
		if err := model.Of(u.meta).SetAttribute(item, a.path.Root(), a.value); err != nil {
			// A value of the wrong type, reported as the action would
			// report it rather than as the item missing the value.
			return at("update", table, a.path.String(), err)
		}
	}
	return model.Of(u.meta).Validate(table, item)
}

// checkTarget refuses actions on what an update must not change.
func (u *Update[T]) checkTarget(a action, info model.PathInfo) error {
	if info.Primary && !a.path.IsNested() {
		return refusal(RuleKeyUpdate, "primary key attributes cannot be updated; delete the item and put a new one")
	}
	for _, tp := range model.Of(u.meta).Templates() {
		if tp.Attribute == a.path.Root() {
			return refusal(RuleManaged, "%s is computed from %v; set those instead", tp.Attribute, tp.Components)
		}
	}
	for _, tp := range model.Of(u.meta).TemplatesUsing(info.Attribute.GoName) {
		if keyrules.Has(u.meta.PrimaryKey(), tp.Attribute) {
			return refusal(RuleKeyUpdate, "%s is part of the templated key %s", info.Attribute.GoName, tp.Attribute)
		}
		if a.kind != actSet || a.path.IsNested() {
			return refusal(RuleTemplateIncomplete, "%s feeds the key %s, so it can only be Set whole", info.Attribute.GoName, tp.Attribute)
		}
	}
	return nil
}

// validateValues checks what the actions write as a Put of an item holding
// it would: a Set's value, the elements an Append, Prepend or set Add adds,
// the zero value a Remove leaves. Every failing field of every action is
// reported in one *entity.ValidationError.
func (u *Update[T]) validateValues(table string, key map[string]types.AttributeValue, s *shape) error {
	acts := u.actions
	// The values written outside lists and maps are validated in one go
	// (see model.WriteSet); their verdicts are taken below in the order
	// of the actions, like the others'.
	var together model.WriteCheck
	if s.writes != nil {
		together = s.writes.Begin()
		defer together.Done()
		for i := range acts {
			if !s.writes.Has(i) {
				continue
			}
			if acts[i].kind == actRemove {
				together.Remove(i)
				continue
			}
			if !together.Set(i, acts[i].value) {
				break // Result(i) reports it, before any later action
			}
		}
		together.Run()
	}
	var all *entity.ValidationError
	for i := range acts {
		a, info := &acts[i], &s.infos[i]
		var err error
		switch {
		case s.writes.Has(i) && a.kind == actRemove:
			// A removed field reads back as its zero value: refused when
			// a Put of that would be.
			if err := together.Result(table, key, i); err != nil {
				e := at("update.Remove", table, a.path.String(), refusal(RuleRemoveRequired, "a required attribute cannot be removed"))
				e.Err = err
				return e
			}
		case s.writes.Has(i):
			err = together.Result(table, key, i)
		case a.kind == actSet || a.kind == actSetIfNotExists:
			err = model.Of(u.meta).ValidateAt(table, key, a.path, info, a.value)
		case a.kind == actAppend || a.kind == actPrepend || a.kind == actAdd && !s.numeric[i]:
			err = u.validateElems(table, key, a, info)
		case a.kind == actRemove && !u.declares(a.path):
			// An attribute the model does not declare (reached with
			// cond.Undeclared) has no rules to keep.
		case a.kind == actRemove:
			// A removed field reads back as its zero value: refused when
			// a Put of that would be.
			if err := model.Of(u.meta).ValidateRemove(table, key, a.path, info); err != nil {
				e := at("update.Remove", table, a.path.String(), refusal(RuleRemoveRequired, "a required attribute cannot be removed"))
				e.Err = err
				return e
			}
		}
		if err == nil {
			continue
		}
		var ve *entity.ValidationError
		switch {
		case errors.As(err, &ve):
			if all == nil {
				all = ve
			} else {
				all.Fields = append(all.Fields, ve.Fields...)
			}
		case errors.Is(err, entity.ErrValidation):
			return err
		default:
			return at("update", table, a.path.String(), err)
		}
	}
	if all == nil {
		return nil
	}
	return all
}

// validateElems checks the elements an Append, Prepend or set Add writes,
// each under the list's or set's rules after dive; rules on the whole list
// (its length) cannot be judged from a partial write.
func (u *Update[T]) validateElems(table string, key map[string]types.AttributeValue, a *action, info *model.PathInfo) error {
	if k := reflect.ValueOf(a.value).Kind(); k != reflect.Slice && k != reflect.Array {
		return refusal(RuleWrongKind, "want a slice of elements, got %T", a.value)
	}
	return model.Of(u.meta).ValidateElems(table, key, a.path, info, a.value)
}

func (u *Update[T]) setValue(info *model.PathInfo, v any) (types.AttributeValue, error) {
	av, err := model.Of(u.meta).EncodeElems(info, v)
	if err != nil {
		return nil, err
	}
	switch av.(type) {
	case *types.AttributeValueMemberSS, *types.AttributeValueMemberNS, *types.AttributeValueMemberBS:
		return av, nil
	case *types.AttributeValueMemberNULL:
		return nil, refusal(RuleEmptyValue, "an empty set")
	}
	return nil, refusal(RuleWrongKind, "the attribute is not a set (tag it stringset, numberset or binaryset)")
}

func isNumeric(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// Result is what an update returns.
type Result[T any] struct {
	// Item is the item as ReturnValues asked for it, decoded: whole for
	// ALL_OLD and ALL_NEW, only the updated attributes for UPDATED_OLD and
	// UPDATED_NEW; nil when nothing was asked for.
	Item *T
	// Raw is the attribute map DynamoDB returned.
	Raw              map[string]types.AttributeValue
	ConsumedCapacity *types.ConsumedCapacity
	// Recovered reports an update whose response was lost and which was
	// recognised as applied from the item as it is now: Item and Raw
	// then hold it for ALL_NEW and UPDATED_NEW, and are nil for ALL_OLD
	// and UPDATED_OLD, whose values were lost with the response.
	Recovered bool
	// UpgradedFrom is the schema version the item was stored at when Run
	// had to upgrade it first (see "Items of an older schema version" in
	// the package documentation); 0 when it was already current.
	UpgradedFrom int
	// Requests is the number of UpdateItem requests Run sent: 1 for an
	// item at the model's schema version; for an older one, the first
	// attempt its condition refused, each upgrade write, and the update
	// sent again. ConsumedCapacity adds up what all of them reported.
	// (For WithLock: its GetItem and TransactWriteItems requests, with
	// Item the item written.)
	Requests int
}

// Run sends the UpdateItem. A false condition (including "no such item"
// without Upsert, and a stale lock version) is a *entity.ConditionFailedError
// matching entity.ErrConditionFailed, with the current item.
//
// When a response is lost, the update is never applied twice. An update
// that only Sets and Removes top-level attributes is recognised as applied
// when the item returned with a false condition holds every value it
// writes (and, with IfVersion, the version it writes): Run then succeeds
// with Result.Recovered set. Otherwise, and for an Increment, Add, Append
// or Prepend, which the SDK is then not allowed to send again, Run returns
// an *entity.OutcomeUnknownError (entity.ErrOutcomeUnknown).
//
// An item stored at an older schema version is upgraded first, in place,
// and the update sent again (three requests instead of one; see "Items of
// an older schema version" in the package documentation). An item Run
// cannot upgrade (a newer version than the model's, an upgrade that does
// not read back) is an *entity.UpgradeError naming both versions, and the
// update is not applied.
func (u *Update[T]) Run(ctx context.Context) (*Result[T], error) {
	in, roots, err := u.build()
	if err != nil {
		return nil, err
	}
	for _, root := range roots {
		if a, ok := model.Of(u.meta).Attribute(root); ok && a.Unique != "" {
			return nil, &entity.InputError{Op: "update.Run", Table: u.table.Name(), Attribute: root, Rule: entity.RuleUnique, Detail: fmt.Sprintf("%s is in unique constraint %s; use txn.Replace", root, a.Unique)}
		}
	}
	return u.send(ctx, in, roots)
}

// checks are the checks the library adds to the update's condition that a
// false condition can be blamed on (the existence and schema version
// checks are told apart elsewhere: no current item, an item to upgrade).
func (u *Update[T]) checks() model.Checks {
	return model.Checks{Type: model.Of(u.meta).StampsType(), Version: u.lockWant}
}

// declares reports whether the model declares p's top-level attribute.
func (u *Update[T]) declares(p expr.Path) bool {
	_, ok := model.Of(u.meta).Attribute(p.Root())
	return ok
}
