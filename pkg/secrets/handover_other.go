//go:build !linux

package secrets

import (
	"fmt"
	"os"
)

// fitPipe: a pipe holds at least 16 KiB on every Unix; more than that is refused here rather
// than left to block.
func fitPipe(w *os.File, n int) error {
	if n > 16<<10 {
		return fmt.Errorf("more than a pipe holds on this system")
	}
	return nil
}

// hideFromSameUser: /proc/PID/environ is Linux's; elsewhere there is nothing to do.
func hideFromSameUser() {}
