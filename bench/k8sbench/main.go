// k8sbench compares, on the project's test cluster (internal/k8senv/start-cluster.sh), one
// rolling deploy by Greenlight's Kubernetes target with `kubectl apply` followed by `kubectl
// rollout status` of the same manifests and images (kubectl of the same release, from the
// cluster's multicall binary), side by side, interleaved, and prints the medians and the
// ratio Greenlight / kubectl (goal ≤ 1.0). Then, with -mode zero (or both, the default), it
// counts failed requests at a steady load during deploy, canary, promote and rollback under
// each strategy, beside kubectl apply + rollout status + rollout undo (zero.go says how a
// request is served on a cluster whose pods run no containers).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/yaml"

	"github.com/greenlight-cd/greenlight/internal/benchutil"
	"github.com/greenlight-cd/greenlight/internal/k8senv"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/gatewayapi"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/replicas"
	"github.com/greenlight-cd/greenlight/pkg/registry"
	"github.com/greenlight-cd/greenlight/pkg/sign"
)

func main() {
	runs := flag.Int("runs", 7, "deploys per tool")
	mode := flag.String("mode", "both", "speed, zero or both")
	rate := flag.Int("rate", 1000, "zero: requests per second")
	minReq := flag.Int("requests", 10000, "zero: at least this many requests per strategy")
	flag.Parse()
	var err error
	if *mode == "speed" || *mode == "both" {
		err = run(*runs)
	}
	if err == nil && (*mode == "zero" || *mode == "both") {
		err = zeroDowntime(*rate, *minReq)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "k8sbench:", err)
		os.Exit(1)
	}
}

func kubectlBin() (string, error) {
	if p := os.Getenv("KUBECTL"); p != "" {
		return p, nil
	}
	bins, _ := filepath.Glob(filepath.Join(filepath.Dir(filepath.Dir(k8senv.Kubeconfig())), "bin", "k8sf-*"))
	sort.Slice(bins, func(i, j int) bool {
		a, _ := os.Stat(bins[i])
		b, _ := os.Stat(bins[j])
		return a.ModTime().After(b.ModTime())
	})
	for _, b := range bins {
		if out, err := exec.Command(b, "kubectl", "version", "--client").CombinedOutput(); err == nil && strings.Contains(string(out), "Client Version") {
			return b, nil
		}
	}
	return "", fmt.Errorf("no kubectl in the cluster's binary: run internal/k8senv/start-cluster.sh (it rebuilds with kubectl)")
}

// setup finds the cluster and its kubectl, and pushes and signs n images to a registry that
// done stops.
func setup(ctx context.Context, kc string, n int) (*rest.Config, string, []greenlight.SignedImage, func(), error) {
	cfg, err := kubernetes.RESTConfigFromEnv(kc)
	if err != nil {
		return nil, "", nil, nil, fmt.Errorf("%w: start the cluster with internal/k8senv/start-cluster.sh", err)
	}
	kubectl, err := kubectlBin()
	if err != nil {
		return nil, "", nil, nil, err
	}
	reg, err := registry.Start()
	if err != nil {
		return nil, "", nil, nil, err
	}
	imgs, err := signedImages(ctx, reg, n)
	if err != nil {
		reg.Close()
		return nil, "", nil, nil, err
	}
	return cfg, kubectl, imgs, func() { reg.Close() }, nil
}

// signedImages pushes n random images to reg and signs them through a pipeline.
func signedImages(ctx context.Context, reg *registry.Server, n int) ([]greenlight.SignedImage, error) {
	key, _ := sign.GenerateKey()
	signer, _ := sign.NewSigner(key)
	var imgs []greenlight.SignedImage
	_, err := greenlight.Run(ctx, func(p *greenlight.P) {
		for i := 0; i < n; i++ {
			img, _ := random.Image(64, 1)
			d, _ := img.Digest()
			repo, _ := name.NewRepository(reg.Repo("bench/hello"))
			if err := remote.Write(repo.Digest(d.String()), img); err != nil {
				p.Fatalf("%v", err)
			}
			gi, _ := oci.NewImage(repo.String(), d.String(), "")
			imgs = append(imgs, p.Sign(gi, signer))
		}
	})
	return imgs, err
}

// kubectlRunner runs the cluster's kubectl with its own discovery cache in dir.
func kubectlRunner(kubectl, kc, dir string) func(args ...string) error {
	return func(args ...string) error {
		cmd := exec.Command(kubectl, append([]string{"kubectl", "--kubeconfig", kc}, args...)...)
		cmd.Env = append(os.Environ(), "KUBECACHEDIR="+filepath.Join(dir, "cache"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("kubectl %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return nil
	}
}

// renderer writes objs with the Deployment's image set, as kubectl gets them.
func renderer(objs kubernetes.Manifests, dir string) func(img greenlight.SignedImage) (string, error) {
	return func(img greenlight.SignedImage) (string, error) {
		var docs []string
		for _, o := range objs {
			u := o.DeepCopy()
			if u.GetKind() == "Deployment" {
				cs, _, _ := unstructured.NestedSlice(u.Object, "spec", "template", "spec", "containers")
				cs[0].(map[string]any)["image"] = img.String()
				unstructured.SetNestedSlice(u.Object, cs, "spec", "template", "spec", "containers")
			}
			b, err := yaml.Marshal(u.Object)
			if err != nil {
				return "", err
			}
			docs = append(docs, string(b))
		}
		p := filepath.Join(dir, "rendered.yaml")
		return p, os.WriteFile(p, []byte(strings.Join(docs, "---\n")), 0o644)
	}
}

func run(runs int) error {
	ctx := context.Background()
	kc := k8senv.Kubeconfig()
	cfg, kubectl, imgs, done, err := setup(ctx, kc, runs+1)
	if err != nil {
		return err
	}
	defer done()
	m, err := kubernetes.LoadManifests("testdata/k8s/hello/base", "testdata/k8s/hello/overlays/production")
	if err != nil {
		return err
	}
	var keep kubernetes.Manifests
	for _, o := range m {
		if o.GetKind() != "HTTPRoute" { // kubectl would need the CRD's discovery too; keep both equal
			keep = append(keep, o)
		}
	}
	stamp := time.Now().Unix()
	nsG, nsK := fmt.Sprintf("bench-gl-%d", stamp), fmt.Sprintf("bench-kubectl-%d", stamp)
	tgt, err := kubernetes.New("bench", keep, kubernetes.WithRESTConfig(cfg), kubernetes.WithNamespace(nsG),
		kubernetes.WithStrategy(kubernetes.Rolling{}), kubernetes.WithImageName("hello"))
	if err != nil {
		return err
	}
	dir, _ := os.MkdirTemp("", "k8sbench-*")
	defer os.RemoveAll(dir)
	kubectlRun := kubectlRunner(kubectl, kc, dir)
	if err := kubectlRun("create", "namespace", nsK); err != nil {
		return err
	}
	defer kubectlRun("delete", "namespace", nsK, nsG, "--wait=false")
	render := renderer(keep, dir)
	// Warm-up: the first deploy of each creates the objects; it is not measured.
	if _, err := tgt.Deploy(ctx, imgs[0], runlog.Discard); err != nil {
		return err
	}
	f, _ := render(imgs[0])
	if err := kubectlRun("apply", "--server-side", "--field-manager=kubectl-bench", "-n", nsK, "-f", f); err != nil {
		return err
	}
	if err := kubectlRun("rollout", "status", "-n", nsK, "deployment/hello", "--timeout=120s"); err != nil {
		return err
	}
	var gl, kb []time.Duration
	for i := 1; i <= runs; i++ {
		t0 := time.Now()
		if _, err := tgt.Deploy(ctx, imgs[i], runlog.Discard); err != nil {
			return err
		}
		gl = append(gl, time.Since(t0))
		f, err := render(imgs[i])
		if err != nil {
			return err
		}
		t0 = time.Now()
		if err := kubectlRun("apply", "--server-side", "--field-manager=kubectl-bench", "-n", nsK, "-f", f); err != nil {
			return err
		}
		if err := kubectlRun("rollout", "status", "-n", nsK, "deployment/hello", "--timeout=120s"); err != nil {
			return err
		}
		kb = append(kb, time.Since(t0))
		fmt.Fprintf(os.Stderr, "  run %d: greenlight %.2fs, kubectl %.2fs\n", i, gl[i-1].Seconds(), kb[i-1].Seconds())
	}
	med := benchutil.Median
	fmt.Printf("rolling update of 4 replicas (maxSurge 25%%), apply + wait until rolled out, median of %d:\n", runs)
	fmt.Printf("  greenlight (Deploy, Rolling)                   %6.2fs\n", med(gl).Seconds())
	fmt.Printf("  kubectl apply --server-side + rollout status   %6.2fs\n", med(kb).Seconds())
	fmt.Printf("  greenlight / kubectl                           %6.2fx (goal ≤ 1.0)\n", med(gl).Seconds()/med(kb).Seconds())
	return nil
}

// zeroDowntime prints, per strategy, the requests sent and failed while it deploys v2 (and
// shifts and promotes it) and rolls back to v1.
func zeroDowntime(rate, min int) error {
	ctx := context.Background()
	kc := k8senv.Kubeconfig()
	cfg, kubectl, imgs, done, err := setup(ctx, kc, 2)
	if err != nil {
		return err
	}
	defer done()
	m, err := kubernetes.LoadManifests("testdata/k8s/hello/base", "testdata/k8s/hello/overlays/production")
	if err != nil {
		return err
	}
	noRoute := kubernetes.Manifests{}
	for _, o := range m {
		if o.GetKind() != "HTTPRoute" {
			noRoute = append(noRoute, o)
		}
	}
	stamp := time.Now().Unix()
	type row struct {
		name string
		loadResult
	}
	var rows []row
	noDrain := kubernetes.WithDrain(0)
	for i, sc := range []struct {
		name  string
		s     kubernetes.Strategy
		route bool
		opts  []kubernetes.Option
	}{
		{"Rolling: deploy, rollback", kubernetes.Rolling{}, false, nil},
		{"Rolling, drain off (WithDrain(0))", kubernetes.Rolling{}, false, []kubernetes.Option{noDrain}},
		{"BlueGreen: start, promote, rollback", kubernetes.BlueGreen{}, false, nil},
		{"Canary (replicas): start, 25%, 50%, promote, rollback", kubernetes.Canary{Traffic: replicas.New()}, false, nil},
		{"Canary (replicas), drain off (WithDrain(0))", kubernetes.Canary{Traffic: replicas.New()}, false, []kubernetes.Option{noDrain}},
		{"Canary (HTTPRoute): start, 10%, 50%, promote, rollback", kubernetes.Canary{Traffic: gatewayapi.New("hello")}, true, nil},
	} {
		ns := fmt.Sprintf("zero-%d-%d", stamp, i)
		man := noRoute
		if sc.route {
			man = m
		}
		tgt, err := kubernetes.New("bench", man, append([]kubernetes.Option{kubernetes.WithRESTConfig(cfg), kubernetes.WithNamespace(ns),
			kubernetes.WithStrategy(sc.s), kubernetes.WithImageName("hello")}, sc.opts...)...)
		if err != nil {
			return err
		}
		if _, err := tgt.Deploy(ctx, imgs[0], runlog.Discard); err != nil {
			return err
		}
		res, err := underLoad(cfg, ns, sc.route, rate, min, func() error {
			if _, ok := sc.s.(kubernetes.Rolling); ok {
				if _, err := tgt.Deploy(ctx, imgs[1], runlog.Discard); err != nil {
					return err
				}
			} else {
				rev, err := tgt.Start(ctx, imgs[1])
				if err != nil {
					return err
				}
				if c, ok := sc.s.(kubernetes.Canary); ok {
					steps := []int{25, 50}
					if _, isRoute := c.Traffic.(gatewayapi.Router); isRoute {
						steps = []int{10, 50}
					}
					for _, w := range steps {
						if _, err := tgt.SetCanaryWeight(ctx, rev, w); err != nil {
							return err
						}
						time.Sleep(time.Second)
					}
				}
				if err := tgt.Promote(ctx, rev); err != nil {
					return err
				}
			}
			time.Sleep(time.Second)
			_, err := tgt.Rollback(ctx)
			return err
		})
		if err != nil {
			return fmt.Errorf("%s: %w", sc.name, err)
		}
		rows = append(rows, row{"greenlight " + sc.name, res})
		tgt.Cluster().Delete(ctx, "v1", "Namespace", ns)
		fmt.Fprintf(os.Stderr, "  %s: %+v\n", sc.name, res)
	}

	// kubectl: the same manifests applied, rolled out, undone.
	ns := fmt.Sprintf("zero-%d-kubectl", stamp)
	dir, _ := os.MkdirTemp("", "k8sbench-*")
	defer os.RemoveAll(dir)
	kubectlRun := kubectlRunner(kubectl, kc, dir)
	render := renderer(noRoute, dir)
	if err := kubectlRun("create", "namespace", ns); err != nil {
		return err
	}
	defer kubectlRun("delete", "namespace", ns, "--wait=false")
	f, _ := render(imgs[0])
	if err := kubectlRun("apply", "--server-side", "-n", ns, "-f", f); err != nil {
		return err
	}
	if err := kubectlRun("rollout", "status", "-n", ns, "deployment/hello", "--timeout=120s"); err != nil {
		return err
	}
	res, err := underLoad(cfg, ns, false, rate, min, func() error {
		f, _ := render(imgs[1])
		if err := kubectlRun("apply", "--server-side", "-n", ns, "-f", f); err != nil {
			return err
		}
		if err := kubectlRun("rollout", "status", "-n", ns, "deployment/hello", "--timeout=120s"); err != nil {
			return err
		}
		time.Sleep(time.Second)
		if err := kubectlRun("rollout", "undo", "-n", ns, "deployment/hello"); err != nil {
			return err
		}
		return kubectlRun("rollout", "status", "-n", ns, "deployment/hello", "--timeout=120s")
	})
	if err != nil {
		return fmt.Errorf("kubectl: %w", err)
	}
	rows = append(rows, row{"kubectl apply + rollout status + rollout undo", res})

	fmt.Printf("\nzero downtime: failed requests at %d req/s through the Service (or HTTPRoute), 4 replicas:\n", rate)
	fmt.Printf("  (failed: no ready endpoint, or the pod had stopped serving (SIGTERM after its preStop, if any);\n")
	fmt.Printf("   served in drain: served by a pod already being deleted, during its preStop sleep)\n")
	fmt.Printf("  Greenlight gives each container without a preStop of its own a %v drain (kubernetes.WithDrain);\n", kubernetes.DefaultDrain)
	fmt.Printf("  kubectl applies the same manifests as they are, without one: that drain is the difference.\n")
	fmt.Printf("  %-64s %9s %7s %8s %16s\n", "", "requests", "failed", "failed%", "served in drain")
	for _, r := range rows {
		fmt.Printf("  %-64s %9d %7d %7.3f%% %16d\n", r.name, r.sent, r.failed, 100*float64(r.failed)/float64(max(r.sent, 1)), r.drained)
	}
	return nil
}
