package cond

import (
	"errors"

	"github.com/dynamodel/dynamodel/internal/number"
)

// Sentinel errors. Every error returned by this package is an *Error whose
// Err field wraps one of these, so callers can test with errors.Is.
var (
	// ErrInvalidPath reports an unusable attribute path: an empty name or map
	// key, a name that is not valid UTF-8, a negative list index, or more than
	// MaxPathDepth dereferences.
	ErrInvalidPath = errors.New("invalid path")

	// ErrTooManyOperands reports an IN list with no operands or with more than
	// MaxInOperands operands.
	ErrTooManyOperands = errors.New("wrong number of operands")

	// ErrInvalidOperand reports an operand that cannot be used where it was
	// given: for example a number passed to BeginsWith, an unknown AttrType,
	// or an Expr used as a value.
	ErrInvalidOperand = errors.New("invalid operand")

	// ErrExpressionTooLong reports a rendered expression longer than
	// MaxExpressionLength bytes.
	ErrExpressionTooLong = errors.New("expression too long")

	// ErrOverlappingPaths reports a projection that names the same path twice,
	// or both a path and one of its descendants.
	ErrOverlappingPaths = errors.New("overlapping paths")

	// ErrEncode reports a value that could not be encoded as a DynamoDB
	// attribute value. The underlying encoder error, if any, is wrapped too.
	ErrEncode = errors.New("cannot encode value")

	// ErrInvalidNumber reports a number DynamoDB would refuse: NaN, ±Inf,
	// a magnitude of 1E+126 or more or below 1E-130, more than 38
	// significant digits, or an N value whose text is not a number. Such a
	// value is also an ErrEncode. entity.ErrInvalidNumber is the same
	// value; every package of the module refuses such numbers with it
	// before sending a request.
	ErrInvalidNumber = number.ErrInvalid

	// ErrPresetNotFirst reports Builder.Start called on a Builder that
	// already has placeholders: a Preset's names must come first.
	ErrPresetNotFirst = errors.New("a preset must be the first thing registered")
)

// Error is the error type returned by this package.
type Error struct {
	// Op is the operation that failed: the expression function or operator
	// ("Eq", "Between", "In", "BeginsWith", ...) or the Builder method
	// ("Condition", "Path", "Projection", "Value").
	Op string
	// Path is the human-readable attribute path involved, if any.
	Path string
	// Err wraps one of the package's sentinel errors.
	Err error
}

func (e *Error) Error() string {
	msg := "<nil>"
	if e.Err != nil {
		msg = e.Err.Error()
	}
	if e.Path == "" {
		return "cond: " + e.Op + ": " + msg
	}
	return "cond: " + e.Op + " " + e.Path + ": " + msg
}

// Unwrap returns the wrapped error.
func (e *Error) Unwrap() error { return e.Err }

// detailError attaches a detail message to a sentinel (and, optionally, to a
// cause) without going through fmt.
type detailError struct {
	sentinel error
	detail   string
	cause    error
}

func (e *detailError) Error() string {
	s := e.sentinel.Error()
	if e.detail != "" {
		s += ": " + e.detail
	}
	if e.cause != nil {
		s += ": " + e.cause.Error()
	}
	return s
}

func (e *detailError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.sentinel}
	}
	return []error{e.sentinel, e.cause}
}

func detail(sentinel error, msg string) error {
	return &detailError{sentinel: sentinel, detail: msg}
}

func newError(op string, p Path, err error) *Error {
	return &Error{Op: op, Path: p.String(), Err: err}
}
