package model

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/keyrules"
	"github.com/dynamodel/dynamodel/internal/typerule"
	"github.com/dynamodel/dynamodel/keys"
)

// This file holds what lets a model take over a table that other code
// wrote: items without the entity type attribute, and key times stored in
// attributevalue's RFC 3339 text.

// untypedClaim is the untyped= option of the Model tag: items without _t
// that the entity reads as its own.
type untypedClaim struct {
	claimed bool
	// attribute and prefix: only untyped items whose attribute begins
	// with prefix; attribute "" claims every untyped item.
	attribute, prefix string
}

// parseUntyped reads the value of untyped=: "all", or
// "begins_with(attribute,prefix)".
func parseUntyped(val string) (untypedClaim, error) {
	if val == "all" {
		return untypedClaim{claimed: true}, nil
	}
	inner, ok := strings.CutPrefix(val, "begins_with(")
	if !ok || !strings.HasSuffix(inner, ")") {
		return untypedClaim{}, fmt.Errorf("untyped wants untyped=all or untyped=begins_with(attribute,prefix)")
	}
	attr, prefix, ok := strings.Cut(strings.TrimSuffix(inner, ")"), ",")
	attr, prefix = strings.TrimSpace(attr), strings.TrimSpace(prefix)
	if !ok || attr == "" || prefix == "" {
		return untypedClaim{}, fmt.Errorf("untyped=begins_with wants an attribute and a non-empty prefix, as in begins_with(sk,ORDER#)")
	}
	return untypedClaim{claimed: true, attribute: attr, prefix: prefix}, nil
}

// checkUntyped checks the untyped= claim against the built model: it needs
// type= (without it no item is checked, so there is nothing to claim), and a
// prefix rule must test a string attribute of the primary key, which every
// item has and every read of the item returns.
func (m *Meta) checkUntyped(c untypedClaim) error {
	if !c.claimed {
		return nil
	}
	if !m.stamp {
		return fmt.Errorf("untyped= needs type=: without an entity type no item is checked, so every item is already read")
	}
	if c.attribute == "" {
		return nil
	}
	for _, a := range keyrules.All(m.primary) {
		if a.Name != c.attribute {
			continue
		}
		if a.Type != types.ScalarAttributeTypeS {
			return fmt.Errorf("untyped=begins_with(%s,…): %s is of type %s; a prefix needs a string key attribute", c.attribute, c.attribute, a.Type)
		}
		return nil
	}
	return fmt.Errorf("untyped=begins_with(%s,…): %s is not an attribute of the primary key", c.attribute, c.attribute)
}

// Untyped reports whether the model reads stored items that have no entity
// type attribute (_t) as its own, as the Model tag's untyped= option
// declares: all of them when attribute is "" (untyped=all), else those
// whose attribute (a string attribute of the primary key) begins with
// prefix (untyped=begins_with(attribute,prefix)).
func (m *Meta) Untyped() (attribute, prefix string, ok bool) {
	return m.untyped.attribute, m.untyped.prefix, m.untyped.claimed
}

// checkType is the entity-type check of a read: the item's _t must be the
// model's type, or the item must have none and be claimed by untyped=.
func (m *Meta) checkType(raw map[string]types.AttributeValue) error {
	found, ok := typerule.Of(m).Check(raw)
	switch {
	case ok:
		return nil
	case found == "":
		if _, present := raw[TypeAttribute]; !present && m.untyped.claimed {
			return fmt.Errorf("%w: want %s, the item has no entity type and its %s does not begin with %q (untyped=begins_with)", ErrEntityType, m.typeName, m.untyped.attribute, m.untyped.prefix)
		}
		return fmt.Errorf("%w: want %s, the item has no entity type (to read such items as %s's, claim them with untyped=all or untyped=begins_with(attr,PREFIX) in its entity.Model tag)", ErrEntityType, m.typeName, m.typeName)
	default:
		return fmt.Errorf("%w: want %s, got %s", ErrEntityType, m.typeName, found)
	}
}

// Stored formats of a time.Time key attribute (the ddb tag's timeformat=).
const (
	// timeFormatFixed is keys.TimeLayout: fixed-width UTC, whose string
	// order is time order. The default.
	timeFormatFixed = "fixed"
	// timeFormatRFC3339 is what attributevalue.MarshalMap and
	// guregu/dynamo write: time.RFC3339Nano in the value's own zone,
	// trailing fractional zeros dropped. Its string order is not time
	// order.
	timeFormatRFC3339 = "rfc3339"
)

// keyTimeFixed decides whether a key attribute is stored in keys.TimeLayout,
// and refuses a timeformat= that would mean nothing.
func keyTimeFixed(f structField, roles fieldRoles, isKey bool) (bool, error) {
	isTimeField := isTime(derefType(f.typ))
	if roles.timeFormat != "" {
		switch {
		case !isTimeField:
			return false, fmt.Errorf("timeformat applies to time.Time fields, not %s", f.typ)
		case !isKey:
			return false, fmt.Errorf("timeformat applies to key attributes; other times are stored as attributevalue stores them (RFC 3339) already")
		case f.tag.opts.unixTime:
			return false, fmt.Errorf("timeformat with unixtime: unixtime stores epoch seconds, a number")
		}
	}
	return isKey && isTimeField && !f.tag.opts.unixTime && roles.timeFormat != timeFormatRFC3339, nil
}

// storedAsRFC3339 reports whether attribute a is a key time stored as
// RFC 3339 text (timeformat=rfc3339).
func (a *Attribute) storedAsRFC3339() bool {
	return a.KeyType == types.ScalarAttributeTypeS && isTime(derefType(a.GoType)) && !a.opts.keyTime
}

// rfc3339SortWarnings warns about each sort key stored as RFC 3339 text:
// DynamoDB orders and compares it as a string, which is not time order.
func (m *Meta) rfc3339SortWarnings() {
	for _, s := range m.keySchemas() {
		for _, ka := range s.Sort {
			a := &m.attrs[m.byName[ka.Name]]
			if !a.storedAsRFC3339() {
				continue
			}
			where := "the table's sort key"
			if s.Kind != keys.Primary {
				where = "a sort key of index " + s.Index
			}
			m.warnings = append(m.warnings, fmt.Sprintf("%s (timeformat=rfc3339) is %s: RFC 3339 text has variable width and keeps the writer's zone, so items sort and range conditions compare as text, not as time (12:00:00.5Z sorts before 12:00:00Z)", a.GoName, where))
		}
	}
}

// keySchemas lists the primary key and every index's key.
func (m *Meta) keySchemas() []keys.Schema {
	out := []keys.Schema{m.primary}
	for _, ix := range m.indexes {
		out = append(out, ix.Schema)
	}
	return out
}

var _ typerule.Model = (*Meta)(nil)
