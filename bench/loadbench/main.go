// loadbench drives ≥ 500 requests/s through Greenlight's router on the local target while it
// deploys, shifts canary weights, promotes, rolls back and aborts a canary, and prints the
// requests that failed (goal 0) and how long each rollback took (goal ≤ 1 s).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/greenlight-cd/greenlight/internal/benchutil"
	"github.com/greenlight-cd/greenlight/internal/loadgen"
	"github.com/greenlight-cd/greenlight/pkg/build"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/local"
	"github.com/greenlight-cd/greenlight/pkg/registry"
	"github.com/greenlight-cd/greenlight/pkg/sign"
)

func main() {
	rate := flag.Int("rate", 600, "requests per second")
	hold := flag.Duration("hold", 2*time.Second, "time spent in each phase")
	svc := flag.String("service", "testdata/services/hello", "the sample service")
	flag.Parse()
	if err := run(*rate, *hold, *svc); err != nil {
		fmt.Fprintln(os.Stderr, "loadbench:", err)
		os.Exit(1)
	}
}

func run(rate int, hold time.Duration, svc string) error {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "loadbench-*")
	defer os.RemoveAll(dir)
	reg, err := registry.Start()
	if err != nil {
		return err
	}
	defer reg.Close()
	key, _ := sign.GenerateKey()
	signer, _ := sign.NewSigner(key)
	svcDir, _ := filepath.Abs(svc)
	var v1, v2 greenlight.SignedImage
	_, err = greenlight.Run(ctx, func(p *greenlight.P) {
		for i, out := range []*greenlight.SignedImage{&v1, &v2} {
			v := fmt.Sprintf("v%d", i+1)
			*out = p.Sign(p.Build(build.Go{Dir: svcDir, Repo: reg.Repo("bench/hello"), Ldflags: "-X main.version=" + v}), signer)
		}
	})
	if err != nil {
		return err
	}
	tgt, err := local.New("production", local.WithWorkDir(dir))
	if err != nil {
		return err
	}
	defer tgt.Close()
	r1, err := tgt.Start(ctx, v1)
	if err != nil {
		return err
	}
	if err := tgt.Promote(ctx, r1); err != nil {
		return err
	}

	// Peer run: the same load straight to v1, then through the router, side by side.
	direct := loadgen.Start(r1.URL, rate)
	time.Sleep(2 * hold)
	d := direct.Stop()
	routed := loadgen.Start(tgt.URL(), rate)
	time.Sleep(2 * hold)
	rt := routed.Stop()
	fmt.Printf("router overhead at %d req/s: p50 %s routed vs %s direct (%.2fx), p99 %s vs %s (%.2fx); failed %d routed, %d direct\n",
		rate, rt.P50.Round(time.Microsecond), d.P50.Round(time.Microsecond), benchutil.Ratio(rt.P50, d.P50),
		rt.P99.Round(time.Microsecond), d.P99.Round(time.Microsecond), benchutil.Ratio(rt.P99, d.P99), rt.Failed(), d.Failed())

	gen := loadgen.Start(tgt.URL(), rate)
	type phase struct {
		name string
		took time.Duration
		sent int64
		fail int64
	}
	var phases []phase
	mark := gen.Snapshot()
	step := func(name string, f func() error) error {
		t0 := time.Now()
		if err := f(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		took := time.Since(t0)
		time.Sleep(hold)
		now := gen.Snapshot()
		phases = append(phases, phase{name, took, now.Sent - mark.Sent, now.Failed() - mark.Failed()})
		mark = now
		return nil
	}
	time.Sleep(hold)
	mark = gen.Snapshot()
	var r2 greenlight.Revision
	steps := []struct {
		name string
		f    func() error
	}{
		{"start v2 beside v1 (no traffic)", func() (err error) { r2, err = tgt.Start(ctx, v2); return }},
		{"canary v2 at 10%", func() error { _, err := tgt.SetCanaryWeight(ctx, r2, 10); return err }},
		{"canary v2 at 50%", func() error { _, err := tgt.SetCanaryWeight(ctx, r2, 50); return err }},
		{"promote v2 (blue/green switch)", func() error { return tgt.Promote(ctx, r2) }},
		{"rollback to v1 (warm)", func() error { _, err := tgt.Rollback(ctx); return err }},
		{"start v2 again", func() (err error) { r2, err = tgt.Start(ctx, v2); return }},
		{"canary v2 at 25%", func() error { _, err := tgt.SetCanaryWeight(ctx, r2, 25); return err }},
		{"abort canary (automatic rollback)", func() error { return tgt.Abort(ctx, r2) }},
	}
	for _, s := range steps {
		if err := step(s.name, s.f); err != nil {
			gen.Stop()
			return err
		}
	}
	total := gen.Stop()
	fmt.Printf("load through the router: %d requests in %.1fs = %.0f req/s (target %d)\n",
		total.Sent, total.Elapsed.Seconds(), float64(total.Sent)/total.Elapsed.Seconds(), rate)
	fmt.Printf("%-36s %10s %9s %7s\n", "phase", "took", "requests", "failed")
	for _, p := range phases {
		fmt.Printf("%-36s %10s %9d %7d\n", p.name, p.took.Round(time.Microsecond), p.sent, p.fail)
	}
	fmt.Printf("failed requests: %d (goal 0)\n", total.Failed())
	for _, p := range phases {
		if p.name == "rollback to v1 (warm)" || p.name == "abort canary (automatic rollback)" {
			fmt.Printf("%s: %s (goal ≤ 1s; includes draining and stopping the old process)\n", p.name, p.took.Round(time.Microsecond))
		}
	}
	if total.Failed() != 0 {
		return fmt.Errorf("%d requests failed", total.Failed())
	}
	return nil
}
