package errs

// HasRule reports whether err is, or wraps, an *InputError that names rule
// r. Every InputError in err's tree counts, not only the first: a batch
// refused as a whole (one rule) wraps the refusals of its operations (each
// with its own), and an InputError may have a more specific refusal as its
// cause (a key refused by entity for a rule of keys, say), so the causes of
// the InputErrors found are searched too.
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
