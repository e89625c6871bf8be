//go:build unix

package bench

import (
	"syscall"
	"testing"
	"time"
)

// processCPU is the CPU time the process has used, user and system, on all
// threads (the garbage collector's included).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU starts measuring the process's CPU time; the function it
// returns, deferred by a benchmark that runs b.Loop, reports it per
// iteration as cpu-ns/op. On a shared machine wall time per op swings
// with other load; CPU time per op swings much less, so the README's
// ratios are taken from it.
func reportCPU(b *testing.B) func() {
	start := processCPU()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
		}
	}
}
