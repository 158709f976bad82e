//go:build !linux && !windows

package local

import "syscall"

// serviceProcAttr starts a service in its own process group (stopped as a group). Only Linux
// can have the kernel kill it when the run dies first; elsewhere the run stops it on its way
// out (Ctrl-C included), and a run killed outright leaves it to be stopped by hand.
func serviceProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
