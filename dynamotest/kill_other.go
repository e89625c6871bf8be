//go:build !unix

package dynamotest

import (
	"os"
	"syscall"
)

func sysProcAttr() *syscall.SysProcAttr { return nil }

func killGroup(p *os.Process, hard bool) { _ = p.Kill() }
