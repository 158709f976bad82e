package github

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

var update = flag.Bool("update", false, "rewrite testdata/records_wire.golden")

// wire records what a client writes to GitHub: every POST, its path and its body with its keys
// in order.
type wire struct {
	mu     sync.Mutex
	writes []string
}

func (w *wire) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	w.mu.Lock()
	if r.Method != http.MethodGet {
		var v any
		if json.Unmarshal(body, &v) == nil {
			body, _ = json.Marshal(v) // sorted keys: the order go-github writes them in does not matter
		}
		w.writes = append(w.writes, r.Method+" "+r.URL.Path+" "+string(body))
	}
	w.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

// Every kind of record Greenlight keeps in GitHub Deployments is written exactly as the golden
// file says: the same tasks, payloads, environments, statuses and descriptions. A refactor of
// the store must not change a byte of it (go test -run TestRecordsOnTheWire -update rewrites
// it after a deliberate change).
func TestRecordsOnTheWire(t *testing.T) {
	f := githubfake.New(sha(1), sha(2))
	t.Cleanup(f.Close)
	f.Token(tok, githubfake.AllPermissions)
	f.App(tok, "acme-greenlight")
	f.Token("ghp_ann", githubfake.AllPermissions)
	f.Login("ghp_ann", "ann")
	f.Check(sha(1), "test", "success")
	f.Check(sha(2), "test", "success")
	w := &wire{}
	hc := &http.Client{Transport: w}
	c, err := New(tok, "acme/hello", WithBaseURL(f.URL), WithHTTPClient(hc), WithApp(githubfake.AppID("acme-greenlight")))
	if err != nil {
		t.Fatal(err)
	}
	ann, err := New("ghp_ann", "acme/hello", WithBaseURL(f.URL), WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	at := time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	// Deploys: begun, finished, a rollback through a lock, reconciled.
	l := c.Ledger("https://github.com/acme/hello/actions/runs/7", "production")
	img1, _ := oci.NewImage("ghcr.io/acme/hello", dig(1), "")
	img2, _ := oci.NewImage("ghcr.io/acme/hello", dig(2), "")
	src := runlog.Source{Commit: sha(1), Ref: "refs/heads/main", Author: "ann", Trigger: "push"}
	e, err := l.Begin(ctx, "production", img1, oci.Signature{Ref: "ghcr.io/acme/hello:sig"}, src, "canary")
	must(err)
	must(e.Finish(ctx, runlog.Passed, "https://hello.example", "live"))
	e, err = l.Begin(ctx, "production", img2, oci.Signature{}, runlog.Source{Commit: sha(2), Ref: "refs/heads/main", Author: "bob", RequestedBy: "carol"}, "canary")
	must(err)
	must(e.Finish(ctx, runlog.Failed, "", "rolled back"))
	_, err = c.LockEnv(ctx, "production", "main", "ann", "incident 42")
	must(err)
	if ok, _, err := l.Admit(ctx, greenlight.Move{Env: "production", Kind: greenlight.MoveRollback}); !ok || err != nil {
		t.Fatal("a rollback through a lock was refused", err)
	}
	e, err = l.Begin(ctx, "production", img1, oci.Signature{}, src, "rollback")
	must(err)
	must(e.Finish(ctx, runlog.Cancelled, "", "cancelled"))
	must(c.Unlock(ctx, "production", "ann"))
	_, err = c.Begin(ctx, "staging", sha(2), "refs/heads/main", Payload{Image: img2.String(), Digest: dig(2)}, false)
	must(err)
	_, err = c.Begin(ctx, "staging", sha(1), "refs/heads/main", Payload{Image: img1.String(), Digest: dig(1)}, false)
	must(err)
	fixed, err := l.Reconcile(ctx, "staging", greenlight.State{Stable: &greenlight.Revision{Image: img2}})
	must(err)
	if len(fixed) != 2 {
		t.Fatalf("reconciled %q", fixed)
	}

	// A claim on an environment, taken and let go.
	release, err := l.Claim(ctx, greenlight.Move{Env: "production", Source: src}, runlog.Discard)
	must(err)
	release()

	// A feature flag's release: a step, and one turned off.
	must(l.RecordRelease(ctx, runlog.ReleaseRecord{Env: "production", Flag: "new-checkout", From: 0, Percent: 10, Outcome: runlog.Passed, Reason: "step", Image: img1}, src))
	must(l.RecordRelease(ctx, runlog.ReleaseRecord{Env: "production", Flag: "new-checkout", From: 10, Percent: 0, Outcome: runlog.Failed, Reason: "errors"}, runlog.Source{RequestedBy: "carol"}))

	// Held releases, resumed: one dispatched, one whose dispatch failed.
	holds := c.Holds("main")
	until := at.Add(time.Hour)
	h1 := heldAt("production", dig(1), &until)
	h1.At = at
	h2 := heldAt("staging", dig(2), nil)
	h2.At = at
	must(holds.RecordHold(ctx, h1))
	must(holds.RecordHold(ctx, h2))
	hs, err := holds.Latest(ctx)
	must(err)
	for i, h := range hs {
		r, first, err := holds.Resume(ctx, h, "due", at)
		must(err)
		if !first {
			t.Fatal("not first")
		}
		if i == 0 {
			must(holds.Done(ctx, h, r, "https://github.com/acme/hello/actions/runs/8", nil))
		} else {
			must(holds.Done(ctx, h, r, "", fmt.Errorf("dispatch refused")))
		}
	}

	// Decisions: recorded by the bot, cast for a quorum, one's own, and a forged one voided.
	dec := func(who string, approved bool) approval.Decision {
		return approval.Decision{Approved: approved, By: "U" + who, Identity: who, Via: "slack", Env: "production", Digest: dig(2), At: at}
	}
	ds := c.Decisions("main")
	_, _, err = ds.Record(ctx, dec("bob", true))
	must(err)
	_, err = ds.Cast(ctx, dec("erin", false))
	must(err)
	_, _, err = ann.Decisions("main").RecordOwn(ctx, approval.Decision{Approved: true, By: "ann", Via: "cli", Env: "staging", Digest: dig(1), At: at})
	must(err)
	if _, _, err := ann.Decisions("main").Record(ctx, approval.Decision{Approved: true, By: "carol", Env: "staging", Digest: dig(2), At: at}); err == nil {
		t.Fatal("ann recorded carol's decision")
	}

	// The audit trail, with and without an environment.
	must(c.Audit(ctx, "main", AuditEntry{Time: at, Via: "slack", User: "U1", Identity: "bob", Action: "rollback production", Env: "production", Outcome: "done", RunURL: "https://github.com/acme/hello/actions/runs/9"}))
	must(c.Audit(ctx, "", AuditEntry{Time: at, Via: "slack", User: "U2", Action: "status", Outcome: "refused", Reason: "not allowed"}))

	// Reading everything back writes nothing.
	before := len(w.writes)
	_, err = c.AuditLog(ctx, "production", 0)
	must(err)
	_, _, err = l.Origin(ctx, "production", img1, "")
	must(err)
	_, err = c.Deployments(ctx, "", time.Time{})
	must(err)
	_, err = c.LockOf(ctx, "production")
	must(err)
	if len(w.writes) != before {
		t.Errorf("reads wrote %q", w.writes[before:])
	}

	got := strings.Join(w.writes, "\n") + "\n"
	golden := filepath.Join("testdata", "records_wire.golden")
	if *update {
		must(os.MkdirAll("testdata", 0o755))
		must(os.WriteFile(golden, []byte(got), 0o644))
	}
	want, err := os.ReadFile(golden)
	must(err)
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("write %d differs from %s:\n got %s\nwant %s", i+1, golden, g, w)
			}
		}
	}
}
