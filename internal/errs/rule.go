package errs

// HasRule reports whether err is, or wraps, an *InputError that names rule
// r. Every InputError in err's tree counts, not only the first: a batch
// refused as a whole (one rule) wraps the refusals of its operations (each
// with its own).
func HasRule(err error, r Rule) bool {
	switch e := err.(type) {
	case nil:
		return false
	case *InputError:
		if e.Rule == r {
			return true
		}
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return HasRule(u.Unwrap(), r)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if HasRule(e, r) {
				return true
			}
		}
	}
	return false
}
