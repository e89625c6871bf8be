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

// matches is matchErr, and a wanted rule's refusal must also match
// errs.ErrInvalidInput and, for a cursor rule, query.ErrInvalidCursor.
func matches(err, want error) bool {
	if !matchErr(err, want) {
		return false
	}
	r, ok := want.(wantRule)
	if !ok {
		return true
	}
	if !errors.Is(err, errs.ErrInvalidInput) {
		return false
	}
	if strings.HasPrefix(string(r), "cursor") && !errors.Is(err, query.ErrInvalidCursor) {
		return false
	}
	return true
}
