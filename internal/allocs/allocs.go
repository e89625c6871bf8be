// Package allocs measures the heap allocations of a function, for tests
// that check a builder stays on its caller's stack.
//
// testing.AllocsPerRun rounds the average down to a whole number, so an
// average that sits near a whole number (one allocation every other run,
// a pooled object dropped now and then under the race detector) can come
// out one lower or higher from one measurement to the next. Average keeps
// the fraction, so tests can compare two averages with a margin.
package allocs

import "runtime"

// Average calls f once to warm it up, then runs times, and returns the
// mean number of heap allocations per call.
func Average(runs int, f func()) float64 {
	f()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / float64(runs)
}
