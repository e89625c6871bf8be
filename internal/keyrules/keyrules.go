// Package keyrules applies DynamoDB's rules for key schemas, key conditions
// and key values to a keys.Schema, so that the library refuses what
// DynamoDB would refuse before a request is sent. The schema itself is a
// plain public description (package keys); the rules are machinery the
// sibling packages share, and live here.
//
// Every refusal is an *errs.InputError with one of the keys.Rule…
// constants (or number.Rule for a number DynamoDB refuses).
package keyrules

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/number"
	"github.com/dynamodel/dynamodel/keys"
)

// Limits DynamoDB places on key schemas.
const (
	// MaxPartitionAttributes is the most HASH attributes a GSI key may have.
	MaxPartitionAttributes = 4
	// MaxSortAttributes is the most RANGE attributes a GSI key may have.
	MaxSortAttributes = 4
	// MaxPartitionValueBytes is the largest partition-key value DynamoDB accepts.
	MaxPartitionValueBytes = 2048
	// MaxSortValueBytes is the largest sort-key value DynamoDB accepts.
	MaxSortValueBytes = 1024
	// MaxKeyNameBytes is the longest name a key attribute may have.
	MaxKeyNameBytes = 255
)

// Op is an operator DynamoDB accepts in a key condition.
type Op uint8

// The key-condition operators.
const (
	Equal Op = iota + 1
	Less
	LessOrEqual
	Greater
	GreaterOrEqual
	Between
	BeginsWith
)

func (o Op) String() string {
	switch o {
	case Equal:
		return "="
	case Less:
		return "<"
	case LessOrEqual:
		return "<="
	case Greater:
		return ">"
	case GreaterOrEqual:
		return ">="
	case Between:
		return "BETWEEN"
	case BeginsWith:
		return "begins_with"
	}
	return fmt.Sprintf("Op(%d)", uint8(o))
}

// IsRange reports whether the operator selects a range rather than one value.
func (o Op) IsRange() bool { return o != Equal }

// Condition names one key attribute and the operator applied to it.
type Condition struct {
	Attribute string
	Op        Op
}

// refusal is the InputError of a key condition or value on index (empty for
// the base table).
func refusal(index, attr string, rule errs.Rule, detail string) *errs.InputError {
	return &errs.InputError{Index: index, Attribute: attr, Rule: rule, Detail: detail}
}

// CheckConditions applies DynamoDB's key-condition rules for schema s:
// every partition attribute with =; sort attributes constrained as a
// left-to-right prefix with no gaps; a range operator (including
// begins_with) only on the last one constrained; begins_with only on S or B.
// The order of conds does not matter; what matters is which positions are
// constrained. A refusal is an *errs.InputError naming the index and the
// attribute, with one of keys' key-condition rules.
func CheckConditions(s keys.Schema, conds []Condition) error {
	fail := func(attr string, rule errs.Rule, detail string) error {
		return refusal(s.Index, attr, rule, detail)
	}
	if len(conds) == 0 {
		return fail("", keys.RuleNoConditions, "a key condition needs the partition attributes")
	}
	// A bitmask per side is enough: at most 4 attributes each.
	var partSeen, sortSeen uint8
	sortOps := [MaxSortAttributes]Op{}
	for _, c := range conds {
		switch c.Op {
		case Equal, Less, LessOrEqual, Greater, GreaterOrEqual, Between, BeginsWith:
		default:
			return fail(c.Attribute, keys.RuleUnsupportedOperator, "operator "+c.Op.String()+" is not allowed in a key condition")
		}
		pos := position(s, c.Attribute)
		switch {
		case pos > 0:
			bit := uint8(1) << (pos - 1)
			if partSeen&bit != 0 {
				return fail(c.Attribute, keys.RuleDuplicateCondition, "more than one condition on the same key attribute")
			}
			partSeen |= bit
			if c.Op != Equal {
				return fail(c.Attribute, keys.RulePartitionNotEqual, "partition attributes take only =, got "+c.Op.String())
			}
		case pos < 0:
			i := -pos - 1
			bit := uint8(1) << i
			if sortSeen&bit != 0 {
				return fail(c.Attribute, keys.RuleDuplicateCondition, "more than one condition on the same key attribute")
			}
			sortSeen |= bit
			sortOps[i] = c.Op
			if c.Op == BeginsWith && s.Sort[i].Type == types.ScalarAttributeTypeN {
				return fail(c.Attribute, keys.RuleBeginsWithNumber, "begins_with does not apply to number attributes")
			}
		default:
			return fail(c.Attribute, keys.RuleNotKeyAttribute, "not a key attribute of this index")
		}
	}
	for i, a := range s.Partition {
		if partSeen&(1<<i) == 0 {
			return fail(a.Name, keys.RulePartitionMissing, "every partition attribute needs an equality condition")
		}
	}
	// Constrained sort positions must be 0..n-1; only position n-1 may be a range.
	n := 0
	for n < len(s.Sort) && sortSeen&(1<<n) != 0 {
		n++
	}
	for i := n; i < len(s.Sort); i++ {
		if sortSeen&(1<<i) != 0 {
			return fail(s.Sort[i].Name, keys.RuleSortGap, fmt.Sprintf(
				"sort attributes must be constrained left to right without gaps (%s is constrained but %s is not)", s.Sort[i].Name, s.Sort[n].Name))
		}
	}
	for i := 0; i < n-1; i++ {
		if sortOps[i].IsRange() {
			return fail(s.Sort[i].Name, keys.RuleRangeNotLast, fmt.Sprintf(
				"only the last constrained sort attribute may take a range operator (%s uses %s and %s follows)", s.Sort[i].Name, sortOps[i], s.Sort[i+1].Name))
		}
	}
	return nil
}

// CheckValue checks one encoded key value for attribute a: the declared
// type, not empty, within DynamoDB's size limit for its role (sort or
// partition), and for a number one DynamoDB accepts (number.Rule, with the
// *number.Error as the cause). A refusal is an *errs.InputError naming the
// attribute; the caller adds the index, table or call.
func CheckValue(a keys.Attribute, sort bool, v types.AttributeValue) *errs.InputError {
	got := TypeOf(v)
	if got == "" || got != a.Type {
		return refusal("", a.Name, keys.RuleKeyValueTypeMismatch, fmt.Sprintf("want %s, got %s", a.Type, describe(v)))
	}
	size := 0
	switch x := v.(type) {
	case *types.AttributeValueMemberS:
		size = len(x.Value)
	case *types.AttributeValueMemberB:
		size = len(x.Value)
	case *types.AttributeValueMemberN:
		size = len(x.Value)
	}
	if size == 0 {
		return refusal("", a.Name, keys.RuleEmptyKeyValue, "key values cannot be empty")
	}
	limit := MaxPartitionValueBytes
	if sort {
		limit = MaxSortValueBytes
	}
	if size > limit {
		return refusal("", a.Name, keys.RuleKeyValueTooLarge, fmt.Sprintf("%d bytes, at most %d", size, limit))
	}
	if n, ok := v.(*types.AttributeValueMemberN); ok {
		if err := number.Check(n.Value); err != nil {
			ie := refusal("", a.Name, number.Rule, "")
			ie.Err = err
			return ie
		}
	}
	return nil
}

func describe(v types.AttributeValue) string {
	switch v.(type) {
	case nil:
		return "nothing"
	case *types.AttributeValueMemberS:
		return "S"
	case *types.AttributeValueMemberN:
		return "N"
	case *types.AttributeValueMemberB:
		return "B"
	case *types.AttributeValueMemberBOOL:
		return "BOOL"
	case *types.AttributeValueMemberNULL:
		return "NULL"
	case *types.AttributeValueMemberL:
		return "L"
	case *types.AttributeValueMemberM:
		return "M"
	case *types.AttributeValueMemberSS:
		return "SS"
	case *types.AttributeValueMemberNS:
		return "NS"
	case *types.AttributeValueMemberBS:
		return "BS"
	}
	return fmt.Sprintf("%T", v)
}
