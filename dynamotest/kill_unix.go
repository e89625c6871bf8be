//go:build unix

package dynamotest

import (
	"os"
	"syscall"
)

// killGroup signals the process group led by p (and p itself).
func killGroup(p *os.Process, hard bool) {
	sig := syscall.SIGTERM
	if hard {
		sig = syscall.SIGKILL
	}
	if err := syscall.Kill(-p.Pid, sig); err != nil {
		_ = p.Signal(sig)
	}
}
