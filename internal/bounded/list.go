// Package bounded holds what the builders remember between requests: a
// short list of prepared values (the projections of a query, the shapes of
// an update) read without locks on every request and added to rarely.
package bounded

import (
	"sync"
	"sync/atomic"
)

// List is an append-only list of at most Max values. Readers see a
// snapshot that never changes under them; additions replace it. Once full,
// a List keeps what it has, so a program that prepares values made up at
// run time does not grow without end: those are prepared on every use
// instead. The zero List holds nothing and takes nothing until Max is set.
type List[T any] struct {
	Max   int
	mu    sync.Mutex // serialises additions
	items atomic.Pointer[[]T]
}

// Find returns the first value match accepts.
func (l *List[T]) Find(match func(T) bool) (T, bool) {
	if items := l.items.Load(); items != nil {
		for _, v := range *items {
			if match(v) {
				return v, true
			}
		}
	}
	var zero T
	return zero, false
}

// Add appends v unless the list is full.
func (l *List[T]) Add(v T) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var items []T
	if cur := l.items.Load(); cur != nil {
		items = *cur
	}
	if len(items) >= l.Max {
		return
	}
	grown := append(items[:len(items):len(items)], v)
	l.items.Store(&grown)
}

// Len is the number of values held.
func (l *List[T]) Len() int {
	if items := l.items.Load(); items != nil {
		return len(*items)
	}
	return 0
}
