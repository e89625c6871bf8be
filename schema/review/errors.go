package review

import (
	"errors"
	"strings"
)

// ErrInvalidOption is matched (errors.Is) by every *[Error]: a review
// option that names an entity, index, attribute or code the review does
// not know, or that lacks what it needs (a silence without a reason).
var ErrInvalidOption = errors.New("review: invalid option")

// Error reports a refused review option, naming the entity and, where it
// applies, the index, attribute and code. It matches [ErrInvalidOption].
type Error struct {
	Entity    string
	Index     string
	Attribute string
	Code      Code
	Err       error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("review")
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
	if e.Code != "" {
		b.WriteString(", code ")
		b.WriteString(string(e.Code))
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns ErrInvalidOption and the cause.
func (e *Error) Unwrap() []error { return []error{ErrInvalidOption, e.Err} }
