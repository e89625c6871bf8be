package dynamotest

import "syscall"

func sysProcAttr() *syscall.SysProcAttr {
	// Own process group, so Stop reaches anything java starts, and SIGKILL
	// when the parent dies, so a crashed or killed test binary leaves no
	// server behind.
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
