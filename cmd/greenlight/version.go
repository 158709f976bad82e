package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
)

const modulePath = "github.com/greenlight-cd/greenlight"

// buildVersion is what this binary knows of its own origin.
type buildVersion struct {
	// Version is the module version from the build info: v1.2.3 for `go install ...@v1.2.3`,
	// "(devel)" for a build in a checkout.
	Version string
	// Commit is vcs.revision from the build info or, failing that, the checkout's HEAD.
	Commit string
	// Modified is vcs.modified: the checkout had uncommitted changes.
	Modified bool
	// Source is the checkout a development build was built from ("" for a release or when it
	// cannot be found, as with -trimpath).
	Source string
	// Go is the toolchain that built the binary.
	Go string
}

// releaseVersion is the tag a release binary was built from, set by the release workflow
// (.github/workflows/release.yml: -ldflags "-X main.releaseVersion=v1.2.3"); it wins over the
// build info, which a build outside the module cache stamps from git only when -buildvcs lets it.
var releaseVersion string

var pseudoVersion = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+-(0\.)?[0-9]{14}-[0-9a-f]{12}`)

// Release reports whether the binary is a released version a module can require and the Action
// can be pinned to by tag.
func (b buildVersion) Release() bool {
	return strings.HasPrefix(b.Version, "v") && !strings.Contains(b.Version, "+") && !pseudoVersion.MatchString(b.Version) && !b.Modified
}

func (b buildVersion) String() string {
	var s strings.Builder
	fmt.Fprintf(&s, "greenlight %s", b.Version)
	if b.Commit != "" {
		fmt.Fprintf(&s, " commit %s", b.Commit)
		if b.Modified {
			s.WriteString(" (with uncommitted changes)")
		}
	}
	fmt.Fprintf(&s, " %s %s/%s", b.Go, runtime.GOOS, runtime.GOARCH)
	if !b.Release() {
		if b.Source != "" {
			fmt.Fprintf(&s, "\ndevelopment build from %s", b.Source)
		} else {
			s.WriteString("\ndevelopment build")
		}
	}
	return s.String()
}

// currentBuild reads the build info: the module version, and vcs.revision when the go command
// stamped it. A development build (version "(devel)") also finds the checkout it was built from,
// through this file's compile-time path (absent with -trimpath) or $GREENLIGHT_DEV_MODULE, and
// takes the commit from it when the build info has none.
func currentBuild() buildVersion {
	b := buildVersion{Version: "(devel)", Go: runtime.Version()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Path == modulePath && bi.Main.Version != "" {
			b.Version = bi.Main.Version
		} else {
			// Built as a dependency of another module (a test, a tool): its required version.
			for _, d := range bi.Deps {
				if d.Path == modulePath {
					b.Version = d.Version
					if d.Replace != nil {
						b.Version = "(devel)"
					}
				}
			}
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Commit = s.Value
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
	}
	if releaseVersion != "" {
		b.Version = releaseVersion
	}
	if b.Release() {
		return b
	}
	b.Source = sourceCheckout()
	if b.Commit == "" && b.Source != "" {
		if out, err := exec.Command("git", "-C", b.Source, "rev-parse", "HEAD").Output(); err == nil {
			b.Commit = strings.TrimSpace(string(out))
			if st, err := exec.Command("git", "-C", b.Source, "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(st) > 0 {
				b.Modified = true
			}
		}
	}
	return b
}

// sourceCheckout is the Greenlight checkout this binary was built from, or "".
func sourceCheckout() string {
	if d := os.Getenv("GREENLIGHT_DEV_MODULE"); d != "" {
		if isGreenlightModule(d) {
			abs, _ := filepath.Abs(d)
			return abs
		}
		return ""
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return ""
	}
	root := filepath.Dir(filepath.Dir(filepath.Dir(file))) // <root>/cmd/greenlight/version.go
	if isGreenlightModule(root) {
		return root
	}
	return ""
}

func isGreenlightModule(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) == 2 && f[0] == "module" && f[1] == modulePath {
			return true
		}
	}
	return false
}

// runVersion is `greenlight version`.
func runVersion(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int {
	if code, ok := parse(fs, args, e.stdout); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(e.stderr, "greenlight version: takes no arguments")
		return 2
	}
	fmt.Fprintln(e.stdout, e.build().String())
	return 0
}
