package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/greenlight-cd/greenlight/pkg/sign"
)

func runKeygen(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	dir := fs.String("dir", ".", "directory for cosign.key and cosign.pub")
	force := fs.Bool("force", false, "replace an existing key pair (signatures made with the old key no longer verify with the new cosign.pub)")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "greenlight keygen: unexpected argument %q (the directory is --dir)\n", fs.Arg(0))
		return 2
	}
	keyPath, pubPath := filepath.Join(*dir, "cosign.key"), filepath.Join(*dir, "cosign.pub")
	if !*force {
		for _, p := range []string{keyPath, pubPath} {
			if _, err := os.Lstat(p); err == nil {
				fmt.Fprintf(stderr, "greenlight keygen: %s exists: keep it, or pass --force to replace the key pair\n", p)
				return 2
			}
		}
	}
	k, err := sign.GenerateKey()
	if err != nil {
		fmt.Fprintf(stderr, "greenlight keygen: %v\n", err)
		return 1
	}
	pass := os.Getenv("COSIGN_PASSWORD")
	enc, err := k.EncryptedPEM([]byte(pass))
	if err == nil {
		err = os.MkdirAll(*dir, 0o755)
	}
	if err == nil {
		err = writeNew(keyPath, enc, 0o600)
	}
	if err == nil {
		err = writeNew(pubPath, k.PublicPEM(), 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "greenlight keygen: %v\n", err)
		return 1
	}
	ignored, err := gitignore(keyPath)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight keygen: wrote %s but could not add it to .gitignore: %v; never commit it\n", keyPath, err)
		return 1
	}
	how := "encrypted with $COSIGN_PASSWORD"
	if pass == "" {
		how = "encrypted with the empty password, cosign's default; set COSIGN_PASSWORD before keygen for another"
	}
	fmt.Fprintf(stdout, "wrote %s (private, mode 0600, %s) and %s (public)\n", keyPath, how, pubPath)
	if ignored != "" {
		fmt.Fprintf(stdout, "added %s to %s\n", filepath.Base(keyPath), ignored)
	}
	fmt.Fprintln(stdout, "for GitHub: put the content of cosign.key in the COSIGN_KEY secret (and COSIGN_PASSWORD); commit cosign.pub")
	return 0
}

// writeNew writes a file with exactly mode perm, replacing any file there (keygen checked
// --force first): a replaced key must not keep an older, wider mode.
func writeNew(path string, b []byte, perm os.FileMode) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(perm); err != nil { // the umask may have narrowed it; never widened
		f.Close()
		return err
	}
	return f.Close()
}

// gitignore adds keyPath to the .gitignore of its repository (the git top level, or the key's
// directory outside git) unless a line already names it. It returns the .gitignore it changed,
// or "" when nothing was needed.
func gitignore(keyPath string) (string, error) {
	abs, err := filepath.Abs(keyPath)
	if err != nil {
		return "", err
	}
	root := filepath.Dir(abs)
	if out, err := exec.Command("git", "-C", root, "rev-parse", "--show-toplevel").Output(); err == nil {
		if top := strings.TrimSpace(string(out)); top != "" {
			root = top
		}
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		return "", err
	}
	line := "/" + filepath.ToSlash(rel)
	path := filepath.Join(root, ".gitignore")
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	for _, l := range strings.Split(string(old), "\n") {
		l = strings.TrimSpace(l)
		if l == line || l == filepath.ToSlash(rel) {
			return "", nil
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return "", err
	}
	prefix := ""
	if len(old) > 0 && old[len(old)-1] != '\n' {
		prefix = "\n"
	}
	_, err = fmt.Fprintf(f, "%s# the private signing key: never commit it (greenlight keygen)\n%s\n", prefix, line)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return path, err
}
