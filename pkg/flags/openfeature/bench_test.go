package openfeature_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"

	of "github.com/open-feature/go-sdk/openfeature"

	"github.com/greenlight-cd/greenlight/pkg/flags"
	ofp "github.com/greenlight-cd/greenlight/pkg/flags/openfeature"
)

// Evaluations are answered from memory: parallel, with 1,000 flags in the file (the goal is at
// most 1 µs per evaluation; bench/flagbench prints it beside the provider before issue 26 and
// through the SDK).
func BenchmarkProviderParallel1000Flags(b *testing.B) {
	ctx := context.Background()
	store := flags.NewFile(filepath.Join(b.TempDir(), "f.json"))
	names := make([]string, 1000)
	for i := range names {
		names[i] = fmt.Sprintf("feature-%04d", i)
		store.Set(ctx, flags.Flag{Name: names[i], Percent: []int{0, 5, 25, 50, 100}[i%5]})
	}
	p := ofp.New(store)
	if err := p.Init(of.EvaluationContext{}); err != nil {
		b.Fatal(err)
	}
	defer p.Shutdown()
	flats := make([]of.FlattenedContext, 4096)
	for i := range flats {
		flats[i] = of.FlattenedContext{of.TargetingKey: fmt.Sprint("user-", i)}
	}
	var seq atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := int(seq.Add(1)) * 7919
		for pb.Next() {
			i++
			if d := p.BooleanEvaluation(ctx, names[i%len(names)], false, flats[i%len(flats)]); d.Error() != nil {
				b.Fatal(d.Error())
			}
		}
	})
}

// constProvider answers every boolean evaluation with true at once: through the SDK's client it
// measures what the SDK itself costs per call, for comparison with Greenlight's provider.
type constProvider struct{ of.NoopProvider }

func (constProvider) BooleanEvaluation(context.Context, string, bool, of.FlattenedContext) of.BoolResolutionDetail {
	return of.BoolResolutionDetail{Value: true, ProviderResolutionDetail: of.ProviderResolutionDetail{Reason: of.StaticReason, Variant: "on"}}
}

// sdkBench evaluates random flags of names for 4,096 users through an OpenFeature client of
// domain, parallel, as a service calls it.
func sdkBench(b *testing.B, domain string, names []string) {
	ctx := context.Background()
	c := of.NewClient(domain)
	ecs := make([]of.EvaluationContext, 4096)
	for i := range ecs {
		ecs[i] = of.NewEvaluationContext(fmt.Sprint("user-", i), nil)
	}
	var seq atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := int(seq.Add(1)) * 7919
		for pb.Next() {
			i++
			c.Boolean(ctx, names[i%len(names)], false, ecs[i%len(ecs)])
		}
	})
}

func thousandFlags(b *testing.B) (*flags.File, []string) {
	store := flags.NewFile(filepath.Join(b.TempDir(), "f.json"))
	names := make([]string, 1000)
	for i := range names {
		names[i] = fmt.Sprintf("feature-%04d", i)
		store.Set(context.Background(), flags.Flag{Name: names[i], Percent: []int{0, 5, 25, 50, 100}[i%5]})
	}
	return store, names
}

// Through the OpenFeature SDK's client (what a service calls), with Greenlight's provider.
func BenchmarkClientParallel1000Flags(b *testing.B) {
	store, names := thousandFlags(b)
	if err := of.SetNamedProviderAndWait("bench-greenlight", ofp.New(store)); err != nil {
		b.Fatal(err)
	}
	sdkBench(b, "bench-greenlight", names)
}

// Through the SDK's client with a provider that does nothing: the SDK's own cost per call.
func BenchmarkClientParallelConstProvider(b *testing.B) {
	_, names := thousandFlags(b)
	if err := of.SetNamedProviderAndWait("bench-const", constProvider{}); err != nil {
		b.Fatal(err)
	}
	sdkBench(b, "bench-const", names)
}
