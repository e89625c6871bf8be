package errs

import "errors"

// Within reports err, a refusal found by a sibling package while op checked
// part of its input (detail says which, e.g. "key 3 of 10"), as one
// InputError: when err is (or wraps) an InputError, a copy of it with op and
// detail added where it has none, so its Rule stays the first one errors.As
// finds; otherwise a new InputError with err as its cause.
func Within(err error, op, table, detail string) *InputError {
	var ie *InputError
	if !errors.As(err, &ie) {
		return &InputError{Op: op, Table: table, Detail: detail, Err: err}
	}
	c := *ie
	if c.Op == "" {
		c.Op = op
	}
	if c.Table == "" {
		c.Table = table
	}
	switch {
	case c.Detail == "":
		c.Detail = detail
	case detail != "":
		c.Detail = detail + ": " + c.Detail
	}
	return &c
}
