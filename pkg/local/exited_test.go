package local

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/testutil"
)

// A warm previous revision whose process died on its own is not "running": a rollback starts it
// again, health-checked, instead of switching traffic to a dead port.
func TestRollbackToAWarmRevisionThatDiedRestartsIt(t *testing.T) {
	reg := testutil.Registry(t)
	v1 := signed(t, testutil.BuildHello(t, reg.Repo("acme/hello"), "v1", ""))
	v2 := signed(t, testutil.BuildHello(t, reg.Repo("acme/hello"), "v2", ""))
	tgt := newTarget(t)
	ctx := context.Background()
	r1, err := tgt.Start(ctx, v1)
	if err != nil {
		t.Fatal(err)
	}
	tgt.Promote(ctx, r1)
	r2, _ := tgt.Start(ctx, v2)
	tgt.Promote(ctx, r2)
	tgt.mu.Lock()
	prev := tgt.previous
	tgt.mu.Unlock()
	prev.cmd.Process.Kill()
	<-prev.exited
	if st, _ := tgt.State(ctx); st.PreviousWarm {
		t.Error("State says the previous revision is warm, and its process has exited")
	}
	if _, err := tgt.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if got := body(t, tgt.URL()); got != "hello from v1\n" {
		t.Fatalf("after rolling back to a revision whose process had died: %q", got)
	}
}

// A revision whose process exits while its health is awaited fails at once, with the last
// lines of its log, long before the health timeout.
func TestHealthCheckOfAnExitedProcessFailsAtOnce(t *testing.T) {
	reg := testutil.Registry(t)
	crash := signed(t, testutil.BuildHello(t, reg.Repo("acme/hello"), "crash", "-X main.failPercent=oops"))
	tgt := newTarget(t, WithHealth("/healthz", time.Hour))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, err := tgt.Start(ctx, crash)
	if err == nil || !strings.Contains(err.Error(), "exited before becoming healthy") || !strings.Contains(err.Error(), `invalid failPercent "oops"`) {
		t.Fatalf("a crashing revision: %v", err)
	}
	if ctx.Err() != nil {
		t.Fatal("waited for the health timeout")
	}
}
