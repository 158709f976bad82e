package local

import "syscall"

// serviceProcAttr starts a service in its own process group (stopped as a group), killed by
// the kernel if the run that started it dies first.
func serviceProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
