package demo

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/build"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/local"
	"github.com/greenlight-cd/greenlight/pkg/registry"
	"github.com/greenlight-cd/greenlight/pkg/sign"
)

func TestMain(m *testing.M) {
	if os.Getenv("GREENLIGHT_TEST_CHILD") == "sigint" {
		os.Exit(sigintChild())
	}
	os.Exit(m.Run())
}

type childResult struct {
	Exit          int            `json:"exit"`
	Weights       map[string]int `json:"weights"`
	Stable        string         `json:"stable"`
	CanaryURL     string         `json:"canary_url"`
	CanaryRunning bool           `json:"canary_running"`
}

// sigintChild deploys v1, then runs a canary of v2 under greenlight.MainArgs (real signal
// handling) that waits at 10% until the parent sends SIGINT; then it reports the state.
func sigintChild() int {
	reg, err := registry.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	defer reg.Close()
	var imgs []oci.Image
	for _, v := range []string{"v1", "v2"} {
		img, err := build.Go{Dir: testutil.HelloDir(), Repo: reg.Repo("acme/hello"), Ldflags: "-X main.version=" + v}.Build(context.Background(), nopLog{})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 3
		}
		imgs = append(imgs, img)
	}
	v1, v2 := imgs[0], imgs[1]
	key, _ := sign.GenerateKey()
	signer, _ := sign.NewSigner(key)
	tgt, err := local.New("production")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	defer tgt.Close()
	env := &greenlight.Environment{Name: "production", Target: tgt}
	if _, err = greenlight.Run(context.Background(), func(p *greenlight.P) {
		p.Promote(p.Sign(v1, signer), p.Env("production"))
	}, greenlight.WithEnvironments(env)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	var canaryURL string
	code := greenlight.MainArgs(nil, os.Stderr, func(p *greenlight.P) {
		rev := p.Canary(p.Sign(v2, signer), p.Env("production"), greenlight.CanaryPlan{Steps: []int{10, 100}, MaxWait: time.Hour})
		canaryURL = rev.URL
	}, greenlight.WithEnvironments(env), greenlight.WithSink(runlog.SinkFunc(func(e runlog.Event) {
		if e.Kind == runlog.TrafficShifted {
			st, _ := tgt.State(context.Background())
			if st.Canary != nil {
				canaryURL = st.Canary.URL
			}
			fmt.Fprintf(os.Stderr, "READY canary at %d%%\n", e.Weight)
		}
	})))
	st, _ := tgt.State(context.Background())
	res := childResult{Exit: code, Weights: tgt.Router().Weights(), CanaryURL: canaryURL}
	if st.Stable != nil {
		res.Stable = st.Stable.ID
	}
	if resp, err := http.Get(canaryURL + "/healthz"); err == nil {
		resp.Body.Close()
		res.CanaryRunning = true
	}
	b, _ := json.Marshal(res)
	fmt.Printf("RESULT %s\n", b)
	return 0
}

func TestSIGINTMidCanaryReturnsTrafficToStable(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GREENLIGHT_TEST_CHILD=sigint")
	stderr, _ := cmd.StderrPipe()
	var stdout strings.Builder
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{})
	var log strings.Builder
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
			if strings.HasPrefix(sc.Text(), "READY canary at 10%") {
				close(ready)
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		t.Fatalf("the canary never reached 10%%:\n%s", log.String())
	}
	time.Sleep(300 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGINT)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child: %v\n%s", err, log.String())
	}
	line := stdout.String()[strings.Index(stdout.String(), "RESULT ")+7:]
	var res childResult
	if err := json.Unmarshal([]byte(strings.TrimSpace(line)), &res); err != nil {
		t.Fatalf("%v: %q", err, stdout.String())
	}
	if res.Exit != 130 {
		t.Errorf("exit status %d, want 130 (cancelled)", res.Exit)
	}
	if len(res.Weights) != 1 || res.Weights[res.Stable] != 100 {
		t.Errorf("after SIGINT the weights are %v, want 100%% on stable %s", res.Weights, res.Stable)
	}
	if res.CanaryRunning {
		t.Error("the canary is still running after SIGINT")
	}
	if !strings.Contains(log.String(), "↺ rollback production") || !strings.Contains(log.String(), "cancelled") {
		t.Errorf("the console did not say that the canary was rolled back:\n%s", log.String())
	}
}

type nopLog struct{}

func (nopLog) Logf(string, ...any) {}
