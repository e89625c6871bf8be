package query_test

import (
	"errors"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
)

// wantRule stands, in a table of wanted errors, for an *entity.InputError
// naming the rule.
type wantRule entity.Rule

func (r wantRule) Error() string { return "an *entity.InputError of rule " + string(r) }

// matchErr is errors.Is, with a wantRule matched by the refusal's rule.
func matchErr(err, want error) bool {
	if r, ok := want.(wantRule); ok {
		return errs.HasRule(err, entity.Rule(r))
	}
	return errors.Is(err, want)
}
