package txn

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/argcheck"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/exprpool"
	"github.com/dynamodel/dynamodel/internal/itemid"
	"github.com/dynamodel/dynamodel/internal/keyrules"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/keys"
)

// Unique constraints are kept with guard items: one item per constrained
// value, whose key is the value, written in the same transaction as the
// entity with the condition that it does not exist yet. DynamoDB enforces
// uniqueness only on primary keys; the guard turns a unique value into one.
//
// A guard's key is "UNIQUE#<entity>#<constraint>#<value>" (components of a
// multi-field constraint joined by '#', with '#' and '\' escaped), stored in
// the table's partition key (and "UNIQUE" in its sort key, if it has one),
// or in the "pk" attribute of a separate guard table (Write.GuardTable).
// Guards carry _t = "#unique", the owner's key, the constraint and the value.
// Each guard costs 2 WCU per transactional write (transactions bill twice);
// a Replace that changes a value costs a delete and a put of guards.

// GuardType is the entity type stamped on guard items.
const GuardType = "#unique"

// Guard attribute names besides the key.
const (
	GuardOwnerAttribute      = "owner"
	GuardConstraintAttribute = "constraint"
	GuardValueAttribute      = "value"
	// GuardTablePartitionKey is the key attribute of a separate guard table.
	GuardTablePartitionKey = "pk"
)

// GuardTable keeps guard items in a table of their own, whose partition key
// is the string attribute "pk" and which has no sort key. Without it,
// guards live in each entity's own table.
func (w *Write) GuardTable(name string) *Write { w.guardTable = name; return w }

// uniqueValues returns, per constraint, the normalised value the item
// holds, or "" when any component is empty (empty values are not
// constrained).
func uniqueValues(meta *entity.Meta, item map[string]types.AttributeValue) map[string]string {
	out := map[string]string{}
	for _, u := range model.Of(meta).Uniques() {
		parts := make([]string, 0, len(u.Attributes))
		for _, a := range u.Attributes {
			s := scalarText(item[a])
			if u.Fold {
				s = strings.ToLower(strings.TrimSpace(s))
			}
			if s == "" {
				parts = nil
				break
			}
			parts = append(parts, escapePart(s))
		}
		if parts != nil {
			out[u.Name] = strings.Join(parts, "#")
		}
	}
	return out
}

func scalarText(v types.AttributeValue) string {
	switch x := v.(type) {
	case *types.AttributeValueMemberS:
		return x.Value
	case *types.AttributeValueMemberN:
		return x.Value
	case *types.AttributeValueMemberB:
		return hex.EncodeToString(x.Value)
	}
	return ""
}

func escapePart(s string) string {
	if !strings.ContainsAny(s, `#\`) {
		return s
	}
	return strings.NewReplacer(`\`, `\\`, `#`, `\#`).Replace(s)
}

// guardKey builds the key of the guard for one value.
func (w *Write) guardKey(meta *entity.Meta, table string, constraint, value string) (string, map[string]types.AttributeValue, error) {
	id := "UNIQUE#" + meta.TypeName() + "#" + escapePart(constraint) + "#" + value
	if len(id) > keyrules.MaxPartitionValueBytes {
		return "", nil, &entity.InputError{Table: table, Attribute: constraint, Rule: entity.RuleInvalidKey, Err: &errs.InputError{Table: table, Attribute: constraint, Rule: keys.RuleKeyValueTooLarge, Detail: fmt.Sprintf("the guard key of unique constraint %s is %d bytes, at most %d", constraint, len(id), keyrules.MaxPartitionValueBytes)}}
	}
	if w.guardTable != "" {
		return w.guardTable, map[string]types.AttributeValue{GuardTablePartitionKey: &types.AttributeValueMemberS{Value: id}}, nil
	}
	pk := meta.PrimaryKey()
	key := map[string]types.AttributeValue{}
	for i, a := range keyrules.All(pk) {
		if a.Type != types.ScalarAttributeTypeS {
			e := refuse("txn.Create", RuleGuardKey, "%s has a %s key attribute %s: guard items need string keys; use Write.GuardTable", table, a.Type, a.Name)
			e.Table, e.Attribute = table, a.Name
			return "", nil, e
		}
		if i == 0 {
			key[a.Name] = &types.AttributeValueMemberS{Value: id}
		} else {
			key[a.Name] = &types.AttributeValueMemberS{Value: "UNIQUE"}
		}
	}
	return table, key, nil
}

func (w *Write) addGuardPut(meta *entity.Meta, table string, owner int, ownerKey map[string]types.AttributeValue, constraint, value string) {
	gt, key, err := w.guardKey(meta, table, constraint, value)
	if err != nil {
		w.fail(err)
		return
	}
	item := map[string]types.AttributeValue{
		entity.TypeAttribute:     &types.AttributeValueMemberS{Value: GuardType},
		GuardOwnerAttribute:      &types.AttributeValueMemberS{Value: itemID(table, ownerKey)},
		GuardConstraintAttribute: &types.AttributeValueMemberS{Value: constraint},
		GuardValueAttribute:      &types.AttributeValueMemberS{Value: value},
	}
	for k, v := range key {
		item[k] = v
	}
	// Conditions the library writes itself always render.
	expr, names, _, _ := exprpool.Condition(nil, cond.Name(partitionName(key)).NotExists())
	w.add(op{
		kind: KindGuardPut, table: gt, entity: meta.TypeName(), key: key, guard: true, owner: owner,
		constraint: constraint, value: value,
		item: types.TransactWriteItem{Put: &types.Put{
			TableName: aws.String(gt), Item: item, ConditionExpression: aws.String(expr),
			ExpressionAttributeNames: names, ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
		}},
	})
}

func (w *Write) addGuardDelete(meta *entity.Meta, table string, owner int, ownerKey map[string]types.AttributeValue, constraint, value string) {
	gt, key, err := w.guardKey(meta, table, constraint, value)
	if err != nil {
		w.fail(err)
		return
	}
	// Only the owner's guard is removed: a guard that now belongs to
	// someone else (or is gone) cancels the transaction.
	expr, names, values, _ := exprpool.Condition(nil, cond.Name(GuardOwnerAttribute).Eq(itemID(table, ownerKey)))
	w.add(op{
		kind: KindGuardDelete, table: gt, entity: meta.TypeName(), key: key, guard: true, owner: owner,
		constraint: constraint, value: value,
		item: types.TransactWriteItem{Delete: &types.Delete{
			TableName: aws.String(gt), Key: key, ConditionExpression: aws.String(expr),
			ExpressionAttributeNames: names, ExpressionAttributeValues: values,
			ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
		}},
	})
}

func partitionName(key map[string]types.AttributeValue) string {
	if _, ok := key[GuardTablePartitionKey]; ok && len(key) == 1 {
		return GuardTablePartitionKey
	}
	// The guard's partition attribute is the one not holding "UNIQUE".
	for k, v := range key {
		if s, ok := v.(*types.AttributeValueMemberS); ok && s.Value != "UNIQUE" {
			return k
		}
	}
	for k := range key {
		return k
	}
	return ""
}

// Create adds a Create of item (it must not exist yet) and, for each of
// its unique constraints, a guard that must not exist yet either. A taken
// value cancels the transaction with an error matching ErrUniqueViolation
// whose Violation names the constraint and the value.
func Create[T any](w *Write, table *entity.Table[T], item *T) Op {
	mustWrite(w, "txn.Create")
	o := putOp(w, table, item, true, model.WriteOpts{})
	if o.index < 0 {
		return o
	}
	main := w.ops[o.index]
	values := uniqueValues(table.Meta(), main.item.Put.Item)
	for _, u := range model.Of(table.Meta()).Uniques() {
		if v, ok := values[u.Name]; ok {
			w.addGuardPut(table.Meta(), table.Name(), o.index, main.key, u.Name, v)
		}
	}
	return o
}

// Replace writes next over old, an item read earlier with the same key:
// the item is put on condition that its unique values (and lock version)
// are still old's, and for every unique value that changes, old's guard is
// deleted and a guard for the new value is put.
func Replace[T any](w *Write, table *entity.Table[T], old, next *T) Op {
	mustWrite(w, "txn.Replace")
	if w.err != nil {
		return Op{w: w, index: -1}
	}
	if err := argcheck.Table("txn.Replace", table); err != nil {
		return w.fail(err)
	}
	meta := table.Meta()
	oldItem, err := model.Of(meta).Marshal(old)
	if err != nil {
		return w.fail(err)
	}
	oldValues := uniqueValues(meta, oldItem)
	var guards []cond.Expr
	for _, u := range model.Of(meta).Uniques() {
		for _, a := range u.Attributes {
			if v, ok := oldItem[a]; ok {
				guards = append(guards, cond.Name(a).Eq(v))
			} else {
				guards = append(guards, cond.Name(a).NotExists())
			}
		}
	}
	o := putOp(w, table, next, false, model.WriteOpts{Cond: cond.And(guards...)})
	if o.index < 0 {
		return o
	}
	main := w.ops[o.index]
	if !itemid.Same(table.Name(), model.Of(meta).KeyOf(oldItem), main.table, main.key) {
		return w.fail(refuse("txn.Replace", RuleNotAllowed, "Replace with a different key (%s → %s)", model.FormatKey(model.Of(meta).KeyOf(oldItem)), model.FormatKey(main.key)))
	}
	newValues := uniqueValues(meta, main.item.Put.Item)
	for _, u := range model.Of(meta).Uniques() {
		ov, hadOld := oldValues[u.Name]
		nv, hasNew := newValues[u.Name]
		if hadOld && hasNew && ov == nv {
			continue
		}
		if hadOld {
			w.addGuardDelete(meta, table.Name(), o.index, main.key, u.Name, ov)
		}
		if hasNew {
			w.addGuardPut(meta, table.Name(), o.index, main.key, u.Name, nv)
		}
	}
	return o
}

// DeleteItem deletes item (as read earlier) and its guard items, on
// condition that its unique values are still item's.
func DeleteItem[T any](w *Write, table *entity.Table[T], item *T) Op {
	mustWrite(w, "txn.DeleteItem")
	if w.err != nil {
		return Op{w: w, index: -1}
	}
	if err := argcheck.Table("txn.DeleteItem", table); err != nil {
		return w.fail(err)
	}
	meta := table.Meta()
	raw, err := model.Of(meta).Marshal(item)
	if err != nil {
		return w.fail(err)
	}
	key := model.Of(meta).KeyOf(raw)
	var conds []cond.Expr
	for _, u := range model.Of(meta).Uniques() {
		for _, a := range u.Attributes {
			if v, ok := raw[a]; ok {
				conds = append(conds, cond.Name(a).Eq(v))
			}
		}
	}
	opts := model.WriteOpts{Cond: cond.And(conds...)}
	if lock, ok := model.Of(meta).LockAttribute(); ok {
		if n, ok := raw[lock.Name].(*types.AttributeValueMemberN); ok {
			v, err := strconv.ParseInt(n.Value, 10, 64)
			if err != nil {
				return w.fail(err)
			}
			opts.Version = &v
		}
	}
	var k entity.Key
	pk := keyrules.All(meta.PrimaryKey())
	if len(pk) == 2 {
		k = entity.NewKey(key[pk[0].Name], key[pk[1].Name])
	} else {
		k = entity.NewKey(key[pk[0].Name])
	}
	o := deleteOp(w, table, k, opts, false)
	if o.index < 0 {
		return o
	}
	values := uniqueValues(meta, raw)
	for _, u := range model.Of(meta).Uniques() {
		if v, ok := values[u.Name]; ok {
			w.addGuardDelete(meta, table.Name(), o.index, key, u.Name, v)
		}
	}
	return o
}
