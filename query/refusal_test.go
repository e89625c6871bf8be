package query_test

import (
	"errors"

	"github.com/dynamodel/dynamodel/entity"
)

// refused reports whether err is the refusal want describes: an error
// matched with errors.Is, or an entity.Rule, which err must carry as an
// *entity.InputError (and so match entity.ErrInvalidInput).
func refused(err error, want any) bool {
	switch w := want.(type) {
	case entity.Rule:
		var ie *entity.InputError
		return errors.As(err, &ie) && ie.Rule == w && errors.Is(err, entity.ErrInvalidInput)
	case error:
		return errors.Is(err, w)
	}
	return false
}
