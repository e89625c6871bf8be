package errs

import "errors"

// HasRule reports whether err is, or wraps, an *InputError that names rule
// r. An InputError may have a more specific refusal as its cause (a key
// refused by entity for a rule of keys, say), so the causes of the
// InputErrors found are searched too.
func HasRule(err error, r Rule) bool {
	for err != nil {
		var ie *InputError
		if !errors.As(err, &ie) {
			return false
		}
		if ie.Rule == r {
			return true
		}
		err = ie.Err
	}
	return false
}
