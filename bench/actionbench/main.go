// actionbench measures what a user waits for on every Action run: the time from starting
// `greenlight run` to the pipeline's first stage, for a pipeline that imports the Kubernetes,
// GitHub, Prometheus, build and sign packages (what greenlight init writes). Three cases, side by
// side: cold (empty Go build cache, no compiled pipeline), changed (the pipeline's source
// changed, Go build cache warm: the Action's cache missed), and cached (the compiled pipeline
// restored: no compile at all).
package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
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
	cli := filepath.Join(work, "greenlight")
	if out, err := exec.Command("go", "build", "-o", cli, "./cmd/greenlight").CombinedOutput(); err != nil {
		return fmt.Errorf("building the CLI: %v\n%s", err, out)
	}
	dir := filepath.Join(work, "pipeline")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/pipeline\n\ngo 1.26.0\n\nrequire github.com/greenlight-cd/greenlight v0.0.0\n\nreplace github.com/greenlight-cd/greenlight => "+root+"\n"), 0o644)
	sum, _ := os.ReadFile(filepath.Join(root, "go.sum"))
	os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644)
	write := func(v string) {
		os.WriteFile(filepath.Join(dir, "pipeline.go"), []byte(strings.Replace(pipeline, "VERSION", v, 1)), 0o644)
	}
	gocache := filepath.Join(work, "gocache")
	plcache := filepath.Join(work, "pipelines")
	measure := func(name string) (time.Duration, error) {
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
			return 0, fmt.Errorf("%s: %v", name, err)
		}
		if first == 0 {
			return 0, fmt.Errorf("%s: the first stage never started", name)
		}
		return first, nil
	}
	write("v1")
	cold, err := measure("cold")
	if err != nil {
		return err
	}
	write("v2") // the pipeline changed: the compiled binary's key misses, the Go cache is warm
	changed, err := measure("changed")
	if err != nil {
		return err
	}
	var cached []time.Duration
	for i := 0; i < 5; i++ {
		d, err := measure("cached")
		if err != nil {
			return err
		}
		cached = append(cached, d)
	}
	best := cached[0]
	for _, d := range cached {
		best = min(best, d)
	}
	fmt.Println("from `greenlight run` to the pipeline's first stage (pipeline importing kubernetes, github, prometheus, build, sign):")
	fmt.Printf("  cold (empty Go cache, no compiled pipeline)   %7.2fs  1.00x\n", cold.Seconds())
	fmt.Printf("  pipeline changed (Go cache warm)              %7.2fs  %.3fx of cold\n", changed.Seconds(), changed.Seconds()/cold.Seconds())
	fmt.Printf("  compiled pipeline cached (best of 5)          %7.3fs  %.4fx of cold\n", best.Seconds(), best.Seconds()/cold.Seconds())
	return nil
}
