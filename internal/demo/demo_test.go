package demo

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/local"
	"github.com/greenlight-cd/greenlight/pkg/sign"
)

func TestDemoEndToEnd(t *testing.T) {
	var out strings.Builder
	report := filepath.Join(t.TempDir(), "demo.json")
	sum, err := Run(context.Background(), Options{Out: &out, ServiceDir: testutil.HelloDir(), Report: report, Rate: 250})
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if len(sum.Releases) != 3 {
		t.Fatalf("%d releases", len(sum.Releases))
	}
	good, bad := sum.Releases[1], sum.Releases[2]

	// The digest deployed is the digest built and signed.
	for _, r := range sum.Releases[:2] {
		img := r.Report.Images[0]
		// A legacy signature's tag names the digest; a bundle is a referrer whose subject is it
		// (checked when it was verified before each deploy).
		if img.Digest != r.Digest || img.Signature == nil || (img.Signature.Format != "bundle" && !strings.Contains(img.Signature.Ref, strings.Replace(r.Digest, ":", "-", 1))) {
			t.Errorf("%s: built %s, signature %+v", r.Version, r.Digest, img.Signature)
		}
		if !contains(img.Deployed, "production") || !contains(img.Deployed, "staging") {
			t.Errorf("%s: deployed to %v", r.Version, img.Deployed)
		}
	}
	if sum.FinalStable != good.Digest {
		t.Errorf("production runs %s, want the good release %s", sum.FinalStable, good.Digest)
	}
	// The good release went through every canary step with passing verdicts.
	var weights []int
	for _, v := range good.Report.Verdicts {
		if v.Outcome != analysis.Pass {
			t.Errorf("good release verdict %+v", v)
		}
		weights = append(weights, v.Weight)
	}
	// Three steps, then Promote's bake at 75 % (issue 23 §3).
	if len(weights) != 4 || weights[0] != 10 || weights[2] != 50 || weights[3] != 75 {
		t.Errorf("good release analysed at %v, want 10, 25, 50 and the bake at 75", weights)
	}

	// The bad release is rolled back with 100% of traffic on stable.
	if bad.Report.Status != runlog.Failed || len(bad.Report.Rollbacks) != 1 {
		t.Fatalf("bad release: %s, rollbacks %+v", bad.Report.Status, bad.Report.Rollbacks)
	}
	if rb := bad.Report.Rollbacks[0]; rb.To != good.Digest[7:19] || !strings.Contains(rb.Reason, "canary failed at 10%") {
		t.Errorf("rollback %+v", rb)
	}
	if len(sum.FinalWeights) != 1 || sum.FinalWeights[good.Digest[7:19]] != 100 {
		t.Errorf("final weights %v", sum.FinalWeights)
	}
	if bad.Report.Stage("promote") != nil {
		t.Error("the bad release was promoted")
	}

	// No request failed because of a switch: every failure came from the bad version itself.
	if sum.Client.ConnErrors != 0 || sum.Client.OtherFail != 0 {
		t.Errorf("client saw %d connection errors, %d other failures", sum.Client.ConnErrors, sum.Client.OtherFail)
	}
	for v, n := range sum.Client.Failed5xx {
		if v != "v3" && n > 0 {
			t.Errorf("%d requests to %s failed", n, v)
		}
	}
	if sum.Client.Sent < 1000 {
		t.Errorf("only %d requests of live traffic", sum.Client.Sent)
	}

	// The JSON report has stages, per-version traffic, verdicts and the rollback reason.
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Releases []struct {
			Report struct {
				Stages []struct {
					Name     string `json:"name"`
					Status   string `json:"status"`
					Duration int64  `json:"duration_ns"`
				} `json:"stages"`
				Verdicts  []json.RawMessage `json:"verdicts"`
				Rollbacks []struct {
					Reason string `json:"reason"`
				} `json:"rollbacks"`
			} `json:"report"`
		} `json:"releases"`
		Production []struct {
			Version  string  `json:"version"`
			Requests int64   `json:"requests"`
			Failed   int64   `json:"failed"`
			P50      float64 `json:"p50_ms"`
			P99      float64 `json:"p99_ms"`
		} `json:"production_traffic"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Releases) != 3 || len(doc.Releases[1].Report.Stages) != 6 || doc.Releases[1].Report.Stages[4].Name != "canary" || doc.Releases[1].Report.Stages[4].Duration <= 0 {
		t.Errorf("report stages: %+v", doc.Releases[1].Report.Stages)
	}
	if len(doc.Releases[2].Report.Rollbacks) != 1 || doc.Releases[2].Report.Rollbacks[0].Reason == "" {
		t.Error("report lacks the rollback reason")
	}
	if len(doc.Production) != 3 || doc.Production[2].Failed == 0 || doc.Production[0].Requests == 0 || doc.Production[0].P99 <= 0 {
		t.Errorf("per-version traffic: %+v", doc.Production)
	}
	for _, want := range []string{"STAGE", "canary", "↺ rollback production", "demo OK"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func contains(s []string, x string) bool {
	for _, e := range s {
		if e == x {
			return true
		}
	}
	return false
}

// A signature from another key, or one copied from another digest, stops the pipeline before
// anything is deployed.
func TestPipelineRefusesBadSignaturesBeforeDeploy(t *testing.T) {
	reg := testutil.Registry(t)
	img := testutil.BuildHello(t, reg.Repo("acme/hello"), "v1", "")
	other := testutil.BuildHello(t, reg.Repo("acme/hello"), "v2", "")
	keyA, _ := sign.GenerateKey()
	signerA, _ := sign.NewSigner(keyA, sign.WithFormat(sign.FormatLegacy)) // the tamper below swaps .sig tags
	keyB, _ := sign.GenerateKey()
	verifierB, _ := sign.NewVerifier(keyB.PublicPEM())
	tgt, err := local.New("production", local.WithWorkDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer tgt.Close()

	// Production trusts only key B; the image is signed with key A.
	env := &greenlight.Environment{Name: "production", Target: tgt, Verifier: verifierB}
	rep, err := greenlight.Run(context.Background(), func(p *greenlight.P) {
		p.DeployStaging(p.Sign(img, signerA), p.Env("production"))
	}, greenlight.WithEnvironments(env))
	if err == nil || !strings.Contains(rep.Error, "refusing to deploy") || !strings.Contains(rep.Error, "not made by key "+verifierB.KeyID()) {
		t.Fatalf("other key: %v", err)
	}
	if st, _ := tgt.State(context.Background()); st.Stable != nil || st.Canary != nil {
		t.Fatal("something was deployed")
	}

	// Tamper between Sign and deploy: the signature tag of img is replaced with the signature
	// of another image.
	env.Verifier = nil
	rep, err = greenlight.Run(context.Background(), func(p *greenlight.P) {
		s := p.Sign(img, signerA)
		p.Sign(other, signerA)
		p.Stage("tamper", func(*greenlight.Stage) error {
			src, _ := sign.SigTag(other)
			dst, _ := sign.SigTag(img)
			si, err := remote.Image(src)
			if err != nil {
				return err
			}
			return remote.Write(dst, si)
		})
		p.DeployStaging(s, p.Env("production"))
	}, greenlight.WithEnvironments(env))
	if err == nil || !strings.Contains(rep.Error, "signs "+other.Digest()) || !strings.Contains(rep.Error, "nothing was deployed") {
		t.Fatalf("tampered signature: %v", err)
	}
	if st, _ := tgt.State(context.Background()); st.Stable != nil {
		t.Fatal("something was deployed")
	}
}

// Issue 12: --rate 0 silently meant 250.
func TestDemoRefusesARateBelowOne(t *testing.T) {
	for _, rate := range []int{0, -5} {
		_, err := Run(context.Background(), Options{Out: io.Discard, ServiceDir: testutil.HelloDir(), Rate: rate})
		if err == nil || !strings.Contains(err.Error(), "at least 1 request per second") {
			t.Errorf("rate %d: %v", rate, err)
		}
	}
}

// Issue 12: with a low-traffic service (5 req/s) the canary failed every release with "not
// enough data". The good release must be promoted and the bad one rolled back, as at 250 req/s.
func TestDemoAtFiveRequestsPerSecond(t *testing.T) {
	if testing.Short() {
		t.Skip("about two minutes of live traffic at 5 req/s")
	}
	var out strings.Builder
	sum, err := Run(context.Background(), Options{Out: &out, ServiceDir: testutil.HelloDir(), Rate: 5, Quiet: true})
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	good, bad := sum.Releases[1], sum.Releases[2]
	if sum.FinalStable != good.Digest || len(good.Report.Verdicts) != 4 { // three steps and the bake
		t.Errorf("good release: stable %s, verdicts %+v", sum.FinalStable, good.Report.Verdicts)
	}
	for _, v := range good.Report.Verdicts {
		if v.Outcome != analysis.Pass || v.Evidence == nil || v.Evidence.CanaryRequests < 30 {
			t.Errorf("good release verdict %s %q", v.Outcome, v.Reason)
		}
	}
	if len(bad.Report.Rollbacks) != 1 || strings.Contains(bad.Report.Rollbacks[0].Reason, "not enough data") {
		t.Errorf("bad release: rollbacks %+v", bad.Report.Rollbacks)
	}
}
