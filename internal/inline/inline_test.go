package inline

import (
	"slices"
	"testing"
)

func TestAppendKeepsOrderAcrossTheSpill(t *testing.T) {
	for _, tc := range []struct {
		name    string
		batches [][]int
	}{
		{"empty", nil},
		{"one at a time, inline", [][]int{{1}, {2}, {3}}},
		{"exactly full", [][]int{{1, 2, 3}, {4, 5, 6}}},
		{"one at a time past the inline ones", [][]int{{1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}}},
		{"a batch crossing the limit", [][]int{{1, 2}, {3, 4, 5, 6, 7}, {8}}},
		{"one batch over the limit", [][]int{{1, 2, 3, 4, 5, 6, 7, 8, 9}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var l List[int]
			var want []int
			for _, b := range tc.batches {
				l.Append(b...)
				want = append(want, b...)
				if got := l.All(); !slices.Equal(got, want) {
					t.Fatalf("after %v: All() = %v, want %v", b, got, want)
				}
			}
			if l.Len() != len(want) {
				t.Fatalf("Len() = %d, want %d", l.Len(), len(want))
			}
		})
	}
}

func TestCloneSharesNothing(t *testing.T) {
	for _, n := range []int{3, Size + 2} {
		var l List[int]
		for i := range n {
			l.Append(i)
		}
		c := l.Clone()
		c.Append(100)
		c.All()[0] = -1
		if l.Len() != n || l.All()[0] != 0 {
			t.Fatalf("%d items: the original changed with its clone: %v", n, l.All())
		}
		if c.Len() != n+1 || c.All()[n] != 100 {
			t.Fatalf("%d items: clone = %v", n, c.All())
		}
	}
}

var sink int

// TestAListStaysOnTheStack: a List that does not outlive its function is
// not moved to the heap.
func TestAListStaysOnTheStack(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		var l List[int]
		l.Append(1, 2)
		l.Append(3)
		sink = l.Len()
	})
	if allocs != 0 {
		t.Fatalf("%v allocations for a List kept inline", allocs)
	}
}
