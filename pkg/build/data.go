package build

import (
	"archive/tar"
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// maxDataBytes bounds what kodata and Files put into an image: more is a mistake (a build
// output or a repository's history), said before anything is pushed.
const maxDataBytes = 512 << 20

// dataFiles lists the files of the image's data directory: the image path (under DataDir) of
// each, and the file it is read from. The main package's kodata/ folder goes at DataDir's
// root, each of Files at its path relative to Dir. Symbolic links are followed (as ko does);
// a link that leads back into a folder being listed is an error.
func (g Go) dataFiles() (map[string]string, error) {
	files := map[string]string{}
	dir := g.Dir
	if dir == "" {
		dir = "."
	}
	kodata := filepath.Join(dir, filepath.FromSlash(g.mainPkg()), "kodata")
	if fi, err := os.Stat(kodata); err == nil && fi.IsDir() {
		if err := addTree(files, kodata, "", map[string]bool{}); err != nil {
			return nil, err
		}
	}
	for _, f := range g.Files {
		clean := filepath.Clean(filepath.FromSlash(f))
		if f == "" || filepath.IsAbs(clean) || clean == "." || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
			return nil, fmt.Errorf("build.Go.Files %q: name a file or folder inside the module's directory, relative to Dir", f)
		}
		src := filepath.Join(dir, clean)
		fi, err := os.Stat(src)
		if err != nil {
			return nil, fmt.Errorf("build.Go.Files %q: %v", f, err)
		}
		rel := filepath.ToSlash(clean)
		if fi.IsDir() {
			if err := addTree(files, src, rel, map[string]bool{}); err != nil {
				return nil, err
			}
		} else {
			files[rel] = src
		}
	}
	return files, nil
}

// addTree adds the files under src, at prefix in the data directory.
func addTree(files map[string]string, src, prefix string, seen map[string]bool) error {
	real, err := filepath.EvalSymlinks(src)
	if err != nil {
		return err
	}
	if seen[real] {
		return fmt.Errorf("%s: a symbolic link leads back into a folder already copied", src)
	}
	seen[real] = true
	defer delete(seen, real)
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		p := filepath.Join(src, e.Name())
		fi, err := os.Stat(p) // follows symbolic links
		if err != nil {
			return fmt.Errorf("%s: %v", p, err)
		}
		rel := path.Join(prefix, e.Name())
		if fi.IsDir() {
			if err := addTree(files, p, rel, seen); err != nil {
				return err
			}
			continue
		}
		if fi.Mode().IsRegular() {
			files[rel] = p
		}
	}
	return nil
}

// dataLayer is the layer of the data directory, or nil when the image carries no files: the
// files in name order with their folders, read-only (0555, as ko writes them), owned by root,
// at the fixed time created, so that the same files always give the same digest.
func (g Go) dataLayer(created time.Time) (v1.Layer, error) {
	files, err := g.dataFiles()
	if err != nil || len(files) == 0 {
		return nil, err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	root := strings.TrimPrefix(DataDir, "/")
	dirs := map[string]bool{}
	addDir := func(d string) error {
		if dirs[d] {
			return nil
		}
		dirs[d] = true
		return tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: d + "/", Mode: 0o555, ModTime: created, Format: tar.FormatPAX})
	}
	// The data directory and its parents, then each file's folders before it.
	for i := range strings.Split(root, "/") {
		if err := addDir(strings.Join(strings.Split(root, "/")[:i+1], "/")); err != nil {
			return nil, err
		}
	}
	var total int64
	for _, n := range names {
		parts := strings.Split(n, "/")
		for i := 1; i < len(parts); i++ {
			if err := addDir(root + "/" + strings.Join(parts[:i], "/")); err != nil {
				return nil, err
			}
		}
		b, err := os.ReadFile(files[n])
		if err != nil {
			return nil, err
		}
		if total += int64(len(b)); total > maxDataBytes {
			return nil, fmt.Errorf("the image's data files (kodata/ and build.Go.Files) exceed %d MB: name only what the service reads at run time", maxDataBytes>>20)
		}
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: root + "/" + n, Mode: 0o555, Size: int64(len(b)), ModTime: created, Format: tar.FormatPAX}); err != nil {
			return nil, err
		}
		if _, err := tw.Write(b); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return gzipLayer(buf.Bytes())
}
