//go:build unix

package secrets

import "syscall"

// canHandOver: secrets can be handed over through an inherited descriptor across exec.
const canHandOver = true

// inheritable clears close-on-exec on fd, so that an exec keeps it open.
func inheritable(fd uintptr) error {
	_, _, errno := syscall.Syscall(syscall.SYS_FCNTL, fd, syscall.F_SETFD, 0)
	if errno != 0 {
		return errno
	}
	return nil
}

func execve(exe string, args, env []string) error { return syscall.Exec(exe, args, env) }
