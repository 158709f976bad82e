package secrets

import (
	"os"
	"syscall"
)

const (
	fSetPipeSz    = 1031 // F_SETPIPE_SZ, fcntl(2)
	fGetPipeSz    = 1032 // F_GETPIPE_SZ
	prSetDumpable = 4    // PR_SET_DUMPABLE, prctl(2)
)

// fitPipe makes w's pipe hold n bytes, so that writing them does not block.
func fitPipe(w *os.File, n int) error {
	rc, err := w.SyscallConn()
	if err != nil {
		return err
	}
	var size uintptr
	var serr syscall.Errno
	if err := rc.Control(func(fd uintptr) {
		size, _, serr = syscall.Syscall(syscall.SYS_FCNTL, fd, fGetPipeSz, 0)
		if serr == 0 && int(size) < n {
			_, _, serr = syscall.Syscall(syscall.SYS_FCNTL, fd, fSetPipeSz, uintptr(n))
		}
	}); err != nil {
		return err
	}
	if serr != 0 {
		return serr
	}
	return nil
}

// hideFromSameUser makes this process non-dumpable (prctl PR_SET_DUMPABLE 0): its /proc/PID
// files (environ, mem, fd, …) then belong to root, and no process of the same user can read its
// memory or open its descriptors. An exec resets it, so children the process starts are not
// affected.
func hideFromSameUser() {
	syscall.RawSyscall(syscall.SYS_PRCTL, prSetDumpable, 0, 0)
}
