package update_test

import (
	"errors"

	"github.com/dynamodel/dynamodel/internal/errs"
)

// matches is matchErr, and a wanted rule's refusal must also match
// errs.ErrInvalidInput.
func matches(err, want error) bool {
	if !matchErr(err, want) {
		return false
	}
	_, isRule := want.(wantRule)
	return !isRule || errors.Is(err, errs.ErrInvalidInput)
}
