// Package backoff is the one retry schedule of the library: exponential
// backoff with full jitter, used by batch reads and writes, transaction
// conflict retries and optimistic-lock retries.
package backoff

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// Backoff is exponential backoff with full jitter: before retry n (1 for
// the first retry) it waits a uniformly random time in [0, min(Max,
// Base·2^(n-1))]. Full jitter spreads the retries of many clients instead
// of letting them collide again.
type Backoff struct {
	Base, Max time.Duration
	// RandN returns a uniform number in [0, n); nil means math/rand/v2.
	RandN func(n int64) int64
}

// Check refuses a base and max that do not describe a backoff: it
// returns why, or "" when 0 < base ≤ max.
func Check(base, max time.Duration) string {
	if base <= 0 || max < base {
		return fmt.Sprintf("(%v, %v) needs 0 < base ≤ max", base, max)
	}
	return ""
}

// Ceiling is the longest wait before retry n.
func (b Backoff) Ceiling(retry int) time.Duration {
	d := b.Base
	for i := 1; i < retry && d < b.Max; i++ {
		if d > b.Max/2 {
			return b.Max
		}
		d *= 2
	}
	return min(d, b.Max)
}

// Delay is a wait before retry n, drawn anew on each call.
func (b Backoff) Delay(retry int) time.Duration {
	c := int64(b.Ceiling(retry))
	if c <= 0 {
		return 0
	}
	randN := b.RandN
	if randN == nil {
		randN = rand.Int64N
	}
	return time.Duration(randN(c + 1))
}

// Sleep waits for d or until ctx is done, whichever comes first, and
// returns ctx's error in the second case.
func Sleep(ctx context.Context, d time.Duration) error {
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
