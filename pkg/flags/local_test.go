package flags_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/loadgen"
	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/flags"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/local"
	"github.com/greenlight-cd/greenlight/pkg/sign"
)

// The way users run it: the sample service built into signed images, the local target, live
// traffic. A version that fails 30 % of its requests is dark-launched: the judge catches it on
// mirrored requests while the clients see not one failure, and it is stopped.
func TestDarkLaunchOnLocalTarget(t *testing.T) {
	reg := testutil.Registry(t)
	v1 := testutil.BuildHello(t, reg.Repo("acme/hello"), "v1", "")
	bad := testutil.BuildHello(t, reg.Repo("acme/hello"), "v3", "-X main.failPercent=30")
	tgt, err := local.New("production", local.WithWorkDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer tgt.Close()
	env := &greenlight.Environment{Name: "production", Target: tgt}
	key, _ := sign.GenerateKey()
	signer, _ := sign.NewSigner(key)
	if _, err := greenlight.Run(context.Background(), func(p *greenlight.P) {
		p.Canary(p.Sign(v1, signer), env, greenlight.CanaryPlan{Steps: []int{100}})
	}, greenlight.WithEnvironments(env)); err != nil {
		t.Fatal(err)
	}
	gen := loadgen.Start(tgt.URL(), 300)
	rep, err := greenlight.Run(context.Background(), func(p *greenlight.P) {
		flags.DarkLaunch(p, p.Sign(bad, signer), env, flags.RouterMirror(tgt.Router()),
			flags.DarkPlan{Percent: 50, Interval: 100 * time.Millisecond, MaxWait: 30 * time.Second, Judge: analysis.Compare{MinRequests: 100}})
	}, greenlight.WithEnvironments(env))
	st := gen.Stop()
	if err == nil || !strings.Contains(rep.Stage("dark-launch production").Error, "failed on mirrored traffic") {
		t.Fatalf("%v %+v", err, rep.Stages)
	}
	if st.Failed() != 0 || st.ByVersion["v3"] != 0 || st.ByVersion["v1"] == 0 {
		t.Fatalf("clients: %d failed, by version %v", st.Failed(), st.ByVersion)
	}
	now, _ := tgt.State(context.Background())
	if now.Stable == nil || now.Stable.Image.Digest() != v1.Digest() || now.Canary != nil {
		t.Fatalf("state after the dark launch: %+v", now)
	}
	if w := tgt.Router().Weights(); len(w) != 1 {
		t.Fatalf("weights %v", w)
	}
}
