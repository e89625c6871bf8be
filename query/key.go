package query

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/expr"
	"github.com/dynamodel/dynamodel/internal/keyrules"
	"github.com/dynamodel/dynamodel/keys"
)

// KeyCondition constrains one key attribute of the table or index queried.
// It is a different type from a filter (cond.Expr) on purpose: a key
// condition can only be one of the operators DynamoDB allows on keys, so a
// filter can never silently become a key condition or the reverse. Build it
// from an Attr.
type KeyCondition struct {
	attr   string
	op     keyrules.Op
	values [2]any
}

// Attr names an attribute of the key of the table or index queried, to
// build a KeyCondition: query.Attr("warehouseId").Eq("w-1"). (It names an
// attribute; an entity.Key is a key's value.)
//
// How the values given to its methods are encoded: a value of the
// attribute's Go type (or one convertible to it without loss) is encoded
// as the attribute is stored, so a time.Time is written in the attribute's
// declared layout (keys.TimeLayout, fixed-width UTC, unless the field says
// otherwise) and compares as stored items do, whatever its zone. A string
// (or []byte, or number) is sent as given: only its DynamoDB type (S, N or
// B) is checked against the attribute's, never its text. That is what a
// BeginsWith prefix needs ("2025-05" for May 2025), but it means a string
// compared with a time attribute must be written in the stored layout:
// Eq("2025-05-02T10:00:00Z") never matches a key stored as
// "2025-05-02T10:00:00.000000000Z". Give the time.Time, or format it with
// keys.FormatTime.
type Attr string

// Eq is attribute = v: the only operator for partition attributes. v is
// encoded as Attr describes (a time.Time in the stored layout, a string as
// given).
func (a Attr) Eq(v any) KeyCondition { return KeyCondition{string(a), keyrules.Equal, [2]any{v}} }

// Lt is attribute < v (the last sort attribute constrained only). Like
// every method of Attr, it encodes v as Attr describes: a time.Time in the
// attribute's stored layout, a string as given.
func (a Attr) Lt(v any) KeyCondition { return KeyCondition{string(a), keyrules.Less, [2]any{v}} }

// Le is attribute <= v (the last sort attribute constrained only).
func (a Attr) Le(v any) KeyCondition { return KeyCondition{string(a), keyrules.LessOrEqual, [2]any{v}} }

// Gt is attribute > v (the last sort attribute constrained only).
func (a Attr) Gt(v any) KeyCondition { return KeyCondition{string(a), keyrules.Greater, [2]any{v}} }

// Ge is attribute >= v (the last sort attribute constrained only).
func (a Attr) Ge(v any) KeyCondition {
	return KeyCondition{string(a), keyrules.GreaterOrEqual, [2]any{v}}
}

// Between is attribute BETWEEN lo AND hi, both ends included (the last sort
// attribute constrained only).
func (a Attr) Between(lo, hi any) KeyCondition {
	return KeyCondition{string(a), keyrules.Between, [2]any{lo, hi}}
}

// BeginsWith is begins_with(attribute, prefix), for S and B sort attributes
// (the last one constrained only). The prefix is sent as given: for a time
// attribute, a leading part of its stored layout ("2025-05" for keys.TimeLayout).
func (a Attr) BeginsWith(prefix any) KeyCondition {
	return KeyCondition{string(a), keyrules.BeginsWith, [2]any{prefix}}
}

// renderKeyCondition renders checked conditions on schema s through b, in
// schema order (the order DynamoDB documents).
func renderKeyCondition(b *expr.Builder, s keys.Schema, conds []KeyCondition) (string, error) {
	kc := make([]byte, 0, 96)
	sortStart := len(s.Partition)
	for i := 0; i < keyrules.Len(s); i++ {
		a := keyrules.At(s, i)
		c, ok := findCond(conds, a.Name)
		if !ok {
			continue
		}
		if len(kc) > 0 {
			kc = append(kc, " AND "...)
		}
		name := b.Name(a.Name)
		nvals := 1 // the values of the condition, in text order
		if c.op == keyrules.Between {
			nvals = 2
		}
		var ph [2]string
		for j := 0; j < nvals; j++ {
			av, err := keyValue(b, s, a, i >= sortStart, c.values[j])
			if err != nil {
				return "", err
			}
			ph[j] = b.RawValue(av)
		}
		switch c.op {
		case keyrules.Between:
			kc = append(kc, name...)
			kc = append(kc, " BETWEEN "...)
			kc = append(kc, ph[0]...)
			kc = append(kc, " AND "...)
			kc = append(kc, ph[1]...)
		case keyrules.BeginsWith:
			kc = append(kc, "begins_with("...)
			kc = append(kc, name...)
			kc = append(kc, ", "...)
			kc = append(kc, ph[0]...)
			kc = append(kc, ')')
		default:
			kc = append(kc, name...)
			kc = append(kc, ' ')
			kc = append(kc, c.op.String()...)
			kc = append(kc, ' ')
			kc = append(kc, ph[0]...)
		}
	}
	return string(kc), nil
}

// keyValue encodes one key-condition value as attribute a of schema s
// stores it, through b's ValueEncoder (the model) with attributevalue's
// rules as the fallback, and checks it against the key's type.
func keyValue(b *expr.Builder, s keys.Schema, a keys.Attribute, sort bool, v any) (types.AttributeValue, error) {
	av, err := b.Encode(expr.Name(a.Name), v)
	if err != nil { // an *errs.InputError naming the attribute and the rule
		var ie *errs.InputError
		if errors.As(err, &ie) {
			ie.Index = s.Index
		}
		return nil, err
	}
	if err := keyrules.CheckValue(a, sort, av); err != nil {
		err.Index = s.Index
		return nil, err
	}
	return av, nil
}

// checkFilterKeys refuses a filter on a key attribute of s, which
// DynamoDB refuses in a Query.
func checkFilterKeys(op, table string, filter cond.Expr, s keys.Schema) error {
	if !expr.Expr(filter).HasPathRoot(func(root string) bool { return keyrules.Has(s, root) }) {
		return nil
	}
	for _, p := range expr.Expr(filter).Paths() { // only to name it
		if keyrules.Has(s, p.Root()) {
			e := refuse(op, RuleFilterOnKey, "%s is a key attribute of the index queried (DynamoDB refuses it in a filter; use a key condition)", p.Root())
			e.Table, e.Index, e.Attribute = table, s.Index, p.Root()
			return e
		}
	}
	return nil
}

// queryBinding is what a cursor of a Query is bound to: the table, the
// index, what is read (source: an entity type, or a collection's marker
// and entity types), and the key condition — its text and the names and
// values it refers to, which determine it exactly. It is computed only when
// a cursor is read or written.
func queryBinding(in *dynamodb.QueryInput, source ...string) [bindingLen]byte {
	parts := make([][]byte, 0, 12) // grows past it only for large collections
	parts = append(parts, []byte(aws.ToString(in.TableName)), []byte(aws.ToString(in.IndexName)))
	for _, s := range source {
		parts = append(parts, []byte(s))
	}
	kc := aws.ToString(in.KeyConditionExpression)
	parts = append(parts, []byte(kc))
	for i := 0; i < len(kc); i++ {
		if kc[i] != '#' && kc[i] != ':' {
			continue
		}
		j := i + 1
		for j < len(kc) && (kc[j] >= '0' && kc[j] <= '9' || kc[j] >= 'a' && kc[j] <= 'z' || kc[j] >= 'A' && kc[j] <= 'Z') {
			j++
		}
		ph := kc[i:j]
		if kc[i] == '#' {
			parts = append(parts, []byte(in.ExpressionAttributeNames[ph]))
		} else if b, err := appendAV(nil, in.ExpressionAttributeValues[ph]); err == nil {
			parts = append(parts, b)
		}
		i = j - 1
	}
	return bindingOf(parts...)
}

func findCond(cs []KeyCondition, attr string) (KeyCondition, bool) {
	for _, c := range cs {
		if c.attr == attr {
			return c, true
		}
	}
	return KeyCondition{}, false
}
