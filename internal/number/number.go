// Package number reads the text of DynamoDB numbers (N values) the way
// DynamoDB does: it tells whether DynamoDB would accept one, and gives the
// canonical form under which equal numbers are equal text ("1", "1.0",
// "10E-1" and "0.1e1" are all one number). Every value the library sends
// is checked here, so NaN, infinities, numbers out of DynamoDB's range and
// numbers with more than 38 significant digits are refused before a
// request is built instead of coming back as an untyped
// ValidationException.
package number

import (
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ErrInvalid is the sentinel every refusal of this package wraps. The
// public packages export it as cond.ErrInvalidNumber.
var ErrInvalid = errors.New("dynamodel: not a DynamoDB number")

// DynamoDB's limits on numbers: 38 significant digits, magnitudes from
// 1E-130 up to (but not including) 1E+126.
const (
	MaxDigits   = 38
	MaxExponent = 125  // of the leading digit
	MinExponent = -130 // of the leading digit
)

// Error reports one refused number.
type Error struct {
	Text   string // the text, or the Go value as formatted
	Reason string
}

func (e *Error) Error() string {
	return ErrInvalid.Error() + ": " + strconv.Quote(e.Text) + " " + e.Reason
}

// Unwrap returns ErrInvalid.
func (e *Error) Unwrap() error { return ErrInvalid }

// decimal is a parsed number without its text copied: the significant
// digits are those of whole (the integer and fraction digits, the decimal
// point left out) from first to last inclusive, and value = (-1 if neg) ×
// those digits × 10^exp. n is their count, 0 for zero.
type decimal struct {
	neg      bool
	ip, fr   string // the digits before and after the decimal point
	first, n int    // position in ip+fr of the first significant digit, and their count
	exp      int
}

// digit returns digit i of ip+fr.
func (d *decimal) digit(i int) byte {
	if i < len(d.ip) {
		return d.ip[i]
	}
	return d.fr[i-len(d.ip)]
}

// parse reads s as DynamoDB reads a number (Java's BigDecimal syntax: an
// optional sign, digits with an optional decimal point, an optional
// exponent) and applies DynamoDB's precision and range limits.
func parse(s string) (decimal, error) {
	fail := func(reason string) (decimal, error) { return decimal{}, &Error{Text: s, Reason: reason} }
	var d decimal
	t := s
	if t != "" && (t[0] == '-' || t[0] == '+') {
		d.neg, t = t[0] == '-', t[1:]
	}
	exp := 0
	if i := strings.IndexAny(t, "eE"); i >= 0 {
		e, err := strconv.ParseInt(t[i+1:], 10, 32)
		if err != nil {
			return fail("is not a number")
		}
		exp, t = int(e), t[:i]
	}
	d.ip, d.fr, _ = strings.Cut(t, ".")
	total := len(d.ip) + len(d.fr)
	if total == 0 || !allDigits(d.ip) || !allDigits(d.fr) {
		return fail("is not a number")
	}
	first := 0
	for first < total && d.digit(first) == '0' {
		first++
	}
	if first == total {
		return decimal{}, nil // zero, whatever its sign and exponent
	}
	last := total - 1
	for d.digit(last) == '0' {
		last--
	}
	d.first, d.n = first, last-first+1
	// The digits up to last are an integer; those after it are zeros.
	d.exp = exp - len(d.fr) + (total - 1 - last)
	if d.n > MaxDigits {
		return fail("has more than 38 significant digits")
	}
	switch lead := d.exp + d.n - 1; {
	case lead > MaxExponent:
		return fail("is too large (DynamoDB numbers are below 1E+126)")
	case lead < MinExponent:
		return fail("is too small (DynamoDB numbers other than 0 are at least 1E-130)")
	}
	return d, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Check reports whether DynamoDB accepts s as a number; the error is an
// *Error wrapping ErrInvalid.
func Check(s string) error {
	_, err := parse(s)
	return err
}

// Canonical returns the canonical text of the number s: "0", or the
// significant digits (with a leading "-" when negative) then "e" and the
// exponent, so that numbers DynamoDB holds equal are equal strings. It
// fails as Check does.
func Canonical(s string) (string, error) {
	b, err := AppendCanonical(nil, s)
	return string(b), err
}

// AppendCanonical appends the canonical text of s (see Canonical) to dst.
func AppendCanonical(dst []byte, s string) ([]byte, error) {
	d, err := parse(s)
	if err != nil {
		return dst, err
	}
	if d.n == 0 {
		return append(dst, '0'), nil
	}
	if d.neg {
		dst = append(dst, '-')
	}
	for i := d.first; i < d.first+d.n; i++ {
		dst = append(dst, d.digit(i))
	}
	dst = append(dst, 'e')
	return strconv.AppendInt(dst, int64(d.exp), 10), nil
}

// CheckFloat reports whether f can be stored: finite, and within DynamoDB's
// range once formatted with bits (32 or 64) of precision.
func CheckFloat(f float64, bits int) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return &Error{Text: strconv.FormatFloat(f, 'g', -1, bits), Reason: "is not finite"}
	}
	return Check(strconv.FormatFloat(f, 'f', -1, bits))
}

// CheckValue checks every number in av: an N, each element of an NS, and
// the numbers nested in lists and maps.
func CheckValue(av types.AttributeValue) error {
	switch x := av.(type) {
	case *types.AttributeValueMemberN:
		if x != nil {
			return Check(x.Value)
		}
	case *types.AttributeValueMemberNS:
		if x != nil {
			for _, s := range x.Value {
				if err := Check(s); err != nil {
					return err
				}
			}
		}
	case *types.AttributeValueMemberL:
		if x != nil {
			for _, e := range x.Value {
				if err := CheckValue(e); err != nil {
					return err
				}
			}
		}
	case *types.AttributeValueMemberM:
		if x != nil {
			return CheckItem(x.Value)
		}
	}
	return nil
}

// CheckItem checks every number in an item (or a key, or any map of
// attribute values); the error names the attribute.
func CheckItem(item map[string]types.AttributeValue) error {
	for name, av := range item {
		if err := CheckValue(av); err != nil {
			return &AttributeError{Attribute: name, Err: err}
		}
	}
	return nil
}

// AttributeError names the attribute holding a refused number (for a
// nested one, each map level adds its own AttributeError).
type AttributeError struct {
	Attribute string
	Err       error
}

func (e *AttributeError) Error() string { return e.Attribute + ": " + e.Err.Error() }

// Unwrap returns the *Error.
func (e *AttributeError) Unwrap() error { return e.Err }

// FitsInteger reports whether n is a value of the integer type t (or of
// the integer t points to): in range, and not negative for an unsigned
// type. It is false for any other type.
func FitsInteger(t reflect.Type, n int64) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	v := reflect.New(t).Elem()
	switch {
	case v.CanInt():
		return !v.OverflowInt(n)
	case v.CanUint() && t.Kind() != reflect.Uintptr:
		return n >= 0 && !v.OverflowUint(uint64(n))
	}
	return false
}
