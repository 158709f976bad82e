// flagbench measures flag evaluation through Greenlight's OpenFeature provider, parallel, with
// 1,000 flags in a flags.File, and prints it side by side with the provider before issue 26,
// which read and parsed the whole file under a mutex on every evaluation (kept here as
// legacyProvider, its code as it was). Both are timed directly (the provider's
// BooleanEvaluation) and through the OpenFeature SDK's client (what a service calls), the
// latter beside a provider that does nothing (the SDK's own cost). The goal is at most 1 µs
// per evaluation.
package main

import (
	"context"
	"flag"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"text/tabwriter"
	"time"

	of "github.com/open-feature/go-sdk/openfeature"

	"github.com/greenlight-cd/greenlight/pkg/flags"
	ofp "github.com/greenlight-cd/greenlight/pkg/flags/openfeature"
)

func main() {
	n := flag.Int("flags", 1000, "flags in the file")
	flag.Parse()
	dir, err := os.MkdirTemp("", "flagbench")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	store := flags.NewFile(filepath.Join(dir, "flags.json"))
	names := make([]string, *n)
	for i := range names {
		names[i] = fmt.Sprintf("feature-%04d", i)
		if err := store.Set(ctx, flags.Flag{Name: names[i], Percent: []int{0, 5, 25, 50, 100}[i%5], By: "flagbench"}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	keys := make([]string, 4096)
	for i := range keys {
		keys[i] = fmt.Sprintf("user-%d", i)
	}
	flats := make([]of.FlattenedContext, len(keys))
	for i, k := range keys {
		flats[i] = of.FlattenedContext{of.TargetingKey: k}
	}

	now := ofp.New(store)
	if err := of.SetNamedProviderAndWait("now", now); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	old := &legacyProvider{store: store}
	if err := of.SetNamedProviderAndWait("before", old); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := of.SetNamedProviderAndWait("constant", constProvider{}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer of.Shutdown()

	direct := func(p of.FeatureProvider) func(b *testing.B) {
		return func(b *testing.B) {
			var seq atomic.Int64
			b.RunParallel(func(pb *testing.PB) {
				i := int(seq.Add(1)) * 7919
				for pb.Next() {
					i++
					p.BooleanEvaluation(ctx, names[i%len(names)], false, flats[i%len(flats)])
				}
			})
		}
	}
	sdk := func(domain string) func(b *testing.B) {
		c := of.NewClient(domain)
		ecs := make([]of.EvaluationContext, len(keys))
		for i, k := range keys {
			ecs[i] = of.NewEvaluationContext(k, nil)
		}
		return func(b *testing.B) {
			var seq atomic.Int64
			b.RunParallel(func(pb *testing.PB) {
				i := int(seq.Add(1)) * 7919
				for pb.Next() {
					i++
					c.Boolean(ctx, names[i%len(names)], false, ecs[i%len(ecs)])
				}
			})
		}
	}
	per := func(r testing.BenchmarkResult) time.Duration { return time.Duration(r.NsPerOp()) }
	fmt.Printf("%d flags, GOMAXPROCS %d, parallel evaluations of random flags for 4,096 users\n\n", *n, runtime.GOMAXPROCS(0))
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "evaluation\tbefore issue 26\tnow\tratio (before/now)\tgoal ≤ 1µs\t")
	for _, row := range []struct {
		name      string
		old, this func(*testing.B)
	}{
		{"provider.BooleanEvaluation", direct(old), direct(now)},
		{"client.Boolean (OpenFeature SDK)", sdk("before"), sdk("now")},
	} {
		b, a := per(testing.Benchmark(row.old)), per(testing.Benchmark(row.this))
		ok := "met"
		if a > time.Microsecond {
			ok = "NOT met"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%.0f×\t%s\t\n", row.name, b, a, float64(b)/float64(a), ok)
	}
	w.Flush()
	// What the SDK itself costs: the same calls through its client with a provider that answers
	// at once, beside Greenlight's provider through the client.
	base := per(testing.Benchmark(sdk("constant")))
	this := per(testing.Benchmark(sdk("now")))
	fmt.Printf("\nthrough the SDK's client: %s with a provider that does nothing (the SDK's own cost), %s with Greenlight's provider: the provider's share %s\n",
		base, this, max(this-base, 0))
}

// constProvider answers every evaluation with true at once: through the SDK's client it
// measures what the SDK itself costs per call.
type constProvider struct{ of.NoopProvider }

func (constProvider) BooleanEvaluation(context.Context, string, bool, of.FlattenedContext) of.BoolResolutionDetail {
	return of.BoolResolutionDetail{Value: true, ProviderResolutionDetail: of.ProviderResolutionDetail{Reason: of.StaticReason, Variant: "on"}}
}

// legacyProvider is the provider before issue 26, as it was: every evaluation read the flag
// from the store (flags.File.Get reads and parses the whole file under the File's mutex) and
// bucketed with FNV-1a 32-bit mod 100.
type legacyProvider struct{ store flags.Store }

func (p *legacyProvider) Metadata() of.Metadata {
	return of.Metadata{Name: "greenlight-flags-before-26"}
}
func (p *legacyProvider) Hooks() []of.Hook { return nil }

func legacyBucket(flag, key string) int {
	h := fnv.New32a()
	h.Write([]byte(flag))
	h.Write([]byte{0})
	h.Write([]byte(key))
	return int(h.Sum32() % 100)
}

func (p *legacyProvider) resolve(ctx context.Context, flag string, flat of.FlattenedContext) (bool, of.ProviderResolutionDetail) {
	key, _ := flat[of.TargetingKey].(string)
	if key == "" {
		return false, of.ProviderResolutionDetail{Reason: of.ErrorReason,
			ResolutionError: of.NewTargetingKeyMissingResolutionError("greenlight flags split users by the targeting key: pass one in the evaluation context")}
	}
	if err := flags.ValidName(flag); err != nil {
		return false, of.ProviderResolutionDetail{Reason: of.ErrorReason, ResolutionError: of.NewFlagNotFoundResolutionError(err.Error())}
	}
	f, err := p.store.Get(ctx, flag)
	if err != nil {
		return false, of.ProviderResolutionDetail{Reason: of.ErrorReason, ResolutionError: of.NewGeneralResolutionError(err.Error())}
	}
	on := legacyBucket(f.Name, key) < f.Percent
	reason := of.SplitReason
	switch f.Percent {
	case 0:
		reason = of.DisabledReason
	case 100:
		reason = of.StaticReason
	}
	variant := "off"
	if on {
		variant = "on"
	}
	return on, of.ProviderResolutionDetail{Reason: reason, Variant: variant, FlagMetadata: of.FlagMetadata{"percent": int64(f.Percent)}}
}

func (p *legacyProvider) BooleanEvaluation(ctx context.Context, flag string, def bool, flat of.FlattenedContext) of.BoolResolutionDetail {
	on, d := p.resolve(ctx, flag, flat)
	if d.ResolutionError != (of.ResolutionError{}) {
		return of.BoolResolutionDetail{Value: def, ProviderResolutionDetail: d}
	}
	return of.BoolResolutionDetail{Value: on, ProviderResolutionDetail: d}
}

func (p *legacyProvider) StringEvaluation(_ context.Context, _ string, def string, _ of.FlattenedContext) of.StringResolutionDetail {
	return of.StringResolutionDetail{Value: def}
}

func (p *legacyProvider) FloatEvaluation(_ context.Context, _ string, def float64, _ of.FlattenedContext) of.FloatResolutionDetail {
	return of.FloatResolutionDetail{Value: def}
}

func (p *legacyProvider) IntEvaluation(_ context.Context, _ string, def int64, _ of.FlattenedContext) of.IntResolutionDetail {
	return of.IntResolutionDetail{Value: def}
}

func (p *legacyProvider) ObjectEvaluation(_ context.Context, _ string, def any, _ of.FlattenedContext) of.InterfaceResolutionDetail {
	return of.InterfaceResolutionDetail{Value: def}
}
