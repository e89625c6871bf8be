// Package inline holds the short lists a builder records (an update's
// actions, a query's key conditions) inside the builder itself.
//
// A builder that kept its first items in an array of its own and a slice
// pointing at that array would point into itself, and Go's escape analysis
// then moves every such builder to the heap. A List counts its inline
// items instead, so a builder used in one expression (New(…)…Input()) can
// stay on the caller's stack.
package inline

// Size is how many items a List holds before it spills to the heap: enough
// for the usual update or key condition.
const Size = 6

// List is an append-only list whose first Size items are held inline.
// The zero List is empty and ready to use. Copying a List copies its
// inline items; Clone also copies what spilled.
type List[E any] struct {
	first [Size]E
	n     uint8
	// spill holds every item, the first ones copied ahead, once there
	// are more than Size.
	spill []E
}

// Append adds items at the end.
func (l *List[E]) Append(items ...E) {
	switch {
	case l.spill != nil:
		l.spill = append(l.spill, items...)
	case int(l.n)+len(items) <= Size:
		l.n += uint8(copy(l.first[l.n:], items))
	default:
		l.spill = append(append(make([]E, 0, 2*(int(l.n)+len(items))), l.first[:l.n]...), items...)
	}
}

// All returns the items in the order they were added. The slice is the
// List's own memory: read it, do not keep it past the List's next change.
func (l *List[E]) All() []E {
	if l.spill != nil {
		return l.spill
	}
	return l.first[:l.n]
}

// Len returns the number of items.
func (l *List[E]) Len() int { return len(l.All()) }

// Clone returns a copy that shares nothing with l.
func (l *List[E]) Clone() List[E] {
	c := *l
	if l.spill != nil {
		c.spill = append([]E(nil), l.spill...)
	}
	return c
}
