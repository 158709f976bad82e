package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/greenlight-cd/greenlight/pkg/secrets"
)

// pipelineBuildFlags are the flags `greenlight run` compiles the pipeline with (after "build");
// pipelineKey hashes them, so a change here compiles every pipeline again. -buildvcs=false
// keeps the repository's VCS state, which the key does not cover, out of the binary.
//
// A cold compile (the first run of a repository, before actions/cache has Go's build cache)
// is what a user waits for, and the pipeline's code is not what makes a run fast or slow: it
// waits on the network, on go test and go build, on the cluster. So the pipeline is compiled
// without optimization or inlining (-N -l), about a quarter less compile work
// (bench/actionbench), except where a run does spend CPU: the runtime (its allocator, its
// maps, its collector), compress/... and hash/... (gzip and checksums of image layers).
// SHA-256 and the TLS curves are assembly either way. -w leaves the DWARF tables out of the
// link (a panic's stack trace does not need them).
var pipelineBuildFlags = []string{"-trimpath", "-buildvcs=false",
	"-gcflags=all=-N -l", "-gcflags=runtime=", "-gcflags=internal/runtime/...=", "-gcflags=compress/...=", "-gcflags=hash/...=",
	"-ldflags=-w"}

// pipelineBuildEnv is the environment the pipeline is compiled in, and the one its key reads
// Go's settings from: no secret (compiling needs none), and cgo off unless the user's
// environment sets CGO_ENABLED (a pipeline needs no C, and without cgo no C compiler runs while
// it compiles).
func pipelineBuildEnv() []string {
	if _, set := os.LookupEnv("CGO_ENABLED"); set {
		return secrets.ChildEnv()
	}
	return secrets.ChildEnv("CGO_ENABLED=0")
}

// pipelineKeyEnv are the toolchain settings that change what go build produces, read through
// `go env` so that values set with `go env -w` and the toolchain a go.mod selects count too.
var pipelineKeyEnv = []string{
	"GOVERSION", "GOROOT", "GOOS", "GOARCH", "GOAMD64", "GOARM", "GOARM64", "GO386", "GOPPC64", "GORISCV64",
	"GOMIPS", "GOMIPS64", "GOWASM", "GOFLAGS", "GOEXPERIMENT", "GOFIPS140", "CGO_ENABLED", "CC", "CXX",
	"CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS", "CGO_LDFLAGS", "GOWORK",
}

// pipelineKey names the compiled pipeline for the module in dir: a hash of every input of its
// build. That is the Go toolchain and its settings (pipelineKeyEnv), the build flags, every file
// of the module (not only .go files: any file may be embedded), the go.work and go.work.sum in
// effect with every module they use, and every module a local replace directive points at (a
// pipeline developed against a greenlight checkout is compiled again when the checkout changes).
// Modules from the module cache are pinned by go.sum, which is hashed. Nested modules and VCS
// directories are not inputs and are skipped. It costs one `go env` and a walk, no `go list`.
func pipelineKey(ctx context.Context, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", append([]string{"env", "-json"}, pipelineKeyEnv...)...)
	cmd.Dir = dir
	cmd.Env = pipelineBuildEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if _, lerr := exec.LookPath("go"); lerr != nil {
			return "", fmt.Errorf("go is not installed or not on PATH: %w", lerr)
		}
		return "", fmt.Errorf("reading the Go settings for %s: %v: %s", dir, err, strings.TrimSpace(stderr.String()))
	}
	var goenv map[string]string
	if err := json.Unmarshal(out, &goenv); err != nil {
		return "", fmt.Errorf("reading the Go settings for %s: %w", dir, err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "greenlight pipeline key v2\nflags %q\n", pipelineBuildFlags)
	for _, k := range pipelineKeyEnv {
		fmt.Fprintf(h, "env %s=%q\n", k, goenv[k])
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	k := keyWalker{h: h, done: map[string]bool{}}
	mains := []string{abs}
	if work := goenv["GOWORK"]; work != "" && work != "off" {
		// Workspace mode: go.work's use directives name the main modules, its replaces come
		// first, then the replaces of every main module.
		data, err := os.ReadFile(work)
		if err != nil {
			return "", fmt.Errorf("reading %s: %w", work, err)
		}
		if err := k.file("go.work", work); err != nil {
			return "", err
		}
		if err := k.file("go.work.sum", filepath.Join(filepath.Dir(work), "go.work.sum")); err != nil {
			return "", err
		}
		uses, replaces := parseModDirectives(data)
		for _, u := range uses {
			mains = append(mains, resolveModPath(filepath.Dir(work), u))
		}
		for _, r := range replaces {
			if err := k.tree("replace", resolveModPath(filepath.Dir(work), r)); err != nil {
				return "", err
			}
		}
	}
	for _, m := range mains {
		if err := k.tree("module", m); err != nil {
			return "", err
		}
	}
	for _, m := range mains {
		data, err := os.ReadFile(filepath.Join(m, "go.mod"))
		if err != nil {
			continue // hashed as missing above; go build says what is wrong
		}
		_, replaces := parseModDirectives(data)
		for _, r := range replaces {
			if err := k.tree("replace", resolveModPath(m, r)); err != nil {
				return "", err
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:24], nil
}

// keyWalker hashes files and module trees, each tree once.
type keyWalker struct {
	h    hash.Hash
	done map[string]bool
}

// file hashes one file under a label; a missing file is hashed as missing.
func (k *keyWalker) file(label, path string) error {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		fmt.Fprintf(k.h, "%s missing\n", label)
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	fmt.Fprintf(k.h, "%s %d\n", label, fi.Size())
	_, err = io.Copy(k.h, f)
	return err
}

// tree hashes every file of the module rooted at root: its path relative to root, size and
// content, in lexical order. Nested modules (directories with their own go.mod) and VCS
// directories are skipped: go build never reads them for this module.
func (k *keyWalker) tree(kind, root string) error {
	if k.done[root] {
		return nil
	}
	k.done[root] = true
	fmt.Fprintf(k.h, "%s %s\n", kind, root)
	if _, err := os.Stat(root); err != nil {
		fmt.Fprintf(k.h, "missing\n")
		return nil
	}
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			switch d.Name() {
			case ".git", ".hg", ".svn", ".bzr", ".jj":
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); p != root && err == nil {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// A symlink to a file is read through (go build does); one to a directory is not
			// followed (go build does not either).
			if fi, err := os.Stat(p); err != nil || fi.IsDir() {
				fmt.Fprintf(k.h, "link %s\n", filepath.ToSlash(rel))
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		return k.file("file "+filepath.ToSlash(rel), p)
	})
}

// parseModDirectives returns the use directives and the local targets of the replace
// directives of a go.mod or go.work file: replacements by a filesystem path (./x, ../x or an
// absolute path), whose sources go build reads from there. Replacements by a module version
// are pinned by go.sum.
func parseModDirectives(data []byte) (uses, localReplaces []string) {
	block := ""
	for _, line := range strings.Split(string(data), "\n") {
		fields := modFields(line)
		if len(fields) == 0 {
			continue
		}
		if block != "" {
			if fields[0] == ")" {
				block = ""
				continue
			}
			fields = append([]string{block}, fields...)
		} else if len(fields) == 2 && fields[1] == "(" {
			block = fields[0]
			continue
		}
		switch fields[0] {
		case "use":
			if len(fields) >= 2 {
				uses = append(uses, fields[1])
			}
		case "replace":
			for i, f := range fields {
				if f == "=>" && i+1 < len(fields) && len(fields) == i+2 && isLocalModPath(fields[i+1]) {
					localReplaces = append(localReplaces, fields[i+1])
				}
			}
		}
	}
	return uses, localReplaces
}

// modFields splits one go.mod or go.work line into tokens, unquoting quoted ones and dropping
// the comment.
func modFields(line string) []string {
	var out []string
	for s := strings.TrimSpace(line); s != "" && !strings.HasPrefix(s, "//"); s = strings.TrimSpace(s) {
		if q, err := strconv.QuotedPrefix(s); err == nil {
			u, _ := strconv.Unquote(q)
			out = append(out, u)
			s = s[len(q):]
			continue
		}
		i := strings.IndexAny(s, " \t")
		if i < 0 {
			i = len(s)
		}
		out = append(out, s[:i])
		s = s[i:]
	}
	return out
}

func isLocalModPath(p string) bool {
	return p == "." || p == ".." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") ||
		strings.HasPrefix(p, `.\`) || strings.HasPrefix(p, `..\`) || filepath.IsAbs(p)
}

func resolveModPath(base, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(base, filepath.FromSlash(p))
}
