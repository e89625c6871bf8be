package query

import (
	"context"
	"math/rand/v2"
	"time"
)

// backoff is exponential backoff with full jitter: before retry n (1 for
// the first retry) it waits a uniformly random time in [0, min(max,
// base·2^(n-1))].
type backoff struct {
	base, max time.Duration
	// randN returns a uniform number in [0, n); nil means math/rand/v2.
	randN func(n int64) int64
}

// ceiling is the most backoff waits before retry n.
func (b backoff) ceiling(retry int) time.Duration {
	d := b.base
	for i := 1; i < retry && d < b.max; i++ {
		if d > b.max/2 {
			return b.max
		}
		d *= 2
	}
	return min(d, b.max)
}

// delay is the wait before retry n.
func (b backoff) delay(retry int) time.Duration {
	c := int64(b.ceiling(retry))
	if c <= 0 {
		return 0
	}
	randN := b.randN
	if randN == nil {
		randN = rand.Int64N
	}
	return time.Duration(randN(c + 1))
}

// sleep waits for d or until ctx is done, whichever comes first, and
// returns ctx's error in the second case.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
