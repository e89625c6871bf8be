package keys

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/number"
)

// Op is an operator DynamoDB accepts in a key condition.
type Op uint8

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

// Sentinel errors for key conditions DynamoDB would refuse. CheckConditions
// wraps them in a *ConditionError naming the index and the attribute.
var (
	ErrPartitionMissing     = errors.New("every partition attribute needs an equality condition")
	ErrPartitionNotEqual    = errors.New("partition attributes take only =")
	ErrSortGap              = errors.New("sort attributes must be constrained left to right without gaps")
	ErrRangeNotLast         = errors.New("only the last constrained sort attribute may take a range operator")
	ErrBeginsWithNumber     = errors.New("begins_with does not apply to number attributes")
	ErrNotKeyAttribute      = errors.New("not a key attribute of this index")
	ErrDuplicateCondition   = errors.New("more than one condition on the same key attribute")
	ErrUnsupportedOperator  = errors.New("operator not allowed in a key condition")
	ErrNoConditions         = errors.New("a key condition needs the partition attributes")
	ErrInvalidKeyValue      = errors.New("invalid key value")
	ErrKeyValueTypeMismatch = errors.New("key value has the wrong type")
	ErrKeyValueTooLarge     = errors.New("key value too large")
	ErrEmptyKeyValue        = errors.New("key values cannot be empty")
)

// ConditionError reports a key condition that breaks DynamoDB's rules for
// the index it targets. Err is one of the sentinels above.
type ConditionError struct {
	Index     string // empty for the base table
	Attribute string
	Err       error
}

func (e *ConditionError) Error() string {
	var b strings.Builder
	b.WriteString("keys: key condition on ")
	if e.Index == "" {
		b.WriteString("table")
	} else {
		b.WriteString("index ")
		b.WriteString(e.Index)
	}
	if e.Attribute != "" {
		b.WriteString(", attribute ")
		b.WriteString(e.Attribute)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *ConditionError) Unwrap() error { return e.Err }

// CheckConditions applies DynamoDB's key-condition rules for this schema:
// every partition attribute with =; sort attributes constrained as a
// left-to-right prefix with no gaps; a range operator (including
// begins_with) only on the last one constrained; begins_with only on S or B.
// The order of conds does not matter; what matters is which positions are
// constrained.
func (s Schema) CheckConditions(conds []Condition) error {
	fail := func(attr string, err error) error {
		return &ConditionError{Index: s.Index, Attribute: attr, Err: err}
	}
	if len(conds) == 0 {
		return fail("", ErrNoConditions)
	}
	// A bitmask per side is enough: at most 4 attributes each.
	var partSeen, sortSeen uint8
	sortOps := [MaxSortAttributes]Op{}
	for _, c := range conds {
		switch c.Op {
		case Equal, Less, LessOrEqual, Greater, GreaterOrEqual, Between, BeginsWith:
		default:
			return fail(c.Attribute, ErrUnsupportedOperator)
		}
		pos := s.position(c.Attribute)
		switch {
		case pos > 0:
			bit := uint8(1) << (pos - 1)
			if partSeen&bit != 0 {
				return fail(c.Attribute, ErrDuplicateCondition)
			}
			partSeen |= bit
			if c.Op != Equal {
				return fail(c.Attribute, ErrPartitionNotEqual)
			}
		case pos < 0:
			i := -pos - 1
			bit := uint8(1) << i
			if sortSeen&bit != 0 {
				return fail(c.Attribute, ErrDuplicateCondition)
			}
			sortSeen |= bit
			sortOps[i] = c.Op
			if c.Op == BeginsWith && s.Sort[i].Type == types.ScalarAttributeTypeN {
				return fail(c.Attribute, ErrBeginsWithNumber)
			}
		default:
			return fail(c.Attribute, ErrNotKeyAttribute)
		}
	}
	for i, a := range s.Partition {
		if partSeen&(1<<i) == 0 {
			return fail(a.Name, ErrPartitionMissing)
		}
	}
	// Constrained sort positions must be 0..n-1; only position n-1 may be a range.
	n := 0
	for n < len(s.Sort) && sortSeen&(1<<n) != 0 {
		n++
	}
	for i := n; i < len(s.Sort); i++ {
		if sortSeen&(1<<i) != 0 {
			return fail(s.Sort[i].Name, fmt.Errorf("%w (%s is constrained but %s is not)", ErrSortGap, s.Sort[i].Name, s.Sort[n].Name))
		}
	}
	for i := 0; i < n-1; i++ {
		if sortOps[i].IsRange() {
			return fail(s.Sort[i].Name, fmt.Errorf("%w (%s uses %s and %s follows)", ErrRangeNotLast, s.Sort[i].Name, sortOps[i], s.Sort[i+1].Name))
		}
	}
	return nil
}

// CheckValue checks one encoded key value for attribute a: the declared type,
// not empty, within DynamoDB's size limit for its role, and for a number one
// DynamoDB accepts (an error then matching ErrInvalidKeyValue and
// cond.ErrInvalidNumber).
func CheckValue(a Attribute, sort bool, v types.AttributeValue) error {
	fail := func(err error) error { return &ConditionError{Attribute: a.Name, Err: err} }
	got := TypeOf(v)
	if got == "" || got != a.Type {
		return fail(fmt.Errorf("%w: want %s, got %s", ErrKeyValueTypeMismatch, a.Type, describe(v)))
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
		return fail(ErrEmptyKeyValue)
	}
	limit := MaxPartitionValueBytes
	if sort {
		limit = MaxSortValueBytes
	}
	if size > limit {
		return fail(fmt.Errorf("%w: %d bytes, at most %d", ErrKeyValueTooLarge, size, limit))
	}
	if n, ok := v.(*types.AttributeValueMemberN); ok {
		if err := number.Check(n.Value); err != nil {
			return fail(fmt.Errorf("%w: %w", ErrInvalidKeyValue, err))
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
