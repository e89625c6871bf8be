// Package typerule is the one rule for "is this stored item of this entity
// type": an item is an entity's when its type attribute (_t) names the
// entity, or when it has none and the entity claims untyped items (all of
// them, or those whose key begins with a prefix). Reads (entity decoding,
// collection dispatch), scan filters, update conditions and the checks that
// several entities of one table do not claim the same untyped items all
// use it, so they cannot disagree.
package typerule

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
)

// TypeAttribute is the attribute holding the entity type. It is the same
// name as entity.TypeAttribute, which cannot be imported from here.
const TypeAttribute = "_t"

// Model is what the rule needs of an entity model; *entity.Meta has it.
type Model interface {
	TypeName() string
	StampsType() bool
	Untyped() (attribute, prefix string, ok bool)
}

// Rule says which stored items an entity reads as its own.
type Rule struct {
	// Type is the entity type name stored in _t.
	Type string
	// Checked: items are told apart by _t (the model declares type=).
	// A rule that is not checked owns every item.
	Checked bool
	// Untyped: items without _t are the entity's too, when Attribute is
	// "" or the item's Attribute (a string key attribute) begins with
	// Prefix.
	Untyped           bool
	Attribute, Prefix string
}

// Of is the rule of model m.
func Of(m Model) Rule {
	r := Rule{Type: m.TypeName(), Checked: m.StampsType()}
	r.Attribute, r.Prefix, r.Untyped = m.Untyped()
	return r
}

// ClaimsUntyped reports whether item, which has no _t, is the entity's.
func (r Rule) ClaimsUntyped(item map[string]types.AttributeValue) bool {
	if !r.Untyped {
		return false
	}
	if r.Attribute == "" {
		return true
	}
	s, ok := item[r.Attribute].(*types.AttributeValueMemberS)
	return ok && strings.HasPrefix(s.Value, r.Prefix)
}

// Check reports whether item is the entity's; found is the item's type
// ("" when it has none or it is not a string), for messages.
func (r Rule) Check(item map[string]types.AttributeValue) (found string, ok bool) {
	if !r.Checked {
		return "", true
	}
	switch t := item[TypeAttribute].(type) {
	case nil:
		return "", r.ClaimsUntyped(item)
	case *types.AttributeValueMemberS:
		return t.Value, t.Value == r.Type
	default:
		return "", false
	}
}

// Filter is the condition, for a Scan's filter, that keeps the entity's
// items; it is zero for a rule that is not checked.
func (r Rule) Filter() cond.Expr {
	if !r.Checked {
		return cond.Expr{}
	}
	typed := cond.Name(TypeAttribute).Eq(r.Type)
	if !r.Untyped {
		return typed
	}
	untyped := cond.Name(TypeAttribute).NotExists()
	if r.Attribute != "" {
		untyped = untyped.And(cond.Name(r.Attribute).BeginsWith(r.Prefix))
	}
	return cond.Or(typed, untyped)
}

// Describe renders the untyped claim for messages, as the tag declares it.
func (r Rule) Describe() string {
	if r.Attribute == "" {
		return "untyped=all"
	}
	return fmt.Sprintf("untyped=begins_with(%s,%s)", r.Attribute, r.Prefix)
}

// Overlaps reports whether one untyped item could be claimed by both r and
// o. Claims on different attributes may both hold for one item, so they
// overlap; claims on one attribute overlap when one prefix begins with the
// other.
func (r Rule) Overlaps(o Rule) bool {
	if !r.Checked || !o.Checked || !r.Untyped || !o.Untyped {
		return false
	}
	if r.Attribute == "" || o.Attribute == "" || r.Attribute != o.Attribute {
		return true
	}
	return strings.HasPrefix(r.Prefix, o.Prefix) || strings.HasPrefix(o.Prefix, r.Prefix)
}

// Conflict checks that no untyped item is claimed by two of the models
// (which share a table); the error names both claims.
func Conflict(models ...Model) error {
	rules := make([]Rule, len(models))
	for i, m := range models {
		rules[i] = Of(m)
	}
	for i := range rules {
		for j := i + 1; j < len(rules); j++ {
			if rules[i].Overlaps(rules[j]) {
				return fmt.Errorf("%s (%s) and %s (%s) both claim items without %s; only one entity may own each untyped item",
					rules[i].Type, rules[i].Describe(), rules[j].Type, rules[j].Describe(), TypeAttribute)
			}
		}
	}
	return nil
}
