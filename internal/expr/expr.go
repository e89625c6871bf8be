package expr

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// MaxInOperands is the largest number of operands DynamoDB accepts in an IN list.
const MaxInOperands = 100

// AttrType is a DynamoDB attribute type, as tested by attribute_type.
type AttrType string

// The attribute types understood by attribute_type.
const (
	TypeS    AttrType = "S"
	TypeSS   AttrType = "SS"
	TypeN    AttrType = "N"
	TypeNS   AttrType = "NS"
	TypeB    AttrType = "B"
	TypeBS   AttrType = "BS"
	TypeBool AttrType = "BOOL"
	TypeNull AttrType = "NULL"
	TypeL    AttrType = "L"
	TypeM    AttrType = "M"
)

// Valid reports whether t is one of the types DynamoDB knows.
func (t AttrType) Valid() bool {
	switch t {
	case TypeS, TypeSS, TypeN, TypeNS, TypeB, TypeBS, TypeBool, TypeNull, TypeL, TypeM:
		return true
	}
	return false
}

// Expr is a condition or filter expression. Exprs are immutable values that
// can be shared and combined freely. The zero Expr means "no condition": And
// and Or ignore it, and a Builder renders it as the empty string.
//
// Building an Expr never fails; problems such as an invalid path or operand
// are reported when a Builder renders it.
type Expr struct {
	n *node
}

type kind uint8

const (
	kEq kind = iota + 1
	kNe
	kLt
	kLe
	kGt
	kGe
	kBetween
	kIn
	kExists
	kNotExists
	kType
	kBeginsWith
	kContains
	kAnd
	kOr
	kNot
)

var kindOps = [...]string{
	kEq:         "Eq",
	kNe:         "Ne",
	kLt:         "Lt",
	kLe:         "Le",
	kGt:         "Gt",
	kGe:         "Ge",
	kBetween:    "Between",
	kIn:         "In",
	kExists:     "Exists",
	kNotExists:  "NotExists",
	kType:       "HasType",
	kBeginsWith: "BeginsWith",
	kContains:   "Contains",
	kAnd:        "And",
	kOr:         "Or",
	kNot:        "Not",
}

// comparators, with the spaces around them.
var kindComparators = [...]string{
	kEq: " = ",
	kNe: " <> ",
	kLt: " < ",
	kLe: " <= ",
	kGt: " > ",
	kGe: " >= ",
}

var kindFuncs = [...]string{
	kExists:     "attribute_exists(",
	kNotExists:  "attribute_not_exists(",
	kType:       "attribute_type(",
	kBeginsWith: "begins_with(",
	kContains:   "contains(",
}

// node is one expression. Leaves have a path (the left operand, or the
// function's path) and right-hand operands, each a value, a Path or a Size.
// AND, OR and NOT have kids.
type node struct {
	kind kind
	size bool // the left operand is size(path) rather than path
	path Path
	kids []*node
	// inl holds the right-hand operands: one for comparisons and functions,
	// two for BETWEEN. For IN, inl[0] holds the []any of operands, or the
	// operand count (an int) when it is out of range.
	inl [2]any
}

// inList returns the operands of an IN node, nil when their count is out of
// range.
func (n *node) inList() []any {
	list, _ := n.inl[0].([]any)
	return list
}

func leaf(k kind, p Path, size bool) *node {
	return &node{kind: k, path: p, size: size}
}

func cmp1(k kind, p Path, size bool, v any) Expr {
	return Expr{&node{kind: k, path: p, size: size, inl: [2]any{Operand(v)}}}
}

func between(p Path, size bool, lo, hi any) Expr {
	return Expr{&node{kind: kBetween, path: p, size: size, inl: [2]any{Operand(lo), Operand(hi)}}}
}

// Operand turns an operand as a user of package cond gave it into one of
// this package: cond's Path, Size, Expr and AttrType (and pointers to
// them, mistakes reported when rendered) are defined on this package's
// types, which it cannot name here without an import cycle. cond sets it
// in its bridge.go; without cond, operands are used as they are.
var Operand = func(v any) any { return v }

// Eq is the condition p = v. v is a value, another Path (comparing two
// attributes) or a Size.
func (p Path) Eq(v any) Expr { return cmp1(kEq, p, false, v) }

// Ne is the condition p <> v.
func (p Path) Ne(v any) Expr { return cmp1(kNe, p, false, v) }

// Lt is the condition p < v.
func (p Path) Lt(v any) Expr { return cmp1(kLt, p, false, v) }

// Le is the condition p <= v.
func (p Path) Le(v any) Expr { return cmp1(kLe, p, false, v) }

// Gt is the condition p > v.
func (p Path) Gt(v any) Expr { return cmp1(kGt, p, false, v) }

// Ge is the condition p >= v.
func (p Path) Ge(v any) Expr { return cmp1(kGe, p, false, v) }

// Between is the condition p BETWEEN lo AND hi (both bounds inclusive).
func (p Path) Between(lo, hi any) Expr { return between(p, false, lo, hi) }

// In is the condition p IN (values...). It needs 1 to MaxInOperands
// operands; otherwise rendering fails with RuleTooManyOperands.
func (p Path) In(values ...any) Expr {
	nd := &node{kind: kIn, path: p}
	if len(values) > 0 && len(values) <= MaxInOperands {
		list := make([]any, len(values))
		for i, v := range values {
			list[i] = Operand(v)
		}
		nd.inl[0] = list
	} else {
		// Keep the count for the error message, not the operands.
		nd.inl[0] = len(values)
	}
	return Expr{nd}
}

// Exists is the condition attribute_exists(p).
func (p Path) Exists() Expr { return Expr{leaf(kExists, p, false)} }

// NotExists is the condition attribute_not_exists(p).
func (p Path) NotExists() Expr { return Expr{leaf(kNotExists, p, false)} }

// HasType is the condition attribute_type(p, t).
func (p Path) HasType(t AttrType) Expr { return cmp1(kType, p, false, t) }

// BeginsWith is the condition begins_with(p, prefix). prefix must be a string
// or a []byte (or a type whose underlying type is one of these).
func (p Path) BeginsWith(prefix any) Expr { return cmp1(kBeginsWith, p, false, prefix) }

// Contains is the condition contains(p, v): p is a string containing the
// substring v, or a set or list containing the element v. v may also be a
// Path.
func (p Path) Contains(v any) Expr { return cmp1(kContains, p, false, v) }

// Size is the operand size(path). It can be compared to values, paths and
// other sizes.
type Size struct {
	p Path
}

// Size returns the operand size(p).
func (p Path) Size() Size { return Size{p} }

// Path returns the path whose size is taken.
func (s Size) Path() Path { return s.p }

// Eq is the condition size(path) = v.
func (s Size) Eq(v any) Expr { return cmp1(kEq, s.p, true, v) }

// Ne is the condition size(path) <> v.
func (s Size) Ne(v any) Expr { return cmp1(kNe, s.p, true, v) }

// Lt is the condition size(path) < v.
func (s Size) Lt(v any) Expr { return cmp1(kLt, s.p, true, v) }

// Le is the condition size(path) <= v.
func (s Size) Le(v any) Expr { return cmp1(kLe, s.p, true, v) }

// Gt is the condition size(path) > v.
func (s Size) Gt(v any) Expr { return cmp1(kGt, s.p, true, v) }

// Ge is the condition size(path) >= v.
func (s Size) Ge(v any) Expr { return cmp1(kGe, s.p, true, v) }

// Between is the condition size(path) BETWEEN lo AND hi.
func (s Size) Between(lo, hi any) Expr { return between(s.p, true, lo, hi) }

// exprType is Expr and the types defined on it (cond.Expr): And and Or
// take a list of either without copying it.
type exprType interface{ ~struct{ n *node } }

// And combines exprs with AND. Zero Exprs are ignored; with nothing left the
// result is the zero Expr, and a single remaining Expr is returned as is.
// Nested ANDs are flattened.
func And[E exprType](exprs ...E) E { return E(combine(kAnd, nil, exprs)) }

// Or combines exprs with OR, with the same rules as And.
func Or[E exprType](exprs ...E) E { return E(combine(kOr, nil, exprs)) }

// AndWith returns And(first, others...).
func AndWith[E exprType](first E, others []E) E {
	return E(combine(kAnd, Expr(first).n, others))
}

// OrWith returns Or(first, others...).
func OrWith[E exprType](first E, others []E) E {
	return E(combine(kOr, Expr(first).n, others))
}

// And returns And(e, others...).
func (e Expr) And(others ...Expr) Expr { return AndWith(e, others) }

// Or returns Or(e, others...).
func (e Expr) Or(others ...Expr) Expr { return OrWith(e, others) }

// Not negates e. Not of the zero Expr is the zero Expr.
func Not(e Expr) Expr {
	if e.n == nil {
		return e
	}
	nd := &node{kind: kNot}
	nd.kids = []*node{e.n}
	return Expr{nd}
}

func combine[E exprType](k kind, first *node, exprs []E) Expr {
	num, total := 0, 0
	var only *node
	if first != nil {
		num, total, only = 1, kidCount(k, first), first
	}
	for _, x := range exprs {
		if e := Expr(x); e.n != nil {
			num++
			total += kidCount(k, e.n)
			only = e.n
		}
	}
	switch num {
	case 0:
		return Expr{}
	case 1:
		return Expr{only}
	}
	nd := newCombination(k, total)
	kids := nd.kids
	if first != nil {
		kids = appendKid(kids, k, first)
	}
	for _, x := range exprs {
		if e := Expr(x); e.n != nil {
			kids = appendKid(kids, k, e.n)
		}
	}
	nd.kids = kids
	return Expr{nd}
}

// newCombination allocates an AND or OR node with room for n kids, together
// with its kids array when n is small.
func newCombination(k kind, n int) *node {
	var nd *node
	switch {
	case n <= 2:
		x := new(struct {
			n node
			a [2]*node
		})
		nd = &x.n
		nd.kids = x.a[:0]
	case n <= 4:
		x := new(struct {
			n node
			a [4]*node
		})
		nd = &x.n
		nd.kids = x.a[:0]
	case n <= 8:
		x := new(struct {
			n node
			a [8]*node
		})
		nd = &x.n
		nd.kids = x.a[:0]
	default:
		nd = &node{kids: make([]*node, 0, n)}
	}
	nd.kind = k
	return nd
}

func kidCount(k kind, n *node) int {
	if n.kind == k {
		return len(n.kids)
	}
	return 1
}

func appendKid(kids []*node, k kind, n *node) []*node {
	if n.kind == k {
		return append(kids, n.kids...)
	}
	return append(kids, n)
}

// IsZero reports whether e is the zero Expr ("no condition").
func (e Expr) IsZero() bool { return e.n == nil }

// Paths returns every attribute path e references, on either side of a
// comparison or inside a function, in order of first appearance and without
// duplicates. It returns nil for the zero Expr.
func (e Expr) Paths() []Path {
	var out []Path
	add := func(p Path) {
		for _, q := range out {
			if q.Equal(p) {
				return
			}
		}
		out = append(out, p)
	}
	var walk func(n *node)
	walk = func(n *node) {
		switch n.kind {
		case kAnd, kOr, kNot:
			for _, k := range n.kids {
				walk(k)
			}
			return
		}
		add(n.path)
		ops := n.inl[:]
		if n.kind == kIn {
			ops = n.inList()
		}
		for _, o := range ops {
			switch x := o.(type) {
			case Path:
				add(x)
			case Size:
				add(x.p)
			}
		}
	}
	if e.n != nil {
		walk(e.n)
	}
	return out
}

// HasPathRoot reports whether any path e references (as an operand or a
// compared attribute) starts at a top-level attribute for which match
// returns true. It allocates nothing, for checks made on every request.
func (e Expr) HasPathRoot(match func(root string) bool) bool {
	if e.n == nil {
		return false
	}
	return hasRoot(e.n, match)
}

func hasRoot(n *node, match func(string) bool) bool {
	switch n.kind {
	case kAnd, kOr, kNot:
		for _, k := range n.kids {
			if hasRoot(k, match) {
				return true
			}
		}
		return false
	}
	if match(n.path.root) {
		return true
	}
	ops := n.inl[:]
	if n.kind == kIn {
		ops = n.inList()
	}
	for _, o := range ops {
		switch x := o.(type) {
		case Path:
			if match(x.root) {
				return true
			}
		case Size:
			if match(x.p.root) {
				return true
			}
		}
	}
	return false
}

// String renders e for humans, with paths in their readable form and values
// inline, such as `a.b = "x" AND size(c) > 3`. It is meant for error messages
// and debugging; requests use a Builder.
func (e Expr) String() string {
	if e.n == nil {
		return ""
	}
	var sb strings.Builder
	writeNode(&sb, e.n)
	return sb.String()
}

func writeNode(sb *strings.Builder, n *node) {
	switch n.kind {
	case kAnd, kOr:
		sep := " AND "
		if n.kind == kOr {
			sep = " OR "
		}
		for i, k := range n.kids {
			if i > 0 {
				sb.WriteString(sep)
			}
			if needsParens(k) {
				sb.WriteByte('(')
				writeNode(sb, k)
				sb.WriteByte(')')
			} else {
				writeNode(sb, k)
			}
		}
	case kNot:
		sb.WriteString("NOT (")
		writeNode(sb, n.kids[0])
		sb.WriteByte(')')
	case kEq, kNe, kLt, kLe, kGt, kGe:
		writeLeft(sb, n)
		sb.WriteString(kindComparators[n.kind])
		writeOperand(sb, n.inl[0])
	case kBetween:
		writeLeft(sb, n)
		sb.WriteString(" BETWEEN ")
		writeOperand(sb, n.inl[0])
		sb.WriteString(" AND ")
		writeOperand(sb, n.inl[1])
	case kIn:
		writeLeft(sb, n)
		sb.WriteString(" IN (")
		list := n.inList()
		if list == nil {
			sb.WriteString("<")
			sb.WriteString(strconv.Itoa(n.inl[0].(int)))
			sb.WriteString(" operands>")
		}
		for i, o := range list {
			if i > 0 {
				sb.WriteString(", ")
			}
			writeOperand(sb, o)
		}
		sb.WriteByte(')')
	default:
		sb.WriteString(kindFuncs[n.kind])
		sb.WriteString(n.path.String())
		if n.kind != kExists && n.kind != kNotExists {
			sb.WriteString(", ")
			writeOperand(sb, n.inl[0])
		}
		sb.WriteByte(')')
	}
}

func writeLeft(sb *strings.Builder, n *node) {
	if n.size {
		sb.WriteString("size(")
		sb.WriteString(n.path.String())
		sb.WriteByte(')')
		return
	}
	sb.WriteString(n.path.String())
}

func writeOperand(sb *strings.Builder, o any) {
	switch x := o.(type) {
	case Path:
		sb.WriteString(x.String())
	case Size:
		sb.WriteString("size(")
		sb.WriteString(x.p.String())
		sb.WriteByte(')')
	default:
		sb.WriteString(formatValue(o))
	}
}

func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return strconv.Quote(x)
	case AttrType:
		return string(x)
	case []byte:
		return fmt.Sprintf("0x%x", x)
	case types.AttributeValue:
		return formatAV(x)
	case fmt.Stringer:
		return strconv.Quote(x.String())
	}
	return fmt.Sprintf("%v", v)
}

func formatAV(av types.AttributeValue) string {
	switch x := av.(type) {
	case *types.AttributeValueMemberS:
		return strconv.Quote(x.Value)
	case *types.AttributeValueMemberN:
		return x.Value
	case *types.AttributeValueMemberB:
		return fmt.Sprintf("0x%x", x.Value)
	case *types.AttributeValueMemberBOOL:
		return strconv.FormatBool(x.Value)
	case *types.AttributeValueMemberNULL:
		return "NULL"
	}
	return fmt.Sprintf("%T", av)
}

// needsParens reports whether n must be parenthesised as an operand of AND or
// OR. Only combinations need it for correctness; BETWEEN gets parentheses too
// because its own AND reads ambiguously.
func needsParens(n *node) bool {
	switch n.kind {
	case kAnd, kOr, kBetween:
		return true
	}
	return false
}
