package openfeature_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	of "github.com/open-feature/go-sdk/openfeature"

	"github.com/greenlight-cd/greenlight/pkg/flags"
	ofp "github.com/greenlight-cd/greenlight/pkg/flags/openfeature"
)

func client(t *testing.T, name string, store flags.Store) *of.Client {
	if err := of.SetNamedProviderAndWait(t.Name()+"/"+name, ofp.New(store)); err != nil {
		t.Fatal(err)
	}
	return of.NewClient(t.Name() + "/" + name)
}

// Evaluated through the OpenFeature SDK, the provider splits users as flags.Bucket does and
// reports the variant.
func TestProviderThroughSDK(t *testing.T) {
	ctx := context.Background()
	store := flags.NewFile(filepath.Join(t.TempDir(), "f.json"))
	store.Set(ctx, flags.Flag{Name: "checkout", Percent: 25})
	c := client(t, "a", store)
	share, err := ofp.Observe(ctx, c, "checkout", 4000)
	if err != nil || share < 0.23 || share > 0.27 {
		t.Fatalf("share %.3f, %v", share, err)
	}
	d, err := c.BooleanValueDetails(ctx, "checkout", false, of.NewEvaluationContext("user-1", nil))
	if err != nil || d.Reason != of.SplitReason || (d.Variant != "on" && d.Variant != "off") || d.Value != (d.Variant == "on") {
		t.Fatalf("%+v %v", d, err)
	}
	if _, err := c.BooleanValue(ctx, "checkout", false, of.NewTargetlessEvaluationContext(nil)); err == nil {
		t.Fatal("no targeting key: no error")
	}
	if v, err := c.IntValue(ctx, "checkout", 7, of.NewEvaluationContext("u", nil)); err == nil || v != 7 {
		t.Fatalf("int: %d %v", v, err)
	}
}

// A change that never reaches the flag service's evaluations is reported, not assumed.
func TestVerifiedReadsBack(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	written := flags.NewFile(filepath.Join(dir, "written.json"))
	v := ofp.Verified{Store: written, Client: client(t, "same", written), Probes: 1000}
	if err := v.Set(ctx, flags.Flag{Name: "checkout", Percent: 40}); err != nil {
		t.Fatal(err)
	}
	stale := flags.NewFile(filepath.Join(dir, "stale.json")) // the service reads another file
	v = ofp.Verified{Store: written, Client: client(t, "stale", stale), Probes: 1000, Wait: 300 * time.Millisecond}
	err := v.Set(ctx, flags.Flag{Name: "checkout", Percent: 40})
	if err == nil || !strings.Contains(err.Error(), "serves it to 0.0% of users") {
		t.Fatalf("%v", err)
	}
}
