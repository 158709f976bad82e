package prometheus_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/promtest"
	"github.com/greenlight-cd/greenlight/pkg/prometheus"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
)

// Issue 23: podinfo labels the status "status"; read with "code", the error query matched
// nothing and a canary failing 30 % of its requests passed. The preflight refuses it before
// any traffic moves, naming the query, what came back and the fix.
func TestStatusLabelMismatchRefusedBeforeTrafficMoves(t *testing.T) {
	w := newWorld(t, promtest.Podinfo, prometheus.PromHTTP)
	v1, v2 := w.v1.Short(), w.v2.Short()
	w.exp.Generate(t, v1, v2, 30)
	time.Sleep(2 * time.Second)
	before := w.log(t)
	rep, err := w.release(w.v2)
	if err == nil || rep.Status != runlog.Failed {
		t.Fatalf("the canary was not refused: %v %s %q", err, rep.Status, rep.Error)
	}
	for _, want := range []string{"metrics preflight for production failed, nothing moved", `count by (code) (last_over_time(http_requests_total{revision="` + v1 + `"}[60s]))`,
		"returned series without the label code", "set Contract.StatusLabel", "status holds it in the podinfo contract"} {
		if !strings.Contains(rep.Error, want) {
			t.Errorf("error %q lacks %q", rep.Error, want)
		}
	}
	if strings.Count(rep.Error, "\n") > 0 {
		t.Errorf("not one line: %q", rep.Error)
	}
	if after := w.log(t); len(after) != len(before) || len(rep.Moves) != 0 {
		t.Errorf("traffic moved: %v (was %v), moves %+v", after, before, rep.Moves)
	}
}

// Issue 23 §2: a canary pod without the revision label serves, its series lack the label, and
// the step fails saying so; never a pass, never "low traffic".
func TestPodWithoutRevisionLabelFailsTheStep(t *testing.T) {
	w := newWorld(t, promtest.PromHTTP, prometheus.PromHTTP)
	w.exp.Generate(t, w.v1.Short(), "", 0) // the canary's requests are counted without revision
	time.Sleep(2 * time.Second)
	rep, err := w.release(w.v2)
	if err == nil || len(rep.Rollbacks) != 1 || !strings.Contains(rep.Error, "no metrics for revision "+w.v2.Short()+": the stable revision served") ||
		!strings.Contains(rep.Error, "make its requests carry its revision") {
		t.Fatalf("%v %q", err, rep.Error)
	}
	st, _ := w.env.Target.State(context.Background())
	if st.Stable == nil || st.Stable.ID != w.v1.Short() || st.Canary != nil {
		t.Errorf("after the failed step: %+v", st)
	}
}
