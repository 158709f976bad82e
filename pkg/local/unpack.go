package local

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// unpack writes the flattened filesystem tar r into dir. Entries that would escape dir, through
// ".." or through a symlink met on the way, are refused.
func unpack(r io.Reader, dir string) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading image filesystem: %w", err)
		}
		name := filepath.Clean("/" + h.Name)
		if name == "/" {
			continue
		}
		if strings.Contains(h.Name, "..") && filepath.Clean(h.Name) != strings.TrimPrefix(name, "/") {
			return fmt.Errorf("image filesystem entry %q escapes the root: refusing to unpack", h.Name)
		}
		target := filepath.Join(dir, name)
		if err := noSymlinkParents(dir, name); err != nil {
			return err
		}
		mode := os.FileMode(h.Mode).Perm()
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, mode|0o700); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			os.Remove(target)
			f, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC|os.O_EXCL, mode|0o600)
			if err != nil {
				return err
			}
			if _, err := io.Copy(f, tr); err != nil {
				f.Close()
				return fmt.Errorf("unpacking %s: %w", name, err)
			}
			if err := f.Close(); err != nil {
				return err
			}
		case tar.TypeSymlink:
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			os.Remove(target)
			if err := os.Symlink(h.Linkname, target); err != nil {
				return err
			}
		case tar.TypeLink:
			src := filepath.Join(dir, filepath.Clean("/"+h.Linkname))
			if err := noSymlinkParents(dir, filepath.Clean("/"+h.Linkname)); err != nil {
				return err
			}
			os.Remove(target)
			if err := os.Link(src, target); err != nil {
				return err
			}
		default:
			// Devices, FIFOs: not needed to run a service as a process; skipped.
		}
	}
}

// noSymlinkParents makes sure no directory on the way to name (below dir) is a symlink.
func noSymlinkParents(dir, name string) error {
	parts := strings.Split(strings.Trim(filepath.Dir(name), "/"), "/")
	p := dir
	for _, part := range parts {
		if part == "" {
			continue
		}
		p = filepath.Join(p, part)
		fi, err := os.Lstat(p)
		if err != nil {
			return nil // not there yet: created as a directory
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			return fmt.Errorf("image filesystem entry %q goes through the symlink %s: refusing to unpack", name, strings.TrimPrefix(p, dir))
		}
	}
	return nil
}
