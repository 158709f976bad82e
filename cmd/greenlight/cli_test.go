package main

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/sign"
)

// Every registered command's --help says what it does, its usage, its flags and an example, on
// stdout, and exits 0; an unknown flag exits 2 with the usage.
func TestEveryCommandHasHelpAndRefusesUnknownFlags(t *testing.T) {
	for _, name := range []string{"demo", "build", "keygen", "version", "init", "help"} {
		if lookup(name) == nil {
			t.Errorf("%s is not a registered command", name)
		}
	}
	for _, c := range commands() {
		name := c.name
		for _, h := range []string{"--help", "-h"} {
			code, out, errs := runCLI(name, h)
			if code != 0 || errs != "" {
				t.Errorf("%s %s: exit %d, stderr %q", name, h, code, errs)
			}
			for _, want := range []string{c.summary, "usage:\n  " + c.usage, "example:\n"} {
				if !strings.Contains(out, want) {
					t.Errorf("%s %s lacks %q:\n%s", name, h, want, out)
				}
			}
		}
		if c.example == "" || c.summary == "" || !strings.HasPrefix(c.usage, "greenlight "+name) {
			t.Errorf("%s: summary %q, usage %q, example %q", name, c.summary, c.usage, c.example)
		}
		code, out, errs := runCLI(name, "--no-such-flag")
		if code != 2 || !strings.Contains(errs, "flag provided but not defined: -no-such-flag") || !strings.Contains(errs, "usage:") || out != "" {
			t.Errorf("%s --no-such-flag: exit %d\n%s", name, code, errs)
		}
	}
	if code, out, _ := runCLI("help", "keygen"); code != 0 || !strings.Contains(out, "--force") && !strings.Contains(out, "-force") {
		t.Errorf("help keygen: %d %s", code, out)
	}
	if code, out, _ := runCLI("--help"); code != 0 || !strings.Contains(out, "greenlight init") || !strings.Contains(out, "greenlight status") {
		t.Errorf("--help: %d %s", code, out)
	}
	if code, _, errs := runCLI("help", "nope"); code != 2 || !strings.Contains(errs, `no command "nope"`) {
		t.Errorf("help nope: %d %s", code, errs)
	}
}

// The table names each command once.
func TestCommandTableNamesEachCommandOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range commands() {
		if seen[c.name] {
			t.Errorf("%s is in the command table twice", c.name)
		}
		seen[c.name] = true
	}
}

// version reads the build info, and a development build names its commit, never "dev".
func TestVersionFromBuildInfo(t *testing.T) {
	code, out, _ := runCLI("version")
	if code != 0 || strings.Contains(out, "greenlight dev") {
		t.Fatalf("version: %d %q", code, out)
	}
	bv := currentBuild()
	if bv.Release() || bv.Source == "" || len(bv.Commit) != 40 {
		t.Fatalf("this test binary is a development build of a checkout: %+v", bv)
	}
	if !strings.Contains(out, "greenlight "+bv.Version+" commit "+bv.Commit) || !strings.Contains(out, "development build from "+bv.Source) {
		t.Errorf("version: %q", out)
	}
	for v, release := range map[string]bool{"v1.2.3": true, "(devel)": false, "v0.0.0-20261201203000-bb83519bbc3f": false, "v1.2.3+dirty": false, "v1.2.4-0.20261201203000-bb83519bbc3f": false} {
		if got := (buildVersion{Version: v}).Release(); got != release {
			t.Errorf("Release(%s) = %v", v, got)
		}
	}
	if code, _, _ := runCLI("--version"); code != 0 {
		t.Error("--version")
	}
}

func TestKeygenKeepsTheKeyPrivateAndUnique(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("COSIGN_PASSWORD", "")
	code, out, errs := runCLI("keygen", "--dir", dir)
	if code != 0 {
		t.Fatalf("keygen: %d %s", code, errs)
	}
	keyPath := filepath.Join(dir, "cosign.key")
	first, _ := os.ReadFile(keyPath)
	if fi, err := os.Stat(keyPath); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("cosign.key mode: %v %v", fi.Mode(), err)
	}
	if !strings.Contains(out, ".gitignore") {
		t.Errorf("keygen did not say it added the key to .gitignore: %s", out)
	}
	gi, _ := os.ReadFile(filepath.Join(dir, ".gitignore"))
	if !strings.Contains(string(gi), "/cosign.key\n") {
		t.Errorf(".gitignore: %q", gi)
	}
	code, _, errs = runCLI("keygen", "--dir", dir)
	if code != 2 || !strings.Contains(errs, "cosign.key exists") || !strings.Contains(errs, "--force") {
		t.Errorf("second keygen: %d %s", code, errs)
	}
	if again, _ := os.ReadFile(keyPath); string(again) != string(first) {
		t.Fatal("keygen overwrote an existing key")
	}
	os.Chmod(keyPath, 0o644)
	if code, _, errs := runCLI("keygen", "--dir", dir, "--force"); code != 0 {
		t.Fatalf("keygen --force: %d %s", code, errs)
	}
	if again, _ := os.ReadFile(keyPath); string(again) == string(first) {
		t.Error("--force did not replace the key")
	}
	if fi, _ := os.Stat(keyPath); fi.Mode().Perm() != 0o600 {
		t.Errorf("a replaced key keeps mode %v", fi.Mode())
	}
	gi, _ = os.ReadFile(filepath.Join(dir, ".gitignore"))
	if strings.Count(string(gi), "/cosign.key") != 1 {
		t.Errorf(".gitignore has the key %d times:\n%s", strings.Count(string(gi), "/cosign.key"), gi)
	}
	// The key is usable both ways COSIGN_KEY gives it.
	if _, err := sign.LoadKey(keyPath, nil); err != nil {
		t.Error(err)
	}
	if _, err := sign.LoadKey(string(first), nil); err != nil {
		t.Error(err)
	}
}

func TestDemoRefusesARateItCannotUse(t *testing.T) {
	for _, rate := range []string{"0", "-5", "100000", "fast"} {
		code, _, errs := runCLI("demo", "--rate", rate)
		if code != 2 || !strings.Contains(errs, "--rate") {
			t.Errorf("--rate %s: %d %s", rate, code, errs)
		}
	}
}

// Long steps say they are still working, with the time so far.
func TestProgressShowsElapsedTime(t *testing.T) {
	var b syncBuffer
	e := newEnv(nil, &b)
	e.progressEvery = 10 * time.Millisecond
	done := e.progress("building shop")
	for !strings.Contains(b.String(), "still building shop (") {
		time.Sleep(5 * time.Millisecond)
	}
	done(nil)
	if s := b.String(); !strings.HasPrefix(s, "building shop...\n") || !strings.Contains(s, "building shop: done in ") {
		t.Errorf("%q", s)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
