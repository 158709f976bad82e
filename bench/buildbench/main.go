// buildbench builds and pushes the same sample service with Greenlight (`greenlight build`) and
// with ko into the same local registry, on the same base image, side by side: cold (empty Go
// build cache and empty repository) and warm (cache filled; each warm run changes the version
// stamped into the binary, as a new commit would), and prints the medians and the ratio
// Greenlight / ko (goal ≤ 0.8).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/greenlight-cd/greenlight/internal/benchutil"
	"github.com/greenlight-cd/greenlight/pkg/registry"
)

func main() {
	ko := flag.String("ko", "ko", "path of the ko binary (go install github.com/google/ko@v0.19.1)")
	cold := flag.Int("cold", 2, "cold runs per tool")
	warm := flag.Int("warm", 5, "warm runs per tool")
	svc := flag.String("service", "testdata/services/hello", "the sample service")
	flag.Parse()
	if err := run(*ko, *svc, *cold, *warm); err != nil {
		fmt.Fprintln(os.Stderr, "buildbench:", err)
		os.Exit(1)
	}
}

type tool struct {
	name  string
	cache string // GOCACHE
	args  func(repo string) []string
	env   func(repo string) []string
}

func run(ko, svc string, coldRuns, warmRuns int) error {
	svcDir, err := filepath.Abs(svc)
	if err != nil {
		return err
	}
	work, _ := os.MkdirTemp("", "buildbench-*")
	defer os.RemoveAll(work)
	gl := filepath.Join(work, "greenlight")
	if out, err := exec.Command("go", "build", "-o", gl, "./cmd/greenlight").CombinedOutput(); err != nil {
		return fmt.Errorf("building greenlight: %v\n%s", err, out)
	}
	reg, err := registry.Start(registry.WithBlobDir(filepath.Join(work, "blobs")))
	if err != nil {
		return err
	}
	defer reg.Close()
	// One base image for both: empty, linux/amd64 (ko would otherwise pull one from the internet).
	base := reg.Repo("base/static:latest")
	img := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	cf, _ := img.ConfigFile()
	cf.OS, cf.Architecture = "linux", "amd64"
	img, _ = mutate.ConfigFile(img, cf)
	baseRef, err := name.ParseReference(base)
	if err != nil {
		return err
	}
	if err := remote.Write(baseRef, img); err != nil {
		return err
	}

	// ko, tuned to do what Greenlight does: strip the binary, no SBOM.
	koConf := filepath.Join(work, "ko-config")
	os.MkdirAll(koConf, 0o755)
	os.WriteFile(filepath.Join(koConf, ".ko.yaml"), []byte("builds:\n- id: hello\n  main: .\n  ldflags:\n  - -s -w\n  - -X main.version={{.Env.VERSION}}\n"), 0o644)
	tools := []*tool{
		{name: "greenlight", args: func(repo string) []string {
			return []string{gl, "build", "--dir", svcDir, "--repo", repo, "--base", base, "--platform", "linux/amd64", "--ldflags", "-X main.version=" + os.Getenv("VERSION")}
		}, env: func(string) []string { return nil }},
		{name: "ko (defaults)", args: func(string) []string {
			return []string{ko, "build", "--platform=linux/amd64", "."}
		}, env: func(repo string) []string {
			return []string{"KO_DOCKER_REPO=" + repo, "KO_DEFAULTBASEIMAGE=" + base, "GOFLAGS=-ldflags=-X=main.version=" + os.Getenv("VERSION")}
		}},
		{name: "ko (tuned)", args: func(string) []string {
			return []string{ko, "build", "--platform=linux/amd64", "--sbom=none", "."}
		}, env: func(repo string) []string {
			return []string{"KO_DOCKER_REPO=" + repo, "KO_DEFAULTBASEIMAGE=" + base, "KO_CONFIG_PATH=" + koConf}
		}},
	}
	results := map[string]map[string][]time.Duration{}
	version := 0
	do := func(t *tool, kind string) error {
		version++
		repo := reg.Repo("bench/" + strings.Fields(t.name)[0])
		if kind == "cold" {
			repo = reg.Repo(fmt.Sprintf("cold%d/%s", version, strings.Fields(t.name)[0]))
			t.cache = filepath.Join(work, fmt.Sprintf("gocache-%d", version))
		}
		// Each run stamps a new version into the binary, as a new commit would.
		os.Setenv("VERSION", fmt.Sprintf("b%d", version))
		args := t.args(repo)
		cmd := exec.CommandContext(context.Background(), args[0], args[1:]...)
		cmd.Dir = svcDir
		cmd.Env = append(os.Environ(), append(t.env(repo), "GOCACHE="+t.cache)...)
		t0 := time.Now()
		out, err := cmd.CombinedOutput()
		took := time.Since(t0)
		if err != nil {
			return fmt.Errorf("%s (%s): %v\n%s", t.name, kind, err, out)
		}
		if results[t.name] == nil {
			results[t.name] = map[string][]time.Duration{}
		}
		results[t.name][kind] = append(results[t.name][kind], took)
		fmt.Fprintf(os.Stderr, "  %-20s %-5s %6.2fs  %s\n", t.name, kind, took.Seconds(), layerSize(out))
		return nil
	}
	for i := 0; i < coldRuns; i++ { // interleaved, so that machine noise hits all tools alike
		for _, t := range tools {
			if err := do(t, "cold"); err != nil {
				return err
			}
		}
	}
	for j := 0; j < warmRuns; j++ {
		for _, t := range tools {
			if err := do(t, "warm"); err != nil {
				return err
			}
		}
	}
	if coldRuns < 1 || warmRuns < 1 {
		return fmt.Errorf("need at least one cold and one warm run (the cold run fills the cache the warm runs use)")
	}
	med := benchutil.Median
	fmt.Printf("build + push of testdata/services/hello, median of %d cold and %d warm runs\n", coldRuns, warmRuns)
	fmt.Printf("%-22s %9s %9s %22s %22s\n", "tool", "cold", "warm", "greenlight/this, cold", "greenlight/this, warm")
	g := results["greenlight"]
	for _, t := range tools {
		r := results[t.name]
		fmt.Printf("%-22s %8.2fs %8.2fs %21.2fx %21.2fx\n", t.name, med(r["cold"]).Seconds(), med(r["warm"]).Seconds(),
			med(g["cold"]).Seconds()/med(r["cold"]).Seconds(), med(g["warm"]).Seconds()/med(r["warm"]).Seconds())
	}
	return nil
}

// layerSize reads the pushed image reference from a tool's output and reports its top layer's
// size, so that one can see the tools built comparable images.
func layerSize(out []byte) string {
	lines := strings.Fields(string(out))
	for i := len(lines) - 1; i >= 0; i-- {
		if !strings.Contains(lines[i], "@sha256:") {
			continue
		}
		ref, err := name.ParseReference(lines[i])
		if err != nil {
			continue
		}
		img, err := remote.Image(ref)
		if err != nil {
			return "?"
		}
		layers, err := img.Layers()
		if err != nil || len(layers) == 0 {
			return "?"
		}
		sz, _ := layers[len(layers)-1].Size()
		return fmt.Sprintf("layer %.2f MB", float64(sz)/1e6)
	}
	return ""
}
