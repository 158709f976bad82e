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
