package query_test

import (
	"errors"

	"github.com/dynamodel/dynamodel/internal/errs"
)

// refused reports whether err is the refusal want describes: an error
// matched with errors.Is, or an errs.Rule, which err must carry as an
// *errs.InputError (and so match errs.ErrInvalidInput).
func refused(err error, want any) bool {
	switch w := want.(type) {
	case errs.Rule:
		var ie *errs.InputError
		return errors.As(err, &ie) && ie.Rule == w && errors.Is(err, errs.ErrInvalidInput)
	case error:
		return errors.Is(err, w)
	}
	return false
}
