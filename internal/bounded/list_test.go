package bounded

import (
	"sync"
	"testing"
)

func TestListKeepsAtMostMax(t *testing.T) {
	l := List[int]{Max: 3}
	if _, ok := l.Find(func(int) bool { return true }); ok {
		t.Fatal("an empty list found a value")
	}
	for i := range 5 {
		l.Add(i)
	}
	if l.Len() != 3 {
		t.Fatalf("Len = %d, want 3", l.Len())
	}
	if v, ok := l.Find(func(v int) bool { return v == 2 }); !ok || v != 2 {
		t.Fatalf("Find(2) = %d, %v", v, ok)
	}
	if _, ok := l.Find(func(v int) bool { return v == 4 }); ok {
		t.Fatal("a value added to a full list was kept")
	}
}

func TestListConcurrentUse(t *testing.T) {
	l := List[int]{Max: 50}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				l.Add(g*100 + i)
				l.Find(func(v int) bool { return v == i })
			}
		}()
	}
	wg.Wait()
	if l.Len() != 50 {
		t.Fatalf("Len = %d, want 50", l.Len())
	}
}
