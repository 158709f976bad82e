package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	modzip "golang.org/x/mod/zip"
)

// A development build of greenlight is a commit of its checkout. The version of that commit a
// module can require is the one the module proxy serves for it: its pseudo-version
// (https://go.dev/ref/mod#pseudo-versions), or its tag when the commit is tagged. The files
// here compute it from git and write that version, in the layout of a module proxy
// (https://go.dev/ref/mod#goproxy-protocol), to a directory `GOPROXY=file://DIR` serves: init
// resolves the pipeline's modules through it before the commit is published, and the tests
// compile a generated pipeline from such a directory alone, as a runner would.

// gitOut runs git in dir and returns its trimmed output.
func gitOut(ctx context.Context, dir string, args ...string) (string, error) {
	var errb bytes.Buffer
	c := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	c.Stderr = &errb
	out, err := c.Output()
	if err != nil {
		return "", fmt.Errorf("git %s in %s: %v %s", strings.Join(args, " "), dir, err, bytes.TrimSpace(errb.Bytes()))
	}
	return strings.TrimSpace(string(out)), nil
}

// commitVersion is the module version the proxy serves for commit of the module in checkout
// src: the commit's own semver tag, else the pseudo-version based on the newest semver tag
// it descends from (v0.0.0-… when there is none), with the commit's time in UTC.
func commitVersion(ctx context.Context, src, commit string) (string, time.Time, error) {
	out, err := gitOut(ctx, src, "log", "-1", "--format=%ct", commit)
	if err != nil {
		return "", time.Time{}, err
	}
	sec, err := strconv.ParseInt(out, 10, 64)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("the time of commit %s: %q", commit, out)
	}
	t := time.Unix(sec, 0).UTC()
	// The semver tags that point at the commit, then the newest one it descends from.
	tags, _ := gitOut(ctx, src, "tag", "--points-at", commit, "--list", "v*")
	for _, tag := range strings.Fields(tags) {
		if semver.IsValid(tag) && semver.Build(tag) == "" && tag == semver.Canonical(tag) && semver.Major(tag) <= "v1" {
			return tag, t, nil
		}
	}
	older := ""
	if tag, err := gitOut(ctx, src, "describe", "--tags", "--abbrev=0", "--match", "v[0-9]*", commit); err == nil && semver.IsValid(tag) && semver.Major(tag) <= "v1" {
		older = tag
	}
	return module.PseudoVersion("", older, t, commit[:min(12, len(commit))]), t, nil
}

// writeProxyVersion writes version of the module in checkout src, as it is at commit, to the
// module proxy directory dir: the .info, .mod and .zip files and the list. The zip has the
// files `git archive` gives for the commit, as the go command's own zip of a commit has, so
// its hash is the one sum.golang.org records for the published commit.
func writeProxyVersion(ctx context.Context, dir, src, modPath, version, commit string, t time.Time) error {
	top, err := gitOut(ctx, src, "rev-parse", "--show-toplevel")
	if err != nil {
		return err
	}
	sub, err := filepath.Rel(top, src)
	if err != nil {
		return err
	}
	sub = filepath.ToSlash(sub)
	if sub == "." {
		sub = ""
	}
	esc, err := module.EscapePath(modPath)
	if err != nil {
		return err
	}
	vdir := filepath.Join(dir, filepath.FromSlash(esc), "@v")
	if err := os.MkdirAll(vdir, 0o755); err != nil {
		return err
	}
	archive := exec.CommandContext(ctx, "git", "-c", "core.autocrlf=input", "-c", "core.eol=lf", "archive", "--format=zip", commit)
	if sub != "" {
		archive.Args = append(archive.Args, sub)
	}
	archive.Dir = top
	var errb bytes.Buffer
	archive.Stderr = &errb
	raw, err := archive.Output()
	if err != nil {
		return fmt.Errorf("git archive %s in %s: %v %s", commit, top, err, bytes.TrimSpace(errb.Bytes()))
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return err
	}
	var files []modzip.File
	var gomod []byte
	prefix := ""
	if sub != "" {
		prefix = sub + "/"
	}
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, prefix) || strings.HasSuffix(f.Name, "/") {
			continue
		}
		name := strings.TrimPrefix(f.Name, prefix)
		files = append(files, archived{name, f})
		if name == "go.mod" {
			r, err := f.Open()
			if err != nil {
				return err
			}
			gomod, err = io.ReadAll(r)
			r.Close()
			if err != nil {
				return err
			}
		}
	}
	if gomod == nil {
		return fmt.Errorf("commit %s has no go.mod in %s", commit, src)
	}
	m := module.Version{Path: modPath, Version: version}
	var zb bytes.Buffer
	if err := modzip.Create(&zb, m, files); err != nil {
		return err
	}
	info, _ := json.Marshal(struct {
		Version string
		Time    time.Time
	}{version, t})
	for ext, data := range map[string][]byte{".info": info, ".mod": gomod, ".zip": zb.Bytes()} {
		if err := os.WriteFile(filepath.Join(vdir, version+ext), data, 0o644); err != nil {
			return err
		}
	}
	list, _ := os.ReadFile(filepath.Join(vdir, "list"))
	if !strings.Contains("\n"+string(list), "\n"+version+"\n") {
		list = append(list, version+"\n"...)
	}
	return os.WriteFile(filepath.Join(vdir, "list"), list, 0o644)
}

// archived is a file of a git archive, as golang.org/x/mod/zip takes it.
type archived struct {
	name string
	f    *zip.File
}

func (a archived) Path() string                 { return a.name }
func (a archived) Lstat() (fs.FileInfo, error)  { return a.f.FileInfo(), nil }
func (a archived) Open() (io.ReadCloser, error) { return a.f.Open() }

// workspaceIgnore is the .gitignore line that keeps a local go.work of the pipeline module
// out of the repository: a checkout of Greenlight exists only on the machine it is on.
const workspaceIgnore = ".greenlight/go.work*"

// ignoreWorkspace adds workspaceIgnore to the .gitignore at root (creating it) unless it is
// there.
func ignoreWorkspace(root string) error {
	p := filepath.Join(root, ".gitignore")
	b, err := os.ReadFile(p)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(l) == workspaceIgnore {
			return nil
		}
	}
	if len(b) > 0 && b[len(b)-1] != '\n' {
		b = append(b, '\n')
	}
	b = append(b, "# A local checkout of Greenlight, used through go.work on one machine only (greenlight init).\n"+workspaceIgnore+"\n"...)
	return os.WriteFile(p, b, 0o644)
}
