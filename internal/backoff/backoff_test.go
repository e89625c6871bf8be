package backoff

import (
	"context"
	"math"
	"testing"
	"time"
)

func TestBackoffCeilingDoublesUpToMax(t *testing.T) {
	b := Backoff{Base: 50 * time.Millisecond, Max: 2 * time.Second}
	want := []time.Duration{50, 100, 200, 400, 800, 1600, 2000, 2000}
	for i, w := range want {
		if got := b.Ceiling(i + 1); got != w*time.Millisecond {
			t.Errorf("ceiling(%d) = %v, want %v", i+1, got, w*time.Millisecond)
		}
	}
	// No overflow, however many retries and however large the bound.
	huge := Backoff{Base: time.Nanosecond, Max: math.MaxInt64}
	for _, retry := range []int{62, 63, 64, 100, 1 << 20} {
		if got := huge.Ceiling(retry); got <= 0 || got > huge.Max {
			t.Errorf("ceiling(%d) = %v", retry, got)
		}
	}
	if got := b.Ceiling(1 << 30); got != b.Max {
		t.Errorf("ceiling(2^30) = %v", got)
	}
}

func TestBackoffJitterIsFullAndBounded(t *testing.T) {
	// The extremes: randN chooses among ceiling+1 values, 0 to ceiling.
	for _, pick := range []struct {
		name string
		f    func(n int64) int64
		want func(c time.Duration) time.Duration
	}{
		{"lowest", func(int64) int64 { return 0 }, func(time.Duration) time.Duration { return 0 }},
		{"highest", func(n int64) int64 { return n - 1 }, func(c time.Duration) time.Duration { return c }},
	} {
		b := Backoff{Base: 10 * time.Millisecond, Max: time.Second, RandN: pick.f}
		for retry := 1; retry < 12; retry++ {
			if got, want := b.Delay(retry), pick.want(b.Ceiling(retry)); got != want {
				t.Errorf("%s: delay(%d) = %v, want %v", pick.name, retry, got, want)
			}
		}
	}
	// With the real source: always within [0, ceiling], spread over the
	// whole range.
	b := Backoff{Base: 10 * time.Millisecond, Max: time.Second}
	for retry := 1; retry < 10; retry++ {
		c := b.Ceiling(retry)
		var sum time.Duration
		low, high := false, false
		const n = 2000
		for range n {
			d := b.Delay(retry)
			if d < 0 || d > c {
				t.Fatalf("delay(%d) = %v, outside [0, %v]", retry, d, c)
			}
			low = low || d < c/4
			high = high || d > 3*c/4
			sum += d
		}
		mean := float64(sum) / n / float64(c)
		if !low || !high || mean < 0.4 || mean > 0.6 {
			t.Errorf("retry %d: delays not spread over [0, %v]: mean %.2f of the ceiling, some low %v, some high %v", retry, c, mean, low, high)
		}
	}
}

func TestSleepEndsWithTheContext(t *testing.T) {
	if err := Sleep(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	if err := Sleep(context.Background(), time.Millisecond); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(10 * time.Millisecond); cancel() }()
	start := time.Now()
	if err := Sleep(ctx, time.Hour); err != context.Canceled || time.Since(start) > 5*time.Second {
		t.Fatalf("sleep = %v after %v", err, time.Since(start))
	}
	if err := Sleep(ctx, 0); err != context.Canceled {
		t.Fatalf("Sleep(0) on a done ctx = %v", err)
	}
}
