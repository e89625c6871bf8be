package update_test

import (
	"errors"

	"github.com/dynamodel/dynamodel/internal/errs"
)

// wantRule is a refusal a test expects: an input error breaking this rule.
type wantRule errs.Rule

func (r wantRule) Error() string { return "an input error with rule " + string(r) }

// matches is errors.Is, except that a wantRule is matched by an
// *errs.InputError with that rule, which must also match
// errs.ErrInvalidInput.
func matches(err, want error) bool {
	r, ok := want.(wantRule)
	if !ok {
		return errors.Is(err, want)
	}
	var ie *errs.InputError
	return errors.As(err, &ie) && ie.Rule == errs.Rule(r) && errors.Is(err, errs.ErrInvalidInput)
}
