package query_test

import (
	"errors"

	"github.com/dynamodel/dynamodel/entity"
)

// refused reports whether err is the refusal want describes: an error
// matched with errors.Is, a wantRule matched as matches does, or an
// entity.Rule (a rule of keys or cond, say), which the first
// *entity.InputError in err must carry (and so match
// entity.ErrInvalidInput).
func refused(err error, want any) bool {
	switch w := want.(type) {
	case wantRule:
		return matches(err, w)
	case entity.Rule:
		var ie *entity.InputError
		return errors.As(err, &ie) && ie.Rule == w && errors.Is(err, entity.ErrInvalidInput)
	case error:
		return errors.Is(err, w)
	}
	return false
}
