package errs

import "errors"

// HasRule reports whether err is, or wraps, an *InputError that names rule
// r.
func HasRule(err error, r Rule) bool {
	var ie *InputError
	return errors.As(err, &ie) && ie.Rule == r
}
