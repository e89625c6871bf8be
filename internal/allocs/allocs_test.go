package allocs

import "testing"

var sink []byte

func TestAverage(t *testing.T) {
	for _, tc := range []struct {
		name     string
		f        func(i *int)
		min, max float64
	}{
		{"none", func(*int) {}, 0, 0.05},
		{"one", func(*int) { sink = make([]byte, 64) }, 0.95, 1.05},
		{"every other call", func(i *int) {
			if *i++; *i%2 == 0 {
				sink = make([]byte, 64)
			}
		}, 0.45, 0.55},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i := 0
			if got := Average(1000, func() { tc.f(&i) }); got < tc.min || got > tc.max {
				t.Fatalf("Average = %v, want between %v and %v", got, tc.min, tc.max)
			}
		})
	}
}
