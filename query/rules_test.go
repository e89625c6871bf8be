package query_test

import (
	"errors"
	"strings"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/query"
)

// inputOnly is a client for tests that only build requests: it sends
// nothing (any call would panic).
type inputOnly struct{ entity.Client }

// wantRule is a refusal a test expects: an input error breaking this rule.
type wantRule errs.Rule

func (r wantRule) Error() string { return "an input error with rule " + string(r) }

// matches is errors.Is, except that a wantRule is matched by an
// *errs.InputError with that rule, which must also match
// errs.ErrInvalidInput and, for a cursor rule, query.ErrInvalidCursor.
func matches(err, want error) bool {
	r, ok := want.(wantRule)
	if !ok {
		return errors.Is(err, want)
	}
	var ie *errs.InputError
	if !errors.As(err, &ie) || ie.Rule != errs.Rule(r) || !errors.Is(err, errs.ErrInvalidInput) {
		return false
	}
	if strings.HasPrefix(string(r), "cursor") && !errors.Is(err, query.ErrInvalidCursor) {
		return false
	}
	return true
}
