package cond

import "github.com/dynamodel/dynamodel/internal/expr"

// MaxInOperands is the largest number of operands DynamoDB accepts in an IN list.
const MaxInOperands = expr.MaxInOperands

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

// Expr is a condition or filter expression. Exprs are immutable values that
// can be shared and combined freely. The zero Expr means "no condition": And
// and Or ignore it, and it adds nothing to a request.
//
// Building an Expr never fails; problems such as an invalid path or operand
// are refused, before anything is sent, by the call that sends it.
type Expr expr.Expr

// Eq is the condition p = v. v is a value, another Path (comparing two
// attributes) or a Size.
func (p Path) Eq(v any) Expr { return Expr(expr.Path(p).Eq(v)) }

// Ne is the condition p <> v.
func (p Path) Ne(v any) Expr { return Expr(expr.Path(p).Ne(v)) }

// Lt is the condition p < v.
func (p Path) Lt(v any) Expr { return Expr(expr.Path(p).Lt(v)) }

// Le is the condition p <= v.
func (p Path) Le(v any) Expr { return Expr(expr.Path(p).Le(v)) }

// Gt is the condition p > v.
func (p Path) Gt(v any) Expr { return Expr(expr.Path(p).Gt(v)) }

// Ge is the condition p >= v.
func (p Path) Ge(v any) Expr { return Expr(expr.Path(p).Ge(v)) }

// Between is the condition p BETWEEN lo AND hi (both bounds inclusive).
func (p Path) Between(lo, hi any) Expr { return Expr(expr.Path(p).Between(lo, hi)) }

// In is the condition p IN (values...). It needs 1 to MaxInOperands
// operands; otherwise it is refused with RuleTooManyOperands.
func (p Path) In(values ...any) Expr { return Expr(expr.Path(p).In(values...)) }

// Exists is the condition attribute_exists(p).
func (p Path) Exists() Expr { return Expr(expr.Path(p).Exists()) }

// NotExists is the condition attribute_not_exists(p).
func (p Path) NotExists() Expr { return Expr(expr.Path(p).NotExists()) }

// HasType is the condition attribute_type(p, t).
func (p Path) HasType(t AttrType) Expr { return Expr(expr.Path(p).HasType(expr.AttrType(t))) }

// BeginsWith is the condition begins_with(p, prefix). prefix must be a string
// or a []byte (or a type whose underlying type is one of these).
func (p Path) BeginsWith(prefix any) Expr { return Expr(expr.Path(p).BeginsWith(prefix)) }

// Contains is the condition contains(p, v): p is a string containing the
// substring v, or a set or list containing the element v. v may also be a
// Path.
func (p Path) Contains(v any) Expr { return Expr(expr.Path(p).Contains(v)) }

// Size is the operand size(path). It can be compared to values, paths and
// other sizes.
type Size expr.Size

// Size returns the operand size(p).
func (p Path) Size() Size { return Size(expr.Path(p).Size()) }

// Eq is the condition size(path) = v.
func (s Size) Eq(v any) Expr { return Expr(expr.Size(s).Eq(v)) }

// Ne is the condition size(path) <> v.
func (s Size) Ne(v any) Expr { return Expr(expr.Size(s).Ne(v)) }

// Lt is the condition size(path) < v.
func (s Size) Lt(v any) Expr { return Expr(expr.Size(s).Lt(v)) }

// Le is the condition size(path) <= v.
func (s Size) Le(v any) Expr { return Expr(expr.Size(s).Le(v)) }

// Gt is the condition size(path) > v.
func (s Size) Gt(v any) Expr { return Expr(expr.Size(s).Gt(v)) }

// Ge is the condition size(path) >= v.
func (s Size) Ge(v any) Expr { return Expr(expr.Size(s).Ge(v)) }

// Between is the condition size(path) BETWEEN lo AND hi.
func (s Size) Between(lo, hi any) Expr { return Expr(expr.Size(s).Between(lo, hi)) }

// And combines exprs with AND. Zero Exprs are ignored; with nothing left the
// result is the zero Expr, and a single remaining Expr is returned as is.
// Nested ANDs are flattened.
func And(exprs ...Expr) Expr { return expr.And(exprs...) }

// Or combines exprs with OR, with the same rules as And.
func Or(exprs ...Expr) Expr { return expr.Or(exprs...) }

// And returns And(e, others...).
func (e Expr) And(others ...Expr) Expr { return expr.AndWith(e, others) }

// Or returns Or(e, others...).
func (e Expr) Or(others ...Expr) Expr { return expr.OrWith(e, others) }

// Not negates e. Not of the zero Expr is the zero Expr.
func Not(e Expr) Expr { return Expr(expr.Not(expr.Expr(e))) }

// String renders e for humans, with paths in their readable form and values
// inline, such as `a.b = "x" AND size(c) > 3`. It is meant for error messages
// and debugging; requests carry placeholders instead.
func (e Expr) String() string { return expr.Expr(e).String() }
