// actionbench measures what a user waits for on every Action run, from the job's start to the
// pipeline's first stage, for a pipeline that imports the Kubernetes, GitHub, Prometheus, build
// and sign packages (what greenlight init writes): getting the greenlight CLI, then `greenlight
// run` compiling (or not) and starting the pipeline. Two ways to get the CLI, side by side:
//
//   - source: today's action before issue 22, and still the path of an action pinned to a
//     commit with no cached CLI: `go build ./cmd/greenlight` with an empty Go build cache
//     (setup-go's cache was off and nothing restored Go's caches);
//   - release: action/cli.sh, as the action runs it on a released version: the release's binary,
//     checksums.txt and provenance.sigstore.json fetched (here from a local HTTP server: the
//     network's time is not in the figure), the checksum checked and the signature verified
//     (here by cosign, from ~/.cache/greenlight-tools/bin, against a local Sigstore's trust
//     root; on GitHub's runners gh verifies it).
//
// The parts are measured once each and added (the job is the CLI, then greenlight run up to
// the first stage): the CLI from source with an empty Go build cache, the release's CLI
// fetched and verified, the pipeline's start cold (empty Go build cache, nothing compiled) and
// warm (the compiled pipeline restored, as actions/cache does). Cold is cold for both paths;
// warm is the source path's CLI compile (before issue 22 nothing kept Go's build cache) or the
// release's download, plus the restored pipeline. The module cache is the machine's in every
// case (modules are not downloaded here).
package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/internal/sigstorefake"
	"github.com/greenlight-cd/greenlight/pkg/sign"
	"github.com/greenlight-cd/greenlight/pkg/sign/attest"
)

const pipeline = `package main

import (
	"github.com/greenlight-cd/greenlight/pkg/build"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/replicas"
	"github.com/greenlight-cd/greenlight/pkg/prometheus"
	"github.com/greenlight-cd/greenlight/pkg/sign"
)

var (
	_ = build.Go{}
	_ = github.FromEnv
	_ = kubernetes.LoadManifests
	_ = replicas.New
	_ = prometheus.New
	_ = sign.GenerateKey
)

// VERSION

func main() {
	greenlight.Main(func(p *greenlight.P) {
		p.Stage("first", func(s *greenlight.Stage) error { return nil })
	})
}
`

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "actionbench:", err)
		os.Exit(1)
	}
}

func run() error {
	root, _ := os.Getwd()
	work, _ := os.MkdirTemp("", "actionbench-*")
	defer os.RemoveAll(work)
	// The release: the CLI as release.yml builds it, served with its checksums.txt.
	bin := "greenlight_" + runtime.GOOS + "_" + runtime.GOARCH
	rel := filepath.Join(work, "releases", "v9.9.9")
	os.MkdirAll(rel, 0o755)
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X main.releaseVersion=v9.9.9", "-o", filepath.Join(rel, bin), "./cmd/greenlight")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building the CLI: %v\n%s", err, out)
	}
	b, _ := os.ReadFile(filepath.Join(rel, bin))
	os.WriteFile(filepath.Join(rel, "checksums.txt"), []byte(fmt.Sprintf("%x  %s\n", sha256.Sum256(b), bin)), 0o644)
	// Signed as release.yml signs it (attest-files --keyless), by a local Fulcio and Rekor.
	ss := sigstorefake.New()
	defer ss.Close()
	const repo, wf, ref = "greenlight-cd/greenlight", ".github/workflows/release.yml", "refs/tags/v9.9.9"
	v, err := sign.NewKeylessVerifierFromTrustedRoot(ss.TrustedRootJSON(), sign.Identity{Subject: "https://github.com/" + repo + "/" + wf + "@" + ref, Issuer: ss.Issuer.URL})
	if err != nil {
		return err
	}
	subjects, err := sign.FileSubjects(filepath.Join(rel, bin), filepath.Join(rel, "checksums.txt"))
	if err != nil {
		return err
	}
	token := func(context.Context) (string, error) { return ss.Token(repo, wf, ref, "sigstore", time.Minute), nil }
	prov, err := sign.NewKeyless(token, ss.Fulcio.URL, ss.Rekor.URL, v).AttestFiles(context.Background(), subjects, attest.SLSAProvenanceV1,
		attest.Provenance(attest.Build{ServerURL: "https://github.com", Repository: repo, Commit: strings.Repeat("c", 40), Ref: ref, WorkflowRef: repo + "/" + wf + "@" + ref}))
	if err != nil {
		return err
	}
	os.WriteFile(filepath.Join(rel, "provenance.sigstore.json"), prov, 0o644)
	trusted := filepath.Join(work, "trusted_root.json")
	os.WriteFile(trusted, ss.TrustedRootJSON(), 0o644)
	home, _ := os.UserHomeDir()
	tools := filepath.Join(home, ".cache", "greenlight-tools", "bin")
	if _, err := os.Stat(filepath.Join(tools, "cosign")); err != nil {
		return fmt.Errorf("cosign verifies the release's signature: run .ci/tools.sh (%v)", err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Join(work, "releases"))))
	defer srv.Close()

	dir := filepath.Join(work, "pipeline")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/pipeline\n\ngo 1.26.0\n\nrequire github.com/greenlight-cd/greenlight v0.0.0\n\nreplace github.com/greenlight-cd/greenlight => "+root+"\n"), 0o644)
	sum, _ := os.ReadFile(filepath.Join(root, "go.sum"))
	os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644)
	os.WriteFile(filepath.Join(dir, "pipeline.go"), []byte(pipeline), 0o644)

	n := 0
	fresh := func() string { n++; d := filepath.Join(work, fmt.Sprint("cache", n)); os.MkdirAll(d, 0o755); return d }
	// getCLI puts the CLI at cli, the source or the release way, with Go's build cache gocache.
	getCLI := func(how, cli, gocache string) error {
		var c *exec.Cmd
		if how == "source" {
			c = exec.Command("go", "build", "-trimpath", "-o", cli, "./cmd/greenlight")
		} else {
			c = exec.Command("bash", filepath.Join(root, "action", "cli.sh"))
			c.Env = append(os.Environ(), "GREENLIGHT_ACTION_REF=v9.9.9", "GREENLIGHT_CLI="+cli, "GREENLIGHT_RELEASES_URL="+srv.URL,
				"RUNNER_OS="+map[string]string{"linux": "Linux", "darwin": "macOS"}[runtime.GOOS], "RUNNER_ARCH="+map[string]string{"amd64": "X64", "arm64": "ARM64"}[runtime.GOARCH],
				"GREENLIGHT_VERIFIER=cosign", "PATH="+tools+":"+os.Getenv("PATH"), "GREENLIGHT_TRUSTED_ROOT="+trusted, "GREENLIGHT_OIDC_ISSUER="+ss.Issuer.URL)
		}
		if c.Env == nil {
			c.Env = os.Environ()
		}
		c.Env = append(c.Env, "GOCACHE="+gocache)
		if out, err := c.CombinedOutput(); err != nil {
			return fmt.Errorf("getting the CLI (%s): %v\n%s", how, err, out)
		}
		return nil
	}
	// The job is getting the CLI, then greenlight run up to the first stage. The parts are
	// measured once each and added: the CLI from source with an empty Go build cache (A), the
	// release's CLI fetched and verified (D, best of 3), the pipeline's start with an empty Go
	// build cache and nothing compiled (B), and with the compiled pipeline restored (C, best of 3).
	timeCLI := func(how string) (time.Duration, string, error) {
		cli := filepath.Join(fresh(), "greenlight")
		t0 := time.Now()
		err := getCLI(how, cli, fresh())
		return time.Since(t0), cli, err
	}
	start := func(cli, gocache, plcache string) (time.Duration, error) {
		cmd := exec.Command(cli, "run", "--pipeline", dir, "--cache", plcache)
		cmd.Env = append(os.Environ(), "GOCACHE="+gocache, "GOFLAGS=-mod=mod")
		out, _ := cmd.StdoutPipe()
		cmd.Stderr = os.Stderr
		t0 := time.Now()
		if err := cmd.Start(); err != nil {
			return 0, err
		}
		var first time.Duration
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if first == 0 && strings.Contains(sc.Text(), "▸ first") {
				first = time.Since(t0)
			}
		}
		if err := cmd.Wait(); err != nil {
			return 0, err
		}
		if first == 0 {
			return 0, fmt.Errorf("the first stage never started")
		}
		return first, nil
	}
	a, _, err := timeCLI("source")
	if err != nil {
		return err
	}
	var d time.Duration
	var cli string
	for i := 0; i < 3; i++ {
		t, c, err := timeCLI("release")
		if err != nil {
			return err
		}
		if d == 0 || t < d {
			d, cli = t, c
		}
	}
	plcache := fresh()
	cold, err := start(cli, fresh(), plcache)
	if err != nil {
		return err
	}
	var warm time.Duration
	for i := 0; i < 3; i++ {
		t, err := start(cli, fresh(), plcache)
		if err != nil {
			return err
		}
		if warm == 0 || t < warm {
			warm = t
		}
	}
	fmt.Printf("from the job's start to the pipeline's first stage (%d CPUs; pipeline importing kubernetes, github, prometheus, build, sign):\n", runtime.NumCPU())
	fmt.Printf("  the CLI: from source, empty Go build cache %7.2fs; the release's binary, checksum and signature verified (local server, cosign) %7.3fs\n", a.Seconds(), d.Seconds())
	fmt.Printf("  the pipeline's start: cold (empty Go build cache) %7.2fs; compiled pipeline restored %7.3fs\n", cold.Seconds(), warm.Seconds())
	fmt.Printf("  %-6s %-22s %-22s %s\n", "", "source build (before)", "release binary", "release/source")
	fmt.Printf("  %-6s %8.2fs %22.2fs %14.3fx\n", "cold", (a + cold).Seconds(), (d + cold).Seconds(), (d+cold).Seconds()/(a+cold).Seconds())
	fmt.Printf("  %-6s %8.2fs %22.2fs %14.3fx\n", "warm", (a + warm).Seconds(), (d + warm).Seconds(), (d+warm).Seconds()/(a+warm).Seconds())
	fmt.Println("goal (README): at most 20 s warm and 90 s cold on 2 cores")
	return nil
}
