package cost

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidInput is matched (errors.Is) by every *[Error] the package
// returns: an input the cost model cannot price, refused before anything
// is computed.
var ErrInvalidInput = errors.New("cost: invalid input")

var (
	errNilModel     = errors.New("no entity model given")
	errUnknownIndex = errors.New("the entity declares no such index")
	errGlobalStrong = errors.New("a global secondary index is read eventually consistent only")
	errUnknownAttr  = errors.New("the entity has no such attribute")
)

func errConsistency(c Consistency) error {
	return fmt.Errorf("consistency %q: want eventual, strong or (for a single item) transactional", string(c))
}

// Error reports an input the cost model refused, naming the entity and,
// where it applies, the index and attribute. It matches [ErrInvalidInput]
// and wraps the cause (such as the encoder's error for a sample item that
// does not encode).
type Error struct {
	Entity    string
	Index     string
	Attribute string
	Err       error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("cost")
	if e.Entity != "" {
		b.WriteString(": entity ")
		b.WriteString(e.Entity)
	}
	if e.Index != "" {
		b.WriteString(", index ")
		b.WriteString(e.Index)
	}
	if e.Attribute != "" {
		b.WriteString(", attribute ")
		b.WriteString(e.Attribute)
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns ErrInvalidInput and the cause.
func (e *Error) Unwrap() []error { return []error{ErrInvalidInput, e.Err} }
