package local

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/klauspost/compress/zstd"
)

// Limits bound what the local target pulls and unpacks, so that a hostile or broken image (a
// decompression bomb, millions of files) gets a clear error instead of filling the disk. A zero
// field takes its default.
type Limits struct {
	// MaxLayers is the most layers an image may have (default 128).
	MaxLayers int
	// MaxLayerBytes is the largest layer as pulled, compressed (default 2 GiB).
	MaxLayerBytes int64
	// MaxImageBytes bounds the image's unpacked size, all layers together (default 4 GiB).
	MaxImageBytes int64
	// MaxFiles is the most filesystem entries all layers may hold together (default 1,000,000).
	MaxFiles int
}

// DefaultLimits are the limits a Target applies unless WithLimits says otherwise.
func DefaultLimits() Limits {
	return Limits{MaxLayers: 128, MaxLayerBytes: 2 << 30, MaxImageBytes: 4 << 30, MaxFiles: 1_000_000}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxLayers > 0 {
		d.MaxLayers = l.MaxLayers
	}
	if l.MaxLayerBytes > 0 {
		d.MaxLayerBytes = l.MaxLayerBytes
	}
	if l.MaxImageBytes > 0 {
		d.MaxImageBytes = l.MaxImageBytes
	}
	if l.MaxFiles > 0 {
		d.MaxFiles = l.MaxFiles
	}
	return d
}

// WithLimits sets the size and count limits of the images this target pulls (zero fields keep
// their defaults, see DefaultLimits).
func WithLimits(l Limits) Option { return func(t *Target) { t.limits = l.withDefaults() } }

// limitError says which limit an image went over and how to raise it.
type limitError struct {
	field string
	limit string
	what  string
}

func (e *limitError) Error() string {
	bomb := ""
	if e.field == "MaxImageBytes" {
		bomb = " (a decompression bomb?)"
	}
	return fmt.Sprintf("%s exceeds the local target's limit of %s%s: nothing of this image was run; if the image really is that large, raise the limit with local.WithLimits(local.Limits{%s: ...})",
		e.what, e.limit, bomb, e.field)
}

func bytesText(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}

// budget is what is left of a limit, shared by the readers that spend it.
type budget struct {
	left int64
	err  func() error
}

// boundedReader reads from r until its budget is spent, then fails with the budget's error.
type boundedReader struct {
	r io.Reader
	b *budget
}

func (br *boundedReader) Read(p []byte) (int, error) {
	if br.b.left <= 0 {
		// Over the limit only if there is more to read.
		var one [1]byte
		if n, err := br.r.Read(one[:]); n == 0 {
			return 0, err
		}
		return 0, br.b.err()
	}
	if int64(len(p)) > br.b.left {
		p = p[:br.b.left]
	}
	n, err := br.r.Read(p)
	br.b.left -= int64(n)
	return n, err
}

// unpackState carries the limits across the layers of one image.
type unpackState struct {
	lim      Limits
	files    int
	unpacked budget
}

func newUnpackState(lim Limits) *unpackState {
	st := &unpackState{lim: lim}
	st.unpacked = budget{left: lim.MaxImageBytes, err: func() error {
		return &limitError{field: "MaxImageBytes", limit: bytesText(lim.MaxImageBytes), what: "the image's unpacked size"}
	}}
	return st
}

// unpackImage writes the filesystem of img into dir, layer by layer, and verifies that every
// layer's bytes match the digest the manifest names and, uncompressed, the diff ID its config
// names. It reads each layer to its very end (a tar reader stops at the archive's end marker,
// before the bytes that complete the digest) and refuses images over lim. dir is a fresh
// directory the caller renames into place only when this returns nil.
func unpackImage(ctx context.Context, img v1.Image, dir string, lim Limits) error {
	layers, err := img.Layers()
	if err != nil {
		return err
	}
	if len(layers) > lim.MaxLayers {
		return &limitError{field: "MaxLayers", limit: fmt.Sprint(lim.MaxLayers), what: fmt.Sprintf("its %d layers", len(layers))}
	}
	for i, l := range layers {
		if size, err := l.Size(); err == nil && size > lim.MaxLayerBytes {
			return &limitError{field: "MaxLayerBytes", limit: bytesText(lim.MaxLayerBytes),
				what: fmt.Sprintf("layer %d of %d (%s bytes compressed)", i+1, len(layers), fmt.Sprint(size))}
		}
	}
	st := newUnpackState(lim)
	for i, l := range layers {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := st.layer(l, dir); err != nil {
			var le *limitError
			if errors.As(err, &le) {
				return le
			}
			d, _ := l.Digest()
			return fmt.Errorf("layer %d of %d (%s): %w; nothing of this image was run, and the next start fetches it again", i+1, len(layers), d, err)
		}
	}
	return nil
}

var (
	gzipMagic = []byte{0x1f, 0x8b}
	zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}
)

// layer applies one layer onto dir and verifies its digest and diff ID.
func (st *unpackState) layer(l v1.Layer, dir string) error {
	want, err := l.Digest()
	if err != nil {
		return err
	}
	rc, err := l.Compressed()
	if err != nil {
		return err
	}
	defer rc.Close()
	compressed := &budget{left: st.lim.MaxLayerBytes, err: func() error {
		return &limitError{field: "MaxLayerBytes", limit: bytesText(st.lim.MaxLayerBytes), what: "a layer's compressed size"}
	}}
	zh := sha256.New()
	src := bufio.NewReaderSize(io.TeeReader(&boundedReader{rc, compressed}, zh), 64<<10)
	var plain io.Reader = src
	if magic, _ := src.Peek(4); bytes.HasPrefix(magic, gzipMagic) {
		zr, err := gzip.NewReader(src)
		if err != nil {
			return fmt.Errorf("reading the layer: %w", err)
		}
		plain = zr
	} else if bytes.HasPrefix(magic, zstdMagic) {
		zr, err := zstd.NewReader(src, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(uint64(st.lim.MaxImageBytes)))
		if err != nil {
			return fmt.Errorf("reading the layer: %w", err)
		}
		defer zr.Close()
		plain = zr
	}
	uh := sha256.New()
	tr := io.TeeReader(&boundedReader{plain, &st.unpacked}, uh)
	if err := unpackLayer(tr, dir, st); err != nil {
		return err
	}
	// Read to the end: the padding after the tar's end marker, the compressed stream's trailer
	// and anything after it all count towards the digests (and the limits).
	if _, err := io.Copy(io.Discard, tr); err != nil {
		return fmt.Errorf("the download failed or does not match the layer's digest: %w", err)
	}
	if _, err := io.Copy(io.Discard, src); err != nil {
		return fmt.Errorf("the download failed or does not match the layer's digest: %w", err)
	}
	if got := digestOf(zh); got != want.String() {
		return fmt.Errorf("the bytes served have digest %s and do not match: the registry sent other content than the manifest names (corrupted, truncated or tampered with)", got)
	}
	if diffID, err := l.DiffID(); err == nil {
		if got := digestOf(uh); got != diffID.String() {
			return fmt.Errorf("its uncompressed content has digest %s, which does not match the diff ID %s in the image's config", got, diffID)
		}
	}
	return nil
}

func digestOf(h hash.Hash) string { return "sha256:" + hex.EncodeToString(h.Sum(nil)) }

// unpack writes one filesystem tar r into dir with the default limits.
func unpack(r io.Reader, dir string) error {
	return unpackLayer(r, dir, newUnpackState(DefaultLimits()))
}

// unpackLayer applies one layer's tar r onto dir, as a container runtime does: later entries
// replace earlier ones, whiteouts (.wh.NAME) delete what lower layers wrote, and an opaque
// whiteout (.wh..wh..opq) empties its directory of lower layers' files. Entries that would
// escape dir, through ".." or through a symlink met on the way, are refused.
func unpackLayer(r io.Reader, dir string, st *unpackState) error {
	tr := tar.NewReader(r)
	thisLayer := map[string]bool{}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading the image's filesystem (the download failed or does not match the layer's digest): %w", err)
		}
		st.files++
		if st.files > st.lim.MaxFiles {
			return &limitError{field: "MaxFiles", limit: fmt.Sprint(st.lim.MaxFiles), what: "the number of files in the image"}
		}
		if h.Size > st.unpacked.left {
			return st.unpacked.err()
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
		base := filepath.Base(name)
		if base == ".wh..wh..opq" {
			parent := filepath.Dir(name)
			entries, _ := os.ReadDir(filepath.Join(dir, parent))
			for _, e := range entries {
				if p := filepath.Join(parent, e.Name()); !thisLayer[p] {
					if err := os.RemoveAll(filepath.Join(dir, p)); err != nil {
						return err
					}
				}
			}
			continue
		}
		if gone, ok := strings.CutPrefix(base, ".wh."); ok {
			if err := os.RemoveAll(filepath.Join(filepath.Dir(target), gone)); err != nil {
				return err
			}
			continue
		}
		thisLayer[name] = true
		mode := os.FileMode(h.Mode).Perm()
		switch h.Typeflag {
		case tar.TypeDir:
			if fi, err := os.Lstat(target); err == nil && !fi.IsDir() {
				os.Remove(target)
			}
			if err := os.MkdirAll(target, mode|0o700); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := replaceable(dir, target); err != nil {
				return err
			}
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
			if err := replaceable(dir, target); err != nil {
				return err
			}
			if err := os.Symlink(h.Linkname, target); err != nil {
				return err
			}
		case tar.TypeLink:
			src := filepath.Join(dir, filepath.Clean("/"+h.Linkname))
			if err := noSymlinkParents(dir, filepath.Clean("/"+h.Linkname)); err != nil {
				return err
			}
			if err := replaceable(dir, target); err != nil {
				return err
			}
			if err := os.Link(src, target); err != nil {
				return err
			}
		default:
			// Devices, FIFOs: not needed to run a service as a process; skipped.
		}
	}
}

// replaceable makes way for a new entry at target: its parent directories exist and whatever a
// lower layer left there (a file, a symlink, a directory) is gone.
func replaceable(dir, target string) error {
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	if fi, err := os.Lstat(target); err == nil {
		if fi.IsDir() {
			return os.RemoveAll(target)
		}
		return os.Remove(target)
	}
	return nil
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

// cachedRootfs returns the unpacked filesystem of the image with this digest, unpacking it
// first if this target has not yet: into a temporary directory beside the cache, renamed into
// place only once every layer is verified. A failed or interrupted unpack leaves nothing that
// looks complete; concurrent unpacks of one digest each use their own directory and the first
// rename wins.
func (t *Target) cachedRootfs(ctx context.Context, img v1.Image, digest string) (string, error) {
	images := filepath.Join(t.workDir, "images")
	rootfs := filepath.Join(images, strings.TrimPrefix(digest, "sha256:"))
	if _, err := os.Stat(filepath.Join(rootfs, completeMarker)); err == nil {
		return rootfs, nil
	}
	if err := os.MkdirAll(images, 0o755); err != nil {
		return "", err
	}
	removeStaleUnpacks(images)
	tmp, err := os.MkdirTemp(images, ".unpack-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp) // gone after a rename; removes a failed attempt
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	if err := unpackImage(ctx, img, tmp, t.limits); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(tmp, completeMarker), []byte(digest+"\n"), 0o644); err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(rootfs, completeMarker)); err == nil {
		return rootfs, nil // another Start unpacked it meanwhile
	}
	// A directory without the marker is a leftover of an older layout or a crash: replace it.
	os.RemoveAll(rootfs)
	if err := os.Rename(tmp, rootfs); err != nil {
		if _, serr := os.Stat(filepath.Join(rootfs, completeMarker)); serr == nil {
			return rootfs, nil
		}
		return "", err
	}
	return rootfs, nil
}

// removeStaleUnpacks removes what unpacks interrupted by a crash left behind (an hour old: an
// unpack still running elsewhere is younger).
func removeStaleUnpacks(images string) {
	entries, _ := os.ReadDir(images)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".unpack-") {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > time.Hour {
			os.RemoveAll(filepath.Join(images, e.Name()))
		}
	}
}

// completeMarker is written into a rootfs once every layer is verified and unpacked.
const completeMarker = ".greenlight-complete"
