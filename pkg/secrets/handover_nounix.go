//go:build !unix

package secrets

import "errors"

// canHandOver: no exec that keeps descriptors here; secrets stay in the environment.
const canHandOver = false

func inheritable(fd uintptr) error { return errors.New("not supported on this system") }

func execve(exe string, args, env []string) error { return errors.New("not supported on this system") }
