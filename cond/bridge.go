package cond

import "github.com/dynamodel/dynamodel/internal/expr"

// Path, Size and Expr are defined on internal/expr's types, so the packages
// that render requests read them by a conversion, for free. An operand is
// the one place a cond value travels as an `any` (p.Eq(cond.Name("b")),
// p.Eq(p.Size())), where internal/expr cannot name cond's types without an
// import cycle: this hook turns them into its own as the expression is
// built.
func init() {
	expr.Operand = operand
}

func operand(v any) any {
	switch x := v.(type) {
	case Path:
		return expr.Path(x)
	case Size:
		return expr.Size(x)
	case Expr:
		return expr.Expr(x)
	case AttrType:
		return expr.AttrType(x)
	case *Path:
		return (*expr.Path)(x)
	case *Size:
		return (*expr.Size)(x)
	case *Expr:
		return (*expr.Expr)(x)
	}
	return v
}
